package pricing

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// derivedPlaces is how many decimal places a figure keeps when it comes from
// a division (a monthly price per hour, a duration in hours). List prices
// have at most ten places, so nothing a learner sees is lost to rounding.
const derivedPlaces = 12

// Component is one priced line of a resource: a price dimension times a
// quantity.
type Component struct {
	// Name says what is charged, such as "Fargate vCPU".
	Name string `json:"name"`
	// Unit is what one Price buys, such as "vCPU-hour".
	Unit string `json:"unit"`
	// Price is the list price per Unit.
	Price decimal.Decimal `json:"price"`
	// Quantity is how many Units the resource uses at once (0.25 vCPU, one
	// alarm); zero for usage lines, whose quantity a plan cannot know.
	Quantity decimal.Decimal `json:"quantity"`
	// FreeQuantity is the part of Quantity the free tier covers.
	FreeQuantity decimal.Decimal `json:"free_quantity,omitzero"`
	// Hourly is what the component costs per hour after the free tier; zero
	// for usage lines.
	Hourly decimal.Decimal `json:"hourly"`
	// Monthly is what it costs per 730-hour month after the free tier.
	Monthly decimal.Decimal `json:"monthly"`
	// Billing says whether the price is per hour, per month or per use.
	Billing Billing `json:"billing"`
	// Usage, on usage lines only, says what usage costs, such as "$0.40 per
	// 1M requests after 1M requests a month free".
	Usage string `json:"usage,omitempty"`
	// Approximate marks a price or a quantity that is a best guess: an
	// unchecked price, or an assumption the plan could not confirm.
	Approximate bool `json:"approximate,omitempty"`
	// Note explains the quantity or an assumption, for people.
	Note string `json:"note,omitempty"`

	// dim is kept for the free-tier pass.
	dim Dimension
}

// IsUsage reports whether the component is charged per use rather than
// while the resource exists.
func (c Component) IsUsage() bool { return c.Billing == BillingUsage }

// totalFor is what the component costs over hours.
func (c Component) totalFor(hours decimal.Decimal) decimal.Decimal {
	switch c.Billing {
	case BillingHour:
		return c.Hourly.Mul(hours)
	case BillingMonth:
		// From the exact monthly figure, so that a 730-hour total equals
		// the monthly price to the cent and beyond.
		return c.Monthly.Mul(hours).DivRound(hoursPerMonth, derivedPlaces)
	default:
		return decimal.Zero
	}
}

// bill sets Hourly and Monthly from Price and the quantity not covered by
// the free tier.
func (c *Component) bill() {
	billable := subDecimal(c.Quantity, c.FreeQuantity)
	switch c.Billing {
	case BillingHour:
		c.Hourly = c.Price.Mul(billable)
		c.Monthly = c.Hourly.Mul(hoursPerMonth)
	case BillingMonth:
		c.Monthly = c.Price.Mul(billable)
		c.Hourly = c.Monthly.DivRound(hoursPerMonth, derivedPlaces)
	default:
		c.Hourly, c.Monthly = decimal.Zero, decimal.Zero
	}
}

// subDecimal is a.Sub(b), without the allocations when b is a zero that
// leaves a as it is, exponent and all: see addDecimal. Most components
// have no free quantity.
func subDecimal(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() && b.Exponent() >= a.Exponent() && a != (decimal.Decimal{}) {
		return a
	}
	return a.Sub(b)
}

// newFixed builds a component charged while the resource exists.
func newFixed(d Dimension, name string, qty decimal.Decimal) (Component, error) {
	if d.Billing == BillingUsage {
		return Component{}, fmt.Errorf("price %s is per use, not per hour or month", d.Name)
	}
	c := Component{Name: name, Unit: d.Unit, Price: d.Price, Quantity: qty, Billing: d.Billing, Approximate: d.Approximate, dim: d}
	c.bill()
	return c, nil
}

// newUsage builds a usage line: no figure, a sentence saying what use costs.
func newUsage(d Dimension, name string, freeTier bool) Component {
	return usageLine(d, name, usageNote(d, freeTier))
}

// usageNote is the sentence of a usage line of dimension d.
func usageNote(d Dimension, freeTier bool) string {
	note := fmt.Sprintf("%s per %s", formatPrice(d.Price), d.Unit)
	if freeTier && d.Free != nil {
		note += " after " + d.Free.Note + " free"
	}
	return note
}

// usageLine is newUsage with the note written.
func usageLine(d Dimension, name, note string) Component {
	return Component{
		Name: name, Unit: d.Unit, Price: d.Price, Quantity: decimal.Zero,
		Hourly: decimal.Zero, Monthly: decimal.Zero, Billing: BillingUsage,
		Usage: note, Approximate: d.Approximate, dim: d,
	}
}

// formatPrice writes a price as dollars with at least two decimal places
// ("$0.40", "$1.00") and every significant place after that
// ("$0.0000166667"), but no trailing zeros left over from a division.
func formatPrice(d decimal.Decimal) string {
	places := 0
	if _, frac, ok := strings.Cut(d.String(), "."); ok {
		places = len(frac)
	}
	return "$" + d.StringFixed(int32(max(places, 2)))
}
