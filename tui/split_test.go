package tui

import (
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"
)

// visible is what a terminal shows of rendered text: no escape codes, no
// trailing blanks, no blank lines at the end.
func visible(s string) string {
	lines := strings.Split(xansi.Strip(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// TestSplitRenderMatchesWhole proves that rendering a lesson section by
// section in parallel shows exactly what rendering it whole shows. (At a
// section boundary the whole rendering pads the blank line with spaces.)
func TestSplitRenderMatchesWhole(t *testing.T) {
	t.Parallel()
	style := NewStyles(true, false).Glamour
	for _, l := range testCatalog(t).Lessons() {
		whole, err := RenderMarkdown(LessonMarkdown(l), 100, style)
		if err != nil {
			t.Fatal(err)
		}
		p, err := renderPage(l, 100, style)
		if err != nil {
			t.Fatal(err)
		}
		if visible(p.text) != visible(whole) {
			t.Errorf("%s: the split rendering differs from the whole one", l.ID)
		}
	}
}

// TestEveryLessonRendersAtNarrowAndWideWidths renders each page at 60 and
// 120 columns: no error, no empty page, and headings the table of contents
// can jump to.
func TestEveryLessonRendersAtNarrowAndWideWidths(t *testing.T) {
	t.Parallel()
	style := NewStyles(true, false).Glamour
	for _, l := range testCatalog(t).Lessons() {
		for _, w := range []int{60, 120} {
			p, err := renderPage(l, w, style)
			if err != nil {
				t.Errorf("%s at %d columns: %v", l.ID, w, err)
				continue
			}
			if strings.TrimSpace(xansi.Strip(p.text)) == "" {
				t.Errorf("%s at %d columns renders empty", l.ID, w)
			}
			found := 0
			for _, line := range p.lines {
				if line >= 0 {
					found++
				}
			}
			if len(p.headings) > 0 && found < len(p.headings)*9/10 {
				t.Errorf("%s at %d columns: only %d of %d headings found in the rendering", l.ID, w, found, len(p.headings))
			}
		}
	}
}
