package labs

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// Day 4, day4-alb-autoscaling: a VPC with public subnets in two AZs, a
// security group chain internet -> ALB -> tasks, an ALB whose listener
// forwards to an ip target group with a quick health check, an ECS
// service registered in that target group, CPU target tracking between 1
// and 4 tasks, and an alarm on unhealthy targets. The configuration is
// proven on both targets; an HTTP answer and healthy targets only on AWS.

const day4 = "day4-alb-autoscaling"

// The lab's contract, from its guide and solution.
const (
	day4Container     = "web"
	day4ContainerPort = 80
	day4ListenerPort  = 80
	day4MinCapacity   = 1
	day4MaxCapacity   = 4
	day4CPUTarget     = 50.0
	day4MaxInterval   = 15
	day4MaxHealthy    = 2
	day4MaxUnhealthy  = 3
	day4Dimension     = "ecs:service:DesiredCount"
	day4CPUMetric     = "ECSServiceAverageCPUUtilization"
)

// Why the sandbox cannot prove the two HTTP-step checks.
const (
	notProvableALB     = "not provable in sandbox: moto's ALB has a DNS name but serves no HTTP, so GET / through the ALB needs --target aws"
	notProvableTargets = "not provable in sandbox: moto runs no task, so the ECS service registers no target in the target group; healthy targets need --target aws"
)

func init() {
	both := []string{TargetSandbox, TargetAWS}
	Register(day4,
		Check{
			ID:      "vpc-two-az-public",
			Step:    "network",
			Title:   "두 서브넷이 이 VPC의 서로 다른 AZ에 있고, 인터넷 게이트웨이로 가는 경로가 있으며, NAT 게이트웨이는 없다",
			Targets: both,
			Hints: []string{
				"서브넷이 퍼블릭인 이유는 이름이 아니라 라우트 테이블의 0.0.0.0/0 -> 인터넷 게이트웨이 경로입니다. 그 경로와 서브넷-라우트 테이블 연결이 있는지 보세요.",
				"aws_route에는 route_table_id, destination_cidr_block = \"0.0.0.0/0\", gateway_id = aws_internet_gateway.main.id를 씁니다.",
				"aws_route_table_association을 서브넷마다 하나씩(public_a, public_b) 만들고 subnet_id와 route_table_id를 참조로 넣습니다.",
			},
			Run: checkVPCPublic,
		},
		Check{
			ID:      "sg-chain",
			Step:    "security-groups",
			Title:   "인터넷 -> ALB(80) -> task(컨테이너 포트)가 보안 그룹 ID로 이어지고 task는 인터넷에 열려 있지 않다",
			Targets: both,
			Hints: []string{
				"IP 대역 대신 보안 그룹 ID로 상대를 지정합니다: referenced_security_group_id.",
				"규칙 두 개가 필요합니다. ALB SG의 egress(목적지 task SG)와 task SG의 ingress(출처 ALB SG), 둘 다 tcp var.container_port입니다.",
				"한 규칙에는 cidr_ipv4와 referenced_security_group_id 중 하나만 씁니다. task SG를 0.0.0.0/0으로 열면 이 검사가 실패합니다.",
			},
			Run: checkSGChain,
		},
		Check{
			ID:      "tg-health-check",
			Step:    "alb",
			Title:   "target group이 ip, HTTP, 컨테이너 포트이고 health check가 짧은 간격으로 200을 확인한다",
			Targets: both,
			Hints: []string{
				"target group 안에 health_check { ... } 블록을 넣습니다. path = var.health_check_path, matcher = \"200\".",
				"interval = 15, healthy_threshold = 2이면 새 Task가 약 30초 만에 트래픽을 받고, unhealthy_threshold = 3이면 고장을 약 45초 만에 감지합니다.",
				"Fargate(awsvpc)의 target_type은 \"ip\"여야 합니다. target_type은 바꾸면 target group이 새로 만들어집니다.",
			},
			Run: checkTGHealth,
		},
		Check{
			ID:      "listener-forward",
			Step:    "alb",
			Title:   "인터넷용 ALB가 두 AZ에 걸쳐 있고 80 포트 listener가 target group으로 forward한다",
			Targets: both,
			Hints: []string{
				"listener의 default_action을 type = \"forward\", target_group_arn = aws_lb_target_group.web.arn으로 바꾸고 fixed_response 블록은 지웁니다.",
				"listener는 port = 80, protocol = \"HTTP\", load_balancer_arn = aws_lb.main.arn입니다.",
				"ALB는 internal = false, subnets = [aws_subnet.public_a.id, aws_subnet.public_b.id]로 두 AZ에 걸칩니다.",
			},
			Run: checkListener,
		},
		Check{
			ID:      "service-behind-alb",
			Step:    "service",
			Title:   "ECS 서비스가 FARGATE로 target group에 컨테이너 web:80을 등록하고 task SG와 퍼블릭 서브넷을 쓴다",
			Targets: both,
			Hints: []string{
				"aws_ecs_service에 load_balancer { target_group_arn, container_name = \"web\", container_port = var.container_port } 블록을 넣습니다. container_name은 Task Definition의 컨테이너 이름과 같아야 합니다.",
				"network_configuration은 subnets = [aws_subnet.public_a.id, aws_subnet.public_b.id], security_groups = [aws_security_group.task.id]입니다.",
				"health_check_grace_period_seconds = 60과 depends_on = [aws_lb_listener.http, aws_iam_role_policy_attachment.execution]도 추가하세요.",
			},
			Run: checkServiceALB,
		},
		Check{
			ID:      "scaling-target-policy",
			Step:    "scaling",
			Title:   "서비스의 Task 수가 1~4 사이에서 CPU 50% target tracking으로 조절된다",
			Targets: both,
			Hints: []string{
				"scalable target의 resource_id는 \"service/${aws_ecs_cluster.main.name}/${aws_ecs_service.web.name}\"이고 min_capacity = 1, max_capacity = 4입니다.",
				"정책은 policy_type = \"TargetTrackingScaling\", predefined_metric_type = \"ECSServiceAverageCPUUtilization\", target_value = var.cpu_target(50)입니다.",
				"정책은 target의 service_namespace, resource_id, scalable_dimension을 그대로 참조합니다. output scaling_policy_arn도 추가하세요.",
			},
			Run: checkScaling,
		},
		Check{
			ID:      "alarm-sns",
			Step:    "scaling",
			Title:   "알람이 target group의 UnHealthyHostCount를 보고 SNS 토픽으로 알린다",
			Targets: both,
			Hints: []string{
				"aws_cloudwatch_metric_alarm은 namespace = \"AWS/ApplicationELB\", metric_name = \"UnHealthyHostCount\", threshold = 0, comparison_operator = \"GreaterThanThreshold\"입니다.",
				"dimensions는 LoadBalancer = aws_lb.main.arn_suffix, TargetGroup = aws_lb_target_group.web.arn_suffix입니다. ARN 전체가 아니라 arn_suffix입니다.",
				"alarm_actions = [aws_sns_topic.alerts.arn]을 넣고 output alarm_name, alarm_topic_arn을 추가하세요.",
			},
			Run: checkUnhealthyAlarm,
		},
		Check{
			ID:         "alb-http-200",
			Step:       "http",
			Title:      "ALB 주소로 GET / 가 200을 돌려준다",
			Targets:    []string{TargetAWS},
			Unprovable: notProvableALB,
			Hints: []string{
				"apply 뒤 Task가 뜨고 health check를 두 번 통과할 때까지 1~3분 걸립니다. 잠시 뒤 다시 검사하세요.",
				"503이면 healthy target이 없는 것입니다. 502/504는 ALB가 Task에 닿지 못하는 경우가 많습니다(2단계의 보안 그룹 체인).",
				"직접 해 보세요: curl -s -o /dev/null -w '%{http_code}\\n' \"http://$(terraform output -raw alb_dns_name)/\"",
			},
			Run: checkALBHTTP,
		},
		Check{
			ID:         "targets-healthy",
			Step:       "http",
			Title:      "target group에 healthy target이 하나 이상 있다",
			Targets:    []string{TargetAWS},
			Unprovable: notProvableTargets,
			Hints: []string{
				"aws elbv2 describe-target-health --target-group-arn \"$(terraform output -raw target_group_arn)\"로 상태와 이유(Reason)를 보세요.",
				"initial이면 아직 health check 중입니다. unhealthy이면 health check 경로(3단계)와 task SG의 ingress(2단계)를 확인하세요.",
				"target이 하나도 없으면 서비스의 load_balancer 블록(4단계)과 aws ecs describe-services의 events를 보세요.",
			},
			Run: checkTargetsHealthy,
		},
	)
}

// subnetIDs reads the public_subnet_ids output.
func subnetIDs(env Env) ([]string, *Outcome) {
	var ids []string
	if err := env.OutputJSON("public_subnet_ids", &ids); err != nil {
		o := OutputFailed(err)
		return nil, &o
	}
	return ids, nil
}

func checkVPCPublic(ctx context.Context, env Env) Outcome {
	vpc, err := env.Output("vpc_id")
	if err != nil {
		return OutputFailed(err)
	}
	ids, failed := subnetIDs(env)
	if failed != nil {
		return *failed
	}
	if len(ids) != 2 {
		return Mismatch("output public_subnet_ids", "two subnets", fmt.Sprintf("%d", len(ids)))
	}
	c := env.Clients.EC2
	subs, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: ids})
	if err != nil {
		return Errored("read subnets "+strings.Join(ids, ", "), err)
	}
	zones := map[string]bool{}
	for _, s := range subs.Subnets {
		if aws.ToString(s.VpcId) != vpc {
			return Mismatch("VPC of subnet "+aws.ToString(s.SubnetId), vpc, aws.ToString(s.VpcId))
		}
		zones[aws.ToString(s.AvailabilityZone)] = true
	}
	if len(zones) < 2 {
		return Mismatch("availability zones of the two subnets", "two different zones", strings.Join(sortedKeys(zones), ", "))
	}
	igws, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{Filters: []ec2types.Filter{{Name: aws.String("attachment.vpc-id"), Values: []string{vpc}}}})
	if err != nil {
		return Errored("read the internet gateways of "+vpc, err)
	}
	var igw []string
	for _, g := range igws.InternetGateways {
		igw = append(igw, aws.ToString(g.InternetGatewayId))
	}
	if len(igw) == 0 {
		return Mismatch("internet gateway attached to "+vpc, "one", "none")
	}
	for _, id := range ids {
		rt, err := subnetRouteTable(ctx, env, vpc, id)
		if err != nil {
			return Errored("read the route table of subnet "+id, err)
		}
		if rt == nil {
			return Mismatch("route table of subnet "+id, "one with 0.0.0.0/0 -> "+igw[0], "none")
		}
		if !slices.ContainsFunc(rt.Routes, func(r ec2types.Route) bool {
			return aws.ToString(r.DestinationCidrBlock) == "0.0.0.0/0" && slices.Contains(igw, aws.ToString(r.GatewayId))
		}) {
			var routes []string
			for _, r := range rt.Routes {
				routes = append(routes, aws.ToString(r.DestinationCidrBlock)+" -> "+orNone(aws.ToString(r.GatewayId)+aws.ToString(r.NatGatewayId)))
			}
			return Mismatch("routes of "+aws.ToString(rt.RouteTableId)+" (subnet "+id+")", "0.0.0.0/0 -> "+igw[0], orNone(strings.Join(routes, ", ")))
		}
	}
	nats, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{Filter: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpc}}}})
	if err != nil {
		return Errored("read the NAT gateways of "+vpc, err)
	}
	for _, n := range nats.NatGateways {
		if n.State != ec2types.NatGatewayStateDeleted && n.State != ec2types.NatGatewayStateFailed {
			return Mismatch("NAT gateways in "+vpc, "none (this lab routes through the internet gateway)", aws.ToString(n.NatGatewayId))
		}
	}
	return Pass("subnets %s are in %s across %s, each routed 0.0.0.0/0 -> %s; no NAT gateway", strings.Join(ids, ", "), vpc, strings.Join(sortedKeys(zones), " and "), igw[0])
}

// subnetRouteTable returns the route table a subnet uses: its explicit
// association, else the VPC's main table.
func subnetRouteTable(ctx context.Context, env Env, vpc, subnet string) (*ec2types.RouteTable, error) {
	for _, f := range [][]ec2types.Filter{
		{{Name: aws.String("association.subnet-id"), Values: []string{subnet}}},
		{{Name: aws.String("vpc-id"), Values: []string{vpc}}, {Name: aws.String("association.main"), Values: []string{"true"}}},
	} {
		out, err := env.Clients.EC2.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: f})
		if err != nil {
			return nil, err
		}
		if len(out.RouteTables) > 0 {
			return &out.RouteTables[0], nil
		}
	}
	return nil, nil
}

// securityGroupByID reads one security group.
func securityGroupByID(ctx context.Context, env Env, id string) (*ec2types.SecurityGroup, *Outcome) {
	out, err := env.Clients.EC2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{id}})
	if isAPIError(err, "InvalidGroup.NotFound") || err == nil && len(out.SecurityGroups) == 0 {
		o := Mismatch("security group", id, "none")
		return nil, &o
	}
	if err != nil {
		o := Errored("read security group "+id, err)
		return nil, &o
	}
	return &out.SecurityGroups[0], nil
}

// permText describes a rule for a message: "tcp 80 from 0.0.0.0/0".
func permText(p ec2types.IpPermission, dir string) []string {
	ports := "all"
	if aws.ToString(p.IpProtocol) != "-1" {
		ports = fmt.Sprintf("%s %d", aws.ToString(p.IpProtocol), aws.ToInt32(p.FromPort))
		if aws.ToInt32(p.ToPort) != aws.ToInt32(p.FromPort) {
			ports += fmt.Sprintf("-%d", aws.ToInt32(p.ToPort))
		}
	}
	var out []string
	for _, r := range p.IpRanges {
		out = append(out, ports+" "+dir+" "+aws.ToString(r.CidrIp))
	}
	for _, r := range p.Ipv6Ranges {
		out = append(out, ports+" "+dir+" "+aws.ToString(r.CidrIpv6))
	}
	for _, g := range p.UserIdGroupPairs {
		out = append(out, ports+" "+dir+" "+aws.ToString(g.GroupId))
	}
	for _, pl := range p.PrefixListIds {
		out = append(out, ports+" "+dir+" "+aws.ToString(pl.PrefixListId))
	}
	return out
}

// isTCPPort reports whether a rule is exactly tcp on port.
func isTCPPort(p ec2types.IpPermission, port int32) bool {
	return aws.ToString(p.IpProtocol) == "tcp" && aws.ToInt32(p.FromPort) == port && aws.ToInt32(p.ToPort) == port
}

func checkSGChain(ctx context.Context, env Env) Outcome {
	albID, err := env.Output("alb_security_group_id")
	if err != nil {
		return OutputFailed(err)
	}
	taskID, err := env.Output("task_security_group_id")
	if err != nil {
		return OutputFailed(err)
	}
	alb, failed := securityGroupByID(ctx, env, albID)
	if failed != nil {
		return *failed
	}
	task, failed := securityGroupByID(ctx, env, taskID)
	if failed != nil {
		return *failed
	}
	// ALB: exactly tcp 80 from anywhere.
	var albIn []string
	for _, p := range alb.IpPermissions {
		albIn = append(albIn, permText(p, "from")...)
	}
	if want := fmt.Sprintf("tcp %d from 0.0.0.0/0", day4ListenerPort); !slices.Equal(albIn, []string{want}) {
		return Mismatch("inbound rules of the ALB security group "+albID, want+" only", orNone(strings.Join(albIn, ", ")))
	}
	// Tasks: only from the ALB's group, on the container port.
	var taskIn []string
	fromALB := false
	for _, p := range task.IpPermissions {
		taskIn = append(taskIn, permText(p, "from")...)
		if len(p.IpRanges) > 0 || len(p.Ipv6Ranges) > 0 || len(p.PrefixListIds) > 0 {
			return Mismatch("inbound rules of the task security group "+taskID, fmt.Sprintf("tcp %d from %s only (no address ranges)", day4ContainerPort, albID), strings.Join(taskIn, ", "))
		}
		for _, g := range p.UserIdGroupPairs {
			if aws.ToString(g.GroupId) != albID || !isTCPPort(p, day4ContainerPort) {
				return Mismatch("inbound rules of the task security group "+taskID, fmt.Sprintf("tcp %d from %s only", day4ContainerPort, albID), strings.Join(permText(p, "from"), ", "))
			}
			fromALB = true
		}
	}
	if !fromALB {
		return Mismatch("inbound rules of the task security group "+taskID, fmt.Sprintf("tcp %d from the ALB security group %s", day4ContainerPort, albID), orNone(strings.Join(taskIn, ", ")))
	}
	// ALB egress: to the tasks' group on the container port.
	var albOut []string
	for _, p := range alb.IpPermissionsEgress {
		albOut = append(albOut, permText(p, "to")...)
		if isTCPPort(p, day4ContainerPort) && slices.ContainsFunc(p.UserIdGroupPairs, func(g ec2types.UserIdGroupPair) bool { return aws.ToString(g.GroupId) == taskID }) {
			return Pass("internet -> ALB group %s (tcp %d) -> task group %s (tcp %d, from the ALB's group only)", albID, day4ListenerPort, taskID, day4ContainerPort)
		}
	}
	return Mismatch("outbound rules of the ALB security group "+albID, fmt.Sprintf("tcp %d to the task security group %s", day4ContainerPort, taskID), orNone(strings.Join(albOut, ", ")))
}

// targetGroup reads the target group the output names.
func targetGroup(ctx context.Context, env Env) (*elbtypes.TargetGroup, *Outcome) {
	arn, err := env.Output("target_group_arn")
	if err != nil {
		o := OutputFailed(err)
		return nil, &o
	}
	out, err := env.Clients.ELBv2.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{TargetGroupArns: []string{arn}})
	if isAPIError(err, "TargetGroupNotFound") || err == nil && len(out.TargetGroups) == 0 {
		o := Mismatch("target group", arn, "none")
		return nil, &o
	}
	if err != nil {
		o := Errored("read target group "+arn, err)
		return nil, &o
	}
	return &out.TargetGroups[0], nil
}

func checkTGHealth(ctx context.Context, env Env) Outcome {
	tg, failed := targetGroup(ctx, env)
	if failed != nil {
		return *failed
	}
	vpc, err := env.Output("vpc_id")
	if err != nil {
		return OutputFailed(err)
	}
	name := aws.ToString(tg.TargetGroupName)
	matcher := ""
	if tg.Matcher != nil {
		matcher = aws.ToString(tg.Matcher.HttpCode)
	}
	interval, healthy, unhealthy := aws.ToInt32(tg.HealthCheckIntervalSeconds), aws.ToInt32(tg.HealthyThresholdCount), aws.ToInt32(tg.UnhealthyThresholdCount)
	switch path := aws.ToString(tg.HealthCheckPath); {
	case tg.TargetType != elbtypes.TargetTypeEnumIp:
		return Mismatch("target group "+name+" target_type", "ip (Fargate tasks are registered by IP)", orNone(string(tg.TargetType)))
	case tg.Protocol != elbtypes.ProtocolEnumHttp || aws.ToInt32(tg.Port) != day4ContainerPort:
		return Mismatch("target group "+name+" protocol and port", fmt.Sprintf("HTTP %d", day4ContainerPort), fmt.Sprintf("%s %d", tg.Protocol, aws.ToInt32(tg.Port)))
	case aws.ToString(tg.VpcId) != vpc:
		return Mismatch("VPC of target group "+name, vpc, aws.ToString(tg.VpcId))
	case !strings.HasPrefix(path, "/"):
		return Mismatch("health check path of "+name, "a path such as /", orNone(path))
	case matcher != "200":
		return Mismatch("health check matcher of "+name, "200", orNone(matcher))
	case interval == 0 || interval > day4MaxInterval:
		return Mismatch("health check interval of "+name, fmt.Sprintf("%d seconds or less", day4MaxInterval), fmt.Sprintf("%d seconds", interval))
	case healthy == 0 || healthy > day4MaxHealthy:
		return Mismatch("health check healthy_threshold of "+name, fmt.Sprintf("%d or less", day4MaxHealthy), healthy)
	case unhealthy == 0 || unhealthy > day4MaxUnhealthy:
		return Mismatch("health check unhealthy_threshold of "+name, fmt.Sprintf("%d or less", day4MaxUnhealthy), unhealthy)
	default:
		return Pass("target group %s (ip, HTTP %d) checks %s for 200 every %ds: healthy after %d, unhealthy after %d", name, day4ContainerPort, path, interval, healthy, unhealthy)
	}
}

func checkListener(ctx context.Context, env Env) Outcome {
	listener, err := env.Output("listener_arn")
	if err != nil {
		return OutputFailed(err)
	}
	albARN, err := env.Output("alb_arn")
	if err != nil {
		return OutputFailed(err)
	}
	tgARN, err := env.Output("target_group_arn")
	if err != nil {
		return OutputFailed(err)
	}
	lbs, err := env.Clients.ELBv2.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{albARN}})
	if isAPIError(err, "LoadBalancerNotFound") || err == nil && len(lbs.LoadBalancers) == 0 {
		return Mismatch("load balancer", albARN, "none")
	}
	if err != nil {
		return Errored("read load balancer "+albARN, err)
	}
	lb := lbs.LoadBalancers[0]
	zones := map[string]bool{}
	for _, z := range lb.AvailabilityZones {
		zones[aws.ToString(z.ZoneName)] = true
	}
	switch {
	case lb.Type != elbtypes.LoadBalancerTypeEnumApplication:
		return Mismatch("load balancer type", "application", orNone(string(lb.Type)))
	case lb.Scheme != elbtypes.LoadBalancerSchemeEnumInternetFacing:
		return Mismatch("ALB scheme", "internet-facing (internal = false)", orNone(string(lb.Scheme)))
	case len(zones) < 2:
		return Mismatch("availability zones of the ALB", "two", strings.Join(sortedKeys(zones), ", "))
	}
	ls, err := env.Clients.ELBv2.DescribeListeners(ctx, &elb.DescribeListenersInput{ListenerArns: []string{listener}})
	if isAPIError(err, "ListenerNotFound") || err == nil && len(ls.Listeners) == 0 {
		return Mismatch("listener", listener, "none")
	}
	if err != nil {
		return Errored("read listener "+listener, err)
	}
	l := ls.Listeners[0]
	switch {
	case aws.ToString(l.LoadBalancerArn) != albARN:
		return Mismatch("load balancer of listener "+listener, albARN, aws.ToString(l.LoadBalancerArn))
	case aws.ToInt32(l.Port) != day4ListenerPort || l.Protocol != elbtypes.ProtocolEnumHttp:
		return Mismatch("listener port and protocol", fmt.Sprintf("HTTP %d", day4ListenerPort), fmt.Sprintf("%s %d", l.Protocol, aws.ToInt32(l.Port)))
	}
	var actions []string
	for _, a := range l.DefaultActions {
		targets := []string{aws.ToString(a.TargetGroupArn)}
		if a.ForwardConfig != nil && aws.ToString(a.TargetGroupArn) == "" {
			targets = nil
			for _, t := range a.ForwardConfig.TargetGroups {
				targets = append(targets, aws.ToString(t.TargetGroupArn))
			}
		}
		actions = append(actions, strings.TrimSpace(string(a.Type)+" "+strings.Join(targets, ",")))
		if a.Type == elbtypes.ActionTypeEnumForward && slices.Equal(targets, []string{tgARN}) {
			return Pass("internet-facing ALB %s spans %s; listener HTTP %d forwards to %s", aws.ToString(lb.LoadBalancerName), strings.Join(sortedKeys(zones), " and "), day4ListenerPort, arnName(tgARN))
		}
	}
	return Mismatch("default action of listener HTTP 80", "forward to "+tgARN, orNone(strings.Join(actions, "; ")))
}

func checkServiceALB(ctx context.Context, env Env) Outcome {
	cluster, err := env.Output("cluster_name")
	if err != nil {
		return OutputFailed(err)
	}
	name, err := env.Output("service_name")
	if err != nil {
		return OutputFailed(err)
	}
	tgARN, err := env.Output("target_group_arn")
	if err != nil {
		return OutputFailed(err)
	}
	taskSG, err := env.Output("task_security_group_id")
	if err != nil {
		return OutputFailed(err)
	}
	subnets, failed := subnetIDs(env)
	if failed != nil {
		return *failed
	}
	svc, failed := ecsService(ctx, env, cluster, name)
	if failed != nil {
		return *failed
	}
	if svc.LaunchType != ecstypes.LaunchTypeFargate {
		return Mismatch("service "+name+" launch_type", "FARGATE", orNone(string(svc.LaunchType)))
	}
	var lbs []string
	registered := false
	for _, lb := range svc.LoadBalancers {
		lbs = append(lbs, fmt.Sprintf("%s %s:%d", arnName(aws.ToString(lb.TargetGroupArn)), aws.ToString(lb.ContainerName), aws.ToInt32(lb.ContainerPort)))
		if aws.ToString(lb.TargetGroupArn) == tgARN && aws.ToString(lb.ContainerName) == day4Container && aws.ToInt32(lb.ContainerPort) == day4ContainerPort {
			registered = true
		}
	}
	if !registered {
		return Mismatch("load_balancer of service "+name, fmt.Sprintf("%s with container %s:%d", tgARN, day4Container, day4ContainerPort), orNone(strings.Join(lbs, ", ")))
	}
	var nc *ecstypes.AwsVpcConfiguration
	if svc.NetworkConfiguration != nil {
		nc = svc.NetworkConfiguration.AwsvpcConfiguration
	}
	if nc == nil {
		return Mismatch("network_configuration of service "+name, "the public subnets and the task security group", "none")
	}
	gotSubnets, wantSubnets := slices.Sorted(slices.Values(nc.Subnets)), slices.Sorted(slices.Values(subnets))
	switch {
	case !slices.Equal(gotSubnets, wantSubnets):
		return Mismatch("subnets of service "+name, strings.Join(wantSubnets, ", ")+" (output public_subnet_ids)", orNone(strings.Join(gotSubnets, ", ")))
	case !slices.Equal(nc.SecurityGroups, []string{taskSG}):
		return Mismatch("security groups of service "+name, taskSG+" (output task_security_group_id)", orNone(strings.Join(nc.SecurityGroups, ", ")))
	}
	grace := aws.ToInt32(svc.HealthCheckGracePeriodSeconds)
	if svc.HealthCheckGracePeriodSeconds == nil && env.Target == TargetSandbox {
		// moto does not keep the grace period, so the sandbox cannot
		// show it either way; the pass says so.
		return Pass("service %s (FARGATE) registers container %s:%d in %s from subnets %s with group %s; the grace period is not checked: the sandbox does not record it", name, day4Container, day4ContainerPort, arnName(tgARN), strings.Join(wantSubnets, ", "), taskSG)
	}
	if grace <= 0 {
		return Mismatch("health_check_grace_period_seconds of service "+name, "more than 0 (60)", grace)
	}
	return Pass("service %s (FARGATE) registers container %s:%d in %s from subnets %s with group %s, grace period %ds", name, day4Container, day4ContainerPort, arnName(tgARN), strings.Join(wantSubnets, ", "), taskSG, grace)
}

func checkScaling(ctx context.Context, env Env) Outcome {
	cluster, err := env.Output("cluster_name")
	if err != nil {
		return OutputFailed(err)
	}
	name, err := env.Output("service_name")
	if err != nil {
		return OutputFailed(err)
	}
	policyARN, err := env.Output("scaling_policy_arn")
	if err != nil {
		return OutputFailed(err)
	}
	resource := "service/" + cluster + "/" + name
	c := env.Clients.AutoScaling
	ts, err := c.DescribeScalableTargets(ctx, &aas.DescribeScalableTargetsInput{ServiceNamespace: aastypes.ServiceNamespaceEcs, ResourceIds: []string{resource}})
	if err != nil {
		return Errored("read the scalable targets of "+resource, err)
	}
	var target *aastypes.ScalableTarget
	for i, t := range ts.ScalableTargets {
		if string(t.ScalableDimension) == day4Dimension {
			target = &ts.ScalableTargets[i]
		}
	}
	if target == nil {
		return Mismatch("scalable target", resource+" ("+day4Dimension+")", "none")
	}
	if aws.ToInt32(target.MinCapacity) != day4MinCapacity || aws.ToInt32(target.MaxCapacity) != day4MaxCapacity {
		return Mismatch("capacity of scalable target "+resource, fmt.Sprintf("min %d, max %d", day4MinCapacity, day4MaxCapacity), fmt.Sprintf("min %d, max %d", aws.ToInt32(target.MinCapacity), aws.ToInt32(target.MaxCapacity)))
	}
	ps, err := c.DescribeScalingPolicies(ctx, &aas.DescribeScalingPoliciesInput{ServiceNamespace: aastypes.ServiceNamespaceEcs, ResourceId: aws.String(resource)})
	if err != nil {
		return Errored("read the scaling policies of "+resource, err)
	}
	var names []string
	for _, p := range ps.ScalingPolicies {
		names = append(names, aws.ToString(p.PolicyName))
		if aws.ToString(p.PolicyARN) != policyARN {
			continue
		}
		cfg := p.TargetTrackingScalingPolicyConfiguration
		metric := ""
		if cfg != nil && cfg.PredefinedMetricSpecification != nil {
			metric = string(cfg.PredefinedMetricSpecification.PredefinedMetricType)
		}
		switch {
		case p.PolicyType != aastypes.PolicyTypeTargetTrackingScaling:
			return Mismatch("type of scaling policy "+aws.ToString(p.PolicyName), "TargetTrackingScaling", orNone(string(p.PolicyType)))
		case metric != day4CPUMetric:
			return Mismatch("metric of scaling policy "+aws.ToString(p.PolicyName), day4CPUMetric, orNone(metric))
		case aws.ToFloat64(cfg.TargetValue) != day4CPUTarget:
			return Mismatch("target value of scaling policy "+aws.ToString(p.PolicyName), day4CPUTarget, aws.ToFloat64(cfg.TargetValue))
		}
		return Pass("%s scales between %d and %d tasks to keep average CPU at %g%% (policy %s)", resource, day4MinCapacity, day4MaxCapacity, day4CPUTarget, aws.ToString(p.PolicyName))
	}
	return Mismatch("scaling policies of "+resource, policyARN+" (output scaling_policy_arn)", orNone(strings.Join(names, ", ")))
}

// arnSuffix is what Terraform's arn_suffix gives: the part of an ELB ARN
// after "loadbalancer/" (app/...), or the target group's "targetgroup/...".
func arnSuffix(arn string) string {
	if i := strings.Index(arn, ":loadbalancer/"); i >= 0 {
		return arn[i+len(":loadbalancer/"):]
	}
	if i := strings.Index(arn, ":targetgroup/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

func checkUnhealthyAlarm(ctx context.Context, env Env) Outcome {
	name, err := env.Output("alarm_name")
	if err != nil {
		return OutputFailed(err)
	}
	topic, err := env.Output("alarm_topic_arn")
	if err != nil {
		return OutputFailed(err)
	}
	tgARN, err := env.Output("target_group_arn")
	if err != nil {
		return OutputFailed(err)
	}
	albARN, err := env.Output("alb_arn")
	if err != nil {
		return OutputFailed(err)
	}
	out, err := env.Clients.CloudWatch.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{name}})
	if err != nil {
		return Errored("read alarm "+name, err)
	}
	if len(out.MetricAlarms) == 0 {
		return Mismatch("CloudWatch alarm", name, "none")
	}
	a := out.MetricAlarms[0]
	dims := map[string]string{}
	for _, d := range a.Dimensions {
		dims[aws.ToString(d.Name)] = aws.ToString(d.Value)
	}
	threshold := aws.ToFloat64(a.Threshold)
	fires := a.ComparisonOperator == cwtypes.ComparisonOperatorGreaterThanThreshold && threshold == 0 ||
		a.ComparisonOperator == cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold && threshold == 1
	switch {
	case aws.ToString(a.Namespace) != "AWS/ApplicationELB" || aws.ToString(a.MetricName) != "UnHealthyHostCount":
		return Mismatch("metric of alarm "+name, "AWS/ApplicationELB UnHealthyHostCount", aws.ToString(a.Namespace)+" "+aws.ToString(a.MetricName))
	case dims["TargetGroup"] != arnSuffix(tgARN) || dims["LoadBalancer"] != arnSuffix(albARN):
		return Mismatch("dimensions of alarm "+name, "TargetGroup="+arnSuffix(tgARN)+", LoadBalancer="+arnSuffix(albARN)+" (arn_suffix)", tagList(dims))
	case !fires:
		return Mismatch("condition of alarm "+name, "GreaterThanThreshold 0 (one unhealthy target is enough)", fmt.Sprintf("%s %g", a.ComparisonOperator, threshold))
	case !slices.Contains(a.AlarmActions, topic):
		return Mismatch("alarm_actions of "+name, topic+" (output alarm_topic_arn)", orNone(strings.Join(a.AlarmActions, ", ")))
	}
	if _, err := env.Clients.SNS.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(topic)}); err != nil {
		if isAPIError(err, "NotFound") {
			return Mismatch("SNS topic", topic, "none")
		}
		return Errored("read topic "+topic, err)
	}
	return Pass("alarm %s fires on any unhealthy target of %s and notifies %s", name, arnSuffix(tgARN), arnName(topic))
}

func checkALBHTTP(ctx context.Context, env Env) Outcome {
	dns, err := env.Output("alb_dns_name")
	if err != nil {
		return OutputFailed(err)
	}
	url := "http://" + strings.TrimSuffix(dns, "/") + "/"
	code, err := httpGet(ctx, env, url, "")
	if err != nil {
		return Errored("call GET "+url, err)
	}
	if code != http.StatusOK {
		return Mismatch("status of GET "+url, http.StatusOK, code)
	}
	return Pass("GET %s answered 200", url)
}

func checkTargetsHealthy(ctx context.Context, env Env) Outcome {
	arn, err := env.Output("target_group_arn")
	if err != nil {
		return OutputFailed(err)
	}
	out, err := env.Clients.ELBv2.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(arn)})
	if err != nil {
		return Errored("read the target health of "+arn, err)
	}
	var states []string
	healthy := 0
	for _, d := range out.TargetHealthDescriptions {
		id := ""
		if d.Target != nil {
			id = fmt.Sprintf("%s:%d", aws.ToString(d.Target.Id), aws.ToInt32(d.Target.Port))
		}
		state := ""
		if d.TargetHealth != nil {
			state = string(d.TargetHealth.State)
			if d.TargetHealth.Reason != "" {
				state += " (" + string(d.TargetHealth.Reason) + ")"
			}
			if d.TargetHealth.State == elbtypes.TargetHealthStateEnumHealthy {
				healthy++
			}
		}
		states = append(states, id+" "+orNone(state))
	}
	if healthy == 0 {
		return Mismatch("healthy targets in "+arnName(arn), "at least one", orNone(strings.Join(states, ", ")))
	}
	return Pass("%d of %d target(s) in %s are healthy", healthy, len(states), arnSuffix(arn))
}
