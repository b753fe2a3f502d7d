package cli

import (
	"context"
	"errors"

	"awstutor/labs"
	"awstutor/progress"
)

// progressRecorder keeps lab runs in progress.json, so the lab's state
// survives the process and `awstutor progress`, cleanup and the cost meter
// see the same record the lab commands wrote.
type progressRecorder struct {
	store *progress.Store
}

// NewProgressRecorder returns a labs.Recorder that stores each lab's last
// run in the learner's progress (State.Labs, keyed by progress.LabKey). The
// CLI and the TUI share it, so a run started in one is seen by the other.
func NewProgressRecorder(store *progress.Store) labs.Recorder {
	return &progressRecorder{store: store}
}

// RecordRun implements labs.Recorder.
func (r *progressRecorder) RecordRun(ctx context.Context, run labs.Run) error {
	_, err := r.store.Update(ctx, func(st *progress.State) error {
		st.Labs[progress.LabKey(run.Target, run.Lab)] = progress.LabRun{
			Target:    run.Target,
			Lab:       run.Lab,
			Workspace: run.Workspace,
			LastOp:    string(run.LastOp),
			Result:    string(run.Result),
			AppliedAt: run.AppliedAt,
			UpdatedAt: run.UpdatedAt,
			Resources: run.Resources,
		}
		return nil
	})
	// A damaged progress.json was moved aside and the run saved in a fresh
	// one: the record is written, which is all this method promises. The
	// command that loaded the store first has told the learner.
	var corrupt *progress.CorruptError
	if errors.As(err, &corrupt) {
		return nil
	}
	// The manager names the lab when it logs a failure; the store's error
	// names the file, and File gives it to the sentence the learner reads
	// (labs.RecordError.File).
	if err != nil {
		return &recordSaveError{file: r.store.Path(), err: err}
	}
	return nil
}

// recordSaveError is a run that progress.json could not take.
type recordSaveError struct {
	file string
	err  error
}

func (e *recordSaveError) Error() string { return e.err.Error() }
func (e *recordSaveError) Unwrap() error { return e.err }

// File is progress.json's path.
func (e *recordSaveError) File() string { return e.file }

// LastRun implements labs.Recorder.
func (r *progressRecorder) LastRun(ctx context.Context, target, lab string) (labs.Run, bool, error) {
	st, err := r.store.Load(ctx)
	// As in RecordRun: a damaged file has been set aside and st is the
	// fresh state, which knows no run; the lab's status then comes from
	// its workspace alone, which is what labs.Manager.Status falls back to.
	var corrupt *progress.CorruptError
	if err != nil && !errors.As(err, &corrupt) {
		return labs.Run{}, false, err
	}
	rec, ok := st.Labs[progress.LabKey(target, lab)]
	if !ok {
		return labs.Run{}, false, nil
	}
	return labs.Run{
		Target:    rec.Target,
		Lab:       rec.Lab,
		Workspace: rec.Workspace,
		LastOp:    labs.Op(rec.LastOp),
		Result:    labs.Result(rec.Result),
		AppliedAt: rec.AppliedAt,
		UpdatedAt: rec.UpdatedAt,
		Resources: rec.Resources,
	}, true, nil
}
