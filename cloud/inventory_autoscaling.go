package cloud

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
)

func init() {
	registerKind("aws_appautoscaling_target", kind{
		phase: phaseScalingTargets,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			l := autoScalingLister{c.AutoScaling, c.ECS, c.Config.Region, isSandbox(c.Target)}
			if _, err := l.target(ctx, it.ID, attrString(it, "scalable_dimension")); err != nil {
				return nil, err
			}
			return l.targetTags(ctx, it.ARN, it.ID)
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.AutoScaling.DeregisterScalableTarget(ctx, &aas.DeregisterScalableTargetInput{
				ServiceNamespace:  aastypes.ServiceNamespace(attrString(it, "service_namespace")),
				ResourceId:        aws.String(it.ID),
				ScalableDimension: aastypes.ScalableDimension(attrString(it, "scalable_dimension")),
			})
			return err
		},
	})
	// A scaling policy cannot be tagged: it is awstutor's when the target
	// it scales is.
	registerKind("aws_appautoscaling_policy", kind{
		phase: phaseScalingPolicies,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			l := autoScalingLister{c.AutoScaling, c.ECS, c.Config.Region, isSandbox(c.Target)}
			resourceID := attrString(it, "resource_id")
			target, err := l.target(ctx, resourceID, attrString(it, "scalable_dimension"))
			if err != nil {
				return nil, err
			}
			return l.targetTags(ctx, aws.ToString(target.ScalableTargetARN), resourceID)
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.AutoScaling.DeleteScalingPolicy(ctx, &aas.DeleteScalingPolicyInput{
				PolicyName:        aws.String(it.ID),
				ServiceNamespace:  aastypes.ServiceNamespace(attrString(it, "service_namespace")),
				ResourceId:        aws.String(attrString(it, "resource_id")),
				ScalableDimension: aastypes.ScalableDimension(attrString(it, "scalable_dimension")),
			})
			return err
		},
	})
}

// autoScalingLister lists Application Auto Scaling targets
// (aws_appautoscaling_target, id = resource id such as
// "service/cluster/web") and their policies (aws_appautoscaling_policy,
// id = policy name) for ECS services, the only kind the labs scale.
//
// moto does not serve the service's tagging API (ListTagsForResource is
// not implemented there), so on the sandbox a target's tags are those of
// the ECS service it scales; on AWS they are the target's own.
type autoScalingLister struct {
	c       *aas.Client
	ecs     *ecs.Client
	region  string
	sandbox bool
}

func (autoScalingLister) Service() string { return "application-autoscaling" }

func (l autoScalingLister) List(ctx context.Context) ([]Item, error) {
	var targets []aastypes.ScalableTarget
	p := aas.NewDescribeScalableTargetsPaginator(l.c, &aas.DescribeScalableTargetsInput{
		ServiceNamespace: aastypes.ServiceNamespaceEcs, MaxResults: aws.Int32(50),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		targets = append(targets, page.ScalableTargets...)
	}
	items := make([]Item, len(targets))
	err := forEach(ctx, len(targets), func(ctx context.Context, i int) error {
		t := targets[i]
		id := aws.ToString(t.ResourceId)
		tags, err := l.targetTags(ctx, aws.ToString(t.ScalableTargetARN), id)
		if err != nil {
			return skipGone(err)
		}
		items[i] = newItem("aws_appautoscaling_target", id, aws.ToString(t.ScalableTargetARN), l.region,
			aws.ToTime(t.CreationTime), tags, map[string]any{
				"service_namespace":  string(t.ServiceNamespace),
				"resource_id":        id,
				"scalable_dimension": string(t.ScalableDimension),
				"min_capacity":       numAttr(aws.ToInt32(t.MinCapacity)),
				"max_capacity":       numAttr(aws.ToInt32(t.MaxCapacity)),
			})
		return nil
	})
	if err != nil {
		return nil, err
	}
	items = compact(items)
	byTarget := map[string]Item{}
	for _, t := range items {
		byTarget[t.ID+"|"+attrString(t, "scalable_dimension")] = t
	}

	pp := aas.NewDescribeScalingPoliciesPaginator(l.c, &aas.DescribeScalingPoliciesInput{
		ServiceNamespace: aastypes.ServiceNamespaceEcs, MaxResults: aws.Int32(50),
	})
	for pp.HasMorePages() {
		page, err := pp.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, sp := range page.ScalingPolicies {
			rid := aws.ToString(sp.ResourceId)
			target, ok := byTarget[rid+"|"+string(sp.ScalableDimension)]
			if !ok {
				continue // its target was deregistered meanwhile
			}
			items = append(items, newItem("aws_appautoscaling_policy", aws.ToString(sp.PolicyName), aws.ToString(sp.PolicyARN),
				l.region, aws.ToTime(sp.CreationTime), target.Tags, map[string]any{
					"name":               aws.ToString(sp.PolicyName),
					"policy_type":        string(sp.PolicyType),
					"service_namespace":  string(sp.ServiceNamespace),
					"resource_id":        rid,
					"scalable_dimension": string(sp.ScalableDimension),
				}))
		}
	}
	return items, nil
}

// target describes one scalable target; errGone when it is not
// registered.
func (l autoScalingLister) target(ctx context.Context, resourceID, dimension string) (aastypes.ScalableTarget, error) {
	out, err := l.c.DescribeScalableTargets(ctx, &aas.DescribeScalableTargetsInput{
		ServiceNamespace: aastypes.ServiceNamespaceEcs, ResourceIds: []string{resourceID},
		ScalableDimension: aastypes.ScalableDimension(dimension),
	})
	if err != nil {
		return aastypes.ScalableTarget{}, err
	}
	if len(out.ScalableTargets) == 0 {
		return aastypes.ScalableTarget{}, errGone
	}
	return out.ScalableTargets[0], nil
}

// targetTags reads a scalable target's tags: its own on AWS, those of the
// ECS service it scales on the sandbox.
func (l autoScalingLister) targetTags(ctx context.Context, arn, resourceID string) (map[string]string, error) {
	if !l.sandbox && arn != "" {
		out, err := l.c.ListTagsForResource(ctx, &aas.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
		if err != nil {
			return nil, err
		}
		return out.Tags, nil
	}
	// resource id: "service/<cluster>/<service>".
	parts := strings.SplitN(resourceID, "/", 3)
	if len(parts) != 3 || parts[0] != "service" {
		return map[string]string{}, nil
	}
	svc, err := describeService(ctx, l.ecs, parts[1], parts[2])
	if isNotFound(err) {
		// The service is gone; the orphaned target is nobody's to judge.
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	return ecsTags(svc.Tags), nil
}
