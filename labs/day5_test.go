package labs

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// assertNoPassword fails when any result carries the parameter's value.
func assertNoPassword(t *testing.T, results map[string]CheckResult) {
	t.Helper()
	for id, r := range results {
		if strings.Contains(r.Message+r.Hint, day5Password) {
			t.Errorf("%s: result carries the password: %q", id, r.Message)
		}
	}
}

// TestDay5SolutionPasses builds what the solution creates and verifies it
// through the state: every check passes except the event's arrival, which
// the sandbox reports as not provable.
func TestDay5SolutionPasses(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay5Fixture(t, ctx, c, day5Options{})
	results := verifyWorkspace(t, ctx, c, day5, f.outputs())
	_, lab := contentLab(t, day5)
	if want := stepChecks(lab); len(results) != len(want) {
		t.Fatalf("got %d results, want one for each of %v", len(results), want)
	}
	wantOnlyFailing(t, day5, results, "", "event-reaches-queue")
	if msg := results["event-reaches-queue"].Message; !strings.Contains(msg, "PutEvents") {
		t.Errorf("event-reaches-queue not provable without the reason: %q", msg)
	}
	if msg := results["ssm-securestring-encrypted"].Message; !strings.Contains(msg, "only imitates encryption") {
		t.Errorf("the sandbox's SecureString passed without saying the encryption is imitated: %q", msg)
	}
	assertNoPassword(t, results)
}

// TestDay5Breaks breaks, for each check the sandbox can prove, exactly
// what it proves and expects that check alone to fail with its first
// hint. ssm-securestring-encrypted is covered by TestDay5PlainPassword.
func TestDay5Breaks(t *testing.T) {
	cases := []struct {
		check string
		opts  day5Options
		brk   func(t *testing.T, f *day5Fixture)
		found string
	}{
		{"ssm-param-types", day5Options{logLevelType: ssmtypes.ParameterTypeSecureString}, func(t *testing.T, f *day5Fixture) {}, "type of parameter /tutor/day5/app/log_level: expected String, found SecureString"},
		{"taskdef-secrets-from-ssm", day5Options{}, func(t *testing.T, f *day5Fixture) {
			// Both secrets in place, but the password also as a plain
			// environment variable under another name.
			f.replaceTaskDef(func(cd *ecstypes.ContainerDefinition) {
				cd.Environment = append(cd.Environment, ecstypes.KeyValuePair{Name: aws.String("DB_PASS"), Value: aws.String(day5Password)})
			})
		}, "environment variable DB_PASS holds the database password in plain text"},
		{"exec-role-least-privilege", day5Options{}, func(t *testing.T, f *day5Fixture) {
			f.putExecPolicy(fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:GetParameter*"],"Resource":[%q,%q]}]}`, f.logLevelARN, f.passwordARN))
		}, "expected ssm:GetParameters only, found ssm:GetParameter*"},
		{"schedule-cron-target", day5Options{}, func(t *testing.T, f *day5Fixture) {
			f.putScheduleRule("cron(0 9 * * ? *)")
		}, "expected cron(0 0 * * ? *) (09:00 KST is 00:00 UTC), found cron(0 9 * * ? *)"},
		{"events-pattern-ecs-stopped", day5Options{}, func(t *testing.T, f *day5Fixture) {
			// The starter's pattern: every ECS event of the account.
			f.putStoppedRule(`{"source":["aws.ecs"]}`)
		}, `found {"source":["aws.ecs"]}`},
		{"events-queue-policy", day5Options{}, func(t *testing.T, f *day5Fixture) {
			f.setQueuePolicy(fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":%q}]}`, f.queueARN))
		}, "without an ArnEquals aws:SourceArn condition"},
	}
	_, lab := contentLab(t, day5)
	if got, want := len(cases), len(stepChecks(lab))-2; got != want {
		t.Errorf("%d breaking cases for %d sandbox-provable checks (less ssm-securestring-encrypted): every check needs one", got, want)
	}
	for _, tc := range cases {
		t.Run(tc.check, func(t *testing.T) {
			ctx := testCtx(t)
			c := sandboxClients(t)
			f := newDay5Fixture(t, ctx, c, tc.opts)
			tc.brk(t, f)
			results := verifyWorkspace(t, ctx, c, day5, f.outputs())
			wantOnlyFailing(t, day5, results, tc.check, "event-reaches-queue")
			if msg := results[tc.check].Message; !strings.Contains(msg, tc.found) {
				t.Errorf("%s: message %q does not say %q", tc.check, msg, tc.found)
			}
			assertNoPassword(t, results)
		})
	}
}

// TestDay5PlainPassword stores the password as a String, the mistake the
// parameters step is about: both parameter checks fail (the values read
// the same with and without decryption), the rest pass, and no result
// shows the value.
func TestDay5PlainPassword(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay5Fixture(t, ctx, c, day5Options{passwordType: ssmtypes.ParameterTypeString})
	results := verifyWorkspace(t, ctx, c, day5, f.outputs())
	for id, want := range map[string]string{
		"ssm-param-types":            "type of parameter /tutor/day5/db/password: expected SecureString, found String",
		"ssm-securestring-encrypted": "reads the same with and without decryption (type String)",
	} {
		r := results[id]
		if r.Status != CheckFail || !strings.Contains(r.Message, want) || r.Hint != day5Hint(id) {
			t.Errorf("%s: %s %q (hint %q), want fail saying %q with the first hint", id, r.Status, r.Message, r.Hint, want)
		}
		delete(results, id)
	}
	wantOnlyFailing(t, day5, results, "", "event-reaches-queue")
	assertNoPassword(t, results)
}

func day5Hint(id string) string {
	c, _ := LookupCheck(day5, id)
	return c.Hints[0]
}

// TestDay5EventReachesQueue runs the AWS-only check against the queue on
// moto. With no message it fails and points at run-task; with a STOPPED
// event of another cluster it still fails; with one of this cluster
// (sent to the queue directly, as EventBridge would deliver it; never
// PutEvents with an aws.* source) it passes, and the messages stay in the
// queue for the learner.
func TestDay5EventReachesQueue(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay5Fixture(t, ctx, c, day5Options{})
	check, _ := LookupCheck(day5, "event-reaches-queue")
	env := Env{Target: TargetAWS, Region: testRegion, Lab: day5, Outputs: toOutputs(t, f.outputs()), Clients: c}
	event := func(cluster string) string {
		return fmt.Sprintf(`{"version":"0","id":"1","detail-type":"ECS Task State Change","source":"aws.ecs","region":%q,"detail":{"clusterArn":%q,"taskArn":"%s/0123456789abcdef","lastStatus":"STOPPED","stopCode":"EssentialContainerExited"}}`,
			testRegion, cluster, strings.Replace(cluster, ":cluster/", ":task/", 1))
	}
	send := func(body string) {
		if _, err := c.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(f.queueURL), MessageBody: aws.String(body)}); err != nil {
			t.Fatal(err)
		}
	}
	got := check.Run(ctx, env)
	if got.Status != CheckFail || !strings.Contains(got.Message, "found none (0 other message(s)); run a task once") {
		t.Errorf("empty queue: %s %q, want a fail that says to run a task", got.Status, got.Message)
	}
	send(event(strings.Replace(f.clusterARN, day5Name, "someone-else", 1)))
	got = check.Run(ctx, env)
	if got.Status != CheckFail || !strings.Contains(got.Message, "(1 other message(s))") {
		t.Errorf("another cluster's event: %s %q, want a fail", got.Status, got.Message)
	}
	send(event(f.clusterARN))
	got = check.Run(ctx, env)
	if got.Status != CheckPass || !strings.Contains(got.Message, "stop code EssentialContainerExited") {
		t.Errorf("this cluster's event: %s %q, want a pass", got.Status, got.Message)
	}
	attrs, err := queueAttributes(ctx, c.SQS, f.queueURL)
	if err != nil {
		t.Fatal(err)
	}
	if attrs["ApproximateNumberOfMessages"] != "2" {
		t.Errorf("after the check the queue shows %s visible messages, want both back (2): %v", attrs["ApproximateNumberOfMessages"], attrs)
	}
}
