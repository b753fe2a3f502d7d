package cli

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"awstutor/cloud/mototest"
	"awstutor/labs"
)

// TestFaultVerifyNothingApplied verifies day1-messaging before anything
// is deployed: with no workspace, and with a state that holds neither
// resources nor outputs (as a destroy leaves it). The sandbox runs, so
// without the fix every check would run and report its output missing
// (exit 3). lab verify must instead say in one sentence that nothing is
// applied and which lab up to run, exit 1 (not 3: no check ran and
// failed), record no check, and with --json print {lab, applied: false,
// error}. With the sandbox stopped it says the same: deploying comes
// before starting the sandbox is any use.
func TestFaultVerifyNothingApplied(t *testing.T) {
	needTerraform(t)
	dir := isolate(t)
	stateDir := filepath.Join(dir, "state")
	seedLessonRead(t, stateDir)
	srv := mototest.Start(t)
	sentence := "awstutor: lab day1-messaging has nothing applied in the sandbox: run awstutor lab up day1-messaging first\n"
	korean := "awstutor: 실습 day1-messaging은(는) 샌드박스에 apply된 것이 없습니다: 먼저 awstutor lab up day1-messaging를 실행하세요\n"

	check := func(t *testing.T, endpoint []string) {
		t.Helper()
		code, out, errs := runCLI(t, append([]string{"lab", "verify", "day1-messaging", "--lang", "en"}, endpoint...)...)
		if code != ExitFailure || errs != sentence || out != "" {
			t.Errorf("verify with nothing applied: exit %d, stderr %q, stdout %q; want exit 1 and %q", code, errs, out, sentence)
		}
		code, _, errs = runCLI(t, append([]string{"lab", "verify", "day1-messaging"}, endpoint...)...)
		if code != ExitFailure || errs != korean {
			t.Errorf("verify in Korean with nothing applied: exit %d, %q; want exit 1 and %q", code, errs, korean)
		}
		code, out, errs = runCLI(t, append([]string{"lab", "verify", "day1-messaging", "--json", "--lang", "en"}, endpoint...)...)
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("verify --json with nothing applied is not JSON: %v\n%s", err, out)
		}
		want := map[string]any{"lab": "day1-messaging", "applied": false,
			"error": "lab day1-messaging has nothing applied in the sandbox: run awstutor lab up day1-messaging first"}
		if code != ExitFailure || len(got) != len(want) || got["lab"] != want["lab"] || got["applied"] != false || got["error"] != want["error"] || errs != sentence {
			t.Errorf("verify --json with nothing applied: exit %d, %v, stderr %q; want exit 1 and %v", code, got, errs, want)
		}
	}
	running := []string{"--endpoint", srv.Endpoint()}
	t.Run("no workspace", func(t *testing.T) { check(t, running) })
	t.Run("no workspace, sandbox stopped", func(t *testing.T) { check(t, nil) })
	t.Run("empty state", func(t *testing.T) {
		ws := filepath.Join(stateDir, "workspaces", "sandbox", "day1-messaging")
		faultWriteFile(t, filepath.Join(ws, "terraform.tfstate"),
			`{"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"00000000-0000-0000-0000-000000000003","outputs":{},"resources":[],"check_results":null}`+"\n")
		check(t, running)
		if _, err := os.Stat(filepath.Join(ws, "terraform.tfstate")); err != nil {
			t.Errorf("verify removed the state: %v", err)
		}
	})

	// The classroom's verifier (tuiVerify) reaches labs.Manager.Verify once
	// the sandbox runs, and gets the same typed error the screen explains.
	t.Run("the classroom's verifier", func(t *testing.T) {
		o := &Options{stdout: io.Discard, stderr: io.Discard, Target: "sandbox", Region: "ap-northeast-2", Endpoint: srv.Endpoint()}
		if err := o.resolve(NewRoot(io.Discard, io.Discard)); err != nil {
			t.Fatal(err)
		}
		results, err := o.tuiVerify(context.Background(), "day1-messaging")
		var none *labs.NothingAppliedError
		if !errors.As(err, &none) || none.Lab != "day1-messaging" || results != nil {
			t.Errorf("tuiVerify with nothing applied = %v, %v; want a *labs.NothingAppliedError", results, err)
		}
	})

	raw, err := os.ReadFile(filepath.Join(stateDir, "progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "sandbox/day1-messaging/") {
		t.Errorf("a verify that ran no check recorded results:\n%s", raw)
	}
	lessonStillRead(t, stateDir)
}
