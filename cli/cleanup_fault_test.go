package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"awstutor/cloud/mototest"
	"awstutor/tfrun"
)

// TestFaultCleanupAfterKill kills `lab up` with SIGKILL (awstutor and its
// terraform) after the slow lab's first resource was created, leaving the
// workspace lock marker, perhaps terraform's lock info, and a state with
// only what had finished. The end-of-day `awstutor cleanup`, a fresh
// process, must destroy what was created despite all that (the state file
// lists nothing afterwards), sweep the running sandbox, exit 0, say in one
// note line that the lab's last run was interrupted and cleanup finished
// it, and keep the learner's progress.
func TestFaultCleanupAfterKill(t *testing.T) {
	needTerraform(t)
	dir := isolate(t)
	stateDir := filepath.Join(dir, "state")
	seedLessonRead(t, stateDir)
	srv := mototest.Start(t)
	args := []string{"--labs-dir", fixtureLabs(t), "--lang", "en", "--endpoint", srv.Endpoint()}
	ws := filepath.Join(stateDir, "workspaces", "sandbox", "slow")

	up := faultStart(t, append([]string{"lab", "up", "slow", "--yes"}, args...)...)
	up.waitFor(t, "+ terraform_data.slow ... started", 60*time.Second)
	killWithTerraform(t, up)
	if op, err := tfrun.AbandonedOp(ws); err != nil || op != "apply" {
		t.Fatalf("after the kill the workspace reads as abandoned %q (%v), want apply", op, err)
	}
	st, err := tfrun.ReadState(ws)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Resources) != 1 || st.Resources[0].Address != "terraform_data.fast" {
		t.Fatalf("after the kill the state holds %v, want terraform_data.fast", st.Resources)
	}

	clean := faultStart(t, append([]string{"cleanup", "--yes"}, args...)...)
	code := clean.wait(t, 2*time.Minute)
	out, errs := clean.out.String(), clean.errb.String()
	if code != 0 {
		t.Fatalf("cleanup after the kill: exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"- terraform_data.fast ... done", "destroyed: lab slow (1 resource)", "nothing remains in sandbox"} {
		if !strings.Contains(out, want) {
			t.Errorf("cleanup's output lacks %q:\n%s", want, out)
		}
	}
	if strings.TrimSpace(errs) != "" {
		t.Errorf("cleanup after the kill wrote to stderr: %q", errs)
	}
	// Whatever cleanup says about the run the kill cut short (a lock left
	// behind, an interrupted apply) is a sentence on a line of its own,
	// not Terraform's lock dump: one note that the last apply was
	// interrupted and cleanup took over the workspace and finished it.
	note := "note: the last apply of lab slow was interrupted (its process stopped without finishing); " +
		"cleanup took over the workspace and finished it by destroying the lab."
	var said []string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "Lock Info") || strings.Contains(line, "ID:") || strings.Contains(line, "Error acquiring the state lock") {
			t.Errorf("cleanup shows terraform's lock dump: %q\n%s", line, out)
		}
		if strings.Contains(line, "interrupted") {
			said = append(said, line)
		}
	}
	if len(said) != 1 || said[0] != note {
		t.Errorf("cleanup says of the killed run %q, want the one line\n%q\nstdout:\n%s", said, note, out)
	}

	// The real state file: nothing left, and no terraform_data in it.
	raw, err := os.ReadFile(filepath.Join(ws, tfrun.StateFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "terraform_data") {
		t.Errorf("terraform.tfstate still lists a terraform_data after cleanup:\n%s", raw)
	}
	if n := faultStateCount(t, stateDir, "sandbox", "slow"); n != 0 {
		t.Errorf("after cleanup the state holds %d resources", n)
	}
	if op, err := tfrun.AbandonedOp(ws); err != nil || op != "" {
		t.Errorf("after cleanup the workspace still reads as abandoned (%q, %v)", op, err)
	}
	lessonStillRead(t, stateDir)
	if rec := labRun(t, stateDir, "slow"); rec.LastOp != "destroy" || rec.Result != "ok" || rec.Resources != 0 {
		t.Errorf("progress.json records the slow lab as %+v, want destroy ok with 0", rec)
	}
}
