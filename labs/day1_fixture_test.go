package labs

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"awstutor/cloud"
)

// day1Prefix is the default of the lab's var.prefix.
const day1Prefix = "awstutor-d1"

// day1Fixture is what labs/content/day1-messaging/solution creates, made
// through the SDK on moto resource by resource, with the same names,
// settings and default tags, and in the same order Terraform's
// dependencies impose.
type day1Fixture struct {
	t   testing.TB
	ctx context.Context
	c   *cloud.Clients

	ordersURL, ordersARN string
	fifoURL              string
	dlqURL, dlqARN       string
	notifyURL, notifyARN string
	eventsARN, alertsARN string
	ordersSub, notifySub string
	alarmName            string
}

// newDay1Fixture creates the solution's resources on the emulator behind c.
func newDay1Fixture(t testing.TB, ctx context.Context, c *cloud.Clients) *day1Fixture {
	t.Helper()
	f := &day1Fixture{t: t, ctx: ctx, c: c}

	// queues.tf
	f.ordersURL, f.ordersARN = f.queue(day1Prefix+"-orders", map[string]string{
		"VisibilityTimeout":             "30",
		"ReceiveMessageWaitTimeSeconds": "20",
		"MessageRetentionPeriod":        "345600",
	})
	f.fifoURL, _ = f.queue(day1Prefix+"-orders.fifo", map[string]string{
		"FifoQueue":                     "true",
		"ContentBasedDeduplication":     "true",
		"VisibilityTimeout":             "30",
		"ReceiveMessageWaitTimeSeconds": "20",
	})

	// dlq.tf
	f.dlqURL, f.dlqARN = f.queue(day1Prefix+"-orders-dlq", map[string]string{
		"MessageRetentionPeriod": "1209600",
	})
	f.setQueueAttrs(f.ordersURL, map[string]string{"RedrivePolicy": f.redrive(3)})

	// fanout.tf
	f.eventsARN = f.topic(day1Prefix + "-order-events")
	f.notifyURL, f.notifyARN = f.queue(day1Prefix+"-notify", map[string]string{
		"VisibilityTimeout":             "30",
		"ReceiveMessageWaitTimeSeconds": "20",
	})
	// The orders policy is set after the redrive policy (depends_on in
	// the solution): both change attributes of the same queue.
	f.setQueueAttrs(f.ordersURL, map[string]string{"Policy": f.queuePolicy(f.ordersARN)})
	f.setQueueAttrs(f.notifyURL, map[string]string{"Policy": f.queuePolicy(f.notifyARN)})
	f.ordersSub = f.subscribe(f.ordersARN, map[string]string{"RawMessageDelivery": "true"})
	f.notifySub = f.subscribe(f.notifyARN, map[string]string{"FilterPolicy": `{"type":["ORDER_PAID"]}`})

	// alarm.tf
	f.alertsARN = f.topic(day1Prefix + "-alerts")
	f.alarmName = day1Prefix + "-orders-dlq-not-empty"
	f.putAlarm(func(in *cloudwatch.PutMetricAlarmInput) {})
	return f
}

// outputs are the solution's outputs, as the state file holds them.
func (f *day1Fixture) outputs() map[string]any {
	return map[string]any{
		"orders_queue_url":      f.ordersURL,
		"orders_fifo_queue_url": f.fifoURL,
		"orders_dlq_url":        f.dlqURL,
		"notify_queue_url":      f.notifyURL,
		"events_topic_arn":      f.eventsARN,
		"alerts_topic_arn":      f.alertsARN,
	}
}

func (f *day1Fixture) must(what string, err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("fixture: %s: %v", what, err)
	}
}

func (f *day1Fixture) queue(name string, attrs map[string]string) (url, arn string) {
	f.t.Helper()
	out, err := f.c.SQS.CreateQueue(f.ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs, Tags: courseTags(day1)})
	f.must("create queue "+name, err)
	a, err := queueAttributes(f.ctx, f.c.SQS, aws.ToString(out.QueueUrl))
	f.must("read queue "+name, err)
	return aws.ToString(out.QueueUrl), a[string(sqstypes.QueueAttributeNameQueueArn)]
}

func (f *day1Fixture) setQueueAttrs(url string, attrs map[string]string) {
	f.t.Helper()
	_, err := f.c.SQS.SetQueueAttributes(f.ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url), Attributes: attrs})
	f.must("set attributes of "+url, err)
}

// redrive is the solution's jsonencode({deadLetterTargetArn, maxReceiveCount}).
func (f *day1Fixture) redrive(maxReceives int) string {
	raw, _ := json.Marshal(map[string]any{"deadLetterTargetArn": f.dlqARN, "maxReceiveCount": maxReceives})
	return string(raw)
}

// queuePolicy is the JSON data.aws_iam_policy_document renders for the
// solution's statement.
func (f *day1Fixture) queuePolicy(queueARN string) string {
	raw, _ := json.Marshal(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid":       "AllowOrderEventsTopic",
			"Effect":    "Allow",
			"Action":    "sqs:SendMessage",
			"Resource":  queueARN,
			"Principal": map[string]any{"Service": "sns.amazonaws.com"},
			"Condition": map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": f.eventsARN}},
		}},
	})
	return string(raw)
}

func (f *day1Fixture) topic(name string) string {
	f.t.Helper()
	var tags []snstypes.Tag
	for k, v := range courseTags(day1) {
		tags = append(tags, snstypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	out, err := f.c.SNS.CreateTopic(f.ctx, &sns.CreateTopicInput{Name: aws.String(name), Tags: tags})
	f.must("create topic "+name, err)
	return aws.ToString(out.TopicArn)
}

func (f *day1Fixture) subscribe(queueARN string, attrs map[string]string) string {
	f.t.Helper()
	out, err := f.c.SNS.Subscribe(f.ctx, &sns.SubscribeInput{
		TopicArn:              aws.String(f.eventsARN),
		Protocol:              aws.String("sqs"),
		Endpoint:              aws.String(queueARN),
		Attributes:            attrs,
		ReturnSubscriptionArn: true,
	})
	f.must("subscribe "+queueARN, err)
	return aws.ToString(out.SubscriptionArn)
}

// putAlarm creates (or replaces) the solution's alarm, after edit.
func (f *day1Fixture) putAlarm(edit func(*cloudwatch.PutMetricAlarmInput)) {
	f.t.Helper()
	var tags []cwtypes.Tag
	for k, v := range courseTags(day1) {
		tags = append(tags, cwtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	in := &cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String(f.alarmName),
		AlarmDescription:   aws.String("주문 DLQ에 처리 실패 메시지가 있습니다"),
		Namespace:          aws.String("AWS/SQS"),
		MetricName:         aws.String("ApproximateNumberOfMessagesVisible"),
		Dimensions:         []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String(queueName(f.dlqURL))}},
		Statistic:          cwtypes.StatisticMaximum,
		Period:             aws.Int32(60),
		EvaluationPeriods:  aws.Int32(1),
		Threshold:          aws.Float64(1),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold,
		TreatMissingData:   aws.String("notBreaching"),
		AlarmActions:       []string{f.alertsARN},
		OKActions:          []string{f.alertsARN},
		ActionsEnabled:     aws.Bool(true),
		Tags:               tags,
	}
	edit(in)
	_, err := f.c.CloudWatch.PutMetricAlarm(f.ctx, in)
	f.must("put alarm", err)
}
