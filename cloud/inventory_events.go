package cloud

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

func init() {
	registerKind("aws_cloudwatch_event_rule", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			if _, err := c.Events.DescribeRule(ctx, &eventbridge.DescribeRuleInput{
				Name: aws.String(attrString(it, "name")), EventBusName: aws.String(attrString(it, "event_bus_name")),
			}); err != nil {
				return nil, err
			}
			return eventTags(ctx, c.Events, it.ARN)
		},
		del: deleteRule,
	})
}

// eventsLister lists EventBridge rules on every event bus
// (aws_cloudwatch_event_rule, id = "bus/name" as the provider writes it for
// a custom bus, the bare name on the default bus). Rules that AWS services
// manage for themselves are left out. EventBridge reports no creation
// time.
type eventsLister struct {
	c      *eventbridge.Client
	region string
}

func (eventsLister) Service() string { return "events" }

func (l eventsLister) List(ctx context.Context) ([]Item, error) {
	var buses []string
	var token *string
	for {
		out, err := l.c.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{NextToken: token, Limit: aws.Int32(100)})
		if err != nil {
			return nil, err
		}
		for _, b := range out.EventBuses {
			buses = append(buses, aws.ToString(b.Name))
		}
		if aws.ToString(out.NextToken) == "" {
			break
		}
		token = out.NextToken
	}
	var rules []ebtypes.Rule
	for _, bus := range buses {
		var token *string
		for {
			out, err := l.c.ListRules(ctx, &eventbridge.ListRulesInput{EventBusName: aws.String(bus), NextToken: token, Limit: aws.Int32(100)})
			if err != nil {
				return nil, skipGone(err)
			}
			for _, r := range out.Rules {
				if aws.ToString(r.ManagedBy) == "" {
					rules = append(rules, r)
				}
			}
			if aws.ToString(out.NextToken) == "" {
				break
			}
			token = out.NextToken
		}
	}
	items := make([]Item, len(rules))
	err := forEach(ctx, len(rules), func(ctx context.Context, i int) error {
		r := rules[i]
		tags, err := eventTags(ctx, l.c, aws.ToString(r.Arn))
		if err != nil {
			return skipGone(err)
		}
		name, bus := aws.ToString(r.Name), aws.ToString(r.EventBusName)
		if bus == "" {
			bus = "default"
		}
		id := name
		if bus != "default" {
			id = bus + "/" + name
		}
		attrs := map[string]any{
			"name":           name,
			"event_bus_name": bus,
			"state":          string(r.State),
		}
		if s := aws.ToString(r.ScheduleExpression); s != "" {
			attrs["schedule_expression"] = s
		}
		items[i] = newItem("aws_cloudwatch_event_rule", id, aws.ToString(r.Arn), l.region, zeroTime, tags, attrs)
		return nil
	})
	return compact(items), err
}

func eventTags(ctx context.Context, c *eventbridge.Client, arn string) (map[string]string, error) {
	out, err := c.ListTagsForResource(ctx, &eventbridge.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	tags := map[string]string{}
	for _, t := range out.Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}

// deleteRule removes the rule's targets, which EventBridge requires gone
// first, then the rule.
func deleteRule(ctx context.Context, c *Clients, it Item) error {
	name, bus := aws.String(attrString(it, "name")), aws.String(attrString(it, "event_bus_name"))
	var token *string
	for {
		out, err := c.Events.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: name, EventBusName: bus, NextToken: token, Limit: aws.Int32(100)})
		if err != nil {
			return err
		}
		if len(out.Targets) > 0 {
			ids := make([]string, len(out.Targets))
			for i, t := range out.Targets {
				ids[i] = aws.ToString(t.Id)
			}
			if _, err := c.Events.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: name, EventBusName: bus, Ids: ids}); err != nil {
				return err
			}
		}
		if aws.ToString(out.NextToken) == "" {
			break
		}
		token = out.NextToken
	}
	_, err := c.Events.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: name, EventBusName: bus})
	return err
}
