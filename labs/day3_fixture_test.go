package labs

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"awstutor/cloud"
)

// day3Name is the solution's local.name for the dev environment.
const day3Name = "awstutor-d3-dev"

// day3Fixture is what labs/content/day3-fargate/solution creates with
// dev.tfvars, made through the SDK on moto with the same names, settings
// and default tags, plus the workspace's files (the solution's).
type day3Fixture struct {
	t   testing.TB
	ctx context.Context
	c   *cloud.Clients

	repo        string
	repoURL     string
	cluster     string
	role        string
	logGroup    string
	taskDef     string
	subnets     []string
	vpc         string
	sg          string
	service     string
	environment string
	// files are the workspace's files by name; tests edit them.
	files map[string]string
}

// ecsTags are the course tags in ECS's form.
func ecsTags(lab string) []ecstypes.Tag {
	var out []ecstypes.Tag
	for k, v := range courseTags(lab) {
		out = append(out, ecstypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

// ec2Tags are the course tags (and a Name, when given) for one resource type.
func ec2Tags(lab string, rt ec2types.ResourceType, name string) []ec2types.TagSpecification {
	var tags []ec2types.Tag
	for k, v := range courseTags(lab) {
		tags = append(tags, ec2types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	if name != "" {
		tags = append(tags, ec2types.Tag{Key: aws.String("Name"), Value: aws.String(name)})
	}
	return []ec2types.TagSpecification{{ResourceType: rt, Tags: tags}}
}

// iamTags are the course tags in IAM's form.
func iamTags(lab string) []iamtypes.Tag {
	var out []iamtypes.Tag
	for k, v := range courseTags(lab) {
		out = append(out, iamtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

// solutionFilesOf reads every file of a lab's solution directory.
func solutionFilesOf(t testing.TB, lab string) map[string]string {
	t.Helper()
	files := map[string]string{}
	dir := filepath.Join("content", lab, "solution")
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(filepath.Join(dir, p))
		files[p] = string(raw)
		return err
	})
	if err != nil {
		t.Fatalf("read the solution of %s: %v", lab, err)
	}
	return files
}

// defaultSubnets returns the default VPC and its default-for-az subnets,
// as the solution's data sources read them.
func defaultSubnets(t testing.TB, ctx context.Context, c *cloud.Clients) (string, []string) {
	t.Helper()
	vpcs, err := c.EC2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{{Name: aws.String("is-default"), Values: []string{"true"}}}})
	if err != nil || len(vpcs.Vpcs) != 1 {
		t.Fatalf("fixture: find the default VPC: %v (%d found)", err, len(vpcs.Vpcs))
	}
	vpc := aws.ToString(vpcs.Vpcs[0].VpcId)
	subnets, err := c.EC2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{vpc}},
		{Name: aws.String("default-for-az"), Values: []string{"true"}},
	}})
	if err != nil || len(subnets.Subnets) == 0 {
		t.Fatalf("fixture: find the default subnets: %v", err)
	}
	var ids []string
	for _, s := range subnets.Subnets {
		ids = append(ids, aws.ToString(s.SubnetId))
	}
	return vpc, ids
}

// securityGroup creates a security group as Terraform does: Terraform
// removes the allow-all egress rule a new group gets.
func securityGroup(t testing.TB, ctx context.Context, c *cloud.Clients, lab, vpc, name, desc string) string {
	t.Helper()
	sg, err := c.EC2.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
		GroupName: aws.String(name), Description: aws.String(desc), VpcId: aws.String(vpc),
		TagSpecifications: ec2Tags(lab, ec2types.ResourceTypeSecurityGroup, ""),
	})
	if err != nil {
		t.Fatalf("fixture: create security group %s: %v", name, err)
	}
	id := aws.ToString(sg.GroupId)
	_, err = c.EC2.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{
		GroupId:       aws.String(id),
		IpPermissions: []ec2types.IpPermission{{IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}},
	})
	if err != nil {
		t.Fatalf("fixture: remove the default egress of %s: %v", name, err)
	}
	return id
}

// executionRole creates an ECS task execution role with the managed
// policy attached.
func executionRole(t testing.TB, ctx context.Context, c *cloud.Clients, lab, name string) string {
	t.Helper()
	role, err := c.IAM.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName:                 aws.String(name),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
		Tags:                     iamTags(lab),
	})
	if err != nil {
		t.Fatalf("fixture: create role %s: %v", name, err)
	}
	if _, err := c.IAM.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(name), PolicyArn: aws.String(ecsExecutionPolicyARN)}); err != nil {
		t.Fatalf("fixture: attach the execution policy to %s: %v", name, err)
	}
	return aws.ToString(role.Role.Arn)
}

// logGroup creates a log group with a retention.
func logGroup(t testing.TB, ctx context.Context, c *cloud.Clients, lab, name string, days int32) {
	t.Helper()
	if _, err := c.Logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(name), Tags: courseTags(lab)}); err != nil {
		t.Fatalf("fixture: create log group %s: %v", name, err)
	}
	if _, err := c.Logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String(name), RetentionInDays: aws.Int32(days)}); err != nil {
		t.Fatalf("fixture: set the retention of %s: %v", name, err)
	}
}

// awslogsConfig is the solution's logConfiguration.
func awslogsConfig(group string) *ecstypes.LogConfiguration {
	return &ecstypes.LogConfiguration{LogDriver: ecstypes.LogDriverAwslogs, Options: map[string]string{
		"awslogs-group": group, "awslogs-region": testRegion, "awslogs-stream-prefix": "ecs",
	}}
}

// day3TaskDef is the solution's aws_ecs_task_definition.web for dev;
// edit changes it before it is registered.
func (f *day3Fixture) day3TaskDef(edit func(*ecs.RegisterTaskDefinitionInput)) string {
	f.t.Helper()
	in := &ecs.RegisterTaskDefinitionInput{
		Family:                  aws.String(day3Name + "-web"),
		RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate},
		NetworkMode:             ecstypes.NetworkModeAwsvpc,
		Cpu:                     aws.String("256"),
		Memory:                  aws.String("512"),
		ExecutionRoleArn:        aws.String(f.role),
		RuntimePlatform:         &ecstypes.RuntimePlatform{OperatingSystemFamily: ecstypes.OSFamilyLinux, CpuArchitecture: ecstypes.CPUArchitectureX8664},
		ContainerDefinitions: []ecstypes.ContainerDefinition{{
			Name:             aws.String("web"),
			Image:            aws.String("public.ecr.aws/nginx/nginx:stable-alpine"),
			Essential:        aws.Bool(true),
			PortMappings:     []ecstypes.PortMapping{{ContainerPort: aws.Int32(80), Protocol: ecstypes.TransportProtocolTcp}},
			Environment:      []ecstypes.KeyValuePair{{Name: aws.String("APP_ENV"), Value: aws.String("dev")}},
			LogConfiguration: awslogsConfig(f.logGroup),
		}},
		Tags: ecsTags(day3),
	}
	if edit != nil {
		edit(in)
	}
	td, err := f.c.ECS.RegisterTaskDefinition(f.ctx, in)
	f.must("register task definition", err)
	return aws.ToString(td.TaskDefinition.TaskDefinitionArn)
}

func newDay3Fixture(t testing.TB, ctx context.Context, c *cloud.Clients) *day3Fixture {
	t.Helper()
	f := &day3Fixture{t: t, ctx: ctx, c: c, environment: "dev", files: solutionFilesOf(t, day3)}

	// ecr.tf
	f.repo = day3Name + "/web"
	var tags []ecrtypes.Tag
	for k, v := range courseTags(day3) {
		tags = append(tags, ecrtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	repo, err := c.ECR.CreateRepository(ctx, &ecr.CreateRepositoryInput{
		RepositoryName:             aws.String(f.repo),
		ImageTagMutability:         ecrtypes.ImageTagMutabilityImmutable,
		ImageScanningConfiguration: &ecrtypes.ImageScanningConfiguration{ScanOnPush: true},
		Tags:                       tags,
	})
	f.must("create repository", err)
	f.repoURL = aws.ToString(repo.Repository.RepositoryUri)
	f.putLifecycle(`{"rules":[{"rulePriority":1,"description":"untagged images expire one day after push","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":1},"action":{"type":"expire"}},{"rulePriority":2,"description":"keep only the 5 most recent images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":5},"action":{"type":"expire"}}]}`)
	// The guide's sandbox step: a simulated image in place of a push.
	f.must("put simulated image", PutSimulatedImage(ctx, c.ECR, f.repo))

	// ecs.tf
	_, err = c.ECS.CreateCluster(ctx, &ecs.CreateClusterInput{
		ClusterName: aws.String(day3Name),
		Settings:    []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String("disabled")}},
		Tags:        ecsTags(day3),
	})
	f.must("create cluster", err)
	f.cluster = day3Name
	f.role = executionRole(t, ctx, c, day3, day3Name+"-exec")
	f.logGroup = "/ecs/" + day3Name + "-web"
	logGroup(t, ctx, c, day3, f.logGroup, 1)
	f.taskDef = f.day3TaskDef(nil)

	// network.tf
	f.vpc, f.subnets = defaultSubnets(t, ctx, c)
	f.sg = securityGroup(t, ctx, c, day3, f.vpc, day3Name+"-task", "Fargate tasks of "+day3Name)
	_, err = c.EC2.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(f.sg), IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80),
		IpRanges: []ec2types.IpRange{{CidrIp: aws.String("203.0.113.10/32"), Description: aws.String("HTTP from my IP only")}},
	}}})
	f.must("authorize ingress", err)
	_, err = c.EC2.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: aws.String(f.sg), IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0"), Description: aws.String("ECR, CloudWatch Logs")}},
	}}})
	f.must("authorize egress", err)

	// service.tf
	f.createService(func(in *ecs.CreateServiceInput) {})
	return f
}

// putLifecycle sets the repository's lifecycle policy.
func (f *day3Fixture) putLifecycle(policy string) {
	f.t.Helper()
	_, err := f.c.ECR.PutLifecyclePolicy(f.ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String(f.repo), LifecyclePolicyText: aws.String(policy)})
	f.must("put lifecycle policy", err)
}

// createService creates the solution's service "web", changed by edit.
func (f *day3Fixture) createService(edit func(*ecs.CreateServiceInput)) {
	f.t.Helper()
	in := &ecs.CreateServiceInput{
		Cluster:        aws.String(f.cluster),
		ServiceName:    aws.String("web"),
		TaskDefinition: aws.String(f.taskDef),
		DesiredCount:   aws.Int32(1),
		LaunchType:     ecstypes.LaunchTypeFargate,
		NetworkConfiguration: &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
			Subnets: f.subnets, SecurityGroups: []string{f.sg}, AssignPublicIp: ecstypes.AssignPublicIpEnabled,
		}},
		Tags: ecsTags(day3),
	}
	edit(in)
	svc, err := f.c.ECS.CreateService(f.ctx, in)
	f.must("create service", err)
	f.service = aws.ToString(svc.Service.ServiceName)
}

// replaceService deletes the service and creates it again, changed by
// edit: moto's UpdateService does not change the network configuration.
func (f *day3Fixture) replaceService(edit func(*ecs.CreateServiceInput)) {
	f.t.Helper()
	_, err := f.c.ECS.DeleteService(f.ctx, &ecs.DeleteServiceInput{Cluster: aws.String(f.cluster), Service: aws.String(f.service), Force: aws.Bool(true)})
	f.must("delete service", err)
	f.createService(edit)
}

// outputs are the solution's outputs as the state file holds them.
func (f *day3Fixture) outputs() map[string]any {
	return map[string]any{
		"ecr_repository_url":  f.repoURL,
		"ecr_repository_name": f.repo,
		"ecs_cluster_name":    f.cluster,
		"ecs_service_name":    f.service,
		"task_definition_arn": f.taskDef,
		"log_group_name":      f.logGroup,
		"environment":         f.environment,
	}
}

func (f *day3Fixture) must(what string, err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("fixture: %s: %v", what, err)
	}
}

// verifyFiles is verifyWorkspace with the workspace's files written
// first: the static checks read them.
func verifyFiles(t *testing.T, ctx context.Context, clients *cloud.Clients, labID string, outputs map[string]any, files map[string]string) map[string]CheckResult {
	t.Helper()
	cat, _ := contentLab(t, labID)
	m, err := NewManager(ManagerOptions{
		StateDir:  t.TempDir(),
		Target:    TargetSandbox,
		Endpoint:  moto.Endpoint(),
		Catalog:   cat,
		Terraform: needTerraform(t),
		Recorder:  &MemoryRecorder{},
		Log:       testLog{t},
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := m.WorkspaceDir(labID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeState(t, dir, outputs)
	results, err := m.Verify(ctx, labID, clients, VerifyOptions{})
	if err != nil {
		t.Fatalf("verify %s: %v", labID, err)
	}
	byID := map[string]CheckResult{}
	for _, r := range results {
		byID[r.ID] = r
	}
	return byID
}
