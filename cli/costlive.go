package cli

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"awstutor/i18n"
	"awstutor/pricing"
)

// costLiveLab is one deployed lab on the live meter.
type costLiveLab struct {
	Lab       string          `json:"lab"`
	Target    string          `json:"target"`
	Simulated bool            `json:"simulated"`
	Resources int             `json:"resources"`
	Unpriced  int             `json:"unpriced"`
	Hourly    decimal.Decimal `json:"hourly"`
	Accrued   decimal.Decimal `json:"accrued"`
	// Month is a 730-hour month at the lab's present rate.
	Month decimal.Decimal `json:"month"`
}

// costLiveSource says where one target's resources were read from.
type costLiveSource struct {
	Target    string `json:"target"`
	Simulated bool   `json:"simulated"`
	// Source is "inventory" (listed from the target now) or "state" (the
	// workspaces' state files); Note says why, for "state".
	Source string `json:"source"`
	Note   string `json:"note,omitempty"`
	// FreeTier is how each free-tier allowance of the account stands.
	FreeTier []pricing.FreePool `json:"free_tier"`
}

// costLive is what `cost --json` prints.
type costLive struct {
	At        time.Time        `json:"at"`
	PriceDate string           `json:"price_date"`
	FreeTier  bool             `json:"free_tier"`
	Sources   []costLiveSource `json:"sources"`
	Labs      []costLiveLab    `json:"labs"`
	Hourly    decimal.Decimal  `json:"hourly"`
	Accrued   decimal.Decimal  `json:"accrued"`
	// The projections: what everything costs from now until the next end
	// of class, the next class start and the end of the billing month
	// (AWS bills calendar months in UTC), if nothing is destroyed.
	ClassEndAt    time.Time       `json:"class_end_at"`
	UntilClassEnd decimal.Decimal `json:"until_class_end"`
	MorningAt     time.Time       `json:"morning_at"`
	UntilMorning  decimal.Decimal `json:"until_morning"`
	MonthEndAt    time.Time       `json:"month_end_at"`
	UntilMonthEnd decimal.Decimal `json:"until_month_end"`
	Month         decimal.Decimal `json:"month"`
	Unpriced      int             `json:"unpriced"`
}

// runCostLive is `awstutor cost` on its own: what runs now (the target's
// inventory, or the workspaces' state files when it cannot be listed), its
// $/h, what it has cost since it was created, and what it will cost if
// left until the end of class, the next class and the end of the month.
func (o *Options) runCostLive(cmd *cobra.Command, _ []string) error {
	accounts, err := o.readLive(cmd.Context(), true, false)
	if err != nil {
		return err
	}
	out := costLive{At: clockFrom(cmd.Context())().UTC(), FreeTier: o.freeTier(), Sources: []costLiveSource{}, Labs: []costLiveLab{}}
	for _, a := range accounts {
		rd := a.Meter.Tick()
		out.PriceDate = rd.PriceDate
		out.ClassEndAt, out.MorningAt, out.MonthEndAt = rd.ClassEndAt, rd.MorningAt, rd.MonthEndAt
		out.Hourly = out.Hourly.Add(rd.Hourly)
		out.Accrued = out.Accrued.Add(rd.Accrued)
		out.UntilClassEnd = out.UntilClassEnd.Add(rd.UntilClassEnd)
		out.UntilMorning = out.UntilMorning.Add(rd.UntilMorning)
		out.UntilMonthEnd = out.UntilMonthEnd.Add(rd.UntilMonthEnd)
		out.Month = out.Month.Add(rd.Month)
		out.Unpriced += rd.Unpriced
		src := costLiveSource{Target: a.Target, Simulated: a.Simulated(), Source: a.Source, Note: a.Note, FreeTier: rd.FreeTier}
		if src.FreeTier == nil {
			src.FreeTier = []pricing.FreePool{}
		}
		out.Sources = append(out.Sources, src)
		out.Labs = append(out.Labs, labLines(a, rd)...)
	}
	if o.JSON {
		return writeJSON(o.stdout, out)
	}
	return writeCostLive(o.stdout, o.printer, out)
}

// labLines sums one account's meter reading per lab, in the order the
// resources came.
func labLines(a liveAccount, rd pricing.Reading) []costLiveLab {
	var out []costLiveLab
	idx := map[string]int{}
	for _, l := range rd.Lines {
		i, ok := idx[l.Lab]
		if !ok {
			i = len(out)
			idx[l.Lab] = i
			out = append(out, costLiveLab{Lab: l.Lab, Target: a.Target, Simulated: a.Simulated()})
		}
		lab := &out[i]
		lab.Resources++
		if l.Cost.Unpriced {
			lab.Unpriced++
		}
		lab.Hourly = lab.Hourly.Add(l.Hourly)
		lab.Accrued = lab.Accrued.Add(l.Accrued)
	}
	for i := range out {
		out[i].Month = out[i].Hourly.Mul(decimal.NewFromInt(pricing.HoursPerMonth))
	}
	return out
}

// writeCostLive prints the live meter for people: a line per lab, the
// projections, the free tier, and where the figures came from.
func writeCostLive(w interface{ Write([]byte) (int, error) }, p i18n.Printer, c costLive) error {
	var b strings.Builder
	if len(c.Labs) == 0 {
		b.WriteString(p.T(i18n.CLILiveNothing) + "\n")
		for _, s := range c.Sources {
			if s.Source == liveFromInventory {
				b.WriteString(p.T(i18n.CLILiveFromInventory, s.Target) + "\n")
			} else if s.Note != "" {
				b.WriteString(s.Note + "\n")
			}
		}
		_, err := fmt.Fprint(w, b.String())
		return err
	}
	simulated := false
	t := &table{}
	t.add(p.T(i18n.CLIColLab), p.T(i18n.CLIColTarget), p.T(i18n.CLIColResources), "$/H", p.T(i18n.CLIColSoFar), p.T(i18n.CLIColMonth))
	resources := 0
	for _, l := range c.Labs {
		target := l.Target
		if l.Simulated {
			target += " " + p.T(i18n.Simulated)
			simulated = true
		}
		lab := l.Lab
		if lab == "" {
			lab = p.T(i18n.CLILiveNoLab)
		}
		res := fmt.Sprint(l.Resources)
		if l.Unpriced > 0 {
			res += " " + p.T(i18n.CLILiveUnpriced, l.Unpriced)
		}
		resources += l.Resources
		t.add(lab, target, res, deskDollars(l.Hourly), deskDollars(l.Accrued), deskDollars(l.Month))
	}
	t.add(p.T(i18n.CLIColTotal), "", fmt.Sprint(resources), deskDollars(c.Hourly), deskDollars(c.Accrued), deskDollars(c.Month))
	if err := t.write(&b); err != nil {
		return err
	}
	head := p.T(i18n.CLILiveIfLeft)
	if simulated {
		head = p.T(i18n.CLILiveIfLeftSimulated)
	}
	b.WriteString("\n" + head + "\n")
	local := c.MorningAt.Location()
	// In time order: during class the end of class comes first, after
	// class the next morning does.
	projections := []struct {
		at   time.Time
		line string
		cost decimal.Decimal
	}{
		{c.ClassEndAt, p.T(i18n.CLILiveUntilClassEnd, c.ClassEndAt.Format("01/02 15:04")), c.UntilClassEnd},
		{c.MorningAt, p.T(i18n.CLILiveUntilMorning, c.MorningAt.Format("01/02 15:04")), c.UntilMorning},
		{c.MonthEndAt, p.T(i18n.CLILiveUntilMonthEnd, c.MonthEndAt.In(local).Format("01/02 15:04")), c.UntilMonthEnd},
	}
	slices.SortStableFunc(projections, func(a, b struct {
		at   time.Time
		line string
		cost decimal.Decimal
	}) int {
		return a.at.Compare(b.at)
	})
	pt := &table{}
	for _, pr := range projections {
		pt.add("  "+pr.line, deskDollars(pr.cost))
	}
	if err := pt.write(&b); err != nil {
		return err
	}
	b.WriteString("\n")
	for _, s := range c.Sources {
		for _, f := range s.FreeTier {
			line := p.T(i18n.CLILiveFreePool, s.Target, f.Pool, f.Used.Round(1).String(), f.Allowance.String()+" "+f.Unit, f.Note)
			if !f.RunsOutAt.IsZero() {
				line += " " + p.T(i18n.CLILiveRunsOut, f.RunsOutAt.In(local).Format("01/02 15:04"))
			}
			b.WriteString(line + "\n")
		}
		if s.Source == liveFromInventory {
			b.WriteString(p.T(i18n.CLILiveFromInventory, s.Target) + "\n")
		} else if s.Note != "" {
			b.WriteString(s.Note + "\n")
		}
	}
	free := p.T(i18n.CLILiveFreeOff)
	if c.FreeTier {
		free = p.T(i18n.CLILiveFreeOn)
	}
	b.WriteString(p.T(i18n.CLILiveFoot, c.PriceDate, free) + "\n")
	_, err := fmt.Fprint(w, b.String())
	return err
}
