package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"awstutor/cloud"
	"awstutor/cloud/mototest"
	"awstutor/progress"
)

// day1Sandbox creates on moto what the day1-messaging solution's Terraform
// creates (names from the default prefix, settings, default tags) and
// returns the outputs its state would hold. labs/day1_fixture_test.go is
// the fuller version the check tests use; this one is what the command
// needs.
func day1Sandbox(t *testing.T, c *cloud.Clients) map[string]string {
	t.Helper()
	ctx := context.Background()
	tags := map[string]string{"Project": "awstutor", "Lab": "day1-messaging", "ManagedBy": "terraform"}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %s: %v", what, err)
		}
	}
	queue := func(name string, attrs map[string]string) (string, string) {
		out, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs, Tags: tags})
		must("create queue "+name, err)
		a, err := c.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: out.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
		must("read queue "+name, err)
		return aws.ToString(out.QueueUrl), a.Attributes["QueueArn"]
	}
	topic := func(name string) string {
		out, err := c.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name)})
		must("create topic "+name, err)
		return aws.ToString(out.TopicArn)
	}
	orders, ordersARN := queue("awstutor-d1-orders", map[string]string{"VisibilityTimeout": "30", "ReceiveMessageWaitTimeSeconds": "20", "MessageRetentionPeriod": "345600"})
	fifo, _ := queue("awstutor-d1-orders.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true", "VisibilityTimeout": "30", "ReceiveMessageWaitTimeSeconds": "20"})
	dlq, dlqARN := queue("awstutor-d1-orders-dlq", map[string]string{"MessageRetentionPeriod": "1209600"})
	_, err := c.SQS.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(orders), Attributes: map[string]string{
		"RedrivePolicy": `{"deadLetterTargetArn":"` + dlqARN + `","maxReceiveCount":3}`,
	}})
	must("set redrive policy", err)
	events := topic("awstutor-d1-order-events")
	notify, notifyARN := queue("awstutor-d1-notify", map[string]string{"VisibilityTimeout": "30", "ReceiveMessageWaitTimeSeconds": "20"})
	for url, arn := range map[string]string{orders: ordersARN, notify: notifyARN} {
		policy := `{"Version":"2012-10-17","Statement":[{"Sid":"AllowOrderEventsTopic","Effect":"Allow","Action":"sqs:SendMessage","Resource":"` + arn +
			`","Principal":{"Service":"sns.amazonaws.com"},"Condition":{"ArnEquals":{"aws:SourceArn":"` + events + `"}}}]}`
		_, err := c.SQS.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url), Attributes: map[string]string{"Policy": policy}})
		must("set queue policy", err)
	}
	for arn, attrs := range map[string]map[string]string{ordersARN: {"RawMessageDelivery": "true"}, notifyARN: {"FilterPolicy": `{"type":["ORDER_PAID"]}`}} {
		_, err := c.SNS.Subscribe(ctx, &sns.SubscribeInput{TopicArn: aws.String(events), Protocol: aws.String("sqs"), Endpoint: aws.String(arn), Attributes: attrs})
		must("subscribe", err)
	}
	alerts := topic("awstutor-d1-alerts")
	_, err = c.CloudWatch.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("awstutor-d1-orders-dlq-not-empty"), Namespace: aws.String("AWS/SQS"),
		MetricName: aws.String("ApproximateNumberOfMessagesVisible"),
		Dimensions: []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String("awstutor-d1-orders-dlq")}},
		Statistic:  cwtypes.StatisticMaximum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(1),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold, TreatMissingData: aws.String("notBreaching"),
		AlarmActions: []string{alerts}, OKActions: []string{alerts},
	})
	must("put alarm", err)
	return map[string]string{
		"orders_queue_url": orders, "orders_fifo_queue_url": fifo, "orders_dlq_url": dlq,
		"notify_queue_url": notify, "events_topic_arn": events, "alerts_topic_arn": alerts,
	}
}

// writeOutputsState writes a version 4 state file with only outputs into
// the lab's sandbox workspace, as `lab up` would leave it.
func writeOutputsState(t *testing.T, stateDir, lab string, outputs map[string]string) {
	t.Helper()
	outs := map[string]any{}
	for k, v := range outputs {
		outs[k] = map[string]any{"value": v, "type": "string"}
	}
	raw, _ := json.Marshal(map[string]any{"version": 4, "terraform_version": "1.11.4", "serial": 1,
		"lineage": "00000000-0000-0000-0000-000000000002", "outputs": outs, "resources": []any{}})
	dir := filepath.Join(stateDir, "workspaces", "sandbox", lab)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "terraform.tfstate"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLabVerifyDay1 runs `awstutor lab verify day1-messaging` end to end
// against a moto the test starts, with the Day 1 solution's resources and
// a workspace whose state holds their outputs: every check passes (exit
// 0) and the results land in progress; with the FIFO queue's
// deduplication off that check fails, exit 3, with its hint.
func TestLabVerifyDay1(t *testing.T) {
	needTerraform(t)
	dir := isolate(t)
	stateDir := filepath.Join(dir, "state")
	srv := mototest.Start(t)
	c, err := cloud.Connect(context.Background(), cloud.Target{Name: cloud.TargetSandbox, Endpoint: srv.Endpoint(), Region: cloud.DefaultRegion})
	if err != nil {
		t.Fatal(err)
	}
	outputs := day1Sandbox(t, c)
	writeOutputsState(t, stateDir, "day1-messaging", outputs)
	run := func(args ...string) (int, string, string) {
		return runCLI(t, append([]string{"lab", "verify", "day1-messaging", "--endpoint", srv.Endpoint(), "--lang", "en"}, args...)...)
	}

	code, out, errs := run()
	if code != ExitOK {
		t.Fatalf("verify: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if !strings.Contains(out, "lab day1-messaging in sandbox: 8 passed, 0 failed, 0 not provable") || strings.Contains(out, "hint:") {
		t.Errorf("table:\n%s", out)
	}
	store, err := progress.Open(stateDir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rec := st.Checks[progress.CheckKey("sandbox", "day1-messaging", "filter-policy-holds")]
	if rec.Status != "pass" || rec.Message == "" || time.Since(rec.At) > time.Minute {
		t.Errorf("progress holds %+v for filter-policy-holds, want a fresh pass", rec)
	}

	// Break the FIFO queue's deduplication and ask for that step as JSON.
	if _, err := c.SQS.SetQueueAttributes(context.Background(), &sqs.SetQueueAttributesInput{
		QueueUrl: aws.String(outputs["orders_fifo_queue_url"]), Attributes: map[string]string{"ContentBasedDeduplication": "false"},
	}); err != nil {
		t.Fatal(err)
	}
	code, out, errs = run("--step", "queues", "--json")
	if code != ExitChecks {
		t.Fatalf("verify a broken step: exit %d, want %d\nstderr: %s", code, ExitChecks, errs)
	}
	if !strings.Contains(errs, "1 of 2 checks of lab day1-messaging failed") {
		t.Errorf("stderr: %q", errs)
	}
	var got labVerifyJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Lab != "day1-messaging" || got.Target != "sandbox" || len(got.Checks) != 2 {
		t.Fatalf("JSON: %+v", got)
	}
	for _, r := range got.Checks {
		switch r.ID {
		case "fifo-order-dedup":
			if r.Status != "fail" || r.Step != "queues" || !strings.Contains(r.Hint, "content_based_deduplication") {
				t.Errorf("fifo-order-dedup: %+v", r)
			}
		default:
			if r.Status != "pass" || r.Hint != "" {
				t.Errorf("%s: %+v", r.ID, r)
			}
		}
	}
	st, _ = store.Load(context.Background())
	if s := st.Checks[progress.CheckKey("sandbox", "day1-messaging", "fifo-order-dedup")].Status; s != "fail" {
		t.Errorf("progress holds %q for the failed check", s)
	}
}

// TestLabVerifyErrors: a step the lab lacks is a usage error, and a
// sandbox that is not running, for a lab that is deployed, is one
// sentence saying how to start it. (A lab with nothing deployed is
// TestFaultVerifyNothingApplied.)
func TestLabVerifyErrors(t *testing.T) {
	needTerraform(t)
	dir := isolate(t)
	writeOutputsState(t, filepath.Join(dir, "state"), "day1-messaging", map[string]string{"orders_queue_url": "http://127.0.0.1:1/queue/orders"})
	code, _, errs := runCLI(t, "--lang", "en", "lab", "verify", "day1-messaging", "--step", "nope")
	if code != ExitUsage || !strings.Contains(errs, `no step "nope"`) {
		t.Errorf("unknown step: exit %d, %q", code, errs)
	}
	// Korean is the default.
	code, _, errs = runCLI(t, "lab", "verify", "day1-messaging", "--step", "nope")
	if code != ExitUsage || !strings.Contains(errs, `"nope" 단계가 없습니다`) {
		t.Errorf("unknown step: exit %d, %q", code, errs)
	}
	code, _, errs = runCLI(t, "lab", "verify", "day1-messaging")
	if code != ExitFailure || strings.TrimSpace(errs) != "awstutor: the sandbox is not running: run awstutor sandbox start" {
		t.Errorf("no sandbox: exit %d, %q", code, errs)
	}
}

// TestLabVerifySimulateImage: in the sandbox, --simulate-image puts the
// guide's small manifest in the Day 3 repository before the checks, and
// the image check then passes labelled simulated; on aws it is refused.
func TestLabVerifySimulateImage(t *testing.T) {
	needTerraform(t)
	dir := isolate(t)
	stateDir := filepath.Join(dir, "state")
	srv := mototest.Start(t)
	c, err := cloud.Connect(context.Background(), cloud.Target{Name: cloud.TargetSandbox, Endpoint: srv.Endpoint(), Region: cloud.DefaultRegion})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ECR.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("awstutor-d3-dev/web")}); err != nil {
		t.Fatal(err)
	}
	writeOutputsState(t, stateDir, "day3-fargate", map[string]string{"ecr_repository_name": "awstutor-d3-dev/web"})
	verify := func(args ...string) (int, string, string) {
		return runCLI(t, append([]string{"lab", "verify", "day3-fargate", "--step", "ecr", "--json", "--endpoint", srv.Endpoint(), "--lang", "en"}, args...)...)
	}
	imageStatus := func(out string) (string, string) {
		t.Helper()
		var res labVerifyJSON
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("verify --json: %v\n%s", err, out)
		}
		for _, r := range res.Checks {
			if r.ID == "ecr-image-present" {
				return string(r.Status), r.Message
			}
		}
		t.Fatalf("no ecr-image-present result in %s", out)
		return "", ""
	}
	_, out, _ := verify()
	if st, _ := imageStatus(out); st != "fail" {
		t.Fatalf("an empty repository: image check %s, want fail", st)
	}
	_, out, errs := verify("--simulate-image")
	st, msg := imageStatus(out)
	if st != "pass" || !strings.Contains(msg, "simulated") || !strings.Contains(errs, "simulated image") {
		t.Errorf("after --simulate-image: %s %q (stderr %q), want a pass labelled simulated", st, msg, errs)
	}
	if code, _, errs := runCLI(t, "lab", "verify", "day3-fargate", "--simulate-image", "--target", "aws", "--lang", "en"); code != ExitUsage || !strings.Contains(errs, "for the sandbox") {
		t.Errorf("--simulate-image on aws: exit %d %q, want 2", code, errs)
	}
}
