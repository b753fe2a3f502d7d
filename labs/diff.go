package labs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// SolutionDiff shows how the learner's workspace differs from the lab's
// solution, as a unified diff per configuration file ("--- workspace/x.tf
// +++ solution/x.tf"). A file only in one of them shows as wholly added or
// removed. An empty result means the workspace matches the solution. The
// workspace is only read.
func SolutionDiff(lab *Lab, workspace string) (string, error) {
	names := map[string]bool{}
	sol := lab.Solution()
	err := fs.WalkDir(sol, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isConfigFile(d.Name()) {
			names[p] = true
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("diff lab %s: read solution: %w", lab.ID, err)
	}
	err = filepath.WalkDir(workspace, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(workspace, p)
		if d.IsDir() {
			if rel != "." && skipInBackup(filepath.ToSlash(rel), true) {
				return fs.SkipDir
			}
			return nil
		}
		if isConfigFile(d.Name()) {
			names[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("diff lab %s: read workspace: %w", lab.ID, err)
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	slices.Sort(sorted)
	var b strings.Builder
	for _, n := range sorted {
		mine, err := os.ReadFile(filepath.Join(workspace, filepath.FromSlash(n)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("diff lab %s: %w", lab.ID, err)
		}
		want, err := fs.ReadFile(sol, n)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("diff lab %s: %w", lab.ID, err)
		}
		b.WriteString(udiff.Unified("workspace/"+n, "solution/"+n, string(mine), string(want)))
	}
	return b.String(), nil
}
