package labs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// Day 5, day5-config-events: a String and a SecureString parameter, a
// task definition that takes both as secrets through a least-privilege
// execution role, an EventBridge schedule that runs the task daily at
// 09:00 KST, and a rule that sends the cluster's STOPPED task events to
// an SQS queue. The checks never print a parameter's value.

const day5 = "day5-config-events"

// The lab's contract, from its guide and solution.
const (
	day5Schedule    = "cron(0 0 * * ? *)"
	day5Source      = "aws.ecs"
	day5DetailType  = "ECS Task State Change"
	day5Stopped     = "STOPPED"
	day5LogLevelVar = "LOG_LEVEL"
	day5PasswordVar = "DB_PASSWORD"
	day5ReadAction  = "ssm:GetParameters"
)

// notProvableEvent is why the sandbox cannot show an event in the queue.
const notProvableEvent = "not provable in sandbox: moto runs no task, so ECS emits no task state change event; and a made-up event cannot stand in (PutEvents with an aws.* source is refused on AWS, and moto answers PutEvents with 500 once a schedule rule has an ECS target), so the event's arrival needs --target aws"

func init() {
	both := []string{TargetSandbox, TargetAWS}
	Register(day5,
		Check{
			ID:      "ssm-param-types",
			Step:    "parameters",
			Title:   "로그 레벨은 String, DB 비밀번호는 SecureString 파라미터다",
			Targets: both,
			Hints: []string{
				"aws_ssm_parameter.db_password의 type을 \"SecureString\"으로 두고 key_id를 생략하면 AWS 관리형 키 alias/aws/ssm으로 암호화됩니다.",
				"log_level은 type = \"String\"입니다. 이름은 ${var.parameter_prefix}/app/log_level과 ${var.parameter_prefix}/db/password입니다.",
				"outputs.tf의 TODO output 두 개(db_password_parameter_name, db_password_parameter_arn)를 추가했는지 확인하세요. aws나 ssm으로 시작하는 이름은 예약되어 만들 수 없습니다.",
			},
			Run: checkParamTypes,
		},
		Check{
			ID:      "ssm-securestring-encrypted",
			Step:    "parameters",
			Title:   "SecureString을 복호화 없이 읽은 값과 복호화해 읽은 값이 다르다(평문 저장이 아니다)",
			Targets: both,
			Hints: []string{
				"type이 String이면 값이 평문으로 저장되어 복호화 여부와 관계없이 같은 값이 나옵니다. type = \"SecureString\"으로 바꾸세요.",
				"value에는 문자열을 직접 적지 말고 var.db_password를 쓰고, 변수에 sensitive = true를 추가하세요.",
				"검사는 두 값이 다른지만 비교하고 어느 값도 출력하지 않습니다. 직접 볼 때는 aws ssm get-parameter --name <이름>과 --with-decryption을 비교하세요.",
			},
			Run: checkSecureString,
		},
		Check{
			ID:      "taskdef-secrets-from-ssm",
			Step:    "secrets",
			Title:   "Task Definition이 두 파라미터를 secrets로 받고 environment에 비밀번호가 없다",
			Targets: both,
			Hints: []string{
				"컨테이너 정의에 secrets = [{ name = \"LOG_LEVEL\", valueFrom = aws_ssm_parameter.log_level.arn }, { name = \"DB_PASSWORD\", valueFrom = aws_ssm_parameter.db_password.arn }]를 넣습니다.",
				"environment에서 LOG_LEVEL과 DB_PASSWORD를 빼세요. environment의 값은 Task Definition에 그대로 적혀 콘솔과 describe에 보입니다.",
				"valueFrom은 파라미터 이름이 아니라 전체 ARN입니다. output task_definition_arn이 새 리비전을 가리키는지 확인하세요.",
			},
			Run: checkTaskDefSecrets,
		},
		Check{
			ID:      "exec-role-least-privilege",
			Step:    "secrets",
			Title:   "execution role이 두 파라미터에 ssm:GetParameters만 허용하고 관리형 정책은 실행 정책 하나뿐이다",
			Targets: both,
			Hints: []string{
				"execution role의 인라인 정책은 Action = [\"ssm:GetParameters\"] 하나, Resource는 파라미터 두 개의 ARN입니다. \"*\"나 ssm:GetParameter*는 검사에 걸립니다.",
				"kms:Decrypt는 필요 없습니다. 기본 키 alias/aws/ssm의 키 정책이 같은 계정에서 SSM을 거친 복호화를 이미 허용합니다.",
				"붙일 관리형 정책은 AmazonECSTaskExecutionRolePolicy 하나입니다. AmazonSSMReadOnlyAccess 같은 넓은 정책을 붙이지 마세요.",
			},
			Run: checkExecRole,
		},
		Check{
			ID:      "schedule-cron-target",
			Step:    "schedule",
			Title:   "스케줄 규칙이 매일 09:00 KST(cron(0 0 * * ? *))에 이 클러스터에서 작업 Task 하나를 FARGATE로 띄운다",
			Targets: both,
			Hints: []string{
				"규칙의 cron은 UTC입니다. KST 09:00은 UTC 00:00이므로 schedule_expression = \"cron(0 0 * * ? *)\"입니다.",
				"타깃의 arn은 Task Definition이 아니라 클러스터의 ARN이고, ecs_target 블록에 task_definition_arn, task_count = 1, launch_type = \"FARGATE\", network_configuration(assign_public_ip = true)을 넣습니다.",
				"타깃에는 role_arn이 필요합니다. EventBridge가 맡을 역할(Principal events.amazonaws.com)에 ecs:RunTask와 execution role에 대한 iam:PassRole을 줍니다.",
			},
			Run: checkSchedule,
		},
		Check{
			ID:      "events-pattern-ecs-stopped",
			Step:    "task-events",
			Title:   "이벤트 규칙이 이 클러스터의 ECS Task STOPPED 이벤트만 골라 큐로 보낸다",
			Targets: both,
			Hints: []string{
				"event_pattern = jsonencode({ source = [\"aws.ecs\"], \"detail-type\" = [\"ECS Task State Change\"], detail = { clusterArn = [aws_ecs_cluster.main.arn], lastStatus = [\"STOPPED\"] } })",
				"패턴의 값은 모두 목록([...])입니다. clusterArn에는 클러스터 이름이 아니라 ARN을 씁니다.",
				"aws_cloudwatch_event_target의 arn은 aws_sqs_queue.task_events.arn이고 SQS 타깃에는 role_arn이 없습니다.",
			},
			Run: checkEventsPattern,
		},
		Check{
			ID:      "events-queue-policy",
			Step:    "task-events",
			Title:   "큐 정책이 이 규칙에서 온 events.amazonaws.com의 SendMessage만 허용한다",
			Targets: both,
			Hints: []string{
				"SQS 타깃은 역할 대신 큐 정책으로 허용합니다. aws_sqs_queue_policy를 추가하세요.",
				"정책 문장: Effect Allow, Principal { Service = \"events.amazonaws.com\" }, Action \"sqs:SendMessage\", Resource = 큐 ARN.",
				"Condition = { ArnEquals = { \"aws:SourceArn\" = aws_cloudwatch_event_rule.task_stopped.arn } }로 이 규칙만 허용합니다.",
			},
			Run: checkEventsQueuePolicy,
		},
		Check{
			ID:         "event-reaches-queue",
			Step:       "task-events",
			Title:      "이 클러스터의 Task가 멈추면 STOPPED 이벤트가 큐에 도착한다",
			Targets:    []string{TargetAWS},
			Unprovable: notProvableEvent,
			Exclusive:  "day5-config-events/events-queue",
			Hints: []string{
				"큐에 이 클러스터의 STOPPED 이벤트가 없습니다. 가이드 3단계의 aws ecs run-task로 작업을 한 번 띄우고, 작업이 끝난 뒤 약 1분 기다렸다가 다시 검사하세요.",
				"작업이 멈췄는데도 메시지가 없으면 규칙의 패턴(clusterArn이 ARN인지)과 큐 정책(aws:SourceArn이 규칙의 ARN인지)을 보세요. CloudWatch 지표 FailedInvocations가 오르면 큐 정책 문제입니다.",
				"직접 보려면: aws sqs receive-message --queue-url \"$(terraform output -raw events_queue_url)\" --wait-time-seconds 20",
			},
			Run: checkEventReachesQueue,
		},
	)
}

// parameter reads a parameter by the name an output gives, without
// decryption.
func parameter(ctx context.Context, env Env, output string) (*ssmtypes.Parameter, *Outcome) {
	name, err := env.Output(output)
	if err != nil {
		o := OutputFailed(err)
		return nil, &o
	}
	out, err := env.Clients.SSM.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name)})
	if isAPIError(err, "ParameterNotFound") {
		o := Mismatch("parameter", name, "none")
		return nil, &o
	}
	if err != nil {
		o := Errored("read parameter "+name, err)
		return nil, &o
	}
	return out.Parameter, nil
}

func checkParamTypes(ctx context.Context, env Env) Outcome {
	for _, p := range []struct {
		name, arn string
		want      ssmtypes.ParameterType
	}{
		{"log_level_parameter_name", "log_level_parameter_arn", ssmtypes.ParameterTypeString},
		{"db_password_parameter_name", "db_password_parameter_arn", ssmtypes.ParameterTypeSecureString},
	} {
		param, failed := parameter(ctx, env, p.name)
		if failed != nil {
			return *failed
		}
		arn, err := env.Output(p.arn)
		if err != nil {
			return OutputFailed(err)
		}
		name := aws.ToString(param.Name)
		switch {
		case param.Type != p.want:
			return Mismatch("type of parameter "+name, p.want, param.Type)
		case aws.ToString(param.ARN) != arn:
			return Mismatch("output "+p.arn, aws.ToString(param.ARN)+" (the ARN of "+name+")", arn)
		}
	}
	ll, _ := env.Output("log_level_parameter_name")
	pw, _ := env.Output("db_password_parameter_name")
	return Pass("%s is a String, %s a SecureString", ll, pw)
}

func checkSecureString(ctx context.Context, env Env) Outcome {
	name, err := env.Output("db_password_parameter_name")
	if err != nil {
		return OutputFailed(err)
	}
	// Neither value leaves this function: only whether they differ.
	raw, err := env.Clients.SSM.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(false)})
	if isAPIError(err, "ParameterNotFound") {
		return Mismatch("parameter", name, "none")
	}
	if err != nil {
		return Errored("read parameter "+name+" without decryption", err)
	}
	plain, err := env.Clients.SSM.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(true)})
	if err != nil {
		return Errored("read parameter "+name+" with decryption", err)
	}
	if aws.ToString(raw.Parameter.Value) == aws.ToString(plain.Parameter.Value) {
		return Fail("parameter %s reads the same with and without decryption (type %s): expected an encrypted SecureString whose stored value differs from the plain text", name, raw.Parameter.Type)
	}
	if env.Target == TargetSandbox {
		return Pass("parameter %s reads differently with and without decryption (values not shown); the sandbox only imitates encryption, real KMS encryption happens on AWS", name)
	}
	return Pass("parameter %s reads differently with and without decryption: stored encrypted (values not shown)", name)
}

func checkTaskDefSecrets(ctx context.Context, env Env) Outcome {
	td, failed := taskDefinition(ctx, env, "task_definition_arn")
	if failed != nil {
		return *failed
	}
	llARN, err := env.Output("log_level_parameter_arn")
	if err != nil {
		return OutputFailed(err)
	}
	pwARN, err := env.Output("db_password_parameter_arn")
	if err != nil {
		return OutputFailed(err)
	}
	pwName, err := env.Output("db_password_parameter_name")
	if err != nil {
		return OutputFailed(err)
	}
	want := map[string]string{day5LogLevelVar: llARN, day5PasswordVar: pwARN}
	var seen []string
	for _, c := range td.ContainerDefinitions {
		got := map[string]string{}
		for _, s := range c.Secrets {
			got[aws.ToString(s.Name)] = aws.ToString(s.ValueFrom)
			seen = append(seen, aws.ToString(c.Name)+": "+aws.ToString(s.Name)+" from "+aws.ToString(s.ValueFrom))
		}
		if got[day5LogLevelVar] != llARN || got[day5PasswordVar] != pwARN {
			continue
		}
		// The container takes both: its environment must not carry them
		// (by name, or the password's value under another name).
		pw, err := env.Clients.SSM.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(pwName), WithDecryption: aws.Bool(true)})
		if err != nil {
			return Errored("read parameter "+pwName+" to compare with the environment", err)
		}
		secret := aws.ToString(pw.Parameter.Value)
		for _, kv := range c.Environment {
			n := aws.ToString(kv.Name)
			if _, dup := want[n]; dup {
				return Fail("container %s sets %s in environment as well as in secrets (expected it in secrets only: environment values are visible in the task definition)", aws.ToString(c.Name), n)
			}
			if secret != "" && aws.ToString(kv.Value) == secret {
				return Fail("container %s's environment variable %s holds the database password in plain text (expected it only through secrets from %s; value not shown)", aws.ToString(c.Name), n, pwName)
			}
		}
		return Pass("container %s takes %s and %s from Parameter Store as secrets; its environment holds neither", aws.ToString(c.Name), day5LogLevelVar, day5PasswordVar)
	}
	return Mismatch("secrets of the task definition's container", fmt.Sprintf("%s from %s and %s from %s", day5LogLevelVar, llARN, day5PasswordVar, pwARN), orNone(strings.Join(seen, "; ")))
}

// policyStatement is an IAM policy statement with the keys that invert
// what it allows, which the least-privilege check refuses.
type policyStatement struct {
	iamStatement
	NotAction   json.RawMessage `json:"NotAction"`
	NotResource json.RawMessage `json:"NotResource"`
}

// policyDocument decodes an IAM policy document, URL-encoded as IAM
// returns it or plain, into its statements.
func policyDocument(doc string) ([]policyStatement, error) {
	if strings.HasPrefix(doc, "%") {
		if d, err := url.QueryUnescape(doc); err == nil {
			doc = d
		}
	}
	var p iamPolicy
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, err
	}
	var stmts []policyStatement
	if json.Unmarshal(p.Statement, &stmts) != nil {
		var one policyStatement
		if err := json.Unmarshal(p.Statement, &one); err != nil {
			return nil, err
		}
		stmts = []policyStatement{one}
	}
	return stmts, nil
}

func checkExecRole(ctx context.Context, env Env) Outcome {
	role, err := env.Output("execution_role_name")
	if err != nil {
		return OutputFailed(err)
	}
	llARN, err := env.Output("log_level_parameter_arn")
	if err != nil {
		return OutputFailed(err)
	}
	pwARN, err := env.Output("db_password_parameter_arn")
	if err != nil {
		return OutputFailed(err)
	}
	td, failed := taskDefinition(ctx, env, "task_definition_arn")
	if failed != nil {
		return *failed
	}
	if got := roleNameOf(aws.ToString(td.ExecutionRoleArn)); got != role {
		return Mismatch("execution role of the task definition", role+" (output execution_role_name)", orNone(got))
	}
	c := env.Clients.IAM
	var names []string
	p := iam.NewListRolePoliciesPaginator(c, &iam.ListRolePoliciesInput{RoleName: aws.String(role)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if isAPIError(err, "NoSuchEntity") {
			return Mismatch("IAM role", role, "none")
		}
		if err != nil {
			return Errored("list the inline policies of role "+role, err)
		}
		names = append(names, page.PolicyNames...)
	}
	actions, resources := map[string]bool{}, map[string]bool{}
	for _, n := range names {
		out, err := c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String(n)})
		if err != nil {
			return Errored("read inline policy "+n+" of role "+role, err)
		}
		stmts, err := policyDocument(aws.ToString(out.PolicyDocument))
		if err != nil {
			return Fail("inline policy %s of role %s is not a valid policy document", n, role)
		}
		for _, s := range stmts {
			if s.Effect != "Allow" {
				continue
			}
			if len(s.NotAction) > 0 || len(s.NotResource) > 0 {
				return Fail("inline policy %s of role %s allows with NotAction or NotResource (expected exactly %s on the two parameters)", n, role, day5ReadAction)
			}
			for _, a := range oneOrMany(s.Action) {
				actions[a] = true
			}
			for _, r := range oneOrMany(s.Resource) {
				resources[r] = true
			}
		}
	}
	gotActions, gotResources := sortedKeys(actions), sortedKeys(resources)
	wantResources := []string{llARN, pwARN}
	slices.Sort(wantResources)
	switch {
	case len(names) == 0:
		return Mismatch("inline policies of role "+role, "one allowing "+day5ReadAction+" on the two parameters", "none")
	case !slices.Equal(gotActions, []string{day5ReadAction}):
		return Mismatch("actions the inline policies of role "+role+" allow", day5ReadAction+" only", orNone(strings.Join(gotActions, ", ")))
	case !slices.Equal(gotResources, wantResources):
		return Mismatch("resources the inline policies of role "+role+" allow", strings.Join(wantResources, ", ")+" only", orNone(strings.Join(gotResources, ", ")))
	}
	var attached []string
	ap := iam.NewListAttachedRolePoliciesPaginator(c, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(role)})
	for ap.HasMorePages() {
		page, err := ap.NextPage(ctx)
		if err != nil {
			return Errored("list the managed policies of role "+role, err)
		}
		for _, a := range page.AttachedPolicies {
			attached = append(attached, aws.ToString(a.PolicyArn))
		}
	}
	if !slices.Equal(attached, []string{ecsExecutionPolicyARN}) {
		return Mismatch("managed policies attached to role "+role, "AmazonECSTaskExecutionRolePolicy only", orNone(strings.Join(attached, ", ")))
	}
	return Pass("role %s allows only %s on the two parameters and has only AmazonECSTaskExecutionRolePolicy attached", role, day5ReadAction)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// eventRule reads a rule by the name an output gives.
func eventRule(ctx context.Context, env Env, output string) (*eventbridge.DescribeRuleOutput, *Outcome) {
	name, err := env.Output(output)
	if err != nil {
		o := OutputFailed(err)
		return nil, &o
	}
	out, err := env.Clients.Events.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String(name)})
	if isAPIError(err, "ResourceNotFoundException") {
		o := Mismatch("EventBridge rule", name, "none")
		return nil, &o
	}
	if err != nil {
		o := Errored("read EventBridge rule "+name, err)
		return nil, &o
	}
	return out, nil
}

// ruleTargets lists a rule's targets.
func ruleTargets(ctx context.Context, env Env, rule string) ([]ebtypes.Target, error) {
	var all []ebtypes.Target
	var next *string
	for {
		out, err := env.Clients.Events.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String(rule), NextToken: next})
		if err != nil {
			return nil, err
		}
		all = append(all, out.Targets...)
		if next = out.NextToken; next == nil {
			return all, nil
		}
	}
}

func checkSchedule(ctx context.Context, env Env) Outcome {
	rule, failed := eventRule(ctx, env, "schedule_rule_name")
	if failed != nil {
		return *failed
	}
	cluster, err := env.Output("cluster_arn")
	if err != nil {
		return OutputFailed(err)
	}
	tdARN, err := env.Output("task_definition_arn")
	if err != nil {
		return OutputFailed(err)
	}
	name := aws.ToString(rule.Name)
	expr := strings.Join(strings.Fields(aws.ToString(rule.ScheduleExpression)), " ")
	switch {
	case expr != day5Schedule:
		return Mismatch("schedule of rule "+name, day5Schedule+" (09:00 KST is 00:00 UTC)", orNone(expr))
	case rule.State != ebtypes.RuleStateEnabled:
		return Mismatch("state of rule "+name, "ENABLED", orNone(string(rule.State)))
	}
	targets, err := ruleTargets(ctx, env, name)
	if err != nil {
		return Errored("list the targets of rule "+name, err)
	}
	var why []string
	for _, t := range targets {
		id := aws.ToString(t.Id)
		p := t.EcsParameters
		switch {
		case aws.ToString(t.Arn) != cluster:
			why = append(why, fmt.Sprintf("target %s: arn expected the cluster %s, found %s", id, cluster, aws.ToString(t.Arn)))
		case p == nil:
			why = append(why, fmt.Sprintf("target %s: expected ecs_target settings, found none", id))
		case aws.ToString(t.RoleArn) == "":
			why = append(why, fmt.Sprintf("target %s: expected a role_arn EventBridge runs the task with, found none", id))
		case aws.ToString(p.TaskDefinitionArn) != tdARN:
			why = append(why, fmt.Sprintf("target %s: task_definition_arn expected %s, found %s", id, tdARN, orNone(aws.ToString(p.TaskDefinitionArn))))
		case p.LaunchType != ebtypes.LaunchTypeFargate:
			why = append(why, fmt.Sprintf("target %s: launch_type expected FARGATE, found %s", id, orNone(string(p.LaunchType))))
		case aws.ToInt32(p.TaskCount) != 1:
			why = append(why, fmt.Sprintf("target %s: task_count expected 1, found %d", id, aws.ToInt32(p.TaskCount)))
		default:
			if o := scheduleNetwork(ctx, env, id, p); o.Status != "" {
				why = append(why, o.Message)
				continue
			}
			if o := roleTrusts(ctx, env, aws.ToString(t.RoleArn), "events.amazonaws.com"); o.Status != "" {
				why = append(why, fmt.Sprintf("target %s: %s", id, o.Message))
				continue
			}
			return Pass("rule %s runs 1 FARGATE task of %s on cluster %s daily at 00:00 UTC (09:00 KST) with a public IP, as role %s", name, arnName(tdARN), arnName(cluster), roleNameOf(aws.ToString(t.RoleArn)))
		}
	}
	if len(why) == 0 {
		return Mismatch("targets of rule "+name, "an ECS target on cluster "+cluster, "none")
	}
	return Fail("%s", strings.Join(why, "; "))
}

// scheduleNetwork checks a scheduled task's network: a public IP in the
// default VPC's subnets, with a security group of its own.
func scheduleNetwork(ctx context.Context, env Env, id string, p *ebtypes.EcsParameters) Outcome {
	if p.NetworkConfiguration == nil || p.NetworkConfiguration.AwsvpcConfiguration == nil {
		return Fail("target %s: expected network_configuration with subnets, security groups and assign_public_ip = true, found none", id)
	}
	nc := p.NetworkConfiguration.AwsvpcConfiguration
	if nc.AssignPublicIp != ebtypes.AssignPublicIpEnabled {
		return Fail("target %s: assign_public_ip expected ENABLED (no NAT gateway: the task needs a public IP to pull its image), found %s", id, orNone(string(nc.AssignPublicIp)))
	}
	if len(nc.Subnets) == 0 || len(nc.SecurityGroups) == 0 {
		return Fail("target %s: expected subnets and security groups in network_configuration, found %d subnets and %d security groups", id, len(nc.Subnets), len(nc.SecurityGroups))
	}
	return Outcome{}
}

// roleTrusts returns a failure unless the role exists and the service may
// assume it.
func roleTrusts(ctx context.Context, env Env, arn, service string) Outcome {
	out, err := env.Clients.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(roleNameOf(arn))})
	if isAPIError(err, "NoSuchEntity") {
		return Mismatch("role "+arn, "an existing role", "none")
	}
	if err != nil {
		return Errored("read role "+arn, err)
	}
	stmts, err := policyDocument(aws.ToString(out.Role.AssumeRolePolicyDocument))
	if err == nil {
		for _, s := range stmts {
			if s.Effect == "Allow" && principalIs(s.Principal, service) {
				return Outcome{}
			}
		}
	}
	return Mismatch("trust policy of role "+roleNameOf(arn), "Principal Service "+service, "no such statement")
}

// day5Pattern is the event pattern the lab asks for.
func day5Pattern(cluster string) map[string]any {
	return map[string]any{
		"source":      []any{day5Source},
		"detail-type": []any{day5DetailType},
		"detail": map[string]any{
			"clusterArn": []any{cluster},
			"lastStatus": []any{day5Stopped},
		},
	}
}

func checkEventsPattern(ctx context.Context, env Env) Outcome {
	rule, failed := eventRule(ctx, env, "events_rule_name")
	if failed != nil {
		return *failed
	}
	cluster, err := env.Output("cluster_arn")
	if err != nil {
		return OutputFailed(err)
	}
	queue, err := env.Output("events_queue_arn")
	if err != nil {
		return OutputFailed(err)
	}
	name := aws.ToString(rule.Name)
	var got map[string]any
	if err := json.Unmarshal([]byte(aws.ToString(rule.EventPattern)), &got); err != nil {
		return Mismatch("event pattern of rule "+name, "a JSON event pattern", orNone(aws.ToString(rule.EventPattern)))
	}
	want := day5Pattern(cluster)
	if !reflect.DeepEqual(got, want) {
		wantJSON, _ := json.Marshal(want)
		gotJSON, _ := json.Marshal(got)
		return Mismatch("event pattern of rule "+name, string(wantJSON), string(gotJSON))
	}
	if rule.State != ebtypes.RuleStateEnabled {
		return Mismatch("state of rule "+name, "ENABLED", orNone(string(rule.State)))
	}
	targets, err := ruleTargets(ctx, env, name)
	if err != nil {
		return Errored("list the targets of rule "+name, err)
	}
	var arns []string
	for _, t := range targets {
		if aws.ToString(t.Arn) == queue {
			return Pass("rule %s matches only STOPPED task events of cluster %s and sends them to queue %s", name, arnName(cluster), arnName(queue))
		}
		arns = append(arns, aws.ToString(t.Arn))
	}
	return Mismatch("targets of rule "+name, queue+" (output events_queue_arn)", orNone(strings.Join(arns, ", ")))
}

func checkEventsQueuePolicy(ctx context.Context, env Env) Outcome {
	rule, failed := eventRule(ctx, env, "events_rule_name")
	if failed != nil {
		return *failed
	}
	url, err := env.Output("events_queue_url")
	if err != nil {
		return OutputFailed(err)
	}
	queueARN, err := env.Output("events_queue_arn")
	if err != nil {
		return OutputFailed(err)
	}
	attrs, err := queueAttributes(ctx, env.Clients.SQS, url)
	if err != nil {
		return Errored("read queue "+url, err)
	}
	policy := attrs[string(sqstypes.QueueAttributeNamePolicy)]
	ruleARN := aws.ToString(rule.Arn)
	if why := policyAllowsRule(policy, queueARN, ruleARN); why != "" {
		return Fail("expected the queue policy of %s to allow events.amazonaws.com to sqs:SendMessage only when aws:SourceArn is %s; found %s", queueName(url), ruleARN, why)
	}
	return Pass("queue %s accepts sqs:SendMessage from events.amazonaws.com for rule %s only", queueName(url), aws.ToString(rule.Name))
}

// policyAllowsRule returns "" when the queue policy lets EventBridge send
// to the queue only for the rule, else what is missing. A statement that
// lets anyone (or EventBridge for any rule) send is refused.
func policyAllowsRule(policy, queueARN, ruleARN string) string {
	if policy == "" {
		return "no queue policy"
	}
	stmts, err := policyDocument(policy)
	if err != nil {
		return "a policy that is not valid JSON"
	}
	best := "no Allow statement for events.amazonaws.com"
	ok := false
	for _, s := range stmts {
		if s.Effect != "Allow" {
			continue
		}
		sends := slices.ContainsFunc(oneOrMany(s.Action), func(a string) bool {
			return strings.EqualFold(a, "sqs:SendMessage") || a == "sqs:*" || a == "*"
		})
		if !sends {
			continue
		}
		open := slices.Contains(oneOrMany(s.Principal), "*")
		if !open {
			var p map[string]json.RawMessage
			if json.Unmarshal(s.Principal, &p) == nil {
				open = slices.Contains(oneOrMany(p["AWS"]), "*")
			}
		}
		if !open && !principalIs(s.Principal, "events.amazonaws.com") {
			continue
		}
		if !sourceArnIs(s.Condition, ruleARN) {
			return "a statement that allows sending without an ArnEquals aws:SourceArn condition naming the rule"
		}
		if !slices.ContainsFunc(oneOrMany(s.Resource), func(r string) bool { return r == queueARN || r == "*" }) {
			best = "the statement's resource is not this queue's ARN " + queueARN
			continue
		}
		ok = true
	}
	if ok {
		return ""
	}
	return best
}

// ecsEvent is the part of an ECS task state change event the check reads.
type ecsEvent struct {
	Source     string `json:"source"`
	DetailType string `json:"detail-type"`
	Detail     struct {
		ClusterArn string `json:"clusterArn"`
		LastStatus string `json:"lastStatus"`
		TaskArn    string `json:"taskArn"`
		StopCode   string `json:"stopCode"`
	} `json:"detail"`
}

func checkEventReachesQueue(ctx context.Context, env Env) Outcome {
	url, err := env.Output("events_queue_url")
	if err != nil {
		return OutputFailed(err)
	}
	cluster, err := env.Output("cluster_arn")
	if err != nil {
		return OutputFailed(err)
	}
	// The messages belong to the learner: the check looks and puts each
	// back at once (visibility 0), deleting nothing.
	c := env.Clients.SQS
	var received []string
	defer Cleanup(ctx, func(ctx context.Context) {
		for _, h := range received {
			_, _ = c.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: aws.String(h), VisibilityTimeout: 0})
		}
	})
	others := 0
	deadline := time.Now().Add(5 * time.Second)
	for round := 0; round < 10 && time.Now().Before(deadline); round++ {
		out, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(url), MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 30,
		})
		if err != nil {
			return Errored("receive from queue "+queueName(url), err)
		}
		if len(out.Messages) == 0 {
			break
		}
		for _, m := range out.Messages {
			received = append(received, aws.ToString(m.ReceiptHandle))
			var e ecsEvent
			if json.Unmarshal([]byte(aws.ToString(m.Body)), &e) != nil {
				others++
				continue
			}
			if e.Source == day5Source && e.DetailType == day5DetailType && e.Detail.ClusterArn == cluster && e.Detail.LastStatus == day5Stopped {
				return Pass("queue %s holds a STOPPED task state change of cluster %s (task %s, stop code %s); messages left in the queue", queueName(url), arnName(cluster), arnName(e.Detail.TaskArn), orNone(e.Detail.StopCode))
			}
			others++
		}
	}
	return Fail("expected a STOPPED ECS Task State Change of cluster %s in queue %s, found none (%d other message(s)); run a task once (the guide's aws ecs run-task) and check again about a minute after it stops", arnName(cluster), queueName(url), others)
}
