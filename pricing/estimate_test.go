package pricing

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// planOf builds a small plan in Terraform's JSON format from resource
// changes and configuration resources given as JSON text.
func planOf(region string, changes []string, config []string) []byte {
	provider := `{}`
	if region != "" {
		provider = fmt.Sprintf(`{"aws": {"name": "aws", "expressions": {"region": {"constant_value": %q}}}}`, region)
	}
	return []byte(fmt.Sprintf(`{"format_version": "1.2", "terraform_version": "1.11.4",
		"resource_changes": [%s],
		"configuration": {"provider_config": %s, "root_module": {"resources": [%s]}}}`,
		strings.Join(changes, ","), provider, strings.Join(config, ",")))
}

func change(addr, typ, action, after string) string {
	name := addr[strings.LastIndexByte(addr, '.')+1:]
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	module := ""
	if strings.HasPrefix(addr, "module.") {
		module = addr[:strings.Index(addr, "."+typ+".")]
	}
	before := "null"
	if action == "delete" {
		before, after = after, "null"
	}
	return fmt.Sprintf(`{"address": %q, "module_address": %q, "mode": "managed", "type": %q, "name": %q,
		"provider_name": "registry.terraform.io/hashicorp/aws",
		"change": {"actions": [%q], "before": %s, "after": %s, "after_unknown": {"id": true, "task_definition": true}}}`,
		addr, module, typ, name, action, before, after)
}

const fargateTaskDef = `{"family": "app", "cpu": "256", "memory": "512", "requires_compatibilities": ["FARGATE"],
	"runtime_platform": [{"cpu_architecture": "X86_64", "operating_system_family": "LINUX"}]}`

const fargateService = `{"launch_type": "FARGATE", "desired_count": 1,
	"network_configuration": [{"assign_public_ip": false}]}`

const serviceConfig = `{"address": "aws_ecs_service.app", "mode": "managed", "type": "aws_ecs_service", "name": "app",
	"expressions": {"task_definition": {"references": ["aws_ecs_task_definition.app.arn", "aws_ecs_task_definition.app"]}}}`

// TestKnownListPrices reproduces published list prices exactly: one
// Fargate task of 0.25 vCPU and 0.5 GB for an hour, and an idle ALB for an
// hour, in both regions.
func TestKnownListPrices(t *testing.T) {
	t.Parallel()
	fargate := planOf("", []string{
		change("aws_ecs_task_definition.app", "aws_ecs_task_definition", "create", fargateTaskDef),
		change("aws_ecs_service.app", "aws_ecs_service", "create", fargateService),
	}, []string{serviceConfig})
	alb := planOf("", []string{
		change("aws_lb.idle", "aws_lb", "create", `{"load_balancer_type": "application", "internal": true}`),
	}, nil)
	tests := []struct {
		name, region string
		plan         []byte
		want         string
	}{
		{"fargate us-east-1", "us-east-1", fargate, "0.0123425"},
		{"fargate ap-northeast-2", "ap-northeast-2", fargate, "0.014195"},
		{"alb us-east-1", "us-east-1", alb, "0.0225"},
		{"alb ap-northeast-2", "ap-northeast-2", alb, "0.0225"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			est, err := EstimatePlan(tt.plan, EstimateOptions{Region: tt.region, Duration: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			requireDecimal(t, "hourly total", est.HourlyTotal, tt.want)
			requireDecimal(t, "total for 1h", est.Total, tt.want)
			requireDecimal(t, "monthly total", est.MonthlyTotal, dec(t, tt.want).Mul(decimal.NewFromInt(730)).String())
			if est.Region != tt.region || est.PriceDate == "" {
				t.Errorf("region %q price date %q", est.Region, est.PriceDate)
			}
		})
	}
}

func TestEstimatePlanDurationScales(t *testing.T) {
	t.Parallel()
	plan := planOf("us-east-1", []string{
		change("aws_nat_gateway.a", "aws_nat_gateway", "create", `{}`),
		change("aws_cloudwatch_metric_alarm.a", "aws_cloudwatch_metric_alarm", "create", `{"period": 60}`),
	}, nil)
	est, err := EstimatePlan(plan, EstimateOptions{Duration: 730 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	// Over exactly one month, the total is the monthly price to the last
	// place, even for the alarm's per-month price.
	requireDecimal(t, "total for 730h", est.Total, "32.95") // 0.045 × 730 + 0.10
	requireDecimal(t, "monthly", est.MonthlyTotal, "32.95")

	est, err = EstimatePlan(plan, EstimateOptions{Duration: 90 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	requireDecimal(t, "duration hours", est.DurationHours, "1.5")
	requireDecimal(t, "nat total for 1.5h", est.Resources[0].Total, "0.0675")
}

// TestEstimatePlanActions: only what exists after apply counts.
func TestEstimatePlanActions(t *testing.T) {
	t.Parallel()
	plan := planOf("us-east-1", []string{
		change("aws_nat_gateway.created", "aws_nat_gateway", "create", `{}`),
		change("aws_nat_gateway.kept", "aws_nat_gateway", "no-op", `{}`),
		change("aws_nat_gateway.deleted", "aws_nat_gateway", "delete", `{}`),
		`{"address": "aws_nat_gateway.replaced", "mode": "managed", "type": "aws_nat_gateway", "name": "replaced",
		  "change": {"actions": ["delete", "create"], "before": {}, "after": {}}}`,
		`{"address": "data.aws_vpc.default", "mode": "data", "type": "aws_vpc", "name": "default",
		  "change": {"actions": ["read"], "before": null, "after": {}}}`,
	}, nil)
	est, err := EstimatePlan(plan, EstimateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var addrs []string
	for _, r := range est.Resources {
		addrs = append(addrs, r.Address)
	}
	if got, want := strings.Join(addrs, " "), "aws_nat_gateway.created aws_nat_gateway.kept aws_nat_gateway.replaced"; got != want {
		t.Errorf("resources = %s, want %s", got, want)
	}
	requireDecimal(t, "hourly", est.HourlyTotal, "0.135")
}

func TestEstimatePlanUnpricedIsNotZero(t *testing.T) {
	t.Parallel()
	plan := planOf("us-east-1", []string{
		change("aws_dynamodb_table.t", "aws_dynamodb_table", "create", `{"billing_mode": "PROVISIONED"}`),
		change("aws_ecs_service.orphan", "aws_ecs_service", "create", fargateService),
	}, nil)
	est, err := EstimatePlan(plan, EstimateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if est.Unpriced() != 2 {
		t.Fatalf("unpriced = %d, want 2: %+v", est.Unpriced(), est.Resources)
	}
	if r := est.Resources[1]; !strings.Contains(r.Reason, "task definition is not in this plan") {
		t.Errorf("reason = %q", r.Reason)
	}
	var b strings.Builder
	if err := est.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"unpriced: awstutor has no price for aws_dynamodb_table", "2 unpriced: the totals leave them out"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

// TestEstimatePlanReferences follows configuration references into modules
// and counted resources.
func TestEstimatePlanReferences(t *testing.T) {
	t.Parallel()
	raw := []byte(`{"format_version": "1.2",
	  "variables": {"region": {"value": "us-east-1"}},
	  "resource_changes": [
	    ` + change("module.svc[0].aws_ecs_task_definition.app", "aws_ecs_task_definition", "create", fargateTaskDef) + `,
	    ` + change("module.svc[0].aws_ecs_service.app", "aws_ecs_service", "create", fargateService) + `,
	    ` + change("aws_subnet.pub[0]", "aws_subnet", "create", `{}`) + `,
	    ` + change("aws_subnet.pub[1]", "aws_subnet", "create", `{}`) + `,
	    ` + change("aws_subnet.pub[2]", "aws_subnet", "create", `{}`) + `,
	    ` + change("aws_lb.web", "aws_lb", "create", `{"internal": false}`) + `
	  ],
	  "configuration": {
	    "provider_config": {"aws": {"name": "aws", "expressions": {
	      "region": {"references": ["var.region"]},
	      "default_tags": [{"tags": {"constant_value": {"Project": "awstutor"}}}]}}},
	    "root_module": {
	      "resources": [{"address": "aws_lb.web", "mode": "managed", "type": "aws_lb", "name": "web",
	        "expressions": {"subnets": {"references": ["aws_subnet.pub"]}}}],
	      "module_calls": {"svc": {"module": {"resources": [` + serviceConfig + `]}}}}}}`)
	est, err := EstimatePlan(raw, EstimateOptions{Name: "refs.json"})
	if err != nil {
		t.Fatal(err)
	}
	if est.Region != "us-east-1" {
		t.Errorf("region = %s, want the provider's var.region", est.Region)
	}
	svc := est.Resources[1]
	if svc.Unpriced {
		t.Fatalf("service unpriced: %s", svc.Reason)
	}
	requireDecimal(t, "service hourly", svc.Hourly, "0.0123425")
	lb := est.Resources[5]
	requireDecimal(t, "lb hourly (3 public IPv4)", lb.Hourly, "0.0375")
}

func TestEstimatePlanErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		raw  string
		opts EstimateOptions
		want string
	}{
		{"malformed json", `{"format_version": "1.2", "resource_changes": [`, EstimateOptions{Name: "mine.json"}, "estimate mine.json: decode plan json"},
		{"not a plan", `{"version": 4, "resources": []}`, EstimateOptions{Name: "terraform.tfstate"}, "estimate terraform.tfstate: not a terraform plan"},
		{"future format", `{"format_version": "2.0"}`, EstimateOptions{Name: "lab"}, "format_version 2.0 is not supported"},
		{"unknown region", `{"format_version": "1.2"}`, EstimateOptions{Name: "lab", Region: "eu-west-3"}, "no prices for region eu-west-3 (the catalogue has ap-northeast-2, us-east-1)"},
		{"truncated plan", `{"format_version": "1.2", "planned_values": {"root_module": {`, EstimateOptions{Name: "cut.json"}, "estimate cut.json: decode plan json"},
		{"garbage after the plan", `{"format_version": "1.2"} {}`, EstimateOptions{Name: "two.json"}, "unexpected data after the object"},
		{"bad change", `{"format_version": "1.2", "resource_changes": [{"address": 7}]}`, EstimateOptions{Name: "bad.json"}, "resource_changes: address"},
		{"negative duration", `{"format_version": "1.2"}`, EstimateOptions{Duration: -time.Hour}, "estimate plan: duration -1h0m0s is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := EstimatePlan([]byte(tt.raw), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestEstimatePlanSkipsEscapedQuotes: the skipped parts of a plan may hold
// any string, including escaped quotes and backslashes before a quote.
func TestEstimatePlanSkipsEscapedQuotes(t *testing.T) {
	t.Parallel()
	raw := `{"format_version": "1.2", "planned_values": {"x": "a\"}b\\", "y": ["]", "\\\""]},
		"resource_changes": [` + change("aws_eip.a", "aws_eip", "create", `{"tags": {"k": "v\"}"}}`) + `]}`
	est, err := EstimatePlan([]byte(raw), EstimateOptions{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	requireDecimal(t, "hourly", est.HourlyTotal, "0.005")
}

// TestEstimateJSONShape checks the field names the CLI's --json promises.
func TestEstimateJSONShape(t *testing.T) {
	t.Parallel()
	est, err := EstimatePlan(readPlan(t, "day4-alb-autoscaling"), EstimateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(est)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"region", "price_date", "duration_hours", "hourly_total", "total", "monthly_total", "resources"} {
		if _, ok := got[k]; !ok {
			t.Errorf("estimate JSON lacks %q", k)
		}
	}
	var lb map[string]any
	for _, r := range got["resources"].([]any) {
		if m := r.(map[string]any); m["address"] == "aws_lb.app" {
			lb = m
		}
	}
	for _, k := range []string{"address", "type", "hourly", "total", "unpriced", "components"} {
		if _, ok := lb[k]; !ok {
			t.Errorf("resource JSON lacks %q", k)
		}
	}
	comp := lb["components"].([]any)[0].(map[string]any)
	for _, k := range []string{"name", "unit", "price", "quantity", "hourly"} {
		if _, ok := comp[k]; !ok {
			t.Errorf("component JSON lacks %q", k)
		}
	}
	if comp["price"] != "0.0225" {
		t.Errorf("ALB price = %v, want the exact decimal string", comp["price"])
	}
}
