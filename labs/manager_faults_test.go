package labs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"

	"awstutor/cloud"
	"awstutor/tfrun"
)

// refusingRecorder recalls runs but cannot save them, as the progress
// store on a read-only disk: its error is the store's, a file operation.
type refusingRecorder struct {
	MemoryRecorder
	file string
}

func (r *refusingRecorder) RecordRun(context.Context, Run) error {
	return fmt.Errorf("save progress %s: create temp file: %w", r.file, &os.PathError{Op: "open", Path: r.file + ".tmp-1", Err: syscall.EROFS})
}

// TestRunNotRecorded applies and destroys a lab whose runs cannot be
// recorded: ApplyPlan and Down do their work and then return a
// *RecordError that names the lab and the operation and gives the reason
// in the system's own words, while the state says what Terraform did. A
// plan that cannot be recorded is not an error: it changed nothing.
func TestRunNotRecorded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec := &refusingRecorder{file: "/state/progress.json"}
	m, err := NewManager(ManagerOptions{StateDir: t.TempDir(), Target: TargetSandbox, Catalog: testCatalog(t),
		Terraform: needTerraform(t), Recorder: rec, Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := m.Plan(ctx, "basic", nil)
	if err != nil {
		t.Fatalf("a plan that cannot be recorded failed: %v", err)
	}
	res, err := m.ApplyPlan(ctx, "basic", plan, nil)
	var re *RecordError
	if !errors.As(err, &re) || re.Lab != "basic" || re.Op != OpApply || res == nil {
		t.Fatalf("ApplyPlan with the record refused = %v, %v; want the result and a *RecordError for the apply", res, err)
	}
	if re.Reason() != "read-only file system" || re.File() != "" {
		t.Errorf("reason %q, file %q; want the system's words and no file (this recorder names none)", re.Reason(), re.File())
	}
	if !strings.Contains(err.Error(), "lab basic is applied, but awstutor could not record it: save progress /state/progress.json") {
		t.Errorf("error = %q", err)
	}
	if st := mustStatus(t, m, "basic"); st.Resources != 3 || st.State != StateApplied {
		t.Errorf("status after the unrecorded apply = %s with %d resources, want applied with 3", st.State, st.Resources)
	}

	_, err = m.Down(ctx, "basic", nil)
	if !errors.As(err, &re) || re.Op != OpDestroy {
		t.Fatalf("Down with the record refused = %v, want a *RecordError for the destroy", err)
	}
	if st := mustStatus(t, m, "basic"); st.Resources != 0 {
		t.Errorf("status after the unrecorded destroy holds %d resources", st.Resources)
	}
	// Nothing left: Down records without Terraform, and says so too.
	if _, err := m.Down(ctx, "basic", nil); !errors.As(err, &re) || re.Op != OpDestroy {
		t.Errorf("Down of an empty workspace with the record refused = %v, want a *RecordError", err)
	}
}

// TestVerifyNothingApplied: verifying a lab with no workspace, or with a
// state that holds neither resources nor outputs, runs no check and
// returns a *NothingAppliedError (errors.Is ErrNothingApplied) that says
// which lab up to run. It needs neither the emulator nor clients.
func TestVerifyNothingApplied(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := newTestManager(t, managerSetup{})
	check := func(when string) {
		t.Helper()
		results, err := m.Verify(ctx, "slow", nil, VerifyOptions{})
		if !errors.Is(err, ErrNothingApplied) || results != nil {
			t.Fatalf("%s: Verify = %v, %v; want ErrNothingApplied and no results", when, results, err)
		}
		if want := "lab slow has nothing applied in the sandbox: run awstutor lab up slow first"; err.Error() != want {
			t.Errorf("%s: %q, want %q", when, err, want)
		}
	}
	check("no workspace")
	ws := m.WorkspaceDir("slow")
	if err := os.MkdirAll(ws, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ws+"/"+tfrun.StateFile, []byte(`{"version":4,"terraform_version":"1.11.4","serial":2,"lineage":"x","outputs":{},"resources":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	check("empty state")
	if st := mustStatus(t, m, "slow"); !NothingApplied(st) {
		t.Errorf("NothingApplied(%+v) = false for an empty state", st)
	}
	aws := &NothingAppliedError{Lab: "slow", Target: TargetAWS}
	if !strings.Contains(aws.Error(), "nothing applied in AWS") {
		t.Errorf("aws: %q", aws)
	}
}

// TestRunErrorSandboxStopped: a failed run in the sandbox target whose
// emulator no longer answers is a *SandboxStoppedError (matching
// cloud.ErrSandboxDown and the run's failure); with the emulator
// answering, or a run that was cancelled, the failure is left as it is.
func TestRunErrorSandboxStopped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotFound) }))
	defer up.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + l.Addr().String()
	l.Close()
	runErr := errors.New("apply lab basic: terraform apply failed: dial tcp " + strings.TrimPrefix(down, "http://") + ": connect: connection refused")

	m := newTestManager(t, managerSetup{endpoint: down})
	// A failure that does not involve the emulator is the learner's to
	// fix, even with the emulator down.
	syntax := &tfrun.CommandError{Command: "init", Diagnostics: []tfrun.Diagnostic{{Severity: "error", Summary: "Invalid expression", File: "main.tf", Line: 2}}}
	if err := m.runError(ctx, "basic", OpApply, syntax); err != error(syntax) {
		t.Errorf("a syntax error with the emulator down became %v", err)
	}
	// Terraform's diagnostics count: the provider's detail names it.
	viaDiag := &tfrun.CommandError{Command: "apply", Diagnostics: []tfrun.Diagnostic{{Severity: "error", Summary: "creating SQS Queue",
		Detail: "operation error SQS: CreateQueue, dial tcp " + strings.TrimPrefix(down, "http://") + ": connect: connection refused"}}}
	if err := m.runError(ctx, "basic", OpApply, viaDiag); !errors.Is(err, cloud.ErrSandboxDown) {
		t.Errorf("a provider error naming the stopped emulator became %v", err)
	}
	err = m.runError(ctx, "basic", OpApply, runErr)
	var stopped *SandboxStoppedError
	if !errors.As(err, &stopped) || !errors.Is(err, cloud.ErrSandboxDown) || !errors.Is(err, runErr) {
		t.Fatalf("runError with the emulator gone = %v, want a *SandboxStoppedError", err)
	}
	want := "the sandbox at " + down + " stopped answering during the apply of lab basic: start it again with `awstutor sandbox start`, " +
		"then run `awstutor lab up basic` again; what was already created is kept in the lab's state"
	if err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err, want)
	}
	for op, cmd := range map[Op]string{OpPlan: "lab plan basic", OpDestroy: "lab down basic", OpApply: "lab up basic"} {
		if got := (&SandboxStoppedError{Lab: "basic", Op: op}).Command(); got != cmd {
			t.Errorf("Command for %s = %q, want %q", op, got, cmd)
		}
	}
	if err := m.runError(ctx, "basic", OpApply, fmt.Errorf("apply: %w", context.Canceled)); errors.As(err, &stopped) {
		t.Errorf("a cancelled run was blamed on the sandbox: %v", err)
	}
	m = newTestManager(t, managerSetup{endpoint: up.URL})
	if err := m.runError(ctx, "basic", OpApply, runErr); err != runErr {
		t.Errorf("with the emulator answering runError = %v, want the run's own error", err)
	}
	m = newTestManager(t, managerSetup{target: TargetAWS})
	if err := m.runError(ctx, "basic", OpApply, runErr); err != runErr {
		t.Errorf("in the aws target runError = %v, want the run's own error", err)
	}
}
