package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"awstutor/cloud"
	"awstutor/labs"
	"awstutor/progress"
	"awstutor/tfrun"
)

// LabCatalog returns the built-in labs, with the labs in --labs-dir added
// over them (a lab there replaces the built-in one with the same id).
func (o *Options) LabCatalog() (*labs.Catalog, error) {
	if o.LabsDir == "" {
		return labs.Embedded()
	}
	if st, err := os.Stat(o.LabsDir); err != nil || !st.IsDir() {
		return nil, usageError("--labs-dir %s is not a directory", o.LabsDir)
	}
	return labs.Load(labs.Content(), os.DirFS(o.LabsDir))
}

// LabManager builds the lab manager for the current target, for work that
// runs no Terraform operation of its own: status, outputs, reset, solve.
// It never starts the sandbox; it uses --endpoint or the sandbox that is
// already running. Terraform is looked up (--terraform, then
// $AWSTUTOR_TERRAFORM, then PATH) but may be missing: only reading the
// outputs of a lab that has state needs it, and that then fails with the
// sentence saying how to install it.
func (o *Options) LabManager(ctx context.Context) (*labs.Manager, error) {
	cat, err := o.LabCatalog()
	if err != nil {
		return nil, err
	}
	endpoint := o.runningSandbox(ctx)
	bin, _ := tfrun.Find(ctx, tfrun.FindOptions{Path: o.Terraform})
	return o.newLabManager(cat, bin, endpoint)
}

// LabManagerFor builds the lab manager for running op (plan, apply or
// destroy) on the lab. Terraform must be found. In the sandbox target
// without --endpoint it starts awstutor's sandbox, or reuses the one
// running, but only when the lab needs it: a lab whose configuration uses
// no AWS resource (or, for a destroy, has nothing deployed) runs without
// the emulator. Starting it prints one line on stderr.
func (o *Options) LabManagerFor(ctx context.Context, labID string, op labs.Op) (*labs.Manager, error) {
	cat, err := o.LabCatalog()
	if err != nil {
		return nil, err
	}
	lab, err := cat.Lab(labID)
	if err != nil {
		return nil, err
	}
	bin, err := tfrun.Find(ctx, tfrun.FindOptions{Path: o.Terraform})
	if err != nil {
		return nil, err
	}
	endpoint := o.runningSandbox(ctx)
	m, err := o.newLabManager(cat, bin, endpoint)
	if err != nil || endpoint != "" || o.Target != labs.TargetSandbox {
		return m, err
	}
	need, err := needsEmulator(m, lab, op)
	if err != nil || !need {
		return m, err
	}
	if endpoint, err = o.startSandbox(ctx); err != nil {
		return nil, err
	}
	return o.newLabManager(cat, bin, endpoint)
}

func (o *Options) newLabManager(cat *labs.Catalog, bin tfrun.Binary, endpoint string) (*labs.Manager, error) {
	store, err := progress.Open(o.StateDir)
	if err != nil {
		return nil, err
	}
	return labs.NewManager(labs.ManagerOptions{
		StateDir:  o.StateDir,
		Target:    o.Target,
		Endpoint:  endpoint,
		Region:    o.Region,
		Catalog:   cat,
		Terraform: bin,
		Recorder:  NewProgressRecorder(store),
		Log:       appendLog{path: filepath.Join(o.StateDir, "logs", "awstutor.log")},
	})
}

// runningSandbox returns the emulator endpoint to give the manager without
// starting anything: --endpoint, else the sandbox already running, else
// "". A sandbox that cannot even be asked (an unsupported OS) counts as
// not running: the operations that need it say so themselves.
func (o *Options) runningSandbox(ctx context.Context) string {
	if o.Target != labs.TargetSandbox {
		return ""
	}
	if o.Endpoint != "" {
		return o.Endpoint
	}
	sb, err := cloud.NewSandbox(o.StateDir)
	if err != nil {
		return ""
	}
	st, err := sb.Status(ctx)
	if err != nil || !st.Running {
		return ""
	}
	return st.Endpoint
}

// startSandbox starts awstutor's sandbox (or reuses one that came up since
// runningSandbox looked) and says so on stderr.
func (o *Options) startSandbox(ctx context.Context) (string, error) {
	sb, err := cloud.NewSandbox(o.StateDir)
	if err != nil {
		return "", err
	}
	st, err := sb.Start(ctx, cloud.StartOptions{})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(o.stderr, "started the sandbox at %s\n", st.Endpoint)
	return st.Endpoint, nil
}

// needsEmulator decides, the way labs.Manager does, whether running op on
// the lab needs the emulator: its configuration declares aws_* resources or
// data sources. That is the workspace's configuration once it exists (the
// learner may have added some) and the starter's before. A destroy with
// nothing deployed needs nothing: the manager records it without Terraform.
func needsEmulator(m *labs.Manager, lab *labs.Lab, op labs.Op) (bool, error) {
	dir := m.WorkspaceDir(lab.ID)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if op == labs.OpDestroy {
			return false, nil
		}
		return starterUsesAWS(lab)
	} else if err != nil {
		return false, fmt.Errorf("open workspace of lab %s: %w", lab.ID, err)
	}
	if op == labs.OpDestroy {
		st, err := tfrun.ReadState(dir)
		if err != nil {
			return false, fmt.Errorf("destroy lab %s: %w", lab.ID, err)
		}
		if len(st.Resources) == 0 {
			return false, nil
		}
	}
	types, err := tfrun.AWSTypes(dir)
	if err != nil {
		return false, fmt.Errorf("prepare lab %s: %w", lab.ID, err)
	}
	return len(types) > 0, nil
}

// starterUsesAWS scans a copy of the lab's starter files, so the rule is
// tfrun.AWSTypes's own rather than a second one that could drift from it.
func starterUsesAWS(lab *labs.Lab) (bool, error) {
	tmp, err := os.MkdirTemp("", "awstutor-starter-")
	if err != nil {
		return false, fmt.Errorf("scan starter of lab %s: %w", lab.ID, err)
	}
	defer os.RemoveAll(tmp)
	dst := filepath.Join(tmp, lab.ID)
	if err := os.CopyFS(dst, lab.Starter()); err != nil {
		return false, fmt.Errorf("scan starter of lab %s: %w", lab.ID, err)
	}
	types, err := tfrun.AWSTypes(dst)
	if err != nil {
		return false, fmt.Errorf("scan starter of lab %s: %w", lab.ID, err)
	}
	return len(types) > 0, nil
}

// appendLog is the log file as an io.Writer that opens, appends and closes
// on every write. Terraform writes a few lines per command, so the cost is
// nothing, and no command (nor the TUI) has to remember to close it.
// O_APPEND keeps the concurrent writes of two runners whole.
type appendLog struct {
	path string
}

func (l appendLog) Write(p []byte) (int, error) {
	if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
		return 0, fmt.Errorf("create log dir: %w", err)
	}
	f, err := os.OpenFile(l.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return 0, fmt.Errorf("open log file: %w", err)
	}
	n, err := f.Write(p)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// unknownLab turns the catalogue's "unknown lab" into a usage error that
// lists the valid ids, as `lesson show` does for lessons.
func unknownLab(cat *labs.Catalog, id string) error {
	ids := make([]string, 0, len(cat.Labs()))
	for _, l := range cat.Labs() {
		ids = append(ids, l.ID)
	}
	return usageError("there is no lab %q; valid ids: %s", id, strings.Join(ids, ", "))
}
