package tfrun

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestServiceFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ     string
		service string
		ok      bool
	}{
		{"aws_sqs_queue", "sqs", true},
		{"aws_sqs_queue_redrive_policy", "sqs", true},
		{"aws_sns_topic_subscription", "sns", true},
		{"aws_cognito_user_pool_client", "cognitoidp", true},
		{"aws_cognito_identity_pool", "cognitoidentity", true},
		{"aws_cognito_identity_provider", "cognitoidp", true},
		{"aws_api_gateway_usage_plan", "apigateway", true},
		{"aws_apigatewayv2_authorizer", "apigatewayv2", true},
		{"aws_lambda_permission", "lambda", true},
		{"aws_iam_role_policy_attachment", "iam", true},
		{"aws_iam_policy_document", "", true},
		{"aws_s3_bucket", "s3", true},
		{"aws_ecr_repository", "ecr", true},
		{"aws_ecs_task_definition", "ecs", true},
		{"aws_lb", "elbv2", true},
		{"aws_lb_target_group", "elbv2", true},
		{"aws_alb_listener", "elbv2", true},
		{"aws_lambda_function", "lambda", true},
		{"aws_vpc", "ec2", true},
		{"aws_default_vpc", "ec2", true},
		{"aws_subnets", "ec2", true},
		{"aws_security_group_rule", "ec2", true},
		{"aws_vpc_security_group_ingress_rule", "ec2", true},
		{"aws_route_table_association", "ec2", true},
		{"aws_route53_zone", "route53", true},
		{"aws_appautoscaling_policy", "applicationautoscaling", true},
		{"aws_cloudwatch_metric_alarm", "cloudwatch", true},
		{"aws_cloudwatch_log_group", "logs", true},
		{"aws_cloudwatch_event_target", "events", true},
		{"aws_ssm_parameter", "ssm", true},
		{"aws_secretsmanager_secret_version", "secretsmanager", true},
		{"aws_caller_identity", "sts", true},
		{"aws_region", "", true},
		{"aws_regions", "", false}, // a prefix match needs a "_" boundary
		{"aws_lbx", "", false},
		{"aws_quantum_computer", "", false},
	}
	for _, tt := range tests {
		svc, ok := ServiceFor(tt.typ)
		if svc != tt.service || ok != tt.ok {
			t.Errorf("ServiceFor(%s) = %q, %v; want %q, %v", tt.typ, svc, ok, tt.service, tt.ok)
		}
	}
}

func TestAWSTypesAndServices(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.tf": `resource "aws_sqs_queue" "orders" {}
  resource "aws_sns_topic" "orders" {}
data "aws_caller_identity" "me" {}
data "aws_iam_policy_document" "p" {}
resource "terraform_data" "x" {}
# resource "aws_s3_bucket" "commented_out" {}
`,
		"api.tf":              "resource aws_apigatewayv2_api \"http\" {}\n", // unquoted label
		"modules/net/main.tf": `resource "aws_vpc" "main" {}`,
		".terraform/mod/x.tf": `resource "aws_kms_key" "hidden" {}`, // downloaded modules are not the lab's
		OverrideFile:          `resource "aws_dynamodb_table" "not" {}`,
		"notes.txt":           `resource "aws_ecs_cluster" "no" {}`,
	})
	types, err := AWSTypes(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range types {
		names = append(names, u.Type)
	}
	want := []string{"aws_apigatewayv2_api", "aws_caller_identity", "aws_iam_policy_document", "aws_sns_topic", "aws_sqs_queue", "aws_vpc"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("AWSTypes = %q, want %q", names, want)
	}
	services, err := Services(types)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"apigatewayv2", "ec2", "sns", "sqs", "sts"}; !reflect.DeepEqual(services, want) {
		t.Errorf("Services = %q, want %q", services, want)
	}

	_, err = Services([]TypeUse{{Type: "aws_quantum_computer", File: "q.tf"}})
	if err == nil || !strings.Contains(err.Error(), "aws_quantum_computer in q.tf") {
		t.Errorf("unknown type error = %v, want it to name the type and file", err)
	}
}

func TestCheckLoopback(t *testing.T) {
	t.Parallel()
	tests := []struct {
		endpoint string
		ok       bool
	}{
		{"http://127.0.0.1:5000", true},
		{"http://127.1.2.3:5000", true},
		{"http://[::1]:4566", true},
		{"http://localhost:4566", true},
		{"https://127.0.0.1", true},
		{"http://10.0.0.5:5000", false},
		{"http://sqs.ap-northeast-2.amazonaws.com", false},
		{"http://localhost.evil.example:80", false},
		{"ftp://127.0.0.1", false},
		{"127.0.0.1:5000", false},
		{"", false},
	}
	for _, tt := range tests {
		if err := CheckLoopback(tt.endpoint); (err == nil) != tt.ok {
			t.Errorf("CheckLoopback(%q) = %v, want ok=%v", tt.endpoint, err, tt.ok)
		}
	}
}

func TestSandboxOverrideContent(t *testing.T) {
	t.Parallel()
	got, err := SandboxOverride("http://127.0.0.1:5000", []string{"applicationautoscaling", "sqs", "sts"})
	if err != nil {
		t.Fatal(err)
	}
	want := `# Written by awstutor for the sandbox target: it points the AWS provider at the
# local emulator with fake credentials. Terraform merges it into the lab's own
# provider "aws" block. Do not edit: awstutor rewrites it before every run
# and removes it when the lab runs against real AWS.
provider "aws" {
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true

  endpoints {
    applicationautoscaling = "http://127.0.0.1:5000"
    sqs                    = "http://127.0.0.1:5000"
    sts                    = "http://127.0.0.1:5000"
  }
}
`
	if string(got) != want {
		t.Errorf("SandboxOverride =\n%s\nwant\n%s", got, want)
	}
	if _, err := SandboxOverride("http://203.0.113.9:5000", []string{"sts"}); err == nil {
		t.Error("an override for a non-loopback endpoint was written")
	}
}

// TestSandboxOverrideIsFmtClean runs the real `terraform fmt -check` on
// overrides for one service and for every service awstutor knows, so the
// alignment is right however long the names get.
func TestSandboxOverrideIsFmtClean(t *testing.T) {
	t.Parallel()
	bin := needTerraform(t)
	all := map[string]bool{}
	for _, s := range serviceByPrefix {
		if s != "" {
			all[s] = true
		}
	}
	var every []string
	for s := range all {
		every = append(every, s)
	}
	for name, services := range map[string][]string{"one": {"sts"}, "every": every} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			content, err := SandboxOverride("http://[::1]:4566", services)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{OverrideFile: string(content)})
			cmd := exec.CommandContext(context.Background(), bin.Path, "fmt", "-check", "-diff", OverrideFile)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("terraform fmt -check: %v\n%s", err, FilterStderr(string(out)))
			}
		})
	}
}

func TestSyncOverride(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, OverrideFile)
	writeFiles(t, dir, map[string]string{"main.tf": `resource "terraform_data" "x" {}`})

	// No AWS types: an override would be an error in Terraform.
	if on, err := SyncOverride(dir, "http://127.0.0.1:5000"); err != nil || on {
		t.Fatalf("SyncOverride without aws types = %v, %v; want no file", on, err)
	}
	assertExists(t, path, false)

	writeFiles(t, dir, map[string]string{"queue.tf": `resource "aws_sqs_queue" "q" {}`})
	if on, err := SyncOverride(dir, "http://127.0.0.1:5000"); err != nil || !on {
		t.Fatalf("SyncOverride = %v, %v; want the file written", on, err)
	}
	assertContains(t, path, `sqs = "http://127.0.0.1:5000"`)

	// A new service and a new emulator port rewrite it.
	writeFiles(t, dir, map[string]string{"topic.tf": `resource "aws_sns_topic" "t" {}`})
	if _, err := SyncOverride(dir, "http://127.0.0.1:6000"); err != nil {
		t.Fatal(err)
	}
	assertContains(t, path, `sns = "http://127.0.0.1:6000"`)

	// The aws target removes it.
	if on, err := SyncOverride(dir, ""); err != nil || on {
		t.Fatalf("SyncOverride for aws = %v, %v; want the file removed", on, err)
	}
	assertExists(t, path, false)
	if _, err := SyncOverride(dir, ""); err != nil {
		t.Errorf("removing a missing override: %v", err)
	}

	// A refused endpoint leaves nothing behind.
	if _, err := SyncOverride(dir, "http://192.168.1.10:5000"); err == nil {
		t.Error("SyncOverride accepted a LAN endpoint")
	}
	assertExists(t, path, false)
}

func assertExists(t *testing.T, path string, want bool) {
	t.Helper()
	_, err := os.Stat(path)
	if got := err == nil; got != want {
		t.Errorf("%s exists = %v, want %v", filepath.Base(path), got, want)
	}
}

func assertContains(t *testing.T, path, want string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), want) {
		t.Errorf("%s does not contain %q:\n%s", filepath.Base(path), want, b)
	}
}
