package cloud

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	tagtypes "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestClientsTalkToMoto makes a real call through every client against
// moto. It is the test that catches the next service whose SDK client
// switches to a protocol moto does not serve: that client's call fails
// here with a decode error or a 404.
func TestClientsTalkToMoto(t *testing.T) {
	moto.Reset(t)
	ctx := testCtx(t)
	c := sandboxClients(t, moto.Endpoint())

	who, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("sts GetCallerIdentity: %v", err)
	}
	if aws.ToString(who.Account) == "" {
		t.Errorf("sts GetCallerIdentity: empty account")
	}

	q, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName: aws.String("orders"),
		Tags:      map[string]string{"Project": "awstutor"},
	})
	if err != nil {
		t.Fatalf("sqs CreateQueue: %v", err)
	}
	qs, err := c.SQS.ListQueues(ctx, &sqs.ListQueuesInput{})
	if err != nil {
		t.Fatalf("sqs ListQueues: %v", err)
	}
	if !slices.Contains(qs.QueueUrls, aws.ToString(q.QueueUrl)) {
		t.Errorf("sqs ListQueues = %v, want it to contain %s", qs.QueueUrls, aws.ToString(q.QueueUrl))
	}

	topic, err := c.SNS.CreateTopic(ctx, &sns.CreateTopicInput{
		Name: aws.String("events"),
		Tags: []snstypes.Tag{{Key: aws.String("Project"), Value: aws.String("awstutor")}},
	})
	if err != nil {
		t.Fatalf("sns CreateTopic: %v", err)
	}

	_, err = c.CloudWatch.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String("queue-depth"),
		MetricName:         aws.String("ApproximateNumberOfMessagesVisible"),
		Namespace:          aws.String("AWS/SQS"),
		Statistic:          cwtypes.StatisticAverage,
		Period:             aws.Int32(60),
		EvaluationPeriods:  aws.Int32(1),
		Threshold:          aws.Float64(10),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
	})
	if err != nil {
		t.Fatalf("cloudwatch PutMetricAlarm: %v", err)
	}
	alarms, err := c.CloudWatch.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{})
	if err != nil {
		t.Fatalf("cloudwatch DescribeAlarms: %v", err)
	}
	if len(alarms.MetricAlarms) != 1 || aws.ToString(alarms.MetricAlarms[0].AlarmName) != "queue-depth" {
		t.Errorf("cloudwatch DescribeAlarms = %d alarms, want exactly queue-depth", len(alarms.MetricAlarms))
	}

	res, err := c.Tagging.GetResources(ctx, &resourcegroupstaggingapi.GetResourcesInput{
		TagFilters: []tagtypes.TagFilter{{Key: aws.String("Project"), Values: []string{"awstutor"}}},
	})
	if err != nil {
		t.Fatalf("tagging GetResources: %v", err)
	}
	var arns []string
	for _, m := range res.ResourceTagMappingList {
		arns = append(arns, aws.ToString(m.ResourceARN))
	}
	if !slices.Contains(arns, aws.ToString(topic.TopicArn)) || len(arns) != 2 {
		t.Errorf("tagging GetResources = %v, want the queue and %s", arns, aws.ToString(topic.TopicArn))
	}
}

// TestProtocolOverrideOnlyOnSandbox checks that the moto workaround never
// reaches real AWS, where the SDK's own protocol is the right one.
func TestProtocolOverrideOnlyOnSandbox(t *testing.T) {
	t.Parallel()
	cfg := aws.Config{Region: DefaultRegion}
	tests := []struct {
		target     string
		cloudwatch string
		tagging    string
	}{
		{TargetSandbox, "awsQuery", "awsJson1_1"},
		{TargetAWS, "rpcv2Cbor", "rpcv2Cbor"},
	}
	for _, tt := range tests {
		tg := Target{Name: tt.target}
		if got := NewCloudWatch(cfg, tg).Options().Protocol.ID().Name; got != tt.cloudwatch {
			t.Errorf("%s: cloudwatch protocol = %s, want %s", tt.target, got, tt.cloudwatch)
		}
		if got := NewTagging(cfg, tg).Options().Protocol.ID().Name; got != tt.tagging {
			t.Errorf("%s: tagging protocol = %s, want %s", tt.target, got, tt.tagging)
		}
	}
}
