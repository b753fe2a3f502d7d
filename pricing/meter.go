package pricing

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"awstutor/resource"
)

// Class times, as offsets from local midnight, used when the caller gives
// none: the "until tomorrow morning" projection runs to the next class
// start, the "until the end of class" one to the next class end.
const (
	DefaultMorning  = 9 * time.Hour
	DefaultClassEnd = 12 * time.Hour
)

var msPerHour = decimal.NewFromInt(int64(time.Hour / time.Millisecond))

// MeterOptions configures a Meter.
type MeterOptions struct {
	// Clock says what time it is; nil means time.Now. Tests inject one.
	Clock func() time.Time
	// Location is the learner's time zone, for "tomorrow morning" and "the
	// end of class"; nil means time.Local.
	Location *time.Location
	// Morning is when the next class starts, as an offset from local
	// midnight; zero means DefaultMorning.
	Morning time.Duration
	// ClassEnd is when class ends, as an offset from local midnight; zero
	// means DefaultClassEnd.
	ClassEnd time.Duration
	// FreeTier applies the catalogue's free-tier allowances, per calendar
	// month, to the resources of this one account.
	FreeTier bool
	// Catalog is the price catalogue; nil means DefaultCatalog.
	Catalog *Catalog
}

// Meter prices the live resources of one account once and then, on every
// tick, says what they have cost since they were created and what they
// will cost if left running. A tick is arithmetic only, so a screen can
// call it every second.
type Meter struct {
	clock     func() time.Time
	loc       *time.Location
	morning   time.Duration
	classEnd  time.Duration
	priceDate string
	// base is the cost per hour of everything priced that the free tier
	// does not touch; the free-tier parts are in each item's free.
	base     decimal.Decimal
	items    []meterItem
	unpriced int
	ledger   *freeLedger
	// poolHourly is, per pool, the full cost per hour of its members.
	poolHourly map[*freePool]decimal.Decimal
	// pools lists the ledger's pools in a fixed order, for readings.
	pools []*freePool
}

type meterItem struct {
	cost      ResourceCost
	region    string
	lab       string
	createdAt time.Time
	// base is the item's cost per hour outside the free tier.
	base decimal.Decimal
	// free are the item's components that draw on a free-tier pool.
	free []freePart
}

// freePart is one component billed only once its pool has run out.
type freePart struct {
	pool   *freePool
	hourly decimal.Decimal // the component's full cost per hour
}

// MeterLine is one resource in a meter reading.
type MeterLine struct {
	// Cost is the resource's price: address or ID, type, components, and
	// whether it is free or unpriced. Its Total is not used; its Hourly is
	// the list price before the free tier.
	Cost ResourceCost
	// Region is the region the resource runs and was priced in.
	Region string
	// Lab is the resource's Lab tag.
	Lab string
	// CreatedAt is when the resource was created, zero when unknown.
	CreatedAt time.Time
	// Hourly is what the resource costs per hour now, after the free tier.
	Hourly decimal.Decimal
	// Accrued is what the resource has cost since CreatedAt, after the
	// free tier; zero when CreatedAt is unknown.
	Accrued decimal.Decimal
}

// Reading is what the meter says at one moment.
type Reading struct {
	// At is the moment of the reading, in UTC.
	At time.Time
	// PriceDate is the catalogue's price date.
	PriceDate string
	// Hourly is what everything priced costs per hour now.
	Hourly decimal.Decimal
	// Accrued is what the resources with a known creation time have cost
	// since they were created.
	Accrued decimal.Decimal
	// ClassEndAt is the next end of class, in the meter's location.
	ClassEndAt time.Time
	// UntilClassEnd is what the resources cost from now until ClassEndAt.
	UntilClassEnd decimal.Decimal
	// MorningAt is the next class start, in the meter's location.
	MorningAt time.Time
	// UntilMorning is what the resources cost from now until MorningAt.
	UntilMorning decimal.Decimal
	// MonthEndAt is the end of the billing month (AWS bills calendar
	// months in UTC), in the meter's location.
	MonthEndAt time.Time
	// UntilMonthEnd is what the resources cost from now until MonthEndAt.
	UntilMonthEnd decimal.Decimal
	// Month is a 730-hour month at the present rate.
	Month decimal.Decimal
	// Unpriced counts the resources that could not be priced; the figures
	// leave them out.
	Unpriced int
	// FreeTier says how each free-tier allowance stands; empty when the
	// free tier is off or nothing draws on it.
	FreeTier []FreePool
	// Lines has one entry per resource, in the order given to NewMeter.
	Lines []MeterLine
}

// NewMeter prices the live resources of one account, each in its own
// region (DefaultRegion when it names none). A resource in a region the
// catalogue lacks is unpriced, not an error, so one odd resource does not
// blank the meter. A resource whose creation time is unknown accrues
// nothing and, for the free tier, counts from now.
func NewMeter(rs []resource.Resource, opts MeterOptions) (*Meter, error) {
	cat, err := optsCatalog(opts.Catalog)
	if err != nil {
		return nil, fmt.Errorf("start cost meter: %w", err)
	}
	for _, o := range []struct {
		name string
		d    time.Duration
	}{{"morning", opts.Morning}, {"class end", opts.ClassEnd}} {
		if o.d < 0 || o.d >= 24*time.Hour {
			return nil, fmt.Errorf("start cost meter: %s %s is not a time of day", o.name, o.d)
		}
	}
	m := &Meter{
		clock:      opts.Clock,
		loc:        opts.Location,
		morning:    cmp.Or(opts.Morning, DefaultMorning),
		classEnd:   cmp.Or(opts.ClassEnd, DefaultClassEnd),
		priceDate:  cat.PriceDate,
		base:       decimal.Zero,
		ledger:     newFreeLedger(),
		poolHourly: map[*freePool]decimal.Decimal{},
	}
	if m.clock == nil {
		m.clock = time.Now
	}
	if m.loc == nil {
		m.loc = time.Local
	}
	firstSeen := m.clock().UTC()

	set := newResourceSet(len(rs))
	for _, r := range rs {
		if r.Region == "" {
			r.Region = DefaultRegion
		}
		set.add(setEntry{res: r, decoded: true})
	}
	m.items = make([]meterItem, len(rs))
	for i := range set.entries {
		res := set.entries[i].res
		var c ResourceCost
		if err := cat.CheckRegion(res.Region); err != nil {
			c = ResourceCost{Address: nameOf(res), Type: res.Type,
				ID: res.ID, Unpriced: true, Reason: err.Error(), Components: []Component{}}
		} else {
			// Priced at list price: the ledger, not applyFreeTier, decides
			// which hours are free.
			c = priceOne(set, i, Context{Region: res.Region, FreeTier: opts.FreeTier, catalog: cat})
		}
		c.sum(decimal.Zero)
		it := meterItem{cost: c, region: res.Region, lab: res.Lab, createdAt: res.CreatedAt, base: c.Hourly}
		if opts.FreeTier {
			start := res.CreatedAt
			if start.IsZero() {
				start = firstSeen
			}
			for _, comp := range c.Components {
				if comp.dim.Free == nil || comp.IsUsage() || comp.Hourly.IsZero() {
					continue
				}
				p := m.ledger.add(comp, start)
				it.free = append(it.free, freePart{pool: p, hourly: comp.Hourly})
				it.base = it.base.Sub(comp.Hourly)
				if _, ok := m.poolHourly[p]; !ok {
					m.pools = append(m.pools, p)
				}
				m.poolHourly[p] = m.poolHourly[p].Add(comp.Hourly)
			}
		}
		m.items[i] = it
		m.base = m.base.Add(it.base)
		if c.Unpriced {
			m.unpriced++
		}
	}
	slices.SortFunc(m.pools, func(a, b *freePool) int { return cmp.Compare(a.name, b.name) })
	// A region refreshed by `pricing update` has its own date: name it
	// when every resource is priced in that one region.
	if r, ok := oneRegion(m.items); ok {
		m.priceDate = cat.PriceDateFor(r)
	}
	return m, nil
}

// Tick reads the meter now. Time is counted in milliseconds and each
// figure divided into hours once, at the end: a tick over 500 resources
// then stays well under a millisecond.
func (m *Meter) Tick() Reading {
	now := m.clock().UTC()
	local := now.In(m.loc)
	rd := Reading{
		At: now, PriceDate: m.priceDate, Accrued: decimal.Zero,
		ClassEndAt: nextAt(local, m.classEnd),
		MorningAt:  nextAt(local, m.morning),
		MonthEndAt: nextMonth(monthOf(now)).In(m.loc),
		Unpriced:   m.unpriced, Lines: make([]MeterLine, len(m.items)),
	}
	// Each pool is either still free now or billed in full; the
	// projections ask each pool, not each member, since every member runs
	// from now on alike.
	billedNow := make(map[*freePool]bool, len(m.pools))
	rd.Hourly = m.base
	project := func(until time.Time) decimal.Decimal {
		sum := m.base.Mul(decimal.NewFromInt(msBetween(now, until)))
		for _, p := range m.pools {
			if d := p.billedMs(now, now, until); d > 0 {
				sum = sum.Add(m.poolHourly[p].Mul(decimal.NewFromInt(d)))
			}
		}
		return sum.DivRound(msPerHour, derivedPlaces)
	}
	for _, p := range m.pools {
		billedNow[p] = !now.Before(p.runsOut(monthOf(now)))
		if billedNow[p] {
			rd.Hourly = rd.Hourly.Add(m.poolHourly[p])
		}
		rd.FreeTier = append(rd.FreeTier, p.reading(now))
	}
	rd.UntilClassEnd = project(rd.ClassEndAt)
	rd.UntilMorning = project(rd.MorningAt)
	rd.UntilMonthEnd = project(rd.MonthEndAt)
	rd.Month = rd.Hourly.Mul(hoursPerMonth)
	for i, it := range m.items {
		l := MeterLine{Cost: it.cost, Region: it.region, Lab: it.lab, CreatedAt: it.createdAt, Hourly: it.base, Accrued: decimal.Zero}
		for _, f := range it.free {
			if billedNow[f.pool] {
				l.Hourly = l.Hourly.Add(f.hourly)
			}
		}
		if !it.createdAt.IsZero() {
			// What the line cost, in dollar-milliseconds, divided once.
			var sum decimal.Decimal
			if d := msBetween(it.createdAt, now); d > 0 && !it.base.IsZero() {
				sum = it.base.Mul(decimal.NewFromInt(d))
			}
			for _, f := range it.free {
				if d := f.pool.billedMs(it.createdAt, it.createdAt, now); d > 0 {
					sum = sum.Add(f.hourly.Mul(decimal.NewFromInt(d)))
				}
			}
			if !sum.IsZero() {
				l.Accrued = sum.DivRound(msPerHour, derivedPlaces)
				rd.Accrued = rd.Accrued.Add(l.Accrued)
			}
		}
		rd.Lines[i] = l
	}
	return rd
}

// hoursBetween is the time from a to b in decimal hours, to the
// millisecond, and zero when b is not after a (a clock skewed behind a
// resource's creation must not make money negative).
func hoursBetween(a, b time.Time) decimal.Decimal {
	d := b.Sub(a)
	if d <= 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(d.Milliseconds()).DivRound(msPerHour, derivedPlaces)
}

// nextAt is the first time of day at (an offset from midnight) after now,
// in now's location: for 09:00, at 11:30 it is tomorrow's, at 02:00
// today's. Days are built from the date, not by adding 24 hours, so a
// daylight-saving change does not shift it.
func nextAt(now time.Time, at time.Duration) time.Time {
	y, mo, d := now.Date()
	h, mi := int(at/time.Hour), int(at%time.Hour/time.Minute)
	t := time.Date(y, mo, d, h, mi, 0, 0, now.Location())
	if !t.After(now) {
		t = time.Date(y, mo, d+1, h, mi, 0, 0, now.Location())
	}
	return t
}

// oneRegion is the region every item is priced in, when they share one.
func oneRegion(items []meterItem) (string, bool) {
	if len(items) == 0 {
		return "", false
	}
	for _, it := range items[1:] {
		if it.region != items[0].region {
			return "", false
		}
	}
	return items[0].region, true
}
