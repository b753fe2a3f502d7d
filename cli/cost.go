package cli

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"awstutor/i18n"
	"awstutor/labs"
	"awstutor/lessons"
	"awstutor/pricing"
	"awstutor/tfrun"
)

func newCostCmd(o *Options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cost",
		Short: "What a lab or any Terraform plan would cost on AWS",
		Long: `On its own, awstutor cost is the live meter: what awstutor made that runs
now in the target (listed from it; from the workspaces' state files when
it cannot be listed), what it costs per hour, what it has cost since it
was created, and what it will cost if left until the end of class, the
next class and the end of the billing month. The free tier is applied per
account and calendar month unless free_tier: false is in the config file.
In the sandbox every figure is what the same resources would cost on AWS.
--json prints {at, price_date, free_tier, sources, labs, hourly, accrued,
class_end_at, until_class_end, morning_at, until_morning, month_end_at,
until_month_end, month, unpriced}.

cost estimate prices the plan Terraform makes, before anything runs: per
resource and price component, per hour, for a duration and per month;
cost course puts each day's estimate beside the curriculum's table.
Prices come from the catalogue built into awstutor, with the prices
awstutor pricing update cached laid over it (see awstutor pricing show);
every figure names its region and its prices' date. A resource type
awstutor has no price for is shown as unpriced, never as $0, and charges
that depend on use (requests, GB) are shown as what use costs.`,
		Example: `  awstutor cost
  awstutor cost --json
  awstutor cost estimate day3-fargate
  awstutor cost estimate --plan plan.json --region us-east-1 --duration 90m
  awstutor cost course`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newCostEstimateCmd(o), newCostCourseCmd(o))
	return cmd
}

// costEstimateFlags are the flags of `cost estimate`.
type costEstimateFlags struct {
	plan     string
	duration time.Duration
}

func newCostEstimateCmd(o *Options) *cobra.Command {
	var f costEstimateFlags
	cmd := &cobra.Command{
		Use:   "estimate <lab> | --plan FILE",
		Short: "Estimate what a lab, or any Terraform plan, would cost",
		Long: `Price the resources a Terraform plan leaves in place.

With a lab id, plan the lab in its workspace (as awstutor lab plan does,
saving the plan) and price it for the lab's length in class. In the sandbox
target the figures are what the same resources would cost on AWS.

With --plan FILE, price any plan in JSON form, your own Terraform included:
  terraform plan -out=plan && terraform show -json plan > plan.json
for --duration (default 1h).

The region is the plan's aws provider region unless --region is given. The
free tier (the 12-month allowances of accounts opened before 2025-07-15) is
applied unless free_tier: false is in the config file. --json
prints {region, price_date, duration_hours, hourly_total, total,
monthly_total, resources: [{address, type, hourly, total, unpriced,
components: [{name, unit, price, quantity, hourly}]}]} and more: all money
as decimal strings.`,
		Example: `  awstutor cost estimate day4-alb-autoscaling
  awstutor cost estimate day4-alb-autoscaling --duration 3h --region us-east-1
  awstutor cost estimate --plan plan.json --json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.runCostEstimate(cmd, args, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.plan, "plan", "", "price this plan JSON file (the output of `terraform show -json PLANFILE`) instead of a lab")
	fl.DurationVar(&f.duration, "duration", 0, "how long the resources run, such as 1h or 90m (default: the lab's length, or 1h with --plan)")
	fl.StringVar(&o.Terraform, "terraform", "", "the terraform binary (default $AWSTUTOR_TERRAFORM, then terraform on PATH)")
	return cmd
}

// costEstimateJSON is what `cost estimate --json` prints: the estimate as
// the pricing package computes it, and what was priced.
type costEstimateJSON struct {
	pricing.Estimate
	// Lab is the lab that was planned; empty with --plan.
	Lab string `json:"lab,omitempty"`
	// PlanFile is the file given with --plan; empty for a lab.
	PlanFile string `json:"plan_file,omitempty"`
	// Target is the target the lab was planned in; empty with --plan.
	Target string `json:"target,omitempty"`
	// Simulated is true when the lab was planned for the sandbox, which
	// costs nothing: the figures are what AWS would charge.
	Simulated bool `json:"simulated"`
}

func (o *Options) runCostEstimate(cmd *cobra.Command, args []string, f costEstimateFlags) error {
	ctx := cmd.Context()
	p := o.printer
	switch {
	case len(args) == 1 && f.plan != "":
		return usageError("%s", p.T(i18n.CLICostLabOrPlan))
	case len(args) == 0 && f.plan == "":
		return usageError("%s", p.T(i18n.CLICostWhat))
	}
	if cmd.Flags().Changed("duration") && f.duration <= 0 {
		return usageError("%s", p.T(i18n.CLICostBadDuration, durationLabel(f.duration)))
	}
	if f.plan != "" {
		raw, err := readPlanJSON(p, f.plan)
		if err != nil {
			return err
		}
		dur := f.duration
		if dur == 0 {
			dur = pricing.DefaultDuration
		}
		opts, err := o.estimateOptions(cmd, f.plan, dur)
		if err != nil {
			return err
		}
		est, err := pricing.EstimatePlan(raw, opts)
		if err != nil {
			return err
		}
		if o.JSON {
			return writeJSON(o.stdout, costEstimateJSON{Estimate: est, PlanFile: f.plan})
		}
		return writeEstimate(o.stdout, p, est, p.T(i18n.CLICostPlanPriced, f.plan, durationLabel(dur)), false)
	}

	lab, err := o.labFromArgs(args[0])
	if err != nil {
		return err
	}
	dur, what := f.duration, i18n.CLICostLabPriced
	if dur == 0 {
		dur, what = labDuration(lab), i18n.CLICostLabPricedClass
	}
	// Check the flags before planning, which can take a minute: a wrong
	// --region should not cost the learner that wait.
	opts, err := o.estimateOptions(cmd, "lab "+lab.ID, dur)
	if err != nil {
		return err
	}
	plan, err := o.planLab(ctx, lab.ID, p)
	if err != nil {
		return err
	}
	est, err := pricing.EstimatePlan(plan.JSON, opts)
	if err != nil {
		return err
	}
	simulated := o.Target == labs.TargetSandbox
	if o.JSON {
		return writeJSON(o.stdout, costEstimateJSON{Estimate: est, Lab: lab.ID, Target: o.Target, Simulated: simulated})
	}
	return writeEstimate(o.stdout, p, est, p.T(what, lab.ID, o.Target, durationLabel(dur)), simulated)
}

// writeLabCost prints what a lab's plan would cost for the lab's length in
// class, in the plan's region: a line naming the lab, the sandbox note in
// the sandbox target, then the estimate's table (which names the region and
// the price date). `lab plan` and `lab up` can show it before asking to
// apply; plan must carry its JSON (Manager.Plan reads it).
func (o *Options) writeLabCost(w io.Writer, lab *labs.Lab, plan *tfrun.Plan) error {
	if !plan.HasJSON() {
		return fmt.Errorf("estimate lab %s: the plan's JSON was not read", lab.ID)
	}
	dur := labDuration(lab)
	cat, err := o.catalog()
	if err != nil {
		return err
	}
	est, err := pricing.EstimatePlan(plan.JSON, pricing.EstimateOptions{
		Name: "lab " + lab.ID, Duration: dur, FreeTier: o.freeTier(), Catalog: cat,
	})
	if err != nil {
		return err
	}
	what := o.printer.T(i18n.CLICostLabWould, lab.ID, durationLabel(dur))
	return writeEstimate(w, o.printer, est, what, o.Target == labs.TargetSandbox)
}

// estimateOptions turns the flags of a cost command into pricing options.
// --region counts only when it was given: the global flag has a default,
// and a plan's own provider region is a better guess than that default.
// A region the catalogue has no prices for is a usage error, found before
// any planning.
func (o *Options) estimateOptions(cmd *cobra.Command, name string, dur time.Duration) (pricing.EstimateOptions, error) {
	cat, err := o.catalog()
	if err != nil {
		return pricing.EstimateOptions{}, err
	}
	opts := pricing.EstimateOptions{Name: name, Duration: dur, FreeTier: o.freeTier(), Catalog: cat}
	if !cmd.Flags().Changed("region") {
		return opts, nil
	}
	if cat.Regions[o.Region] == nil {
		return opts, usageError("%s", o.printer.T(i18n.CLICostNoRegion, o.Region, strings.Join(cat.RegionNames(), ", ")))
	}
	opts.Region = o.Region
	return opts, nil
}

// freeTier is the config file's free_tier setting, on unless set to
// false: most learners take this course in an account they opened for it.
// The figures say when the free tier is applied, and what it assumes.
func (o *Options) freeTier() bool {
	return o.Config.FreeTier == nil || *o.Config.FreeTier
}

// planLab plans the lab in its workspace, as `lab plan` does (starting the
// sandbox when the lab needs it), and returns the plan with its JSON. The
// errors it composes are in errs's language: English for cost course,
// where they become a note that --json prints.
func (o *Options) planLab(ctx context.Context, labID string, errs i18n.Printer) (*tfrun.Plan, error) {
	m, err := o.LabManagerFor(ctx, labID, labs.OpPlan)
	if err != nil {
		return nil, err
	}
	// Init and plan of an AWS lab take a while; say what the wait is for.
	fmt.Fprintln(o.stderr, o.printer.T(i18n.CLICostPlanning, labID, o.Target))
	plan, err := m.Plan(ctx, labID, nil)
	if err != nil {
		return nil, labErrorIn(errs, err)
	}
	if !plan.HasJSON() {
		return nil, errors.New(errs.T(i18n.CLICostNoPlanJSON, labID))
	}
	return plan, nil
}

// readPlanJSON reads the file given with --plan and makes sure it is a
// plan's JSON form, not the binary plan Terraform saves, so the learner
// hears what to run instead of a JSON decoder's complaint, in p's language.
func readPlanJSON(p i18n.Printer, path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New(p.T(i18n.CLICostPlanMissing, path))
	}
	if err != nil {
		return nil, fmt.Errorf("read plan file %s: %w", path, err)
	}
	switch {
	case bytes.HasPrefix(raw, []byte("PK\x03\x04")):
		// A saved plan (`terraform plan -out`) is a zip archive.
		return nil, errors.New(p.T(i18n.CLICostPlanBinary, path, path))
	case bytes.HasPrefix(raw, []byte{0xff, 0xfe}), bytes.HasPrefix(raw, []byte{0xfe, 0xff}):
		// Windows PowerShell 5's `>` writes UTF-16, which no JSON reader
		// here accepts.
		return nil, errors.New(p.T(i18n.CLICostPlanUTF16, path))
	}
	// A UTF-8 byte order mark is harmless but not JSON.
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if trimmed := bytes.TrimLeft(raw, " \t\r\n"); len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, errors.New(p.T(i18n.CLICostPlanNotJSON, path))
	}
	return raw, nil
}

// writeEstimate prints a line saying what was priced, the sandbox note
// when the figures are simulated (the emulator bills no one, so they are
// what the same resources would cost on AWS), and the estimate's table.
func writeEstimate(w io.Writer, p i18n.Printer, est pricing.Estimate, what string, simulated bool) error {
	var b strings.Builder
	b.WriteString(what + "\n")
	if simulated {
		b.WriteString(p.T(i18n.CLICostSandboxNote) + "\n")
	}
	if err := est.WriteTable(&b); err != nil {
		return err
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write cost estimate: %w", err)
	}
	return nil
}

// labDuration is how long a lab runs in class.
func labDuration(lab *labs.Lab) time.Duration {
	return time.Duration(lab.Minutes) * time.Minute
}

// durationLabel writes a duration as a learner would say it: "1h", "90m",
// "2h" rather than Go's "1h30m0s".
func durationLabel(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

// The states of one day in `cost course`: where its estimate came from, or
// why it has none.
const (
	courseDayPlanned     = "planned"      // planned just now, with --plan-labs
	courseDaySavedPlan   = "saved-plan"   // the plan saved in the lab's workspace
	courseDayNotPlanned  = "not-planned"  // the workspace has no saved plan
	courseDayStale       = "stale-plan"   // the configuration changed since the plan
	courseDayDestroyPlan = "destroy-plan" // the saved plan removes the lab
	courseDayBusy        = "busy"         // another awstutor holds the workspace
	courseDayFailed      = "failed"       // planning or reading the plan failed
	courseDayNoLab       = "no-lab"       // course.yaml names a lab awstutor lacks
)

// costLessonID is the lesson whose first table is the curriculum's daily
// cost table.
const costLessonID = "cost"

// courseCostJSON is what `cost course --json` prints.
type courseCostJSON struct {
	// PriceDate and Source describe the price catalogue.
	PriceDate string `json:"price_date"`
	Source    string `json:"source"`
	// Target is where the labs' plans were made; Simulated is true in the
	// sandbox, which costs nothing itself.
	Target    string          `json:"target"`
	Simulated bool            `json:"simulated"`
	FreeTier  bool            `json:"free_tier"`
	Days      []courseDayJSON `json:"days"`
	// CurriculumTotal is the sum of the curriculum's figures; null when
	// the course content lacks one of them.
	CurriculumTotal *decimal.Decimal `json:"curriculum_total"`
	// EstimateTotal sums the estimates there are, null when there are
	// none; Estimated counts them.
	EstimateTotal *decimal.Decimal `json:"estimate_total"`
	Estimated     int              `json:"estimated"`
	// Difference is EstimateTotal minus CurriculumTotal, only when every
	// day has both.
	Difference *decimal.Decimal `json:"difference"`
	// Forgotten24hTotal sums the days' forgotten_24h, null when there are
	// no estimates.
	Forgotten24hTotal *decimal.Decimal `json:"forgotten_24h_total"`
}

// courseDayJSON is one day of `cost course --json`.
type courseDayJSON struct {
	Day     int    `json:"day"`
	Lab     string `json:"lab"`
	Minutes int    `json:"minutes"`
	// Curriculum is the curriculum's figure in USD; null when the course
	// content has none for the day.
	Curriculum *decimal.Decimal `json:"curriculum"`
	// Status is one of the courseDay* states.
	Status string `json:"status"`
	// Note says, for people, where the estimate came from or why there is
	// none. It is English in every interface language, as scripts read
	// it; text says the same in the interface language, for the table.
	Note string `json:"note,omitempty"`
	text string
	// PlannedAt is when the priced plan was made.
	PlannedAt *time.Time `json:"planned_at,omitempty"`
	// Estimate is the lab's estimate for its length; null without a plan.
	Estimate *pricing.Estimate `json:"estimate"`
	// Difference is the estimate's total minus the curriculum's figure.
	Difference *decimal.Decimal `json:"difference"`
	// Forgotten24h is what the lab costs if it is left running for a day
	// after class; null without an estimate.
	Forgotten24h *decimal.Decimal `json:"forgotten_24h"`
	// Why explains the difference in one line, in English for scripts;
	// why is the same in the interface language, for the table.
	Why string `json:"why,omitempty"`
	why string
}

func newCostCourseCmd(o *Options) *cobra.Command {
	var planLabs bool
	cmd := &cobra.Command{
		Use:   "course",
		Short: "Each day's lab estimate beside the curriculum's cost table",
		Long: `For each day of the course, the curriculum's cost figure (from the cost
lesson's table) beside awstutor's estimate of the day's lab for its length in
class, what it costs if it is forgotten and left running for 24 hours, and
the difference, with a line under the table saying why each day differs.

An estimate prices the plan saved in the lab's workspace by awstutor lab
plan, lab up or cost estimate, as long as no .tf or .tfvars file changed
since; reading it needs terraform. A lab without such a plan says how to
make one. --plan-labs plans every lab now instead (terraform, its
providers and, in the sandbox, the emulator must be available).

The estimates price your workspaces, so they match the curriculum's labs
once each lab is complete (awstutor lab solve copies the solution).
--json prints {price_date, source, target, simulated, free_tier, days:
[{day, lab, minutes, curriculum, status, note, planned_at, estimate,
difference, forgotten_24h, why}], curriculum_total, estimate_total,
estimated, difference, forgotten_24h_total}.`,
		Example: `  awstutor cost course
  awstutor cost course --plan-labs --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.runCostCourse(cmd, planLabs)
		},
	}
	cmd.Flags().BoolVar(&planLabs, "plan-labs", false, "plan every lab now instead of reading the plans saved in the workspaces")
	cmd.Flags().StringVar(&o.Terraform, "terraform", "", "the terraform binary (default $AWSTUTOR_TERRAFORM, then terraform on PATH)")
	return cmd
}

func (o *Options) runCostCourse(cmd *cobra.Command, planLabs bool) error {
	ctx := cmd.Context()
	lessonCat, err := o.loadCatalog()
	if err != nil {
		return err
	}
	labCat, err := o.LabCatalog()
	if err != nil {
		return err
	}
	cat, err := o.catalog()
	if err != nil {
		return err
	}
	// The region is checked once, before any lab is planned.
	if _, err := o.estimateOptions(cmd, "course", 0); err != nil {
		return err
	}
	p := o.printer
	src := savedPlans{p: p}
	if planLabs {
		// Without terraform every lab would fail the same way: say it once.
		if _, err := tfrun.Find(ctx, tfrun.FindOptions{Path: o.Terraform}); err != nil {
			return err
		}
	} else {
		src.bin, src.binErr = tfrun.Find(ctx, tfrun.FindOptions{Path: o.Terraform})
		if src.manager, err = o.LabManager(ctx); err != nil {
			return err
		}
		src.log = appendLog{path: filepath.Join(o.StateDir, "logs", "awstutor.log")}
	}

	budget := curriculumBudget(lessonCat)
	report := courseCostJSON{
		PriceDate: cat.PriceDateFor(o.Region), Source: cat.Origin(o.Region).Source, Target: o.Target,
		Simulated: o.Target == labs.TargetSandbox, FreeTier: o.freeTier(),
	}
	failed := 0
	for _, d := range lessonCat.Course.Days {
		day := courseDayJSON{Day: d.Day, Lab: d.Lab.ID, Minutes: d.Lab.Minutes}
		if v, ok := budget[d.Day]; ok {
			day.Curriculum = &v
		}
		lab, err := labCat.Lab(d.Lab.ID)
		if err != nil {
			day.Status = courseDayNoLab
			day.setNote(p, i18n.CLICourseNoLab, d.Lab.ID)
			report.Days = append(report.Days, day)
			continue
		}
		// The lab's own length, as `cost estimate <lab>` uses: the two
		// commands must agree on a lab's figure.
		day.Minutes = lab.Minutes
		var raw []byte
		if planLabs {
			raw, err = o.planCourseDay(ctx, &day, lab)
		} else {
			raw, err = src.read(ctx, &day, lab)
		}
		if err == nil && raw != nil {
			err = o.priceCourseDay(cmd, &day, lab, raw)
		}
		if errors.Is(err, context.Canceled) {
			return err
		}
		if err != nil {
			day.Status, day.Note, day.text, day.Estimate = courseDayFailed, err.Error(), err.Error(), nil
			failed++
		}
		report.Days = append(report.Days, day)
	}
	report.sum()

	if o.JSON {
		err = writeJSON(o.stdout, report)
	} else {
		err = writeCourseCost(o.stdout, p, report)
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return errors.New(p.T(i18n.CLICourseFailed, failed, len(report.Days)))
	}
	return nil
}

// planCourseDay plans the day's lab now and returns the plan's JSON.
func (o *Options) planCourseDay(ctx context.Context, day *courseDayJSON, lab *labs.Lab) ([]byte, error) {
	plan, err := o.planLab(ctx, lab.ID, english)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	day.Status, day.PlannedAt = courseDayPlanned, &now
	day.setNote(o.printer, i18n.CLICoursePlannedNow)
	return plan.JSON, nil
}

// setNote sets the day's note: Note in English, text in p's language.
func (d *courseDayJSON) setNote(p i18n.Printer, k i18n.Key, args ...any) {
	d.Note, d.text = english.T(k, args...), p.T(k, args...)
}

// addNote adds to the day's note, as setNote sets it.
func (d *courseDayJSON) addNote(p i18n.Printer, k i18n.Key, args ...any) {
	d.Note += english.T(k, args...)
	d.text += p.T(k, args...)
}

// priceCourseDay prices the day's plan for the lab's length and compares
// it with the curriculum's figure. A plan that only removes resources
// prices at nothing, which would read as "this lab is free": it is
// reported as a destroy plan instead.
func (o *Options) priceCourseDay(cmd *cobra.Command, day *courseDayJSON, lab *labs.Lab, raw []byte) error {
	opts, err := o.estimateOptions(cmd, "lab "+lab.ID, labDuration(lab))
	if err != nil {
		return err
	}
	est, err := pricing.EstimatePlan(raw, opts)
	if err != nil {
		return err
	}
	if len(est.Resources) == 0 {
		p, err := tfrun.ParsePlan(raw)
		if err != nil {
			return err
		}
		if p.Destroys > 0 {
			day.Status = courseDayDestroyPlan
			day.setNote(o.printer, i18n.CLICourseDestroyPlan, lab.ID)
			return nil
		}
		day.addNote(o.printer, i18n.CLICourseCreatesNothing)
	}
	if n := est.Unpriced(); n > 0 {
		day.addNote(o.printer, i18n.CLICourseLowerBound, n)
	}
	day.Estimate = &est
	day24 := est.HourlyTotal.Mul(decimal.NewFromInt(24))
	day.Forgotten24h = &day24
	if day.Curriculum != nil {
		d := est.Total.Sub(*day.Curriculum)
		day.Difference = &d
		k, args := explainDifference(est, d)
		day.Why, day.why = english.T(k, args...), o.printer.T(k, args...)
	}
	return nil
}

// explainDifference says in one line why a lab's estimate differs from the
// curriculum's figure: which resource makes most of a higher estimate, or,
// for a lower one, what the curriculum's round figure leaves room for.
func explainDifference(est pricing.Estimate, diff decimal.Decimal) (i18n.Key, []any) {
	usage := 0
	var top *pricing.ResourceCost
	for i := range est.Resources {
		r := &est.Resources[i]
		for _, c := range r.Components {
			if c.IsUsage() {
				usage++
			}
		}
		if top == nil || r.Total.GreaterThan(top.Total) {
			top = r
		}
	}
	switch {
	case diff.Abs().LessThan(decimal.New(5, -3)):
		return i18n.CLICourseWhySame, nil
	case diff.IsPositive() && top != nil:
		share := decimal.Zero
		if est.Total.IsPositive() {
			share = top.Total.Mul(decimal.NewFromInt(100)).Div(est.Total).Round(0)
		}
		return i18n.CLICourseWhyHigher, []any{top.Address, "$" + top.Hourly.StringFixed(4), share.String()}
	case usage > 0:
		return i18n.CLICourseWhyLowerUsage, []any{usage}
	}
	return i18n.CLICourseWhyLower, nil
}

// sum fills the report's totals from its days.
func (r *courseCostJSON) sum() {
	curriculum, estimates, forgotten, all := decimal.Zero, decimal.Zero, decimal.Zero, true
	r.EstimateTotal, r.Estimated = nil, 0
	for _, d := range r.Days {
		if d.Curriculum != nil {
			curriculum = curriculum.Add(*d.Curriculum)
		} else {
			all = false
		}
		if d.Estimate != nil {
			estimates = estimates.Add(d.Estimate.Total)
			forgotten = forgotten.Add(*d.Forgotten24h)
			r.Estimated++
		}
	}
	// No estimate is not an estimate of $0.
	if r.Estimated > 0 {
		r.EstimateTotal = &estimates
		r.Forgotten24hTotal = &forgotten
	}
	if !all || len(r.Days) == 0 {
		return
	}
	r.CurriculumTotal = &curriculum
	if r.Estimated == len(r.Days) {
		d := estimates.Sub(curriculum)
		r.Difference = &d
	}
}

// savedPlans reads the plans saved in the labs' workspaces.
type savedPlans struct {
	manager *labs.Manager
	bin     tfrun.Binary
	// binErr is why terraform was not found; it matters only for a lab
	// that has a plan to read.
	binErr error
	log    io.Writer
	// p is the interface language of the notes' text.
	p i18n.Printer
}

// read returns the JSON of the plan saved in the lab's workspace, or nil
// with the day's status and note saying why there is no plan to price. A
// plan older than the workspace's configuration would price what the
// learner has since changed, so it counts as no plan.
func (s savedPlans) read(ctx context.Context, day *courseDayJSON, lab *labs.Lab) ([]byte, error) {
	dir := s.manager.WorkspaceDir(lab.ID)
	file := filepath.Join(dir, tfrun.PlanFile)
	notPlanned := func(status string, why i18n.Key, args ...any) ([]byte, error) {
		day.Status = status
		day.setNote(s.p, why, append(args, lab.ID)...)
		return nil, nil
	}
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return notPlanned(courseDayNotPlanned, i18n.CLICourseNotPlanned)
	} else if err != nil {
		return nil, fmt.Errorf("read saved plan of lab %s: %w", lab.ID, err)
	}
	if s.binErr != nil {
		return nil, fmt.Errorf("read saved plan of lab %s: %w", lab.ID, s.binErr)
	}
	// The lock keeps a concurrent `lab up` from replacing the plan while
	// it is read.
	lock, err := tfrun.LockWorkspace(dir, "show")
	if errors.Is(err, tfrun.ErrBusy) {
		day.Status = courseDayBusy
		day.setNote(s.p, i18n.CLICourseBusy)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read saved plan of lab %s: %w", lab.ID, err)
	}
	defer lock.Unlock()
	st, err := os.Stat(file)
	if errors.Is(err, fs.ErrNotExist) {
		return notPlanned(courseDayNotPlanned, i18n.CLICourseNotPlanned)
	} else if err != nil {
		return nil, fmt.Errorf("read saved plan of lab %s: %w", lab.ID, err)
	}
	changed, err := configNewerThan(dir, st.ModTime())
	if err != nil {
		return nil, fmt.Errorf("read saved plan of lab %s: %w", lab.ID, err)
	}
	if changed != "" {
		return notPlanned(courseDayStale, i18n.CLICourseStale, changed)
	}
	r, err := tfrun.New(tfrun.Options{Terraform: s.bin, Dir: dir, PluginCacheDir: s.manager.PluginCacheDir(), Log: s.log})
	if err != nil {
		return nil, fmt.Errorf("read saved plan of lab %s: %w", lab.ID, err)
	}
	// terraform-exec learns the version before `show`; done apart, its
	// output stays out of the plan JSON that ShowPlan captures.
	if err := r.CheckVersion(ctx); err != nil {
		return nil, fmt.Errorf("read saved plan of lab %s: %w", lab.ID, err)
	}
	plan := &tfrun.Plan{File: file}
	if err := r.ShowPlan(ctx, plan); err != nil {
		return nil, fmt.Errorf("read saved plan of lab %s: %w", lab.ID, err)
	}
	at := st.ModTime().UTC()
	day.Status, day.PlannedAt = courseDaySavedPlan, &at
	day.setNote(s.p, i18n.CLICourseSavedPlan, at.Local().Format("2006-01-02 15:04"))
	return plan.JSON, nil
}

// configNewerThan returns the first Terraform configuration or variable
// file under dir (its path relative to dir) modified after t, or "". The
// sandbox override is left out: awstutor rewrites it when the emulator's
// port changes, which changes where resources are made, not what they
// cost. .terraform holds providers and modules Terraform fetched, not the
// learner's configuration.
func configNewerThan(dir string, t time.Time) (string, error) {
	var newer string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if name == tfrun.OverrideFile || !isTerraformConfig(name) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.ModTime().After(t) {
			newer, _ = filepath.Rel(dir, path)
			return fs.SkipAll
		}
		return nil
	})
	return newer, err
}

// isTerraformConfig reports whether a file name is one Terraform reads as
// configuration or variables.
func isTerraformConfig(name string) bool {
	for _, ext := range []string{".tf", ".tf.json", ".tfvars", ".tfvars.json"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// writeCourseCost prints `cost course` for people: what the figures are,
// one row a day, the totals.
func writeCourseCost(w io.Writer, p i18n.Printer, r courseCostJSON) error {
	var b strings.Builder
	free := p.T(i18n.CLICourseNoFreeTier)
	if r.FreeTier {
		free = p.T(i18n.CLICourseFreeTier)
	}
	b.WriteString(p.T(i18n.CLICourseIntro) + "\n")
	b.WriteString(p.T(i18n.CLICoursePrices, r.PriceDate, free) + "\n")
	if r.Simulated {
		b.WriteString(p.T(i18n.CLICostSandboxNote) + "\n")
	}
	b.WriteString(p.T(i18n.CLICourseDifference) + "\n\n")

	t := &table{}
	t.add(p.T(i18n.CLIColDay), p.T(i18n.CLIColLab), p.T(i18n.CLIColMinutes), p.T(i18n.CLIColCurriculum), p.T(i18n.CLIColEstimate),
		p.T(i18n.CLIColForgotten), p.T(i18n.CLIColDifference), p.T(i18n.CLIColRegion), p.T(i18n.CLIColNote))
	for _, d := range r.Days {
		est, region := "-", "-"
		if d.Estimate != nil {
			est, region = dollars(d.Estimate.Total, totalPlaces), d.Estimate.Region
		}
		note := d.text
		if note == "" {
			note = d.Note
		}
		t.add(fmt.Sprint(d.Day), d.Lab, fmt.Sprint(d.Minutes), optDollars(d.Curriculum, curriculumPlaces), est,
			optDollars(d.Forgotten24h, totalPlaces), signedDollars(d.Difference), region, note)
	}
	note := p.T(i18n.CLICourseEstimated, r.Estimated, len(r.Days))
	if r.Estimated == len(r.Days) {
		note = ""
	}
	t.add(p.T(i18n.CLIColTotal), "", "", optDollars(r.CurriculumTotal, curriculumPlaces), optDollars(r.EstimateTotal, totalPlaces),
		optDollars(r.Forgotten24hTotal, totalPlaces), signedDollars(r.Difference), "", note)
	if err := t.write(&b); err != nil {
		return err
	}
	// The explanations are sentences: a line each, under the table, so
	// the table stays narrow enough for a terminal.
	first := true
	for _, d := range r.Days {
		why := cmp.Or(d.why, d.Why)
		if why == "" {
			continue
		}
		if first {
			b.WriteString("\n" + p.T(i18n.CLICourseWhyHead) + "\n")
			first = false
		}
		b.WriteString(fmt.Sprintf("  Day %d %s: %s\n", d.Day, d.Lab, why))
	}
	if r.CurriculumTotal == nil {
		b.WriteString("\n" + p.T(i18n.CLICourseNoTable, costLessonID) + "\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write course cost: %w", err)
	}
	return nil
}

// Places shown in `cost course`: the curriculum's figures are in cents,
// estimates to a hundredth of a cent as in the estimate's table.
const (
	curriculumPlaces = 2
	totalPlaces      = 4
)

func dollars(d decimal.Decimal, places int32) string { return "$" + d.StringFixed(places) }

func optDollars(d *decimal.Decimal, places int32) string {
	if d == nil {
		return "-"
	}
	return dollars(*d, places)
}

func signedDollars(d *decimal.Decimal) string {
	switch {
	case d == nil:
		return "-"
	case d.IsNegative():
		return "-" + dollars(d.Neg(), totalPlaces)
	}
	return "+" + dollars(*d, totalPlaces)
}

// curriculumBudget reads the curriculum's daily cost table from the cost
// lesson: the first Markdown table with rows whose first cell is "Day N",
// and in each such row the first cell that is only a dollar figure
// ("$0.05", "**$0.05**"); cells such as "약 $0.02" are awstutor's own
// reckoning, not the curriculum's. Days it cannot find are missing from
// the map, and shown as having no figure.
func curriculumBudget(cat *lessons.Catalog) map[int]decimal.Decimal {
	out := map[int]decimal.Decimal{}
	l, ok := cat.Lesson(costLessonID)
	if !ok {
		return out
	}
	inTable := false
	for line := range strings.SplitSeq(l.Body, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if inTable && len(out) > 0 {
				break // the end of the table that had the days
			}
			inTable = false
			continue
		}
		inTable = true
		cells := strings.Split(strings.Trim(line, "|"), "|")
		m := dayCell.FindStringSubmatch(strings.TrimSpace(cells[0]))
		if m == nil {
			continue
		}
		day, _ := strconv.Atoi(m[1])
		for _, c := range cells[1:] {
			if f := dollarCell.FindStringSubmatch(strings.TrimSpace(c)); f != nil {
				if v, err := decimal.NewFromString(f[1]); err == nil {
					if _, seen := out[day]; !seen {
						out[day] = v
					}
				}
				break
			}
		}
	}
	return out
}

var (
	dayCell    = regexp.MustCompile(`^\**Day (\d+)\**$`)
	dollarCell = regexp.MustCompile(`^\**\$(\d+(?:\.\d+)?)\**$`)
)
