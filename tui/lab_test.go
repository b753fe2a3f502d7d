package tui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"awstutor/labs"
	"awstutor/tfrun"
)

// labConfig is a test classroom whose labs are the terraform_data fixtures
// of the labs package, run by a real labs.Manager and a real terraform.
func labConfig(t *testing.T) (Config, *labs.Manager) {
	t.Helper()
	return labConfigRecording(t, &labs.MemoryRecorder{})
}

// labConfigRecording is labConfig with the manager recording runs in rec.
func labConfigRecording(t *testing.T, rec labs.Recorder) (Config, *labs.Manager) {
	t.Helper()
	cfg := testConfig(t, "ko", monday0945)
	cat, err := labs.Load(os.DirFS(filepath.Join("..", "labs", "testdata", "labs")))
	if err != nil {
		t.Fatal(err)
	}
	bin, err := tfrun.Find(context.Background(), tfrun.FindOptions{})
	if err != nil {
		t.Fatalf("the lab screen tests run the real terraform: %v", err)
	}
	mgr, err := labs.NewManager(labs.ManagerOptions{
		StateDir:  t.TempDir(),
		Target:    "sandbox",
		Catalog:   cat,
		Terraform: bin,
		Recorder:  rec,
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Labs = cat
	cfg.LabRunner = func(context.Context, string) (LabRunner, string, error) { return mgr, "", nil }
	return cfg, mgr
}

// openTestLab opens a fixture lab's screen and settles it.
func openTestLab(t *testing.T, cfg Config, id string) Model {
	t.Helper()
	m := start(t, cfg)
	nm, cmd := m.openLab(id)
	m = nm.(Model)
	for _, msg := range collect(cmd) {
		m = run(t, m, msg)
	}
	return m
}

// runUntilIdle feeds a key and every message that follows until the lab is
// no longer running; Terraform runs take longer than collect waits for one
// command, so events are drained here with a generous limit.
func runUntilIdle(t *testing.T, m Model, k tea.KeyPressMsg) Model {
	t.Helper()
	nm, cmd := m.Update(k)
	m = nm.(Model)
	queue := []tea.Cmd{cmd}
	deadline := time.Now().Add(60 * time.Second)
	for len(queue) > 0 && time.Now().Before(deadline) {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if b, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, b...)
			continue
		}
		if _, ok := msg.(labTickMsg); ok || msg == nil {
			continue
		}
		nm, next := m.Update(msg)
		m = nm.(Model)
		queue = append(queue, next)
	}
	return m
}

func TestLabScreenIdleGolden(t *testing.T) {
	cfg, _ := labConfig(t)
	m := openTestLab(t, cfg, "basic")
	if !m.lab.known || m.lab.status.State != labs.StateNone {
		t.Fatalf("status not loaded: %+v", m.lab.status)
	}
	m = run(t, m, press("h"))
	golden.RequireEqual(t, []byte(m.View().Content))
}

// TestLabScreenPlanApplyDestroy drives a whole lab from the screen: plan,
// the confirmation with the plan summary (golden), apply, then destroy.
func TestLabScreenPlanApplyDestroy(t *testing.T) {
	cfg, mgr := labConfig(t)
	if _, err := mgr.Solve(context.Background(), "basic", ""); err != nil {
		t.Fatal(err)
	}
	m := openTestLab(t, cfg, "basic")
	m = runUntilIdle(t, m, press("a"))
	if m.lab.phase != labConfirming || m.lab.plan == nil || m.lab.plan.Adds == 0 {
		t.Fatalf("a did not end in a confirmation of a plan: phase %d, status %q", m.lab.phase, m.status)
	}
	t.Run("plan summary", func(t *testing.T) { golden.RequireEqual(t, []byte(m.View().Content)) })

	m = runUntilIdle(t, m, press("y"))
	if m.lab.phase != labIdle || m.lab.status.State != labs.StateApplied {
		t.Fatalf("after y: phase %d, state %s, status %q", m.lab.phase, m.lab.status.State, m.status)
	}
	if m.lab.progress == nil || m.lab.progress.Done() != m.lab.progress.Total() || m.lab.progress.Total() == 0 {
		t.Errorf("progress after apply: %+v", m.lab.progress)
	}
	m = runUntilIdle(t, m, press("d"))
	if m.lab.phase != labConfirming || !m.lab.plan.Destroy {
		t.Fatalf("d did not end in a destroy confirmation")
	}
	m = runUntilIdle(t, m, press("y"))
	if m.lab.status.State != labs.StateDestroyed {
		t.Errorf("after destroy the state is %s", m.lab.status.State)
	}
}

// TestLabScreenProgressAndFailureGolden shows the progress panel while a
// run goes on and a failed resource with its diagnostic, from the events
// Terraform sends (fed here with fixed timings so the screen is stable).
func TestLabScreenProgressAndFailureGolden(t *testing.T) {
	cfg, _ := labConfig(t)
	m := openTestLab(t, cfg, "basic")
	plan := &tfrun.Plan{Adds: 3, Resources: []tfrun.PlannedChange{
		{Address: "terraform_data.first", Type: "terraform_data", Action: tfrun.ActionCreate},
		{Address: "terraform_data.second", Type: "terraform_data", Action: tfrun.ActionCreate},
		{Address: "terraform_data.third", Type: "terraform_data", Action: tfrun.ActionCreate},
	}}
	m.lab.plan = plan
	m.lab.run++
	runID := m.lab.run
	m.lab.phase, m.lab.op, m.lab.started = labRunning, "apply", monday0945
	m.lab.events = make(chan tfrun.Event)
	m.lab.cancel = func() {}
	at := monday0945
	send := func(ev tfrun.Event) {
		ev.Time = at
		nm, _ := m.Update(labEventMsg{run: runID, ev: ev})
		m = nm.(Model)
	}
	send(tfrun.Event{Kind: tfrun.EventSummary, Plan: plan})
	send(tfrun.Event{Kind: tfrun.EventStarted, Address: "terraform_data.first", Action: "create"})
	send(tfrun.Event{Kind: tfrun.EventDone, Address: "terraform_data.first", Action: "create", Elapsed: 1200 * time.Millisecond})
	send(tfrun.Event{Kind: tfrun.EventStarted, Address: "terraform_data.second", Action: "create"})
	t.Run("applying", func(t *testing.T) { golden.RequireEqual(t, []byte(m.View().Content)) })

	diag := &tfrun.Diagnostic{Severity: "error", Summary: "local-exec provisioner error", Detail: "exit status 1", Address: "terraform_data.second", File: "main.tf", Line: 5}
	send(tfrun.Event{Kind: tfrun.EventFailed, Address: "terraform_data.second", Action: "create", Elapsed: 2 * time.Second, Diagnostic: diag})
	send(tfrun.Event{Kind: tfrun.EventDiagnostic, Diagnostic: diag})
	nm, _ := m.Update(labAppliedMsg{run: runID, err: errors.New("terraform apply failed: local-exec provisioner error (main.tf:5)")})
	m = nm.(Model)
	out := m.View().Content
	if !strings.Contains(out, "main.tf:5") {
		t.Errorf("the failed resource's diagnostic is not on screen:\n%s", out)
	}
	t.Run("failed", func(t *testing.T) { golden.RequireEqual(t, []byte(out)) })
}

// TestLabConfirmShowsCost puts a Day 4 plan (ALB, Fargate service) in the
// apply confirmation and checks the estimate is shown, for the lab's
// length, labelled as simulated in the sandbox.
func TestLabConfirmShowsCost(t *testing.T) {
	cfg, _ := labConfig(t)
	m := openTestLab(t, cfg, "basic")
	raw, err := os.ReadFile(filepath.Join("..", "pricing", "testdata", "plans", "day4-alb-autoscaling.json"))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := tfrun.ParsePlan(raw)
	if err != nil {
		t.Fatal(err)
	}
	est, estErr := estimate(plan, "day4-alb-autoscaling", 60, nil, false)
	if estErr != nil {
		t.Fatal(estErr)
	}
	m.lab.run++
	m = run(t, m, labPlannedMsg{run: m.lab.run, plan: plan, est: est})
	out := m.View().Content
	for _, want := range []string{"예상 비용 (ap-northeast-2", "/h", "실습 60분", "샌드박스는 무료"} {
		if !strings.Contains(xansi.Strip(out), want) {
			t.Errorf("the confirmation lacks %q:\n%s", want, out)
		}
	}
	if est.HourlyTotal.IsZero() {
		t.Error("an ALB and a Fargate service priced at $0/h")
	}
}

// TestLabVerifyShowsResultsPerStep: v runs the lab's checks; the step with
// a failure is marked and selected, and its hint shows beside it; the
// classroom then reloads progress so the checklist sees the results.
func TestLabVerifyShowsResultsPerStep(t *testing.T) {
	cfg, mgr := labConfig(t)
	// The lab has something deployed, as far as its workspace says: a lab
	// with nothing is not verified (TestLabVerifyNothingApplied).
	writeOutputState(t, mgr, "basic", `{"greeting":{"value":"","type":"string"}}`)
	calls := 0
	cfg.Verify = func(_ context.Context, lab string) ([]labs.CheckResult, error) {
		calls++
		return []labs.CheckResult{{
			ID: "greeting-set", Step: "core", Title: "인사말 출력", Status: labs.CheckFail,
			Message: `expected greeting "hi", found ""`, Hint: "variables.tf의 greeting 기본값을 확인하세요.",
		}}, nil
	}
	m := openTestLab(t, cfg, "basic")
	m = run(t, m, press("j")) // move off the failing step: verify moves back to it
	m = run(t, m, press("v"))
	if calls != 1 {
		t.Fatalf("v ran the checks %d times", calls)
	}
	if m.lab.step != 0 {
		t.Errorf("the cursor is on step %d, want the failing step 0", m.lab.step)
	}
	out := xansi.Strip(m.View().Content)
	for _, want := range []string{"✗ 1. 세 리소스 만들기", "greeting-set", "기본값을 확인하세요", "검사 1/1개 실패"} {
		if !strings.Contains(strings.ReplaceAll(out, "\n", ""), want) && !strings.Contains(out, want) {
			t.Errorf("the lab screen lacks %q after verify:\n%s", want, out)
		}
	}
	golden.RequireEqual(t, []byte(m.View().Content))
}

// TestLabScreenFlow drives the lab screen in a running program with a real
// terraform: plan, read the confirmation, apply, see it done, quit.
func TestLabScreenFlow(t *testing.T) {
	cfg, mgr := labConfig(t)
	if _, err := mgr.Solve(context.Background(), "basic", ""); err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	waitFor := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(60*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	tm.Send(OpenLabMsg{Lab: "basic"})
	waitFor("아직 실행 전")
	tm.Send(press("a"))
	waitFor("이 계획대로 배포할까요?")
	tm.Send(press("y"))
	waitFor("apply 완료")
	tm.Send(press("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
	st, err := mgr.Status(context.Background(), "basic")
	if err != nil {
		t.Fatal(err)
	}
	if st.State != labs.StateApplied || st.Resources != 4 {
		t.Errorf("after the flow the lab is %s with %d resources, want applied with 4", st.State, st.Resources)
	}
}

// writeOutputState gives a lab's workspace a state with outputs and no
// resources, as if it had been applied, without running Terraform.
func writeOutputState(t *testing.T, mgr *labs.Manager, lab, outputs string) {
	t.Helper()
	ws, err := mgr.Prepare(context.Background(), lab)
	if err != nil {
		t.Fatal(err)
	}
	state := `{"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"00000000-0000-0000-0000-000000000004","outputs":` + outputs + `,"resources":[]}`
	if err := os.WriteFile(filepath.Join(ws.Dir, tfrun.StateFile), []byte(state), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLabImageKey: on Day 3 in the sandbox, i registers the simulated image
// and then verifies; a lab without a repository has no such key, and
// neither has a classroom that cannot register one (AWS).
func TestLabImageKey(t *testing.T) {
	cfg := testConfig(t, "ko", monday0945)
	cat, err := labs.Load(os.DirFS(filepath.Join("..", "labs", "content")))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Labs = cat
	cfg.LabRunner = func(context.Context, string) (LabRunner, string, error) { return &downRecorder{}, "", nil }
	var order []string
	cfg.SimulateImage = func(_ context.Context, lab string) (string, error) {
		order = append(order, "image "+lab)
		return "awstutor-web", nil
	}
	cfg.Verify = func(_ context.Context, lab string) ([]labs.CheckResult, error) {
		order = append(order, "verify "+lab)
		return nil, nil
	}
	m := openTestLab(t, cfg, "day3-fargate")
	if footer := xansi.Strip(m.lab.footer(m.styles, m.keys)); !strings.Contains(footer, "i 시뮬레이션 이미지") {
		t.Errorf("the Day 3 footer lacks the i key: %q", footer)
	}
	m = run(t, m, press("i"))
	if got := strings.Join(order, ", "); got != "image day3-fargate, verify day3-fargate" {
		t.Errorf("i ran %q, want the image then the checks", got)
	}

	order = nil
	m = openTestLab(t, cfg, "day1-messaging")
	m = run(t, m, press("i"))
	if len(order) != 0 || strings.Contains(xansi.Strip(m.lab.footer(m.styles, m.keys)), "시뮬레이션 이미지") {
		t.Errorf("Day 1 has no repository, yet i ran %v", order)
	}

	cfg.SimulateImage = nil
	m = openTestLab(t, cfg, "day3-fargate")
	m = run(t, m, press("i"))
	if len(order) != 0 {
		t.Errorf("without a way to register an image, i ran %v", order)
	}
}
