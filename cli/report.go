package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"awstutor/lessons"
	"awstutor/pricing"
	"awstutor/tfrun"
)

// reportLesson is a lesson read on the report's day.
type reportLesson struct {
	ID     string    `json:"id"`
	Title  string    `json:"title"`
	ReadAt time.Time `json:"read_at"`
}

// reportQuiz is a quiz answered on the report's day (its latest attempt).
type reportQuiz struct {
	Lesson    string    `json:"lesson"`
	Title     string    `json:"title"`
	Score     int       `json:"score"`
	Total     int       `json:"total"`
	Attempts  int       `json:"attempts"`
	Passed    bool      `json:"passed"`
	UpdatedAt time.Time `json:"updated_at"`
}

// reportCheck is a lab check run on the report's day.
type reportCheck struct {
	Target  string    `json:"target"`
	Lab     string    `json:"lab"`
	Check   string    `json:"check"`
	Status  string    `json:"status"`
	Message string    `json:"message,omitempty"`
	At      time.Time `json:"at"`
}

// reportLab is a lab that was applied, destroyed or running on the day.
type reportLab struct {
	Target    string     `json:"target"`
	Lab       string     `json:"lab"`
	LastOp    string     `json:"last_op,omitempty"`
	Result    string     `json:"result,omitempty"`
	AppliedAt *time.Time `json:"applied_at,omitempty"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
	// Live is the number of resources in the state now.
	Live int `json:"live"`
	// Created is the number of resources deployed on the day that still
	// run; a lab applied and destroyed the same day counts in Destroyed.
	Created int `json:"created"`
	// Destroyed is the number of resources the day's destroy removed, from
	// the state backup Terraform keeps; nil when it is not known.
	Destroyed *int `json:"destroyed,omitempty"`
	// Hourly is what the lab's resources cost (or cost, before a destroy)
	// per hour; nil when they could not be priced.
	Hourly *decimal.Decimal `json:"hourly,omitempty"`
	// Cost is the estimate of the day's cost; nil when it cannot be
	// computed, with CostNote saying why. It is never a guessed zero.
	Cost      *decimal.Decimal `json:"cost,omitempty"`
	CostNote  string           `json:"cost_note,omitempty"`
	Unpriced  int              `json:"unpriced"`
	Simulated bool             `json:"simulated"`
}

// reportCost is one target's estimated cost for the day.
type reportCost struct {
	Target    string `json:"target"`
	Simulated bool   `json:"simulated"`
	// Estimate sums the labs that could be estimated.
	Estimate decimal.Decimal `json:"estimate"`
	// Unavailable counts the labs that could not; the estimate is then a
	// lower bound.
	Unavailable int `json:"unavailable"`
	// Complete is true when every lab could be estimated.
	Complete bool `json:"complete"`
}

// report is the learner's day, and the --format json document.
type report struct {
	Date        string    `json:"date"`
	GeneratedAt time.Time `json:"generated_at"`
	PriceDate   string    `json:"price_date,omitempty"`
	Lessons     struct {
		Read      []reportLesson `json:"read"`
		ReadTotal int            `json:"read_total"`
		Total     int            `json:"total"`
	} `json:"lessons"`
	Quizzes []reportQuiz `json:"quizzes"`
	Checks  struct {
		Passed  int           `json:"passed"`
		Run     int           `json:"run"`
		Results []reportCheck `json:"results"`
	} `json:"checks"`
	Labs      []reportLab `json:"labs"`
	Resources struct {
		Created   int `json:"created"`
		Destroyed int `json:"destroyed"`
		Live      int `json:"live"`
	} `json:"resources"`
	Cost []reportCost `json:"cost"`

	// loc is the learner's location, in which times are shown.
	loc *time.Location
}

// checkStatusPass is the status the verification engine records for a check
// that passed.
const checkStatusPass = "pass"

func newReportCmd(o *Options) *cobra.Command {
	var format, date string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "The learner's day: lessons, quizzes, lab checks, resources and cost",
		Long: `Summarise one day of study (today by default, in local time): lessons read,
quiz scores, lab checks passed, labs applied and destroyed, resources
created, destroyed and still running, and an estimate of what the day's
resources cost. Sandbox costs are simulated: what the same resources would
cost on AWS. A cost that cannot be computed says so; it is never shown as $0.

Markdown is in the interface language (--lang); JSON keeps full precision.
report reads local files only.`,
		Example: `  awstutor report
  awstutor report --format json
  awstutor report --date 2026-11-23 --lang en > day1.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "md" && format != "json" {
				return usageError("--format %q is not md or json", format)
			}
			now := clockFrom(cmd.Context())
			at := now()
			day := at
			if date != "" {
				d, err := time.ParseInLocation("2006-01-02", date, at.Location())
				if err != nil {
					return usageError("--date %q is not a date: use YYYY-MM-DD, such as %s", date, at.Format("2006-01-02"))
				}
				day = d
			}
			cat, err := o.loadCatalog()
			if err != nil {
				return err
			}
			desk, err := o.loadDesk(cmd.Context(), false)
			if err != nil && !errors.Is(err, errNoStateDir) {
				return err
			}
			rep := o.buildReport(desk, cat, day, now)
			if format == "json" || o.JSON {
				return writeJSON(o.stdout, rep)
			}
			return o.writeReport(o.stdout, rep)
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "md (Markdown) or json")
	cmd.Flags().StringVar(&date, "date", "", "the day to report, YYYY-MM-DD (default today)")
	return cmd
}

// buildReport gathers the day that contains day (in its location) as of
// now.
func (o *Options) buildReport(desk deskState, cat *lessons.Catalog, day time.Time, now func() time.Time) report {
	at := now()
	y, m, d := day.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, day.Location())
	end := time.Date(y, m, d+1, 0, 0, 0, 0, day.Location())
	in := func(t time.Time) bool { return !t.IsZero() && !t.Before(start) && t.Before(end) }

	st := desk.Progress
	rep := report{loc: day.Location()}
	rep.Date, rep.GeneratedAt = start.Format("2006-01-02"), at.UTC()
	rep.Lessons.Read, rep.Quizzes, rep.Checks.Results, rep.Labs, rep.Cost =
		[]reportLesson{}, []reportQuiz{}, []reportCheck{}, []reportLab{}, []reportCost{}

	for _, l := range cat.Lessons() {
		rep.Lessons.Total++
		rec := st.Lessons[l.ID]
		if rec.ReadAt.IsZero() {
			continue
		}
		rep.Lessons.ReadTotal++
		if in(rec.ReadAt) {
			rep.Lessons.Read = append(rep.Lessons.Read, reportLesson{ID: l.ID, Title: l.Title, ReadAt: rec.ReadAt})
		}
		if q, ok := st.Quizzes[l.ID]; ok && q.Attempts > 0 && in(q.UpdatedAt) {
			rep.Quizzes = append(rep.Quizzes, reportQuiz{Lesson: l.ID, Title: l.Title, Score: q.Score, Total: q.Total,
				Attempts: q.Attempts, Passed: !q.PassedAt.IsZero(), UpdatedAt: q.UpdatedAt})
		}
	}
	// A quiz may be answered before its lesson is marked read; it still
	// belongs to the day.
	for _, l := range cat.Lessons() {
		if q, ok := st.Quizzes[l.ID]; ok && q.Attempts > 0 && in(q.UpdatedAt) && st.Lessons[l.ID].ReadAt.IsZero() {
			rep.Quizzes = append(rep.Quizzes, reportQuiz{Lesson: l.ID, Title: l.Title, Score: q.Score, Total: q.Total,
				Attempts: q.Attempts, Passed: !q.PassedAt.IsZero(), UpdatedAt: q.UpdatedAt})
		}
	}
	slices.SortFunc(rep.Lessons.Read, func(a, b reportLesson) int { return a.ReadAt.Compare(b.ReadAt) })
	slices.SortFunc(rep.Quizzes, func(a, b reportQuiz) int { return a.UpdatedAt.Compare(b.UpdatedAt) })

	for key, c := range st.Checks {
		if !in(c.At) {
			continue
		}
		rc := reportCheck{Status: c.Status, Message: c.Message, At: c.At}
		parts := strings.SplitN(key, "/", 3)
		if len(parts) == 3 {
			rc.Target, rc.Lab, rc.Check = parts[0], parts[1], parts[2]
		} else {
			rc.Check = key
		}
		rep.Checks.Results = append(rep.Checks.Results, rc)
		rep.Checks.Run++
		if c.Status == checkStatusPass {
			rep.Checks.Passed++
		}
	}
	slices.SortFunc(rep.Checks.Results, func(a, b reportCheck) int {
		return strings.Compare(a.Target+"/"+a.Lab+"/"+a.Check, b.Target+"/"+b.Lab+"/"+b.Check)
	})

	tt, _ := o.timetable() // a bad class_start only moves "tomorrow morning", which the report does not show
	// A damaged price cache leaves the embedded prices in opts; the report
	// is about the day, and the cost commands say what is wrong with it.
	opts, _ := o.meterOptions(now, tt)
	costs := map[string]*reportCost{}
	wd := wordsFor(o.printer)
	for _, w := range desk.Workspaces {
		rl, ok := o.reportLab(w, in, start, end, at, opts, wd)
		if !ok {
			continue
		}
		rep.Labs = append(rep.Labs, rl)
		rep.Resources.Live += rl.Live
		rep.Resources.Created += rl.Created
		if rl.Destroyed != nil {
			rep.Resources.Destroyed += *rl.Destroyed
		}
		c := costs[w.Target]
		if c == nil {
			c = &reportCost{Target: w.Target, Simulated: w.Simulated(), Estimate: decimal.Zero}
			costs[w.Target] = c
		}
		if rl.Cost != nil {
			c.Estimate = c.Estimate.Add(*rl.Cost)
		} else {
			c.Unavailable++
		}
	}
	for _, c := range costs {
		c.Complete = c.Unavailable == 0
		rep.Cost = append(rep.Cost, *c)
	}
	slices.SortFunc(rep.Cost, func(a, b reportCost) int { return strings.Compare(a.Target, b.Target) })
	for _, l := range rep.Labs {
		if l.Hourly != nil {
			// The meter priced with opts.Catalog (the embedded prices when
			// the cache could not be read), so its date is the one to name.
			if c := opts.Catalog; c != nil {
				rep.PriceDate = c.PriceDateFor(o.Region)
			} else if c, err := pricing.DefaultCatalog(); err == nil {
				rep.PriceDate = c.PriceDate
			}
			break
		}
	}
	return rep
}

// reportLab describes one workspace's part in the day, and false when it
// played none: not applied, destroyed or running during the day.
func (o *Options) reportLab(w deskLab, in func(time.Time) bool, start, end, now time.Time, opts pricing.MeterOptions, wd deskWords) (reportLab, bool) {
	rl := reportLab{Target: w.Target, Lab: w.Lab, Live: len(w.Deployed.Resources), Simulated: w.Simulated()}
	if w.HasRun {
		rl.LastOp, rl.Result = w.Run.LastOp, w.Run.Result
		if !w.Run.UpdatedAt.IsZero() {
			u := w.Run.UpdatedAt
			rl.UpdatedAt = &u
		}
	}
	applied := w.AppliedAt()
	if !applied.IsZero() {
		rl.AppliedAt = &applied
	}
	updatedToday := w.HasRun && in(w.Run.UpdatedAt)
	if w.Err != nil {
		if !updatedToday {
			return rl, false
		}
		rl.CostNote = wd.WhyUnreadable
		return rl, true
	}
	// Resources ran during the day if they were up before it ended; of
	// unknown age, only today's report can say they run "now".
	runningDuring := rl.Live > 0 && ((applied.IsZero() && in(now)) || (!applied.IsZero() && applied.Before(end)))
	destroyedToday := updatedToday && w.Run.LastOp == "destroy" && rl.Live == 0
	if !runningDuring && !destroyedToday && !updatedToday {
		return rl, false
	}
	if in(applied) {
		rl.Created = rl.Live
	}
	switch {
	case runningDuring:
		rd, err := w.price(opts)
		if err != nil {
			rl.CostNote = err.Error()
			break
		}
		h := rd.Hourly
		rl.Hourly, rl.Unpriced = &h, rd.Unpriced
		if applied.IsZero() {
			rl.CostNote = wd.WhyNoApplyTime
			break
		}
		from, to := laterOf(applied, start), earlierOf(now, end)
		cost := decimal.Zero
		if to.After(from) {
			cost = h.Mul(decimal.NewFromInt(to.Sub(from).Milliseconds())).Div(decimal.NewFromInt(int64(time.Hour / time.Millisecond)))
		}
		cost = cost.Round(6)
		rl.Cost = &cost
		if rd.Unpriced > 0 {
			rl.CostNote = fmt.Sprintf(wd.WhyUnpriced, rd.Unpriced)
		}
	case destroyedToday:
		// Terraform backs up the state it started from, so after a
		// destroy the backup lists what was destroyed.
		backup, err := tfrun.ReadDeployed(filepath.Join(w.Dir, tfrun.StateBackupFile), o.Region)
		if err == nil && backup.Exists {
			n := len(backup.Resources)
			rl.Destroyed = &n
			bw := w
			bw.Deployed, bw.HasRun = backup, false
			if rd, err := bw.price(opts); err == nil {
				h := rd.Hourly
				rl.Hourly, rl.Unpriced = &h, rd.Unpriced
			}
		}
		rl.CostNote = wd.WhyDestroyed
	default:
		// A plan, or a failed run that left nothing: no resources, no cost.
		zero := decimal.Zero
		rl.Cost = &zero
	}
	return rl, true
}

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlierOf(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// writeReport prints the report as Markdown in the interface language.
func (o *Options) writeReport(w io.Writer, rep report) error {
	p := o.printer
	wd := wordsFor(p)
	now := rep.GeneratedAt
	var b strings.Builder
	fmt.Fprintf(&b, wd.ReportTitle+"\n\n", rep.Date)

	b.WriteString(wd.LessonsHeading + "\n\n")
	fmt.Fprintf(&b, wd.LessonsToday+"\n", len(rep.Lessons.Read), rep.Lessons.ReadTotal, rep.Lessons.Total)
	if len(rep.Lessons.Read) > 0 {
		b.WriteString("\n")
	}
	for _, l := range rep.Lessons.Read {
		fmt.Fprintf(&b, "- `%s` %s (%s)\n", l.ID, l.Title, l.ReadAt.In(rep.loc).Format("15:04"))
	}

	b.WriteString("\n" + wd.QuizzesHeading + "\n\n")
	if len(rep.Quizzes) == 0 {
		b.WriteString(wd.NoneToday + "\n")
	}
	for _, q := range rep.Quizzes {
		mark := ""
		if q.Passed {
			mark = wd.QuizPassed
		}
		b.WriteString("- " + fmt.Sprintf(wd.QuizLine, "`"+q.Lesson+"` "+q.Title, q.Score, q.Total, mark) + "\n")
	}

	b.WriteString("\n" + wd.ChecksHeading + "\n\n")
	if rep.Checks.Run == 0 {
		b.WriteString(wd.NoneToday + "\n")
	} else {
		fmt.Fprintf(&b, wd.ChecksSummary+"\n\n", rep.Checks.Passed, rep.Checks.Run)
		for _, c := range rep.Checks.Results {
			mark := "✗"
			switch c.Status {
			case checkStatusPass:
				mark = "✓"
			case "not-provable":
				mark = "–"
			}
			line := fmt.Sprintf("- %s %s/%s `%s` %s", mark, c.Target, c.Lab, c.Check, c.Status)
			if c.Message != "" {
				line += ": " + c.Message
			}
			b.WriteString(line + "\n")
		}
	}

	b.WriteString("\n" + wd.LabsHeading + "\n\n")
	if len(rep.Labs) == 0 {
		b.WriteString(wd.NoneToday + "\n")
	}
	loc := rep.loc
	for _, l := range rep.Labs {
		var parts []string
		if l.AppliedAt != nil && l.Created > 0 {
			parts = append(parts, fmt.Sprintf(wd.LabApplied, deskClock(p, *l.AppliedAt, now.In(loc)), l.Created))
		}
		if l.LastOp == "destroy" && l.UpdatedAt != nil && l.Live == 0 {
			if l.Destroyed != nil {
				parts = append(parts, fmt.Sprintf(wd.LabDestroyed, deskClock(p, *l.UpdatedAt, now.In(loc)), *l.Destroyed))
			} else {
				parts = append(parts, fmt.Sprintf(wd.LabDestroyedN, deskClock(p, *l.UpdatedAt, now.In(loc))))
			}
		}
		if l.Result != "" && l.Result != "ok" && l.UpdatedAt != nil {
			parts = append(parts, fmt.Sprintf(wd.LabRunFailed, l.LastOp, l.Result, deskClock(p, *l.UpdatedAt, now.In(loc))))
		}
		if l.Live > 0 {
			parts = append(parts, fmt.Sprintf(wd.LabLive, l.Live))
		}
		if len(parts) == 0 && l.LastOp != "" {
			parts = append(parts, l.LastOp+" "+l.Result)
		}
		fmt.Fprintf(&b, "- %s/%s: %s\n", l.Target, l.Lab, strings.Join(parts, "; "))
	}

	b.WriteString("\n" + wd.ResourcesHeading + "\n\n")
	fmt.Fprintf(&b, wd.ResourcesLine+"\n", rep.Resources.Created, rep.Resources.Destroyed, rep.Resources.Live)

	b.WriteString("\n" + wd.CostHeading + "\n\n")
	if len(rep.Cost) == 0 {
		b.WriteString(wd.NoneToday + "\n")
	}
	for _, c := range rep.Cost {
		target := c.Target
		if c.Simulated {
			target += " (" + wd.Simulated + ")"
		}
		switch {
		case c.Complete:
			fmt.Fprintf(&b, "- "+wd.CostLine+"\n", target, deskDollars(c.Estimate))
		case c.Estimate.IsZero():
			fmt.Fprintf(&b, "- "+wd.CostUnavailable+"\n", target)
		default:
			fmt.Fprintf(&b, "- "+wd.CostAtLeast+"\n", target, deskDollars(c.Estimate), c.Unavailable)
		}
		for _, l := range rep.Labs {
			if l.Target == c.Target && l.CostNote != "" {
				fmt.Fprintf(&b, "  - "+wd.CostWhy+"\n", l.Lab, l.CostNote)
			}
		}
	}
	if rep.PriceDate != "" && len(rep.Cost) > 0 {
		fmt.Fprintf(&b, "\n"+wd.Prices+"\n", rep.PriceDate)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
