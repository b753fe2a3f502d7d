package tui

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"

	"awstutor/class"
	"awstutor/i18n"
	"awstutor/pricing"
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

// Live is what is deployed now: the labs, their cost per hour, what they
// have cost so far and what they will cost if left until the end of
// class, the next class start and the end of the billing month.
//
// When Accounts holds meters, the figures are re-read from them every
// second (Reread, arithmetic only); the resources themselves are read
// again, slowly, by Config.Live every RefreshEvery.
type Live struct {
	Labs          []LiveLab
	Hourly        decimal.Decimal
	Accrued       decimal.Decimal
	UntilMorning  decimal.Decimal
	MorningAt     time.Time
	UntilClassEnd decimal.Decimal
	ClassEndAt    time.Time
	UntilMonthEnd decimal.Decimal
	MonthEndAt    time.Time
	Unpriced      int
	// Accounts are the meters the figures come from, one per target
	// account; empty when the figures are fixed (tests).
	Accounts []LiveAccount
	// RefreshEvery is how often the resources are read again: about 10 s
	// in the sandbox, 60 s on AWS; zero means liveRefreshDefault.
	RefreshEvery time.Duration
	// Note says why the figures come from the workspaces' state files
	// rather than the target's inventory; empty when they do not.
	Note string
}

// LiveAccount is what runs in one target account, priced by one meter (the
// free tier is an allowance per account).
type LiveAccount struct {
	Target string
	Meter  *pricing.Meter
}

const liveRefreshDefault = 15 * time.Second

// Reread ticks the meters and rebuilds the figures and the per-lab lines;
// a Live without meters is returned as it is.
func (l Live) Reread() Live {
	if len(l.Accounts) == 0 {
		return l
	}
	out := Live{Accounts: l.Accounts, RefreshEvery: l.RefreshEvery, Note: l.Note}
	byLab := map[[2]string]*LiveLab{}
	var order [][2]string
	for _, a := range l.Accounts {
		rd := a.Meter.Tick()
		out.Hourly = out.Hourly.Add(rd.Hourly)
		out.Accrued = out.Accrued.Add(rd.Accrued)
		out.UntilMorning = out.UntilMorning.Add(rd.UntilMorning)
		out.UntilClassEnd = out.UntilClassEnd.Add(rd.UntilClassEnd)
		out.UntilMonthEnd = out.UntilMonthEnd.Add(rd.UntilMonthEnd)
		out.MorningAt, out.ClassEndAt, out.MonthEndAt = rd.MorningAt, rd.ClassEndAt, rd.MonthEndAt
		out.Unpriced += rd.Unpriced
		for _, line := range rd.Lines {
			k := [2]string{a.Target, line.Lab}
			lab, ok := byLab[k]
			if !ok {
				lab = &LiveLab{Target: a.Target, Lab: line.Lab}
				byLab[k] = lab
				order = append(order, k)
			}
			lab.Resources++
			lab.Hourly = lab.Hourly.Add(line.Hourly)
			if line.Cost.Unpriced {
				lab.Unpriced++
			}
			if !line.CreatedAt.IsZero() && (lab.Since.IsZero() || line.CreatedAt.Before(lab.Since)) {
				lab.Since = line.CreatedAt
			}
		}
	}
	slices.SortFunc(order, func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	for _, k := range order {
		out.Labs = append(out.Labs, *byLab[k])
	}
	return out
}

// refreshEvery is how often the resources are read again.
func (l Live) refreshEvery() time.Duration {
	if l.RefreshEvery > 0 {
		return l.RefreshEvery
	}
	return liveRefreshDefault
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

// loadLive reads what is deployed, in a command: the target's inventory,
// or every lab workspace's state file when it cannot be read.
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
	// To the hundredth of a cent, so the learner sees it move each second.
	return p.T(i18n.MeterLine, l.Count(), rate(l.Hourly, anySandbox(l.Labs), p), "$"+l.Accrued.StringFixed(4))
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
