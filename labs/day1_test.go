package labs

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// TestDay1SolutionPasses builds what the solution's Terraform creates and
// runs `lab verify` on it through the workspace's state: every check
// passes, and the checks leave no test message behind.
func TestDay1SolutionPasses(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay1Fixture(t, ctx, c)
	results := verifyWorkspace(t, ctx, c, day1, f.outputs())
	_, lab := contentLab(t, day1)
	if want := stepChecks(lab); len(results) != len(want) {
		t.Fatalf("got %d results, want one for each of %v", len(results), want)
	}
	wantOnlyFailing(t, day1, results, "")
	for _, url := range []string{f.ordersURL, f.fifoURL, f.dlqURL, f.notifyURL} {
		assertQueueEmpty(t, ctx, c.SQS, url)
	}
}

// TestDay1Breaks breaks, for each check, exactly the thing it proves and
// expects that check, and only that check, to fail with its first hint.
func TestDay1Breaks(t *testing.T) {
	cases := []struct {
		check string
		brk   func(t *testing.T, f *day1Fixture)
		// found is part of the failure message: what the check saw.
		found string
	}{
		{"queue-orders-exists", func(t *testing.T, f *day1Fixture) {
			// Keep the policy and redrive policy in the same call: moto
			// drops attributes a SetQueueAttributes call leaves out.
			f.setQueueAttrs(f.ordersURL, map[string]string{
				"VisibilityTimeout": "60",
				"RedrivePolicy":     f.redrive(3),
				"Policy":            f.queuePolicy(f.ordersARN),
			})
		}, "visibility_timeout_seconds: expected 30, found 60"},
		{"fifo-order-dedup", func(t *testing.T, f *day1Fixture) {
			f.setQueueAttrs(f.fifoURL, map[string]string{"ContentBasedDeduplication": "false"})
		}, "deduplication"},
		{"dlq-redrive", func(t *testing.T, f *day1Fixture) {
			f.setQueueAttrs(f.dlqURL, map[string]string{"MessageRetentionPeriod": "345600"})
		}, "found 345600"},
		{"dlq-receives-after-3", func(t *testing.T, f *day1Fixture) {
			f.setQueueAttrs(f.ordersURL, map[string]string{
				"RedrivePolicy": f.redrive(5),
				"Policy":        f.queuePolicy(f.ordersARN),
			})
		}, "maxReceiveCount 5"},
		{"queue-policy-allows-topic", func(t *testing.T, f *day1Fixture) {
			f.setQueueAttrs(f.notifyURL, map[string]string{"Policy": ""})
		}, "no queue policy"},
		{"fanout-both-queues", func(t *testing.T, f *day1Fixture) {
			f.setSubscription(f.ordersSub, "RawMessageDelivery", "false")
		}, "SNS envelope"},
		{"filter-policy-holds", func(t *testing.T, f *day1Fixture) {
			f.setSubscription(f.notifySub, "FilterPolicy", "{}")
		}, "notify received a type=ORDER_PLACED event"},
		{"alarm-watches-dlq", func(t *testing.T, f *day1Fixture) {
			f.putAlarm(func(in *cloudwatch.PutMetricAlarmInput) {
				in.AlarmActions = nil
			})
		}, "expected the alerts topic"},
	}
	_, lab := contentLab(t, day1)
	if got, want := len(cases), len(stepChecks(lab)); got != want {
		t.Errorf("%d breaking cases for %d checks: every check needs one", got, want)
	}
	for _, tc := range cases {
		t.Run(tc.check, func(t *testing.T) {
			ctx := testCtx(t)
			c := sandboxClients(t)
			f := newDay1Fixture(t, ctx, c)
			tc.brk(t, f)
			results := verifyWorkspace(t, ctx, c, day1, f.outputs())
			wantOnlyFailing(t, day1, results, tc.check)
			if msg := results[tc.check].Message; !strings.Contains(msg, tc.found) {
				t.Errorf("%s: message %q does not say %q", tc.check, msg, tc.found)
			}
		})
	}
}

// TestDay1MissingOutput runs the checks on a workspace whose state lacks
// the DLQ's output (the learner has not applied step 2): the checks that
// need it fail saying so, the others still pass.
func TestDay1MissingOutput(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay1Fixture(t, ctx, c)
	outs := f.outputs()
	delete(outs, "orders_dlq_url")
	results := verifyWorkspace(t, ctx, c, day1, outs)
	for id, r := range results {
		needsDLQ := id == "dlq-redrive" || id == "dlq-receives-after-3" || id == "alarm-watches-dlq"
		switch {
		case needsDLQ && (r.Status != CheckFail || r.Message != "output orders_dlq_url is missing: run awstutor lab up day1-messaging first"):
			t.Errorf("%s: %s %q, want the missing-output failure", id, r.Status, r.Message)
		case !needsDLQ && r.Status != CheckPass:
			t.Errorf("%s: %s %q, want pass", id, r.Status, r.Message)
		}
	}
}

// TestDay1LeavesOthersMessages leaves a message of the learner's in the
// orders queue: the checks that receive from it stop before touching it
// and say why, the others pass, and the message stays visible, never
// received (a receive would count toward its maxReceiveCount).
func TestDay1LeavesOthersMessages(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay1Fixture(t, ctx, c)
	if _, err := c.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(f.ordersURL), MessageBody: aws.String("the learner's own order")}); err != nil {
		t.Fatal(err)
	}
	results := verifyWorkspace(t, ctx, c, day1, f.outputs())
	for id, r := range results {
		receivesOrders := id == "dlq-receives-after-3" || id == "fanout-both-queues" || id == "filter-policy-holds"
		switch {
		case receivesOrders && (r.Status != CheckFail || !strings.Contains(r.Message, "already holds 1 messages this check did not send")):
			t.Errorf("%s: %s %q, want a failure saying the queue holds another message", id, r.Status, r.Message)
		case receivesOrders && !strings.Contains(r.Hint, "purge-queue"):
			t.Errorf("%s: hint %q, want the one about emptying the queue", id, r.Hint)
		case !receivesOrders && r.Status != CheckPass:
			t.Errorf("%s: %s %q, want pass", id, r.Status, r.Message)
		}
	}
	out, err := c.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:                    aws.String(f.ordersURL),
		MaxNumberOfMessages:         10,
		MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameApproximateReceiveCount},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Messages) != 1 || aws.ToString(out.Messages[0].Body) != "the learner's own order" {
		t.Fatalf("orders queue holds %d visible messages after verify, want only the learner's", len(out.Messages))
	}
	if n := out.Messages[0].Attributes["ApproximateReceiveCount"]; n != "1" {
		t.Errorf("the learner's message was received %s times in all, want 1 (this test's own receive)", n)
	}
}

func (f *day1Fixture) setSubscription(arn, name, value string) {
	f.t.Helper()
	_, err := f.c.SNS.SetSubscriptionAttributes(f.ctx, &sns.SetSubscriptionAttributesInput{
		SubscriptionArn: aws.String(arn), AttributeName: aws.String(name), AttributeValue: aws.String(value),
	})
	f.must("set "+name+" of "+arn, err)
}

// stepChecks lists every check id lab.yaml names, in order.
func stepChecks(lab *Lab) []string {
	var ids []string
	for _, s := range lab.Steps {
		ids = append(ids, s.Checks...)
	}
	return ids
}

// assertQueueEmpty fails when a queue holds any message, visible or not.
func assertQueueEmpty(t *testing.T, ctx context.Context, c *sqs.Client, url string) {
	t.Helper()
	out, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{
			sqstypes.QueueAttributeNameApproximateNumberOfMessages,
			sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range out.Attributes {
		if v != "0" {
			t.Errorf("%s: %s = %s after verify; the checks must delete their test messages", queueName(url), k, v)
		}
	}
}
