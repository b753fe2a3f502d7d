package pricing

import (
	"slices"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// A freeLedger applies the free tier to live resources the way AWS bills
// it: an allowance per account and per calendar month (UTC, as AWS bills),
// used up by everything in its pool in the order it runs, after which every
// hour is billed. The plan estimate spreads an allowance evenly over a
// 730-hour month because a plan has no clock; the live meter has one, so
// it says "free until 3 December 04:00, then $0.0130/h" instead of a
// fraction of an instance.
//
// One ledger is one account: callers build one Meter per target account.
// It sees only what the meter is given, so hours the account spent on
// other resources this month are not counted; the reading says so.
type freeLedger struct {
	pools map[string]*freePool
}

// freePool is one allowance ("750 instance-hours of t2.micro or t3.micro")
// and the components that draw on it.
type freePool struct {
	name      string
	note      string
	unit      string
	quantity  decimal.Decimal // per month, in the dimension's unit
	perMonth  bool            // the allowance is units all month (alarms, GB), not unit-hours
	members   []freeMember
	mu        sync.Mutex
	exhausted map[time.Time]time.Time // month start -> when the allowance runs out
}

// freeMember is one component drawing on a pool from start, at rate units
// at once (one instance, 8 GB).
type freeMember struct {
	start time.Time
	rate  decimal.Decimal
}

func newFreeLedger() *freeLedger { return &freeLedger{pools: map[string]*freePool{}} }

// add puts a component that runs from start in its pool and returns the
// pool.
func (l *freeLedger) add(c Component, start time.Time) *freePool {
	f := c.dim.Free
	p, ok := l.pools[f.Pool]
	if !ok {
		p = &freePool{name: f.Pool, note: f.Note, unit: c.Unit, quantity: f.Quantity,
			perMonth: c.Billing == BillingMonth, exhausted: map[time.Time]time.Time{}}
		l.pools[f.Pool] = p
	}
	p.members = append(p.members, freeMember{start: start, rate: c.Quantity})
	return p
}

// monthOf is the start of the UTC calendar month holding t.
func monthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// nextMonth is the start of the month after the one starting at ms.
func nextMonth(ms time.Time) time.Time { return ms.AddDate(0, 1, 0) }

// allowance is the pool's allowance in unit-hours for the month starting at
// ms: 750 instance-hours is 750 whatever the month's length; ten alarms
// (or 30 GB) all month is ten times the month's hours.
func (p *freePool) allowance(ms time.Time) decimal.Decimal {
	if !p.perMonth {
		return p.quantity
	}
	return p.quantity.Mul(hoursBetween(ms, nextMonth(ms)))
}

// runsOut is when the month's allowance is used up, or the month's end when
// it lasts the month. Every member is running (a live reading), so usage
// only grows: it is piecewise linear in time, its slope rising at each
// member's start, and the crossing is found by walking the starts in order.
func (p *freePool) runsOut(ms time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t, ok := p.exhausted[ms]; ok {
		return t
	}
	me := nextMonth(ms)
	left := p.allowance(ms)
	type step struct {
		at   time.Time
		rate decimal.Decimal
	}
	steps := make([]step, 0, len(p.members))
	for _, m := range p.members {
		at := m.start
		if at.Before(ms) {
			at = ms
		}
		if at.Before(me) {
			steps = append(steps, step{at, m.rate})
		}
	}
	slices.SortFunc(steps, func(a, b step) int { return a.at.Compare(b.at) })
	out := me
	slope := decimal.Zero
	prev := ms
	for i := 0; ; i++ {
		next := me
		if i < len(steps) {
			next = steps[i].at
		}
		if slope.IsPositive() {
			use := slope.Mul(hoursBetween(prev, next))
			if use.GreaterThanOrEqual(left) {
				out = prev.Add(hoursDuration(left.DivRound(slope, derivedPlaces)))
				break
			}
			left = left.Sub(use)
		}
		if i >= len(steps) {
			break
		}
		slope = slope.Add(steps[i].rate)
		prev = next
	}
	if out.After(me) {
		out = me
	}
	p.exhausted[ms] = out
	return out
}

// billedMs is how long, between a and b, a member of the pool that runs
// from start is billed, in milliseconds: the parts of each month after the
// allowance ran out. Milliseconds, not decimal hours, so that a tick turns
// time into money with one division per line rather than one per part.
func (p *freePool) billedMs(start, a, b time.Time) int64 {
	if a.Before(start) {
		a = start
	}
	var total int64
	for ms := monthOf(a); ms.Before(b); ms = nextMonth(ms) {
		from := a
		if out := p.runsOut(ms); from.Before(out) {
			from = out
		}
		to := nextMonth(ms)
		if b.Before(to) {
			to = b
		}
		total += msBetween(from, to)
	}
	return total
}

// used is what the pool's members have used of the allowance of the month
// holding now, in unit-hours, capped at the allowance.
func (p *freePool) used(now time.Time) decimal.Decimal {
	ms := monthOf(now)
	total := decimal.Zero
	for _, m := range p.members {
		from := m.start
		if from.Before(ms) {
			from = ms
		}
		if d := msBetween(from, now); d > 0 {
			total = total.Add(m.rate.Mul(decimal.NewFromInt(d)))
		}
	}
	return decimal.Min(total.DivRound(msPerHour, derivedPlaces), p.allowance(ms))
}

// msBetween is the time from a to b in milliseconds, and zero when b is
// not after a.
func msBetween(a, b time.Time) int64 {
	if d := b.Sub(a); d > 0 {
		return d.Milliseconds()
	}
	return 0
}

// hoursDuration turns decimal hours into a duration, to the millisecond.
func hoursDuration(h decimal.Decimal) time.Duration {
	return time.Duration(h.Mul(msPerHour).Round(0).IntPart()) * time.Millisecond
}

// FreePool is one free-tier allowance in a meter reading.
type FreePool struct {
	// Pool names the allowance ("ec2.micro").
	Pool string `json:"pool"`
	// Note says the allowance in words, with its conditions.
	Note string `json:"note"`
	// Unit is the allowance's unit, the dimension's ("instance-hour",
	// "GB-month").
	Unit string `json:"unit"`
	// Allowance is the monthly allowance in Unit.
	Allowance decimal.Decimal `json:"allowance"`
	// Used is what the resources the meter sees used of it this month, in
	// Unit; the account's other use is not known.
	Used decimal.Decimal `json:"used"`
	// RunsOutAt is when it is used up this month at the present rate; zero
	// when it lasts the month.
	RunsOutAt time.Time `json:"runs_out_at,omitzero"`
}

// reading says how the pool stands at now.
func (p *freePool) reading(now time.Time) FreePool {
	ms := monthOf(now)
	r := FreePool{Pool: p.name, Note: p.note, Unit: p.unit, Allowance: p.quantity, Used: p.used(now)}
	if p.perMonth {
		// Used is in unit-hours; a month-long allowance reads in months.
		r.Used = r.Used.DivRound(hoursBetween(ms, nextMonth(ms)), 4)
	}
	if out := p.runsOut(ms); out.Before(nextMonth(ms)) {
		r.RunsOutAt = out
	}
	return r
}
