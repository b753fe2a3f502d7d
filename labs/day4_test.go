package labs

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// day4NotProvable are the checks only AWS can prove.
var day4NotProvable = []string{"alb-http-200", "targets-healthy"}

// TestDay4SolutionPasses builds what the solution creates and verifies it
// through the state: every configuration check passes; the HTTP answer
// and healthy targets are not provable in the sandbox, with reasons.
func TestDay4SolutionPasses(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay4Fixture(t, ctx, c)
	results := verifyWorkspace(t, ctx, c, day4, f.outputs())
	_, lab := contentLab(t, day4)
	if want := stepChecks(lab); len(results) != len(want) {
		t.Fatalf("got %d results, want one for each of %v", len(results), want)
	}
	wantOnlyFailing(t, day4, results, "", day4NotProvable...)
	for id, reason := range map[string]string{"alb-http-200": "serves no HTTP", "targets-healthy": "registers no target"} {
		if msg := results[id].Message; !strings.Contains(msg, reason) {
			t.Errorf("%s not provable without the reason: %q", id, msg)
		}
	}
}

// TestDay4Breaks breaks, for each check the sandbox can prove, exactly
// what it proves and expects that check alone to fail with its first
// hint.
func TestDay4Breaks(t *testing.T) {
	cases := []struct {
		check string
		brk   func(t *testing.T, f *day4Fixture)
		found string
	}{
		{"vpc-two-az-public", func(t *testing.T, f *day4Fixture) {
			_, err := f.c.EC2.DeleteRoute(f.ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(f.routeTable), DestinationCidrBlock: aws.String("0.0.0.0/0")})
			f.must("delete route", err)
		}, "expected 0.0.0.0/0 -> igw-"},
		{"sg-chain", func(t *testing.T, f *day4Fixture) {
			f.ingress(f.taskSG, ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}})
		}, "tcp 80 from 0.0.0.0/0"},
		{"tg-health-check", func(t *testing.T, f *day4Fixture) {
			// The target group's defaults, as without a health_check block.
			_, err := f.c.ELBv2.ModifyTargetGroup(f.ctx, &elb.ModifyTargetGroupInput{TargetGroupArn: aws.String(f.tg), HealthCheckIntervalSeconds: aws.Int32(30), HealthyThresholdCount: aws.Int32(5)})
			f.must("modify target group", err)
		}, "expected 15 seconds or less, found 30 seconds"},
		{"listener-forward", func(t *testing.T, f *day4Fixture) {
			// The starter's fixed response.
			_, err := f.c.ELBv2.ModifyListener(f.ctx, &elb.ModifyListenerInput{ListenerArn: aws.String(f.listener), DefaultActions: []elbtypes.Action{{
				Type: elbtypes.ActionTypeEnumFixedResponse, FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: aws.String("503"), ContentType: aws.String("text/plain")},
			}}})
			f.must("modify listener", err)
		}, "found fixed-response"},
		{"service-behind-alb", func(t *testing.T, f *day4Fixture) {
			_, err := f.c.ECS.DeleteService(f.ctx, &ecs.DeleteServiceInput{Cluster: aws.String(f.cluster), Service: aws.String(f.service), Force: aws.Bool(true)})
			f.must("delete service", err)
			f.createService(func(in *ecs.CreateServiceInput) { in.LoadBalancers = nil })
		}, "load_balancer of service web: expected"},
		{"scaling-target-policy", func(t *testing.T, f *day4Fixture) {
			f.putPolicy(80)
		}, "expected 50, found 80"},
		{"alarm-sns", func(t *testing.T, f *day4Fixture) {
			f.putAlarm(func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmActions = nil })
		}, "alarm_actions of awstutor-d4-unhealthy-targets: expected"},
	}
	_, lab := contentLab(t, day4)
	if got, want := len(cases), len(stepChecks(lab))-len(day4NotProvable); got != want {
		t.Errorf("%d breaking cases for %d sandbox-provable checks: every check needs one", got, want)
	}
	for _, tc := range cases {
		t.Run(tc.check, func(t *testing.T) {
			ctx := testCtx(t)
			c := sandboxClients(t)
			f := newDay4Fixture(t, ctx, c)
			tc.brk(t, f)
			results := verifyWorkspace(t, ctx, c, day4, f.outputs())
			wantOnlyFailing(t, day4, results, tc.check, day4NotProvable...)
			if msg := results[tc.check].Message; !strings.Contains(msg, tc.found) {
				t.Errorf("%s: message %q does not say %q", tc.check, msg, tc.found)
			}
		})
	}
}

// TestDay4AWSOnlyChecks runs the two AWS-only checks where they can be
// exercised: the HTTP check against a stand-in for the ALB, the target
// health check against moto's target group with targets registered by
// hand (moto reports them healthy) and without any.
func TestDay4AWSOnlyChecks(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay4Fixture(t, ctx, c)
	outs := f.outputs()
	run := func(id string, outs map[string]any, hc *http.Client) Outcome {
		check, _ := LookupCheck(day4, id)
		return check.Run(ctx, Env{Target: TargetAWS, Region: testRegion, Lab: day4, Outputs: toOutputs(t, outs), Clients: c, HTTP: hc})
	}
	for _, tc := range []struct {
		code   int
		status CheckStatus
		found  string
	}{
		{http.StatusOK, CheckPass, "answered 200"},
		{http.StatusServiceUnavailable, CheckFail, "expected 200, found 503"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(tc.code) }))
		outs["alb_dns_name"] = strings.TrimPrefix(srv.URL, "http://")
		got := run("alb-http-200", outs, srv.Client())
		srv.Close()
		if got.Status != tc.status || !strings.Contains(got.Message, tc.found) {
			t.Errorf("ALB answering %d: %s %q, want %s saying %q", tc.code, got.Status, got.Message, tc.status, tc.found)
		}
	}
	got := run("targets-healthy", outs, nil)
	if got.Status != CheckFail || !strings.Contains(got.Message, "expected at least one, found none") {
		t.Errorf("no targets: %s %q, want a fail", got.Status, got.Message)
	}
	_, err := c.ELBv2.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: aws.String(f.tg), Targets: []elbtypes.TargetDescription{{Id: aws.String("10.0.1.10"), Port: aws.Int32(80)}}})
	f.must("register target", err)
	got = run("targets-healthy", outs, nil)
	if got.Status != CheckPass || !strings.Contains(got.Message, "1 of 1 target(s)") {
		t.Errorf("a healthy target: %s %q, want a pass", got.Status, got.Message)
	}
}
