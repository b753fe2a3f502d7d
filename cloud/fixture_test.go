package cloud

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	apigwv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cognito "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// want is a resource a fixture created: what the inventory must report.
type want struct {
	Type string
	ID   string
	Lab  string
	// Attrs are attributes the item must carry with these values.
	Attrs map[string]any
}

// fixture creates resources through the SDK, the way a lab's Terraform
// would, and records what it created.
type fixture struct {
	t   testing.TB
	ctx context.Context
	c   *Clients
	// lab is the Lab tag of tagged resources; "" creates untagged ones.
	lab  string
	made []want
}

func newFixture(t testing.TB, ctx context.Context, c *Clients, lab string) *fixture {
	return &fixture{t: t, ctx: ctx, c: c, lab: lab}
}

func (f *fixture) tags() map[string]string {
	if f.lab == "" {
		return map[string]string{"Owner": "someone-else"}
	}
	return map[string]string{ProjectTag: ProjectValue, LabTag: f.lab, "ManagedBy": "terraform"}
}

func (f *fixture) add(typ, id string, attrs map[string]any) {
	f.made = append(f.made, want{Type: typ, ID: id, Lab: f.lab, Attrs: attrs})
}

func (f *fixture) check(what string, err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("fixture: %s: %v", what, err)
	}
}

func (f *fixture) ec2Tags(rt ec2types.ResourceType) []ec2types.TagSpecification {
	var tags []ec2types.Tag
	for k, v := range f.tags() {
		tags = append(tags, ec2types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return []ec2types.TagSpecification{{ResourceType: rt, Tags: tags}}
}

func (f *fixture) queue(name string) (url, arn string) {
	f.t.Helper()
	out, err := f.c.SQS.CreateQueue(f.ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Tags: f.tags()})
	f.check("create queue", err)
	url = aws.ToString(out.QueueUrl)
	attrs, err := f.c.SQS.GetQueueAttributes(f.ctx, &sqs.GetQueueAttributesInput{QueueUrl: out.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	f.check("queue arn", err)
	f.add("aws_sqs_queue", url, map[string]any{"fifo_queue": strings.HasSuffix(name, ".fifo")})
	return url, attrs.Attributes["QueueArn"]
}

func (f *fixture) topic(name string) string {
	f.t.Helper()
	var tags []snstypes.Tag
	for k, v := range f.tags() {
		tags = append(tags, snstypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	out, err := f.c.SNS.CreateTopic(f.ctx, &sns.CreateTopicInput{Name: aws.String(name), Tags: tags})
	f.check("create topic", err)
	f.add("aws_sns_topic", aws.ToString(out.TopicArn), nil)
	return aws.ToString(out.TopicArn)
}

func (f *fixture) subscription(topic, queueARN string) {
	f.t.Helper()
	out, err := f.c.SNS.Subscribe(f.ctx, &sns.SubscribeInput{
		TopicArn: aws.String(topic), Protocol: aws.String("sqs"), Endpoint: aws.String(queueARN), ReturnSubscriptionArn: true,
	})
	f.check("subscribe", err)
	f.add("aws_sns_topic_subscription", aws.ToString(out.SubscriptionArn), map[string]any{"topic_arn": topic, "protocol": "sqs"})
}

func (f *fixture) userPool(name string) {
	f.t.Helper()
	out, err := f.c.Cognito.CreateUserPool(f.ctx, &cognito.CreateUserPoolInput{PoolName: aws.String(name), UserPoolTags: f.tags()})
	f.check("create user pool", err)
	id := aws.ToString(out.UserPool.Id)
	f.add("aws_cognito_user_pool", id, map[string]any{"name": name})
	cl, err := f.c.Cognito.CreateUserPoolClient(f.ctx, &cognito.CreateUserPoolClientInput{UserPoolId: aws.String(id), ClientName: aws.String(name + "-web")})
	f.check("create user pool client", err)
	f.add("aws_cognito_user_pool_client", aws.ToString(cl.UserPoolClient.ClientId), map[string]any{"user_pool_id": id})
}

func (f *fixture) apis(name string) {
	f.t.Helper()
	rest, err := f.c.APIGateway.CreateRestApi(f.ctx, &apigateway.CreateRestApiInput{Name: aws.String(name), Tags: f.tags()})
	f.check("create rest api", err)
	f.add("aws_api_gateway_rest_api", aws.ToString(rest.Id), map[string]any{"name": name})
	http, err := f.c.APIGatewayV2.CreateApi(f.ctx, &apigatewayv2.CreateApiInput{Name: aws.String(name + "-http"), ProtocolType: apigwv2types.ProtocolTypeHttp, Tags: f.tags()})
	f.check("create http api", err)
	f.add("aws_apigatewayv2_api", aws.ToString(http.ApiId), map[string]any{"protocol_type": "HTTP"})
}

func (f *fixture) role(name string) string {
	f.t.Helper()
	var tags []iamtypes.Tag
	for k, v := range f.tags() {
		tags = append(tags, iamtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	out, err := f.c.IAM.CreateRole(f.ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trust), Tags: tags})
	f.check("create role", err)
	// A role with policies cannot be deleted as it is: the sweep must
	// detach and delete them first.
	// moto has no AWS-managed policies; a customer-managed one stands in.
	pol, err := f.c.IAM.CreatePolicy(f.ctx, &iam.CreatePolicyInput{PolicyName: aws.String(name + "-logs"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`)})
	f.check("create policy", err)
	_, err = f.c.IAM.AttachRolePolicy(f.ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(name), PolicyArn: pol.Policy.Arn})
	f.check("attach role policy", err)
	_, err = f.c.IAM.PutRolePolicy(f.ctx, &iam.PutRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String("inline"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}`)})
	f.check("put role policy", err)
	f.add("aws_iam_role", name, nil)
	return aws.ToString(out.Role.Arn)
}

func (f *fixture) function(name, roleARN string) {
	f.t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("index.py")
	w.Write([]byte("def handler(event, context):\n    return event\n"))
	zw.Close()
	_, err := f.c.Lambda.CreateFunction(f.ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String(name), Role: aws.String(roleARN), Runtime: lambdatypes.RuntimePython312,
		Handler: aws.String("index.handler"), Code: &lambdatypes.FunctionCode{ZipFile: buf.Bytes()},
		MemorySize: aws.Int32(256), Tags: f.tags(),
	})
	f.check("create function", err)
	f.add("aws_lambda_function", name, map[string]any{"memory_size": 256.0})
}

func (f *fixture) bucket(name string) {
	f.t.Helper()
	_, err := f.c.S3.CreateBucket(f.ctx, &s3.CreateBucketInput{
		Bucket:                    aws.String(name),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(f.c.Config.Region)},
	})
	f.check("create bucket", err)
	var tags []s3types.Tag
	for k, v := range f.tags() {
		tags = append(tags, s3types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	_, err = f.c.S3.PutBucketTagging(f.ctx, &s3.PutBucketTaggingInput{Bucket: aws.String(name), Tagging: &s3types.Tagging{TagSet: tags}})
	f.check("tag bucket", err)
	// Versioned and not empty: the sweep has to delete every version
	// before the bucket.
	_, err = f.c.S3.PutBucketVersioning(f.ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(name),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
	f.check("version bucket", err)
	for i := range 2 {
		_, err = f.c.S3.PutObject(f.ctx, &s3.PutObjectInput{Bucket: aws.String(name), Key: aws.String("index.html"), Body: strings.NewReader(fmt.Sprint("v", i))})
		f.check("put object", err)
	}
	f.add("aws_s3_bucket", name, nil)
}

func (f *fixture) repository(name string) {
	f.t.Helper()
	var tags []ecrtypes.Tag
	for k, v := range f.tags() {
		tags = append(tags, ecrtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	_, err := f.c.ECR.CreateRepository(f.ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(name), Tags: tags})
	f.check("create repository", err)
	manifest, _ := json.Marshal(map[string]any{
		"schemaVersion": 2,
		"mediaType":     "application/vnd.docker.distribution.manifest.v2+json",
		"config":        map[string]any{"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023, "digest": "sha256:" + strings.Repeat("a", 64)},
		"layers":        []any{map[string]any{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 32654, "digest": "sha256:" + strings.Repeat("b", 64)}},
	})
	_, err = f.c.ECR.PutImage(f.ctx, &ecr.PutImageInput{RepositoryName: aws.String(name), ImageManifest: aws.String(string(manifest)), ImageTag: aws.String("v1")})
	f.check("put image", err)
	f.add("aws_ecr_repository", name, map[string]any{"image_count": 1.0, "image_size_bytes": 7023.0})
}

// network creates a VPC with two public subnets, a security group, an
// internet gateway, a route table, an elastic IP and a NAT gateway. It
// returns the subnet ids and the security group id.
func (f *fixture) network(cidr string) (subnets []string, sg string) {
	f.t.Helper()
	vpc, err := f.c.EC2.CreateVpc(f.ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(cidr + ".0.0/16"), TagSpecifications: f.ec2Tags(ec2types.ResourceTypeVpc)})
	f.check("create vpc", err)
	vpcID := aws.ToString(vpc.Vpc.VpcId)
	f.add("aws_vpc", vpcID, map[string]any{"cidr_block": cidr + ".0.0/16"})
	for i, az := range []string{"a", "c"} {
		s, err := f.c.EC2.CreateSubnet(f.ctx, &ec2.CreateSubnetInput{
			VpcId: aws.String(vpcID), CidrBlock: aws.String(fmt.Sprintf("%s.%d.0/24", cidr, i)),
			AvailabilityZone: aws.String(f.c.Config.Region + az), TagSpecifications: f.ec2Tags(ec2types.ResourceTypeSubnet),
		})
		f.check("create subnet", err)
		subnets = append(subnets, aws.ToString(s.Subnet.SubnetId))
		f.add("aws_subnet", aws.ToString(s.Subnet.SubnetId), map[string]any{"vpc_id": vpcID})
	}
	g, err := f.c.EC2.CreateSecurityGroup(f.ctx, &ec2.CreateSecurityGroupInput{
		GroupName: aws.String("web-" + cidr), Description: aws.String("web"), VpcId: aws.String(vpcID),
		TagSpecifications: f.ec2Tags(ec2types.ResourceTypeSecurityGroup),
	})
	f.check("create security group", err)
	sg = aws.ToString(g.GroupId)
	f.add("aws_security_group", sg, map[string]any{"vpc_id": vpcID})
	igw, err := f.c.EC2.CreateInternetGateway(f.ctx, &ec2.CreateInternetGatewayInput{TagSpecifications: f.ec2Tags(ec2types.ResourceTypeInternetGateway)})
	f.check("create internet gateway", err)
	igwID := aws.ToString(igw.InternetGateway.InternetGatewayId)
	_, err = f.c.EC2.AttachInternetGateway(f.ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(igwID), VpcId: aws.String(vpcID)})
	f.check("attach internet gateway", err)
	f.add("aws_internet_gateway", igwID, map[string]any{"vpc_id": vpcID})
	rt, err := f.c.EC2.CreateRouteTable(f.ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(vpcID), TagSpecifications: f.ec2Tags(ec2types.ResourceTypeRouteTable)})
	f.check("create route table", err)
	rtID := aws.ToString(rt.RouteTable.RouteTableId)
	_, err = f.c.EC2.AssociateRouteTable(f.ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(rtID), SubnetId: aws.String(subnets[0])})
	f.check("associate route table", err)
	f.add("aws_route_table", rtID, nil)
	eip, err := f.c.EC2.AllocateAddress(f.ctx, &ec2.AllocateAddressInput{Domain: ec2types.DomainTypeVpc, TagSpecifications: f.ec2Tags(ec2types.ResourceTypeElasticIp)})
	f.check("allocate address", err)
	f.add("aws_eip", aws.ToString(eip.AllocationId), map[string]any{"domain": "vpc"})
	nat, err := f.c.EC2.CreateNatGateway(f.ctx, &ec2.CreateNatGatewayInput{
		SubnetId: aws.String(subnets[0]), AllocationId: eip.AllocationId, TagSpecifications: f.ec2Tags(ec2types.ResourceTypeNatgateway),
	})
	f.check("create nat gateway", err)
	f.add("aws_nat_gateway", aws.ToString(nat.NatGateway.NatGatewayId), map[string]any{"subnet_id": subnets[0]})
	return subnets, sg
}

// loadBalancer creates an ALB, a target group and a listener forwarding
// to it; it returns the target group's ARN.
func (f *fixture) loadBalancer(name string, subnets []string, sg string) string {
	f.t.Helper()
	var tags []elbtypes.Tag
	for k, v := range f.tags() {
		tags = append(tags, elbtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	lb, err := f.c.ELBv2.CreateLoadBalancer(f.ctx, &elb.CreateLoadBalancerInput{
		Name: aws.String(name), Subnets: subnets, SecurityGroups: []string{sg}, Type: elbtypes.LoadBalancerTypeEnumApplication, Tags: tags,
	})
	f.check("create load balancer", err)
	lbARN := aws.ToString(lb.LoadBalancers[0].LoadBalancerArn)
	f.add("aws_lb", lbARN, map[string]any{"load_balancer_type": "application", "internal": false, "subnets": strings2any(subnets)})
	vpc, err := f.c.EC2.DescribeSubnets(f.ctx, &ec2.DescribeSubnetsInput{SubnetIds: subnets[:1]})
	f.check("describe subnet", err)
	tg, err := f.c.ELBv2.CreateTargetGroup(f.ctx, &elb.CreateTargetGroupInput{
		Name: aws.String(name + "-tg"), Port: aws.Int32(80), Protocol: elbtypes.ProtocolEnumHttp,
		VpcId: vpc.Subnets[0].VpcId, TargetType: elbtypes.TargetTypeEnumIp, Tags: tags,
	})
	f.check("create target group", err)
	tgARN := aws.ToString(tg.TargetGroups[0].TargetGroupArn)
	f.add("aws_lb_target_group", tgARN, map[string]any{"port": 80.0, "target_type": "ip"})
	li, err := f.c.ELBv2.CreateListener(f.ctx, &elb.CreateListenerInput{
		LoadBalancerArn: aws.String(lbARN), Port: aws.Int32(80), Protocol: elbtypes.ProtocolEnumHttp, Tags: tags,
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(tgARN)}},
	})
	f.check("create listener", err)
	f.add("aws_lb_listener", aws.ToString(li.Listeners[0].ListenerArn), map[string]any{"load_balancer_arn": lbARN, "port": 80.0})
	return tgARN
}

// fargate creates a cluster, an ARM task definition of 0.5 vCPU and 1 GB,
// a Fargate service of two tasks behind the target group, and a
// target-tracking scaling target and policy for it.
func (f *fixture) fargate(name string, subnets []string, sg, tgARN string) {
	f.t.Helper()
	var tags []ecstypes.Tag
	for k, v := range f.tags() {
		tags = append(tags, ecstypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	cl, err := f.c.ECS.CreateCluster(f.ctx, &ecs.CreateClusterInput{ClusterName: aws.String(name), Tags: tags})
	f.check("create cluster", err)
	clusterARN := aws.ToString(cl.Cluster.ClusterArn)
	f.add("aws_ecs_cluster", clusterARN, nil)
	td, err := f.c.ECS.RegisterTaskDefinition(f.ctx, &ecs.RegisterTaskDefinitionInput{
		Family: aws.String(name), Cpu: aws.String("512"), Memory: aws.String("1024"), NetworkMode: ecstypes.NetworkModeAwsvpc,
		RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate},
		RuntimePlatform:         &ecstypes.RuntimePlatform{CpuArchitecture: ecstypes.CPUArchitectureArm64, OperatingSystemFamily: ecstypes.OSFamilyLinux},
		ContainerDefinitions: []ecstypes.ContainerDefinition{{
			Name: aws.String("web"), Image: aws.String("nginx:alpine"), Essential: aws.Bool(true),
			PortMappings: []ecstypes.PortMapping{{ContainerPort: aws.Int32(80)}},
		}},
		Tags: tags,
	})
	f.check("register task definition", err)
	tdARN := aws.ToString(td.TaskDefinition.TaskDefinitionArn)
	f.add("aws_ecs_task_definition", fmt.Sprintf("%s:%d", name, td.TaskDefinition.Revision), map[string]any{"cpu": "512", "memory": "1024", "arn": tdARN})
	svc, err := f.c.ECS.CreateService(f.ctx, &ecs.CreateServiceInput{
		Cluster: aws.String(clusterARN), ServiceName: aws.String(name), TaskDefinition: aws.String(tdARN),
		DesiredCount: aws.Int32(2), LaunchType: ecstypes.LaunchTypeFargate,
		NetworkConfiguration: &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
			Subnets: subnets, SecurityGroups: []string{sg}, AssignPublicIp: ecstypes.AssignPublicIpEnabled,
		}},
		LoadBalancers: []ecstypes.LoadBalancer{{TargetGroupArn: aws.String(tgARN), ContainerName: aws.String("web"), ContainerPort: aws.Int32(80)}},
		Tags:          tags,
	})
	f.check("create service", err)
	f.add("aws_ecs_service", aws.ToString(svc.Service.ServiceArn), map[string]any{
		"desired_count": 2.0, "launch_type": "FARGATE", "task_definition": tdARN, "cpu": "512", "memory": "1024",
		"runtime_platform":      []any{map[string]any{"cpu_architecture": "ARM64", "operating_system_family": "LINUX"}},
		"network_configuration": []any{map[string]any{"assign_public_ip": true, "subnets": strings2any(subnets), "security_groups": []any{sg}}},
	})
	resourceID := "service/" + name + "/" + name
	_, err = f.c.AutoScaling.RegisterScalableTarget(f.ctx, &aas.RegisterScalableTargetInput{
		ServiceNamespace: aastypes.ServiceNamespaceEcs, ResourceId: aws.String(resourceID),
		ScalableDimension: aastypes.ScalableDimensionECSServiceDesiredCount, MinCapacity: aws.Int32(1), MaxCapacity: aws.Int32(4),
		Tags: f.tags(),
	})
	f.check("register scalable target", err)
	f.add("aws_appautoscaling_target", resourceID, map[string]any{"min_capacity": 1.0, "max_capacity": 4.0})
	_, err = f.c.AutoScaling.PutScalingPolicy(f.ctx, &aas.PutScalingPolicyInput{
		PolicyName: aws.String(name + "-cpu"), ServiceNamespace: aastypes.ServiceNamespaceEcs, ResourceId: aws.String(resourceID),
		ScalableDimension: aastypes.ScalableDimensionECSServiceDesiredCount, PolicyType: aastypes.PolicyTypeTargetTrackingScaling,
		TargetTrackingScalingPolicyConfiguration: &aastypes.TargetTrackingScalingPolicyConfiguration{
			TargetValue:                   aws.Float64(60),
			PredefinedMetricSpecification: &aastypes.PredefinedMetricSpecification{PredefinedMetricType: aastypes.MetricTypeECSServiceAverageCPUUtilization},
		},
	})
	f.check("put scaling policy", err)
	f.add("aws_appautoscaling_policy", name+"-cpu", map[string]any{"resource_id": resourceID, "policy_type": "TargetTrackingScaling"})
}

func (f *fixture) alarm(name string) {
	f.t.Helper()
	var tags []cwtypes.Tag
	for k, v := range f.tags() {
		tags = append(tags, cwtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	_, err := f.c.CloudWatch.PutMetricAlarm(f.ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(name), MetricName: aws.String("CPUUtilization"), Namespace: aws.String("AWS/ECS"),
		Statistic: cwtypes.StatisticAverage, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(80),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold, Tags: tags,
	})
	f.check("put metric alarm", err)
	f.add("aws_cloudwatch_metric_alarm", name, map[string]any{"period": 60.0})
}

func (f *fixture) logGroup(name string) {
	f.t.Helper()
	_, err := f.c.Logs.CreateLogGroup(f.ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(name), Tags: f.tags()})
	f.check("create log group", err)
	_, err = f.c.Logs.PutRetentionPolicy(f.ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String(name), RetentionInDays: aws.Int32(7)})
	f.check("put retention", err)
	f.add("aws_cloudwatch_log_group", name, map[string]any{"retention_in_days": 7.0})
}

func (f *fixture) parameter(name string) {
	f.t.Helper()
	var tags []ssmtypes.Tag
	for k, v := range f.tags() {
		tags = append(tags, ssmtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	_, err := f.c.SSM.PutParameter(f.ctx, &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String("v"), Type: ssmtypes.ParameterTypeString, Tags: tags})
	f.check("put parameter", err)
	f.add("aws_ssm_parameter", name, map[string]any{"tier": "Standard", "type": "String"})
}

func (f *fixture) secret(name string) {
	f.t.Helper()
	var tags []smtypes.Tag
	for k, v := range f.tags() {
		tags = append(tags, smtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	out, err := f.c.Secrets.CreateSecret(f.ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String("s3cret"), Tags: tags})
	f.check("create secret", err)
	f.add("aws_secretsmanager_secret", aws.ToString(out.ARN), map[string]any{"name": name})
}

func (f *fixture) rule(name, targetARN string) {
	f.t.Helper()
	var tags []ebtypes.Tag
	for k, v := range f.tags() {
		tags = append(tags, ebtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	_, err := f.c.Events.PutRule(f.ctx, &eventbridge.PutRuleInput{Name: aws.String(name), ScheduleExpression: aws.String("rate(5 minutes)"), Tags: tags})
	f.check("put rule", err)
	if targetARN != "" {
		_, err = f.c.Events.PutTargets(f.ctx, &eventbridge.PutTargetsInput{Rule: aws.String(name), Targets: []ebtypes.Target{{Id: aws.String("q"), Arn: aws.String(targetARN)}}})
		f.check("put targets", err)
	}
	f.add("aws_cloudwatch_event_rule", name, map[string]any{"schedule_expression": "rate(5 minutes)"})
}

// everyKind creates one or more resources of every kind the labs create,
// wired together the way the labs wire them, with names made from p.
func (f *fixture) everyKind(p, cidr string) {
	f.t.Helper()
	_, queueARN := f.queue(p + "-orders")
	topic := f.topic(p + "-events")
	f.subscription(topic, queueARN)
	f.userPool(p + "-users")
	f.apis(p + "-api")
	roleARN := f.role(p + "-lambda")
	f.function(p+"-fn", roleARN)
	f.bucket(p + "-assets")
	f.repository(p + "-web")
	subnets, sg := f.network(cidr)
	tg := f.loadBalancer(p+"-alb", subnets, sg)
	f.fargate(p+"-web", subnets, sg, tg)
	f.alarm(p + "-cpu-high")
	f.logGroup("/ecs/" + p)
	f.parameter("/" + p + "/config/mode")
	f.secret(p + "/db")
	f.rule(p+"-nightly", queueARN)
}
