package labs

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// TestDay3SolutionPasses builds what the solution creates (dev), with the
// solution's files in the workspace, and verifies it through the state:
// every check passes except the running task, which the sandbox reports
// as not provable; the image is reported as simulated.
func TestDay3SolutionPasses(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay3Fixture(t, ctx, c)
	results := verifyFiles(t, ctx, c, day3, f.outputs(), f.files)
	_, lab := contentLab(t, day3)
	if want := stepChecks(lab); len(results) != len(want) {
		t.Fatalf("got %d results, want one for each of %v", len(results), want)
	}
	wantOnlyFailing(t, day3, results, "", "task-running-logs")
	if msg := results["task-running-logs"].Message; !strings.Contains(msg, "runs no container") {
		t.Errorf("task-running-logs not provable without the reason: %q", msg)
	}
	if msg := results["ecr-image-present"].Message; !strings.Contains(msg, "simulated") {
		t.Errorf("ecr-image-present passed on a simulated image without saying so: %q", msg)
	}
}

// TestDay3Breaks breaks, for each check the sandbox can prove, exactly
// what it proves and expects that check alone to fail with its first
// hint (or the hint the failure gives, for an empty repository).
func TestDay3Breaks(t *testing.T) {
	starter := func(name string) string {
		raw, err := os.ReadFile(filepath.Join("content", day3, "starter", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
	cases := []struct {
		check string
		brk   func(t *testing.T, f *day3Fixture)
		found string
	}{
		{"vars-validated", func(t *testing.T, f *day3Fixture) {
			// The learner's starting point: validations, types and
			// descriptions missing.
			f.files["variables.tf"] = starter("variables.tf")
		}, `variable "environment" (variables.tf:19) has no validation block`},
		{"tfvars-dev-prod", func(t *testing.T, f *day3Fixture) {
			f.files["prod.tfvars"] = starter("prod.tfvars")
		}, `environment in prod.tfvars: expected "prod", found "dev"`},
		{"ecr-scan-lifecycle", func(t *testing.T, f *day3Fixture) {
			f.putLifecycle(`{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":50},"action":{"type":"expire"}}]}`)
		}, "found priority 1: any imageCountMoreThan 50 -> expire"},
		{"ecr-image-present", func(t *testing.T, f *day3Fixture) {
			_, err := f.c.ECR.BatchDeleteImage(f.ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String(f.repo), ImageIds: []ecrtypes.ImageIdentifier{{ImageTag: aws.String(SimulatedImageTag)}}})
			f.must("delete image", err)
		}, "expected at least one, found 0"},
		{"taskdef-fargate-min", func(t *testing.T, f *day3Fixture) {
			// prod's size applied to the dev state; the service follows
			// the new revision as Terraform's would.
			f.taskDef = f.day3TaskDef(func(in *ecs.RegisterTaskDefinitionInput) { in.Cpu, in.Memory = aws.String("512"), aws.String("1024") })
			_, err := f.c.ECS.UpdateService(f.ctx, &ecs.UpdateServiceInput{Cluster: aws.String(f.cluster), Service: aws.String(f.service), TaskDefinition: aws.String(f.taskDef)})
			f.must("update service", err)
		}, "expected 256/512 (the Fargate minimum), found 512/1024"},
		{"taskdef-awslogs", func(t *testing.T, f *day3Fixture) {
			_, err := f.c.Logs.DeleteRetentionPolicy(f.ctx, &cloudwatchlogs.DeleteRetentionPolicyInput{LogGroupName: aws.String(f.logGroup)})
			f.must("delete retention", err)
		}, "expected 1, 3, 5 or 7 days, found never expire"},
		{"service-fargate-public", func(t *testing.T, f *day3Fixture) {
			f.replaceService(func(in *ecs.CreateServiceInput) {
				in.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp = ecstypes.AssignPublicIpDisabled
			})
		}, "assign_public_ip: expected ENABLED, found DISABLED"},
	}
	_, lab := contentLab(t, day3)
	if got, want := len(cases), len(stepChecks(lab))-1; got != want {
		t.Errorf("%d breaking cases for %d sandbox-provable checks: every check needs one", got, want)
	}
	for _, tc := range cases {
		t.Run(tc.check, func(t *testing.T) {
			ctx := testCtx(t)
			c := sandboxClients(t)
			f := newDay3Fixture(t, ctx, c)
			tc.brk(t, f)
			results := verifyFiles(t, ctx, c, day3, f.outputs(), f.files)
			if tc.check == "ecr-image-present" {
				// The failure carries a hint of its own: the command
				// that registers a simulated image on this sandbox.
				r := results[tc.check]
				if r.Status != CheckFail || !strings.Contains(r.Hint, "aws ecr put-image --endpoint-url "+moto.Endpoint()) || !strings.Contains(r.Hint, f.repo) {
					t.Errorf("%s: %s with hint %q, want a fail whose hint gives the put-image command for this sandbox", tc.check, r.Status, r.Hint)
				}
				r.Hint = day3Hint(tc.check)
				results[tc.check] = r
			}
			wantOnlyFailing(t, day3, results, tc.check, "task-running-logs")
			if msg := results[tc.check].Message; !strings.Contains(msg, tc.found) {
				t.Errorf("%s: message %q does not say %q", tc.check, msg, tc.found)
			}
		})
	}
}

func day3Hint(id string) string {
	c, _ := LookupCheck(day3, id)
	return c.Hints[0]
}

// TestDay3SimulatedImageCommand runs the put-image command the hint
// gives, as a learner would paste it, through the aws CLI: afterwards the
// check passes and calls the image simulated.
func TestDay3SimulatedImageCommand(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay3Fixture(t, ctx, c)
	_, err := f.c.ECR.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String(f.repo), ImageIds: []ecrtypes.ImageIdentifier{{ImageTag: aws.String(SimulatedImageTag)}}})
	f.must("delete image", err)
	env := Env{Target: TargetSandbox, Region: testRegion, Lab: day3, Outputs: toOutputs(t, f.outputs()), Clients: c}
	check, _ := LookupCheck(day3, "ecr-image-present")
	got := check.Run(ctx, env)
	if got.Status != CheckFail {
		t.Fatalf("empty repository: %s %q, want fail", got.Status, got.Message)
	}
	cmd := got.Hint[strings.Index(got.Hint, "aws ecr put-image"):]
	runShell(t, ctx, cmd)
	got = check.Run(ctx, env)
	if got.Status != CheckPass || !strings.Contains(got.Message, "simulated") {
		t.Errorf("after the hint's command: %s %q, want a pass that says simulated", got.Status, got.Message)
	}
}

// TestDay3StaticChecks runs the two file checks on variations of the
// solution's files: each mistake the guide warns about fails.
func TestDay3StaticChecks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		check string
		edit  func(files map[string]string)
		found string
	}{
		{"solution", "vars-validated", func(map[string]string) {}, ""},
		{"solution", "tfvars-dev-prod", func(map[string]string) {}, ""},
		{"no description", "vars-validated", func(fs map[string]string) {
			fs["variables.tf"] = strings.Replace(fs["variables.tf"], `description = "컨테이너가 듣는 포트 (nginx는 80)"`, "", 1)
		}, `variable "container_port" (variables.tf:84) has no description`},
		{"desired_count without type", "vars-validated", func(fs map[string]string) {
			fs["variables.tf"] = strings.Replace(fs["variables.tf"], "  type        = number\n  default     = 1\n\n  validation {\n    condition     = var.desired_count", "  default     = 1\n\n  validation {\n    condition     = var.desired_count", 1)
		}, `variable "desired_count" (variables.tf:51) has no type`},
		{"syntax error", "vars-validated", func(fs map[string]string) {
			fs["variables.tf"] += "\nvariable \"broken\" {\n"
		}, "could not read the workspace's Terraform files: variables.tf:"},
		{"default prod", "tfvars-dev-prod", func(fs map[string]string) {
			fs["variables.tf"] = strings.Replace(fs["variables.tf"], `default     = "dev"`, `default     = "prod"`, 1)
		}, `default of variable "environment" (variables.tf:18): expected dev`},
		{"auto tfvars prod", "tfvars-dev-prod", func(fs map[string]string) {
			fs["env.auto.tfvars"] = "environment = \"prod\"\n"
		}, "env.auto.tfvars sets environment = \"prod\""},
		{"terraform.tfvars.json prod", "tfvars-dev-prod", func(fs map[string]string) {
			fs["terraform.tfvars.json"] = `{"environment": "prod"}`
		}, "terraform.tfvars.json sets environment"},
		{"no dev.tfvars", "tfvars-dev-prod", func(fs map[string]string) { delete(fs, "dev.tfvars") }, "expected dev.tfvars in the workspace, found none"},
		{"prod not bigger", "tfvars-dev-prod", func(fs map[string]string) {
			fs["prod.tfvars"] = strings.Replace(fs["prod.tfvars"], "desired_count      = 2", "desired_count      = 1", 1)
		}, "expected prod to run more tasks than dev (desired_count); found dev 1, prod 1"},
		{"invalid value", "tfvars-dev-prod", func(fs map[string]string) {
			fs["prod.tfvars"] = strings.Replace(fs["prod.tfvars"], "desired_count      = 2", "desired_count      = 20", 1)
		}, "desired_count in prod.tfvars: expected one of 0, 1, 2"},
		{"quoted number", "tfvars-dev-prod", func(fs map[string]string) {
			fs["dev.tfvars"] = strings.Replace(fs["dev.tfvars"], "task_cpu           = 256", `task_cpu           = "256"`, 1)
		}, `task_cpu in dev.tfvars: expected a whole number (without quotes), found "256"`},
		{"not a Fargate pair", "tfvars-dev-prod", func(fs map[string]string) {
			fs["prod.tfvars"] = strings.Replace(fs["prod.tfvars"], "task_memory        = 1024", "task_memory        = 512", 1)
		}, "prod.tfvars: task_cpu 512 with task_memory 512 is not a Fargate combination"},
		{"image.auto.tfvars is fine", "tfvars-dev-prod", func(fs map[string]string) {
			fs["image.auto.tfvars"] = "image = \"123.dkr.ecr.ap-northeast-2.amazonaws.com/awstutor-d3-dev/web:1.0.0\"\n"
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.check+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			files := solutionFilesOf(t, day3)
			tc.edit(files)
			dir := t.TempDir()
			for name, body := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			check, _ := LookupCheck(day3, tc.check)
			got := check.Run(context.Background(), Env{Target: TargetSandbox, Lab: day3, Workspace: dir})
			switch {
			case tc.found == "" && got.Status != CheckPass:
				t.Errorf("got %s %q, want pass", got.Status, got.Message)
			case tc.found != "" && (got.Status != CheckFail || !strings.Contains(got.Message, tc.found)):
				t.Errorf("got %s %q, want fail saying %q", got.Status, got.Message, tc.found)
			}
		})
	}
}

// TestDay3TaskRunningOnEmulator runs the AWS-only check against moto,
// which runs no task: it fails (never passes) and says why.
func TestDay3TaskRunningOnEmulator(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay3Fixture(t, ctx, c)
	check, _ := LookupCheck(day3, "task-running-logs")
	got := check.Run(ctx, Env{Target: TargetAWS, Region: testRegion, Lab: day3, Outputs: toOutputs(t, f.outputs()), Clients: c})
	if got.Status != CheckFail || !strings.Contains(got.Message, "expected a RUNNING task of service web, found none") {
		t.Errorf("got %s %q, want a fail for no running task", got.Status, got.Message)
	}
}

// runShell runs a command line as a learner would paste it, with the
// sandbox's fake credentials, failing the test with its output.
func runShell(t *testing.T, ctx context.Context, line string) {
	t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		t.Fatalf("this test runs the aws CLI, which is not installed: %v", err)
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", line)
	cmd.Env = append(os.Environ(),
		"AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_SESSION_TOKEN=",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
}
