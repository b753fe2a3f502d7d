package labs

import (
	"errors"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadFixtures(t *testing.T) {
	t.Parallel()
	c := testCatalog(t)
	var ids []string
	for _, l := range c.Labs() {
		ids = append(ids, l.ID)
	}
	if want := []string{"basic", "slow", "sqs"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("labs = %q, want %q", ids, want)
	}
	basic, err := c.Lab("basic")
	if err != nil {
		t.Fatal(err)
	}
	want := []Step{
		{ID: "core", Title: "세 리소스 만들기", Checks: []string{"greeting-set"},
			Hints: []string{"terraform_data 리소스는 provider가 필요 없습니다."}, Solution: []string{"main.tf", "variables.tf", "class.tfvars"}},
		{ID: "extend", Title: "네 번째 리소스 추가", Checks: []string{}, Hints: []string{}, Solution: []string{"extra.tf"}},
	}
	if basic.Day != 1 || basic.Minutes != 10 || !reflect.DeepEqual(basic.Outputs, []string{"greeting", "first_id"}) || !reflect.DeepEqual(basic.Steps, want) {
		t.Errorf("basic = %+v", basic)
	}
	if !strings.Contains(basic.Guide, "네 번째 리소스") {
		t.Errorf("guide not loaded: %q", basic.Guide)
	}
	if _, err := fs.Stat(basic.Starter(), "class.tfvars"); err != nil {
		t.Errorf("starter files: %v", err)
	}
	if _, err := fs.Stat(basic.Solution(), "extra.tf"); err != nil {
		t.Errorf("solution files: %v", err)
	}
	if _, err := c.Lab("day9-nope"); !errors.Is(err, ErrUnknownLab) {
		t.Errorf("unknown lab error = %v, want ErrUnknownLab", err)
	}
}

// TestEmbedded proves the embedded content loads: today it holds the
// format README only, later the course's labs.
func TestEmbedded(t *testing.T) {
	t.Parallel()
	c, err := Embedded()
	if err != nil {
		t.Fatalf("embedded labs do not load: %v", err)
	}
	for _, l := range c.Labs() {
		if l.Guide == "" {
			t.Errorf("embedded lab %s has no guide", l.ID)
		}
	}
	if _, err := fs.Stat(content, "content/README.md"); err != nil {
		t.Errorf("the format README is not embedded: %v", err)
	}
}

// goodLab returns a valid lab directory "demo" as a map file system that
// a test then breaks in one place.
func goodLab() fstest.MapFS {
	return fstest.MapFS{
		"demo/lab.yaml": {Data: []byte(`id: demo
day: 2
title: Demo
minutes: 30
outputs: [url]
steps:
  - id: one
    title: First
    checks: [c1]
    hints: [h1]
    solution: [main.tf]
  - id: two
    title: Second
    checks: []
    hints: []
`)},
		"demo/guide.md":         {Data: []byte("# Demo\n")},
		"demo/starter/main.tf":  {Data: []byte("# TODO\n")},
		"demo/solution/main.tf": {Data: []byte("resource \"terraform_data\" \"x\" {}\n")},
		"README.md":             {Data: []byte("not a lab")},
		".hidden/lab.yaml":      {Data: []byte("junk: [")},
	}
}

func TestLoadValidation(t *testing.T) {
	t.Parallel()
	replaceYAML := func(old, new string) func(fstest.MapFS) {
		return func(m fstest.MapFS) {
			y := string(m["demo/lab.yaml"].Data)
			if !strings.Contains(y, old) {
				panic("fixture does not contain " + old)
			}
			m["demo/lab.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(y, old, new, 1))}
		}
	}
	tests := []struct {
		name   string
		mutate func(fstest.MapFS)
		want   []string
	}{
		{"valid", func(fstest.MapFS) {}, nil},
		{"step id missing", replaceYAML("  - id: two\n", "  - \n    id: \"\"\n"),
			[]string{"demo/lab.yaml: steps[1].id: missing"}},
		{"duplicate step id", replaceYAML("id: two", "id: one"),
			[]string{`demo/lab.yaml: steps[1].id: "one" used by an earlier step`}},
		{"unknown field", replaceYAML("minutes: 30", "minutes: 30\nduration: 2h"),
			[]string{"demo/lab.yaml: duration: unknown field (line 5)"}},
		{"unknown step field", replaceYAML("    hints: [h1]", "    hint: [h1]"),
			[]string{"demo/lab.yaml: steps[0].hint: unknown field"}},
		{"wrong type", replaceYAML("day: 2", "day: two"),
			[]string{"demo/lab.yaml: day: must be a whole number (line 2)"}},
		{"hints not a list", replaceYAML("hints: [h1]", "hints: h1"),
			[]string{"demo/lab.yaml: steps[0].hints: must be a list of strings"}},
		{"id differs from directory", replaceYAML("id: demo", "id: other"),
			[]string{`demo/lab.yaml: id: "other" must match the directory name "demo"`}},
		{"missing title and minutes", replaceYAML("title: Demo\nminutes: 30\n", ""),
			[]string{"demo/lab.yaml: title: missing", "demo/lab.yaml: minutes: missing or less than 1"}},
		{"no steps", replaceYAML("steps:", "old_steps:"),
			[]string{"demo/lab.yaml: steps: missing"}},
		{"solution file absent", replaceYAML("solution: [main.tf]", "solution: [net.tf]"),
			[]string{"demo/lab.yaml: steps[0].solution[0]: solution/net.tf does not exist"}},
		{"solution path escapes", replaceYAML("solution: [main.tf]", "solution: [../starter/main.tf]"),
			[]string{`demo/lab.yaml: steps[0].solution[0]: "../starter/main.tf" must be a path inside solution/`}},
		{"var file absent", replaceYAML("outputs: [url]", "outputs: [url]\nvar_files: [dev.tfvars]"),
			[]string{"demo/lab.yaml: var_files[0]: starter/dev.tfvars does not exist"}},
		{"auto var file listed", replaceYAML("outputs: [url]", "outputs: [url]\nvar_files: [dev.auto.tfvars]"),
			[]string{`demo/lab.yaml: var_files[0]: "dev.auto.tfvars" is loaded by Terraform by itself; list only files passed with -var-file`}},
		{"var file not tfvars", replaceYAML("outputs: [url]", "outputs: [url]\nvar_files: [main.tf]"),
			[]string{`demo/lab.yaml: var_files[0]: "main.tf" must be a .tfvars file at the top of starter/`}},
		{"empty output", replaceYAML("outputs: [url]", "outputs: [url, '']"),
			[]string{"demo/lab.yaml: outputs[1]: empty"}},
		{"not yaml", func(m fstest.MapFS) { m["demo/lab.yaml"] = &fstest.MapFile{Data: []byte("id: [")} },
			[]string{"demo/lab.yaml: not valid YAML"}},
		{"no lab.yaml", func(m fstest.MapFS) { delete(m, "demo/lab.yaml") },
			[]string{"demo/lab.yaml: missing"}},
		{"no guide", func(m fstest.MapFS) { delete(m, "demo/guide.md") },
			[]string{"demo/guide.md: missing"}},
		{"empty guide", func(m fstest.MapFS) { m["demo/guide.md"] = &fstest.MapFile{Data: []byte(" \n")} },
			[]string{"demo/guide.md: empty"}},
		{"starter without tf", func(m fstest.MapFS) {
			delete(m, "demo/starter/main.tf")
			m["demo/starter/notes.md"] = &fstest.MapFile{Data: []byte("x")}
		}, []string{"demo/starter/: no .tf files"}},
		{"no solution dir", func(m fstest.MapFS) { delete(m, "demo/solution/main.tf") },
			[]string{"demo/solution/: no .tf files"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := goodLab()
			tt.mutate(m)
			c, err := Load(m)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if len(c.Labs()) != 1 {
					t.Errorf("labs = %d, want 1 (README and hidden dirs ignored)", len(c.Labs()))
				}
				return
			}
			if err == nil {
				t.Fatal("Load accepted a broken lab")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestLoadOverride: a lab in a later source (--labs-dir) replaces the
// embedded one with the same id.
func TestLoadOverride(t *testing.T) {
	t.Parallel()
	first := goodLab()
	second := goodLab()
	second["demo/guide.md"] = &fstest.MapFile{Data: []byte("# Edited by an author\n")}
	c, err := Load(first, second, os.DirFS("testdata/labs"))
	if err != nil {
		t.Fatal(err)
	}
	demo, err := c.Lab("demo")
	if err != nil {
		t.Fatal(err)
	}
	if demo.Guide != "# Edited by an author\n" {
		t.Errorf("guide = %q, want the later source's", demo.Guide)
	}
	if got := len(c.Labs()); got != 4 {
		t.Errorf("labs = %d, want 4", got)
	}
	// Day orders the list: demo is day 2, the fixtures day 1.
	if c.Labs()[3].ID != "demo" {
		t.Errorf("last lab = %s, want demo (day 2)", c.Labs()[3].ID)
	}
}
