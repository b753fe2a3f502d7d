package tfrun

import (
	"fmt"
	"strings"
)

// CommandError is a Terraform command that ran and failed. The TUI uses
// errors.As to show each diagnostic with its file and line; Error gives
// the first error in one line for the CLI.
type CommandError struct {
	// Command is the terraform subcommand: init, plan, show, apply, output.
	Command string
	// Diagnostics are the errors and warnings from the -json stream, when
	// the command had one.
	Diagnostics []Diagnostic
	// Stderr is Terraform's stderr with harmless warnings removed.
	Stderr string
	// Err is the underlying error from terraform-exec.
	Err error
}

// Error names the command and the first reason Terraform gave.
func (e *CommandError) Error() string {
	return fmt.Sprintf("terraform %s failed: %s", e.Command, e.Reason())
}

// Reason is Terraform's first error, in one line.
func (e *CommandError) Reason() string {
	for _, d := range e.Diagnostics {
		if d.Severity == "error" && d.Summary != "execution halted" {
			return d.String()
		}
	}
	if e.Stderr != "" {
		return errorLine(e.Stderr)
	}
	if e.Err != nil {
		return errorLine(FilterStderr(e.Err.Error()))
	}
	return "unknown error"
}

// Unwrap returns the terraform-exec error.
func (e *CommandError) Unwrap() error { return e.Err }

// errorLine picks the most telling part of Terraform's human output: an
// "Error: …" headline, where it is ("main.tf line 5") and the first
// paragraph of the explanation, on one line. Of several errors it takes
// the first that names a file and line: `terraform init` on a file with a
// syntax error first prints a general "Terraform encountered problems
// during initialisation" that says nowhere, and only then the error the
// learner must fix. Without a headline it falls back to the first line.
func errorLine(s string) string {
	lines := strings.Split(s, "\n")
	first := ""
	for i, l := range lines {
		head, ok := strings.CutPrefix(boxText(l), "Error: ")
		if !ok {
			continue
		}
		var where string
		var para []string
		for _, next := range lines[i+1:] {
			t := boxText(next)
			switch {
			case strings.HasPrefix(next, "╵"):
			case t == "" && len(para) > 0:
			case t == "":
				continue
			case strings.HasPrefix(t, "on ") && where == "" && len(para) == 0:
				where, _, _ = strings.Cut(strings.TrimPrefix(t, "on "), ",")
				where = strings.TrimSuffix(where, ":")
				continue
			case isSnippet(t) && len(para) == 0:
				continue
			default:
				para = append(para, t)
				continue
			}
			break
		}
		out := head
		if where != "" {
			out += " (" + where + ")"
		}
		if len(para) > 0 {
			out += ": " + strings.Join(para, " ")
		}
		if where != "" {
			return out
		}
		if first == "" {
			first = out
		}
	}
	if first != "" {
		return first
	}
	return firstLine(s)
}

// boxText strips the "│" frame Terraform draws around a diagnostic.
func boxText(l string) string {
	return strings.TrimSpace(strings.TrimLeft(l, "╷│╵"))
}

// isSnippet recognises the quoted source lines ("5:   input = x") and the
// underline markers under them.
func isSnippet(t string) bool {
	if n, _, ok := strings.Cut(t, ":"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
		return true
	}
	return strings.Trim(t, "^~ ") == "" || strings.HasPrefix(t, "├") || strings.HasPrefix(t, "│")
}
