package labs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"awstutor/tfrun"
)

// backupTimeFormat stamps backup directories in UTC, sortable by name.
const backupTimeFormat = "20060102T150405Z"

// isConfigFile reports whether a workspace file is part of the learner's
// Terraform configuration, which reset replaces. State, the plan, the lock
// and anything else the learner keeps there are left alone.
func isConfigFile(name string) bool {
	if name == tfrun.OverrideFile {
		return false
	}
	for _, ext := range []string{".tf", ".tf.json", ".tfvars", ".tfvars.json"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// skipInBackup lists what a backup leaves out: provider binaries (large,
// re-downloadable), the lock, the generated override, the saved plan, and
// the state, which stays in the workspace and must never be restored from
// an old copy (that would lose track of live resources).
func skipInBackup(rel string, isDir bool) bool {
	if isDir {
		return rel == ".terraform"
	}
	switch rel {
	case tfrun.LockFile, tfrun.OverrideFile, tfrun.PlanFile,
		tfrun.StateFile, tfrun.StateFile + ".backup":
		return true
	}
	return strings.HasPrefix(rel, ".terraform.tfstate") // lock info files
}

// createFromStarter makes dir from the lab's starter files if it does not
// exist yet. The copy is assembled in a temporary directory and renamed
// into place, so a crash never leaves a half-made workspace that would then
// count as the learner's. It reports whether it created the workspace.
func createFromStarter(lab *Lab, dir string) (bool, error) {
	if _, err := os.Stat(dir); err == nil {
		return false, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("open workspace: %w", err)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return false, fmt.Errorf("create workspaces directory: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return false, fmt.Errorf("create workspace: %w", err)
	}
	if err := copyTree(lab.Starter(), tmp); err != nil {
		os.RemoveAll(tmp)
		return false, fmt.Errorf("copy starter files: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		if _, statErr := os.Stat(dir); statErr == nil {
			return false, nil // another process made it first; theirs stands
		}
		return false, fmt.Errorf("create workspace: %w", err)
	}
	return true, nil
}

// copyTree copies every file in fsys into dst, overwriting files of the
// same name. Directories are made 0700 and files 0600: the state dir
// is private to the learner.
func copyTree(fsys fs.FS, dst string) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dst, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(fsys, p, target)
	})
}

// copyFile copies one file out of fsys to target, replacing target.
func copyFile(fsys fs.FS, name, target string) error {
	src, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-")
	if err != nil {
		return err
	}
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), target)
}

// backupWorkspace copies the learner's files in dir to a dated directory
// beside it (<lab>.backup-20261128T174500Z) and returns its path.
func backupWorkspace(dir string, now time.Time) (string, error) {
	base := fmt.Sprintf("%s.backup-%s", dir, now.UTC().Format(backupTimeFormat))
	backup := base
	for i := 2; ; i++ {
		err := os.Mkdir(backup, 0o700)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("create backup: %w", err)
		}
		backup = fmt.Sprintf("%s-%d", base, i)
	}
	src := os.DirFS(dir)
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		if skipInBackup(p, d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		target := filepath.Join(backup, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(src, p, target)
	})
	if err != nil {
		return "", fmt.Errorf("back up workspace to %s: %w", backup, err)
	}
	return backup, nil
}

// removeConfig deletes the top-level configuration files of dir, so files
// the learner added do not linger after a reset.
func removeConfig(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("list workspace: %w", err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() && isConfigFile(e.Name()) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return fmt.Errorf("remove %s: %w", e.Name(), err)
			}
		}
	}
	return nil
}

// solutionFiles returns the solution/ files `solve --step` copies: those of
// every step up to and including step, in step order without repeats.
func solutionFiles(lab *Lab, step string) ([]string, error) {
	_, idx, ok := lab.Step(step)
	if !ok {
		ids := make([]string, len(lab.Steps))
		for i, s := range lab.Steps {
			ids[i] = s.ID
		}
		return nil, fmt.Errorf("lab %s has no step %q: its steps are %s", lab.ID, step, strings.Join(ids, ", "))
	}
	seen := map[string]bool{}
	var files []string
	for _, s := range lab.Steps[:idx+1] {
		for _, f := range s.Solution {
			f = path.Clean(f)
			if !seen[f] {
				seen[f] = true
				files = append(files, f)
			}
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("lab %s lists no solution files up to step %s: run solve without --step to copy the whole solution", lab.ID, step)
	}
	return files, nil
}
