package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"awstutor/tfrun"
)

// TestFaultDamagedStateFile damages a deployed lab's terraform.tfstate the
// ways a crash or a full disk does (cut short mid-JSON, emptied by a write
// that never finished, overwritten with garbage) and runs everything that
// reads it. Each must say in one sentence that the state file is damaged,
// naming it and where the previous state is; none may call the lab clean
// or destroyed; and nothing is changed or deleted, so the learner can
// restore the backup and then clean up.
func TestFaultDamagedStateFile(t *testing.T) {
	run, stateDir := labEnv(t)
	// Two applies, so terraform has kept a backup of the first state.
	for _, args := range [][]string{{"lab", "up", "basic", "--yes"}, {"lab", "solve", "basic", "--yes"}, {"lab", "up", "basic", "--yes"}} {
		if code, out, errs := run(args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s\n%s", args, code, out, errs)
		}
	}
	ws := filepath.Join(stateDir, "workspaces", "sandbox", "basic")
	statePath := filepath.Join(ws, tfrun.StateFile)
	backupPath := filepath.Join(ws, tfrun.StateBackupFile)
	good, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	backup, err := os.ReadFile(backupPath)
	if err != nil {
		t.Fatalf("terraform kept no backup: %v", err)
	}
	before := labRun(t, stateDir, "basic")

	for _, damage := range []struct {
		name    string
		content []byte
	}{
		{"cut short", good[:len(good)/2]},
		{"emptied", nil},
		{"garbage", []byte("\x00\x00\x00\x00")},
	} {
		t.Run(damage.name, func(t *testing.T) {
			if err := os.WriteFile(statePath, damage.content, 0o600); err != nil {
				t.Fatal(err)
			}
			sentence := func(what, errs string) {
				t.Helper()
				oneLine(t, what, errs)
				for _, want := range []string{statePath + " is damaged", backupPath + " holds the state from before the last run"} {
					if !strings.Contains(errs, want) {
						t.Errorf("%s: %q lacks %q", what, errs, want)
					}
				}
			}
			for _, args := range [][]string{{"lab", "status", "basic"}, {"lab", "status"}, {"lab", "list"}, {"lab", "down", "basic", "--yes"}} {
				code, out, errs := run(args...)
				if code != ExitFailure {
					t.Errorf("%v on a damaged state: exit %d, want 1\n%s", args, code, out)
				}
				sentence(strings.Join(args, " "), errs)
			}
			code, out, errs := run("status")
			if code != ExitFailure || strings.Contains(out, "Nothing is deployed") || !strings.Contains(out, statePath+" is damaged") {
				t.Errorf("status on a damaged state: exit %d, want 1 and no claim that nothing is deployed\n%s\n%s", code, out, errs)
			}
			sentence("status", errs)
			code, out, _ = run("status", "--short")
			if code != 0 || out != "awstutor: 1 unreadable\n" {
				t.Errorf("status --short on a damaged state: exit %d, %q", code, out)
			}

			if got, _ := os.ReadFile(statePath); !bytes.Equal(got, damage.content) {
				t.Error("the damaged state file was changed")
			}
			if got, _ := os.ReadFile(backupPath); !bytes.Equal(got, backup) {
				t.Error("the backup was changed")
			}
			if after := labRun(t, stateDir, "basic"); after.LastOp != before.LastOp || after.Result != before.Result || after.Resources != before.Resources {
				t.Errorf("the recorded run changed from %+v to %+v", before, after)
			}
		})
	}

	// The advice works: the backup put back, the lab reads again and comes
	// down.
	if err := os.WriteFile(statePath, backup, 0o600); err != nil {
		t.Fatal(err)
	}
	if st := labStatusJSON(t, run, "basic"); st["resources"] != 3.0 {
		t.Errorf("status after restoring the backup = %v, want the 3 resources of the first apply", st)
	}
	if code, out, errs := run("lab", "down", "basic", "--yes"); code != 0 {
		t.Errorf("down after restoring the backup: exit %d\n%s\n%s", code, out, errs)
	}
}

// TestFaultDamagedLabYAML loads a --labs-dir whose lab.yaml is wrong or
// cut short: one line naming the file and the field, exit 1.
func TestFaultDamagedLabYAML(t *testing.T) {
	isolate(t)
	raw, err := os.ReadFile(filepath.Join(fixtureLabs(t), "basic", "lab.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, yaml, want string
	}{
		{"wrong type", strings.Replace(string(raw), "day: 1", "day: one", 1), "basic/lab.yaml: day: must be a whole number (line 4)"},
		{"cut short", string(raw[:bytes.Index(raw, []byte("steps:"))+len("steps:\n  - id: co")]), "basic/lab.yaml: steps[0].title: missing"},
		{"not yaml", "id: [basic\n", "basic/lab.yaml: not valid YAML"},
		{"emptied", "", "basic/lab.yaml: empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(filepath.Join(dir, "basic"), os.DirFS(filepath.Join(fixtureLabs(t), "basic"))); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "basic", "lab.yaml"), []byte(tt.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"lab", "list"}, {"lab", "plan", "basic"}} {
				code, _, errs := runCLI(t, append(args, "--labs-dir", dir, "--lang", "en")...)
				if code != ExitFailure || !strings.Contains(errs, tt.want) {
					t.Errorf("%v: exit %d, %q; want 1 and %q", args, code, errs, tt.want)
				}
				oneLine(t, strings.Join(args, " "), errs)
			}
		})
	}
}

// TestFaultDamagedConfig: a config file cut short, binary, of the wrong
// type or naming an unknown setting stops every command with one line that
// names the file (exit 1) and is never rewritten.
func TestFaultDamagedConfig(t *testing.T) {
	for _, tt := range []struct{ name, content string }{
		{"cut short", "target: sandbox\naccounts:\n  confirmed: [\"1234"},
		{"binary", "\x00\x01\x02\xff\xfe"},
		{"wrong type", "free_tier: maybe\n"},
		{"unknown setting", "taget: aws\n"},
		{"wrong value", "target: production\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := isolate(t)
			cfg := filepath.Join(dir, "config.yaml")
			if err := os.WriteFile(cfg, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"status", "--short"}, {"lab", "list"}, {"progress"}} {
				code, _, errs := runCLI(t, args...)
				if code != ExitFailure || !strings.Contains(errs, cfg) {
					t.Errorf("%v: exit %d, %q; want 1 naming %s", args, code, errs, cfg)
				}
				oneLine(t, strings.Join(args, " "), errs)
			}
			if got, _ := os.ReadFile(cfg); string(got) != tt.content {
				t.Error("the broken config file was changed")
			}
		})
	}
}
