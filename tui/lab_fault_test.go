package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/labs"
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
	}{
		{"syntax error", "broken.tf", "resource \"terraform_data\" \"oops\" {\n  input = \n}\n", "broken.tf line 2"},
		{"wrong variable type", "class.tfvars", "greeting = [\"a\", \"b\"]\n", "class.tfvars:1"},
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
			if err := os.WriteFile(path, []byte(tt.body), 0o600); err != nil {
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
