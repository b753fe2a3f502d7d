package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"awstutor/cloud/mototest"
	"awstutor/labs"
	"awstutor/progress"
	"awstutor/tfrun"
)

// fixtureLabs is the labs package's test labs: basic (three
// terraform_data), slow (a provisioner that sleeps a minute) and sqs (AWS
// types, never planned here).
func fixtureLabs(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "labs", "testdata", "labs"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// needTerraform fails, with the reason, on a machine without terraform:
// these tests run the real binary.
func needTerraform(t *testing.T) {
	t.Helper()
	if _, err := tfrun.Find(context.Background(), tfrun.FindOptions{}); err != nil {
		t.Fatalf("the lab tests run the real terraform: %v", err)
	}
}

// labEnv isolates a test and returns a runner of `awstutor ... --labs-dir
// <fixtures>` and the state dir.
func labEnv(t *testing.T) (run func(args ...string) (int, string, string), stateDir string) {
	t.Helper()
	needTerraform(t)
	dir := isolate(t)
	labsDir := fixtureLabs(t)
	return func(args ...string) (int, string, string) {
		t.Helper()
		return runCLI(t, append(args, "--labs-dir", labsDir, "--lang", "en")...)
	}, filepath.Join(dir, "state")
}

func labStatusJSON(t *testing.T, run func(args ...string) (int, string, string), lab string) map[string]any {
	t.Helper()
	code, out, errs := run("lab", "status", lab, "--json")
	if code != 0 {
		t.Fatalf("lab status %s: exit %d: %s", lab, code, errs)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("lab status --json is not JSON: %v\n%s", err, out)
	}
	return st
}

func labRun(t *testing.T, stateDir, lab string) progress.LabRun {
	t.Helper()
	store, err := progress.Open(stateDir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Labs[progress.LabKey("sandbox", lab)]
}

func TestLabLifecycle(t *testing.T) {
	run, stateDir := labEnv(t)

	code, out, errs := run("lab", "list", "--json")
	if code != 0 {
		t.Fatalf("lab list: exit %d: %s", code, errs)
	}
	var list []labListJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("lab list --json: %v\n%s", err, out)
	}
	i := slices.IndexFunc(list, func(l labListJSON) bool { return l.ID == "basic" })
	if i < 0 || list[i].Day != 1 || list[i].Minutes != 10 || list[i].State != labs.StateNone || list[i].Title == "" {
		t.Fatalf("lab list: basic missing or wrong: %+v", list)
	}

	code, out, errs = run("lab", "plan", "basic")
	if code != 0 {
		t.Fatalf("lab plan: exit %d: %s", code, errs)
	}
	for _, want := range []string{"3 to add, 0 to change, 0 to destroy", "+ terraform_data.first (create)", "+ terraform_data.second (create)", "+ terraform_data.third (create)"} {
		if !strings.Contains(out, want) {
			t.Errorf("lab plan output lacks %q:\n%s", want, out)
		}
	}

	code, out, errs = run("lab", "up", "basic", "--yes")
	if code != 0 {
		t.Fatalf("lab up: exit %d: %s\n%s", code, errs, out)
	}
	for _, want := range []string{"+ terraform_data.first ... started", "+ terraform_data.first ... done in ", "[3/3]", "3 added, 0 changed, 0 destroyed", "greeting = \"안녕하세요\""} {
		if !strings.Contains(out, want) {
			t.Errorf("lab up output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(errs, "sandbox") {
		t.Errorf("a lab of terraform_data only must not start the sandbox; stderr: %s", errs)
	}
	if _, err := os.Stat(filepath.Join(stateDir, "sandbox", "moto.json")); err == nil {
		t.Error("the sandbox was started for a lab that needs no emulator")
	}

	st := labStatusJSON(t, run, "basic")
	var keys []string
	for k := range st {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"applied_at", "id", "outputs", "resources", "state", "target", "workspace"}; !slices.Equal(keys, want) {
		t.Errorf("status keys = %v, want %v", keys, want)
	}
	outputs, _ := st["outputs"].(map[string]any)
	if st["state"] != "applied" || st["resources"] != 3.0 || st["target"] != "sandbox" || st["applied_at"] == nil ||
		outputs["greeting"] != "안녕하세요" || outputs["first_id"] == "" {
		t.Errorf("status after up = %v", st)
	}
	if ws, _ := st["workspace"].(string); ws != filepath.Join(stateDir, "workspaces", "sandbox", "basic") {
		t.Errorf("workspace = %q, want it under the state dir", ws)
	}
	rec := labRun(t, stateDir, "basic")
	if rec.Target != "sandbox" || rec.Lab != "basic" || rec.LastOp != "apply" || rec.Result != "ok" || rec.AppliedAt.IsZero() || rec.Resources != 3 || rec.Workspace != st["workspace"] {
		t.Errorf("progress.json records %+v, want apply ok with 3 resources", rec)
	}

	code, out, errs = run("lab", "up", "basic", "--yes")
	if code != 0 || !strings.Contains(out, "nothing to change") || strings.Contains(out, "started") {
		t.Errorf("second up: exit %d, %q, %q; want a no-op that says so", code, out, errs)
	}
	if again := labStatusJSON(t, run, "basic"); again["state"] != "applied" || again["applied_at"] != st["applied_at"] {
		t.Errorf("after a no-op up: %v, want still applied since %v", again, st["applied_at"])
	}

	code, out, errs = run("lab", "down", "basic", "--yes")
	if code != 0 {
		t.Fatalf("lab down: exit %d: %s\n%s", code, errs, out)
	}
	for _, want := range []string{"0 to add, 0 to change, 3 to destroy", "- terraform_data.first ... done in ", "0 added, 0 changed, 3 destroyed"} {
		if !strings.Contains(out, want) {
			t.Errorf("lab down output lacks %q:\n%s", want, out)
		}
	}
	st = labStatusJSON(t, run, "basic")
	if st["state"] != "destroyed" || st["resources"] != 0.0 || st["applied_at"] != nil {
		t.Errorf("status after down = %v, want destroyed with nothing", st)
	}
	if rec := labRun(t, stateDir, "basic"); rec.LastOp != "destroy" || rec.Result != "ok" || rec.Resources != 0 || !rec.AppliedAt.IsZero() {
		t.Errorf("progress.json after down records %+v", rec)
	}

	// A second down has nothing to do and says so without Terraform.
	code, out, _ = run("lab", "down", "basic", "--yes")
	if code != 0 || !strings.Contains(out, "nothing to destroy") {
		t.Errorf("second down: exit %d, %q", code, out)
	}
}

func TestLabUpJSON(t *testing.T) {
	run, _ := labEnv(t)
	code, out, errs := run("lab", "up", "basic", "--yes", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("lab up --json: stdout is not one JSON document: %v\n%s", err, out)
	}
	if st["state"] != "applied" || st["resources"] != 3.0 {
		t.Errorf("lab up --json = %v", st)
	}
	if !strings.Contains(errs, "[3/3]") {
		t.Errorf("with --json the progress belongs on stderr; got %q", errs)
	}
}

func TestLabUnknownIsUsageError(t *testing.T) {
	run, _ := labEnv(t)
	for _, args := range [][]string{
		{"lab", "status", "nope"}, {"lab", "plan", "nope"}, {"lab", "up", "nope", "--yes"},
		{"lab", "down", "nope", "--yes"}, {"lab", "reset", "nope", "--yes"}, {"lab", "solve", "nope", "--yes"},
	} {
		code, _, errs := run(args...)
		if code != ExitUsage || !strings.Contains(errs, `there is no lab "nope"`) || !strings.Contains(errs, "basic, ") ||
			strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, %q; want exit 2 and one line listing the lab ids", args, code, errs)
		}
	}
	code, _, errs := run("lab", "solve", "basic", "--step", "nope", "--yes")
	if code != ExitUsage || !strings.Contains(errs, "core, extend") {
		t.Errorf("unknown step: exit %d, %q; want exit 2 listing the steps", code, errs)
	}
	code, _, _ = run("lab", "up")
	if code != ExitUsage {
		t.Errorf("lab up without a lab: exit %d, want 2", code)
	}
}

func TestLabNeedsYesWithoutTerminal(t *testing.T) {
	run, stateDir := labEnv(t)
	for _, args := range [][]string{{"lab", "up", "basic"}, {"lab", "down", "basic"}, {"lab", "reset", "basic"}, {"lab", "solve", "basic"}} {
		code, _, errs := run(args...)
		if code != ExitUsage || !strings.Contains(errs, "pass --yes") {
			t.Errorf("%v without a terminal: exit %d, %q; want exit 2 asking for --yes", args, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(stateDir, "workspaces", "sandbox", "basic")); err == nil {
		t.Error("a refused command created the lab's workspace")
	}
	if st := labStatusJSON(t, run, "basic"); st["state"] != "none" || st["resources"] != 0.0 {
		t.Errorf("status after refused commands = %v, want none", st)
	}
}

func TestLabBusy(t *testing.T) {
	run, stateDir := labEnv(t)
	// reset on a new lab makes the workspace from the starter files.
	if code, _, errs := run("lab", "reset", "basic", "--yes"); code != 0 {
		t.Fatalf("reset: exit %d: %s", code, errs)
	}
	lock, err := tfrun.LockWorkspace(filepath.Join(stateDir, "workspaces", "sandbox", "basic"), "apply")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	for _, args := range [][]string{{"lab", "up", "basic", "--yes"}, {"lab", "plan", "basic"}, {"lab", "solve", "basic", "--yes"}} {
		code, _, errs := run(args...)
		if code != ExitFailure || !strings.Contains(errs, "lab basic is busy: another awstutor is running terraform in it; wait for it to finish") ||
			strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v while busy: exit %d, %q; want exit 1 with the busy sentence", args, code, errs)
		}
	}
	code, out, _ := run("lab", "status", "basic")
	if code != 0 || !strings.Contains(out, "another awstutor is running terraform in it now") {
		t.Errorf("status while busy: exit %d, %q", code, out)
	}
	if st := labStatusJSON(t, run, "basic"); st["state"] != "none" {
		t.Errorf("busy lab state = %v, want none (nothing ran)", st["state"])
	}
}

func TestLabResetAndSolve(t *testing.T) {
	run, stateDir := labEnv(t)
	ws := filepath.Join(stateDir, "workspaces", "sandbox", "basic")
	starter := filepath.Join(fixtureLabs(t), "basic", "starter")
	solution := filepath.Join(fixtureLabs(t), "basic", "solution")

	code, out, errs := run("lab", "solve", "basic", "--step", "extend", "--yes")
	if code != 0 {
		t.Fatalf("solve: exit %d: %s", code, errs)
	}
	backup := backupIn(t, out)
	if _, err := os.Stat(filepath.Join(backup, "main.tf")); err != nil {
		t.Errorf("the solve backup %s lacks the starter's main.tf: %v", backup, err)
	}
	sameFile(t, filepath.Join(ws, "extra.tf"), filepath.Join(solution, "extra.tf"))

	// The learner edits; reset keeps the edit in its backup.
	edited := []byte("# my attempt\n")
	if err := os.WriteFile(filepath.Join(ws, "main.tf"), edited, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs = run("lab", "reset", "basic", "--yes", "--json")
	if code != 0 {
		t.Fatalf("reset: exit %d: %s", code, errs)
	}
	var res rewriteJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Lab != "basic" || res.Workspace != ws || res.Backup == "" || res.Backup == backup {
		t.Fatalf("reset --json = %s (%v); want lab, workspace and a new backup", out, err)
	}
	if got, _ := os.ReadFile(filepath.Join(res.Backup, "main.tf")); !bytes.Equal(got, edited) {
		t.Errorf("the reset backup holds main.tf %q, want the learner's edit", got)
	}
	sameFile(t, filepath.Join(ws, "main.tf"), filepath.Join(starter, "main.tf"))
	if _, err := os.Stat(filepath.Join(ws, "extra.tf")); err == nil {
		t.Error("reset left the solution's extra.tf in the workspace")
	}
}

// backupIn takes the backup path from the last word of reset's or solve's
// sentence, and checks it is a directory.
func backupIn(t *testing.T, out string) string {
	t.Helper()
	const marker = "your previous files are in "
	_, after, ok := strings.Cut(strings.TrimSpace(out), marker)
	if !ok {
		t.Fatalf("no backup path in %q", out)
	}
	if st, err := os.Stat(after); err != nil || !st.IsDir() {
		t.Fatalf("backup %q is not a directory: %v", after, err)
	}
	return after
}

func sameFile(t *testing.T, got, want string) {
	t.Helper()
	g, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g, w) {
		t.Errorf("%s differs from %s", got, want)
	}
}

// watchWriter is a buffer that is safe to read while Execute writes, and
// signals once its content contains a string.
type watchWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
}

func (w *watchWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if w.seen != nil && strings.Contains(w.buf.String(), w.want) {
		close(w.seen)
		w.seen = nil
	}
	return n, err
}

func (w *watchWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func TestLabInterruptThenDown(t *testing.T) {
	run, stateDir := labEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := make(chan struct{})
	out := &watchWriter{want: "+ terraform_data.slow ... started", seen: seen}
	var errb watchWriter
	done := make(chan int, 1)
	go func() {
		done <- Execute(ctx, []string{"lab", "up", "slow", "--yes", "--labs-dir", fixtureLabs(t), "--lang", "en"}, out, &errb)
	}()
	select {
	case <-seen:
	case code := <-done:
		t.Fatalf("up ended (exit %d) before the slow resource started: %s\n%s", code, out, errb.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("the slow resource did not start: %s\n%s", out, errb.String())
	}
	// Let the provisioner's sleep begin, as a learner's Ctrl-C would.
	time.Sleep(time.Second)
	cancel()
	var code int
	select {
	case code = <-done:
	case <-time.After(45 * time.Second):
		t.Fatal("up did not stop after the interrupt")
	}
	if code != ExitCancelled {
		t.Fatalf("interrupted up: exit %d, want %d\n%s\n%s", code, ExitCancelled, out, errb.String())
	}
	for _, want := range []string{"interrupted and recorded", "awstutor lab up slow", "awstutor lab down slow"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q: %s", want, errb.String())
		}
	}
	if !strings.Contains(out.String(), "stopping terraform gracefully") {
		t.Errorf("stdout does not say terraform is being stopped:\n%s", out)
	}

	st := labStatusJSON(t, run, "slow")
	if st["state"] != "interrupted" || st["resources"] != 2.0 {
		t.Errorf("status after the interrupt = %v, want interrupted with fast and the tainted slow", st)
	}
	if rec := labRun(t, stateDir, "slow"); rec.LastOp != "apply" || rec.Result != "interrupted" || rec.Resources != 2 {
		t.Errorf("progress.json records %+v, want apply interrupted with 2 resources", rec)
	}
	code, text, _ := run("lab", "status", "slow")
	if code != 0 || !strings.Contains(text, "terraform_data.slow (tainted") ||
		!strings.Contains(text, "the last apply of lab slow was interrupted") || !strings.Contains(text, "`awstutor lab down slow`") {
		t.Errorf("status text after the interrupt: exit %d\n%s", code, text)
	}

	code, text, errs := run("lab", "down", "slow", "--yes")
	if code != 0 || !strings.Contains(text, "the last run of lab slow was interrupted") || !strings.Contains(text, "2 destroyed") {
		t.Fatalf("down after the interrupt: exit %d: %s\n%s", code, errs, text)
	}
	if st := labStatusJSON(t, run, "slow"); st["state"] != "destroyed" || st["resources"] != 0.0 {
		t.Errorf("status after down = %v, want destroyed", st)
	}
}

func TestLabMissingTerraform(t *testing.T) {
	isolate(t)
	t.Setenv("PATH", t.TempDir())
	t.Setenv(tfrun.EnvTerraform, "")
	labsDir := fixtureLabs(t)
	code, _, errs := runCLI(t, "lab", "plan", "basic", "--labs-dir", labsDir)
	if code != ExitFailure || !strings.Contains(errs, "install Terraform") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("plan without terraform: exit %d, %q; want one sentence on installing it", code, errs)
	}
	code, _, errs = runCLI(t, "lab", "up", "basic", "--yes", "--terraform", "/nonexistent/terraform", "--labs-dir", labsDir)
	if code != ExitFailure || !strings.Contains(errs, "/nonexistent/terraform (from --terraform)") {
		t.Errorf("up with a wrong --terraform: exit %d, %q", code, errs)
	}
	// Nothing has state yet, so listing needs no terraform.
	if code, _, errs = runCLI(t, "lab", "list", "--labs-dir", labsDir); code != 0 {
		t.Errorf("lab list without terraform: exit %d, %q", code, errs)
	}
}

func TestNeedsEmulator(t *testing.T) {
	isolate(t)
	o := &Options{Target: labs.TargetSandbox, StateDir: t.TempDir(), LabsDir: fixtureLabs(t)}
	cat, err := o.LabCatalog()
	if err != nil {
		t.Fatal(err)
	}
	m, err := o.newLabManager(cat, tfrun.Binary{}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lab  string
		op   labs.Op
		want bool
	}{
		{"sqs", labs.OpApply, true},
		{"sqs", labs.OpPlan, true},
		{"sqs", labs.OpDestroy, false}, // never started: nothing to destroy
		{"basic", labs.OpApply, false},
		{"slow", labs.OpPlan, false},
	} {
		lab, err := cat.Lab(tc.lab)
		if err != nil {
			t.Fatal(err)
		}
		got, err := needsEmulator(m, lab, tc.op)
		if err != nil || got != tc.want {
			t.Errorf("needsEmulator(%s, %s) = %v, %v; want %v", tc.lab, tc.op, got, err, tc.want)
		}
	}
	if _, err := os.Stat(m.WorkspaceDir("sqs")); err == nil {
		t.Error("deciding created a workspace")
	}
}

func TestProgressRecorder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := progress.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec := NewProgressRecorder(store)
	if _, ok, err := rec.LastRun(ctx, "sandbox", "basic"); ok || err != nil {
		t.Fatalf("LastRun of nothing = %v, %v", ok, err)
	}
	at := time.Date(2026, 11, 23, 1, 2, 3, 0, time.UTC)
	run := labs.Run{Target: "sandbox", Lab: "basic", Workspace: "/w", LastOp: labs.OpApply, Result: labs.ResultOK, AppliedAt: at, UpdatedAt: at.Add(time.Minute), Resources: 3}
	if err := rec.RecordRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	got, ok, err := rec.LastRun(ctx, "sandbox", "basic")
	if !ok || err != nil || got != run {
		t.Errorf("LastRun = %+v, %v, %v; want %+v", got, ok, err, run)
	}
	if _, ok, _ := rec.LastRun(ctx, "aws", "basic"); ok {
		t.Error("a sandbox run was returned for the aws target")
	}
	st, err := store.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r := st.Labs["sandbox/basic"]; r.LastOp != "apply" || r.Result != "ok" || !r.AppliedAt.Equal(at) || r.Resources != 3 {
		t.Errorf("progress.json holds %+v", r)
	}

	// A damaged file is set aside by the store; the recorder carries on.
	if err := os.WriteFile(store.Path(), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := rec.LastRun(ctx, "sandbox", "basic"); ok || err != nil {
		t.Errorf("LastRun over a damaged file = %v, %v; want no run and no error", ok, err)
	}
}

func TestRunPrinter(t *testing.T) {
	t.Parallel()
	plan := &tfrun.Plan{Resources: []tfrun.PlannedChange{
		{Address: "terraform_data.a", Type: "terraform_data", Action: tfrun.ActionCreate},
		{Address: "terraform_data.b", Type: "terraform_data", Action: tfrun.ActionCreate},
	}}
	var b bytes.Buffer
	p := newRunPrinter(&b, english, false, plan)
	events, wait := p.stream(context.Background())
	for _, e := range []tfrun.Event{
		{Kind: tfrun.EventStarted, Address: "terraform_data.a", Action: "create"},
		{Kind: tfrun.EventProgress, Address: "terraform_data.a", Action: "create", Elapsed: 10 * time.Second},
		{Kind: tfrun.EventDone, Address: "terraform_data.a", Action: "create", Elapsed: 1500 * time.Millisecond},
		{Kind: tfrun.EventStarted, Address: "terraform_data.b", Action: "create"},
		{Kind: tfrun.EventProgress, Message: "\nInterrupt received.\nPlease wait for Terraform to exit or data loss may occur.\n"},
		{Kind: tfrun.EventProgress, Message: "Stopping operation..."},
		{Kind: tfrun.EventFailed, Address: "terraform_data.b", Action: "create", Elapsed: 12 * time.Second},
		{Kind: tfrun.EventDiagnostic, Address: "terraform_data.b", Diagnostic: &tfrun.Diagnostic{Severity: "error", Summary: "boom", Detail: "it broke", File: "main.tf", Line: 7}},
		{Kind: tfrun.EventDiagnostic, Diagnostic: &tfrun.Diagnostic{Severity: "error", Summary: "execution halted"}},
	} {
		events <- e
	}
	wait()
	want := `  + terraform_data.a ... started
  + terraform_data.a ... done in 1.5s  [1/2]
  + terraform_data.b ... started
  Stopping operation...
  + terraform_data.b ... failed after 12s  [2/2]
      error: boom: it broke (main.tf:7)
`
	if b.String() != want {
		t.Errorf("printed:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestRunPrinterTimeLeft(t *testing.T) {
	t.Parallel()
	plan := &tfrun.Plan{Resources: []tfrun.PlannedChange{
		{Address: "x.a", Action: tfrun.ActionCreate}, {Address: "x.b", Action: tfrun.ActionCreate}, {Address: "x.c", Action: tfrun.ActionCreate},
	}}
	now := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	p := &runPrinter{w: &bytes.Buffer{}, t: english, prog: tfrun.NewProgress(plan, func() time.Time { return now })}
	p.observe(tfrun.Event{Kind: tfrun.EventStarted, Address: "x.a", Action: "create"})
	now = now.Add(4 * time.Second)
	p.observe(tfrun.Event{Kind: tfrun.EventDone, Address: "x.a", Action: "create"})
	if got, want := p.count(), "[1/3, about 8.0s left]"; got != want {
		t.Errorf("count = %q, want %q", got, want)
	}
}

func TestLabAWSAccountGuard(t *testing.T) {
	run, stateDir := labEnv(t)
	// moto stands in for STS, so the guard's question has a real answer
	// (moto's account is 123456789012) and nothing leaves the machine;
	// the basic lab itself needs no AWS at all.
	srv := mototest.Start(t)
	empty := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": srv.Endpoint(), "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_CONFIG_FILE": empty, "AWS_SHARED_CREDENTIALS_FILE": empty,
	} {
		t.Setenv(k, v)
	}
	aws := func(args ...string) (int, string, string) { return run(append(args, "--target", "aws")...) }

	code, _, errs := aws("lab", "up", "basic", "--yes")
	if code != ExitUsage || !strings.Contains(errs, "--yes --account 123456789012") {
		t.Fatalf("up in an unconfirmed account: exit %d, %q; want exit 2 saying how to confirm", code, errs)
	}
	code, _, errs = aws("lab", "up", "basic", "--yes", "--account", "210987654321")
	if code != ExitUsage || !strings.Contains(errs, "does not match") {
		t.Errorf("up with the wrong --account: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(stateDir, "workspaces", "aws", "basic")); err == nil {
		t.Fatal("a refused up made the workspace")
	}
	code, out, errs := aws("lab", "up", "basic", "--yes", "--account", "123456789012")
	if code != 0 || !strings.Contains(out, "using AWS account 123456789012") || !strings.Contains(out, "[3/3]") {
		t.Fatalf("up with --account: exit %d: %s\n%s", code, errs, out)
	}

	cfg := filepath.Join(filepath.Dir(stateDir), "config.yaml")
	// The confirmation was saved: the next command needs no --account.
	if saved, err := os.ReadFile(cfg); err != nil || !strings.Contains(string(saved), "123456789012") {
		t.Fatalf("the confirmed account was not saved in %s: %v %q", cfg, err, saved)
	}
	if code, out, errs := aws("lab", "status", "basic"); code != 0 {
		t.Fatalf("status after confirming: exit %d %s %s", code, out, errs)
	}
	if err := os.WriteFile(cfg, []byte("accounts:\n  blocklist: [\"123456789012\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs = aws("lab", "down", "basic", "--yes", "--account", "123456789012")
	if code != ExitFailure || !strings.Contains(errs, "blocklist") {
		t.Errorf("down in a blocklisted account: exit %d, %q", code, errs)
	}
	if err := os.WriteFile(cfg, []byte("accounts:\n  confirmed: [\"123456789012\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs = aws("lab", "down", "basic", "--yes")
	if code != 0 || !strings.Contains(out, "3 destroyed") {
		t.Errorf("down in a confirmed account: exit %d: %s\n%s", code, errs, out)
	}
}
