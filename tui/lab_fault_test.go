package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/i18n"
	"awstutor/labs"
	"awstutor/tfrun"
)

// TestLabScreenSurvivesBrokenTerraform breaks the learner's workspace the
// ways learners do (a syntax error, a variable of the wrong type) and
// drives the lab screen with a real manager and terraform: the failed plan
// must be shown with the file and line to fix, the screen must stay
// usable (keys move between steps, show hints, go home and back), and once
// the file is fixed the same key plans again.
func TestLabScreenSurvivesBrokenTerraform(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		body  string
		where string
		// appended says body goes at the end of the file rather than
		// replacing it.
		appended bool
	}{
		{"syntax error", "broken.tf", "resource \"terraform_data\" \"oops\" {\n  input = \n}\n", "broken.tf line 2", false},
		{"wrong variable type", "class.tfvars", "greeting = [\"a\", \"b\"]\n", "class.tfvars:1", false},
		// What Terraform says when a resource type was removed from a
		// provider; the built-in provider stands in for one that cannot
		// be downloaded here. The fixture's main.tf has 19 lines.
		{"resource type the provider lacks", "main.tf", "\nresource \"terraform_nope\" \"x\" {}\n", "main.tf:21", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, mgr := labConfig(t)
			ws, err := mgr.Prepare(context.Background(), "basic")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(ws.Dir, tt.file)
			good, _ := os.ReadFile(path)
			body := tt.body
			if tt.appended {
				body = string(good) + body
			}
			if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			m := openTestLab(t, cfg, "basic")
			m = runUntilIdle(t, m, press("a"))
			screen := xansi.Strip(m.View().Content)
			if m.lab.phase != labIdle {
				t.Fatalf("a failed plan left the screen in phase %d, want idle", m.lab.phase)
			}
			if !strings.Contains(screen, tt.where) && !strings.Contains(m.status, tt.where) {
				t.Errorf("the failure does not say where (%s); status %q, screen:\n%s", tt.where, m.status, screen)
			}
			if strings.Contains(screen, "encountered problems during initialisation") {
				t.Errorf("the screen shows terraform's preamble instead of the error:\n%s", screen)
			}
			if tt.appended && !strings.Contains(screen, "Invalid resource type") {
				t.Errorf("the screen does not give terraform's summary (Invalid resource type):\n%s", screen)
			}
			if st, _ := tfrun.ReadState(ws.Dir); st.Exists {
				t.Error("the failed plan left a state in the workspace")
			}

			// The screen still answers keys.
			for _, k := range []string{"h", "j", "k"} {
				m = run(t, m, press(k))
			}
			if m.lab.step != 0 || m.lab.hints["core"] != 1 {
				t.Errorf("after h, j, k: step %d, hints %v; the screen stopped answering keys", m.lab.step, m.lab.hints)
			}
			m = run(t, m, press("esc"))
			if m.screen != screenHome {
				t.Fatalf("esc did not go home after a failed plan (screen %d)", m.screen)
			}
			nm, cmd := m.openLab("basic")
			m = nm.(Model)
			for _, msg := range collect(cmd) {
				m = run(t, m, msg)
			}

			// Fixed, the same key plans.
			if tt.file == "broken.tf" {
				err = os.Remove(path)
			} else {
				err = os.WriteFile(path, good, 0o600)
			}
			if err != nil {
				t.Fatal(err)
			}
			m = runUntilIdle(t, m, press("a"))
			if m.lab.phase != labConfirming || m.lab.plan == nil || m.lab.plan.Adds != 3 {
				t.Fatalf("after the fix a did not plan: phase %d, status %q", m.lab.phase, m.status)
			}
			if st, err := mgr.Status(context.Background(), "basic"); err != nil || st.State != labs.StatePlanned {
				t.Errorf("status after the fixed plan = %+v, %v", st.State, err)
			}
		})
	}
}

// refusingRecorder recalls runs but cannot save an apply or a destroy,
// as the progress store on a disk gone read-only after the plan.
type refusingRecorder struct{ labs.MemoryRecorder }

func (r *refusingRecorder) RecordRun(ctx context.Context, run labs.Run) error {
	if run.LastOp == labs.OpPlan {
		return r.MemoryRecorder.RecordRun(ctx, run)
	}
	return fmt.Errorf("save progress: create temp file: %w", &os.PathError{Op: "open", Path: "progress.json.tmp-1", Err: errors.New("read-only file system")})
}

// leftPane is the lab screen's steps pane as words, its wrapping undone.
func leftPane(m Model) string {
	return strings.Join(strings.Fields(xansi.Strip(m.lab.stepsView(38, 40, m.styles, m.cfg.Printer))), " ")
}

// TestLabScreenRunNotRecorded applies and destroys from the lab screen
// while the learner's progress cannot be saved: Terraform's work is done
// and shown as done, and the screen says in one sentence, beside the
// steps (the status bar would cut it short), that awstutor could not
// record it and that status and cleanup still find it; the screen stays
// usable and the state holds what Terraform did.
func TestLabScreenRunNotRecorded(t *testing.T) {
	cfg, mgr := labConfigRecording(t, &refusingRecorder{})
	p := cfg.Printer
	m := openTestLab(t, cfg, "basic")
	m = runUntilIdle(t, m, press("a"))
	if m.lab.phase != labConfirming {
		t.Fatalf("a did not end in a confirmation: phase %d, status %q", m.lab.phase, m.status)
	}
	m = runUntilIdle(t, m, press("y"))
	want := p.T(i18n.FaultLabNotRecorded, "basic", "progress.json", "read-only file system")
	if m.lab.phase != labIdle || m.lab.showResult || m.status != want || m.lab.fault != want {
		t.Fatalf("after an apply that could not be recorded: phase %d, result panel %v, status %q, fault %q; want %q",
			m.lab.phase, m.lab.showResult, m.status, m.lab.fault, want)
	}
	if pane, w := leftPane(m), strings.Join(strings.Fields(want), " "); !strings.Contains(pane, w) {
		t.Errorf("the steps pane does not say %q:\n%s", w, pane)
	}
	if st, err := mgr.Status(context.Background(), "basic"); err != nil || st.Resources != 3 || m.lab.status.Resources != 3 {
		t.Errorf("after the unrecorded apply the lab holds %d resources (screen %d), %v; want 3", st.Resources, m.lab.status.Resources, err)
	}
	m = run(t, m, press("h"))
	if m.lab.hints["core"] != 1 {
		t.Error("the screen stopped answering keys")
	}

	m = runUntilIdle(t, m, press("d"))
	m = runUntilIdle(t, m, press("y"))
	want = p.T(i18n.FaultLabDestroyNotRecorded, "basic", "progress.json", "read-only file system")
	if m.lab.phase != labIdle || m.status != want || m.lab.fault != want {
		t.Fatalf("after a destroy that could not be recorded: phase %d, status %q; want %q", m.lab.phase, m.status, want)
	}
	if st, err := mgr.Status(context.Background(), "basic"); err != nil || st.Resources != 0 {
		t.Errorf("after the unrecorded destroy the lab holds %d resources, %v", st.Resources, err)
	}
}

// TestLabVerifyNothingApplied presses v on a lab with nothing deployed:
// the screen says in one sentence to run lab up first, beside the steps
// and in the status bar, and ticks nothing. Both ways there are say it:
// the screen's own look at the lab's status, and the verifier (the real
// labs.Manager.Verify, as the classroom's verifier reaches it once the
// sandbox runs) when the screen has no runner to ask. (The slow fixture
// lab has no checks to register: verify stops before any would run.)
func TestLabVerifyNothingApplied(t *testing.T) {
	cfg, mgr := labConfig(t)
	calls := 0
	cfg.Verify = func(ctx context.Context, lab string) ([]labs.CheckResult, error) {
		calls++
		return mgr.Verify(ctx, lab, nil, labs.VerifyOptions{})
	}
	want := cfg.Printer.T(i18n.FaultNothingAppliedSandbox, "slow", "slow")
	for _, runner := range []bool{true, false} {
		m := openTestLab(t, cfg, "slow")
		if !runner {
			m.runner = nil
		}
		m = run(t, m, press("v"))
		if m.status != want || m.lab.fault != want || len(m.lab.checks) != 0 || m.lab.verifying {
			t.Errorf("runner %v: v with nothing deployed: status %q, fault %q, checks %v; want %q", runner, m.status, m.lab.fault, m.lab.checks, want)
		}
		if pane, w := leftPane(m), strings.Join(strings.Fields(want), " "); !strings.Contains(pane, w) {
			t.Errorf("runner %v: the steps pane does not say %q:\n%s", runner, w, pane)
		}
	}
	if calls != 1 {
		t.Errorf("the verifier ran %d times, want once (only without a runner)", calls)
	}
}

// TestLabScreenSandboxStopped: a run that ends because the sandbox
// stopped answering says so beside the steps, with what to do, instead of
// the result panel's advice to fix the code.
func TestLabScreenSandboxStopped(t *testing.T) {
	cfg, _ := labConfig(t)
	m := openTestLab(t, cfg, "basic")
	m = runUntilIdle(t, m, press("a"))
	if m.lab.phase != labConfirming {
		t.Fatalf("a did not end in a confirmation: phase %d, status %q", m.lab.phase, m.status)
	}
	m.lab.phase, m.lab.op, m.lab.progress = labRunning, "apply", tfrun.NewProgress(m.lab.plan, cfg.Now)
	m.lab.run++
	stopped := &labs.SandboxStoppedError{Lab: "basic", Op: labs.OpApply, Endpoint: "http://127.0.0.1:5000", Err: errors.New("apply lab basic: terraform apply failed")}
	m = run(t, m, labAppliedMsg{run: m.lab.run, err: stopped})
	want := cfg.Printer.T(i18n.FaultSandboxStopped, "http://127.0.0.1:5000", labs.OpApply, "basic", "lab up basic")
	if m.lab.phase != labIdle || m.lab.showResult || m.status != want || m.lab.fault != want {
		t.Errorf("after the sandbox stopped: phase %d, result panel %v, status %q, fault %q; want %q", m.lab.phase, m.lab.showResult, m.status, m.lab.fault, want)
	}
	if pane, w := leftPane(m), strings.Join(strings.Fields(want), " "); !strings.Contains(pane, w) {
		t.Errorf("the steps pane does not say %q:\n%s", w, pane)
	}
}
