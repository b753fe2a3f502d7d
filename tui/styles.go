package tui

import (
	"image/color"

	"charm.land/glamour/v2/ansi"
	glamourstyles "charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"
)

// palette is the small set of colours every style is built from; no other
// file names a colour.
type palette struct {
	accent, accentSoft, text, dim, ok, warn, bad, line color.Color
}

func newPalette(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	return palette{
		accent:     ld(lipgloss.Color("#C45500"), lipgloss.Color("#FF9900")), // AWS orange
		accentSoft: ld(lipgloss.Color("#FCE9D6"), lipgloss.Color("#3A2A14")),
		text:       ld(lipgloss.Color("#1F2328"), lipgloss.Color("#E6E6E6")),
		dim:        ld(lipgloss.Color("#6E7781"), lipgloss.Color("#8B949E")),
		ok:         ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#3FB950")),
		warn:       ld(lipgloss.Color("#9A6700"), lipgloss.Color("#D29922")),
		bad:        ld(lipgloss.Color("#CF222E"), lipgloss.Color("#F85149")),
		line:       ld(lipgloss.Color("#D0D7DE"), lipgloss.Color("#30363D")),
	}
}

// Styles are the lipgloss styles of every screen plus glamour's style for
// lesson Markdown. With NoColor every style keeps only attributes (bold,
// reverse), so NO_COLOR terminals still see the cursor and headings.
type Styles struct {
	Dark    bool
	NoColor bool

	AppTitle  lipgloss.Style
	Clock     lipgloss.Style
	ClockNow  lipgloss.Style
	Rule      lipgloss.Style
	DayHeader lipgloss.Style
	Item      lipgloss.Style
	Selected  lipgloss.Style
	NowMark   lipgloss.Style
	Done      lipgloss.Style
	Dim       lipgloss.Style
	PaneTitle lipgloss.Style
	Status    lipgloss.Style
	StatusErr lipgloss.Style
	HelpKey   lipgloss.Style
	HelpDesc  lipgloss.Style
	Overlay   lipgloss.Style

	Glamour ansi.StyleConfig
	// Theme names the glamour style for the render cache key.
	Theme string
}

// NewStyles builds the styles for a dark or light terminal.
func NewStyles(dark, noColor bool) Styles {
	s := Styles{Dark: dark, NoColor: noColor}
	plain := lipgloss.NewStyle()
	if noColor {
		s.AppTitle = plain.Bold(true)
		s.Clock = plain
		s.ClockNow = plain.Bold(true)
		s.Rule = plain
		s.DayHeader = plain.Bold(true)
		s.Item = plain
		s.Selected = plain.Reverse(true)
		s.NowMark = plain.Bold(true)
		s.Done = plain
		s.Dim = plain
		s.PaneTitle = plain.Bold(true)
		s.Status = plain
		s.StatusErr = plain.Bold(true)
		s.HelpKey = plain.Bold(true)
		s.HelpDesc = plain
		s.Overlay = plain.Border(lipgloss.NormalBorder()).Padding(0, 1)
		s.Glamour = glamourstyles.NoTTYStyleConfig
		s.Theme = "notty"
		return s
	}
	p := newPalette(dark)
	s.AppTitle = plain.Bold(true).Foreground(p.accent)
	s.Clock = plain.Foreground(p.dim)
	s.ClockNow = plain.Bold(true).Foreground(p.accent)
	s.Rule = plain.Foreground(p.line)
	s.DayHeader = plain.Bold(true).Foreground(p.text)
	s.Item = plain.Foreground(p.text)
	s.Selected = plain.Bold(true).Foreground(p.accent).Background(p.accentSoft)
	s.NowMark = plain.Bold(true).Foreground(p.accent)
	s.Done = plain.Foreground(p.ok)
	s.Dim = plain.Foreground(p.dim)
	s.PaneTitle = plain.Bold(true).Foreground(p.accent)
	s.Status = plain.Foreground(p.dim)
	s.StatusErr = plain.Bold(true).Foreground(p.bad)
	s.HelpKey = plain.Bold(true).Foreground(p.accent)
	s.HelpDesc = plain.Foreground(p.dim)
	s.Overlay = plain.Border(lipgloss.RoundedBorder()).BorderForeground(p.accent).Padding(0, 1)
	if dark {
		s.Glamour = glamourstyles.DarkStyleConfig
		s.Theme = "dark"
	} else {
		s.Glamour = glamourstyles.LightStyleConfig
		s.Theme = "light"
	}
	return s
}
