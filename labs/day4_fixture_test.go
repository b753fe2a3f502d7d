package labs

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"awstutor/cloud"
)

// day4Name is the solution's local.name (var.prefix's default).
const day4Name = "awstutor-d4"

// day4Fixture is what labs/content/day4-alb-autoscaling/solution creates,
// made through the SDK on moto with the same names and settings.
type day4Fixture struct {
	t   testing.TB
	ctx context.Context
	c   *cloud.Clients

	vpc, igw, routeTable string
	subnets              []string
	albSG, taskSG        string
	alb, albDNS          string
	tg, listener         string
	cluster, service     string
	taskDef              string
	policy               string
	topic, alarm         string
}

func newDay4Fixture(t testing.TB, ctx context.Context, c *cloud.Clients) *day4Fixture {
	t.Helper()
	f := &day4Fixture{t: t, ctx: ctx, c: c}

	// network.tf
	vpc, err := c.EC2.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), TagSpecifications: ec2Tags(day4, ec2types.ResourceTypeVpc, day4Name+"-vpc")})
	f.must("create vpc", err)
	f.vpc = aws.ToString(vpc.Vpc.VpcId)
	for i, az := range []string{testRegion + "a", testRegion + "b"} {
		s, err := c.EC2.CreateSubnet(ctx, &ec2.CreateSubnetInput{
			VpcId: aws.String(f.vpc), CidrBlock: aws.String([]string{"10.0.1.0/24", "10.0.2.0/24"}[i]), AvailabilityZone: aws.String(az),
			TagSpecifications: ec2Tags(day4, ec2types.ResourceTypeSubnet, day4Name+"-public-"+az[len(az)-1:]),
		})
		f.must("create subnet", err)
		_, err = c.EC2.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: s.Subnet.SubnetId, MapPublicIpOnLaunch: &ec2types.AttributeBooleanValue{Value: aws.Bool(true)}})
		f.must("map public ip", err)
		f.subnets = append(f.subnets, aws.ToString(s.Subnet.SubnetId))
	}
	igw, err := c.EC2.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{TagSpecifications: ec2Tags(day4, ec2types.ResourceTypeInternetGateway, day4Name+"-igw")})
	f.must("create igw", err)
	f.igw = aws.ToString(igw.InternetGateway.InternetGatewayId)
	_, err = c.EC2.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(f.igw), VpcId: aws.String(f.vpc)})
	f.must("attach igw", err)
	rt, err := c.EC2.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(f.vpc), TagSpecifications: ec2Tags(day4, ec2types.ResourceTypeRouteTable, day4Name+"-public")})
	f.must("create route table", err)
	f.routeTable = aws.ToString(rt.RouteTable.RouteTableId)
	_, err = c.EC2.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(f.routeTable), DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String(f.igw)})
	f.must("create route", err)
	for _, s := range f.subnets {
		_, err = c.EC2.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(f.routeTable), SubnetId: aws.String(s)})
		f.must("associate route table", err)
	}

	// security.tf
	f.albSG = securityGroup(t, ctx, c, day4, f.vpc, day4Name+"-alb", "Internet to the ALB")
	f.taskSG = securityGroup(t, ctx, c, day4, f.vpc, day4Name+"-task", "ALB to the ECS tasks")
	f.ingress(f.albSG, ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}})
	_, err = c.EC2.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: aws.String(f.albSG), IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80), UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String(f.taskSG)}},
	}}})
	f.must("alb egress", err)
	f.ingress(f.taskSG, ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80), UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String(f.albSG)}}})
	_, err = c.EC2.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: aws.String(f.taskSG), IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}},
	}}})
	f.must("task egress", err)

	// alb.tf
	var elbTags []elbtypes.Tag
	for k, v := range courseTags(day4) {
		elbTags = append(elbTags, elbtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	lb, err := c.ELBv2.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{
		Name: aws.String(day4Name + "-alb"), Type: elbtypes.LoadBalancerTypeEnumApplication, Scheme: elbtypes.LoadBalancerSchemeEnumInternetFacing,
		SecurityGroups: []string{f.albSG}, Subnets: f.subnets, Tags: elbTags,
	})
	f.must("create load balancer", err)
	f.alb, f.albDNS = aws.ToString(lb.LoadBalancers[0].LoadBalancerArn), aws.ToString(lb.LoadBalancers[0].DNSName)
	tg, err := c.ELBv2.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{
		Name: aws.String(day4Name + "-web"), Port: aws.Int32(80), Protocol: elbtypes.ProtocolEnumHttp, TargetType: elbtypes.TargetTypeEnumIp, VpcId: aws.String(f.vpc),
		HealthCheckPath: aws.String("/"), Matcher: &elbtypes.Matcher{HttpCode: aws.String("200")},
		HealthCheckIntervalSeconds: aws.Int32(15), HealthCheckTimeoutSeconds: aws.Int32(5),
		HealthyThresholdCount: aws.Int32(2), UnhealthyThresholdCount: aws.Int32(3), Tags: elbTags,
	})
	f.must("create target group", err)
	f.tg = aws.ToString(tg.TargetGroups[0].TargetGroupArn)
	_, err = c.ELBv2.ModifyTargetGroupAttributes(ctx, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: aws.String(f.tg), Attributes: []elbtypes.TargetGroupAttribute{{Key: aws.String("deregistration_delay.timeout_seconds"), Value: aws.String("30")}}})
	f.must("set deregistration delay", err)
	l, err := c.ELBv2.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: aws.String(f.alb), Port: aws.Int32(80), Protocol: elbtypes.ProtocolEnumHttp,
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(f.tg)}}, Tags: elbTags,
	})
	f.must("create listener", err)
	f.listener = aws.ToString(l.Listeners[0].ListenerArn)

	// ecs.tf
	_, err = c.ECS.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String(day4Name), Tags: ecsTags(day4),
		Settings: []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String("disabled")}}})
	f.must("create cluster", err)
	f.cluster = day4Name
	role := executionRole(t, ctx, c, day4, day4Name+"-exec")
	logGroup(t, ctx, c, day4, "/ecs/"+day4Name+"-web", 1)
	td, err := c.ECS.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{
		Family: aws.String(day4Name + "-web"), RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate},
		NetworkMode: ecstypes.NetworkModeAwsvpc, Cpu: aws.String("256"), Memory: aws.String("512"), ExecutionRoleArn: aws.String(role),
		RuntimePlatform: &ecstypes.RuntimePlatform{OperatingSystemFamily: ecstypes.OSFamilyLinux, CpuArchitecture: ecstypes.CPUArchitectureX8664},
		ContainerDefinitions: []ecstypes.ContainerDefinition{{
			Name: aws.String("web"), Image: aws.String("public.ecr.aws/nginx/nginx:stable-alpine"), Essential: aws.Bool(true),
			PortMappings:     []ecstypes.PortMapping{{ContainerPort: aws.Int32(80), Protocol: ecstypes.TransportProtocolTcp}},
			LogConfiguration: awslogsConfig("/ecs/" + day4Name + "-web"),
		}},
		Tags: ecsTags(day4),
	})
	f.must("register task definition", err)
	f.taskDef = aws.ToString(td.TaskDefinition.TaskDefinitionArn)
	f.createService(func(*ecs.CreateServiceInput) {})

	// autoscaling.tf: moto 5.2.1 cannot tag scalable targets, so this one
	// has no tags (Terraform's would carry the default tags).
	resource := "service/" + f.cluster + "/" + f.service
	_, err = c.AutoScaling.RegisterScalableTarget(ctx, &aas.RegisterScalableTargetInput{
		ServiceNamespace: aastypes.ServiceNamespaceEcs, ResourceId: aws.String(resource), ScalableDimension: aastypes.ScalableDimensionECSServiceDesiredCount,
		MinCapacity: aws.Int32(1), MaxCapacity: aws.Int32(4),
	})
	f.must("register scalable target", err)
	f.putPolicy(50)

	// monitoring.tf
	var snsTags []snstypes.Tag
	for k, v := range courseTags(day4) {
		snsTags = append(snsTags, snstypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	topic, err := c.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(day4Name + "-alerts"), Tags: snsTags})
	f.must("create topic", err)
	f.topic = aws.ToString(topic.TopicArn)
	f.alarm = day4Name + "-unhealthy-targets"
	f.putAlarm(func(*cloudwatch.PutMetricAlarmInput) {})
	return f
}

func (f *day4Fixture) ingress(sg string, p ec2types.IpPermission) {
	f.t.Helper()
	_, err := f.c.EC2.AuthorizeSecurityGroupIngress(f.ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(sg), IpPermissions: []ec2types.IpPermission{p}})
	f.must("authorize ingress on "+sg, err)
}

// createService creates the solution's service, changed by edit.
func (f *day4Fixture) createService(edit func(*ecs.CreateServiceInput)) {
	f.t.Helper()
	in := &ecs.CreateServiceInput{
		Cluster: aws.String(f.cluster), ServiceName: aws.String("web"), TaskDefinition: aws.String(f.taskDef),
		DesiredCount: aws.Int32(1), LaunchType: ecstypes.LaunchTypeFargate, HealthCheckGracePeriodSeconds: aws.Int32(60),
		NetworkConfiguration: &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
			Subnets: f.subnets, SecurityGroups: []string{f.taskSG}, AssignPublicIp: ecstypes.AssignPublicIpEnabled,
		}},
		LoadBalancers:           []ecstypes.LoadBalancer{{TargetGroupArn: aws.String(f.tg), ContainerName: aws.String("web"), ContainerPort: aws.Int32(80)}},
		DeploymentConfiguration: &ecstypes.DeploymentConfiguration{DeploymentCircuitBreaker: &ecstypes.DeploymentCircuitBreaker{Enable: true, Rollback: true}},
		Tags:                    ecsTags(day4),
	}
	edit(in)
	svc, err := f.c.ECS.CreateService(f.ctx, in)
	f.must("create service", err)
	f.service = aws.ToString(svc.Service.ServiceName)
}

// putPolicy puts the CPU target tracking policy with a target value.
func (f *day4Fixture) putPolicy(target float64) {
	f.t.Helper()
	p, err := f.c.AutoScaling.PutScalingPolicy(f.ctx, &aas.PutScalingPolicyInput{
		PolicyName: aws.String(day4Name + "-cpu50"), PolicyType: aastypes.PolicyTypeTargetTrackingScaling,
		ServiceNamespace: aastypes.ServiceNamespaceEcs, ResourceId: aws.String("service/" + f.cluster + "/" + f.service),
		ScalableDimension: aastypes.ScalableDimensionECSServiceDesiredCount,
		TargetTrackingScalingPolicyConfiguration: &aastypes.TargetTrackingScalingPolicyConfiguration{
			TargetValue: aws.Float64(target), ScaleOutCooldown: aws.Int32(60), ScaleInCooldown: aws.Int32(300),
			PredefinedMetricSpecification: &aastypes.PredefinedMetricSpecification{PredefinedMetricType: aastypes.MetricTypeECSServiceAverageCPUUtilization},
		},
	})
	f.must("put scaling policy", err)
	f.policy = aws.ToString(p.PolicyARN)
}

// putAlarm puts the solution's alarm, changed by edit.
func (f *day4Fixture) putAlarm(edit func(*cloudwatch.PutMetricAlarmInput)) {
	f.t.Helper()
	var tags []cwtypes.Tag
	for k, v := range courseTags(day4) {
		tags = append(tags, cwtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	in := &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(f.alarm), AlarmDescription: aws.String("ECS tasks behind " + day4Name + "-alb are failing ALB health checks"),
		Namespace: aws.String("AWS/ApplicationELB"), MetricName: aws.String("UnHealthyHostCount"), Statistic: cwtypes.StatisticMaximum,
		Period: aws.Int32(60), EvaluationPeriods: aws.Int32(2), Threshold: aws.Float64(0),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold, TreatMissingData: aws.String("notBreaching"),
		Dimensions: []cwtypes.Dimension{
			{Name: aws.String("LoadBalancer"), Value: aws.String(arnSuffix(f.alb))},
			{Name: aws.String("TargetGroup"), Value: aws.String(arnSuffix(f.tg))},
		},
		AlarmActions: []string{f.topic}, OKActions: []string{f.topic}, Tags: tags,
	}
	edit(in)
	_, err := f.c.CloudWatch.PutMetricAlarm(f.ctx, in)
	f.must("put alarm", err)
}

// outputs are the lab's declared outputs as the state file holds them.
func (f *day4Fixture) outputs() map[string]any {
	return map[string]any{
		"vpc_id":                 f.vpc,
		"public_subnet_ids":      f.subnets,
		"alb_security_group_id":  f.albSG,
		"task_security_group_id": f.taskSG,
		"alb_arn":                f.alb,
		"alb_dns_name":           f.albDNS,
		"target_group_arn":       f.tg,
		"listener_arn":           f.listener,
		"cluster_name":           f.cluster,
		"service_name":           f.service,
		"scaling_policy_arn":     f.policy,
		"alarm_name":             f.alarm,
		"alarm_topic_arn":        f.topic,
	}
}

func (f *day4Fixture) must(what string, err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("fixture: %s: %v", what, err)
	}
}
