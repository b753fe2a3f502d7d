package tui

import (
	"charm.land/bubbles/v2/key"

	"awstutor/i18n"
)

// keyMap holds every binding, with help text in the interface language.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Open, Back, Quit, Help                  key.Binding
	TOC, Next, Prev, MarkRead               key.Binding
	Quiz, Retry, Checklist, Toggle          key.Binding
	LabPlan, LabApply, LabDestroy, LabEdit  key.Binding
	LabHint, LabDiff, LabWide, Yes, No      key.Binding
	LabImage                                key.Binding
	LabVerify                               key.Binding
}

func newKeyMap(p i18n.Printer) keyMap {
	b := func(help string, keys ...string) key.Binding {
		label := keys[0]
		switch label {
		case "up":
			label = "↑/k"
		case "down":
			label = "↓/j"
		case "pgup":
			label = "pgup"
		case "pgdown":
			label = "pgdn/space"
		}
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, help))
	}
	return keyMap{
		Up:         b(p.T(i18n.HelpUp), "up", "k"),
		Down:       b(p.T(i18n.HelpDown), "down", "j"),
		PageUp:     b(p.T(i18n.HelpPageUp), "pgup", "b"),
		PageDown:   b(p.T(i18n.HelpPageDown), "pgdown", "space", "f"),
		Top:        b(p.T(i18n.HelpTop), "g", "home"),
		Bottom:     b(p.T(i18n.HelpBottom), "G", "end"),
		Open:       b(p.T(i18n.HelpOpen), "enter"),
		Back:       b(p.T(i18n.HelpBack), "esc", "backspace"),
		Quit:       b(p.T(i18n.HelpQuit), "q", "ctrl+c"),
		Help:       b(p.T(i18n.HelpHelp), "?"),
		TOC:        b(p.T(i18n.HelpTOC), "t"),
		Next:       b(p.T(i18n.HelpNext), "n"),
		Prev:       b(p.T(i18n.HelpPrev), "p"),
		MarkRead:   b(p.T(i18n.HelpMarkRead), "m"),
		Quiz:       b(p.T(i18n.HelpQuiz), "z"),
		Retry:      b(p.T(i18n.HelpRetry), "r"),
		Checklist:  b(p.T(i18n.HelpChecklist), "c"),
		Toggle:     b(p.T(i18n.HelpToggle), "x"),
		LabPlan:    b(p.T(i18n.HelpLabPlan), "p"),
		LabApply:   b(p.T(i18n.HelpLabApply), "a"),
		LabDestroy: b(p.T(i18n.HelpLabDestroy), "d"),
		LabEdit:    b(p.T(i18n.HelpLabEdit), "e"),
		LabHint:    b(p.T(i18n.HelpLabHint), "h"),
		LabDiff:    b(p.T(i18n.HelpLabDiff), "s"),
		LabWide:    b(p.T(i18n.HelpLabWide), "f"),
		LabImage:   b(p.T(i18n.HelpLabImage), "i"),
		LabVerify:  b(p.T(i18n.HelpLabVerify), "v"),
		Yes:        b(p.T(i18n.LabYes), "y"),
		No:         b(p.T(i18n.LabNo), "n", "esc"),
	}
}
