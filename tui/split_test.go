package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/i18n"
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

// TestFirstScreenThenWholePage: the quick head of a lesson shows first;
// the whole page replaces it where the learner has scrolled to, and a head
// arriving late never replaces the whole page.
func TestFirstScreenThenWholePage(t *testing.T) {
	t.Parallel()
	l, _ := testCatalog(t).Lesson("d5-s3")
	style := NewStyles(true, true).Glamour
	head, err := renderFirstScreen(l, 100, style)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := renderPage(l, 100, style)
	if err != nil {
		t.Fatal(err)
	}
	if !head.partial || whole.partial || len(head.text) >= len(whole.text) {
		t.Fatalf("head %d bytes partial=%v, whole %d bytes partial=%v", len(head.text), head.partial, len(whole.text), whole.partial)
	}
	if !strings.HasPrefix(visible(whole.text), strings.TrimRight(visible(head.text), "\n")) {
		t.Error("the first screen is not the beginning of the whole page")
	}
	m := newLessonModel(l)
	k := m.setSize(100, 26, "notty")
	m.show(k, head)
	m.vp.ScrollDown(3)
	m.show(k, whole)
	if m.page.partial || m.vp.YOffset() != 3 {
		t.Errorf("after the whole page: partial=%v offset %d, want the whole page at offset 3", m.page.partial, m.vp.YOffset())
	}
	m.show(k, head)
	if m.page.partial {
		t.Error("a late first screen replaced the whole page")
	}
}

// TestContentsBeforeTheWholePage: the contents opened on the first screen
// list every heading; choosing one the first screen does not print jumps
// there when the whole page arrives, and the whole page arriving under
// the open contents keeps the learner's place in them. (A quick `t G
// enter` used to land on the first screen's last heading, or on the
// first heading when the page arrived between the keys.)
func TestContentsBeforeTheWholePage(t *testing.T) {
	t.Parallel()
	l, _ := testCatalog(t).Lesson("d5-s3")
	style := NewStyles(true, true).Glamour
	head, err := renderFirstScreen(l, 100, style)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := renderPage(l, 100, style)
	if err != nil {
		t.Fatal(err)
	}
	en, err := i18n.New("en")
	if err != nil {
		t.Fatal(err)
	}
	keys := newKeyMap(en)
	last := len(whole.headings) - 1
	for whole.lines[last] < 0 {
		last--
	}
	press := func(m lessonModel, k string) lessonModel {
		code := rune(k[0])
		if k == "enter" {
			code = tea.KeyEnter
			k = ""
		}
		m, _ = m.update(tea.KeyPressMsg{Code: code, Text: k}, keys)
		return m
	}

	// Chosen before the whole page arrives.
	m := newLessonModel(l)
	k := m.setSize(100, 26, "notty")
	m.show(k, head)
	m = press(m, "t")
	m = press(m, "G")
	m = press(m, "enter")
	m.show(k, whole)
	if want := min(whole.lines[last], m.vp.TotalLineCount()-m.vp.Height()); m.vp.YOffset() != want {
		t.Errorf("chosen on the first screen: offset %d, want the last heading's %d", m.vp.YOffset(), want)
	}

	// The whole page arrives between choosing and enter.
	m = newLessonModel(l)
	m.setSize(100, 26, "notty")
	m.show(k, head)
	m = press(m, "t")
	m = press(m, "G")
	m.show(k, whole)
	m = press(m, "enter")
	if want := min(whole.lines[last], m.vp.TotalLineCount()-m.vp.Height()); m.vp.YOffset() != want {
		t.Errorf("page arrived under the contents: offset %d, want the last heading's %d", m.vp.YOffset(), want)
	}
}
