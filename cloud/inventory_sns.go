package cloud

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

func init() {
	registerKind("aws_sns_topic", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			return snsTags(ctx, c.SNS, it.ID)
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.SNS.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: aws.String(it.ID)})
			return err
		},
	})
	// A subscription cannot be tagged: it is awstutor's when its topic is.
	registerKind("aws_sns_topic_subscription", kind{
		phase: phaseChildren,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			topic, _ := it.Attrs["topic_arn"].(string)
			return snsTags(ctx, c.SNS, topic)
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.SNS.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: aws.String(it.ID)})
			return err
		},
	})
}

// snsLister lists SNS topics (aws_sns_topic, id = ARN) and their confirmed
// subscriptions (aws_sns_topic_subscription, id = subscription ARN). SNS
// reports no creation time.
type snsLister struct {
	c      *sns.Client
	region string
}

func (snsLister) Service() string { return "sns" }

func (l snsLister) List(ctx context.Context) ([]Item, error) {
	var arns []string
	p := sns.NewListTopicsPaginator(l.c, &sns.ListTopicsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range page.Topics {
			arns = append(arns, aws.ToString(t.TopicArn))
		}
	}
	topics := make([]Item, len(arns))
	err := forEach(ctx, len(arns), func(ctx context.Context, i int) error {
		tags, err := snsTags(ctx, l.c, arns[i])
		if err != nil {
			return skipGone(err)
		}
		name := arns[i][strings.LastIndexByte(arns[i], ':')+1:]
		topics[i] = newItem("aws_sns_topic", arns[i], arns[i], l.region, zeroTime, tags, map[string]any{
			"name":       name,
			"fifo_topic": strings.HasSuffix(name, ".fifo"),
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	items := compact(topics)
	byTopic := map[string]Item{}
	for _, t := range items {
		byTopic[t.ID] = t
	}

	ps := sns.NewListSubscriptionsPaginator(l.c, &sns.ListSubscriptionsInput{})
	for ps.HasMorePages() {
		page, err := ps.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range page.Subscriptions {
			arn := aws.ToString(s.SubscriptionArn)
			// A pending subscription has no ARN yet ("PendingConfirmation")
			// and cannot be unsubscribed; it lapses by itself.
			if !strings.HasPrefix(arn, "arn:") {
				continue
			}
			topicARN := aws.ToString(s.TopicArn)
			topic, ok := byTopic[topicARN]
			if !ok {
				continue // its topic is gone or in another region
			}
			items = append(items, newItem("aws_sns_topic_subscription", arn, arn, l.region, zeroTime, topic.Tags, map[string]any{
				"topic_arn": topicARN,
				"protocol":  aws.ToString(s.Protocol),
				"endpoint":  aws.ToString(s.Endpoint),
			}))
		}
	}
	return items, nil
}

func snsTags(ctx context.Context, c *sns.Client, arn string) (map[string]string, error) {
	out, err := c.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	tags := map[string]string{}
	for _, t := range out.Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}
