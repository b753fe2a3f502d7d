package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"awstutor/class"
	"awstutor/pricing"
	"awstutor/progress"
	"awstutor/tfrun"
)

// deskLab is one lab workspace as status and report see it: the lab run
// progress recorded for it, if any, and what its state file says is
// deployed. It is read from disk only: no terraform, no AWS, no sandbox,
// no lock.
type deskLab struct {
	Target, Lab, Dir string
	// Run is the last run progress recorded; HasRun is false for a
	// workspace found on disk that progress does not know (a run that
	// crashed before it was recorded).
	Run    progress.LabRun
	HasRun bool
	// Deployed is the state file's content.
	Deployed tfrun.Deployed
	// Err is why the state could not be read; Deployed is empty then.
	Err error
}

// Live reports whether the state records resources.
func (w deskLab) Live() bool { return len(w.Deployed.Resources) > 0 }

// Simulated reports whether the workspace runs against the sandbox, whose
// costs are what the same resources would cost on AWS.
func (w deskLab) Simulated() bool { return w.Target == "sandbox" }

// AppliedAt is when the deployed resources came into being, zero when
// nobody recorded it.
func (w deskLab) AppliedAt() time.Time {
	if w.HasRun && w.Run.Resources > 0 {
		return w.Run.AppliedAt
	}
	return time.Time{}
}

// deskState is everything status and report read: the progress record and
// every lab workspace known to it or present under the state dir.
type deskState struct {
	Progress   progress.State
	Workspaces []deskLab
}

// errNoStateDir means awstutor has never run with this state dir, so there
// is nothing to report; status --short prints nothing for it.
var errNoStateDir = errors.New("state dir does not exist")

// loadDesk reads progress.json and the state file of every workspace. It
// never creates the state dir: a shell prompt must not leave one behind.
// A damaged progress.json is set aside by the progress store as usual and
// the fresh state is used; quiet suppresses the notice for prompts.
func (o *Options) loadDesk(ctx context.Context, quiet bool) (deskState, error) {
	if info, err := os.Stat(o.StateDir); errors.Is(err, fs.ErrNotExist) {
		return deskState{Progress: progress.NewState()}, errNoStateDir
	} else if err != nil {
		return deskState{}, fmt.Errorf("read state dir: %w", err)
	} else if !info.IsDir() {
		return deskState{}, fmt.Errorf("state dir %s is not a directory", o.StateDir)
	}
	store, err := progress.Open(o.StateDir)
	if err != nil {
		return deskState{}, err
	}
	st, err := store.Load(ctx)
	var corrupt *progress.CorruptError
	if errors.As(err, &corrupt) {
		if !quiet {
			fmt.Fprintf(o.stderr, "awstutor: %s\n", corrupt)
		}
		err = nil
	}
	if err != nil {
		return deskState{}, err
	}
	return deskState{Progress: st, Workspaces: scanWorkspaces(o.StateDir, st, o.Region)}, nil
}

// scanWorkspaces reads the state of every workspace progress records and
// of every workspace under stateDir/workspaces/<target>/<lab>. Reading the
// directory too, not only progress, matters because a run killed between
// terraform's apply and the record leaves resources that progress does not
// know of; reading a dozen small files costs well under a millisecond.
func scanWorkspaces(stateDir string, st progress.State, region string) []deskLab {
	byDir := map[string]*deskLab{}
	var order []string
	add := func(w deskLab) {
		dir := filepath.Clean(w.Dir)
		if prev, ok := byDir[dir]; ok {
			if w.HasRun && !prev.HasRun {
				prev.Run, prev.HasRun = w.Run, true
			}
			return
		}
		w.Dir = dir
		byDir[dir] = &w
		order = append(order, dir)
	}
	for _, run := range st.Labs {
		if run.Workspace != "" {
			add(deskLab{Target: run.Target, Lab: run.Lab, Dir: run.Workspace, Run: run, HasRun: true})
		}
	}
	// Glob only fails on a malformed pattern, and this one is fixed.
	states, _ := filepath.Glob(filepath.Join(stateDir, "workspaces", "*", "*", tfrun.StateFile))
	for _, path := range states {
		dir := filepath.Dir(path)
		add(deskLab{Target: filepath.Base(filepath.Dir(dir)), Lab: filepath.Base(dir), Dir: dir})
	}
	out := make([]deskLab, 0, len(order))
	for _, dir := range order {
		w := byDir[dir]
		w.Deployed, w.Err = tfrun.ReadDeployed(filepath.Join(dir, tfrun.StateFile), region)
		if w.Err != nil {
			w.Err = fmt.Errorf("lab %s (%s): %w", w.Lab, w.Target, w.Err)
		}
		out = append(out, *w)
	}
	slices.SortFunc(out, func(a, b deskLab) int {
		return cmp.Or(cmp.Compare(a.Target, b.Target), cmp.Compare(a.Lab, b.Lab), cmp.Compare(a.Dir, b.Dir))
	})
	return out
}

// timetable is the class timetable with the configured start time.
func (o *Options) timetable() (class.Timetable, error) {
	t := class.Default()
	if o.Config.ClassStart == "" {
		return t, nil
	}
	t, err := t.ParseStart(o.Config.ClassStart)
	if err != nil {
		return t, fmt.Errorf("config file %s: %w", o.ConfigPath, err)
	}
	return t, nil
}

// price reads the cost meter over the workspace's deployed resources, each
// dated from the lab's applied_at so the meter's accrual is the lab's.
func (w deskLab) price(opts pricing.MeterOptions) (pricing.Reading, error) {
	rs := slices.Clone(w.Deployed.Resources)
	at := w.AppliedAt()
	for i := range rs {
		rs[i].CreatedAt = at
	}
	m, err := pricing.NewMeter(rs, opts)
	if err != nil {
		return pricing.Reading{}, fmt.Errorf("price lab %s: %w", w.Lab, err)
	}
	return m.Tick(), nil
}

// promptRate formats dollars per hour for one line of text: to the cent, with
// "<$0.01/h" for a rate too small for cents, which must not read as free.
func promptRate(h decimal.Decimal) string {
	switch {
	case h.IsZero():
		return "$0.00/h"
	case h.LessThan(decimal.New(1, -2)):
		return "<$0.01/h"
	}
	return "$" + h.StringFixed(2) + "/h"
}

// deskDollars formats an amount to the hundredth of a cent, as the cost table's
// totals are.
func deskDollars(d decimal.Decimal) string { return "$" + d.StringFixed(4) }
