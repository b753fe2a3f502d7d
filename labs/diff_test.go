package labs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSolutionDiff(t *testing.T) {
	t.Parallel()
	lab := testCatalogLab(t, "basic")
	ws := t.TempDir()
	if err := os.CopyFS(ws, lab.Solution()); err != nil {
		t.Fatal(err)
	}
	d, err := SolutionDiff(lab, ws)
	if err != nil || d != "" {
		t.Fatalf("a workspace equal to the solution diffs as %q, %v", d, err)
	}
	var edited string
	entries, _ := os.ReadDir(ws)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tf") {
			edited = e.Name()
			break
		}
	}
	p := filepath.Join(ws, edited)
	if err := os.WriteFile(p, []byte("# my own edit\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "terraform.tfstate"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err = SolutionDiff(lab, ws)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d, "--- workspace/"+edited) || !strings.Contains(d, "-# my own edit") {
		t.Errorf("diff does not show the edit:\n%s", d)
	}
	if strings.Contains(d, "tfstate") {
		t.Errorf("the state file is not configuration and must not be diffed:\n%s", d)
	}
	if b, _ := os.ReadFile(p); string(b) != "# my own edit\n" {
		t.Error("diffing changed the learner's file")
	}
}
