package cli

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
)

// costLiveLab is one deployed lab on the live meter.
type costLiveLab struct {
	Lab          string          `json:"lab"`
	Target       string          `json:"target"`
	Simulated    bool            `json:"simulated"`
	Resources    int             `json:"resources"`
	Unpriced     int             `json:"unpriced"`
	Hourly       decimal.Decimal `json:"hourly"`
	Accrued      decimal.Decimal `json:"accrued"`
	UntilMorning decimal.Decimal `json:"until_morning"`
	Weekend      decimal.Decimal `json:"weekend"`
	Month        decimal.Decimal `json:"month"`
}

type costLive struct {
	PriceDate    string          `json:"price_date"`
	MorningAt    string          `json:"morning_at"`
	Labs         []costLiveLab   `json:"labs"`
	Hourly       decimal.Decimal `json:"hourly"`
	Accrued      decimal.Decimal `json:"accrued"`
	UntilMorning decimal.Decimal `json:"until_morning"`
	Month        decimal.Decimal `json:"month"`
}

// runCostLive is `awstutor cost` on its own: what is deployed now (read
// from the workspaces' state files, like status), its $/h, what it has cost
// since it was applied, and what it will cost if left until the next
// class, over a weekend and over a month.
func (o *Options) runCostLive(cmd *cobra.Command, _ []string) error {
	desk, err := o.loadDesk(cmd.Context(), false)
	if err != nil && !errors.Is(err, errNoStateDir) {
		return err
	}
	tt, err := o.timetable()
	if err != nil {
		return err
	}
	now := clockFrom(cmd.Context())
	opts := o.meterOptions(now, tt)
	out := costLive{Labs: []costLiveLab{}}
	for _, w := range desk.Workspaces {
		if !w.Live() {
			continue
		}
		r, err := w.price(opts)
		if err != nil {
			return err
		}
		out.PriceDate = r.PriceDate
		out.MorningAt = r.MorningAt.Format("2006-01-02 15:04")
		out.Labs = append(out.Labs, costLiveLab{
			Lab: w.Lab, Target: w.Target, Simulated: w.Simulated(), Resources: len(w.Deployed.Resources), Unpriced: r.Unpriced,
			Hourly: r.Hourly, Accrued: r.Accrued, UntilMorning: r.UntilMorning, Weekend: r.Weekend, Month: r.Month,
		})
		out.Hourly = out.Hourly.Add(r.Hourly)
		out.Accrued = out.Accrued.Add(r.Accrued)
		out.UntilMorning = out.UntilMorning.Add(r.UntilMorning)
		out.Month = out.Month.Add(r.Month)
	}
	if o.JSON {
		return writeJSON(o.stdout, out)
	}
	if len(out.Labs) == 0 {
		_, err := fmt.Fprintln(o.stdout, "nothing awstutor deployed is running: no cost is accruing")
		return err
	}
	t := &table{}
	t.add("LAB", "TARGET", "RESOURCES", "$/H", "SO FAR", "UNTIL "+out.MorningAt, "WEEKEND", "MONTH")
	for _, l := range out.Labs {
		target := l.Target
		if l.Simulated {
			target += " (simulated)"
		}
		res := fmt.Sprint(l.Resources)
		if l.Unpriced > 0 {
			res += fmt.Sprintf(" (%d unpriced)", l.Unpriced)
		}
		t.add(l.Lab, target, res, deskDollars(l.Hourly), deskDollars(l.Accrued), deskDollars(l.UntilMorning), deskDollars(l.Weekend), deskDollars(l.Month))
	}
	t.add("total", "", "", deskDollars(out.Hourly), deskDollars(out.Accrued), deskDollars(out.UntilMorning), "", deskDollars(out.Month))
	if err := t.write(o.stdout); err != nil {
		return err
	}
	_, err = fmt.Fprintf(o.stdout, "\nprices of %s; unpriced resources are left out of the sums (unknown, not free); awstutor cleanup removes everything\n", out.PriceDate)
	return err
}
