package tfrun

import "testing"

const cliConfigWarning = `There are some problems with the CLI configuration:
╷
│ Warning: Unable to open CLI configuration file
│
│ The CLI configuration file at "/root/.terraformrc" does not exist.
╵

`

const realError = `╷
│ Error: Reference to undeclared resource
│
│   on main.tf line 5, in resource "terraform_data" "b":
│    5:   input = terraform_data.nope.output
│
│ A managed resource "terraform_data" "nope" has not been declared in the
│ root module.
╵`

func TestFilterStderr(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"only the harmless warning", cliConfigWarning, ""},
		{"printed twice", cliConfigWarning + cliConfigWarning, ""},
		{"warning then a real error", cliConfigWarning + realError + "\n", realError},
		{"empty box left by -json", cliConfigWarning + "╷\n│\n╵\n", ""},
		{"plain text kept", "Error: something broke\n", "Error: something broke"},
		{"other warnings kept", "╷\n│ Warning: Deprecated attribute\n╵\n", "╷\n│ Warning: Deprecated attribute\n╵"},
		{"unterminated box kept", "╷\n│ Error: cut off", "╷\n│ Error: cut off"},
		{"windows line ends", "There are some problems with the CLI configuration:\r\n╷\r\n│ Warning: Unable to open CLI configuration file\r\n╵\r\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := FilterStderr(tt.in); got != tt.want {
				t.Errorf("FilterStderr() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCommandErrorReason(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  *CommandError
		want string
	}{
		{"diagnostic first, halted skipped", &CommandError{Command: "apply", Diagnostics: []Diagnostic{
			{Severity: "warning", Summary: "w"},
			{Severity: "error", Summary: "execution halted"},
			{Severity: "error", Summary: "local-exec provisioner error", Detail: "exit status 3\nmore", File: "main.tf", Line: 12},
		}}, "terraform apply failed: local-exec provisioner error: exit status 3 (main.tf:12)"},
		{"human stderr", &CommandError{Command: "plan", Stderr: FilterStderr(cliConfigWarning + realError)},
			`terraform plan failed: Reference to undeclared resource (main.tf line 5): A managed resource "terraform_data" "nope" has not been declared in the root module.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q\nwant      %q", got, tt.want)
			}
		})
	}
}
