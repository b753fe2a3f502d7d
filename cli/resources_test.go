package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"awstutor/cloud"
	"awstutor/cloud/mototest"
)

// runCLIAt runs awstutor with its clock set to now.
func runCLIAt(t *testing.T, now time.Time, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx := WithClock(context.Background(), func() time.Time { return now })
	code := Execute(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestResourcesSandboxNotRunning(t *testing.T) {
	isolate(t)
	code, out, errs := runCLI(t, "--lang", "en", "resources")
	if code != ExitOK || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if out != "the sandbox is not running: nothing can be running there (start it with awstutor sandbox start)\n" {
		t.Errorf("stdout = %q", out)
	}
	// Korean is the default.
	if code, out, _ = runCLI(t, "resources"); code != ExitOK || !strings.HasPrefix(out, "샌드박스가 실행 중이 아니므로") {
		t.Errorf("in Korean: exit %d, stdout %q", code, out)
	}
	code, out, _ = runCLI(t, "resources", "--json")
	if code != ExitOK || strings.TrimSpace(out) != "[]" {
		t.Errorf("--json: exit %d, %q; want an empty array", code, out)
	}
}

func TestResourcesDeadEndpoint(t *testing.T) {
	isolate(t)
	// A loopback port that was free a moment ago: nothing listens there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := fmt.Sprintf("http://%s", l.Addr())
	l.Close()
	start := time.Now()
	code, out, errs := runCLI(t, "--endpoint", endpoint, "resources")
	if code != ExitFailure || out != "" {
		t.Errorf("exit %d, stdout %q; want 1 and nothing listed", code, out)
	}
	if errs != "awstutor: "+cloud.ErrSandboxDown.Error()+"\n" {
		t.Errorf("stderr = %q, want the one sentence", errs)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %s", time.Since(start))
	}
}

func TestResourcesGroupedByLab(t *testing.T) {
	isolate(t)
	srv := mototest.Start(t)
	ctx := context.Background()

	code, out, errs := runCLI(t, "--lang", "en", "--endpoint", srv.Endpoint(), "resources")
	if code != ExitOK || out != "nothing awstutor made is running in the sandbox (ap-northeast-2)\n" {
		t.Fatalf("empty sandbox: exit %d, %q, %q", code, out, errs)
	}

	c, err := cloud.Connect(ctx, cloud.Target{Name: cloud.TargetSandbox, Endpoint: srv.Endpoint(), Region: cloud.DefaultRegion})
	if err != nil {
		t.Fatal(err)
	}
	tags := func(lab string) map[string]string {
		return map[string]string{cloud.ProjectTag: cloud.ProjectValue, cloud.LabTag: lab}
	}
	for _, q := range []struct {
		name string
		tags map[string]string
	}{
		{"orders.fifo", tags("day1-messaging")},
		{"audit", tags("day5-config-events")},
		{"someone-elses", map[string]string{"Owner": "ops"}},
	} {
		in := &sqs.CreateQueueInput{QueueName: aws.String(q.name), Tags: q.tags}
		if strings.HasSuffix(q.name, ".fifo") {
			in.Attributes = map[string]string{"FifoQueue": "true"}
		}
		if _, err := c.SQS.CreateQueue(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/ecs/web"), Tags: tags("day3-fargate")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/ecs/web"), RetentionInDays: aws.Int32(7)}); err != nil {
		t.Fatal(err)
	}

	later := time.Now().Add(2*time.Hour + 5*time.Minute)
	code, out, errs = runCLIAt(t, later, "--lang", "en", "--endpoint", srv.Endpoint(), "resources")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	t.Logf("\n%s", out)
	if strings.Contains(out, "someone-elses") {
		t.Errorf("an untagged queue is listed without --all:\n%s", out)
	}
	d1, d3, d5 := strings.Index(out, "day1-messaging (1)"), strings.Index(out, "day3-fargate (1)"), strings.Index(out, "day5-config-events (1)")
	if d1 < 0 || d3 < 0 || d5 < 0 || !(d1 < d3 && d3 < d5) {
		t.Errorf("want groups day1, day3, day5 in course order:\n%s", out)
	}
	for _, line := range []string{
		`aws_sqs_queue\s+orders\.fifo\s+2h0[45]m\s+FIFO`,
		`aws_cloudwatch_log_group\s+/ecs/web\s+2h0[45]m\s+kept 7 days, 0 B`,
	} {
		if !regexp.MustCompile(line).MatchString(out) {
			t.Errorf("no line matching %q in:\n%s", line, out)
		}
	}
	if !strings.HasPrefix(out, "3 resources in the sandbox (ap-northeast-2)\n") {
		t.Errorf("want a count first, got:\n%s", out)
	}

	code, out, _ = runCLI(t, "--lang", "en", "--endpoint", srv.Endpoint(), "resources", "--all")
	if code != ExitOK || !strings.Contains(out, "(not tagged Project=awstutor) (1)") || !strings.Contains(out, "someone-elses") {
		t.Errorf("--all: exit %d, want the untagged queue in its own group:\n%s", code, out)
	}

	code, out, _ = runCLI(t, "--endpoint", srv.Endpoint(), "resources", "--json")
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil || code != ExitOK {
		t.Fatalf("--json: exit %d, %v\n%s", code, err, out)
	}
	if len(items) != 3 {
		t.Fatalf("--json: %d items, want 3", len(items))
	}
	for _, it := range items {
		for _, k := range []string{"type", "id", "arn", "region", "lab", "created_at", "attrs"} {
			if _, ok := it[k]; !ok {
				t.Errorf("item %v lacks %q", it["id"], k)
			}
		}
		if _, ok := it["tagged"]; ok {
			t.Errorf("item %v carries tagged without --all", it["id"])
		}
	}
}
