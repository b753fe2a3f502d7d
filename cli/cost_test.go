package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"awstutor/i18n"
	"awstutor/labs"
	"awstutor/lessons"
	"awstutor/pricing"
	"awstutor/tfrun"
)

// planFixture is the path of one of the pricing package's plan fixtures:
// `terraform show -json` of each lab's solution.
func planFixture(t *testing.T, lab string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "pricing", "testdata", "plans", lab+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func priceDate(t *testing.T) string {
	t.Helper()
	cat, err := pricing.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return cat.PriceDate
}

// oneSentence fails unless errs is a single line of error from awstutor.
func oneSentence(t *testing.T, errs string) {
	t.Helper()
	if !strings.HasPrefix(errs, "awstutor: ") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("want one line of error, got %q", errs)
	}
}

func decimalOf(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func component(t *testing.T, est pricing.Estimate, address, name string) pricing.Component {
	t.Helper()
	for _, r := range est.Resources {
		if r.Address != address {
			continue
		}
		for _, c := range r.Components {
			if c.Name == name {
				return c
			}
		}
	}
	t.Fatalf("the estimate has no component %q of %s", name, address)
	return pricing.Component{}
}

// TestCostEstimatePlanJSON checks that `cost estimate --plan --json` prints
// the pricing package's own computation, with the fields the contract
// names, and the list prices the cost lesson quotes.
func TestCostEstimatePlanJSON(t *testing.T) {
	isolate(t)
	for _, tt := range []struct {
		lab   string
		tasks int64
	}{
		{"day3-fargate", 1},
		{"day4-alb-autoscaling", 2},
	} {
		t.Run(tt.lab, func(t *testing.T) {
			path := planFixture(t, tt.lab)
			code, out, errs := runCLI(t, "cost", "estimate", "--plan", path, "--region", "us-east-1", "--duration", "1h", "--json")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// The free tier is on unless the config file turns it off.
			want, err := pricing.EstimatePlan(raw, pricing.EstimateOptions{Name: path, Region: "us-east-1", Duration: time.Hour, FreeTier: true})
			if err != nil {
				t.Fatal(err)
			}
			wantJSON, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			var gotFields, wantFields map[string]any
			if err := json.Unmarshal([]byte(out), &gotFields); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if err := json.Unmarshal(wantJSON, &wantFields); err != nil {
				t.Fatal(err)
			}
			for k, v := range wantFields {
				if !reflect.DeepEqual(gotFields[k], v) {
					t.Errorf("%s differs from pricing.EstimatePlan's:\n got %v\nwant %v", k, gotFields[k], v)
				}
			}
			if gotFields["plan_file"] != path || gotFields["simulated"] != false {
				t.Errorf("plan_file = %v, simulated = %v; want %s and false", gotFields["plan_file"], gotFields["simulated"], path)
			}
			for _, k := range []string{"region", "price_date", "duration_hours", "hourly_total", "total", "monthly_total", "resources"} {
				if _, ok := gotFields[k]; !ok {
					t.Errorf("the JSON lacks %q", k)
				}
			}
			res := gotFields["resources"].([]any)[0].(map[string]any)
			for _, k := range []string{"address", "type", "hourly", "total", "unpriced", "components"} {
				if _, ok := res[k]; !ok {
					t.Errorf("a resource lacks %q: %v", k, res)
				}
			}

			var got pricing.Estimate
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if got.Region != "us-east-1" || !got.DurationHours.Equal(decimal.NewFromInt(1)) {
				t.Errorf("region %s for %sh, want us-east-1 for 1h", got.Region, got.DurationHours)
			}
			// Fargate bills vCPU and memory as two lines; a 0.25 vCPU,
			// 0.5 GB task is their sum, $0.0123425 an hour in us-east-1.
			vcpu := component(t, got, "aws_ecs_service.app", "Fargate vCPU")
			mem := component(t, got, "aws_ecs_service.app", "Fargate memory")
			perTask := vcpu.Hourly.Add(mem.Hourly).Div(decimal.NewFromInt(tt.tasks))
			if !perTask.Equal(decimalOf(t, "0.0123425")) {
				t.Errorf("a Fargate task costs %s an hour, want 0.0123425", perTask)
			}
			if tt.lab == "day4-alb-autoscaling" {
				if lb := component(t, got, "aws_lb.app", "load balancer"); !lb.Hourly.Equal(decimalOf(t, "0.0225")) {
					t.Errorf("the ALB hour is %s, want 0.0225", lb.Hourly)
				}
			}
		})
	}
}

func TestCostEstimatePlanTable(t *testing.T) {
	isolate(t)
	code, out, errs := runCLI(t, "--lang", "en", "cost", "estimate", "--plan", planFixture(t, "day4-alb-autoscaling"), "--region", "us-east-1", "--duration", "90m")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"priced for 90m", "in us-east-1 for 1.5h", "list prices of " + priceDate(t), "aws_lb.app", "0.0225000", "usage, $0.008 per LCU-hour", "TOTAL"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Simulated") {
		t.Errorf("a plan file is not a sandbox lab, but the table says it is simulated:\n%s", out)
	}
}

// TestCostEstimatePlanRegion checks that without --region the plan's own
// provider region is used, not the global flag's default.
func TestCostEstimatePlanRegion(t *testing.T) {
	dir := isolate(t)
	plan := filepath.Join(dir, "plan.json")
	writePlanJSON(t, plan, "us-east-1", "aws_sqs_queue")
	code, out, errs := runCLI(t, "cost", "estimate", "--plan", plan, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var est pricing.Estimate
	if err := json.Unmarshal([]byte(out), &est); err != nil {
		t.Fatal(err)
	}
	if est.Region != "us-east-1" {
		t.Errorf("priced in %s, want the plan's region us-east-1", est.Region)
	}
}

// writePlanJSON writes a minimal plan, as `terraform show -json` would,
// creating one resource of each type in region.
func writePlanJSON(t *testing.T, path, region string, types ...string) {
	t.Helper()
	type change struct {
		Address string `json:"address"`
		Mode    string `json:"mode"`
		Type    string `json:"type"`
		Name    string `json:"name"`
		Change  struct {
			Actions []string       `json:"actions"`
			After   map[string]any `json:"after"`
		} `json:"change"`
	}
	plan := map[string]any{
		"format_version": "1.2",
		"configuration": map[string]any{"provider_config": map[string]any{
			"aws": map[string]any{"name": "aws", "expressions": map[string]any{"region": map[string]any{"constant_value": region}}},
		}},
	}
	var changes []change
	for _, typ := range types {
		c := change{Address: typ + ".this", Mode: "managed", Type: typ, Name: "this"}
		c.Change.Actions = []string{"create"}
		c.Change.After = map[string]any{"name": "x"}
		changes = append(changes, c)
	}
	plan["resource_changes"] = changes
	raw, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestCostEstimateUnpriced(t *testing.T) {
	dir := isolate(t)
	plan := filepath.Join(dir, "plan.json")
	writePlanJSON(t, plan, "ap-northeast-2", "aws_redshift_cluster", "aws_sqs_queue")
	code, out, errs := runCLI(t, "cost", "estimate", "--plan", plan)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "aws_redshift_cluster.this  unpriced: awstutor has no price for aws_redshift_cluster") ||
		!strings.Contains(out, "1 unpriced: the totals leave them out") {
		t.Errorf("an unpriced type should say unpriced:\n%s", out)
	}
	code, out, errs = runCLI(t, "cost", "estimate", "--plan", plan, "--json")
	if code != 0 {
		t.Fatalf("--json: exit %d: %s", code, errs)
	}
	var est pricing.Estimate
	if err := json.Unmarshal([]byte(out), &est); err != nil {
		t.Fatal(err)
	}
	if !est.Resources[0].Unpriced || len(est.Resources[0].Components) != 0 {
		t.Errorf("aws_redshift_cluster: %+v, want unpriced with no components", est.Resources[0])
	}
}

func TestCostEstimateBadPlanFile(t *testing.T) {
	dir := isolate(t)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tt := range []struct {
		name, path, want string
	}{
		{"text", write("notes.txt", []byte("plan: add 3 resources\n")), "is not plan JSON"},
		{"binary plan", write("plan", []byte("PK\x03\x04\x14\x00\x08\x00tfplan")), "run `terraform show -json"},
		{"utf-16", write("plan16.json", []byte{0xff, 0xfe, '{', 0}), "is UTF-16 text"},
		{"json, not a plan", write("other.json", []byte(`{"hello": "world"}`)), "not a terraform plan"},
		{"missing", filepath.Join(dir, "nothing.json"), "does not exist"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "--lang", "en", "cost", "estimate", "--plan", tt.path)
			if code != ExitFailure || out != "" {
				t.Errorf("exit %d with output %q, want exit 1 and none", code, out)
			}
			oneSentence(t, errs)
			if !strings.Contains(errs, tt.want) {
				t.Errorf("error %q does not say %q", errs, tt.want)
			}
		})
	}
	// A byte order mark is not worth refusing a plan for.
	raw, err := os.ReadFile(planFixture(t, "day1-messaging"))
	if err != nil {
		t.Fatal(err)
	}
	bom := write("bom.json", append([]byte("\xef\xbb\xbf"), raw...))
	if code, _, errs := runCLI(t, "cost", "estimate", "--plan", bom); code != 0 {
		t.Errorf("a plan with a UTF-8 byte order mark: exit %d: %s", code, errs)
	}
}

func TestCostEstimateUsage(t *testing.T) {
	isolate(t)
	plan := planFixture(t, "day1-messaging")
	for _, args := range [][]string{
		{"cost", "estimate"},
		{"cost", "estimate", "basic", "--plan", plan},
		{"cost", "estimate", "--plan", plan, "--duration", "0s"},
		{"cost", "estimate", "--plan", plan, "--duration", "-1h"},
		{"cost", "estimate", "--plan", plan, "--duration", "an hour"},
		{"cost", "estimate", "--plan", plan, "--region", "eu-west-1"},
		{"cost", "estimate", "a", "b"},
		{"cost", "course", "extra"},
	} {
		code, _, errs := runCLI(t, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, ExitUsage, errs)
		}
		oneSentence(t, errs)
	}
}

func TestCostEstimateLab(t *testing.T) {
	run, _ := labEnv(t)
	code, out, errs := run("cost", "estimate", "basic")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"Lab basic as planned in your sandbox workspace, priced for 10m, the lab's length in class.",
		english.T(i18n.CLICostSandboxNote), "in ap-northeast-2", "list prices of " + priceDate(t),
		"terraform_data.first   free", "terraform_data.third   free", "TOTAL",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}

	code, out, errs = run("cost", "estimate", "basic", "--duration", "2h", "--region", "us-east-1", "--json")
	if code != 0 {
		t.Fatalf("--json: exit %d: %s", code, errs)
	}
	var got struct {
		pricing.Estimate
		Lab       string `json:"lab"`
		Target    string `json:"target"`
		Simulated bool   `json:"simulated"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Lab != "basic" || got.Target != "sandbox" || !got.Simulated || got.Region != "us-east-1" ||
		!got.DurationHours.Equal(decimal.NewFromInt(2)) || len(got.Resources) != 3 || !got.Total.IsZero() {
		t.Errorf("got %+v; want lab basic, sandbox, simulated, us-east-1, 2h, three free resources, $0", got)
	}
	for _, r := range got.Resources {
		if !r.Free || r.Unpriced {
			t.Errorf("%s: free %v, unpriced %v; terraform_data is free", r.Address, r.Free, r.Unpriced)
		}
	}

	if code, _, errs := run("cost", "estimate", "nosuchlab"); code != ExitUsage || !strings.Contains(errs, "valid ids") {
		t.Errorf("unknown lab: exit %d, %q; want 2 and the valid ids", code, errs)
	}
}

// TestWriteLabCost checks the estimate `lab up` can show before asking.
func TestWriteLabCost(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(planFixture(t, "day4-alb-autoscaling"))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := tfrun.ParsePlan(raw)
	if err != nil {
		t.Fatal(err)
	}
	o := &Options{Target: labs.TargetSandbox, printer: english}
	var b bytes.Buffer
	if err := o.writeLabCost(&b, &labs.Lab{ID: "day4-alb-autoscaling", Minutes: 60}, plan); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"lab day4-alb-autoscaling would cost for 1h", english.T(i18n.CLICostSandboxNote), "in ap-northeast-2 for 1h", "aws_lb.app"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("lacks %q:\n%s", want, b.String())
		}
	}
	if err := o.writeLabCost(&b, &labs.Lab{ID: "x", Minutes: 60}, &tfrun.Plan{}); err == nil {
		t.Error("a plan without JSON was priced")
	}
}

// courseLessons writes a lessons directory whose week runs the fixture
// labs, and whose cost page has the curriculum's table, a column of our own
// reckoning and a later table that must not be read.
func courseLessons(t *testing.T, dir string) string {
	t.Helper()
	d := filepath.Join(dir, "lessons")
	if err := os.MkdirAll(d, 0o700); err != nil {
		t.Fatal(err)
	}
	var course strings.Builder
	course.WriteString("week: 2\ntitle: t\ndays:\n")
	for i, lab := range []string{"basic", "slow", "basic", "slow", "basic"} {
		course.WriteString("  - day: " + string(rune('1'+i)) + "\n    title: d\n    lab: {id: " + lab + ", title: l, minutes: 60}\n")
	}
	cost := `---
id: cost
title: c
day: 0
slot: extra
order: 2
minutes: 10
---
# cost

| Day | 주요 리소스 | 커리큘럼 예상 | 실제 정가 |
| --- | --- | --- | --- |
| Day 1 | SQS + SNS | $0.05 | 약 $0.00 |
| Day 2 | API | $0.10 | 약 $0.00 |
| Day 3 | Fargate | $0.20 | 약 $0.02 |
| Day 4 | ALB | $0.30 | 약 $0.07 |
| Day 5 | 통합 | $0.35 | 약 $0.07 |
| **합계** | | **$1.00** | |

| Day 1 | $9.99 |
| --- | --- |
`
	for name, body := range map[string]string{"course.yaml": course.String(), "cost.md": cost} {
		if err := os.WriteFile(filepath.Join(d, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func TestCostCourse(t *testing.T) {
	run, stateDir := labEnv(t)
	lessonsDir := courseLessons(t, filepath.Dir(stateDir))
	course := func(extra ...string) courseCostJSON {
		t.Helper()
		code, out, errs := run(append([]string{"cost", "course", "--lessons-dir", lessonsDir, "--json"}, extra...)...)
		if code != 0 {
			t.Fatalf("cost course %v: exit %d: %s", extra, code, errs)
		}
		var r courseCostJSON
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		return r
	}
	statuses := func(r courseCostJSON) string {
		var s []string
		for _, d := range r.Days {
			s = append(s, d.Status)
		}
		return strings.Join(s, " ")
	}

	// Nothing planned: the curriculum's figures, no estimate, no $0.
	r := course()
	if got := statuses(r); got != "not-planned not-planned not-planned not-planned not-planned" {
		t.Errorf("before any plan: %s", got)
	}
	if r.CurriculumTotal == nil || !r.CurriculumTotal.Equal(decimalOf(t, "1")) || r.EstimateTotal != nil || r.Difference != nil {
		t.Errorf("totals: curriculum %v, estimate %v, difference %v; want 1, null, null", r.CurriculumTotal, r.EstimateTotal, r.Difference)
	}
	if !r.Days[4].Curriculum.Equal(decimalOf(t, "0.35")) || !strings.Contains(r.Days[0].Note, "run `awstutor cost estimate basic`") {
		t.Errorf("day 5: %v; day 1 note %q", r.Days[4].Curriculum, r.Days[0].Note)
	}

	// A saved plan of basic prices days 1, 3 and 5.
	if code, _, errs := run("cost", "estimate", "basic"); code != 0 {
		t.Fatalf("cost estimate basic: exit %d: %s", code, errs)
	}
	r = course()
	if got := statuses(r); got != "saved-plan not-planned saved-plan not-planned saved-plan" {
		t.Errorf("after planning basic: %s", got)
	}
	d1 := r.Days[0]
	if d1.Estimate == nil || !d1.Estimate.Total.IsZero() || d1.Minutes != 10 || d1.PlannedAt == nil ||
		d1.Difference == nil || !d1.Difference.Equal(decimalOf(t, "-0.05")) {
		t.Errorf("day 1: %+v; want a $0 estimate for 10 minutes, 0.05 under the curriculum", d1)
	}
	if r.Estimated != 3 || r.EstimateTotal == nil || !r.EstimateTotal.IsZero() || r.Difference != nil {
		t.Errorf("totals: %d estimated, %v, difference %v", r.Estimated, r.EstimateTotal, r.Difference)
	}
	if d1.Forgotten24h == nil || !d1.Forgotten24h.IsZero() || d1.Why != english.T(i18n.CLICourseWhyLower) {
		t.Errorf("day 1: forgotten 24 h %v, why %q", d1.Forgotten24h, d1.Why)
	}
	code, out, errs := run("cost", "course", "--lessons-dir", lessonsDir)
	if code != 0 {
		t.Fatalf("table: exit %d: %s", code, errs)
	}
	for _, want := range []string{"USD list prices of " + priceDate(t), english.T(i18n.CLICostSandboxNote), "$0.35", "$1.00", "-$0.0500", "saved plan of", "ap-northeast-2", "3 of 5 labs estimated",
		"IF LEFT 24H", "Why the figures differ:", "Day 1 basic: " + english.T(i18n.CLICourseWhyLower)} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}

	// Editing the configuration makes the saved plan stale.
	ws := filepath.Join(stateDir, "workspaces", "sandbox", "basic")
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(filepath.Join(ws, "main.tf"), later, later); err != nil {
		t.Fatal(err)
	}
	r = course()
	if got := statuses(r); got != "stale-plan not-planned stale-plan not-planned stale-plan" || !strings.Contains(r.Days[0].Note, "main.tf changed") {
		t.Errorf("after editing main.tf: %s (%q)", got, r.Days[0].Note)
	}
	// Back in the past, so that the plans made next are newer.
	earlier := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(ws, "main.tf"), earlier, earlier); err != nil {
		t.Fatal(err)
	}

	// --plan-labs plans every lab now.
	r = course("--plan-labs")
	if got := statuses(r); got != "planned planned planned planned planned" {
		t.Errorf("--plan-labs: %s", got)
	}
	if r.Estimated != 5 || r.Difference == nil || !r.Difference.Equal(decimalOf(t, "-1")) {
		t.Errorf("--plan-labs totals: %d estimated, difference %v; want 5 and -1", r.Estimated, r.Difference)
	}

	// After `lab down` the saved plan is a destroy plan: not an estimate.
	for _, args := range [][]string{{"lab", "up", "basic", "--yes"}, {"lab", "down", "basic", "--yes"}} {
		if code, _, errs := run(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	r = course()
	if got := r.Days[0].Status; got != courseDayDestroyPlan || r.Days[0].Estimate != nil {
		t.Errorf("after lab down: %s, estimate %v; want %s and none", got, r.Days[0].Estimate, courseDayDestroyPlan)
	}
}

// TestCurriculumBudget reads the curriculum's table from the course's own
// cost lesson: the figures the course promises learners.
func TestCurriculumBudget(t *testing.T) {
	t.Parallel()
	cat, err := lessons.Load(lessons.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	got := curriculumBudget(cat)
	want := map[int]string{1: "0.05", 2: "0.10", 3: "0.20", 4: "0.30", 5: "0.35"}
	if len(got) != len(want) {
		t.Fatalf("read %v, want five days", got)
	}
	sum := decimal.Zero
	for day, w := range want {
		if !got[day].Equal(decimalOf(t, w)) {
			t.Errorf("day %d: %s, want %s", day, got[day], w)
		}
		sum = sum.Add(got[day])
	}
	if !sum.Equal(decimal.NewFromInt(1)) {
		t.Errorf("the days sum to %s, want the curriculum's $1.00", sum)
	}
}

func TestPricingShow(t *testing.T) {
	isolate(t)
	code, out, errs := runCLI(t, "pricing", "show", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var c catalogJSON
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if c.PriceDate != priceDate(t) || c.Source == "" || c.Currency != "USD" {
		t.Errorf("date %q, source %q, currency %q", c.PriceDate, c.Source, c.Currency)
	}
	for _, region := range []string{"ap-northeast-2", "us-east-1"} {
		dims := c.Regions[region]
		if len(dims) == 0 {
			t.Errorf("no prices for %s", region)
			continue
		}
		for _, d := range dims {
			if d.Name == "" || d.Unit == "" || d.Billing == "" {
				t.Errorf("%s: incomplete price %+v", region, d)
			}
		}
	}

	code, out, errs = runCLI(t, "--lang", "en", "pricing", "show", "--region", "us-east-1")
	if code != 0 {
		t.Fatalf("--region: exit %d: %s", code, errs)
	}
	for _, want := range []string{"Price catalogue of " + priceDate(t), "Source: ", "us-east-1 (", "alb.hour", "$0.0225", "LB-hour"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "ap-northeast-2 (") {
		t.Error("--region us-east-1 also listed ap-northeast-2")
	}
	code, _, errs = runCLI(t, "pricing", "show", "--region", "eu-west-1")
	if code != ExitUsage {
		t.Errorf("unknown region: exit %d, want 2", code)
	}
	oneSentence(t, errs)
}

func TestDurationLabel(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		time.Hour: "1h", 90 * time.Minute: "90m", 3 * time.Hour: "3h", 45 * time.Second: "45s",
	} {
		if got := durationLabel(d); got != want {
			t.Errorf("durationLabel(%s) = %q, want %q", d, got, want)
		}
	}
}

// TestExplainDifference: the one-line reason beside each day of `cost
// course`, from the Day 4 solution's plan in us-east-1 ($0.0672 an hour).
func TestExplainDifference(t *testing.T) {
	raw, err := os.ReadFile(planFixture(t, "day4-alb-autoscaling"))
	if err != nil {
		t.Fatal(err)
	}
	est, err := pricing.EstimatePlan(raw, pricing.EstimateOptions{Region: "us-east-1", Duration: time.Hour, FreeTier: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		curriculum string
		want       string
	}{
		{"0.30", "the estimate is lower: the curriculum's round figure leaves room for the 4 usage-based lines (requests, storage, data) a plan cannot price."},
		{"0.01", "the estimate is higher: aws_ecs_service.app alone costs $0.0347 an hour, 52% of the estimate."},
		{est.Total.StringFixed(3), "within a cent of the curriculum's figure."},
	} {
		k, args := explainDifference(est, est.Total.Sub(decimalOf(t, tt.curriculum)))
		if got := english.T(k, args...); got != tt.want {
			t.Errorf("curriculum $%s: %q, want %q", tt.curriculum, got, tt.want)
		}
	}
}
