package tfrun

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestLearnerTerraformNonsense runs the real terraform on configurations
// a learner breaks: each failure must come back as a *CommandError whose
// one-line Error names the file and line to fix, with the diagnostic's
// own words, not terraform's general preamble. (A resource type removed
// from a provider cannot be reproduced here: no provider can be
// downloaded, and the built-in provider has no removed types.)
func TestLearnerTerraformNonsense(t *testing.T) {
	t.Parallel()
	bin := needTerraform(t)
	tests := []struct {
		name     string
		files    map[string]string
		varFiles []string
		command  string
		want     []string
	}{
		{
			// init fails first: it validates the configuration before it
			// installs anything, and prints a general error before the
			// real one.
			name:    "syntax error",
			files:   map[string]string{"main.tf": "resource \"terraform_data\" \"ok\" {}\n", "broken.tf": "resource \"terraform_data\" \"oops\" {\n  input = \n}\n"},
			command: "init",
			want:    []string{"terraform init failed: Invalid expression (broken.tf line 2)", "Expected the start of an expression"},
		},
		{
			name:    "unclosed block",
			files:   map[string]string{"main.tf": "resource \"terraform_data\" \"ok\" {\n  input = \"x\"\n"},
			command: "init",
			want:    []string{"terraform init failed: Unclosed configuration block (main.tf line 1)"},
		},
		{
			name: "wrong variable type",
			files: map[string]string{
				"main.tf":      "variable \"greeting\" {\n  type = string\n}\nresource \"terraform_data\" \"x\" {\n  input = var.greeting\n}\n",
				"class.tfvars": "greeting = [\"a\", \"b\"]\n",
			},
			varFiles: []string{"class.tfvars"},
			command:  "plan",
			want:     []string{"terraform plan failed: Invalid value for input variable", "string required", "(class.tfvars:1)"},
		},
		{
			name:    "undeclared reference",
			files:   map[string]string{"main.tf": "resource \"terraform_data\" \"x\" {\n  input = terraform_data.nope.output\n}\n"},
			command: "plan",
			want:    []string{"terraform plan failed: Reference to undeclared resource", "(main.tf:2)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			r, err := New(Options{Terraform: bin, Dir: dir, VarFiles: tt.varFiles, Log: testLog{t}})
			if err != nil {
				t.Fatal(err)
			}
			err = r.Init(ctx)
			if tt.command == "plan" {
				if err != nil {
					t.Fatalf("init: %v", err)
				}
				spec, serr := r.NewPlanSpec(false)
				if serr != nil {
					t.Fatal(serr)
				}
				_, err = r.Plan(ctx, spec)
			}
			var ce *CommandError
			if !errors.As(err, &ce) || ce.Command != tt.command {
				t.Fatalf("%s error = %v (%T), want a *CommandError of %s", tt.command, err, err, tt.command)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if strings.Contains(msg, "\n") || strings.Contains(msg, "encountered problems during initialisation") {
				t.Errorf("error is not the one diagnostic on one line:\n%s", msg)
			}
		})
	}
}
