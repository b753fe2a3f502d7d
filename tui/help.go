package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"awstutor/i18n"
)

// shortHelp renders a line of "key description" pairs.
func shortHelp(bs []key.Binding, s Styles) string {
	parts := make([]string, 0, len(bs))
	for _, b := range bs {
		h := b.Help()
		parts = append(parts, s.HelpKey.Render(h.Key)+" "+s.HelpDesc.Render(h.Desc))
	}
	return strings.Join(parts, s.Dim.Render(" · "))
}

// helpView is the full key list for the screen on show, drawn as a box in
// the middle of the body.
func helpView(width, height int, on screen, image bool, keys keyMap, s Styles, p i18n.Printer) string {
	groups := [][]key.Binding{
		{keys.Up, keys.Down, keys.PageUp, keys.PageDown, keys.Top, keys.Bottom},
		{keys.Open, keys.Back, keys.Help, keys.Quit},
	}
	switch on {
	case screenHome:
		groups = append(groups, []key.Binding{keys.Quiz, keys.Checklist})
	case screenLesson:
		groups = append(groups, []key.Binding{keys.TOC, keys.Next, keys.Prev, keys.MarkRead, keys.Quiz})
	case screenQuiz:
		groups = append(groups, []key.Binding{keys.Retry})
	case screenChecklist:
		groups = append(groups, []key.Binding{keys.Toggle})
	case screenLab:
		lab := []key.Binding{keys.LabPlan, keys.LabApply, keys.LabVerify}
		if image {
			lab = append(lab, keys.LabImage)
		}
		groups = append(groups, append(lab, keys.LabDestroy, keys.LabEdit, keys.LabHint, keys.LabDiff, keys.LabWide))
	}
	var lines []string
	lines = append(lines, s.PaneTitle.Render(p.T(i18n.HelpTitle)), "")
	for _, g := range groups {
		for _, b := range g {
			h := b.Help()
			lines = append(lines, s.HelpKey.Render(padRight(h.Key, 12))+s.HelpDesc.Render(h.Desc))
		}
		lines = append(lines, "")
	}
	lines = append(lines, s.Dim.Render(p.T(i18n.HelpClose)))
	box := s.Overlay.Render(strings.Join(lines, "\n"))
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, box)
}

func padRight(s string, n int) string {
	if w := lipgloss.Width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s + " "
}
