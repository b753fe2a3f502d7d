package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/i18n"
)

// tocModel is the table of contents of the open lesson: its headings, a
// cursor, and where each heading is in the rendered page.
type tocModel struct {
	items []string
	// heads[i] is the index, in the page's headings, of items[i].
	heads  []int
	cursor int
}

// newTOC lists the page's headings. The first screen of a lesson lists
// them all, printed yet or not, so the contents read the same before and
// after the whole page arrives; a jump to one not printed yet waits for
// it. In the whole page, a heading glamour did not print cannot be jumped
// to and is left out.
func newTOC(p page) tocModel {
	var t tocModel
	for i, h := range p.headings {
		if p.lines[i] < 0 && !p.partial {
			continue
		}
		indent := ""
		if h.Level == 3 {
			indent = "  "
		}
		t.items = append(t.items, indent+h.Text)
		t.heads = append(t.heads, i)
	}
	return t
}

// keepCursor puts the cursor on the heading old's cursor was on, or the
// next one listed, when the contents are rebuilt under an open overlay.
func (t *tocModel) keepCursor(old tocModel) {
	if old.cursor >= len(old.heads) {
		return
	}
	want := old.heads[old.cursor]
	for i, h := range t.heads {
		if h >= want {
			t.cursor = i
			return
		}
	}
	t.cursor = max(0, len(t.heads)-1)
}

// update moves the cursor; done is true when the overlay closes, with the
// index of the heading to jump to or -1.
func (t tocModel) update(msg tea.KeyPressMsg, keys keyMap) (tocModel, int, bool) {
	switch {
	case key.Matches(msg, keys.Up):
		t.cursor = max(0, t.cursor-1)
	case key.Matches(msg, keys.Down):
		t.cursor = min(len(t.items)-1, t.cursor+1)
	case key.Matches(msg, keys.Top):
		t.cursor = 0
	case key.Matches(msg, keys.Bottom):
		t.cursor = len(t.items) - 1
	case key.Matches(msg, keys.Open):
		if len(t.items) == 0 {
			return t, -1, true
		}
		return t, t.heads[t.cursor], true
	case key.Matches(msg, keys.Back), key.Matches(msg, keys.TOC):
		return t, -1, true
	}
	return t, -1, false
}

func (t tocModel) view(width, height int, s Styles, p i18n.Printer) string {
	lines := []string{s.PaneTitle.Render(p.T(i18n.TOCTitle)), ""}
	if len(t.items) == 0 {
		lines = append(lines, s.Dim.Render(p.T(i18n.TOCEmpty)))
	}
	room := max(1, height-2)
	start := max(0, min(t.cursor-room/2, len(t.items)-room))
	for i := start; i < len(t.items) && i < start+room; i++ {
		text := xansi.Truncate(t.items[i], width-4, "…")
		if i == t.cursor {
			lines = append(lines, s.Selected.Render("> "+text))
		} else {
			lines = append(lines, s.Item.Render("  "+text))
		}
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines[:height], "\n")
}
