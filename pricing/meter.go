package pricing

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"awstutor/resource"
)

// Projection lengths. A weekend runs from Friday 15:00 to Monday 06:00.
const (
	WeekendHours = 63
	// DefaultMorning is when class starts, as an offset from local
	// midnight: the "until tomorrow morning" projection runs to it.
	DefaultMorning = 9 * time.Hour
)

var (
	weekendHours = decimal.NewFromInt(WeekendHours)
	msPerHour    = decimal.NewFromInt(int64(time.Hour / time.Millisecond))
)

// MeterOptions configures a Meter.
type MeterOptions struct {
	// Clock says what time it is; nil means time.Now. Tests inject one.
	Clock func() time.Time
	// Location is the learner's time zone, for "tomorrow morning"; nil
	// means time.Local.
	Location *time.Location
	// Morning is when the next class starts, as an offset from local
	// midnight; zero means DefaultMorning.
	Morning time.Duration
	// FreeTier applies the catalogue's free-tier allowances.
	FreeTier bool
	// Catalog is the price catalogue; nil means DefaultCatalog.
	Catalog *Catalog
}

// Meter prices live resources once and then, on every tick, says what they
// have cost since they were created and what they will cost if left
// running. A tick is only multiplication, so a screen can call it every
// second.
type Meter struct {
	clock     func() time.Time
	loc       *time.Location
	morning   time.Duration
	priceDate string
	hourly    decimal.Decimal // fixed cost per hour of everything priced
	items     []meterItem
	unpriced  int
}

type meterItem struct {
	cost      ResourceCost
	region    string
	createdAt time.Time
}

// MeterLine is one resource in a meter reading.
type MeterLine struct {
	// Cost is the resource's price: address or ID, type, components, and
	// whether it is free or unpriced. Its Total is not used.
	Cost ResourceCost
	// Region is the region the resource runs and was priced in.
	Region string
	// CreatedAt is when the resource was created, zero when unknown.
	CreatedAt time.Time
	// Accrued is what the resource has cost since CreatedAt; zero when
	// CreatedAt is unknown.
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
	// MorningAt is the next class start, in the meter's location.
	MorningAt time.Time
	// UntilMorning is what the resources cost from now until MorningAt.
	UntilMorning decimal.Decimal
	// Weekend is what they cost over a 63-hour weekend.
	Weekend decimal.Decimal
	// Month is what they cost over a 730-hour month.
	Month decimal.Decimal
	// Unpriced counts the resources that could not be priced; the figures
	// leave them out.
	Unpriced int
	// Lines has one entry per resource, in the order given to NewMeter.
	Lines []MeterLine
}

// NewMeter prices live resources, each in its own region (DefaultRegion
// when it names none). A resource in a region the catalogue lacks is
// unpriced, not an error, so one odd resource does not blank the meter.
func NewMeter(rs []resource.Resource, opts MeterOptions) (*Meter, error) {
	cat, err := optsCatalog(opts.Catalog)
	if err != nil {
		return nil, fmt.Errorf("start cost meter: %w", err)
	}
	if opts.Morning < 0 || opts.Morning >= 24*time.Hour {
		return nil, fmt.Errorf("start cost meter: morning %s is not a time of day", opts.Morning)
	}
	m := &Meter{
		clock:     opts.Clock,
		loc:       opts.Location,
		morning:   opts.Morning,
		priceDate: cat.PriceDate,
		hourly:    decimal.Zero,
	}
	if m.clock == nil {
		m.clock = time.Now
	}
	if m.loc == nil {
		m.loc = time.Local
	}
	if m.morning == 0 {
		m.morning = DefaultMorning
	}

	set := newResourceSet(len(rs))
	for _, r := range rs {
		if r.Region == "" {
			r.Region = DefaultRegion
		}
		set.add(setEntry{res: r, decoded: true})
	}
	costs := make([]ResourceCost, len(rs))
	for i := range set.entries {
		region := set.entries[i].res.Region
		if err := cat.CheckRegion(region); err != nil {
			costs[i] = ResourceCost{Address: nameOf(set.entries[i].res), Type: set.entries[i].res.Type,
				ID: set.entries[i].res.ID, Unpriced: true, Reason: err.Error(), Components: []Component{}}
			continue
		}
		costs[i] = priceOne(set, i, Context{Region: region, FreeTier: opts.FreeTier, catalog: cat})
	}
	if opts.FreeTier {
		applyFreeTier(costs)
	}
	m.items = make([]meterItem, len(rs))
	for i, c := range costs {
		c.sum(decimal.Zero)
		m.items[i] = meterItem{cost: c, region: set.entries[i].res.Region, createdAt: set.entries[i].res.CreatedAt}
		m.hourly = m.hourly.Add(c.Hourly)
		if c.Unpriced {
			m.unpriced++
		}
	}
	return m, nil
}

// Tick reads the meter now.
func (m *Meter) Tick() Reading {
	now := m.clock().UTC()
	rd := Reading{
		At: now, PriceDate: m.priceDate, Hourly: m.hourly, Accrued: decimal.Zero,
		Weekend: m.hourly.Mul(weekendHours), Month: m.hourly.Mul(hoursPerMonth),
		Unpriced: m.unpriced, Lines: make([]MeterLine, len(m.items)),
	}
	rd.MorningAt = nextMorning(now.In(m.loc), m.morning)
	rd.UntilMorning = m.hourly.Mul(hoursBetween(now, rd.MorningAt))
	for i, it := range m.items {
		l := MeterLine{Cost: it.cost, Region: it.region, CreatedAt: it.createdAt, Accrued: decimal.Zero}
		if !it.createdAt.IsZero() && !it.cost.Hourly.IsZero() {
			l.Accrued = it.cost.Hourly.Mul(hoursBetween(it.createdAt, now))
			rd.Accrued = rd.Accrued.Add(l.Accrued)
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

// nextMorning is the first class start after now, in now's location: at
// 11:30 it is tomorrow's, at 02:00 today's. Days are built from the date,
// not by adding 24 hours, so a daylight-saving change does not shift it.
func nextMorning(now time.Time, morning time.Duration) time.Time {
	y, mo, d := now.Date()
	h, mi := int(morning/time.Hour), int(morning%time.Hour/time.Minute)
	t := time.Date(y, mo, d, h, mi, 0, 0, now.Location())
	if !t.After(now) {
		t = time.Date(y, mo, d+1, h, mi, 0, 0, now.Location())
	}
	return t
}
