package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"awstutor/i18n"
	"awstutor/labs"
)

// TestFaultProgressNotSavedAfterRun runs `lab up` and then `lab down` with
// a state dir that has gone read-only (a failing disk remounted by the
// kernel) except for its workspaces, so Terraform does its work and only
// progress.json cannot take the record. Each must say so in one sentence
// on stderr (which lab, that it did happen, the file and the reason, and
// that status and cleanup still find it) and exit 1; the resources, the
// workspace and the learner's earlier progress stay, and status, reading
// the workspace, sees what Terraform did.
func TestFaultProgressNotSavedAfterRun(t *testing.T) {
	run, stateDir := labEnv(t)
	seedLessonRead(t, stateDir)
	file := filepath.Join(stateDir, "progress.json")
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	writable := []string{"workspaces", "logs", "plugin-cache", "sandbox"}
	reason := "read-only file system"
	if os.Geteuid() != 0 {
		reason = "permission denied"
	}
	ws := filepath.Join(stateDir, "workspaces", "sandbox", "basic")

	for _, step := range []struct {
		args      []string
		sentence  string
		resources int
	}{
		{[]string{"lab", "up", "basic", "--yes"},
			"awstutor: lab basic is applied, but awstutor could not record it in " + file + ": " + reason +
				"; status and cleanup still find it from the workspace\n", 3},
		{[]string{"lab", "down", "basic", "--yes"},
			"awstutor: lab basic is destroyed, but awstutor could not record it in " + file + ": " + reason +
				"; status and cleanup still see from the workspace that nothing is left\n", 0},
	} {
		p := faultStartReadOnly(t, stateDir, writable, append(step.args, "--labs-dir", fixtureLabs(t), "--lang", "en")...)
		code := p.wait(t, 2*time.Minute)
		if code != ExitFailure || p.errb.String() != step.sentence {
			t.Errorf("%v with progress.json unwritable: exit %d, stderr %q\nwant exit 1 and %q\nstdout:\n%s", step.args, code, p.errb, step.sentence, p.out)
		}
		if n := faultStateCount(t, stateDir, "sandbox", "basic"); n != step.resources {
			t.Errorf("after %v the state holds %d resources, want %d", step.args, n, step.resources)
		}
		if _, err := os.Stat(filepath.Join(ws, "main.tf")); err != nil {
			t.Errorf("after %v the workspace is gone: %v", step.args, err)
		}
		if after, _ := os.ReadFile(file); !bytes.Equal(after, before) {
			t.Errorf("progress.json changed although it could not be written")
		}
		lessonStillRead(t, stateDir)
		if st := labStatusJSON(t, run, "basic"); st["resources"] != float64(step.resources) {
			t.Errorf("status after %v = %v, want %d resources found from the workspace", step.args, st, step.resources)
		}
	}

	// With the file writable again, the next run is recorded as usual.
	if code, out, errs := run("lab", "up", "basic", "--yes"); code != 0 {
		t.Fatalf("lab up with progress.json writable again: exit %d\n%s\n%s", code, out, errs)
	}
	if rec := labRun(t, stateDir, "basic"); rec.LastOp != "apply" || rec.Result != "ok" || rec.Resources != 3 {
		t.Errorf("the run after the fault is recorded as %+v", rec)
	}
	if code, _, errs := run("lab", "down", "basic", "--yes"); code != 0 {
		t.Errorf("lab down: exit %d: %s", code, errs)
	}
}

// TestFaultCleanupProgressNotSaved runs the end-of-day `cleanup --yes`
// after a `lab up`, with the state dir gone read-only except for its
// workspaces, so Terraform destroys the lab and only progress.json cannot
// take the record. The lab is destroyed, which is what cleanup is for, so
// it must say so (destroyed, nothing remains, exit 0) and give the record's
// failure as one note line, the sentence `lab down` says it in, not call
// the lab "not destroyed" and exit 1 unsure of what remains. The real
// state file lists nothing afterwards, the learner's progress stays, and
// lab status, reading the workspace, calls the lab destroyed.
func TestFaultCleanupProgressNotSaved(t *testing.T) {
	run, stateDir := labEnv(t)
	seedLessonRead(t, stateDir)
	if code, out, errs := run("lab", "up", "basic", "--yes"); code != 0 {
		t.Fatalf("lab up: exit %d\n%s\n%s", code, out, errs)
	}
	file := filepath.Join(stateDir, "progress.json")
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	reason := "read-only file system"
	if os.Geteuid() != 0 {
		reason = "permission denied"
	}

	p := faultStartReadOnly(t, stateDir, []string{"workspaces", "logs", "plugin-cache", "sandbox"},
		"cleanup", "--yes", "--labs-dir", fixtureLabs(t), "--lang", "en")
	code := p.wait(t, 2*time.Minute)
	out, errs := p.out.String(), p.errb.String()
	if code != 0 {
		t.Fatalf("cleanup with progress.json unwritable: exit %d, want 0 (nothing remains)\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if strings.TrimSpace(errs) != "" {
		t.Errorf("cleanup wrote to stderr: %q", errs)
	}
	for _, want := range []string{"lab basic destroyed in ", "destroyed: lab basic (3 resources)", "nothing remains in sandbox."} {
		if !strings.Contains(out, want) {
			t.Errorf("cleanup's output lacks %q:\n%s", want, out)
		}
	}
	for _, unwanted := range []string{"was not destroyed", "cannot tell", "failed:"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("cleanup's output says %q of a lab it destroyed:\n%s", unwanted, out)
		}
	}
	note := "note: lab basic is destroyed, but awstutor could not record it in " + file + ": " + reason +
		"; status and cleanup still see from the workspace that nothing is left."
	var notes []string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "could not record") {
			notes = append(notes, line)
		}
	}
	if len(notes) != 1 || notes[0] != note {
		t.Errorf("cleanup says the record's failure in %q, want the one line\n%q\nstdout:\n%s", notes, note, out)
	}

	// The real state file: nothing left, and no terraform_data in it.
	raw, err := os.ReadFile(filepath.Join(stateDir, "workspaces", "sandbox", "basic", "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "terraform_data") {
		t.Errorf("terraform.tfstate still lists a terraform_data after cleanup:\n%s", raw)
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(after, before) {
		t.Errorf("progress.json changed although it could not be written")
	}
	lessonStillRead(t, stateDir)
	if rec := labRun(t, stateDir, "basic"); rec.LastOp != "apply" || rec.Result != "ok" {
		t.Errorf("progress.json records %+v, want the apply it held before", rec)
	}
	if st := labStatusJSON(t, run, "basic"); st["state"] != "destroyed" || st["resources"] != float64(0) {
		t.Errorf("status after the unrecorded destroy = %v, want destroyed with 0 resources", st)
	}
}

// TestFaultProgressNotSavedKorean is the sentence of
// TestFaultProgressNotSavedAfterRun in the default language, checked
// through labFault alone: one line naming the lab, the file and the
// reason, exit 1.
func TestFaultProgressNotSavedKorean(t *testing.T) {
	t.Parallel()
	ko, err := i18n.New("ko")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "progress.json")
	cause := &os.PathError{Op: "open", Path: path + ".tmp-1", Err: syscall.EROFS}
	err = labFault(ko, &labs.RecordError{Lab: "basic", Target: "sandbox", Op: labs.OpApply,
		Err: &recordSaveError{file: path, err: fmt.Errorf("save progress %s: create temp file: %w", path, cause)}})
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != ExitFailure {
		t.Fatalf("labFault = %v, want an exit 1", err)
	}
	msg := ee.Error()
	for _, want := range []string{"실습 basic", "apply되었지만", path + "에 기록하지 못했습니다: read-only file system", "워크스페이스"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") || strings.Contains(msg, "create temp file") {
		t.Errorf("%q is not one short sentence", msg)
	}
	var rec *labs.RecordError
	if !errors.As(err, &rec) {
		t.Error("the sentence no longer matches the labs.RecordError it explains")
	}
}
