package pricing

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Places shown on screen: enough for an hourly price to show the list
// price of the smallest Fargate task exactly, a total to a hundredth of a
// cent, a month to a cent. JSON keeps every place.
const (
	hourlyPlaces  = 7
	totalPlaces   = 4
	monthlyPlaces = 2
)

// WriteTable writes the estimate as a plain-text table, one row per cost
// component: resource, component, $/h, total for the duration, per month.
// Usage lines say what usage costs instead of figures; free and unpriced
// resources say so. The columns are aligned for a monospaced terminal,
// counting wide characters twice.
func (e Estimate) WriteTable(w io.Writer) error {
	dur := e.DurationHours.Round(2).String() + "h"
	free := "free tier not applied"
	if e.FreeTier {
		free = "free tier applied"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Cost estimate in %s for %s, USD list prices of %s, %s.\n", e.Region, dur, e.PriceDate, free)
	b.WriteString("~ marks an approximate figure. Usage lines cost only what is used and are not in the totals.\n\n")

	t := table{header: []string{"RESOURCE", "COMPONENT", "$/HOUR", "TOTAL " + dur, "PER MONTH"}}
	for _, rc := range e.Resources {
		switch {
		case rc.Unpriced:
			t.span(rc.Address, "unpriced: "+rc.Reason)
			continue
		case rc.Free && rc.Reason != "":
			t.span(rc.Address, "free: "+rc.Reason)
			continue
		case rc.Free:
			t.span(rc.Address, "free")
			continue
		}
		addr := rc.Address
		for _, c := range rc.Components {
			if c.IsUsage() {
				t.span(addr, c.Name+": usage, "+approx(c.Approximate)+c.Usage)
			} else {
				t.row(addr, componentLabel(c),
					approx(c.Approximate)+c.Hourly.StringFixed(hourlyPlaces),
					approx(c.Approximate)+c.totalFor(e.DurationHours).StringFixed(totalPlaces),
					approx(c.Approximate)+c.Monthly.StringFixed(monthlyPlaces))
			}
			if c.Note != "" {
				t.span("", "  "+c.Note)
			}
			addr = ""
		}
	}
	t.rule()
	t.row("TOTAL", "", e.HourlyTotal.StringFixed(hourlyPlaces), e.Total.StringFixed(totalPlaces), e.MonthlyTotal.StringFixed(monthlyPlaces))
	t.write(&b)
	if n := e.Unpriced(); n > 0 {
		fmt.Fprintf(&b, "\n%d unpriced: the totals leave them out, so the real cost is higher.\n", n)
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write cost table: %w", err)
	}
	return nil
}

// componentLabel says what a fixed component counts: "Fargate vCPU:
// 0.25 vCPU × $0.04656/vCPU-hour".
func componentLabel(c Component) string {
	noun := strings.TrimSuffix(strings.TrimSuffix(c.Unit, "-hour"), "-month")
	s := fmt.Sprintf("%s: %s %s × %s/%s", c.Name, c.Quantity, noun, formatPrice(c.Price), c.Unit)
	if c.FreeQuantity.IsPositive() {
		s += fmt.Sprintf(", %s free", c.FreeQuantity.Round(4))
	}
	return s
}

func approx(b bool) string {
	if b {
		return "~"
	}
	return ""
}

// table lays out rows of cells. A span row has a first cell and one text
// that runs from the second column to the end of the line, so long usage
// notes do not widen the number columns.
type table struct {
	header []string
	rows   []tableRow
}

type tableRow struct {
	cells []string
	span  bool
	rule  bool
}

func (t *table) row(cells ...string) { t.rows = append(t.rows, tableRow{cells: cells}) }
func (t *table) span(first, text string) {
	t.rows = append(t.rows, tableRow{cells: []string{first, text}, span: true})
}
func (t *table) rule() { t.rows = append(t.rows, tableRow{rule: true}) }

func (t *table) write(b *strings.Builder) {
	widths := make([]int, len(t.header))
	for i, h := range t.header {
		widths[i] = ansi.StringWidth(h)
	}
	for _, r := range t.rows {
		for i, c := range r.cells {
			if r.span && i > 0 {
				break
			}
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	// Text columns align left, money columns right.
	line := func(cells []string) {
		var l strings.Builder
		for i, c := range cells {
			pad := strings.Repeat(" ", widths[i]-ansi.StringWidth(c))
			if i > 0 {
				l.WriteString("  ")
			}
			if i >= 2 {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	line(t.header)
	total := 2 * (len(widths) - 1)
	for _, w := range widths {
		total += w
	}
	for _, r := range t.rows {
		switch {
		case r.rule:
			b.WriteString(strings.Repeat("-", total) + "\n")
		case r.span:
			first := r.cells[0] + strings.Repeat(" ", widths[0]-ansi.StringWidth(r.cells[0]))
			b.WriteString(strings.TrimRight(first+"  "+r.cells[1], " ") + "\n")
		default:
			line(r.cells)
		}
	}
}
