package labs

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"awstutor/cloud"
)

// The solution's names (var.prefix and var.parameter_prefix defaults) and
// its fake password, which no check result may ever carry.
const (
	day5Name     = "awstutor-d5"
	day5Params   = "/tutor/day5"
	day5Password = "change-me-in-the-lab"
)

// day5Options change what the fixture creates in ways that cannot be
// changed in place.
type day5Options struct {
	// logLevelType and passwordType are the parameters' types; empty
	// means the solution's.
	logLevelType, passwordType ssmtypes.ParameterType
}

// day5Fixture is what labs/content/day5-config-events/solution creates,
// made through the SDK on moto with the same names and settings.
type day5Fixture struct {
	t   testing.TB
	ctx context.Context
	c   *cloud.Clients

	logLevel, logLevelARN string
	password, passwordARN string
	cluster, clusterARN   string
	execRole, execRoleARN string
	logGroup              string
	taskDef               string
	subnets               []string
	sg                    string
	eventsRole            string
	scheduleRule          string
	stoppedRule           string
	queueURL, queueARN    string
}

func newDay5Fixture(t testing.TB, ctx context.Context, c *cloud.Clients, opts day5Options) *day5Fixture {
	t.Helper()
	f := &day5Fixture{t: t, ctx: ctx, c: c}
	if opts.logLevelType == "" {
		opts.logLevelType = ssmtypes.ParameterTypeString
	}
	if opts.passwordType == "" {
		opts.passwordType = ssmtypes.ParameterTypeSecureString
	}
	var ssmTags []ssmtypes.Tag
	for k, v := range courseTags(day5) {
		ssmTags = append(ssmTags, ssmtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}

	// config.tf
	f.logLevel = day5Params + "/app/log_level"
	f.logLevelARN = f.putParameter(f.logLevel, "App log level (plain text)", opts.logLevelType, "info", ssmTags)
	f.password = day5Params + "/db/password"
	f.passwordARN = f.putParameter(f.password, "Lab-only fake DB password (encrypted with alias/aws/ssm)", opts.passwordType, day5Password, ssmTags)

	// iam.tf
	f.execRole = day5Name + "-exec"
	f.execRoleARN = executionRole(t, ctx, c, day5, f.execRole)
	f.putExecPolicy(fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"ReadTaskSecrets","Effect":"Allow","Action":["ssm:GetParameters"],"Resource":[%q,%q]}]}`, f.logLevelARN, f.passwordARN))

	// ecs.tf
	cl, err := c.ECS.CreateCluster(ctx, &ecs.CreateClusterInput{
		ClusterName: aws.String(day5Name),
		Settings:    []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String("disabled")}},
		Tags:        ecsTags(day5),
	})
	f.must("create cluster", err)
	f.cluster, f.clusterARN = day5Name, aws.ToString(cl.Cluster.ClusterArn)
	f.logGroup = "/ecs/" + day5Name + "-job"
	logGroup(t, ctx, c, day5, f.logGroup, 1)
	f.taskDef = f.registerTaskDef(nil)

	// network.tf
	var vpc string
	vpc, f.subnets = defaultSubnets(t, ctx, c)
	f.sg = securityGroup(t, ctx, c, day5, vpc, day5Name+"-job", "Scheduled job tasks: outbound only")
	_, err = c.EC2.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: aws.String(f.sg), IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0"), Description: aws.String("ECR Public, SSM, CloudWatch Logs")}},
	}}})
	f.must("authorize egress", err)

	// schedule.tf
	role, err := c.IAM.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName:                 aws.String(day5Name + "-events-run-task"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
		Tags:                     iamTags(day5),
	})
	f.must("create events role", err)
	f.eventsRole = aws.ToString(role.Role.Arn)
	_, err = c.IAM.PutRolePolicy(ctx, &iam.PutRolePolicyInput{
		RoleName: role.Role.RoleName, PolicyName: aws.String("run-day5-job"),
		PolicyDocument: aws.String(fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"RunTheJobOnThisCluster","Effect":"Allow","Action":"ecs:RunTask","Resource":%q,"Condition":{"ArnEquals":{"ecs:cluster":%q}}},{"Sid":"PassTheExecutionRole","Effect":"Allow","Action":"iam:PassRole","Resource":%q,"Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}`, f.taskDef, f.clusterARN, f.execRoleARN)),
	})
	f.must("put events role policy", err)
	f.scheduleRule = day5Name + "-daily-job"
	f.putScheduleRule("cron(0 0 * * ? *)")
	f.putScheduleTarget()

	// events.tf
	q, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName:  aws.String(day5Name + "-task-events"),
		Attributes: map[string]string{"MessageRetentionPeriod": "86400"},
		Tags:       courseTags(day5),
	})
	f.must("create queue", err)
	f.queueURL = aws.ToString(q.QueueUrl)
	attrs, err := queueAttributes(ctx, c.SQS, f.queueURL)
	f.must("read queue", err)
	f.queueARN = attrs["QueueArn"]
	f.stoppedRule = day5Name + "-task-stopped"
	f.putStoppedRule(jsonString(t, day5Pattern(f.clusterARN)))
	_, err = c.Events.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(f.stoppedRule), Targets: []ebtypes.Target{{Id: aws.String("task-events-queue"), Arn: aws.String(f.queueARN)}}})
	f.must("put queue target", err)
	f.setQueuePolicy(fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"AllowTaskStoppedRule","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":%q,"Condition":{"ArnEquals":{"aws:SourceArn":%q}}}]}`, f.queueARN, f.ruleARN(f.stoppedRule)))
	return f
}

func (f *day5Fixture) putParameter(name, desc string, typ ssmtypes.ParameterType, value string, tags []ssmtypes.Tag) string {
	f.t.Helper()
	_, err := f.c.SSM.PutParameter(f.ctx, &ssm.PutParameterInput{Name: aws.String(name), Description: aws.String(desc), Type: typ, Value: aws.String(value), Tags: tags})
	f.must("put parameter "+name, err)
	out, err := f.c.SSM.GetParameter(f.ctx, &ssm.GetParameterInput{Name: aws.String(name)})
	f.must("read parameter "+name, err)
	return aws.ToString(out.Parameter.ARN)
}

// putExecPolicy sets the execution role's inline policy.
func (f *day5Fixture) putExecPolicy(doc string) {
	f.t.Helper()
	_, err := f.c.IAM.PutRolePolicy(f.ctx, &iam.PutRolePolicyInput{RoleName: aws.String(f.execRole), PolicyName: aws.String("read-day5-parameters"), PolicyDocument: aws.String(doc)})
	f.must("put execution role policy", err)
}

// registerTaskDef registers the solution's job task definition, changed
// by edit, and returns its ARN.
func (f *day5Fixture) registerTaskDef(edit func(*ecstypes.ContainerDefinition)) string {
	f.t.Helper()
	cd := ecstypes.ContainerDefinition{
		Name:        aws.String("job"),
		Image:       aws.String("public.ecr.aws/docker/library/busybox:1.36"),
		Essential:   aws.Bool(true),
		Command:     []string{"sh", "-c", `echo "job started: LOG_LEVEL=$LOG_LEVEL, DB_PASSWORD has ${#DB_PASSWORD} characters"; sleep 5; echo "job done"`},
		Environment: []ecstypes.KeyValuePair{{Name: aws.String("APP_ENV"), Value: aws.String("lab")}},
		Secrets: []ecstypes.Secret{
			{Name: aws.String("LOG_LEVEL"), ValueFrom: aws.String(f.logLevelARN)},
			{Name: aws.String("DB_PASSWORD"), ValueFrom: aws.String(f.passwordARN)},
		},
		LogConfiguration: awslogsConfig(f.logGroup),
	}
	if edit != nil {
		edit(&cd)
	}
	td, err := f.c.ECS.RegisterTaskDefinition(f.ctx, &ecs.RegisterTaskDefinitionInput{
		Family:                  aws.String(day5Name + "-job"),
		RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate},
		NetworkMode:             ecstypes.NetworkModeAwsvpc,
		Cpu:                     aws.String("256"),
		Memory:                  aws.String("512"),
		ExecutionRoleArn:        aws.String(f.execRoleARN),
		RuntimePlatform:         &ecstypes.RuntimePlatform{OperatingSystemFamily: ecstypes.OSFamilyLinux, CpuArchitecture: ecstypes.CPUArchitectureX8664},
		ContainerDefinitions:    []ecstypes.ContainerDefinition{cd},
		Tags:                    ecsTags(day5),
	})
	f.must("register task definition", err)
	return aws.ToString(td.TaskDefinition.TaskDefinitionArn)
}

// replaceTaskDef registers a changed revision and points the output and
// the schedule's target at it, as Terraform would.
func (f *day5Fixture) replaceTaskDef(edit func(*ecstypes.ContainerDefinition)) {
	f.t.Helper()
	f.taskDef = f.registerTaskDef(edit)
	f.putScheduleTarget()
}

func (f *day5Fixture) putScheduleRule(expr string) {
	f.t.Helper()
	var tags []ebtypes.Tag
	for k, v := range courseTags(day5) {
		tags = append(tags, ebtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	_, err := f.c.Events.PutRule(f.ctx, &eventbridge.PutRuleInput{
		Name: aws.String(f.scheduleRule), Description: aws.String("Daily 09:00 KST (= 00:00 UTC): run the config job"),
		ScheduleExpression: aws.String(expr), Tags: tags,
	})
	f.must("put schedule rule", err)
}

func (f *day5Fixture) putScheduleTarget() {
	f.t.Helper()
	_, err := f.c.Events.PutTargets(f.ctx, &eventbridge.PutTargetsInput{Rule: aws.String(f.scheduleRule), Targets: []ebtypes.Target{{
		Id:      aws.String("run-config-job"),
		Arn:     aws.String(f.clusterARN),
		RoleArn: aws.String(f.eventsRole),
		EcsParameters: &ebtypes.EcsParameters{
			TaskDefinitionArn: aws.String(f.taskDef),
			TaskCount:         aws.Int32(1),
			LaunchType:        ebtypes.LaunchTypeFargate,
			PlatformVersion:   aws.String("LATEST"),
			NetworkConfiguration: &ebtypes.NetworkConfiguration{AwsvpcConfiguration: &ebtypes.AwsVpcConfiguration{
				Subnets: f.subnets, SecurityGroups: []string{f.sg}, AssignPublicIp: ebtypes.AssignPublicIpEnabled,
			}},
		},
		RetryPolicy: &ebtypes.RetryPolicy{MaximumEventAgeInSeconds: aws.Int32(3600), MaximumRetryAttempts: aws.Int32(3)},
	}}})
	f.must("put schedule target", err)
}

func (f *day5Fixture) putStoppedRule(pattern string) {
	f.t.Helper()
	_, err := f.c.Events.PutRule(f.ctx, &eventbridge.PutRuleInput{
		Name: aws.String(f.stoppedRule), Description: aws.String("ECS tasks of " + day5Name + " that reached STOPPED"),
		EventPattern: aws.String(pattern),
	})
	f.must("put events rule", err)
}

func (f *day5Fixture) ruleARN(name string) string {
	f.t.Helper()
	out, err := f.c.Events.DescribeRule(f.ctx, &eventbridge.DescribeRuleInput{Name: aws.String(name)})
	f.must("describe rule "+name, err)
	return aws.ToString(out.Arn)
}

func (f *day5Fixture) setQueuePolicy(policy string) {
	f.t.Helper()
	_, err := f.c.SQS.SetQueueAttributes(f.ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(f.queueURL), Attributes: map[string]string{"Policy": policy, "MessageRetentionPeriod": "86400"}})
	f.must("set queue policy", err)
}

// outputs are the lab's declared outputs as the state file holds them.
func (f *day5Fixture) outputs() map[string]any {
	return map[string]any{
		"log_level_parameter_name":   f.logLevel,
		"log_level_parameter_arn":    f.logLevelARN,
		"db_password_parameter_name": f.password,
		"db_password_parameter_arn":  f.passwordARN,
		"cluster_name":               f.cluster,
		"cluster_arn":                f.clusterARN,
		"task_definition_arn":        f.taskDef,
		"execution_role_name":        f.execRole,
		"schedule_rule_name":         f.scheduleRule,
		"events_rule_name":           f.stoppedRule,
		"events_queue_url":           f.queueURL,
		"events_queue_arn":           f.queueARN,
	}
}

func (f *day5Fixture) must(what string, err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("fixture: %s: %v", what, err)
	}
}
