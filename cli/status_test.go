package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"awstutor/pricing"
	"awstutor/progress"
)

var kst = time.FixedZone("KST", 9*3600)

// monday15 is Monday 2026-11-23 15:00 in Seoul, three hours after class.
var monday15 = time.Date(2026, 11, 23, 15, 0, 0, 0, kst)

// fargateALBState is a terraform.tfstate in Terraform's format as the
// day-4 lab leaves it, trimmed to the attributes pricing reads: a public
// application load balancer in two subnets, a Fargate service of one task
// of 0.25 vCPU and 0.5 GB, its task definition (cpu and memory are strings
// in the state, as the provider writes them) and an IAM role.
const fargateALBState = `{
  "version": 4, "terraform_version": "1.11.4", "serial": 31, "lineage": "4d1c",
  "outputs": {},
  "resources": [
    {"mode": "data", "type": "aws_caller_identity", "name": "me",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"schema_version": 0, "attributes": {"account_id": "123456789012"}}]},
    {"mode": "managed", "type": "aws_lb", "name": "web",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"schema_version": 0, "attributes": {
       "arn": "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/awstutor-web/50dc6c495c0c9188",
       "id": "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/awstutor-web/50dc6c495c0c9188",
       "internal": false, "ip_address_type": "ipv4", "load_balancer_type": "application",
       "subnets": ["subnet-0a1", "subnet-0b2"],
       "tags_all": {"Lab": "day4-alb-autoscaling", "ManagedBy": "terraform", "Project": "awstutor"}}}]},
    {"mode": "managed", "type": "aws_ecs_task_definition", "name": "web",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"schema_version": 1, "attributes": {
       "arn": "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/awstutor-web:3",
       "arn_without_revision": "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/awstutor-web",
       "family": "awstutor-web", "revision": 3, "cpu": "256", "memory": "512",
       "network_mode": "awsvpc", "requires_compatibilities": ["FARGATE"],
       "runtime_platform": [{"cpu_architecture": "X86_64", "operating_system_family": "LINUX"}],
       "ephemeral_storage": []}}]},
    {"mode": "managed", "type": "aws_ecs_service", "name": "web",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"schema_version": 1, "attributes": {
       "id": "arn:aws:ecs:ap-northeast-2:123456789012:service/awstutor/web",
       "desired_count": 1, "launch_type": "FARGATE", "capacity_provider_strategy": [],
       "task_definition": "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/awstutor-web:3",
       "network_configuration": [{"assign_public_ip": false, "security_groups": ["sg-1"], "subnets": ["subnet-0a1", "subnet-0b2"]}]}}]},
    {"mode": "managed", "type": "aws_iam_role", "name": "task_exec",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"schema_version": 0, "attributes": {"arn": "arn:aws:iam::123456789012:role/awstutor-exec", "id": "awstutor-exec"}}]}
  ]
}`

// fixtureLive is the number of managed resources in fargateALBState.
const fixtureLive = 4

// fixtureHourly is what fargateALBState costs per hour, worked out from the
// catalogue's unit prices rather than by the meter under test: the load
// balancer hour, a public IPv4 address in each of its two subnets, and one
// task's 0.25 vCPU and 0.5 GB.
func fixtureHourly(t testing.TB) decimal.Decimal {
	t.Helper()
	cat, err := pricing.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	price := func(dim string) decimal.Decimal {
		d, err := cat.Dimension("ap-northeast-2", dim)
		if err != nil {
			t.Fatal(err)
		}
		return d.Price
	}
	return price("alb.hour").
		Add(price("ipv4.hour").Mul(decimal.NewFromInt(2))).
		Add(price("fargate.vcpu_hour").Mul(decimal.RequireFromString("0.25"))).
		Add(price("fargate.gb_hour").Mul(decimal.RequireFromString("0.5")))
}

// deskLabFixture is one lab to put in a fixture state dir.
type deskLabFixture struct {
	target, lab string
	// state is the terraform.tfstate content; "" writes none.
	state string
	// backup is the terraform.tfstate.backup content; "" writes none.
	backup string
	// run is the progress record; nil records none (a crashed run).
	run *progress.LabRun
}

// writeDesk builds a state dir with progress.json (lessons, quizzes and
// checks from base, lab runs from labs) and each lab's workspace files,
// written by the progress store itself so the fixture is in its real
// format.
func writeDesk(t testing.TB, stateDir string, base progress.State, labs ...deskLabFixture) {
	t.Helper()
	for _, l := range labs {
		ws := filepath.Join(stateDir, "workspaces", l.target, l.lab)
		if err := os.MkdirAll(ws, 0o700); err != nil {
			t.Fatal(err)
		}
		for name, content := range map[string]string{"terraform.tfstate": l.state, "terraform.tfstate.backup": l.backup} {
			if content != "" {
				if err := os.WriteFile(filepath.Join(ws, name), []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	store, err := progress.Open(stateDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Update(context.Background(), func(st *progress.State) error {
		*st = base
		st.Labs = map[string]progress.LabRun{}
		for _, l := range labs {
			if l.run != nil {
				r := *l.run
				r.Target, r.Lab, r.Workspace = l.target, l.lab, filepath.Join(stateDir, "workspaces", l.target, l.lab)
				st.Labs[progress.LabKey(l.target, l.lab)] = r
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// appliedRun is a lab run that applied n resources at at.
func appliedRun(at time.Time, n int) *progress.LabRun {
	return &progress.LabRun{LastOp: "apply", Result: "ok", AppliedAt: at.UTC(), UpdatedAt: at.UTC(), Resources: n}
}

// runAt runs awstutor with the clock stopped at now.
func runAt(t testing.TB, now time.Time, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx := WithClock(context.Background(), func() time.Time { return now })
	code := Execute(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestStatusShort(t *testing.T) {
	hourly := fixtureHourly(t)
	applied := time.Date(2026, 11, 23, 11, 5, 0, 0, kst)
	tests := []struct {
		name string
		labs []deskLabFixture
		want string
	}{
		{"aws lab deployed", []deskLabFixture{{target: "aws", lab: "day4-alb-autoscaling", state: fargateALBState, run: appliedRun(applied, fixtureLive)}},
			fmt.Sprintf("awstutor: %d live · $%s/h\n", fixtureLive, hourly.StringFixed(2))},
		{"sandbox lab deployed", []deskLabFixture{{target: "sandbox", lab: "day4-alb-autoscaling", state: fargateALBState, run: appliedRun(applied, fixtureLive)}},
			fmt.Sprintf("awstutor: %d live (sandbox) · $%s/h simulated\n", fixtureLive, hourly.StringFixed(2))},
		{"both targets, real money first", []deskLabFixture{
			{target: "sandbox", lab: "day4-alb-autoscaling", state: fargateALBState, run: appliedRun(applied, fixtureLive)},
			{target: "aws", lab: "day4-alb-autoscaling", state: fargateALBState, run: appliedRun(applied, fixtureLive)},
		}, fmt.Sprintf("awstutor: %d live · $%s/h; %d live (sandbox) · $%s/h simulated\n",
			fixtureLive, hourly.StringFixed(2), fixtureLive, hourly.StringFixed(2))},
		{"run killed before it was recorded", []deskLabFixture{{target: "aws", lab: "day3-fargate", state: fargateALBState}},
			fmt.Sprintf("awstutor: %d live · $%s/h\n", fixtureLive, hourly.StringFixed(2))},
		{"usage-only resources are not free", []deskLabFixture{{target: "aws", lab: "day1-messaging",
			state: `{"version": 4, "resources": [{"mode": "managed", "type": "aws_sqs_queue", "name": "q", "instances": [{"attributes": {"arn": "arn:aws:sqs:ap-northeast-2:1:q"}}]}]}`,
			run:   appliedRun(applied, 1)}},
			"awstutor: 1 live · $0.00/h\n"},
		{"destroyed: clean", []deskLabFixture{{target: "aws", lab: "day4-alb-autoscaling",
			state: `{"version": 4, "resources": []}`, backup: fargateALBState,
			run: &progress.LabRun{LastOp: "destroy", Result: "ok", UpdatedAt: applied.Add(time.Hour).UTC()}}}, ""},
		{"planned, never applied: clean", []deskLabFixture{{target: "sandbox", lab: "day1-messaging",
			run: &progress.LabRun{LastOp: "plan", Result: "ok", UpdatedAt: applied.UTC()}}}, ""},
		{"unreadable state is not clean", []deskLabFixture{{target: "aws", lab: "day2-auth-api", state: `{"version": 4, "resources": [`,
			run: appliedRun(applied, 3)}}, "awstutor: 1 unreadable\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := isolate(t)
			writeDesk(t, filepath.Join(dir, "state"), progress.NewState(), tt.labs...)
			code, out, errs := runAt(t, monday15, "status", "--short")
			if code != 0 || errs != "" {
				t.Errorf("exit %d, stderr %q: a prompt line must exit 0 quietly", code, errs)
			}
			if out != tt.want {
				t.Errorf("status --short = %q, want %q", out, tt.want)
			}
		})
	}
}

func TestStatusShortNoStateDir(t *testing.T) {
	dir := isolate(t)
	code, out, errs := runAt(t, monday15, "status", "--short")
	if code != 0 || out != "" || errs != "" {
		t.Errorf("never used: exit %d, %q, %q; want exit 0 and no output", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "state")); !os.IsNotExist(err) {
		t.Errorf("status --short created the state dir (%v): a prompt must leave nothing behind", err)
	}
}

// TestStatusShortTouchesNothing proves the prompt is read-only: it takes
// no lock (no progress.lock appears), writes nothing, and starts nothing.
func TestStatusShortTouchesNothing(t *testing.T) {
	dir := isolate(t)
	state := filepath.Join(dir, "state")
	writeDesk(t, state, progress.NewState(),
		deskLabFixture{target: "aws", lab: "day4-alb-autoscaling", state: fargateALBState, run: appliedRun(monday15.Add(-time.Hour), fixtureLive)})
	if err := os.Remove(filepath.Join(state, "progress.lock")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	before := listTree(t, state)
	if code, out, _ := runAt(t, monday15, "status", "--short"); code != 0 || out == "" {
		t.Fatalf("exit %d, %q", code, out)
	}
	if after := listTree(t, state); !slices.Equal(before, after) {
		t.Errorf("status --short changed the state dir:\nbefore %v\nafter  %v", before, after)
	}
}

// listTree lists every file under dir with its size and modification time.
func listTree(t testing.TB, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		files = append(files, fmt.Sprintf("%s %d %s", path, info.Size(), info.ModTime().Format(time.RFC3339Nano)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestStatusExplained(t *testing.T) {
	dir := isolate(t)
	applied := time.Date(2026, 11, 23, 11, 5, 0, 0, kst)
	writeDesk(t, filepath.Join(dir, "state"), progress.NewState(),
		deskLabFixture{target: "aws", lab: "day4-alb-autoscaling", state: fargateALBState, run: appliedRun(applied, fixtureLive)},
		deskLabFixture{target: "sandbox", lab: "day1-messaging", state: `{"version": 4, "resources": []}`,
			run: &progress.LabRun{LastOp: "destroy", Result: "ok", UpdatedAt: applied.UTC()}})
	hourly := fixtureHourly(t)

	code, out, errs := runAt(t, monday15, "--lang", "en", "--target", "sandbox", "status")
	if code != ExitRemain {
		t.Errorf("exit %d, want %d (resources remain)", code, ExitRemain)
	}
	if !strings.Contains(errs, "4 resources remain") {
		t.Errorf("stderr %q, want the one-line reason for exit 4", errs)
	}
	for _, want := range []string{
		"1 labs have resources deployed",
		"day4-alb-autoscaling",
		"11:05 (3h55m ago)",
		"UNTIL tomorrow 09:00",
		"$" + hourly.StringFixed(4),
		"$" + hourly.Mul(decimal.NewFromInt(18)).StringFixed(4), // 15:00 to 09:00 is 18 hours
		"awstutor lab down day4-alb-autoscaling --target aws",
		"awstutor cleanup",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "day1-messaging") {
		t.Errorf("a destroyed lab is listed as deployed:\n%s", out)
	}

	code, out, _ = runAt(t, monday15, "status", "--json")
	if code != ExitRemain {
		t.Errorf("--json: exit %d, want %d", code, ExitRemain)
	}
	var rep statusReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("status --json is not JSON: %v\n%s", err, out)
	}
	if rep.Live != fixtureLive || len(rep.Labs) != 1 || !rep.Labs[0].Hourly.Equal(hourly) {
		t.Fatalf("status --json: live %d, labs %+v; want %d live at %s/h", rep.Live, rep.Labs, fixtureLive, hourly)
	}
	l := rep.Labs[0]
	wantAccrued := hourly.Mul(decimal.RequireFromString("235")).Div(decimal.NewFromInt(60)) // 11:05 to 15:00
	if l.Accrued == nil || !l.Accrued.Round(6).Equal(wantAccrued.Round(6)) {
		t.Errorf("accrued %v, want %s", l.Accrued, wantAccrued.Round(6))
	}
	if !rep.MorningAt.Equal(time.Date(2026, 11, 24, 9, 0, 0, 0, kst)) || l.Simulated || l.Down != "awstutor lab down day4-alb-autoscaling --target aws" {
		t.Errorf("morning %s simulated %v down %q", rep.MorningAt, l.Simulated, l.Down)
	}
	if len(l.Addresses) != fixtureLive || l.Addresses[0] != "aws_lb.web" {
		t.Errorf("addresses %v", l.Addresses)
	}
}

func TestStatusClean(t *testing.T) {
	dir := isolate(t)
	writeDesk(t, filepath.Join(dir, "state"), progress.NewState())
	code, out, errs := runAt(t, monday15, "status")
	if code != 0 || !strings.Contains(out, "배포된 리소스가 없습니다") || errs != "" {
		t.Errorf("clean status: exit %d, %q, %q; want exit 0 and the Korean all-clear", code, out, errs)
	}
	code, out, _ = runAt(t, monday15, "status", "--json")
	var rep statusReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Live != 0 || rep.Labs == nil {
		t.Errorf("clean status --json: exit %d, %s", code, out)
	}
}

func TestStatusUnreadableFails(t *testing.T) {
	dir := isolate(t)
	writeDesk(t, filepath.Join(dir, "state"), progress.NewState(),
		deskLabFixture{target: "aws", lab: "day2-auth-api", state: `{"version": 9}`, run: appliedRun(monday15.Add(-time.Hour), 3)})
	code, out, errs := runAt(t, monday15, "--lang", "en", "status")
	if code != ExitFailure || !strings.Contains(out, "could not read") || !strings.Contains(errs, "unsupported state version 9") {
		t.Errorf("exit %d, %q, %q: an unreadable state must not pass as clean", code, out, errs)
	}
}

// TestStatusShortUnder50ms holds the prompt to its budget on a full week:
// five labs deployed in each target. The median of several runs is used,
// so one slow scheduling does not fail it.
func TestStatusShortUnder50ms(t *testing.T) {
	dir := isolate(t)
	writeWeek(t, filepath.Join(dir, "state"))
	var times []time.Duration
	for range 15 {
		start := time.Now()
		code, out, _ := runAt(t, monday15, "status", "--short")
		times = append(times, time.Since(start))
		if code != 0 || !strings.HasPrefix(out, "awstutor: 20 live") {
			t.Fatalf("exit %d, %q", code, out)
		}
	}
	slices.Sort(times)
	if median := times[len(times)/2]; median > 50*time.Millisecond {
		t.Errorf("status --short takes %s (median of %d), budget 50ms", median, len(times))
	}
}

// writeWeek deploys every lab of the week in both targets.
func writeWeek(t testing.TB, stateDir string) {
	t.Helper()
	var labs []deskLabFixture
	for _, target := range []string{"aws", "sandbox"} {
		for _, lab := range []string{"day1-messaging", "day2-auth-api", "day3-fargate", "day4-alb-autoscaling", "day5-config-events"} {
			labs = append(labs, deskLabFixture{target: target, lab: lab, state: fargateALBState, run: appliedRun(monday15.Add(-3*time.Hour), fixtureLive)})
		}
	}
	writeDesk(t, stateDir, progress.NewState(), labs...)
}

// BenchmarkStatusShort measures the whole command, flags to printed line,
// on a week with every lab deployed in both targets. The budget is 50 ms.
func BenchmarkStatusShort(b *testing.B) {
	dir := b.TempDir()
	b.Setenv("AWSTUTOR_STATE_DIR", filepath.Join(dir, "state"))
	b.Setenv("AWSTUTOR_CONFIG", filepath.Join(dir, "config.yaml"))
	writeWeek(b, filepath.Join(dir, "state"))
	ctx := WithClock(context.Background(), func() time.Time { return monday15 })
	b.ReportAllocs()
	for b.Loop() {
		var out, errb bytes.Buffer
		if code := Execute(ctx, []string{"status", "--short"}, &out, &errb); code != 0 || out.Len() == 0 {
			b.Fatalf("exit %d, %q %q", code, out.String(), errb.String())
		}
	}
}
