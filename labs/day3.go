package labs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Day 3, day3-fargate: variables with types, descriptions and
// validations, dev and prod tfvars, an ECR repository with scan on push
// and a lifecycle policy, a Fargate task definition that logs to
// CloudWatch Logs and a service in the default VPC's public subnets.
// Two checks read the learner's files (the same on both targets); the
// others read the deployed resources; whether a task really runs can only
// be seen on AWS.

const day3 = "day3-fargate"

// The lab's contract, from its guide and solution.
const (
	day3Container      = "web"
	day3DevCPU         = "256"
	day3DevMemory      = "512"
	day3MaxKeptImages  = 10
	day3DefaultVarFile = "dev.tfvars"
	day3ProdVarFile    = "prod.tfvars"
)

// ecsExecutionPolicyARN is the managed policy an ECS task execution role
// needs to pull images and write logs.
const ecsExecutionPolicyARN = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"

// day3Validated are the variables step 1 asks to type, describe and
// validate.
var day3Validated = []string{"environment", "task_cpu", "task_memory", "desired_count", "log_retention_days"}

// The values the lab's validations allow (solution/variables.tf), and the
// Fargate cpu/memory pairs of its precondition (solution/locals.tf).
var (
	day3CPUs       = []int64{256, 512, 1024}
	day3Memories   = []int64{512, 1024, 2048, 3072, 4096}
	day3Retentions = []int64{1, 3, 5, 7}
	day3FargateMem = map[int64][]int64{256: {512, 1024, 2048}, 512: {1024, 2048, 3072, 4096}, 1024: {2048, 3072, 4096}}
)

// notProvableTask is why the sandbox cannot show a running task.
const notProvableTask = "not provable in sandbox: moto records the service but runs no container (runningCount stays 0, no tasks, no log streams), so a RUNNING task and its logs need --target aws"

// SimulatedImageManifest is the image manifest awstutor registers in a
// sandbox ECR repository in place of a docker push, which the sandbox
// cannot take: a Docker v2 manifest whose config is the empty JSON object
// and which has no layers. It is no runnable image; ecr-image-present
// calls an image with no layers "simulated".
const SimulatedImageManifest = `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"layers":[]}`

// SimulatedImageTag is the tag a simulated image gets.
const SimulatedImageTag = "simulated-1.0.0"

// SimulatedImageOutput is the output naming the repository a simulated
// image goes in; a lab that declares it takes one in the sandbox.
const SimulatedImageOutput = "ecr_repository_name"

// TakesSimulatedImage reports whether the lab has a repository a simulated
// image can be registered in (Day 3).
func (l *Lab) TakesSimulatedImage() bool { return slices.Contains(l.Outputs, SimulatedImageOutput) }

// PutSimulatedImage registers SimulatedImageManifest under
// SimulatedImageTag in a sandbox repository, as the Day 3 guide offers
// when the repository is empty. Call it for the sandbox only, and only
// when the learner agrees: on AWS, push a real image.
func PutSimulatedImage(ctx context.Context, c *ecr.Client, repository string) error {
	_, err := c.PutImage(ctx, &ecr.PutImageInput{
		RepositoryName: aws.String(repository),
		ImageManifest:  aws.String(SimulatedImageManifest),
		ImageTag:       aws.String(SimulatedImageTag),
	})
	if err != nil {
		return fmt.Errorf("put a simulated image in %s: %w", repository, err)
	}
	return nil
}

func init() {
	both := []string{TargetSandbox, TargetAWS}
	Register(day3,
		Check{
			ID:      "vars-validated",
			Step:    "variables",
			Title:   "다섯 변수에 type, description, validation이 있고 모든 변수에 description이 있다",
			Targets: both,
			Hints: []string{
				"validation 블록은 variable 블록 안에 condition과 error_message를 씁니다. environment, task_cpu, task_memory, desired_count, log_retention_days 모두 하나 이상 필요합니다.",
				"정해진 값 중 하나인지는 contains([256, 512, 1024], var.task_cpu)로, 범위는 var.desired_count >= 0 && var.desired_count <= 2로 검사합니다.",
				"desired_count와 log_retention_days에는 type = number와 description도 빠져 있습니다. 검사는 워크스페이스의 .tf 파일을 읽으므로 apply 없이도 다시 돌려 볼 수 있습니다.",
			},
			Run: checkVarsValidated,
		},
		Check{
			ID:      "tfvars-dev-prod",
			Step:    "envs",
			Title:   "dev.tfvars와 prod.tfvars가 환경을 나누고, prod가 기본값이 되지 않는다",
			Targets: both,
			Hints: []string{
				"dev.tfvars에는 environment = \"dev\", 256/512, Task 1개, 보존 1일을, prod.tfvars에는 environment = \"prod\", 512/1024, Task 2개, 보존 7일을 `이름 = 값`으로 적습니다.",
				"두 파일의 값 모두 1단계의 validation을 통과해야 하고, cpu와 memory는 Fargate의 유효한 조합(256이면 512~2048)이어야 합니다.",
				"variable \"environment\"의 default를 \"prod\"로 두거나 terraform.tfvars, *.auto.tfvars에 environment = \"prod\"를 쓰면 prod가 기본이 됩니다. prod는 -var-file=prod.tfvars로만 고릅니다.",
			},
			Run: checkTFVars,
		},
		Check{
			ID:      "ecr-scan-lifecycle",
			Step:    "ecr",
			Title:   "ECR 리포지토리가 푸시할 때 스캔하고, 수명 주기 정책이 이미지를 10개 이하로 남긴다",
			Targets: both,
			Hints: []string{
				"aws_ecr_repository 안에 image_scanning_configuration { scan_on_push = true } 블록을 넣습니다.",
				"aws_ecr_lifecycle_policy의 규칙 하나는 selection = { tagStatus = \"any\", countType = \"imageCountMoreThan\", countNumber = 5 }, action = { type = \"expire\" }입니다.",
				"tagStatus가 any인 규칙이 가장 큰 rulePriority를 가져야 합니다. output ecr_repository_name이 리포지토리 이름을 내보내는지도 확인하세요.",
			},
			Run: checkECRScanLifecycle,
		},
		Check{
			ID:      "ecr-image-present",
			Step:    "ecr",
			Title:   "ECR 리포지토리에 이미지가 하나 이상 있다",
			Targets: both,
			Hints: []string{
				"리포지토리가 비어 있습니다. AWS에서는 가이드의 docker tag/push로 이미지를 올리세요.",
				"푸시 주소는 terraform output -raw ecr_repository_url입니다. 먼저 aws ecr get-login-password로 docker login을 하세요.",
				"sandbox에는 Docker 레지스트리가 없습니다: 실습 화면에서 i를 누르거나 awstutor lab verify day3-fargate --step ecr --simulate-image를 실행하면 레이어 없는 매니페스트를 등록하고 다시 검사합니다. 이 이미지는 simulated로 표시되고 실행할 수는 없습니다.",
			},
			Run: checkECRImage,
		},
		Check{
			ID:      "taskdef-fargate-min",
			Step:    "taskdef",
			Title:   "Task Definition이 FARGATE, awsvpc, LINUX이고 execution role이 있으며 dev는 256/512이다",
			Targets: both,
			Hints: []string{
				"aws_ecs_task_definition에 requires_compatibilities = [\"FARGATE\"], network_mode = \"awsvpc\", execution_role_arn = aws_iam_role.execution.arn을 넣습니다.",
				"cpu = tostring(var.task_cpu), memory = tostring(var.task_memory)처럼 Task 수준 값은 문자열로 넘깁니다. dev는 256/512입니다.",
				"runtime_platform { operating_system_family = \"LINUX\", cpu_architecture = \"X86_64\" }를 넣고, output task_definition_arn이 이 Task Definition의 arn인지 확인하세요.",
			},
			Run: checkTaskDefFargate,
		},
		Check{
			ID:      "taskdef-awslogs",
			Step:    "taskdef",
			Title:   "컨테이너 web이 awslogs로 로그 그룹(보존 1~7일)과 현재 리전에 로그를 보낸다",
			Targets: both,
			Hints: []string{
				"container_definitions의 JSON 키는 camelCase입니다: logConfiguration = { logDriver = \"awslogs\", options = { ... } }.",
				"awslogs-group은 aws_cloudwatch_log_group.web.name, awslogs-region은 data.aws_region.current.region, awslogs-stream-prefix는 \"ecs\"입니다.",
				"로그 그룹에 retention_in_days = var.log_retention_days를 주세요(1, 3, 5, 7). output log_group_name이 같은 그룹을 가리켜야 합니다.",
			},
			Run: checkTaskDefLogs,
		},
		Check{
			ID:      "service-fargate-public",
			Step:    "service",
			Title:   "Service가 FARGATE로 기본 VPC의 서브넷에서 퍼블릭 IP를 받고, 전용 보안 그룹을 쓴다",
			Targets: both,
			Hints: []string{
				"aws_ecs_service에 desired_count = var.desired_count, launch_type = \"FARGATE\", task_definition = aws_ecs_task_definition.web.arn을 씁니다.",
				"network_configuration 안에 subnets = data.aws_subnets.default.ids, security_groups = [aws_security_group.task.id], assign_public_ip = true를 넣습니다.",
				"보안 그룹을 비우면 VPC의 default 그룹이 붙습니다. network.tf의 aws_security_group.task와 egress 규칙(0.0.0.0/0, ip_protocol = \"-1\")을 확인하세요.",
			},
			Run: checkServicePublic,
		},
		Check{
			ID:         "task-running-logs",
			Step:       "running",
			Title:      "Service의 Task가 RUNNING이고 그 로그 스트림에 로그가 있다",
			Targets:    []string{TargetAWS},
			Unprovable: notProvableTask,
			Hints: []string{
				"Task가 RUNNING이 되기까지 1~2분 걸립니다. aws ecs describe-services로 runningCount와 events를 먼저 보세요.",
				"Task가 멈췄다면 stoppedReason을 보세요. CannotPullContainerError는 퍼블릭 IP나 egress 규칙 누락, ResourceInitializationError는 로그 그룹이나 execution role 문제인 경우가 많습니다.",
				"로그 스트림 이름은 ecs/web/<Task ID>입니다. aws logs tail \"$(terraform output -raw log_group_name)\" --since 10m 으로 nginx 시작 로그를 확인하세요.",
			},
			Run: checkTaskRunning,
		},
	)
}

// tfVariable is a variable block of the learner's configuration.
type tfVariable struct {
	name        string
	where       string // file:line
	hasType     bool
	description string
	validations int
	// def is the default, cty.NilVal when there is none or it is not a
	// literal.
	def cty.Value
}

// readVariables parses every .tf file of dir and returns its variable
// blocks by name. A syntax error is returned as one sentence naming the
// file and line.
func readVariables(dir string) (map[string]*tfVariable, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("the workspace %s has no .tf files", dir)
	}
	sort.Strings(files)
	p := hclparse.NewParser()
	vars := map[string]*tfVariable{}
	for _, path := range files {
		f, diags := p.ParseHCLFile(path)
		if diags.HasErrors() {
			return nil, diagError(diags)
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			if b.Type != "variable" || len(b.Labels) != 1 {
				continue
			}
			v := &tfVariable{name: b.Labels[0], where: fmt.Sprintf("%s:%d", filepath.Base(path), b.TypeRange.Start.Line), def: cty.NilVal}
			_, v.hasType = b.Body.Attributes["type"]
			if a, ok := b.Body.Attributes["description"]; ok {
				if val, d := a.Expr.Value(nil); !d.HasErrors() && val.IsKnown() && !val.IsNull() && val.Type() == cty.String {
					v.description = strings.TrimSpace(val.AsString())
				}
			}
			if a, ok := b.Body.Attributes["default"]; ok {
				if val, d := a.Expr.Value(nil); !d.HasErrors() {
					v.def = val
				}
			}
			for _, inner := range b.Body.Blocks {
				if inner.Type == "validation" {
					v.validations++
				}
			}
			vars[v.name] = v
		}
	}
	return vars, nil
}

// diagError turns HCL diagnostics into one error: the first error's file,
// line and summary.
func diagError(diags hcl.Diagnostics) error {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		if d.Subject != nil {
			return fmt.Errorf("%s:%d: %s", filepath.Base(d.Subject.Filename), d.Subject.Start.Line, d.Summary)
		}
		return errors.New(d.Summary)
	}
	return errors.New(diags.Error())
}

// readVarFile reads a .tfvars (or .tfvars.json) file's literal values.
// exists is false when the file is not there.
func readVarFile(path string) (vals map[string]cty.Value, exists bool, err error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	p := hclparse.NewParser()
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		f, diags = p.ParseJSONFile(path)
	} else {
		f, diags = p.ParseHCLFile(path)
	}
	if diags.HasErrors() {
		return nil, true, diagError(diags)
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		return nil, true, diagError(diags)
	}
	vals = map[string]cty.Value{}
	for name, a := range attrs {
		v, d := a.Expr.Value(nil)
		if d.HasErrors() {
			return nil, true, fmt.Errorf("%s:%d: %s is not a literal value (tfvars files hold values only)", filepath.Base(path), a.Range.Start.Line, name)
		}
		vals[name] = v
	}
	return vals, true, nil
}

// ctyInt returns a whole number value as an int64.
func ctyInt(v cty.Value) (int64, bool) {
	if v == cty.NilVal || v.IsNull() || !v.IsKnown() || v.Type() != cty.Number {
		return 0, false
	}
	bf := v.AsBigFloat()
	if !bf.IsInt() {
		return 0, false
	}
	i, acc := bf.Int64()
	return i, acc == big.Exact
}

// ctyString returns a string value.
func ctyString(v cty.Value) (string, bool) {
	if v == cty.NilVal || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// ctyText shows a literal value as the learner wrote it.
func ctyText(v cty.Value) string {
	switch {
	case v == cty.NilVal || v.IsNull():
		return "none"
	case v.Type() == cty.String:
		return strconv.Quote(v.AsString())
	case v.Type() == cty.Number:
		return v.AsBigFloat().Text('f', -1)
	}
	return v.GoString()
}

func checkVarsValidated(ctx context.Context, env Env) Outcome {
	vars, err := readVariables(env.Workspace)
	if err != nil {
		return Fail("could not read the workspace's Terraform files: %v", err)
	}
	var problems []string
	for _, name := range day3Validated {
		v, ok := vars[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("variable %q is missing", name))
			continue
		}
		var lacks []string
		if !v.hasType {
			lacks = append(lacks, "type")
		}
		if v.description == "" {
			lacks = append(lacks, "description")
		}
		if v.validations == 0 {
			lacks = append(lacks, "validation block")
		}
		if len(lacks) > 0 {
			problems = append(problems, fmt.Sprintf("variable %q (%s) has no %s", name, v.where, strings.Join(lacks, ", no ")))
		}
	}
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if v := vars[n]; !slices.Contains(day3Validated, n) && v.description == "" {
			problems = append(problems, fmt.Sprintf("variable %q (%s) has no description", n, v.where))
		}
	}
	if len(problems) > 0 {
		return Fail("expected type, description and a validation on %s and a description on every variable; found: %s", strings.Join(day3Validated, ", "), strings.Join(problems, "; "))
	}
	return Pass("%s each have a type, a description and a validation; all %d variables are described", strings.Join(day3Validated, ", "), len(vars))
}

// day3Env is one environment's effective values: its tfvars file over the
// variables' defaults.
type day3Env struct {
	file               string
	environment        string
	cpu, memory, count int64
	retention          int64
}

func checkTFVars(ctx context.Context, env Env) Outcome {
	vars, err := readVariables(env.Workspace)
	if err != nil {
		return Fail("could not read the workspace's Terraform files: %v", err)
	}
	if v, ok := vars["environment"]; ok {
		if d, ok := ctyString(v.def); ok && d == "prod" {
			return Mismatch("default of variable \"environment\" ("+v.where+")", "dev (prod only through -var-file=prod.tfvars)", `"prod"`)
		}
	}
	if o := noAutoProd(env.Workspace); o != nil {
		return *o
	}
	dev, o := readDay3Env(env.Workspace, day3DefaultVarFile, vars)
	if o != nil {
		return *o
	}
	prod, o := readDay3Env(env.Workspace, day3ProdVarFile, vars)
	if o != nil {
		return *o
	}
	switch {
	case dev.environment != "dev":
		return Mismatch("environment in "+dev.file, `"dev"`, strconv.Quote(dev.environment))
	case prod.environment != "prod":
		return Mismatch("environment in "+prod.file, `"prod"`, strconv.Quote(prod.environment))
	case prod.cpu <= dev.cpu || prod.memory <= dev.memory:
		return Fail("expected prod to get a bigger task than dev (task_cpu and task_memory both larger); found dev %d/%d, prod %d/%d", dev.cpu, dev.memory, prod.cpu, prod.memory)
	case prod.count <= dev.count:
		return Fail("expected prod to run more tasks than dev (desired_count); found dev %d, prod %d", dev.count, prod.count)
	}
	return Pass("dev.tfvars: dev %d/%d, %d task, logs %d day(s); prod.tfvars: prod %d/%d, %d tasks, logs %d days; prod is never the default", dev.cpu, dev.memory, dev.count, dev.retention, prod.cpu, prod.memory, prod.count, prod.retention)
}

// readDay3Env reads one tfvars file and checks its values against the
// lab's validations, so that `plan -var-file` with it would not stop.
func readDay3Env(dir, file string, vars map[string]*tfVariable) (day3Env, *Outcome) {
	fail := func(o Outcome) (day3Env, *Outcome) { return day3Env{}, &o }
	vals, exists, err := readVarFile(filepath.Join(dir, file))
	switch {
	case err != nil:
		return fail(Fail("could not read %s: %v", file, err))
	case !exists:
		return fail(Fail("expected %s in the workspace, found none", file))
	}
	value := func(name string) cty.Value {
		if v, ok := vals[name]; ok {
			return v
		}
		if v, ok := vars[name]; ok {
			return v.def
		}
		return cty.NilVal
	}
	e := day3Env{file: file}
	envName, ok := ctyString(value("environment"))
	if !ok {
		return fail(Mismatch("environment in "+file, "a string", ctyText(value("environment"))))
	}
	e.environment = envName
	ints := []struct {
		name    string
		dst     *int64
		allowed []int64
	}{
		{"task_cpu", &e.cpu, day3CPUs},
		{"task_memory", &e.memory, day3Memories},
		{"desired_count", &e.count, []int64{0, 1, 2}},
		{"log_retention_days", &e.retention, day3Retentions},
	}
	for _, in := range ints {
		v := value(in.name)
		n, ok := ctyInt(v)
		if !ok {
			return fail(Mismatch(in.name+" in "+file, "a whole number (without quotes)", ctyText(v)))
		}
		if !slices.Contains(in.allowed, n) {
			return fail(Mismatch(in.name+" in "+file, "one of "+joinInts(in.allowed)+" (the validation allows only these)", n))
		}
		*in.dst = n
	}
	if !slices.Contains(day3FargateMem[e.cpu], e.memory) {
		return fail(Fail("%s: task_cpu %d with task_memory %d is not a Fargate combination (with %d: %s)", file, e.cpu, e.memory, e.cpu, joinInts(day3FargateMem[e.cpu])))
	}
	return e, nil
}

// noAutoProd fails when a file Terraform reads by itself (terraform.tfvars,
// *.auto.tfvars, and their .json forms) sets environment to prod.
func noAutoProd(dir string) *Outcome {
	var files []string
	for _, pat := range []string{"terraform.tfvars", "terraform.tfvars.json", "*.auto.tfvars", "*.auto.tfvars.json"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		files = append(files, m...)
	}
	for _, f := range files {
		vals, _, err := readVarFile(f)
		if err != nil {
			o := Fail("could not read %s: %v", filepath.Base(f), err)
			return &o
		}
		if s, ok := ctyString(vals["environment"]); ok && s == "prod" {
			o := Fail("%s sets environment = \"prod\", and Terraform reads it without -var-file: prod would become the default (expected prod only through -var-file=prod.tfvars)", filepath.Base(f))
			return &o
		}
	}
	return nil
}

func joinInts(ns []int64) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(s, ", ")
}

// ecrLifecyclePolicy is the part of an ECR lifecycle policy the check
// reads.
type ecrLifecyclePolicy struct {
	Rules []struct {
		RulePriority int `json:"rulePriority"`
		Selection    struct {
			TagStatus   string `json:"tagStatus"`
			CountType   string `json:"countType"`
			CountNumber int    `json:"countNumber"`
		} `json:"selection"`
		Action struct {
			Type string `json:"type"`
		} `json:"action"`
	} `json:"rules"`
}

func checkECRScanLifecycle(ctx context.Context, env Env) Outcome {
	repo, err := env.Output("ecr_repository_name")
	if err != nil {
		return OutputFailed(err)
	}
	out, err := env.Clients.ECR.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{repo}})
	if isAPIError(err, "RepositoryNotFoundException") {
		return Mismatch("ECR repository", repo, "none")
	}
	if err != nil {
		return Errored("read ECR repository "+repo, err)
	}
	if len(out.Repositories) == 0 {
		return Mismatch("ECR repository", repo, "none")
	}
	r := out.Repositories[0]
	if r.ImageScanningConfiguration == nil || !r.ImageScanningConfiguration.ScanOnPush {
		return Mismatch("repository "+repo+" scan on push", true, false)
	}
	lp, err := env.Clients.ECR.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: aws.String(repo)})
	if isAPIError(err, "LifecyclePolicyNotFoundException") {
		return Mismatch("lifecycle policy of repository "+repo, "a rule that expires images beyond the newest 10 or fewer", "no lifecycle policy")
	}
	if err != nil {
		return Errored("read the lifecycle policy of repository "+repo, err)
	}
	var pol ecrLifecyclePolicy
	if err := json.Unmarshal([]byte(aws.ToString(lp.LifecyclePolicyText)), &pol); err != nil {
		return Fail("the lifecycle policy of repository %s is not valid JSON", repo)
	}
	var seen []string
	for _, rule := range pol.Rules {
		s := rule.Selection
		seen = append(seen, fmt.Sprintf("priority %d: %s %s %d -> %s", rule.RulePriority, orNone(s.TagStatus), orNone(s.CountType), s.CountNumber, orNone(rule.Action.Type)))
		if s.TagStatus == "any" && s.CountType == "imageCountMoreThan" && s.CountNumber >= 1 && s.CountNumber <= day3MaxKeptImages && rule.Action.Type == "expire" {
			return Pass("repository %s scans on push and keeps only the newest %d images (lifecycle rule priority %d)", repo, s.CountNumber, rule.RulePriority)
		}
	}
	return Mismatch("lifecycle rules of repository "+repo, fmt.Sprintf("a rule with tagStatus any, countType imageCountMoreThan, countNumber %d or less, action expire", day3MaxKeptImages), orNone(strings.Join(seen, "; ")))
}

func checkECRImage(ctx context.Context, env Env) Outcome {
	repo, err := env.Output("ecr_repository_name")
	if err != nil {
		return OutputFailed(err)
	}
	var ids []ecrtypes.ImageIdentifier
	var tags []string
	p := ecr.NewDescribeImagesPaginator(env.Clients.ECR, &ecr.DescribeImagesInput{RepositoryName: aws.String(repo)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return Errored("list the images of repository "+repo, err)
		}
		for _, d := range page.ImageDetails {
			ids = append(ids, ecrtypes.ImageIdentifier{ImageDigest: d.ImageDigest})
			tags = append(tags, d.ImageTags...)
		}
	}
	if len(ids) == 0 {
		o := Mismatch("images in repository "+repo, "at least one", 0)
		o.Hint = emptyRepoHint(env, repo)
		return o
	}
	// A manifest with no layers is what awstutor (or the learner, with
	// the command the hint gives) registers in the sandbox: say so, so a
	// pass is not mistaken for a pushed, runnable image.
	got, err := env.Clients.ECR.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String(repo), ImageIds: ids[:min(len(ids), 10)]})
	if err != nil {
		return Errored("read the image manifests of repository "+repo, err)
	}
	simulated := 0
	for _, img := range got.Images {
		var m struct {
			Layers    []json.RawMessage `json:"layers"`
			Manifests []json.RawMessage `json:"manifests"`
		}
		if json.Unmarshal([]byte(aws.ToString(img.ImageManifest)), &m) == nil && len(m.Layers) == 0 && len(m.Manifests) == 0 {
			simulated++
		}
	}
	slices.Sort(tags)
	tagText := "untagged"
	if len(tags) > 0 {
		tagText = "tags " + strings.Join(tags, ", ")
	}
	if simulated == len(got.Images) && simulated > 0 {
		return Pass("repository %s holds %d image(s) (%s), simulated: manifests with no layers, registered without docker push; not a runnable image", repo, len(ids), tagText)
	}
	return Pass("repository %s holds %d image(s) (%s)", repo, len(ids), tagText)
}

// emptyRepoHint says how to put an image into an empty repository on the
// target: docker push on AWS, a simulated manifest on the sandbox.
func emptyRepoHint(env Env, repo string) string {
	if env.Target == TargetAWS {
		return "리포지토리가 비어 있습니다. 가이드의 '이미지 넣기: AWS'대로 docker login 후 docker tag/push로 이미지를 올리세요: docker push \"$(terraform output -raw ecr_repository_url):1.0.0\""
	}
	endpoint := "<sandbox 주소>"
	if env.Clients != nil && env.Clients.Target.Endpoint != "" {
		endpoint = strings.TrimRight(env.Clients.Target.Endpoint, "/")
	}
	return fmt.Sprintf("리포지토리가 비어 있습니다. sandbox에는 Docker 레지스트리가 없으므로 레이어 없는 시뮬레이션 매니페스트를 등록해 이 검사를 연습합니다(결과에 simulated로 표시되며 실행할 수 있는 이미지는 아닙니다): aws ecr put-image --endpoint-url %s --region %s --repository-name %s --image-tag %s --image-manifest '%s'",
		endpoint, env.Region, repo, SimulatedImageTag, SimulatedImageManifest)
}

// taskDefinition reads the task definition an output names.
func taskDefinition(ctx context.Context, env Env, output string) (*ecstypes.TaskDefinition, *Outcome) {
	arn, err := env.Output(output)
	if err != nil {
		o := OutputFailed(err)
		return nil, &o
	}
	out, err := env.Clients.ECS.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(arn)})
	if err != nil || out.TaskDefinition == nil {
		if err == nil || isAPIError(err, "ClientException") {
			o := Mismatch("task definition", arn, "none")
			return nil, &o
		}
		o := Errored("read task definition "+arn, err)
		return nil, &o
	}
	return out.TaskDefinition, nil
}

// containerNamed returns the task definition's container of that name.
func containerNamed(td *ecstypes.TaskDefinition, name string) (*ecstypes.ContainerDefinition, []string) {
	var names []string
	for i, c := range td.ContainerDefinitions {
		if aws.ToString(c.Name) == name {
			return &td.ContainerDefinitions[i], nil
		}
		names = append(names, aws.ToString(c.Name))
	}
	return nil, names
}

// fargateBasics returns "" when the task definition is a Fargate, awsvpc,
// Linux one with an execution role, else what is wrong.
func fargateBasics(td *ecstypes.TaskDefinition) Outcome {
	var compat []string
	for _, c := range td.RequiresCompatibilities {
		compat = append(compat, string(c))
	}
	switch {
	case !slices.Contains(td.RequiresCompatibilities, ecstypes.CompatibilityFargate):
		return Mismatch("task definition requires_compatibilities", "FARGATE", orNone(strings.Join(compat, ", ")))
	case td.NetworkMode != ecstypes.NetworkModeAwsvpc:
		return Mismatch("task definition network_mode", "awsvpc", orNone(string(td.NetworkMode)))
	case td.RuntimePlatform == nil || td.RuntimePlatform.OperatingSystemFamily == "":
		return Mismatch("task definition runtime_platform operating_system_family", "LINUX", "none")
	case td.RuntimePlatform.OperatingSystemFamily != ecstypes.OSFamilyLinux:
		return Mismatch("task definition runtime_platform operating_system_family", "LINUX", td.RuntimePlatform.OperatingSystemFamily)
	case aws.ToString(td.ExecutionRoleArn) == "":
		return Mismatch("task definition execution_role_arn", "the execution role's ARN", "none")
	}
	return Outcome{}
}

// roleNameOf is the name in a role ARN (arn:aws:iam::1:role/path/name).
func roleNameOf(arn string) string {
	i := strings.LastIndex(arn, "/")
	if i < 0 {
		return arn
	}
	return arn[i+1:]
}

func checkTaskDefFargate(ctx context.Context, env Env) Outcome {
	td, failed := taskDefinition(ctx, env, "task_definition_arn")
	if failed != nil {
		return *failed
	}
	if o := fargateBasics(td); o.Status != "" {
		return o
	}
	role := aws.ToString(td.ExecutionRoleArn)
	if _, err := env.Clients.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(roleNameOf(role))}); err != nil {
		if isAPIError(err, "NoSuchEntity") {
			return Mismatch("execution role "+role, "an existing IAM role", "no such role")
		}
		return Errored("read execution role "+role, err)
	}
	environment, err := env.Output("environment")
	if err != nil {
		return OutputFailed(err)
	}
	cpu, mem := aws.ToString(td.Cpu), aws.ToString(td.Memory)
	switch environment {
	case "dev":
		if cpu != day3DevCPU || mem != day3DevMemory {
			return Mismatch("dev task definition cpu/memory", day3DevCPU+"/"+day3DevMemory+" (the Fargate minimum)", orNone(cpu)+"/"+orNone(mem))
		}
	case "prod":
		c, _ := strconv.ParseInt(cpu, 10, 64)
		m, _ := strconv.ParseInt(mem, 10, 64)
		if !slices.Contains(day3FargateMem[c], m) {
			return Mismatch("prod task definition cpu/memory", "a Fargate combination from prod.tfvars (512/1024)", orNone(cpu)+"/"+orNone(mem))
		}
	default:
		return Mismatch("output environment", "dev or prod", orNone(environment))
	}
	return Pass("%s:%d is FARGATE, awsvpc, LINUX, %s/%s for %s, with execution role %s", aws.ToString(td.Family), td.Revision, cpu, mem, environment, roleNameOf(role))
}

func checkTaskDefLogs(ctx context.Context, env Env) Outcome {
	td, failed := taskDefinition(ctx, env, "task_definition_arn")
	if failed != nil {
		return *failed
	}
	group, err := env.Output("log_group_name")
	if err != nil {
		return OutputFailed(err)
	}
	c, names := containerNamed(td, day3Container)
	if c == nil {
		return Mismatch("container in the task definition", day3Container, orNone(strings.Join(names, ", ")))
	}
	if o := awslogsTo(c, group, env.Region); o.Status != "" {
		return o
	}
	return logGroupRetention(ctx, env, group, fmt.Sprintf("container %s logs with awslogs to %s in %s (stream prefix %s)", day3Container, group, env.Region, c.LogConfiguration.Options["awslogs-stream-prefix"]))
}

// awslogsTo returns a failure unless the container logs with the awslogs
// driver to group in region, with a stream prefix.
func awslogsTo(c *ecstypes.ContainerDefinition, group, region string) Outcome {
	name := aws.ToString(c.Name)
	lc := c.LogConfiguration
	if lc == nil {
		return Mismatch("logConfiguration of container "+name, "logDriver awslogs", "none")
	}
	if lc.LogDriver != ecstypes.LogDriverAwslogs {
		return Mismatch("log driver of container "+name, "awslogs", orNone(string(lc.LogDriver)))
	}
	switch o := lc.Options; {
	case o["awslogs-group"] != group:
		return Mismatch("awslogs-group of container "+name, group+" (output log_group_name)", orNone(o["awslogs-group"]))
	case o["awslogs-region"] != region:
		return Mismatch("awslogs-region of container "+name, region, orNone(o["awslogs-region"]))
	case o["awslogs-stream-prefix"] == "":
		return Mismatch("awslogs-stream-prefix of container "+name, "a prefix such as ecs", "none")
	}
	return Outcome{}
}

// logGroupRetention passes with what when the log group exists and keeps
// logs for 1, 3, 5 or 7 days.
func logGroupRetention(ctx context.Context, env Env, group, what string) Outcome {
	out, err := env.Clients.Logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(group)})
	if err != nil {
		return Errored("read log group "+group, err)
	}
	for _, g := range out.LogGroups {
		if aws.ToString(g.LogGroupName) != group {
			continue
		}
		days := int64(aws.ToInt32(g.RetentionInDays))
		if !slices.Contains(day3Retentions, days) {
			found := "never expire"
			if days > 0 {
				found = fmt.Sprintf("%d days", days)
			}
			return Mismatch("retention of log group "+group, "1, 3, 5 or 7 days", found)
		}
		return Pass("%s; the group keeps logs %d day(s)", what, days)
	}
	return Mismatch("log group", group, "none")
}

// defaultVPC returns the id of the region's default VPC, "" when there is
// none.
func defaultVPC(ctx context.Context, env Env) (string, error) {
	out, err := env.Clients.EC2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{{Name: aws.String("is-default"), Values: []string{"true"}}}})
	if err != nil {
		return "", err
	}
	for _, v := range out.Vpcs {
		if aws.ToBool(v.IsDefault) {
			return aws.ToString(v.VpcId), nil
		}
	}
	return "", nil
}

// publicAwsvpc returns a failure unless the network configuration gives
// tasks a public IP in subnets of the default VPC with security groups of
// their own (not the VPC's default group).
func publicAwsvpc(ctx context.Context, env Env, what string, nc *ecstypes.AwsVpcConfiguration) Outcome {
	if nc == nil {
		return Mismatch(what+" network_configuration", "awsvpc subnets, security groups and a public IP", "none")
	}
	if nc.AssignPublicIp != ecstypes.AssignPublicIpEnabled {
		return Mismatch(what+" assign_public_ip", "ENABLED", orNone(string(nc.AssignPublicIp)))
	}
	if len(nc.Subnets) == 0 {
		return Mismatch(what+" subnets", "the default VPC's subnets", "none")
	}
	vpc, err := defaultVPC(ctx, env)
	if err != nil {
		return Errored("find the default VPC", err)
	}
	if vpc == "" {
		return Fail("the region %s has no default VPC, and %s expects its tasks in the default VPC's subnets", env.Region, what)
	}
	subnets, err := env.Clients.EC2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: nc.Subnets})
	if err != nil {
		return Errored("read subnets "+strings.Join(nc.Subnets, ", "), err)
	}
	for _, s := range subnets.Subnets {
		if aws.ToString(s.VpcId) != vpc {
			return Mismatch(what+" subnet "+aws.ToString(s.SubnetId), "a subnet of the default VPC "+vpc, "one in "+aws.ToString(s.VpcId))
		}
	}
	if len(nc.SecurityGroups) == 0 {
		return Mismatch(what+" security_groups", "the task's own security group", "none (the VPC's default group is used)")
	}
	sgs, err := env.Clients.EC2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: nc.SecurityGroups})
	if err != nil {
		return Errored("read security groups "+strings.Join(nc.SecurityGroups, ", "), err)
	}
	for _, g := range sgs.SecurityGroups {
		if aws.ToString(g.GroupName) == "default" {
			return Mismatch(what+" security group "+aws.ToString(g.GroupId), "the task's own security group", "the VPC's default group")
		}
	}
	return Outcome{}
}

func checkServicePublic(ctx context.Context, env Env) Outcome {
	cluster, err := env.Output("ecs_cluster_name")
	if err != nil {
		return OutputFailed(err)
	}
	name, err := env.Output("ecs_service_name")
	if err != nil {
		return OutputFailed(err)
	}
	tdARN, err := env.Output("task_definition_arn")
	if err != nil {
		return OutputFailed(err)
	}
	svc, failed := ecsService(ctx, env, cluster, name)
	if failed != nil {
		return *failed
	}
	switch {
	case svc.LaunchType != ecstypes.LaunchTypeFargate:
		return Mismatch("service "+name+" launch_type", "FARGATE", orNone(string(svc.LaunchType)))
	case aws.ToString(svc.TaskDefinition) != tdARN:
		return Mismatch("service "+name+" task_definition", tdARN+" (output task_definition_arn)", orNone(aws.ToString(svc.TaskDefinition)))
	case svc.DesiredCount < 1 || svc.DesiredCount > 2:
		return Mismatch("service "+name+" desired_count", "1 (2 at most)", svc.DesiredCount)
	}
	var nc *ecstypes.AwsVpcConfiguration
	if svc.NetworkConfiguration != nil {
		nc = svc.NetworkConfiguration.AwsvpcConfiguration
	}
	if o := publicAwsvpc(ctx, env, "service "+name, nc); o.Status != "" {
		return o
	}
	return Pass("service %s runs %d FARGATE task(s) of %s with a public IP in %d default-VPC subnet(s), security group %s", name, svc.DesiredCount, arnName(tdARN), len(nc.Subnets), strings.Join(nc.SecurityGroups, ", "))
}

// ecsService reads one active service of a cluster.
func ecsService(ctx context.Context, env Env, cluster, name string) (*ecstypes.Service, *Outcome) {
	out, err := env.Clients.ECS.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: []string{name}})
	if isAPIError(err, "ClusterNotFoundException") {
		o := Mismatch("ECS cluster", cluster, "none")
		return nil, &o
	}
	if err != nil {
		o := Errored("read service "+name+" of cluster "+cluster, err)
		return nil, &o
	}
	for i, s := range out.Services {
		if aws.ToString(s.ServiceName) == name && aws.ToString(s.Status) != "INACTIVE" {
			return &out.Services[i], nil
		}
	}
	o := Mismatch("service in cluster "+cluster, name, "none")
	return nil, &o
}

func checkTaskRunning(ctx context.Context, env Env) Outcome {
	cluster, err := env.Output("ecs_cluster_name")
	if err != nil {
		return OutputFailed(err)
	}
	name, err := env.Output("ecs_service_name")
	if err != nil {
		return OutputFailed(err)
	}
	group, err := env.Output("log_group_name")
	if err != nil {
		return OutputFailed(err)
	}
	td, failed := taskDefinition(ctx, env, "task_definition_arn")
	if failed != nil {
		return *failed
	}
	listed, err := env.Clients.ECS.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String(cluster), ServiceName: aws.String(name), DesiredStatus: ecstypes.DesiredStatusRunning})
	if err != nil {
		return Errored("list the tasks of service "+name, err)
	}
	if len(listed.TaskArns) == 0 {
		return Fail("expected a RUNNING task of service %s, found none (the service may still be starting one, or its tasks stop: see aws ecs describe-services events)", name)
	}
	tasks, err := env.Clients.ECS.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: listed.TaskArns})
	if err != nil {
		return Errored("read the tasks of service "+name, err)
	}
	prefix := ""
	if c, _ := containerNamed(td, day3Container); c != nil && c.LogConfiguration != nil {
		prefix = c.LogConfiguration.Options["awslogs-stream-prefix"]
	}
	var statuses []string
	for _, t := range tasks.Tasks {
		status := aws.ToString(t.LastStatus)
		statuses = append(statuses, status)
		if status != "RUNNING" {
			continue
		}
		id := arnName(aws.ToString(t.TaskArn))
		if i := strings.LastIndex(id, "/"); i >= 0 {
			id = id[i+1:]
		}
		stream := prefix + "/" + day3Container + "/" + id
		ev, err := env.Clients.Logs.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{
			LogGroupName: aws.String(group), LogStreamName: aws.String(stream), StartFromHead: aws.Bool(true), Limit: aws.Int32(1),
		})
		if isAPIError(err, "ResourceNotFoundException") {
			return Fail("task %s is RUNNING but log group %s has no stream %s yet (expected the container's log stream)", id, group, stream)
		}
		if err != nil {
			return Errored("read log stream "+stream, err)
		}
		if len(ev.Events) == 0 {
			return Fail("task %s is RUNNING but its log stream %s has no events yet (expected the container's start-up logs)", id, stream)
		}
		return Pass("task %s of service %s is RUNNING and its log stream %s has events", id, name, stream)
	}
	return Fail("expected a RUNNING task of service %s, found tasks %s", name, strings.Join(statuses, ", "))
}
