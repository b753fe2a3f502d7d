package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/shopspring/decimal"

	"awstutor/cloud"
	"awstutor/cloud/mototest"
	"awstutor/progress"
)

// TestCostLive: bare `awstutor cost` prices what is deployed, from the
// workspaces' state files: $/h, so far, until 09:00 tomorrow and a month.
func TestCostLive(t *testing.T) {
	dir := isolate(t)
	applied := time.Date(2026, 11, 23, 11, 5, 0, 0, kst)
	writeDesk(t, filepath.Join(dir, "state"), progress.NewState(),
		deskLabFixture{target: "sandbox", lab: "day4-alb-autoscaling", state: fargateALBState, run: appliedRun(applied, fixtureLive)})
	hourly := fixtureHourly(t)

	code, out, errs := runAt(t, monday15, "cost", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got costLive
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("cost --json: %v\n%s", err, out)
	}
	if len(got.Labs) != 1 || !got.Hourly.Equal(hourly) || !got.Labs[0].Simulated {
		t.Fatalf("cost --json = %+v, want one simulated lab at %s/h", got, hourly)
	}
	if want := hourly.Mul(decimal.NewFromInt(18)); !got.UntilMorning.Round(6).Equal(want.Round(6)) {
		t.Errorf("until 09:00 tomorrow %s, want %s (18 hours)", got.UntilMorning, want)
	}
	if want := hourly.Mul(decimal.NewFromInt(730)); !got.Month.Equal(want) {
		t.Errorf("month %s, want %s", got.Month, want)
	}

	code, out, _ = runAt(t, monday15, "cost")
	if code != 0 || !strings.Contains(out, "day4-alb-autoscaling") || !strings.Contains(out, "$"+hourly.StringFixed(4)) {
		t.Errorf("cost table: exit %d\n%s", code, out)
	}
}

func TestCostLiveNothingRunning(t *testing.T) {
	isolate(t)
	code, out, _ := runAt(t, monday15, "--lang", "en", "cost")
	if code != 0 || !strings.Contains(out, "nothing awstutor deployed is running") {
		t.Errorf("exit %d, %q", code, out)
	}
}

// TestCostLiveFromInventory: with the sandbox reachable, `cost` prices what
// the inventory lists, not what the state files say: a load balancer a
// killed run left unrecorded is on the meter, an untagged one is not; with
// the emulator gone, the state files stand and one sentence says why.
func TestCostLiveFromInventory(t *testing.T) {
	dir := isolate(t)
	srv := mototest.Start(t)
	ctx := context.Background()
	c, err := cloud.Connect(ctx, cloud.Target{Name: cloud.TargetSandbox, Endpoint: srv.Endpoint(), Region: cloud.DefaultRegion})
	if err != nil {
		t.Fatal(err)
	}
	vpc, err := c.EC2.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	var subnets []string
	for i, az := range []string{"ap-northeast-2a", "ap-northeast-2c"} {
		sn, err := c.EC2.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String(fmt.Sprintf("10.0.%d.0/24", i)), AvailabilityZone: aws.String(az)})
		if err != nil {
			t.Fatal(err)
		}
		subnets = append(subnets, aws.ToString(sn.Subnet.SubnetId))
	}
	for _, lb := range []struct {
		name string
		tags []elbtypes.Tag
	}{
		{"web", []elbtypes.Tag{{Key: aws.String(cloud.ProjectTag), Value: aws.String(cloud.ProjectValue)}, {Key: aws.String(cloud.LabTag), Value: aws.String("day4-alb-autoscaling")}}},
		{"not-ours", []elbtypes.Tag{{Key: aws.String("Owner"), Value: aws.String("ops")}}},
	} {
		if _, err := c.ELBv2.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: aws.String(lb.name), Subnets: subnets,
			Type: elbtypes.LoadBalancerTypeEnumApplication, Tags: lb.tags}); err != nil {
			t.Fatal(err)
		}
	}
	// A state file for another lab that the sandbox does not have (it
	// was restarted): the inventory, not this, is what runs.
	writeDesk(t, filepath.Join(dir, "state"), progress.NewState(),
		deskLabFixture{target: "sandbox", lab: "day3-fargate", state: fargateALBState, run: appliedRun(time.Now().Add(-time.Hour), fixtureLive)})

	later := time.Now().Add(2 * time.Hour)
	code, out, errs := runAt(t, later, "--lang", "en", "--endpoint", srv.Endpoint(), "cost", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got costLive
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("cost --json: %v\n%s", err, out)
	}
	if len(got.Sources) != 1 || got.Sources[0].Source != liveFromInventory {
		t.Fatalf("sources = %+v, want the sandbox's inventory", got.Sources)
	}
	if len(got.Labs) != 1 || got.Labs[0].Lab != "day4-alb-autoscaling" || got.Labs[0].Resources != 1 {
		t.Fatalf("labs = %+v, want the tagged load balancer only", got.Labs)
	}
	// An internet-facing ALB's hour in ap-northeast-2 ($0.0225) and its
	// public IPv4 address in each of the two subnets ($0.005 each).
	requireDec(t, "hourly", got.Hourly, "0.0325")
	// Created just now by moto's clock, read two hours later.
	if lo, hi := decimal.RequireFromString("0.0640"), decimal.RequireFromString("0.0651"); got.Accrued.LessThan(lo) || got.Accrued.GreaterThan(hi) {
		t.Errorf("accrued %s, want about 2 h × $0.0325", got.Accrued)
	}

	code, out, _ = runAt(t, later, "--lang", "en", "--endpoint", srv.Endpoint(), "cost")
	if code != 0 || !strings.Contains(out, "figures from listing the sandbox target's resources just now") || !strings.Contains(out, "until the billing month ends") {
		t.Errorf("cost table: exit %d\n%s", code, out)
	}

	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runAt(t, later, "--lang", "en", "--endpoint", srv.Endpoint(), "cost", "--json")
	if code != 0 {
		t.Fatalf("emulator gone: exit %d: %s", code, errs)
	}
	got = costLive{}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Sources) != 1 || got.Sources[0].Source != liveFromState || strings.Contains(got.Sources[0].Note, "\n") ||
		!strings.Contains(got.Sources[0].Note, "state files") {
		t.Errorf("emulator gone: sources = %+v, want the state files and one sentence", got.Sources)
	}
	if len(got.Labs) != 1 || got.Labs[0].Lab != "day3-fargate" {
		t.Errorf("emulator gone: labs = %+v, want the state file's lab", got.Labs)
	}
}

func requireDec(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(decimal.RequireFromString(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}
