package tfrun

import "strings"

// cliConfigHeader introduces Terraform's complaints about its CLI
// configuration; the only one we see in practice is a missing config file.
const cliConfigHeader = "There are some problems with the CLI configuration:"

// harmlessWarnings are the summaries of warnings that say nothing about the
// learner's lab. The environment on class machines points
// TF_CLI_CONFIG_FILE at a file that does not exist, so Terraform prints the
// first one on every command.
var harmlessWarnings = []string{
	"Warning: Unable to open CLI configuration file",
}

// FilterStderr removes Terraform's harmless warnings from its stderr and
// returns what is left, trimmed. A box ("╷ … ╵") whose first line names a
// harmless warning is dropped whole, as are empty boxes, which Terraform
// prints when a diagnostic has already gone to the -json stream. Everything
// else is kept as Terraform wrote it.
func FilterStderr(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.TrimSpace(line) == cliConfigHeader {
			continue
		}
		if !strings.HasPrefix(line, "╷") {
			out = append(out, line)
			continue
		}
		end := i + 1
		for end < len(lines) && !strings.HasPrefix(lines[end], "╵") {
			end++
		}
		box := lines[i:min(end+1, len(lines))]
		if keepBox(box) {
			out = append(out, box...)
		}
		i = end
	}
	return strings.TrimSpace(collapseBlank(out))
}

// keepBox reports whether a diagnostic box carries something worth showing.
func keepBox(box []string) bool {
	var text []string
	for _, l := range box {
		t := strings.TrimSpace(strings.TrimLeft(l, "╷│╵"))
		if t != "" {
			text = append(text, t)
		}
	}
	if len(text) == 0 {
		return false
	}
	for _, w := range harmlessWarnings {
		if strings.HasPrefix(text[0], w) {
			return false
		}
	}
	return true
}

// collapseBlank joins lines, squeezing runs of blank lines left behind by
// removed boxes into one.
func collapseBlank(lines []string) string {
	var b strings.Builder
	blank := false
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// firstLine returns the first non-blank line of s, for one-sentence errors.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" {
			return t
		}
	}
	return ""
}
