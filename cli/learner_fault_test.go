package cli

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"awstutor/tfrun"
)

// TestFaultResourceTypeNotInProvider gives the learner's workspace a
// resource of a type its provider does not have, which is exactly what
// Terraform says when a type was removed from a provider ("The provider
// terraform.io/builtin/terraform does not support resource type ..."):
// no provider can be downloaded here, so the built-in one stands in. lab
// plan and lab up must each say it in one line naming the file and line
// and Terraform's summary, exit 1, print no plan, and leave the
// workspace as it was: the learner's files unchanged, no state, no saved
// plan.
func TestFaultResourceTypeNotInProvider(t *testing.T) {
	run, stateDir := labEnv(t)
	if code, _, errs := run("lab", "reset", "basic", "--yes"); code != 0 {
		t.Fatalf("lab reset (making the workspace): exit %d: %s", code, errs)
	}
	ws := filepath.Join(stateDir, "workspaces", "sandbox", "basic")
	mainTF := filepath.Join(ws, "main.tf")
	orig, err := os.ReadFile(mainTF)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.TrimRight(string(orig), "\n") + "\n\nresource \"terraform_nope\" \"x\" {}\n"
	line := strings.Count(bad, "\n")
	faultWriteFile(t, mainTF, bad)
	before := learnerFiles(t, ws)

	want := []string{
		"Invalid resource type",
		`The provider terraform.io/builtin/terraform does not support resource type "terraform_nope"`,
		"(main.tf:" + strconv.Itoa(line) + ")",
	}
	for _, args := range [][]string{{"lab", "plan", "basic"}, {"lab", "up", "basic", "--yes"}} {
		code, out, errs := run(args...)
		if code != ExitFailure {
			t.Errorf("%v with a resource type the provider lacks: exit %d, want 1\n%s", args, code, out)
		}
		oneLine(t, strings.Join(args, " "), errs)
		for _, w := range want {
			if !strings.Contains(errs, w) {
				t.Errorf("%v: %q lacks %q", args, errs, w)
			}
		}
		if strings.Contains(out, "to add") {
			t.Errorf("%v printed a plan although planning failed:\n%s", args, out)
		}
		if after := learnerFiles(t, ws); !maps.Equal(after, before) {
			t.Errorf("%v changed the workspace:\nbefore %v\nafter  %v", args, fileNames(before), fileNames(after))
		}
		st, err := tfrun.ReadState(ws)
		if err != nil || st.Exists {
			t.Errorf("%v left a state (exists %v, %v)", args, st.Exists, err)
		}
		if _, err := os.Stat(filepath.Join(ws, tfrun.PlanFile)); err == nil {
			t.Errorf("%v left a saved plan", args)
		}
	}

	// Taken out again, the lab plans.
	faultWriteFile(t, mainTF, string(orig))
	if code, out, errs := run("lab", "plan", "basic"); code != 0 || !strings.Contains(out, "3 to add") {
		t.Errorf("plan after the fix: exit %d\n%s\n%s", code, out, errs)
	}
}

// learnerFiles maps each file of the workspace that is not Terraform's
// own working data (.terraform/, its lock file) to its content.
func learnerFiles(t *testing.T, ws string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(ws, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".terraform") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(ws, path)
		files[rel] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func fileNames(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
