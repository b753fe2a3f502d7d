package tui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"

	"awstutor/class"
	"awstutor/i18n"
)

// LiveLab is one lab with deployed resources and what they cost.
type LiveLab struct {
	Target    string
	Lab       string
	Resources int
	// Hourly is what the lab's priced resources cost per hour.
	Hourly decimal.Decimal
	// Unpriced counts resources whose price is unknown (not zero).
	Unpriced int
	// Since is when the resources were deployed; zero when unknown.
	Since time.Time
}

// Live is what is deployed now, read from local state: the labs, their
// cost per hour, what they have cost so far and what they will cost if
// left until the next class starts.
type Live struct {
	Labs         []LiveLab
	Hourly       decimal.Decimal
	Accrued      decimal.Decimal
	UntilMorning decimal.Decimal
	MorningAt    time.Time
	Unpriced     int
}

// Count is the number of deployed resources.
func (l Live) Count() int {
	n := 0
	for _, lab := range l.Labs {
		n += lab.Resources
	}
	return n
}

// running turns the live labs into what the class clock's reminders list,
// with each $/h formatted as the status bar shows it.
func (l Live) running(p i18n.Printer) class.Running {
	r := class.Running{Hourly: rate(l.Hourly, anySandbox(l.Labs), p)}
	for _, lab := range l.Labs {
		r.Items = append(r.Items, class.RunningItem{
			Target: lab.Target, Lab: lab.Lab, Resources: lab.Resources,
			Hourly: rate(lab.Hourly, lab.Target != "aws", p), Since: lab.Since,
		})
	}
	return r
}

func anySandbox(labs []LiveLab) bool {
	for _, l := range labs {
		if l.Target != "aws" {
			return true
		}
	}
	return false
}

// rate formats dollars per hour to the cent, with "<$0.01/h" for a rate
// too small for cents (which must not read as free), marked simulated for
// the sandbox.
func rate(h decimal.Decimal, simulated bool, p i18n.Printer) string {
	var s string
	switch {
	case h.IsZero():
		s = "$0.00/h"
	case h.LessThan(decimal.New(1, -2)):
		s = "<$0.01/h"
	default:
		s = "$" + h.StringFixed(2) + "/h"
	}
	if simulated {
		s += " " + p.T(i18n.Simulated)
	}
	return s
}

type liveMsg struct {
	live Live
	err  error
}

// loadLive reads what is deployed, in a command: it reads every lab
// workspace's state file.
func (m Model) loadLive() tea.Cmd {
	fn := m.cfg.Live
	if fn == nil {
		return nil
	}
	return func() tea.Msg {
		l, err := fn(context.Background())
		return liveMsg{live: l, err: err}
	}
}

// meterText is the status bar's cost meter: resources deployed, $/h and
// what they have cost so far; empty when nothing runs.
func (m Model) meterText() string {
	l := m.live
	if l.Count() == 0 {
		return ""
	}
	p := m.cfg.Printer
	return p.T(i18n.MeterLine, l.Count(), rate(l.Hourly, anySandbox(l.Labs), p), "$"+l.Accrued.StringFixed(2))
}

// liveLines lists the deployed labs for a dialog, one line each.
func liveLines(l Live, p i18n.Printer) []string {
	var out []string
	for _, lab := range l.Labs {
		line := fmt.Sprintf("• %s (%s): %s · %s", lab.Lab, lab.Target, p.T(i18n.ResourceCount, lab.Resources), rate(lab.Hourly, lab.Target != "aws", p))
		if lab.Unpriced > 0 {
			line += " · " + p.T(i18n.LabUnpriced, lab.Unpriced)
		}
		out = append(out, line)
	}
	return out
}
