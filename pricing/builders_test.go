package pricing

import (
	"strings"
	"testing"

	"awstutor/resource"
)

// taskDef is a Fargate task definition as the provider writes it: cpu and
// memory are strings.
func taskDef(addr, cpu, mem, arch string) resource.Resource {
	return resource.Resource{Type: "aws_ecs_task_definition", Address: addr, Attrs: map[string]any{
		"family": "app", "cpu": cpu, "memory": mem, "revision": float64(3),
		"arn":              "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/app:3",
		"runtime_platform": []any{map[string]any{"cpu_architecture": arch, "operating_system_family": "LINUX"}},
	}}
}

func ecsService(desired float64, public bool, taskDefinition string) resource.Resource {
	return resource.Resource{Type: "aws_ecs_service", Address: "aws_ecs_service.app", Attrs: map[string]any{
		"launch_type": "FARGATE", "desired_count": desired, "task_definition": taskDefinition,
		"network_configuration": []any{map[string]any{"assign_public_ip": public}},
	}}
}

// TestPricedTypes prices one resource of each priced type and checks its
// hourly figure, or the reason it is unpriced or free.
func TestPricedTypes(t *testing.T) {
	t.Parallel()
	r := func(typ string, attrs map[string]any) resource.Resource {
		return resource.Resource{Type: typ, Address: typ + ".x", Attrs: attrs}
	}
	tests := []struct {
		name     string
		region   string
		rs       []resource.Resource // the first is the one checked
		hourly   string              // "" when not priced
		comps    []string            // component names, in order
		unpriced string              // substring of the reason
		free     string              // substring of the reason
	}{
		{name: "fargate service by task definition family:revision", region: "us-east-1",
			rs:     []resource.Resource{ecsService(2, false, "app:3"), taskDef("aws_ecs_task_definition.app", "512", "1024", "X86_64")},
			hourly: "0.04937", comps: []string{"Fargate vCPU", "Fargate memory"}}, // 2 × (0.5 × 0.04048 + 1 × 0.004445)
		{name: "fargate ARM service with public IPs", region: "ap-northeast-2",
			rs:     []resource.Resource{ecsService(1, true, "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/app:3"), taskDef("", "256", "512", "ARM64")},
			hourly: "0.0163575", comps: []string{"Fargate vCPU", "Fargate memory", "public IPv4"}},
		{name: "fargate service whose task definition is elsewhere", region: "us-east-1",
			rs: []resource.Resource{ecsService(1, false, "other:1")}, unpriced: "task definition other:1 is not in this plan"},
		{name: "fargate spot", region: "us-east-1",
			rs: []resource.Resource{r("aws_ecs_service", map[string]any{"desired_count": float64(1),
				"capacity_provider_strategy": []any{map[string]any{"capacity_provider": "FARGATE_SPOT"}}})},
			unpriced: "Fargate Spot"},
		{name: "service on EC2 capacity", region: "us-east-1",
			rs:     []resource.Resource{r("aws_ecs_service", map[string]any{"launch_type": "EC2", "desired_count": float64(3)})},
			hourly: "0", comps: []string{"tasks on EC2 capacity"}},
		{name: "fargate task definition without cpu", region: "us-east-1",
			rs:       []resource.Resource{ecsService(1, false, "app"), {Type: "aws_ecs_task_definition", Attrs: map[string]any{"family": "app"}}},
			unpriced: "sets no task-level cpu"},
		{name: "internal ALB", region: "ap-northeast-2",
			rs:     []resource.Resource{r("aws_lb", map[string]any{"load_balancer_type": "application", "internal": true})},
			hourly: "0.0225", comps: []string{"load balancer", "load balancer capacity units (LCU)"}},
		{name: "internet-facing ALB in three subnets", region: "us-east-1",
			rs:     []resource.Resource{r("aws_lb", map[string]any{"internal": false, "subnets": []any{"a", "b", "c"}})},
			hourly: "0.0375", comps: []string{"load balancer", "load balancer capacity units (LCU)", "public IPv4"}},
		{name: "NLB", region: "us-east-1",
			rs:     []resource.Resource{r("aws_lb", map[string]any{"load_balancer_type": "network", "internal": true})},
			hourly: "0.0225", comps: []string{"load balancer", "network load balancer capacity units (NLCU)"}},
		{name: "gateway LB has no public addresses", region: "us-east-1",
			rs:     []resource.Resource{r("aws_lb", map[string]any{"load_balancer_type": "gateway"})},
			hourly: "0.0125", comps: []string{"load balancer", "gateway load balancer capacity units (GLCU)"}},
		{name: "NAT gateway Seoul", region: "ap-northeast-2",
			rs: []resource.Resource{r("aws_nat_gateway", nil)}, hourly: "0.059", comps: []string{"NAT gateway", "data processed"}},
		{name: "NAT gateway Virginia", region: "us-east-1",
			rs: []resource.Resource{r("aws_nat_gateway", nil)}, hourly: "0.045", comps: []string{"NAT gateway", "data processed"}},
		{name: "Elastic IP", region: "ap-northeast-2",
			rs: []resource.Resource{r("aws_eip", map[string]any{"domain": "vpc"})}, hourly: "0.005", comps: []string{"public IPv4"}},
		{name: "t3.micro with a 20 GB gp3 root and a public IP", region: "us-east-1",
			rs: []resource.Resource{r("aws_instance", map[string]any{"instance_type": "t3.micro", "associate_public_ip_address": true,
				"root_block_device": []any{map[string]any{"volume_size": float64(20), "volume_type": "gp3"}}})},
			hourly: "0.017591780822", comps: []string{"instance t3.micro", "root volume gp3", "public IPv4"}}, // 0.0104 + 20×0.08/730 + 0.005
		{name: "instance type not in the catalogue", region: "us-east-1",
			rs: []resource.Resource{r("aws_instance", map[string]any{"instance_type": "p5.48xlarge"})}, unpriced: "p5.48xlarge"},
		{name: "RDS MySQL db.t3.micro Multi-AZ", region: "us-east-1",
			rs: []resource.Resource{r("aws_db_instance", map[string]any{"engine": "mysql", "instance_class": "db.t3.micro",
				"multi_az": true, "allocated_storage": float64(20), "storage_type": "gp3"})},
			hourly: "0.040301369863", comps: []string{"instance db.t3.micro", "storage gp3"}}, // 2×0.017 + 40×0.115/730
		{name: "RDS Oracle", region: "us-east-1",
			rs: []resource.Resource{r("aws_db_instance", map[string]any{"engine": "oracle-se2", "instance_class": "db.t3.small"})}, unpriced: "oracle-se2"},
		{name: "ElastiCache two nodes", region: "us-east-1",
			rs:     []resource.Resource{r("aws_elasticache_cluster", map[string]any{"engine": "redis", "node_type": "cache.t4g.micro", "num_cache_nodes": float64(2)})},
			hourly: "0.032", comps: []string{"nodes cache.t4g.micro"}},
		{name: "ElastiCache replication group, 2 shards × (1 + 1 replica)", region: "us-east-1",
			rs: []resource.Resource{r("aws_elasticache_replication_group", map[string]any{"engine": "redis", "node_type": "cache.t3.micro",
				"num_node_groups": float64(2), "replicas_per_node_group": float64(1)})},
			hourly: "0.068", comps: []string{"nodes cache.t3.micro"}},
		{name: "FIFO queue", region: "us-east-1",
			rs: []resource.Resource{r("aws_sqs_queue", map[string]any{"fifo_queue": true})}, hourly: "0", comps: []string{"requests"}},
		{name: "SNS topic", region: "us-east-1", rs: []resource.Resource{r("aws_sns_topic", nil)}, hourly: "0", comps: []string{"publishes"}},
		{name: "Lambda", region: "us-east-1",
			rs:     []resource.Resource{r("aws_lambda_function", map[string]any{"memory_size": float64(512), "architectures": []any{"arm64"}})},
			hourly: "0", comps: []string{"requests", "compute"}},
		{name: "HTTP API", region: "us-east-1", rs: []resource.Resource{r("aws_apigatewayv2_api", map[string]any{"protocol_type": "HTTP"})},
			hourly: "0", comps: []string{"requests"}},
		{name: "WebSocket API", region: "us-east-1", rs: []resource.Resource{r("aws_apigatewayv2_api", map[string]any{"protocol_type": "WEBSOCKET"})},
			unpriced: "WEBSOCKET"},
		{name: "REST API", region: "us-east-1", rs: []resource.Resource{r("aws_api_gateway_rest_api", nil)}, hourly: "0", comps: []string{"requests"}},
		{name: "REST stage with a cache", region: "us-east-1",
			rs: []resource.Resource{r("aws_api_gateway_stage", map[string]any{"cache_cluster_enabled": true})}, unpriced: "cache"},
		{name: "REST stage without a cache", region: "us-east-1",
			rs: []resource.Resource{r("aws_api_gateway_stage", map[string]any{"cache_cluster_enabled": false})}, free: "without a cache"},
		{name: "Cognito pool on Lite", region: "us-east-1",
			rs: []resource.Resource{r("aws_cognito_user_pool", map[string]any{"user_pool_tier": "LITE"})}, hourly: "0", comps: []string{"monthly active users"}},
		{name: "alarm", region: "us-east-1",
			rs: []resource.Resource{r("aws_cloudwatch_metric_alarm", map[string]any{"period": float64(300)})}, hourly: "0.000136986301", comps: []string{"alarm metrics"}},
		{name: "high-resolution alarm", region: "us-east-1",
			rs: []resource.Resource{r("aws_cloudwatch_metric_alarm", map[string]any{"period": float64(10)})}, hourly: "0.000410958904", comps: []string{"high-resolution alarm metrics"}},
		{name: "metric math alarm over two metrics", region: "us-east-1",
			rs: []resource.Resource{r("aws_cloudwatch_metric_alarm", map[string]any{"metric_query": []any{
				map[string]any{"id": "e1", "expression": "m1+m2"},
				map[string]any{"id": "m1", "metric": []any{map[string]any{"period": float64(60)}}},
				map[string]any{"id": "m2", "metric": []any{map[string]any{"period": float64(60)}}},
			}})}, hourly: "0.000273972603", comps: []string{"alarm metrics"}},
		{name: "log group", region: "ap-northeast-2", rs: []resource.Resource{r("aws_cloudwatch_log_group", map[string]any{"retention_in_days": float64(7)})},
			hourly: "0", comps: []string{"ingestion", "storage"}},
		{name: "ECR repository", region: "us-east-1", rs: []resource.Resource{r("aws_ecr_repository", nil)}, hourly: "0", comps: []string{"image storage"}},
		{name: "S3 bucket", region: "us-east-1", rs: []resource.Resource{r("aws_s3_bucket", nil)}, hourly: "0",
			comps: []string{"Standard storage", "PUT, COPY, POST, LIST requests", "GET requests"}},
		{name: "advanced parameter", region: "us-east-1", rs: []resource.Resource{r("aws_ssm_parameter", map[string]any{"tier": "Advanced"})},
			hourly: "0.000068493151", comps: []string{"advanced parameter"}},
		{name: "standard parameter", region: "us-east-1", rs: []resource.Resource{r("aws_ssm_parameter", map[string]any{"tier": "Standard"})},
			free: "standard tier"},
		{name: "secret", region: "us-east-1", rs: []resource.Resource{r("aws_secretsmanager_secret", nil)}, hourly: "0.000547945205",
			comps: []string{"secret", "API calls"}},
		{name: "KMS key", region: "us-east-1", rs: []resource.Resource{r("aws_kms_key", nil)}, hourly: "0.001369863014", comps: []string{"customer managed key"}},
		{name: "custom event bus", region: "us-east-1", rs: []resource.Resource{r("aws_cloudwatch_event_bus", nil)}, hourly: "0", comps: []string{"custom events"}},
		{name: "CloudFront", region: "us-east-1", rs: []resource.Resource{r("aws_cloudfront_distribution", nil)}, hourly: "0",
			comps: []string{"data transfer out", "HTTPS requests"}},
		{name: "event target running a Fargate task", region: "us-east-1",
			rs: []resource.Resource{r("aws_cloudwatch_event_target", map[string]any{"ecs_target": []any{map[string]any{
				"task_count": float64(1), "task_definition_arn": "app:3"}}}), taskDef("aws_ecs_task_definition.app", "256", "512", "X86_64")},
			hourly: "0", comps: []string{"scheduled Fargate tasks"}},
		{name: "event target to a queue", region: "us-east-1", rs: []resource.Resource{r("aws_cloudwatch_event_target", nil)}, free: "targets are free"},
		{name: "unknown type is unpriced, never $0", region: "us-east-1", rs: []resource.Resource{r("aws_dynamodb_table", nil)},
			unpriced: "no price for aws_dynamodb_table"},
		{name: "free type", region: "us-east-1", rs: []resource.Resource{r("aws_vpc", nil)}, free: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := priceAll(t, tt.region, false, tt.rs...)[0]
			switch {
			case tt.unpriced != "":
				if !got.Unpriced || !strings.Contains(got.Reason, tt.unpriced) {
					t.Fatalf("unpriced=%v reason=%q, want unpriced with %q", got.Unpriced, got.Reason, tt.unpriced)
				}
				if !got.Hourly.IsZero() || len(got.Components) != 0 {
					t.Errorf("unpriced resource has figures: %+v", got)
				}
				return
			case tt.hourly == "":
				if !got.Free || got.Unpriced || !strings.Contains(got.Reason, tt.free) {
					t.Fatalf("free=%v unpriced=%v reason=%q, want free with %q", got.Free, got.Unpriced, got.Reason, tt.free)
				}
				return
			}
			if got.Unpriced || got.Free {
				t.Fatalf("unpriced=%v free=%v reason=%q, want priced", got.Unpriced, got.Free, got.Reason)
			}
			requireDecimal(t, "hourly", got.Hourly, tt.hourly)
			var names []string
			for _, c := range got.Components {
				names = append(names, c.Name)
				if c.IsUsage() && (c.Usage == "" || !c.Hourly.IsZero()) {
					t.Errorf("usage line %q: usage=%q hourly=%s", c.Name, c.Usage, c.Hourly)
				}
			}
			if strings.Join(names, "|") != strings.Join(tt.comps, "|") {
				t.Errorf("components = %q, want %q", names, tt.comps)
			}
		})
	}
}

// TestEveryPricedTypeIsTested keeps TestPricedTypes honest: a builder
// added without a case there fails here.
func TestEveryPricedTypeIsTested(t *testing.T) {
	t.Parallel()
	src := mustRead(t, "builders_test.go")
	for _, typ := range PricedTypes() {
		if typ == "aws_alb" {
			continue // the same builder as aws_lb
		}
		if !strings.Contains(src, `"`+typ+`"`) && !strings.Contains(src, typ+`(`) {
			t.Errorf("no test prices %s", typ)
		}
	}
}
