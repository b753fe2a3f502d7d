package labs

import (
	"context"
	"errors"
	"os"
	"sync/atomic"
	"syscall"
	"testing"
)

// switchRecorder records runs until refuse is set, then fails to save
// them as the progress store on a disk gone read-only does, while still
// recalling what it saved before.
type switchRecorder struct {
	MemoryRecorder
	refuse atomic.Bool
}

func (r *switchRecorder) RecordRun(ctx context.Context, run Run) error {
	if r.refuse.Load() {
		return &os.PathError{Op: "open", Path: "/state/progress.json.tmp-1", Err: syscall.EROFS}
	}
	return r.MemoryRecorder.RecordRun(ctx, run)
}

// TestStatusAfterUnrecordedDestroy: a lab applied (and recorded), then
// destroyed when the record could no longer be saved, has the apply as
// its last recorded run and a state file that lists nothing. Status must
// call it destroyed, with no resources and no applied_at, not "applied"
// with 0 resources: the state file is what says what exists.
func TestStatusAfterUnrecordedDestroy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec := &switchRecorder{}
	m, err := NewManager(ManagerOptions{StateDir: t.TempDir(), Target: TargetSandbox, Catalog: testCatalog(t),
		Terraform: needTerraform(t), Recorder: rec, Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := m.Up(ctx, "basic", nil); err != nil {
		t.Fatalf("lab up: %v", err)
	}
	if st := mustStatus(t, m, "basic"); st.State != StateApplied || st.Resources != 3 {
		t.Fatalf("status after lab up = %s with %d resources, want applied with 3", st.State, st.Resources)
	}
	rec.refuse.Store(true)
	_, err = m.Down(ctx, "basic", nil)
	var re *RecordError
	if !errors.As(err, &re) || re.Op != OpDestroy {
		t.Fatalf("Down with the record refused = %v, want a *RecordError for the destroy", err)
	}
	if last, ok, _ := rec.LastRun(ctx, TargetSandbox, "basic"); !ok || last.LastOp != OpApply || last.Result != ResultOK {
		t.Fatalf("the last recorded run is %+v, want the apply", last)
	}
	st := mustStatus(t, m, "basic")
	if st.State != StateDestroyed || st.Resources != 0 || st.AppliedAt != nil {
		t.Errorf("status after the unrecorded destroy = %s with %d resources (applied at %v), want destroyed with 0 and no applied_at",
			st.State, st.Resources, st.AppliedAt)
	}
}
