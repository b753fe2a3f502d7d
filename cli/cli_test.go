package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"
)

// runCLI runs awstutor with args in a private state and config dir and
// returns the exit code and both streams.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Execute(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("AWSTUTOR_STATE_DIR", filepath.Join(dir, "state"))
	t.Setenv("AWSTUTOR_CONFIG", filepath.Join(dir, "config.yaml"))
	t.Setenv("NO_COLOR", "")
	return dir
}

func TestLessonListJSON(t *testing.T) {
	isolate(t)
	code, out, errs := runCLI(t, "lesson", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var ls []map[string]any
	if err := json.Unmarshal([]byte(out), &ls); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(ls) == 0 {
		t.Fatal("no lessons listed")
	}
	for _, l := range ls {
		for _, k := range []string{"id", "day", "slot", "title", "minutes"} {
			if _, ok := l[k]; !ok {
				t.Errorf("lesson %v lacks %q", l["id"], k)
			}
		}
		if len(l) != 5 {
			t.Errorf("lesson %v has fields beyond {id, day, slot, title, minutes}: %v", l["id"], l)
		}
	}
	if ls[0]["id"] != "overview" {
		t.Errorf("first lesson is %v, want the overview", ls[0]["id"])
	}
}

func TestLessonShow(t *testing.T) {
	isolate(t)
	code, out, errs := runCLI(t, "lesson", "show", "d1-s1", "--width", "80")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "SQS") || strings.Contains(out, "\x1b[") {
		t.Errorf("lesson show to a pipe should print the lesson without escape codes; got %.200q", out)
	}
	for i, line := range strings.Split(out, "\n") {
		if w := xansi.StringWidth(line); w > 80 {
			t.Errorf("line %d is %d columns wide at --width 80: %q", i, w, line)
			break
		}
	}
}

func TestUnknownLessonIsUsageError(t *testing.T) {
	isolate(t)
	code, _, errs := runCLI(t, "lesson", "show", "d9-s9")
	if code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errs, "d1-s1") || strings.Count(errs, "\n") != 1 {
		t.Errorf("want one line suggesting the valid ids, got %q", errs)
	}
	code, _, errs = runCLI(t, "--lang", "en", "lesson", "show", "nope")
	if code != ExitUsage || !strings.Contains(errs, "there is no lesson \"nope\"") {
		t.Errorf("English: exit %d, %q", code, errs)
	}
}

func TestUsageErrors(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{{"--bogus"}, {"nosuchcommand"}, {"--target", "prod", "version"}, {"--lang", "fr", "version"}, {"lesson", "show"}} {
		code, _, errs := runCLI(t, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, ExitUsage, errs)
		}
		if strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: want one line of error, got %q", args, errs)
		}
	}
}

func TestBrokenConfigIsOneSentence(t *testing.T) {
	dir := isolate(t)
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("target: [sandbox\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "lesson", "list")
	if code != ExitFailure || !strings.Contains(errs, cfg) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("exit %d, %q: want exit 1 and one line naming %s", code, errs, cfg)
	}
	if b, _ := os.ReadFile(cfg); string(b) != "target: [sandbox\n" {
		t.Error("the broken config file was changed")
	}
}

func TestProgressJSONAndCorruptFile(t *testing.T) {
	dir := isolate(t)
	state := filepath.Join(dir, "state")
	if err := os.MkdirAll(state, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(state, "progress.json"), []byte(`{"schema":1,"lessons":{"d1-s1":{"read_at":"2026-11-23T01:00:00Z"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "progress", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var p progressJSON
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if p.LessonsRead != 1 || p.LessonsTotal < 3 {
		t.Errorf("read %d of %d, want 1 of the course", p.LessonsRead, p.LessonsTotal)
	}

	if err := os.WriteFile(filepath.Join(state, "progress.json"), []byte(`{"schema":1,"lessons":`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI(t, "progress")
	if code != 0 || !strings.Contains(errs, "progress.json.corrupt-") {
		t.Errorf("exit %d, %q: want a one-sentence notice naming where the damaged file was kept", code, errs)
	}
	if m, _ := filepath.Glob(filepath.Join(state, "progress.json.corrupt-*")); len(m) != 1 {
		t.Errorf("damaged file not kept aside: %v", m)
	}
}

func TestRootNeedsATerminal(t *testing.T) {
	isolate(t)
	code, _, errs := runCLI(t)
	if code != ExitUsage || !strings.Contains(errs, "terminal") {
		t.Errorf("exit %d, %q: the TUI without a terminal should say so and exit 2", code, errs)
	}
}

func TestVersionJSON(t *testing.T) {
	isolate(t)
	code, out, _ := runCLI(t, "version", "--json")
	var v versionInfo
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v.Version == "" {
		t.Errorf("version --json: exit %d, %q", code, out)
	}
}

func TestDoctorJSON(t *testing.T) {
	isolate(t)
	code, out, errs := runCLI(t, "doctor", "--json")
	var rep doctorReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("doctor --json is not JSON: %v (%s)", err, errs)
	}
	names := map[string]bool{}
	for _, c := range rep.Checks {
		names[c.Name] = true
		if !c.OK && c.Fix == "" {
			t.Errorf("%s fails without saying how to fix it", c.Name)
		}
	}
	for _, n := range []string{"terraform", "moto_server", "sandbox", "aws credentials", "state dir"} {
		if !names[n] {
			t.Errorf("doctor does not check %s", n)
		}
	}
	if rep.OK != (code == 0) {
		t.Errorf("ok=%v but exit %d", rep.OK, code)
	}
	if !rep.OK {
		t.Errorf("this machine has terraform and moto_server, yet doctor says something is missing: %s", out)
	}
}

func TestDoctorMissingTerraform(t *testing.T) {
	isolate(t)
	empty := t.TempDir()
	t.Setenv("PATH", empty)
	t.Setenv("AWSTUTOR_TERRAFORM", "")
	t.Setenv("AWSTUTOR_MOTO", "")
	code, out, _ := runCLI(t, "--lang", "en", "doctor")
	if code != ExitFailure {
		t.Errorf("exit %d, want 1 when terraform and moto are missing", code)
	}
	for _, want := range []string{"terraform: ", "install Terraform", "pip install 'moto[server]'"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
}
