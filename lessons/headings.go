package lessons

import "strings"

// Heading is one entry of a lesson's table of contents.
type Heading struct {
	// Level is 2 for "##" and 3 for "###".
	Level int
	// Text is the heading without its marks.
	Text string
}

// ParseHeadings lists the "##" and "###" headings of a Markdown body in
// order, ignoring lines inside fenced code blocks (a "## " inside a bash
// comment is not a heading).
func ParseHeadings(body string) []Heading {
	var out []Heading
	fence := ""
	for line := range strings.SplitSeq(body, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if f := fenceMark(trimmed); f != "" {
			switch {
			case fence == "":
				fence = f
			case closesFence(trimmed, fence):
				fence = ""
			}
			continue
		}
		if fence != "" || len(line)-len(trimmed) > 3 {
			continue
		}
		level := 0
		for level < len(trimmed) && trimmed[level] == '#' {
			level++
		}
		if level < 2 || level > 3 || level >= len(trimmed) || trimmed[level] != ' ' {
			continue
		}
		text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(trimmed[level:]), "#"))
		if text != "" {
			out = append(out, Heading{Level: level, Text: text})
		}
	}
	return out
}

// closesFence reports whether line closes the code block opened by fence:
// the same mark at least as long, and nothing after it.
func closesFence(line, fence string) bool {
	return strings.HasPrefix(line, fence) && strings.TrimSpace(strings.TrimLeft(line, fence[:1])) == ""
}

// fenceMark returns the run of backticks or tildes that opens a fenced code
// block at the start of line, or "".
func fenceMark(line string) string {
	for _, c := range []string{"`", "~"} {
		n := 0
		for n < len(line) && line[n:n+1] == c {
			n++
		}
		if n >= 3 {
			return strings.Repeat(c, n)
		}
	}
	return ""
}

// Sections cuts Markdown before each "## " heading that is outside a fenced
// code block. Each piece renders on its own exactly as it does in the whole,
// which lets the reader render a long lesson in parallel.
func Sections(md string) []string {
	var parts []string
	var cur strings.Builder
	fence := ""
	for line := range strings.SplitAfterSeq(md, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if f := fenceMark(trimmed); f != "" {
			switch {
			case fence == "":
				fence = f
			case closesFence(trimmed, fence):
				fence = ""
			}
		} else if fence == "" && strings.HasPrefix(line, "## ") && cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
		}
		cur.WriteString(line)
	}
	if cur.Len() > 0 {
		parts = append(parts, cur.String())
	}
	return parts
}
