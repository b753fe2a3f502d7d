package labs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
)

// Day 1, day1-messaging: SQS queues with a DLQ, a FIFO queue, SNS fan-out
// with raw delivery and a filter policy, and a CloudWatch alarm on the DLQ.
// The checks send, receive and publish test messages that carry a unique
// marker, and delete exactly those afterwards.

const day1 = "day1-messaging"

// The attribute the lab's filter policy matches, and the two event types
// the checks publish: one the policy lets through to notify, one it holds
// back.
const (
	day1FilterAttr   = "type"
	day1Matching     = "ORDER_PAID"
	day1Nonmatching  = "ORDER_PLACED"
	day1MaxReceives  = 3
	day1DLQRetention = 1209600 // 14 days
)

// day1OrdersQueue is the Exclusive key of the checks that send to or
// receive from the orders queue: run together, one would receive the
// other's test messages and raise their receive counts toward the DLQ.
const day1OrdersQueue = "day1-messaging/orders-queue"

func init() {
	both := []string{TargetSandbox, TargetAWS}
	Register(day1,
		Check{
			ID:      "queue-orders-exists",
			Step:    "queues",
			Title:   "주문 큐(Standard)가 visibility 30초, long polling 20초, 보존 4일로 있다",
			Targets: both,
			Hints: []string{
				"queues.tf의 aws_sqs_queue.orders에 visibility_timeout_seconds = 30, receive_wait_time_seconds = 20, message_retention_seconds = 345600을 넣고 apply하세요.",
				"output \"orders_queue_url\"이 aws_sqs_queue.orders.url을 내보내는지 확인하세요. 검사는 이 URL의 큐 속성을 읽습니다.",
				"태그가 없다고 나오면 providers.tf의 default_tags(Project, Lab, ManagedBy)를 지우지 않았는지 보세요.",
			},
			Run: checkOrdersQueue,
		},
		Check{
			ID:      "fifo-order-dedup",
			Step:    "queues",
			Title:   "FIFO 큐가 같은 그룹의 순서를 지키고 같은 본문의 중복을 버린다",
			Targets: both,
			Hints: []string{
				"FIFO 큐에는 fifo_queue = true와 content_based_deduplication = true가 모두 필요합니다. 이름은 .fifo로 끝나야 합니다.",
				"content_based_deduplication이 꺼져 있으면 중복 제거 ID 없이 보낸 메시지를 큐가 거부합니다. 검사는 ID 없이 같은 본문을 두 번 보냅니다.",
				"output \"orders_fifo_queue_url\" { value = aws_sqs_queue.orders_fifo.url }이 있는지 확인하세요.",
			},
			Run: checkFIFO,
		},
		Check{
			ID:      "dlq-redrive",
			Step:    "dlq",
			Title:   "주문 큐의 redrive policy가 14일 보존하는 DLQ를 가리킨다",
			Targets: both,
			Hints: []string{
				"aws_sqs_queue_redrive_policy.orders의 deadLetterTargetArn은 aws_sqs_queue.orders_dlq.arn을 참조해야 합니다. URL이나 이름이 아니라 ARN입니다.",
				"DLQ(aws_sqs_queue.orders_dlq)에는 message_retention_seconds = 1209600(14일)을 줍니다. 원본보다 짧으면 조사하기 전에 메시지가 사라집니다.",
				"output \"orders_dlq_url\"이 aws_sqs_queue.orders_dlq.url을 내보내는지 확인하세요.",
			},
			Run: checkDLQRedrive,
		},
		Check{
			ID:        "dlq-receives-after-3",
			Step:      "dlq",
			Title:     "세 번 받고 지우지 않은 메시지가 DLQ로 옮겨진다",
			Targets:   both,
			Exclusive: day1OrdersQueue,
			Hints: []string{
				"redrive_policy의 maxReceiveCount가 3인지 보세요. 검사는 메시지를 지우지 않고 세 번 받은 뒤 네 번째에 DLQ에서 찾습니다.",
				"maxReceiveCount는 jsonencode 안에서 숫자 3으로 씁니다: jsonencode({ deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn, maxReceiveCount = 3 }).",
				"aws_sqs_queue.orders 안에도 redrive_policy를 썼다면 지우세요. 두 곳에서 같은 속성을 설정하면 apply할 때마다 서로 덮어씁니다.",
			},
			Run: checkDLQReceives,
		},
		Check{
			ID:      "queue-policy-allows-topic",
			Step:    "fanout",
			Title:   "두 큐의 정책이 주문 이벤트 토픽의 SendMessage만 허용한다",
			Targets: both,
			Hints: []string{
				"orders와 notify 각각에 aws_sqs_queue_policy가 필요합니다. 정책이 없으면 실제 AWS에서 SNS가 보낸 메시지가 조용히 버려집니다.",
				"정책 문장: effect Allow, actions [\"sqs:SendMessage\"], principals { type = \"Service\", identifiers = [\"sns.amazonaws.com\"] }, resources = [큐 ARN].",
				"condition { test = \"ArnEquals\", variable = \"aws:SourceArn\", values = [aws_sns_topic.order_events.arn] }로 이 토픽만 허용합니다.",
			},
			Run: checkQueuePolicies,
		},
		Check{
			ID:        "fanout-both-queues",
			Step:      "fanout",
			Title:     "한 번 발행한 이벤트가 orders(raw)와 notify 두 큐에 모두 도착한다",
			Targets:   both,
			Exclusive: day1OrdersQueue,
			Hints: []string{
				"aws_sns_topic_subscription이 두 개 필요합니다: order_events 토픽에서 orders 큐로, 같은 토픽에서 notify 큐로. protocol = \"sqs\", endpoint는 큐의 ARN입니다.",
				"orders 구독에는 raw_message_delivery = true를 켭니다. 꺼져 있으면 큐에 본문 대신 SNS 봉투(JSON)가 들어갑니다.",
				"output \"events_topic_arn\"이 aws_sns_topic.order_events.arn인지, notify_queue_url이 aws_sqs_queue.notify.url인지 확인하세요.",
			},
			Run: checkFanout,
		},
		Check{
			ID:        "filter-policy-holds",
			Step:      "fanout",
			Title:     "notify의 필터 정책이 type = ORDER_PAID만 통과시키고 나머지는 막는다",
			Targets:   both,
			Exclusive: day1OrdersQueue,
			Hints: []string{
				"notify 구독에 filter_policy를 넣습니다: filter_policy = jsonencode({ type = [\"ORDER_PAID\"] }).",
				"필터는 메시지 본문이 아니라 메시지 속성(message attribute) type을 봅니다. 검사는 type=ORDER_PLACED와 type=ORDER_PAID를 하나씩 발행합니다.",
				"filter_policy_scope를 MessageBody로 바꾸지 마세요. 기본값(MessageAttributes)이 이 Lab의 답입니다.",
			},
			Run: checkFilterPolicy,
		},
		Check{
			ID:      "alarm-watches-dlq",
			Step:    "alarm",
			Title:   "DLQ에 메시지가 하나라도 보이면 알람이 alerts 토픽으로 알린다",
			Targets: both,
			Hints: []string{
				"aws_cloudwatch_metric_alarm은 namespace = \"AWS/SQS\", metric_name = \"ApproximateNumberOfMessagesVisible\", dimensions = { QueueName = aws_sqs_queue.orders_dlq.name }를 봅니다.",
				"QueueName에는 URL이나 ARN이 아니라 큐 이름이 들어갑니다. threshold = 1, comparison_operator = \"GreaterThanOrEqualToThreshold\"로 한 개부터 알립니다.",
				"alarm_actions = [aws_sns_topic.alerts.arn]을 넣고 output \"alerts_topic_arn\"으로 토픽 ARN을 내보내세요.",
			},
			Run: checkAlarm,
		},
	)
}

// Settings of the orders queue the lab asks for (starter/queues.tf TODO 1-1).
var day1OrdersSettings = []struct {
	attr sqstypes.QueueAttributeName
	want string
	what string
}{
	{sqstypes.QueueAttributeNameVisibilityTimeout, "30", "visibility_timeout_seconds"},
	{sqstypes.QueueAttributeNameReceiveMessageWaitTimeSeconds, "20", "receive_wait_time_seconds"},
	{sqstypes.QueueAttributeNameMessageRetentionPeriod, "345600", "message_retention_seconds"},
}

// courseTags are the provider default_tags every lab resource carries.
func courseTags(lab string) map[string]string {
	return map[string]string{"Project": "awstutor", "Lab": lab, "ManagedBy": "terraform"}
}

// missingTags lists the course tags absent from tags (or with another
// value), as "Key=Value" in key order.
func missingTags(lab string, tags map[string]string) []string {
	var out []string
	for k, v := range courseTags(lab) {
		if tags[k] != v {
			out = append(out, k+"="+v)
		}
	}
	slices.Sort(out)
	return out
}

func checkOrdersQueue(ctx context.Context, env Env) Outcome {
	url, err := env.Output("orders_queue_url")
	if err != nil {
		return OutputFailed(err)
	}
	attrs, err := queueAttributes(ctx, env.Clients.SQS, url)
	if err != nil {
		return Errored("read the orders queue "+url, err)
	}
	if attrs[string(sqstypes.QueueAttributeNameFifoQueue)] == "true" {
		return Mismatch("orders queue type", "Standard", "FIFO")
	}
	for _, s := range day1OrdersSettings {
		if got := attrs[string(s.attr)]; got != s.want {
			return Mismatch("orders queue "+s.what, s.want, orNone(got))
		}
	}
	tags, err := env.Clients.SQS.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: aws.String(url)})
	if err != nil {
		return Errored("read the orders queue's tags", err)
	}
	if miss := missingTags(env.Lab, tags.Tags); len(miss) > 0 {
		return Mismatch("orders queue tags (provider default_tags)", strings.Join(miss, ", "), tagList(tags.Tags))
	}
	return Pass("%s: Standard, visibility 30 s, long polling 20 s, retention 4 days, tagged", queueName(url))
}

func checkFIFO(ctx context.Context, env Env) Outcome {
	url, err := env.Output("orders_fifo_queue_url")
	if err != nil {
		return OutputFailed(err)
	}
	attrs, err := queueAttributes(ctx, env.Clients.SQS, url)
	if err != nil {
		return Errored("read the FIFO queue "+url, err)
	}
	if attrs[string(sqstypes.QueueAttributeNameFifoQueue)] != "true" {
		return Mismatch("queue "+queueName(url)+" type", "FIFO (fifo_queue = true)", "Standard")
	}
	marker := Marker("fifo-order-dedup")
	group := marker
	bodies := []string{
		fmt.Sprintf(`{"check":%q,"seq":1,"event":"ORDER_PLACED"}`, marker),
		fmt.Sprintf(`{"check":%q,"seq":2,"event":"ORDER_PAID"}`, marker),
	}
	q := newQueueProbe(env.Clients.SQS, url, marker)
	defer Cleanup(ctx, q.cleanup)
	q.expect(len(bodies))
	// The third send repeats the first body: with content-based
	// deduplication the queue must drop it. No deduplication id is given,
	// so a queue without content-based deduplication refuses all three.
	for i, body := range append(bodies, bodies[0]) {
		_, err := env.Clients.SQS.SendMessage(ctx, &sqs.SendMessageInput{
			QueueUrl:       aws.String(url),
			MessageBody:    aws.String(body),
			MessageGroupId: aws.String(group),
		})
		var api smithy.APIError
		if errors.As(err, &api) && strings.Contains(api.ErrorCode(), "InvalidParameterValue") {
			return Fail("the FIFO queue refused a message sent without a deduplication id (expected content-based deduplication, found it off): %s", errorSentence(err))
		}
		if err != nil {
			return Errored(fmt.Sprintf("send test message %d to the FIFO queue", i+1), err)
		}
	}
	// Receive until both are in and the window for a third (the
	// duplicate) has passed; each is deleted as it arrives, which also
	// releases the next message of the group.
	got, err := q.collect(ctx, len(bodies), deliveryWait(env.Target), settleWindow(env.Target))
	if err != nil {
		return Errored("receive from the FIFO queue", err)
	}
	var seqs []string
	for _, m := range got {
		seqs = append(seqs, seqOf(aws.ToString(m.Body)))
	}
	switch {
	case len(got) > len(bodies):
		return Mismatch("messages received after sending 1, 2 and 1 again", "2 (the repeated body dropped as a duplicate)", fmt.Sprintf("%d (%s)", len(got), strings.Join(seqs, ", ")))
	case len(got) < len(bodies):
		return Mismatch("messages received from the FIFO queue", "1, 2", orNone(strings.Join(seqs, ", ")))
	case seqs[0] != "1" || seqs[1] != "2":
		return Mismatch("order of the messages received", "1, 2", strings.Join(seqs, ", "))
	}
	return Pass("%s: received 1, 2 in the order sent; the repeated body was dropped", queueName(url))
}

// seqOf reads the "seq" field of a FIFO test message.
func seqOf(body string) string {
	var m struct {
		Seq int `json:"seq"`
	}
	if json.Unmarshal([]byte(body), &m) != nil {
		return "?"
	}
	return strconv.Itoa(m.Seq)
}

// redrivePolicy is a queue's RedrivePolicy attribute.
type redrivePolicy struct {
	DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	// MaxReceiveCount is a number from Terraform's jsonencode, but the
	// API also accepts (and some tools write) a string.
	MaxReceiveCount json.Number `json:"maxReceiveCount"`
}

func parseRedrive(s string) (redrivePolicy, bool) {
	var p redrivePolicy
	if s == "" || json.Unmarshal([]byte(s), &p) != nil {
		return p, false
	}
	return p, true
}

func checkDLQRedrive(ctx context.Context, env Env) Outcome {
	url, err := env.Output("orders_queue_url")
	if err != nil {
		return OutputFailed(err)
	}
	dlqURL, err := env.Output("orders_dlq_url")
	if err != nil {
		return OutputFailed(err)
	}
	attrs, err := queueAttributes(ctx, env.Clients.SQS, url)
	if err != nil {
		return Errored("read the orders queue "+url, err)
	}
	dlq, err := queueAttributes(ctx, env.Clients.SQS, dlqURL)
	if err != nil {
		return Errored("read the DLQ "+dlqURL, err)
	}
	dlqARN := dlq[string(sqstypes.QueueAttributeNameQueueArn)]
	raw := attrs[string(sqstypes.QueueAttributeNameRedrivePolicy)]
	p, ok := parseRedrive(raw)
	switch {
	case raw == "":
		return Mismatch("orders queue redrive policy", "deadLetterTargetArn = "+dlqARN, "none")
	case !ok:
		return Mismatch("orders queue redrive policy", "JSON with deadLetterTargetArn and maxReceiveCount", raw)
	case p.DeadLetterTargetArn != dlqARN:
		return Mismatch("redrive policy deadLetterTargetArn", dlqARN, orNone(p.DeadLetterTargetArn))
	}
	if dlq[string(sqstypes.QueueAttributeNameFifoQueue)] == "true" {
		return Mismatch("DLQ type", "Standard", "FIFO")
	}
	if got := dlq[string(sqstypes.QueueAttributeNameMessageRetentionPeriod)]; got != strconv.Itoa(day1DLQRetention) {
		return Mismatch("DLQ message_retention_seconds", strconv.Itoa(day1DLQRetention)+" (14 days)", orNone(got))
	}
	return Pass("orders redrives to %s (maxReceiveCount %s), which keeps messages 14 days", queueName(dlqURL), p.MaxReceiveCount)
}

func checkDLQReceives(ctx context.Context, env Env) Outcome {
	url, err := env.Output("orders_queue_url")
	if err != nil {
		return OutputFailed(err)
	}
	dlqURL, err := env.Output("orders_dlq_url")
	if err != nil {
		return OutputFailed(err)
	}
	if o := othersInOrders(ctx, env, url); o != nil {
		return *o
	}
	marker := Marker("dlq-receives-after-3")
	orders := newQueueProbe(env.Clients.SQS, url, marker)
	dlq := newQueueProbe(env.Clients.SQS, dlqURL, marker)
	defer Cleanup(ctx, dlq.cleanup)
	defer Cleanup(ctx, orders.cleanup)
	if _, err := env.Clients.SQS.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:    aws.String(url),
		MessageBody: aws.String(fmt.Sprintf(`{"check":%q,"note":"received three times without deleting; expected in the DLQ next"}`, marker)),
	}); err != nil {
		return Errored("send a test message to the orders queue", err)
	}
	orders.expect(1)
	// Receive without deleting. After each receipt the message is made
	// visible at once, as if its consumer had crashed. SQS moves it to the
	// DLQ when a receive finds it already received maxReceiveCount times,
	// so the fourth receive must not return it.
	receipts := 0
	for receipts <= day1MaxReceives {
		msg, err := orders.receiveOne(ctx, receiveWait(env.Target))
		if err != nil {
			return Errored("receive from the orders queue", err)
		}
		if msg == nil {
			break
		}
		receipts++
		if receipts > day1MaxReceives {
			return Fail("the test message was received %d times and is still in the orders queue (expected it in the DLQ after %d receives; %s)",
				receipts, day1MaxReceives, describeRedrive(ctx, env, url))
		}
		if err := orders.release(ctx, msg); err != nil {
			return Errored("make the test message visible again", err)
		}
	}
	if receipts == 0 {
		return Fail("the test message sent to the orders queue never came back from a receive (expected it %d times)", day1MaxReceives)
	}
	dlq.expect(1)
	moved, err := dlq.collect(ctx, 1, dlqWait(env.Target), 0)
	if err != nil {
		return Errored("receive from the DLQ", err)
	}
	if len(moved) > 0 {
		// The message left orders for the DLQ, where it was deleted: the
		// orders probe need not look for it again.
		clear(orders.released)
	}
	switch {
	case len(moved) == 0:
		return Fail("after %d receives the test message left the orders queue but is not in the DLQ %s (expected it there; %s)",
			receipts, queueName(dlqURL), describeRedrive(ctx, env, url))
	case receipts != day1MaxReceives:
		return Mismatch("receives before the message moved to the DLQ", day1MaxReceives, fmt.Sprintf("%d (%s)", receipts, describeRedrive(ctx, env, url)))
	}
	return Pass("received 3 times without deleting, then found in %s", queueName(dlqURL))
}

// describeRedrive says what the orders queue's redrive policy is, to
// explain a failed behaviour check.
func describeRedrive(ctx context.Context, env Env, url string) string {
	attrs, err := queueAttributes(ctx, env.Clients.SQS, url)
	if err != nil {
		return "its redrive policy could not be read"
	}
	p, ok := parseRedrive(attrs[string(sqstypes.QueueAttributeNameRedrivePolicy)])
	if !ok {
		return "the orders queue has no redrive policy"
	}
	return fmt.Sprintf("its redrive policy says maxReceiveCount %s to %s", p.MaxReceiveCount, orNone(p.DeadLetterTargetArn))
}

// othersInOrders fails a message check before it touches the orders
// queue when the queue holds messages the check did not send. Every
// receive counts toward a message's maxReceiveCount, so receiving the
// learner's messages, even to pass them over, could move them to the DLQ
// (and set off the alarm); SQS has no way to look without receiving. The
// counts are approximate on AWS, lagging deletions by a few seconds, so
// they get up to the delivery wait to reach zero.
func othersInOrders(ctx context.Context, env Env, url string) *Outcome {
	deadline := time.Now().Add(deliveryWait(env.Target))
	for {
		out, err := env.Clients.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
			QueueUrl: aws.String(url),
			AttributeNames: []sqstypes.QueueAttributeName{
				sqstypes.QueueAttributeNameApproximateNumberOfMessages,
				sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
				sqstypes.QueueAttributeNameApproximateNumberOfMessagesDelayed,
			},
		})
		if err != nil {
			o := Errored("count the messages in the orders queue "+url, err)
			return &o
		}
		n := 0
		for _, v := range out.Attributes {
			c, _ := strconv.Atoi(v)
			n += c
		}
		if n == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			o := Fail("the orders queue %s already holds %d messages this check did not send; receiving them would raise their receive counts and could move them to the DLQ, so the check did not run (expected an empty queue)", queueName(url), n)
			o.Hint = "orders 큐에 남아 있는 메시지를 먼저 받아서 지우거나 큐를 비우세요(aws sqs purge-queue --queue-url <orders_queue_url>). 검사가 그 메시지를 받으면 수신 횟수가 올라가 DLQ로 옮겨질 수 있어 검사를 멈췄습니다."
			return &o
		}
		select {
		case <-ctx.Done():
			o := Errored("count the messages in the orders queue", ctx.Err())
			return &o
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func checkQueuePolicies(ctx context.Context, env Env) Outcome {
	topic, err := env.Output("events_topic_arn")
	if err != nil {
		return OutputFailed(err)
	}
	var problems []string
	var ok []string
	for _, out := range []string{"orders_queue_url", "notify_queue_url"} {
		url, err := env.Output(out)
		if err != nil {
			return OutputFailed(err)
		}
		attrs, err := queueAttributes(ctx, env.Clients.SQS, url)
		if err != nil {
			return Errored("read the queue "+url, err)
		}
		arn := attrs[string(sqstypes.QueueAttributeNameQueueArn)]
		if why := policyAllowsTopic(attrs[string(sqstypes.QueueAttributeNamePolicy)], arn, topic); why != "" {
			problems = append(problems, queueName(url)+": "+why)
			continue
		}
		ok = append(ok, queueName(url))
	}
	if len(problems) > 0 {
		return Fail("expected each queue's policy to allow sns.amazonaws.com to sqs:SendMessage when aws:SourceArn is %s; found %s", topic, strings.Join(problems, "; "))
	}
	return Pass("%s allow sqs:SendMessage from the topic only", strings.Join(ok, " and "))
}

// iamPolicy is an IAM policy document as SQS returns it. Each field that
// may be a string or a list is decoded by stringList.
type iamPolicy struct {
	Statement json.RawMessage `json:"Statement"`
}

type iamStatement struct {
	Effect    string                                `json:"Effect"`
	Principal json.RawMessage                       `json:"Principal"`
	Action    json.RawMessage                       `json:"Action"`
	Resource  json.RawMessage                       `json:"Resource"`
	Condition map[string]map[string]json.RawMessage `json:"Condition"`
}

// oneOrMany decodes a JSON string or list of strings.
func oneOrMany(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return many
}

// policyAllowsTopic returns "" when the queue policy has an Allow
// statement that lets the SNS service (or anyone) send to the queue, but
// only from the topic (an ArnEquals or ArnLike condition on aws:SourceArn);
// otherwise it says what is missing.
func policyAllowsTopic(policy, queueARN, topicARN string) string {
	if policy == "" {
		return "no queue policy"
	}
	var doc iamPolicy
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		return "the policy is not valid JSON"
	}
	var stmts []iamStatement
	if json.Unmarshal(doc.Statement, &stmts) != nil {
		var one iamStatement
		if json.Unmarshal(doc.Statement, &one) != nil {
			return "the policy has no statements"
		}
		stmts = []iamStatement{one}
	}
	best := "no Allow statement"
	for _, s := range stmts {
		if s.Effect != "Allow" {
			continue
		}
		if !principalIsSNS(s.Principal) {
			best = "no statement allows the principal sns.amazonaws.com"
			continue
		}
		if !slices.ContainsFunc(oneOrMany(s.Action), func(a string) bool {
			return strings.EqualFold(a, "sqs:SendMessage") || a == "sqs:*" || a == "*"
		}) {
			best = "the statement for sns.amazonaws.com does not allow sqs:SendMessage"
			continue
		}
		if !slices.ContainsFunc(oneOrMany(s.Resource), func(r string) bool { return r == queueARN || r == "*" }) {
			best = "the statement's resource is not this queue's ARN " + queueARN
			continue
		}
		if !sourceArnIs(s.Condition, topicARN) {
			best = "the statement has no ArnEquals aws:SourceArn condition naming the topic"
			continue
		}
		return ""
	}
	return best
}

func principalIsSNS(raw json.RawMessage) bool {
	if slices.Contains(oneOrMany(raw), "*") {
		return true
	}
	var p map[string]json.RawMessage
	if json.Unmarshal(raw, &p) != nil {
		return false
	}
	return slices.Contains(oneOrMany(p["Service"]), "sns.amazonaws.com") || slices.Contains(oneOrMany(p["AWS"]), "*")
}

// sourceArnIs reports whether the condition limits aws:SourceArn to the
// topic. ArnLike with wildcards is matched as a pattern.
func sourceArnIs(cond map[string]map[string]json.RawMessage, topic string) bool {
	for op, kv := range cond {
		for k, v := range kv {
			if !strings.EqualFold(k, "aws:SourceArn") {
				continue
			}
			for _, val := range oneOrMany(v) {
				switch op {
				case "ArnEquals", "StringEquals":
					if val == topic {
						return true
					}
				case "ArnLike", "StringLike":
					if wildcardMatch(val, topic) {
						return true
					}
				}
			}
		}
	}
	return false
}

func checkFanout(ctx context.Context, env Env) Outcome {
	topic, ordersURL, notifyURL, failed := fanoutOutputs(env)
	if failed != nil {
		return *failed
	}
	if o := othersInOrders(ctx, env, ordersURL); o != nil {
		return *o
	}
	marker := Marker("fanout-both-queues")
	orders := newQueueProbe(env.Clients.SQS, ordersURL, marker)
	notify := newQueueProbe(env.Clients.SQS, notifyURL, marker)
	defer Cleanup(ctx, notify.cleanup)
	defer Cleanup(ctx, orders.cleanup)
	body := fmt.Sprintf(`{"check":%q,"orderId":"test-1","type":%q}`, marker, day1Matching)
	if err := publishEvent(ctx, env, topic, body, day1Matching); err != nil {
		return Errored("publish a test event to the topic", err)
	}
	orders.expect(1)
	notify.expect(1)
	wait := deliveryWait(env.Target)
	toOrders, err := orders.collect(ctx, 1, wait, 0)
	if err != nil {
		return Errored("receive from the orders queue", err)
	}
	toNotify, err := notify.collect(ctx, 1, wait, 0)
	if err != nil {
		return Errored("receive from the notify queue", err)
	}
	var missing []string
	if len(toOrders) == 0 {
		missing = append(missing, queueName(ordersURL))
	}
	if len(toNotify) == 0 {
		missing = append(missing, queueName(notifyURL))
	}
	if len(missing) > 0 {
		return Fail("one publish of a type=%s event should reach both queues; it did not reach %s within %s (subscriptions: %s)",
			day1Matching, strings.Join(missing, " or "), wait, describeSubscriptions(ctx, env, topic))
	}
	got := aws.ToString(toOrders[0].Body)
	if got != body {
		if inner, ok := snsEnvelope(got); ok && inner == body {
			return Mismatch("message body in the orders queue", "the published message itself (raw_message_delivery = true)", "an SNS envelope (JSON with Type, Message, ...) around it")
		}
		return Mismatch("message body in the orders queue", body, got)
	}
	if inner, ok := snsEnvelope(aws.ToString(toNotify[0].Body)); !(ok && inner == body) && aws.ToString(toNotify[0].Body) != body {
		return Mismatch("message in the notify queue", body, aws.ToString(toNotify[0].Body))
	}
	return Pass("one publish reached %s (raw body) and %s", queueName(ordersURL), queueName(notifyURL))
}

func checkFilterPolicy(ctx context.Context, env Env) Outcome {
	topic, ordersURL, notifyURL, failed := fanoutOutputs(env)
	if failed != nil {
		return *failed
	}
	if o := othersInOrders(ctx, env, ordersURL); o != nil {
		return *o
	}
	marker := Marker("filter-policy-holds")
	orders := newQueueProbe(env.Clients.SQS, ordersURL, marker)
	notify := newQueueProbe(env.Clients.SQS, notifyURL, marker)
	defer Cleanup(ctx, notify.cleanup)
	// The orders queue receives both events too (it has no filter): the
	// clean-up takes them out, waiting a little for them to arrive.
	defer Cleanup(ctx, func(ctx context.Context) {
		orders.collect(ctx, orders.expected, deliveryWait(env.Target), 0)
		orders.cleanup(ctx)
	})
	// The event the policy must hold back goes first, so by the time the
	// matching one arrives the other has had its chance to arrive as well.
	for _, typ := range []string{day1Nonmatching, day1Matching} {
		body := fmt.Sprintf(`{"check":%q,"orderId":"test-2","type":%q}`, marker, typ)
		if err := publishEvent(ctx, env, topic, body, typ); err != nil {
			return Errored("publish a test event to the topic", err)
		}
		orders.expect(1)
	}
	notify.expect(1)
	// Once one event is in, keep looking a little longer for the other:
	// SNS does not promise order between two publishes.
	got, err := notify.collect(ctx, 1, deliveryWait(env.Target), settleWindow(env.Target))
	if err != nil {
		return Errored("receive from the notify queue", err)
	}
	var types []string
	for _, m := range got {
		types = append(types, eventType(aws.ToString(m.Body)))
	}
	switch {
	case slices.Contains(types, day1Nonmatching):
		return Fail("notify received a type=%s event (expected only type=%s to pass; %s)", day1Nonmatching, day1Matching, describeNotifyFilter(ctx, env, topic, notifyURL))
	case !slices.Contains(types, day1Matching):
		return Fail("notify received no type=%s event within %s (expected it; %s), so the filter could not be shown to hold", day1Matching, deliveryWait(env.Target), describeSubscriptions(ctx, env, topic))
	}
	return Pass("notify received type=%s and not type=%s", day1Matching, day1Nonmatching)
}

// wildcardMatch matches s against an IAM ArnLike/StringLike pattern,
// where * is any run of characters (slashes and colons included) and ? is
// one character.
func wildcardMatch(pattern, s string) bool {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	m, err := regexp.MatchString(b.String(), s)
	return err == nil && m
}

// fanoutOutputs reads the three outputs the fan-out checks use.
func fanoutOutputs(env Env) (topic, orders, notify string, failed *Outcome) {
	var out [3]string
	for i, name := range []string{"events_topic_arn", "orders_queue_url", "notify_queue_url"} {
		v, err := env.Output(name)
		if err != nil {
			o := OutputFailed(err)
			return "", "", "", &o
		}
		out[i] = v
	}
	return out[0], out[1], out[2], nil
}

func publishEvent(ctx context.Context, env Env, topic, body, typ string) error {
	_, err := env.Clients.SNS.Publish(ctx, &sns.PublishInput{
		TopicArn: aws.String(topic),
		Message:  aws.String(body),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{
			day1FilterAttr: {DataType: aws.String("String"), StringValue: aws.String(typ)},
		},
	})
	return err
}

// snsEnvelope returns the Message of an SNS notification envelope, the
// body a queue gets when raw delivery is off.
func snsEnvelope(body string) (string, bool) {
	var env struct {
		Type    string  `json:"Type"`
		Message *string `json:"Message"`
	}
	if json.Unmarshal([]byte(body), &env) != nil || env.Message == nil || env.Type == "" {
		return "", false
	}
	return *env.Message, true
}

// eventType reads the "type" of a test event, raw or inside an envelope.
func eventType(body string) string {
	if inner, ok := snsEnvelope(body); ok {
		body = inner
	}
	var e struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal([]byte(body), &e)
	return e.Type
}

// describeSubscriptions lists the topic's subscriptions by queue name, to
// explain a message that did not arrive.
func describeSubscriptions(ctx context.Context, env Env, topic string) string {
	subs, err := topicSubscriptions(ctx, env, topic)
	if err != nil {
		return "the topic's subscriptions could not be read"
	}
	if len(subs) == 0 {
		return "the topic has no subscriptions"
	}
	var names []string
	for _, s := range subs {
		names = append(names, aws.ToString(s.Protocol)+":"+arnName(aws.ToString(s.Endpoint)))
	}
	return "the topic's subscriptions are " + strings.Join(names, ", ")
}

func describeNotifyFilter(ctx context.Context, env Env, topic, notifyURL string) string {
	subs, err := topicSubscriptions(ctx, env, topic)
	if err != nil {
		return "the topic's subscriptions could not be read"
	}
	name := queueName(notifyURL)
	for _, s := range subs {
		if arnName(aws.ToString(s.Endpoint)) != name {
			continue
		}
		attrs, err := env.Clients.SNS.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: s.SubscriptionArn})
		if err != nil {
			return "the notify subscription's filter policy could not be read"
		}
		fp := attrs.Attributes["FilterPolicy"]
		if fp == "" {
			return "the notify subscription has no filter policy"
		}
		return "the notify subscription's filter policy is " + fp
	}
	return "the topic has no subscription for " + name
}

func topicSubscriptions(ctx context.Context, env Env, topic string) ([]snstypes.Subscription, error) {
	var subs []snstypes.Subscription
	p := sns.NewListSubscriptionsByTopicPaginator(env.Clients.SNS, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		subs = append(subs, page.Subscriptions...)
	}
	return subs, nil
}

func checkAlarm(ctx context.Context, env Env) Outcome {
	dlqURL, err := env.Output("orders_dlq_url")
	if err != nil {
		return OutputFailed(err)
	}
	alerts, err := env.Output("alerts_topic_arn")
	if err != nil {
		return OutputFailed(err)
	}
	if _, err := env.Clients.SNS.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(alerts)}); err != nil {
		return Errored("read the alerts topic "+alerts, err)
	}
	dlq := queueName(dlqURL)
	var onDLQ []cwtypes.MetricAlarm
	var onSQS []string
	p := cloudwatch.NewDescribeAlarmsPaginator(env.Clients.CloudWatch, &cloudwatch.DescribeAlarmsInput{
		AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return Errored("list the CloudWatch alarms", err)
		}
		for _, a := range page.MetricAlarms {
			if aws.ToString(a.Namespace) != "AWS/SQS" {
				continue
			}
			queue := ""
			for _, d := range a.Dimensions {
				if aws.ToString(d.Name) == "QueueName" {
					queue = aws.ToString(d.Value)
				}
			}
			if queue == dlq && aws.ToString(a.MetricName) == "ApproximateNumberOfMessagesVisible" {
				onDLQ = append(onDLQ, a)
				continue
			}
			onSQS = append(onSQS, fmt.Sprintf("%s (%s of QueueName %s)", aws.ToString(a.AlarmName), aws.ToString(a.MetricName), orNone(queue)))
		}
	}
	if len(onDLQ) == 0 {
		found := "no alarm in namespace AWS/SQS"
		if len(onSQS) > 0 {
			found = strings.Join(onSQS, "; ")
		}
		return Mismatch("alarm", "one on ApproximateNumberOfMessagesVisible of QueueName "+dlq, found)
	}
	var why []string
	for _, a := range onDLQ {
		name := aws.ToString(a.AlarmName)
		switch {
		case !firesOnFirstMessage(a):
			why = append(why, fmt.Sprintf("%s fires when the count is %s %g (expected >= 1)", name, a.ComparisonOperator, aws.ToFloat64(a.Threshold)))
		case !slices.Contains(a.AlarmActions, alerts):
			why = append(why, fmt.Sprintf("%s notifies %s (expected the alerts topic %s in alarm_actions)", name, orNone(strings.Join(a.AlarmActions, ", ")), alerts))
		case a.ActionsEnabled != nil && !*a.ActionsEnabled:
			why = append(why, name+" has its actions disabled (expected actions_enabled = true)")
		default:
			return Pass("alarm %s watches %s's visible messages (>= 1) and notifies %s", name, dlq, arnName(alerts))
		}
	}
	return Fail("an alarm watches %s, but %s", dlq, strings.Join(why, "; "))
}

// firesOnFirstMessage reports whether the alarm's threshold is crossed by
// one visible message: ">= 1", or "> t" with t below 1.
func firesOnFirstMessage(a cwtypes.MetricAlarm) bool {
	t := aws.ToFloat64(a.Threshold)
	switch a.ComparisonOperator {
	case cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold:
		return t > 0 && t <= 1
	case cwtypes.ComparisonOperatorGreaterThanThreshold:
		return t >= 0 && t < 1
	}
	return false
}

// queueAttributes reads every attribute of a queue.
func queueAttributes(ctx context.Context, c *sqs.Client, url string) (map[string]string, error) {
	out, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll},
	})
	if err != nil {
		return nil, err
	}
	return out.Attributes, nil
}

// queueName is the last part of a queue URL.
func queueName(url string) string { return path.Base(url) }

// arnName is the last part of an ARN (a queue's or topic's name).
func arnName(arn string) string {
	if i := strings.LastIndex(arn, ":"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func tagList(tags map[string]string) string {
	if len(tags) == 0 {
		return "no tags"
	}
	var out []string
	for k, v := range tags {
		out = append(out, k+"="+v)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// Waits for the message checks. The sandbox delivers at once; real SNS
// and SQS take up to a few seconds.
func deliveryWait(target string) time.Duration {
	if target == TargetAWS {
		return 15 * time.Second
	}
	return 3 * time.Second
}

// settleWindow is how long a check keeps looking for a message that must
// not arrive (a duplicate, a filtered event) once the expected ones are in.
func settleWindow(target string) time.Duration {
	if target == TargetAWS {
		return 5 * time.Second
	}
	return time.Second
}

// dlqWait bounds the search of the DLQ for a message just moved there.
func dlqWait(target string) time.Duration {
	if target == TargetAWS {
		return 10 * time.Second
	}
	return 2 * time.Second
}

// receiveWait is the long-poll of one receive while a message is known to
// be visible. Long polling makes real SQS ask every server, so a visible
// message is not missed.
func receiveWait(target string) int32 {
	if target == TargetAWS {
		return 5
	}
	return 1
}

// foreignHold is how long a message that is not the check's stays hidden
// after a receive picks it up, so later receives reach past it; it is made
// visible again when the check ends.
const foreignHold = 30

// queueProbe receives a check's own test messages (those whose body
// contains its marker) from one queue. Messages of others that a receive
// picks up are hidden for a while so later receives see past them, then
// made visible again by cleanup; each such receive does count toward their
// maxReceiveCount, which is why checks on one queue are few and run one
// at a time.
type queueProbe struct {
	c        *sqs.Client
	url      string
	marker   string
	foreign  map[string]string // message id -> latest receipt handle
	own      map[string]string // own messages held (received, not deleted)
	released map[string]bool   // own messages made visible again, not deleted
	seen     map[string]bool   // own messages ever received
	// expected is how many own messages the check sent toward this queue
	// (see expect): cleanup looks for those not yet seen.
	expected int
}

func newQueueProbe(c *sqs.Client, url, marker string) *queueProbe {
	return &queueProbe{c: c, url: url, marker: marker, foreign: map[string]string{}, own: map[string]string{}, released: map[string]bool{}, seen: map[string]bool{}}
}

// expect records that n more own messages are on their way to the queue,
// so cleanup waits for any that the check did not receive itself.
func (q *queueProbe) expect(n int) { q.expected += n }

// receive makes one receive call of up to ten messages, long-polling for
// wait seconds, and returns the check's own messages in the order SQS gave
// them.
func (q *queueProbe) receive(ctx context.Context, wait int32) ([]sqstypes.Message, error) {
	out, err := q.c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:                    aws.String(q.url),
		MaxNumberOfMessages:         10,
		WaitTimeSeconds:             wait,
		VisibilityTimeout:           foreignHold,
		MessageAttributeNames:       []string{"All"},
		MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
	})
	if err != nil {
		return nil, err
	}
	var own []sqstypes.Message
	for _, m := range out.Messages {
		id := aws.ToString(m.MessageId)
		if strings.Contains(aws.ToString(m.Body), q.marker) {
			q.own[id] = aws.ToString(m.ReceiptHandle)
			q.seen[id] = true
			delete(q.released, id)
			own = append(own, m)
			continue
		}
		q.foreign[id] = aws.ToString(m.ReceiptHandle)
	}
	return own, nil
}

// receiveOne receives until the check's message comes back or a receive
// returns none of its messages; nil means it did not come back.
func (q *queueProbe) receiveOne(ctx context.Context, wait int32) (*sqstypes.Message, error) {
	// A queue holding more than ten messages of others may need a few
	// receives to reach the check's message; each hides those it passes.
	for range 5 {
		own, err := q.receive(ctx, wait)
		if err != nil {
			return nil, err
		}
		if len(own) > 0 {
			return &own[0], nil
		}
		if len(q.foreign) == 0 {
			return nil, nil
		}
	}
	return nil, nil
}

// release makes an own message visible again at once, as a consumer that
// failed would leave it.
func (q *queueProbe) release(ctx context.Context, m *sqstypes.Message) error {
	_, err := q.c.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
		QueueUrl:          aws.String(q.url),
		ReceiptHandle:     m.ReceiptHandle,
		VisibilityTimeout: 0,
	})
	delete(q.own, aws.ToString(m.MessageId))
	q.released[aws.ToString(m.MessageId)] = true
	return err
}

// collect receives the check's own messages, deleting each as it comes
// (which, on a FIFO queue, releases the next of its group), until want
// have come or within has passed; then, when settle is more than zero, it
// goes on until no further one has come for settle, to catch a message
// that must not arrive (a duplicate, a filtered event). It returns them in
// the order received.
func (q *queueProbe) collect(ctx context.Context, want int, within, settle time.Duration) ([]sqstypes.Message, error) {
	var got []sqstypes.Message
	seen := map[string]bool{}
	deadline := time.Now().Add(within)
	settling := false
	for time.Now().Before(deadline) {
		own, err := q.receive(ctx, 1)
		if err != nil {
			return got, err
		}
		for _, m := range own {
			id := aws.ToString(m.MessageId)
			if err := q.delete(ctx, id); err != nil {
				return got, err
			}
			if !seen[id] {
				seen[id] = true
				got = append(got, m)
				if settling {
					deadline = time.Now().Add(settle)
				}
			}
		}
		if len(got) >= want && !settling {
			if settle <= 0 {
				return got, nil
			}
			settling = true
			deadline = time.Now().Add(settle)
		}
	}
	return got, nil
}

func (q *queueProbe) delete(ctx context.Context, id string) error {
	h, ok := q.own[id]
	if !ok {
		return nil
	}
	if _, err := q.c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(q.url), ReceiptHandle: aws.String(h)}); err != nil {
		return err
	}
	delete(q.own, id)
	delete(q.released, id)
	return nil
}

// cleanup deletes the check's own messages still in the queue (received
// but not deleted, or sent and never received) and makes the messages of
// others it hid visible again. It is best effort: a failure here leaves a
// test message behind, which the check's next run ignores.
func (q *queueProbe) cleanup(ctx context.Context) {
	// Own messages that are visible (released, or never received) are
	// fetched once more so they can be deleted.
	for range 3 {
		for id := range q.own {
			_ = q.delete(ctx, id)
		}
		if len(q.released) == 0 && len(q.seen) >= q.expected {
			break
		}
		// A wait of zero would not be sent, and the queue's own long-poll
		// (20 s in this lab) would apply; one second is enough for moto
		// and for SQS, which long-polls every server.
		if _, err := q.receive(ctx, 1); err != nil {
			break
		}
	}
	for id := range q.own {
		_ = q.delete(ctx, id)
	}
	for id, h := range q.foreign {
		_, _ = q.c.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
			QueueUrl: aws.String(q.url), ReceiptHandle: aws.String(h), VisibilityTimeout: 0,
		})
		delete(q.foreign, id)
	}
}
