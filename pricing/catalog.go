package pricing

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/shopspring/decimal"
)

// HoursPerMonth is the number of hours AWS bills as one month.
const HoursPerMonth = 730

// DefaultRegion is the region the course runs in, used when neither the
// caller nor the plan names one.
const DefaultRegion = "ap-northeast-2"

var hoursPerMonth = decimal.NewFromInt(HoursPerMonth)

// Billing says how a price dimension is charged.
type Billing string

// The ways a dimension is billed. Hour and month dimensions are fixed
// charges while a resource exists; usage dimensions depend on traffic that a
// plan cannot know.
const (
	BillingHour  Billing = "hour"
	BillingMonth Billing = "month"
	BillingUsage Billing = "usage"
)

// FreeTier is a dimension's monthly free-tier allowance.
type FreeTier struct {
	// Quantity is the allowance per month in the dimension's unit.
	Quantity decimal.Decimal `json:"quantity"`
	// Pool names the allowance when several dimensions share it (t2.micro
	// and t3.micro hours draw on the same 750 hours).
	Pool string `json:"pool"`
	// Note says the allowance in words, for usage lines.
	Note string `json:"note"`
}

// Dimension is one named price, such as "fargate.vcpu_hour".
type Dimension struct {
	// Name is the dimension's key in the catalogue.
	Name string `json:"-"`
	// Price is the list price in USD per Unit.
	Price decimal.Decimal `json:"price"`
	// Unit is what one Price buys ("vCPU-hour", "1M requests").
	Unit string `json:"unit"`
	// Billing says whether the price is per hour, per month or per use.
	Billing Billing `json:"billing"`
	// Approximate marks a price that was not checked against the region's
	// offer file; it is shown as approximate.
	Approximate bool `json:"approximate,omitempty"`
	// Free is the free-tier allowance, when there is one.
	Free *FreeTier `json:"free,omitempty"`
}

// Catalog is a snapshot of list prices for some regions.
type Catalog struct {
	// PriceDate is the day the prices were taken, as YYYY-MM-DD.
	PriceDate string `json:"price_date"`
	// Currency is the prices' currency; always USD.
	Currency string `json:"currency"`
	// Source says where the prices come from.
	Source string `json:"source"`
	// Regions maps a region code to its dimensions by name.
	Regions map[string]map[string]Dimension `json:"regions"`
	// Origins says, for a region whose prices do not all come from this
	// catalogue's PriceDate and Source (a region refreshed from the AWS
	// Price List Query API and cached on disk), where they come from
	// instead. A region without an entry is priced as PriceDate and Source
	// say; Origin (cache.go) answers for every region either way.
	Origins map[string]Origin `json:"origins,omitempty"`
}

//go:embed catalog.json
var embeddedCatalog []byte

var defaultCatalog = sync.OnceValues(func() (*Catalog, error) {
	return ParseCatalog(embeddedCatalog)
})

// DefaultCatalog returns the catalogue embedded in the binary. It is parsed
// once; callers must not modify it.
func DefaultCatalog() (*Catalog, error) {
	c, err := defaultCatalog()
	if err != nil {
		return nil, fmt.Errorf("load embedded price catalogue: %w", err)
	}
	return c, nil
}

// ParseCatalog reads a catalogue in the format of catalog.json and checks
// it: a price date, a source, and in every region well-formed dimensions.
func ParseCatalog(raw []byte) (*Catalog, error) {
	var c Catalog
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("parse price catalogue: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("check price catalogue: %w", err)
	}
	return &c, nil
}

func (c *Catalog) validate() error {
	var errs []error
	if c.PriceDate == "" {
		errs = append(errs, errors.New("price_date is missing"))
	}
	if c.Source == "" {
		errs = append(errs, errors.New("source is missing"))
	}
	if c.Currency != "USD" {
		errs = append(errs, fmt.Errorf("currency %q is not USD", c.Currency))
	}
	if len(c.Regions) == 0 {
		errs = append(errs, errors.New("no regions"))
	}
	for region, dims := range c.Regions {
		for name, d := range dims {
			d.Name = name
			dims[name] = d
			switch d.Billing {
			case BillingHour, BillingMonth, BillingUsage:
			default:
				errs = append(errs, fmt.Errorf("%s %s: billing %q is not hour, month or usage", region, name, d.Billing))
			}
			if d.Price.IsNegative() {
				errs = append(errs, fmt.Errorf("%s %s: price is negative", region, name))
			}
			if d.Unit == "" {
				errs = append(errs, fmt.Errorf("%s %s: unit is missing", region, name))
			}
			if d.Free != nil && (d.Free.Pool == "" || d.Free.Note == "" || !d.Free.Quantity.IsPositive()) {
				errs = append(errs, fmt.Errorf("%s %s: free tier needs a positive quantity, a pool and a note", region, name))
			}
		}
	}
	return errors.Join(errs...)
}

// RegionNames lists the catalogue's regions, sorted.
func (c *Catalog) RegionNames() []string {
	names := make([]string, 0, len(c.Regions))
	for r := range c.Regions {
		names = append(names, r)
	}
	slices.Sort(names)
	return names
}

// CheckRegion returns an error, saying which regions it has, when the
// catalogue has no prices for region.
func (c *Catalog) CheckRegion(region string) error {
	if _, ok := c.Regions[region]; !ok {
		return fmt.Errorf("no prices for region %s (the catalogue has %s)", region, strings.Join(c.RegionNames(), ", "))
	}
	return nil
}

// Dimension looks up one price in a region.
func (c *Catalog) Dimension(region, name string) (Dimension, error) {
	if err := c.CheckRegion(region); err != nil {
		return Dimension{}, err
	}
	d, ok := c.Regions[region][name]
	if !ok {
		return Dimension{}, fmt.Errorf("no price %s in %s", name, region)
	}
	return d, nil
}
