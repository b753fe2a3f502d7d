package labs

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"awstutor/tfrun"
)

// clock is a settable clock safe to read from the manager's goroutines.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustStatus(t *testing.T, m *Manager, lab string) Status {
	t.Helper()
	st, err := m.Status(context.Background(), lab)
	if err != nil {
		t.Fatalf("Status(%s): %v", lab, err)
	}
	return st
}

// TestLifecycle is `lab plan`, `up`, `status` and `down` on a three
// resource lab against the real terraform.
func TestLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := newClock()
	rec := &MemoryRecorder{}
	m := newTestManager(t, managerSetup{recorder: rec, now: clk.now})
	ws := m.WorkspaceDir("basic")

	st := mustStatus(t, m, "basic")
	if st.State != StateNone || st.Resources != 0 || st.AppliedAt != nil || len(st.Outputs) != 0 || st.Workspace != ws {
		t.Fatalf("status before anything = %+v, want none", st)
	}

	// plan
	ch := make(chan tfrun.Event, 16)
	stop := collect(ch)
	plan, err := m.Plan(ctx, "basic", ch)
	events := stop()
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if plan.Adds != 3 || len(events) != 1 || events[0].Kind != tfrun.EventSummary || events[0].Plan == nil || !reflect.DeepEqual(*events[0].Plan, *plan) {
		t.Fatalf("plan %s with events %+v, want 3 to add and one summary carrying the plan", plan, events)
	}
	if !plan.HasJSON() || len(plan.AfterResources("ap-northeast-2")) != 3 {
		t.Error("lab plan did not read the plan JSON for the cost estimate")
	}
	if st := mustStatus(t, m, "basic"); st.State != StatePlanned || st.Resources != 0 {
		t.Errorf("status after plan = %s with %d resources, want planned", st.State, st.Resources)
	}

	// up
	clk.advance(time.Minute)
	appliedAt := clk.now()
	ch = make(chan tfrun.Event)
	stop = collect(ch)
	up, err := m.Up(ctx, "basic", ch)
	events = stop()
	if err != nil {
		t.Fatalf("Up: %v", err)
	}
	if up.Plan.Adds != 3 || up.Apply.Changes == nil || up.Apply.Changes.Add != 3 {
		t.Fatalf("up = plan %s, apply %+v; want 3 added", up.Plan, up.Apply)
	}
	if !up.Plan.HasJSON() || len(up.Plan.AfterResources("ap-northeast-2")) != 3 {
		t.Error("lab up did not read the plan JSON for the cost estimate")
	}
	kinds := make([]string, len(events))
	for i, e := range events {
		kinds[i] = string(e.Kind)
	}
	// The plan's summary first (it sizes the progress bar), three starts
	// and three dones in between, the apply's summary last.
	if len(events) != 8 || events[0].Plan == nil || events[7].Kind != tfrun.EventSummary || events[7].Changes.Operation != "apply" {
		t.Fatalf("event kinds = %q, want summary, 3 started, 3 done, summary", kinds)
	}
	progress := tfrun.NewProgress(events[0].Plan, nil)
	for _, e := range events {
		progress.Observe(e)
	}
	if progress.Done() != 3 || progress.Total() != 3 {
		t.Errorf("progress = %d of %d, want 3 of 3", progress.Done(), progress.Total())
	}

	st = mustStatus(t, m, "basic")
	if st.State != StateApplied || st.Resources != 3 || st.AppliedAt == nil || !st.AppliedAt.Equal(appliedAt) {
		t.Errorf("status after up = %s, %d resources, applied at %v; want applied, 3, %v", st.State, st.Resources, st.AppliedAt, appliedAt)
	}
	if string(st.Outputs["greeting"]) != `"안녕하세요"` || len(st.Outputs["first_id"]) < 10 {
		t.Errorf("outputs = %s", st.Outputs)
	}
	last, ok, _ := rec.LastRun(ctx, TargetSandbox, "basic")
	want := Run{Target: TargetSandbox, Lab: "basic", Workspace: ws, LastOp: OpApply, Result: ResultOK, AppliedAt: appliedAt, UpdatedAt: appliedAt, Resources: 3}
	if !ok || last != want {
		t.Errorf("recorded run = %+v, want %+v", last, want)
	}

	// A second up changes nothing, and the resources' age stays.
	clk.advance(time.Hour)
	if up, err := m.Up(ctx, "basic", nil); err != nil || !up.Plan.Empty() {
		t.Fatalf("second Up = %v, %v; want an empty plan", up, err)
	}
	if st := mustStatus(t, m, "basic"); !st.AppliedAt.Equal(appliedAt) {
		t.Errorf("applied_at moved to %v on a no-op apply", st.AppliedAt)
	}

	// down
	ch = make(chan tfrun.Event)
	stop = collect(ch)
	down, err := m.Down(ctx, "basic", ch)
	events = stop()
	if err != nil {
		t.Fatalf("Down: %v", err)
	}
	if down.Plan.Destroys != 3 || down.Apply.Changes == nil || down.Apply.Changes.Remove != 3 {
		t.Errorf("down = plan %s, apply %+v; want 3 destroyed", down.Plan, down.Apply)
	}
	if n := countKind(events, tfrun.EventDone); n != 3 {
		t.Errorf("down sent %d done events, want 3", n)
	}
	st = mustStatus(t, m, "basic")
	if st.State != StateDestroyed || st.Resources != 0 || st.AppliedAt != nil || len(st.Outputs) != 0 {
		t.Errorf("status after down = %+v, want destroyed with nothing left", st)
	}
	// Down again has nothing to do and runs no terraform.
	if res, err := m.Down(ctx, "basic", nil); err != nil || res.Plan != nil {
		t.Errorf("second Down = %+v, %v; want nothing done", res, err)
	}
}

func countKind(events []tfrun.Event, k tfrun.EventKind) int {
	n := 0
	for _, e := range events {
		if e.Kind == k {
			n++
		}
	}
	return n
}

// TestStatusJSON pins the `lab status --json` contract.
func TestStatusJSON(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 28, 9, 1, 0, 0, time.UTC)
	tests := []struct {
		name string
		st   Status
		want string
	}{
		{"none", Status{ID: "basic", Target: "sandbox", Workspace: "/w", State: StateNone, Outputs: map[string]json.RawMessage{}},
			`{"id":"basic","target":"sandbox","workspace":"/w","state":"none","resources":0,"applied_at":null,"outputs":{}}`},
		{"applied", Status{ID: "basic", Target: "aws", Workspace: "/w", State: StateApplied, Resources: 3, AppliedAt: &at,
			Outputs: map[string]json.RawMessage{"url": json.RawMessage(`"http://x"`), "key": sensitiveValue}, Busy: true},
			`{"id":"basic","target":"aws","workspace":"/w","state":"applied","resources":3,"applied_at":"2026-11-28T09:01:00Z","outputs":{"key":"(sensitive)","url":"http://x"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := json.Marshal(tt.st)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("json = %s\nwant   %s", b, tt.want)
			}
		})
	}
}

func TestDeriveState(t *testing.T) {
	t.Parallel()
	run := func(op Op, r Result) Run { return Run{LastOp: op, Result: r} }
	// applied is a recorded successful apply that deployed n resources.
	applied := func(n int) Run { return Run{LastOp: OpApply, Result: ResultOK, Resources: n} }
	tests := []struct {
		name      string
		last      Run
		hasRun    bool
		stateFile bool
		resources int
		abandoned string
		want      State
	}{
		{"fresh", Run{}, false, false, 0, "", StateNone},
		{"planned", run(OpPlan, ResultOK), true, false, 0, "", StatePlanned},
		{"plan failed", run(OpPlan, ResultFailed), true, false, 0, "", StateNone},
		{"applied", applied(3), true, true, 3, "", StateApplied},
		{"applied, nothing in it", run(OpApply, ResultOK), true, true, 0, "", StateApplied},
		{"apply failed part way", run(OpApply, ResultFailed), true, true, 1, "", StateApplied},
		{"interrupted", run(OpApply, ResultInterrupted), true, true, 2, "", StateInterrupted},
		{"destroy interrupted", run(OpDestroy, ResultInterrupted), true, true, 1, "", StateInterrupted},
		{"stopped while planning", run(OpPlan, ResultInterrupted), true, false, 0, "", StateNone},
		{"stopped while planning, resources deployed", run(OpPlan, ResultInterrupted), true, true, 2, "", StateApplied},
		{"plan after applying", run(OpPlan, ResultOK), true, true, 3, "", StateApplied},
		{"destroyed", run(OpDestroy, ResultOK), true, true, 0, "", StateDestroyed},
		{"destroy failed, all gone anyway", run(OpDestroy, ResultFailed), true, true, 0, "", StateDestroyed},
		{"crash during apply, no record", Run{}, false, true, 2, "apply", StateInterrupted},
		{"crash during apply after a destroy", run(OpDestroy, ResultOK), true, true, 1, "apply", StateInterrupted},
		{"crash during a plan changes nothing", applied(3), true, true, 3, "plan", StateApplied},
		{"state without record", Run{}, false, true, 3, "", StateApplied},

		// A destroy that ran but could not be recorded (progress.json
		// read-only): the last record is the apply, the state is empty.
		{"destroy not recorded", applied(3), true, true, 0, "", StateDestroyed},
		{"destroy not recorded, crash during a later plan", applied(3), true, true, 0, "plan", StateDestroyed},
		// Only an existing state file says the resources went: a workspace
		// whose state file is missing (or was deleted) proves nothing.
		{"applied, no state file", applied(3), true, false, 0, "", StateApplied},
		// The apply itself deployed nothing (a starter still all TODO):
		// nothing was destroyed either.
		{"applied nothing, empty state", applied(0), true, true, 0, "", StateApplied},
		// The rest of the rules still come first.
		{"destroy not recorded, then killed destroying", applied(3), true, true, 0, "destroy", StateInterrupted},
		{"apply interrupted, empty state", Run{LastOp: OpApply, Result: ResultInterrupted, Resources: 3}, true, true, 0, "", StateInterrupted},
		{"apply failed, empty state", Run{LastOp: OpApply, Result: ResultFailed, Resources: 3}, true, true, 0, "", StateNone},
	}
	for _, tt := range tests {
		if got := deriveState(tt.last, tt.hasRun, tt.stateFile, tt.resources, tt.abandoned); got != tt.want {
			t.Errorf("%s: deriveState = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestEditsPreserved: the workspace is made from the starter once; after
// that the learner's edits survive every run.
func TestEditsPreserved(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := newTestManager(t, managerSetup{})
	ws, err := m.Prepare(ctx, "basic")
	if err != nil {
		t.Fatal(err)
	}
	if !ws.Created || ws.Override {
		t.Fatalf("first Prepare = %+v, want created, no override (the lab uses no AWS)", ws)
	}
	info, err := os.Stat(ws.Dir)
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("workspace mode = %v, %v; want 0700", info.Mode().Perm(), err)
	}
	mainTF := filepath.Join(ws.Dir, "main.tf")
	edited := readFile(t, mainTF) + "\nresource \"terraform_data\" \"mine\" {\n  input = \"learner\"\n}\n"
	if err := os.WriteFile(mainTF, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	again, err := m.Prepare(ctx, "basic")
	if err != nil || again.Created {
		t.Fatalf("second Prepare = %+v, %v; want the existing workspace", again, err)
	}
	up, err := m.Up(ctx, "basic", nil)
	if err != nil {
		t.Fatal(err)
	}
	if up.Plan.Adds != 4 {
		t.Errorf("plan = %s, want the learner's fourth resource in it", up.Plan)
	}
	if _, err := m.Up(ctx, "basic", nil); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, mainTF); got != edited {
		t.Errorf("main.tf changed by a run:\n%s", got)
	}
	if st := mustStatus(t, m, "basic"); st.Resources != 4 {
		t.Errorf("resources = %d, want 4", st.Resources)
	}
}

// TestResetAndSolve: solve by step and whole, reset, each with a dated
// backup of the learner's files; the state is never touched.
func TestResetAndSolve(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := newClock()
	m := newTestManager(t, managerSetup{now: clk.now})
	if _, err := m.Up(ctx, "basic", nil); err != nil {
		t.Fatal(err)
	}
	ws := m.WorkspaceDir("basic")
	mainTF := filepath.Join(ws, "main.tf")
	if err := os.WriteFile(mainTF, []byte("# my attempt\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "notes.txt"), []byte("notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "scratch.tf"), []byte("# scratch\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	// An unknown step is refused before anything is copied.
	if _, err := m.Solve(ctx, "basic", "nope"); err == nil || !strings.Contains(err.Error(), "its steps are core, extend") {
		t.Errorf("Solve(nope) = %v, want the list of steps", err)
	}

	// Step "core" copies that step's files only.
	backup1, err := m.Solve(ctx, "basic", "core")
	if err != nil {
		t.Fatal(err)
	}
	if want := ws + ".backup-20261128T090000Z"; backup1 != want {
		t.Errorf("backup = %s, want %s", backup1, want)
	}
	if got := readFile(t, filepath.Join(backup1, "main.tf")); got != "# my attempt\n" {
		t.Errorf("backup main.tf = %q, want the learner's attempt", got)
	}
	backupNames := dirNames(t, backup1)
	if want := []string{"class.tfvars", "main.tf", "notes.txt", "scratch.tf", "variables.tf"}; !reflect.DeepEqual(backupNames, want) {
		t.Errorf("backup holds %q, want %q (no state, no .terraform, no lock, no plan)", backupNames, want)
	}
	if readFile(t, mainTF) == "# my attempt\n" {
		t.Error("solve --step core did not copy main.tf")
	}
	if _, err := os.Stat(filepath.Join(ws, "extra.tf")); err == nil {
		t.Error("solve --step core copied a later step's extra.tf")
	}

	// Step "extend" builds on core: the fourth resource arrives. Same
	// second: the backup gets a suffix rather than overwrite.
	backup2, err := m.Solve(ctx, "basic", "extend")
	if err != nil {
		t.Fatal(err)
	}
	if backup2 != backup1+"-2" {
		t.Errorf("second backup = %s, want %s-2", backup2, backup1)
	}
	if _, err := os.Stat(filepath.Join(ws, "extra.tf")); err != nil {
		t.Errorf("solve --step extend: %v", err)
	}
	if up, err := m.Up(ctx, "basic", nil); err != nil || up.Plan.Adds != 1 {
		t.Fatalf("Up after solve = %v, %v; want the fourth resource added", up, err)
	}

	// Reset: starter back, scratch.tf and extra.tf gone (config), notes kept, state kept.
	clk.advance(time.Hour)
	backup3, err := m.Reset(ctx, "basic")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(backup3, ".backup-20261128T100000Z") {
		t.Errorf("reset backup = %s", backup3)
	}
	if _, err := os.Stat(filepath.Join(backup3, "extra.tf")); err != nil {
		t.Errorf("reset backup lacks the solved extra.tf: %v", err)
	}
	if got, want := dirNames(t, ws), []string{".awstutor.lock", "class.tfvars", "main.tf", "notes.txt", "terraform.tfstate", "terraform.tfstate.backup", "variables.tf"}; !reflect.DeepEqual(got, want) {
		t.Errorf("workspace after reset = %q, want %q", got, want)
	}
	starter, _ := os.ReadFile("testdata/labs/basic/starter/main.tf")
	if readFile(t, mainTF) != string(starter) {
		t.Error("reset did not restore the starter main.tf")
	}
	if st := mustStatus(t, m, "basic"); st.Resources != 4 || st.State != StateApplied {
		t.Errorf("status after reset = %s with %d resources, want the state kept (4, applied)", st.State, st.Resources)
	}
	// The reset config no longer has the fourth resource: planning shows it.
	plan, err := m.Plan(ctx, "basic", nil)
	if err != nil || plan.Destroys != 1 {
		t.Errorf("plan after reset = %v, %v; want the fourth resource to be destroyed", plan, err)
	}

	// Solving the whole lab copies the full solution.
	if _, err := m.Solve(ctx, "basic", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(ws, "extra.tf")); err != nil {
		t.Errorf("full solve: %v", err)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// TestResetBeforeAnyRun creates the workspace and has nothing to back up.
func TestResetBeforeAnyRun(t *testing.T) {
	t.Parallel()
	m := newTestManager(t, managerSetup{})
	backup, err := m.Reset(context.Background(), "basic")
	if err != nil || backup != "" {
		t.Errorf("Reset on a new lab = %q, %v; want no backup", backup, err)
	}
	if _, err := os.Stat(filepath.Join(m.WorkspaceDir("basic"), "main.tf")); err != nil {
		t.Errorf("workspace not created: %v", err)
	}
}

// TestInterruptAndRecover cancels `lab up` during a slow apply: the second
// operation started meanwhile is refused as busy, the run is recorded as
// interrupted, the next start of awstutor sees it with the resources the
// state knows, and the learner can plan again and destroy.
func TestInterruptAndRecover(t *testing.T) {
	t.Parallel()
	bg := context.Background()
	stateDir := t.TempDir()
	rec := &MemoryRecorder{}
	m := newTestManager(t, managerSetup{stateDir: stateDir, recorder: rec})

	ctx, cancel := context.WithCancel(bg)
	defer cancel()
	ch := make(chan tfrun.Event)
	type result struct {
		res *UpResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := m.Up(ctx, "slow", ch)
		done <- result{res, err}
	}()
	var got result
	var events []tfrun.Event
	interrupted := false
loop:
	for {
		select {
		case e := <-ch:
			events = append(events, e)
			if interrupted || e.Address != "terraform_data.slow" || !strings.Contains(e.Message, "Executing") {
				continue
			}
			// terraform is sleeping in the provisioner: a second operation
			// must be refused, status must still answer.
			for name, op := range map[string]func() error{
				"up":    func() error { _, err := m.Up(bg, "slow", nil); return err },
				"plan":  func() error { _, err := m.Plan(bg, "slow", nil); return err },
				"down":  func() error { _, err := m.Down(bg, "slow", nil); return err },
				"reset": func() error { _, err := m.Reset(bg, "slow"); return err },
			} {
				err := op()
				if !errors.Is(err, tfrun.ErrBusy) || err.Error() != "lab slow is busy: another awstutor is running terraform in it" {
					t.Errorf("concurrent %s = %v, want the busy error", name, err)
				}
			}
			if st := mustStatus(t, m, "slow"); !st.Busy {
				t.Errorf("status during apply = %+v, want busy", st)
			}
			interrupted = true
			cancel()
		case got = <-done:
			break loop
		case <-time.After(45 * time.Second):
			t.Fatal("up did not return")
		}
	}
	if !interrupted {
		t.Fatalf("up finished before the slow resource ran: %v", got.err)
	}
	if !errors.Is(got.err, context.Canceled) || !strings.HasPrefix(got.err.Error(), "apply lab slow: ") {
		t.Fatalf("Up error = %v, want context.Canceled wrapped with the lab", got.err)
	}
	if f := countKind(events, tfrun.EventFailed); f != 1 {
		t.Errorf("failed events = %d, want 1 (the slow resource)", f)
	}
	last, _, _ := rec.LastRun(bg, TargetSandbox, "slow")
	if last.LastOp != OpApply || last.Result != ResultInterrupted || last.Resources != 2 {
		t.Errorf("recorded run = %+v, want apply interrupted with 2 resources", last)
	}

	// The next start: a new manager over the same state dir and progress.
	next := newTestManager(t, managerSetup{stateDir: stateDir, recorder: rec})
	st := mustStatus(t, next, "slow")
	wantAddrs := []tfrun.StateResource{
		{Address: "terraform_data.fast", Type: "terraform_data"},
		{Address: "terraform_data.slow", Type: "terraform_data", Tainted: true},
	}
	if st.State != StateInterrupted || st.Resources != 2 || !reflect.DeepEqual(st.Addresses, wantAddrs) || st.Busy {
		t.Errorf("status at next start = %+v, want interrupted with fast and a tainted slow", st)
	}
	if len(st.Outputs["fast_id"]) < 10 {
		t.Errorf("outputs after interrupt = %s, want fast_id saved", st.Outputs)
	}

	// Continue: plan again shows the tainted resource being replaced.
	plan, err := next.Plan(bg, "slow", nil)
	if err != nil || plan.Replaces != 1 || plan.Total() != 1 {
		t.Fatalf("plan after interrupt = %v, %v; want the slow resource replaced", plan, err)
	}
	// Or destroy: everything goes.
	if _, err := next.Down(bg, "slow", nil); err != nil {
		t.Fatal(err)
	}
	if st := mustStatus(t, next, "slow"); st.State != StateDestroyed || st.Resources != 0 {
		t.Errorf("status after down = %s with %d resources, want destroyed", st.State, st.Resources)
	}
}

// TestCrashShowsInterrupted: a process that died mid-apply leaves its
// marker in the lock file and no record; status still says interrupted.
func TestCrashShowsInterrupted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := newTestManager(t, managerSetup{})
	if _, err := m.Up(ctx, "basic", nil); err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(m.WorkspaceDir("basic"), tfrun.LockFile)
	if err := os.WriteFile(lock, []byte("apply\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if st := mustStatus(t, m, "basic"); st.State != StateInterrupted || st.Resources != 3 {
		t.Errorf("status after a crash = %s with %d resources, want interrupted with 3", st.State, st.Resources)
	}
	if _, err := m.Up(ctx, "basic", nil); err != nil {
		t.Fatal(err)
	}
	if st := mustStatus(t, m, "basic"); st.State != StateApplied {
		t.Errorf("status after recovering = %s, want applied", st.State)
	}
}

// TestSandboxOverride drives the override through the manager: written in
// sandbox for the services the workspace uses, rewritten when they or the
// endpoint change, absent in the aws target, and a sandbox lab that needs
// the emulator refuses to run without one.
func TestSandboxOverride(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	stateDir := t.TempDir()
	sandbox := newTestManager(t, managerSetup{stateDir: stateDir, endpoint: "http://127.0.0.1:5000"})
	ws, err := sandbox.Prepare(ctx, "sqs")
	if err != nil {
		t.Fatal(err)
	}
	override := filepath.Join(ws.Dir, tfrun.OverrideFile)
	if !ws.Override {
		t.Fatal("no override written for a lab that uses SQS")
	}
	body := readFile(t, override)
	for _, want := range []string{`sqs = "http://127.0.0.1:5000"`, `sts = "http://127.0.0.1:5000"`, `access_key                  = "test"`} {
		if !strings.Contains(body, want) {
			t.Errorf("override lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "sns") {
		t.Errorf("override names sns before the lab uses it:\n%s", body)
	}

	// Solving adds an SNS topic: the override follows.
	if _, err := sandbox.Solve(ctx, "sqs", ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readFile(t, override), `sns = "http://127.0.0.1:5000"`) {
		t.Error("override not rewritten for the solution's sns topic")
	}

	// The emulator moved to another port.
	moved := newTestManager(t, managerSetup{stateDir: stateDir, endpoint: "http://127.0.0.1:5001"})
	if _, err := moved.Prepare(ctx, "sqs"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readFile(t, override), "127.0.0.1:5001") {
		t.Error("override not rewritten for the new endpoint")
	}

	// The aws target: its own workspace, never an override, even one
	// copied in by hand.
	aws := newTestManager(t, managerSetup{stateDir: stateDir, target: TargetAWS})
	awsWS, err := aws.Prepare(ctx, "sqs")
	if err != nil {
		t.Fatal(err)
	}
	if awsWS.Dir == ws.Dir || awsWS.Override {
		t.Fatalf("aws workspace = %+v, want its own directory and no override", awsWS)
	}
	if err := os.WriteFile(filepath.Join(awsWS.Dir, tfrun.OverrideFile), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := aws.Prepare(ctx, "sqs"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(awsWS.Dir, tfrun.OverrideFile)); err == nil {
		t.Error("override left in the aws workspace")
	}

	// No emulator: reset still works, terraform does not start.
	stopped := newTestManager(t, managerSetup{stateDir: stateDir})
	if _, err := stopped.Reset(ctx, "sqs"); err != nil {
		t.Errorf("Reset without the emulator: %v", err)
	}
	if _, err := stopped.Plan(ctx, "sqs", nil); err == nil || !strings.Contains(err.Error(), "awstutor sandbox start") {
		t.Errorf("Plan without the emulator = %v, want a hint to start the sandbox", err)
	}
	// Nothing deployed: down needs neither the emulator nor terraform.
	if _, err := stopped.Down(ctx, "sqs", nil); err != nil {
		t.Errorf("Down of an undeployed lab without the emulator: %v", err)
	}

	// A non-loopback endpoint is refused outright.
	if _, err := NewManager(ManagerOptions{StateDir: stateDir, Target: TargetSandbox, Endpoint: "https://sqs.ap-northeast-2.amazonaws.com",
		Catalog: testCatalog(t), Recorder: &MemoryRecorder{}}); err == nil {
		t.Error("NewManager accepted a real AWS endpoint for the sandbox")
	}
}

func TestNewManagerValidates(t *testing.T) {
	t.Parallel()
	good := ManagerOptions{StateDir: t.TempDir(), Target: TargetSandbox, Catalog: testCatalog(t), Recorder: &MemoryRecorder{}}
	tests := []struct {
		name   string
		mutate func(*ManagerOptions)
		want   string
	}{
		{"no state dir", func(o *ManagerOptions) { o.StateDir = "" }, "no state directory"},
		{"bad target", func(o *ManagerOptions) { o.Target = "gcp" }, `target "gcp" is not sandbox or aws`},
		{"no catalogue", func(o *ManagerOptions) { o.Catalog = nil }, "no lab catalogue"},
		{"no recorder", func(o *ManagerOptions) { o.Recorder = nil }, "no run recorder"},
	}
	for _, tt := range tests {
		o := good
		tt.mutate(&o)
		if _, err := NewManager(o); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: NewManager = %v, want %q", tt.name, err, tt.want)
		}
	}
	m, err := NewManager(good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(context.Background(), "basic", nil); !errors.Is(err, tfrun.ErrTerraformNotFound) {
		t.Errorf("Up without terraform = %v, want ErrTerraformNotFound", err)
	}
	if _, err := m.Status(context.Background(), "nope"); !errors.Is(err, ErrUnknownLab) {
		t.Errorf("Status of an unknown lab = %v, want ErrUnknownLab", err)
	}
}

// TestPlanThenApply is the confirm flow: plan, let the learner look, then
// apply that plan; the same for destroy; and a plan made stale by another
// run is refused by Terraform.
func TestPlanThenApply(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := newTestManager(t, managerSetup{})
	plan, err := m.Plan(ctx, "basic", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.ApplyPlan(ctx, "basic", plan, nil)
	if err != nil || res.Changes == nil || res.Changes.Add != 3 {
		t.Fatalf("ApplyPlan = %+v, %v; want 3 added", res, err)
	}
	if st := mustStatus(t, m, "basic"); st.State != StateApplied || st.Resources != 3 {
		t.Errorf("status = %s with %d, want applied with 3", st.State, st.Resources)
	}

	dplan, err := m.PlanDestroy(ctx, "basic", nil)
	if err != nil || !dplan.Destroy || dplan.Destroys != 3 {
		t.Fatalf("PlanDestroy = %v (destroy=%v), %v; want 3 to destroy", dplan, dplan != nil && dplan.Destroy, err)
	}
	if st := mustStatus(t, m, "basic"); st.State != StateApplied {
		t.Errorf("status after a destroy plan = %s, want still applied", st.State)
	}
	if _, err := m.ApplyPlan(ctx, "basic", dplan, nil); err != nil {
		t.Fatal(err)
	}
	if st := mustStatus(t, m, "basic"); st.State != StateDestroyed {
		t.Errorf("status after applying the destroy plan = %s, want destroyed", st.State)
	}

	// A plan saved, then another run changes the state: the saved plan is
	// stale and Terraform refuses it.
	stale, err := m.Plan(ctx, "basic", nil)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(stale.File)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx, "basic", nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale.File, saved, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := m.ApplyPlan(ctx, "basic", stale, nil); err == nil || !strings.Contains(err.Error(), "stale") {
		t.Errorf("ApplyPlan of a stale plan = %v, want terraform's stale plan error", err)
	} else {
		t.Logf("stale plan: %v", err)
	}
	if st := mustStatus(t, m, "basic"); st.State != StateApplied || st.Resources != 3 {
		t.Errorf("status after the refused plan = %s with %d, want applied with 3", st.State, st.Resources)
	}
	other := *stale
	other.File = "/elsewhere/awstutor.tfplan"
	if _, err := m.ApplyPlan(ctx, "basic", &other, nil); err == nil || !strings.Contains(err.Error(), "not made in this lab's workspace") {
		t.Errorf("ApplyPlan of another workspace's plan = %v", err)
	}
}

// TestDownNeverStarted: `down` of a lab never used (as cleanup does for
// every lab) creates nothing and records nothing.
func TestDownNeverStarted(t *testing.T) {
	t.Parallel()
	rec := &MemoryRecorder{}
	m := newTestManager(t, managerSetup{recorder: rec})
	res, err := m.Down(context.Background(), "basic", nil)
	if err != nil || res.Plan != nil {
		t.Fatalf("Down = %+v, %v; want nothing done", res, err)
	}
	if _, err := os.Stat(m.WorkspaceDir("basic")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Down created the workspace: %v", err)
	}
	if len(rec.History()) != 0 {
		t.Errorf("Down recorded %+v", rec.History())
	}
}

// TestUpCancelledWhilePlanning: stopping before apply starts is recorded
// as a stopped plan, not as an interrupted apply.
func TestUpCancelledWhilePlanning(t *testing.T) {
	t.Parallel()
	rec := &MemoryRecorder{}
	m := newTestManager(t, managerSetup{recorder: rec})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.Up(ctx, "basic", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Up = %v, want context.Canceled", err)
	}
	last, ok, _ := rec.LastRun(context.Background(), TargetSandbox, "basic")
	if !ok || last.LastOp != OpPlan || last.Result != ResultInterrupted {
		t.Errorf("recorded %+v, want a plan interrupted", last)
	}
	if st := mustStatus(t, m, "basic"); st.State != StateNone {
		t.Errorf("status = %s, want none", st.State)
	}
}
