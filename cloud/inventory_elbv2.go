package cloud

import (
	"context"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// elbTagBatch is the most ARNs DescribeTags takes in one call.
const elbTagBatch = 20

func init() {
	registerKind("aws_lb", kind{
		phase: phaseLoadBalancers,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			return elbTagsOf(ctx, c.ELBv2, it.ARN)
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.ELBv2.DeleteLoadBalancer(ctx, &elb.DeleteLoadBalancerInput{LoadBalancerArn: aws.String(it.ARN)})
			return err
		},
	})
	registerKind("aws_lb_target_group", kind{
		phase: phaseTargetGroups,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			return elbTagsOf(ctx, c.ELBv2, it.ARN)
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.ELBv2.DeleteTargetGroup(ctx, &elb.DeleteTargetGroupInput{TargetGroupArn: aws.String(it.ARN)})
			return err
		},
	})
	registerKind("aws_lb_listener", kind{
		phase: phaseListeners,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			own, err := elbTagsOf(ctx, c.ELBv2, it.ARN)
			if err != nil {
				return nil, err
			}
			lbTags, err := elbTagsOf(ctx, c.ELBv2, attrString(it, "load_balancer_arn"))
			if err != nil && !isNotFound(err) {
				return nil, err
			}
			return listenerTags(own, lbTags), nil
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.ELBv2.DeleteListener(ctx, &elb.DeleteListenerInput{ListenerArn: aws.String(it.ARN)})
			return err
		},
	})
}

// elbv2Lister lists load balancers (aws_lb), target groups
// (aws_lb_target_group) and listeners (aws_lb_listener), each by ARN, the
// provider's id for all three.
type elbv2Lister struct {
	c      *elb.Client
	region string
}

func (elbv2Lister) Service() string { return "elasticloadbalancing" }

func (l elbv2Lister) List(ctx context.Context) ([]Item, error) {
	var lbs []elbtypes.LoadBalancer
	p := elb.NewDescribeLoadBalancersPaginator(l.c, &elb.DescribeLoadBalancersInput{PageSize: aws.Int32(400)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		lbs = append(lbs, page.LoadBalancers...)
	}
	var tgs []elbtypes.TargetGroup
	pt := elb.NewDescribeTargetGroupsPaginator(l.c, &elb.DescribeTargetGroupsInput{PageSize: aws.Int32(400)})
	for pt.HasMorePages() {
		page, err := pt.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		tgs = append(tgs, page.TargetGroups...)
	}
	perLB := make([][]elbtypes.Listener, len(lbs))
	err := forEach(ctx, len(lbs), func(ctx context.Context, i int) error {
		pl := elb.NewDescribeListenersPaginator(l.c, &elb.DescribeListenersInput{
			LoadBalancerArn: lbs[i].LoadBalancerArn, PageSize: aws.Int32(400),
		})
		for pl.HasMorePages() {
			page, err := pl.NextPage(ctx)
			if err != nil {
				return skipGone(err)
			}
			perLB[i] = append(perLB[i], page.Listeners...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	var arns []string
	for _, lb := range lbs {
		arns = append(arns, aws.ToString(lb.LoadBalancerArn))
	}
	for _, tg := range tgs {
		arns = append(arns, aws.ToString(tg.TargetGroupArn))
	}
	for _, ls := range perLB {
		for _, li := range ls {
			arns = append(arns, aws.ToString(li.ListenerArn))
		}
	}
	tags, err := elbTags(ctx, l.c, arns)
	if err != nil {
		return nil, err
	}

	var items []Item
	for i, lb := range lbs {
		arn := aws.ToString(lb.LoadBalancerArn)
		var subnets []string
		for _, az := range lb.AvailabilityZones {
			subnets = append(subnets, aws.ToString(az.SubnetId))
		}
		items = append(items, newItem("aws_lb", arn, arn, l.region, aws.ToTime(lb.CreatedTime), tags[arn], map[string]any{
			"name":               aws.ToString(lb.LoadBalancerName),
			"load_balancer_type": string(lb.Type),
			"internal":           lb.Scheme == elbtypes.LoadBalancerSchemeEnumInternal,
			"ip_address_type":    string(lb.IpAddressType),
			"subnets":            strings2any(subnets),
			"security_groups":    strings2any(lb.SecurityGroups),
			"vpc_id":             aws.ToString(lb.VpcId),
			"dns_name":           aws.ToString(lb.DNSName),
		}))
		for _, li := range perLB[i] {
			larn := aws.ToString(li.ListenerArn)
			items = append(items, newItem("aws_lb_listener", larn, larn, l.region, zeroTime, listenerTags(tags[larn], tags[arn]), map[string]any{
				"load_balancer_arn": arn,
				"port":              numAttr(aws.ToInt32(li.Port)),
				"protocol":          string(li.Protocol),
			}))
		}
	}
	for _, tg := range tgs {
		arn := aws.ToString(tg.TargetGroupArn)
		items = append(items, newItem("aws_lb_target_group", arn, arn, l.region, zeroTime, tags[arn], map[string]any{
			"name":        aws.ToString(tg.TargetGroupName),
			"port":        numAttr(aws.ToInt32(tg.Port)),
			"protocol":    string(tg.Protocol),
			"target_type": string(tg.TargetType),
			"vpc_id":      aws.ToString(tg.VpcId),
		}))
	}
	return items, nil
}

// listenerTags are a listener's own tags over its load balancer's. A
// listener cannot outlive its load balancer, so one that carries no tags of
// its own (older listeners, or emulators that drop them) belongs to whoever
// owns the load balancer.
func listenerTags(own, lb map[string]string) map[string]string {
	m := maps.Clone(lb)
	if m == nil {
		m = map[string]string{}
	}
	maps.Copy(m, own)
	return m
}

// elbTags reads the tags of many resources, twenty ARNs a call.
func elbTags(ctx context.Context, c *elb.Client, arns []string) (map[string]map[string]string, error) {
	batches := slices.Collect(slices.Chunk(arns, elbTagBatch))
	results := make([][]elbtypes.TagDescription, len(batches))
	err := forEach(ctx, len(batches), func(ctx context.Context, i int) error {
		out, err := c.DescribeTags(ctx, &elb.DescribeTagsInput{ResourceArns: batches[i]})
		if err != nil {
			return err
		}
		results[i] = out.TagDescriptions
		return nil
	})
	if err != nil {
		return nil, err
	}
	tags := map[string]map[string]string{}
	for _, r := range results {
		for _, d := range r {
			m := map[string]string{}
			for _, t := range d.Tags {
				m[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			tags[aws.ToString(d.ResourceArn)] = m
		}
	}
	return tags, nil
}

func elbTagsOf(ctx context.Context, c *elb.Client, arn string) (map[string]string, error) {
	tags, err := elbTags(ctx, c, []string{arn})
	if err != nil {
		return nil, err
	}
	return tags[arn], nil
}
