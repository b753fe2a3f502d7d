package pricing

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// DefaultDuration is how long an estimate prices resources for when the
// caller does not say: one hour, the length of a lab.
const DefaultDuration = time.Hour

// EstimateOptions says how to price a plan.
type EstimateOptions struct {
	// Name names the plan in errors: a file path or a lab id.
	Name string
	// Region is the region to price in. Empty means the region of the
	// plan's root aws provider block, else DefaultRegion. One estimate has
	// one region.
	Region string
	// Duration is how long the resources would run; zero means
	// DefaultDuration.
	Duration time.Duration
	// FreeTier applies the free-tier allowances of the catalogue.
	FreeTier bool
	// Catalog is the price catalogue; nil means DefaultCatalog.
	Catalog *Catalog
}

// Estimate is what a plan's resources cost in one region over a duration.
type Estimate struct {
	// Region is the region the prices are for.
	Region string `json:"region"`
	// PriceDate is the catalogue's price date.
	PriceDate string `json:"price_date"`
	// Source says where the catalogue's prices come from.
	Source string `json:"source"`
	// FreeTier is true when free-tier allowances were applied.
	FreeTier bool `json:"free_tier"`
	// DurationHours is the duration priced, in hours.
	DurationHours decimal.Decimal `json:"duration_hours"`
	// HourlyTotal is the fixed cost per hour of all priced resources.
	HourlyTotal decimal.Decimal `json:"hourly_total"`
	// Total is the fixed cost over the duration.
	Total decimal.Decimal `json:"total"`
	// MonthlyTotal is the fixed cost per 730-hour month.
	MonthlyTotal decimal.Decimal `json:"monthly_total"`
	// Resources lists every resource that will exist, in plan order: priced,
	// free and unpriced alike.
	Resources []ResourceCost `json:"resources"`
}

// ResourceCost is what one resource costs.
type ResourceCost struct {
	// Address is the Terraform address, or the provider ID for live
	// resources that have no address.
	Address string `json:"address"`
	// Type is the Terraform resource type.
	Type string `json:"type"`
	// ID is the provider's identifier, when known.
	ID string `json:"id,omitempty"`
	// Hourly is the fixed cost per hour.
	Hourly decimal.Decimal `json:"hourly"`
	// Total is the fixed cost over the estimate's duration.
	Total decimal.Decimal `json:"total"`
	// Monthly is the fixed cost per 730-hour month.
	Monthly decimal.Decimal `json:"monthly"`
	// Unpriced is true when awstutor cannot price the resource; its cost
	// is unknown, not zero.
	Unpriced bool `json:"unpriced"`
	// Free is true for a type AWS does not charge for.
	Free bool `json:"free,omitempty"`
	// Reason says why an unpriced resource is unpriced.
	Reason string `json:"reason,omitempty"`
	// Components are the priced lines; empty when free or unpriced.
	Components []Component `json:"components"`
}

// Approximate reports whether any of the resource's figures is a best
// guess.
func (rc ResourceCost) Approximate() bool {
	for _, c := range rc.Components {
		if c.Approximate {
			return true
		}
	}
	return false
}

// Unpriced counts the resources that could not be priced; a total with
// unpriced resources is a lower bound.
func (e Estimate) Unpriced() int {
	n := 0
	for _, r := range e.Resources {
		if r.Unpriced {
			n++
		}
	}
	return n
}

// EstimatePlan prices the resources a Terraform plan leaves in place, from
// the JSON of `terraform show -json PLANFILE`. Resources the plan deletes
// do not count; usage-based charges appear as usage lines, not figures.
func EstimatePlan(planJSON []byte, opts EstimateOptions) (Estimate, error) {
	name := opts.Name
	if name == "" {
		name = "plan"
	}
	cat, err := optsCatalog(opts.Catalog)
	if err != nil {
		return Estimate{}, fmt.Errorf("estimate %s: %w", name, err)
	}
	if opts.Duration < 0 {
		return Estimate{}, fmt.Errorf("estimate %s: duration %s is negative", name, opts.Duration)
	}
	set, planRegion, err := decodePlan(planJSON)
	if err != nil {
		return Estimate{}, fmt.Errorf("estimate %s: %w", name, err)
	}
	region := firstNonEmpty(opts.Region, planRegion, DefaultRegion)
	if err := cat.CheckRegion(region); err != nil {
		return Estimate{}, fmt.Errorf("estimate %s: %w", name, err)
	}
	dur := opts.Duration
	if dur == 0 {
		dur = DefaultDuration
	}
	est := Estimate{
		Region:        region,
		PriceDate:     cat.PriceDateFor(region),
		Source:        cat.Origin(region).Source,
		FreeTier:      opts.FreeTier,
		DurationHours: durationHours(dur),
		Resources:     make([]ResourceCost, len(set.entries)),
	}
	set.predecode()
	ctx := Context{Region: region, FreeTier: opts.FreeTier, catalog: cat, dims: newDimCache()}
	for i := range set.entries {
		est.Resources[i] = priceOne(set, i, ctx)
	}
	if opts.FreeTier {
		applyFreeTier(est.Resources)
	}
	est.HourlyTotal, est.Total, est.MonthlyTotal = decimal.Zero, decimal.Zero, decimal.Zero
	for i := range est.Resources {
		rc := &est.Resources[i]
		rc.sum(est.DurationHours)
		est.HourlyTotal = addDecimal(est.HourlyTotal, rc.Hourly)
		est.Total = addDecimal(est.Total, rc.Total)
		est.MonthlyTotal = addDecimal(est.MonthlyTotal, rc.Monthly)
	}
	return est, nil
}

// sum sets the resource's figures from its components.
func (rc *ResourceCost) sum(hours decimal.Decimal) {
	rc.Hourly, rc.Total, rc.Monthly = decimal.Zero, decimal.Zero, decimal.Zero
	for _, c := range rc.Components {
		rc.Hourly = addDecimal(rc.Hourly, c.Hourly)
		rc.Monthly = addDecimal(rc.Monthly, c.Monthly)
		rc.Total = addDecimal(rc.Total, c.totalFor(hours))
	}
}

// addDecimal is a.Add(b), without the allocations of an addition when b is
// a zero that would not change a's exponent, which Add sets to the smaller
// of the two: then a is the sum, to the last detail of its representation
// (except for the zero value, whose sum Add makes a zero of its own). Most
// resources of a large plan are free and add zeros.
func addDecimal(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() && b.Exponent() >= a.Exponent() && a != (decimal.Decimal{}) {
		return a
	}
	return a.Add(b)
}

func optsCatalog(c *Catalog) (*Catalog, error) {
	if c != nil {
		return c, nil
	}
	return DefaultCatalog()
}

// durationHours converts a duration to decimal hours without going through
// float64, so that 90 minutes is exactly 1.5.
func durationHours(d time.Duration) decimal.Decimal {
	return decimal.NewFromInt(int64(d)).DivRound(decimal.NewFromInt(int64(time.Hour)), derivedPlaces)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
