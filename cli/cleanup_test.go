package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/shopspring/decimal"

	"awstutor/cloud"
	"awstutor/cloud/mototest"
	"awstutor/i18n"
	"awstutor/labs"
	"awstutor/tfrun"
)

// teardownMain is a fixture lab whose destroy takes as many seconds as its
// file says: a destroy-time provisioner sleeps that long, so a test can
// interrupt cleanup in the middle of a Terraform destroy and then let the
// second run through at once. The path is baked into the configuration
// because a destroy provisioner may only read its own resource.
const teardownMain = `resource "terraform_data" "quick" {
  input = "quick"
}

resource "terraform_data" "lingering" {
  input = "%s"

  provisioner "local-exec" {
    when = destroy
    # exec replaces the shell, so Terraform's stop signal reaches sleep.
    command = "exec sleep $(cat ${self.input})"
  }
}
`

// cleanupLabs makes a labs directory with the basic and slow fixture labs
// and the teardown lab, and returns it with the teardown lab's seconds
// file, which starts at 0.
func cleanupLabs(t *testing.T) (dir, seconds string) {
	t.Helper()
	root := t.TempDir()
	dir = filepath.Join(root, "labs")
	if err := os.CopyFS(dir, os.DirFS(fixtureLabs(t))); err != nil {
		t.Fatal(err)
	}
	seconds = filepath.Join(root, "teardown-seconds")
	writeTestFile(t, seconds, "0")
	td := filepath.Join(dir, "teardown")
	if err := os.CopyFS(td, os.DirFS(filepath.Join(dir, "slow"))); err != nil {
		t.Fatal(err)
	}
	main := strings.Replace(teardownMain, "%s", seconds, 1)
	writeTestFile(t, filepath.Join(td, "starter", "main.tf"), main)
	writeTestFile(t, filepath.Join(td, "solution", "main.tf"), main)
	yaml, err := os.ReadFile(filepath.Join(td, "lab.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	y := strings.Replace(string(yaml), "id: slow", "id: teardown", 1)
	y = strings.Replace(y, "outputs: [fast_id]", "outputs: []", 1)
	writeTestFile(t, filepath.Join(td, "lab.yaml"), y)
	return dir, seconds
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// seeded names what seedTarget made.
type seeded struct {
	queue, topic, param string // tagged Project=awstutor
	untagged, other     string // queue URLs cleanup must not touch
}

// seedTarget creates, with the SDK, an SQS queue, an SNS topic and an SSM
// parameter tagged Project=awstutor, a queue without tags and one tagged
// Project=other.
func seedTarget(t *testing.T, c *cloud.Clients) seeded {
	t.Helper()
	ctx := context.Background()
	ours := map[string]string{"Project": "awstutor", "Lab": "day1-messaging"}
	var s seeded
	q, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("orders"), Tags: ours})
	if err != nil {
		t.Fatalf("create queue: %v", err)
	}
	s.queue = aws.ToString(q.QueueUrl)
	topic, err := c.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("events"),
		Tags: []snstypes.Tag{{Key: aws.String("Project"), Value: aws.String("awstutor")}, {Key: aws.String("Lab"), Value: aws.String("day1-messaging")}}})
	if err != nil {
		t.Fatalf("create topic: %v", err)
	}
	s.topic = aws.ToString(topic.TopicArn)
	s.param = "/class/greeting" // names starting with "aws" are reserved
	if _, err := c.SSM.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(s.param), Value: aws.String("hi"), Type: ssmtypes.ParameterTypeString,
		Tags: []ssmtypes.Tag{{Key: aws.String("Project"), Value: aws.String("awstutor")}}}); err != nil {
		t.Fatalf("put parameter: %v", err)
	}
	u, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("mine")})
	if err != nil {
		t.Fatalf("create untagged queue: %v", err)
	}
	s.untagged = aws.ToString(u.QueueUrl)
	o, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("theirs"), Tags: map[string]string{"Project": "other"}})
	if err != nil {
		t.Fatalf("create other project's queue: %v", err)
	}
	s.other = aws.ToString(o.QueueUrl)
	return s
}

// liveIDs lists every sqs/sns/ssm resource in the target, tagged or not,
// by id.
func liveIDs(t *testing.T, c *cloud.Clients) []string {
	t.Helper()
	items, errs := cloud.Inventory(context.Background(), c, cloud.InventoryOptions{All: true})
	if len(errs) > 0 {
		t.Fatalf("list the target: %v", errs)
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	return ids
}

func sandboxClients(t *testing.T, endpoint string) *cloud.Clients {
	t.Helper()
	c, err := cloud.Connect(context.Background(), cloud.Target{Name: cloud.TargetSandbox, Endpoint: endpoint, Region: cloud.DefaultRegion})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// stateCount is how many resources the lab's workspace state lists.
func stateCount(t *testing.T, stateDir, target, lab string) int {
	t.Helper()
	st, err := tfrun.ReadState(filepath.Join(stateDir, "workspaces", target, lab))
	if err != nil {
		t.Fatal(err)
	}
	return len(st.Resources)
}

// interruptLabUp leaves the slow lab interrupted half way, as a learner's
// Ctrl-C does: fast created, slow tainted in the state.
func interruptLabUp(t *testing.T, labsDir string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := make(chan struct{})
	out := &watchWriter{want: "+ terraform_data.slow ... started", seen: seen}
	var errb watchWriter
	done := make(chan int, 1)
	go func() {
		done <- Execute(ctx, []string{"lab", "up", "slow", "--yes", "--labs-dir", labsDir, "--lang", "en"}, out, &errb)
	}()
	select {
	case <-seen:
	case code := <-done:
		t.Fatalf("up slow ended (exit %d) before the slow resource started: %s\n%s", code, out, errb.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("the slow resource did not start: %s\n%s", out, errb.String())
	}
	time.Sleep(500 * time.Millisecond)
	cancel()
	select {
	case code := <-done:
		if code != ExitCancelled {
			t.Fatalf("interrupted up slow: exit %d\n%s\n%s", code, out, errb.String())
		}
	case <-time.After(45 * time.Second):
		t.Fatal("up slow did not stop after the interrupt")
	}
}

func TestCleanupSandboxEndToEnd(t *testing.T) {
	needTerraform(t)
	isolate(t)
	stateDir := os.Getenv("AWSTUTOR_STATE_DIR")
	labsDir, _ := cleanupLabs(t)
	srv := mototest.Start(t)
	run := func(args ...string) (int, string, string) {
		t.Helper()
		return runCLI(t, append(args, "--labs-dir", labsDir, "--lang", "en", "--endpoint", srv.Endpoint())...)
	}
	for _, lab := range []string{"basic", "teardown"} {
		if code, out, errs := run("lab", "up", lab, "--yes"); code != 0 {
			t.Fatalf("lab up %s: exit %d: %s\n%s", lab, code, errs, out)
		}
	}
	interruptLabUp(t, labsDir)
	if n := stateCount(t, stateDir, "sandbox", "slow"); n != 2 {
		t.Fatalf("the interrupted slow lab holds %d resources, want 2", n)
	}
	c := sandboxClients(t, srv.Endpoint())
	s := seedTarget(t, c)
	all := []string{s.queue, s.topic, s.param, s.untagged, s.other}

	// A dry run prints the plan and deletes nothing.
	code, out, errs := run("cleanup", "--dry-run")
	if code != ExitRemain {
		t.Fatalf("dry run: exit %d, want %d: %s\n%s", code, ExitRemain, errs, out)
	}
	for _, want := range []string{
		"dry run in sandbox: nothing is deleted",
		"lab basic: 3 resources", "- terraform_data.second",
		"lab slow: 2 resources", "lab teardown: 2 resources",
		"would sweep 3 resources tagged Project=awstutor",
		"aws_sqs_queue orders (lab day1-messaging) ... would delete",
		"aws_sns_topic events (lab day1-messaging) ... would delete",
		"aws_ssm_parameter " + s.param + " ... would delete",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "mine") || strings.Contains(out, "theirs") {
		t.Errorf("dry run mentions a resource that is not awstutor's:\n%s", out)
	}
	if !strings.Contains(errs, "dry run, so nothing was deleted") || !strings.Contains(errs, "lab basic (3 resources)") {
		t.Errorf("dry run's exit message = %q, want it to say nothing was deleted and name what remains", errs)
	}
	for _, id := range all {
		if !slices.Contains(liveIDs(t, c), id) {
			t.Errorf("the dry run deleted %s", id)
		}
	}
	for lab, n := range map[string]int{"basic": 3, "slow": 2, "teardown": 2} {
		if got := stateCount(t, stateDir, "sandbox", lab); got != n {
			t.Errorf("after the dry run lab %s holds %d resources, want %d", lab, got, n)
		}
	}

	// The real run, as JSON: progress on stderr, the report on stdout.
	code, out, errs = run("cleanup", "--json")
	if code != 0 {
		t.Fatalf("cleanup: exit %d: %s\n%s", code, errs, out)
	}
	var rep struct {
		Target    string `json:"target"`
		DryRun    bool   `json:"dry_run"`
		Destroyed []struct {
			Lab       string `json:"lab"`
			Resources int    `json:"resources"`
		} `json:"destroyed"`
		Swept []struct {
			Type, ID, Lab string
		} `json:"swept"`
		Failed              []any `json:"failed"`
		Remaining           []any `json:"remaining"`
		WorkspacesRemaining []any `json:"workspaces_remaining"`
		TodayCost           struct {
			Target   string           `json:"target"`
			Estimate *decimal.Decimal `json:"estimate"`
		} `json:"today_cost"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("cleanup --json is not JSON: %v\n%s", err, out)
	}
	destroyed := map[string]int{}
	for _, d := range rep.Destroyed {
		destroyed[d.Lab] = d.Resources
	}
	if rep.Target != "sandbox" || rep.DryRun || destroyed["basic"] != 3 || destroyed["slow"] != 2 || destroyed["teardown"] != 2 || len(destroyed) != 3 {
		t.Errorf("report: target %q, dry run %v, destroyed %v; want basic 3, slow 2, teardown 2", rep.Target, rep.DryRun, destroyed)
	}
	var swept []string
	for _, it := range rep.Swept {
		swept = append(swept, it.Type+" "+it.ID)
	}
	slices.Sort(swept)
	want := []string{"aws_sns_topic " + s.topic, "aws_sqs_queue " + s.queue, "aws_ssm_parameter " + s.param}
	if !slices.Equal(swept, want) {
		t.Errorf("swept %v, want %v", swept, want)
	}
	if len(rep.Failed)+len(rep.Remaining)+len(rep.WorkspacesRemaining) != 0 {
		t.Errorf("failed %v, remaining %v, workspaces remaining %v; want none", rep.Failed, rep.Remaining, rep.WorkspacesRemaining)
	}
	if rep.TodayCost.Target != "sandbox" || rep.TodayCost.Estimate == nil {
		t.Errorf("today_cost = %+v, want an estimate for the sandbox", rep.TodayCost)
	}
	for _, want := range []string{"Destroy plan for lab basic", "- terraform_data.first ... done in", "[3/3]", "- terraform_data.lingering ... done in", "sweeping 3 resources"} {
		if !strings.Contains(errs, want) {
			t.Errorf("progress on stderr lacks %q:\n%s", want, errs)
		}
	}
	live := liveIDs(t, c)
	slices.Sort(live)
	keep := []string{s.untagged, s.other}
	slices.Sort(keep)
	if !slices.Equal(live, keep) {
		t.Errorf("after cleanup the target holds %v, want only the untagged and the other project's queues %v", live, keep)
	}
	for _, lab := range []string{"basic", "slow", "teardown"} {
		if n := stateCount(t, stateDir, "sandbox", lab); n != 0 {
			t.Errorf("after cleanup lab %s holds %d resources", lab, n)
		}
	}

	// Twice is fine: nothing to do, exit 0.
	code, out, errs = run("cleanup")
	if code != 0 || !strings.Contains(out, "nothing to clean up in sandbox") || strings.Contains(out, "Destroy plan") {
		t.Errorf("second cleanup: exit %d: %s\n%s", code, errs, out)
	}
}

func TestCleanupInterruptedThenRerun(t *testing.T) {
	needTerraform(t)
	isolate(t)
	stateDir := os.Getenv("AWSTUTOR_STATE_DIR")
	labsDir, seconds := cleanupLabs(t)
	srv := mototest.Start(t)
	args := []string{"--labs-dir", labsDir, "--lang", "en", "--endpoint", srv.Endpoint()}
	for _, lab := range []string{"basic", "teardown"} {
		if code, out, errs := runCLI(t, append([]string{"lab", "up", lab, "--yes"}, args...)...); code != 0 {
			t.Fatalf("lab up %s: exit %d: %s\n%s", lab, code, errs, out)
		}
	}
	c := sandboxClients(t, srv.Endpoint())
	s := seedTarget(t, c)
	// The teardown lab's destroy now takes a minute: long enough to be
	// interrupted in the middle of it.
	writeTestFile(t, seconds, "60")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := make(chan struct{})
	out := &watchWriter{want: "- terraform_data.lingering ... started", seen: seen}
	var errb watchWriter
	done := make(chan int, 1)
	go func() { done <- Execute(ctx, append([]string{"cleanup"}, args...), out, &errb) }()
	select {
	case <-seen:
	case code := <-done:
		t.Fatalf("cleanup ended (exit %d) before the teardown lab's destroy started: %s\n%s", code, out, errb.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("the teardown lab's destroy did not start: %s\n%s", out, errb.String())
	}
	time.Sleep(time.Second)
	start := time.Now()
	cancel()
	var code int
	select {
	case code = <-done:
	case <-time.After(45 * time.Second):
		t.Fatal("cleanup did not stop after the interrupt")
	}
	if code != ExitCancelled {
		t.Fatalf("interrupted cleanup: exit %d, want %d\n%s\n%s", code, ExitCancelled, out, errb.String())
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("cleanup took %s to stop: it waited for the provisioner instead of interrupting it", d)
	}
	text := out.String()
	for _, want := range []string{
		"stopping terraform gracefully",
		"the destroy of lab teardown was interrupted",
		"run `awstutor cleanup` again",
		"destroyed: lab basic (3 resources)",
		"cleanup was interrupted before the sweep",
		"remaining in sandbox:", "lab teardown: 1 resource in its state (terraform_data.lingering)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("interrupted cleanup's output lacks %q:\n%s", want, text)
		}
	}
	if n := stateCount(t, stateDir, "sandbox", "basic"); n != 0 {
		t.Errorf("basic, destroyed before the interrupt, holds %d resources", n)
	}
	if n := stateCount(t, stateDir, "sandbox", "teardown"); n != 1 {
		t.Errorf("teardown holds %d resources after the interrupt, want the lingering one", n)
	}
	if !slices.Contains(liveIDs(t, c), s.queue) {
		t.Error("the sweep ran although cleanup was interrupted before it")
	}

	// The second run finishes the job.
	writeTestFile(t, seconds, "0")
	code, text, errs := runCLI(t, append([]string{"cleanup"}, args...)...)
	if code != 0 || !strings.Contains(text, "destroyed: lab teardown (1 resource)") || !strings.Contains(text, "nothing remains in sandbox") {
		t.Fatalf("cleanup after the interrupt: exit %d: %s\n%s", code, errs, text)
	}
	if n := stateCount(t, stateDir, "sandbox", "teardown"); n != 0 {
		t.Errorf("teardown holds %d resources after the second run", n)
	}
	live := liveIDs(t, c)
	for _, id := range []string{s.queue, s.topic, s.param} {
		if slices.Contains(live, id) {
			t.Errorf("%s survived the second run", id)
		}
	}
}

func TestCleanupAWSTarget(t *testing.T) {
	needTerraform(t)
	dir := isolate(t)
	stateDir := filepath.Join(dir, "state")
	labsDir := fixtureLabs(t)
	// moto stands in for AWS, as in TestLabAWSAccountGuard: its account is
	// 123456789012 and nothing leaves the machine.
	srv := mototest.Start(t)
	empty := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": srv.Endpoint(), "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_CONFIG_FILE": empty, "AWS_SHARED_CREDENTIALS_FILE": empty,
	} {
		t.Setenv(k, v)
	}
	run := func(args ...string) (int, string, string) {
		t.Helper()
		return runCLI(t, append(args, "--target", "aws", "--labs-dir", labsDir, "--lang", "en")...)
	}
	if code, out, errs := run("lab", "up", "basic", "--yes", "--account", "123456789012"); code != 0 {
		t.Fatalf("lab up basic in aws: exit %d: %s\n%s", code, errs, out)
	}
	c := sandboxClients(t, srv.Endpoint())
	s := seedTarget(t, c)
	untouched := func(when string) {
		t.Helper()
		if n := stateCount(t, stateDir, "aws", "basic"); n != 3 {
			t.Errorf("%s: lab basic holds %d resources, want 3", when, n)
		}
		if !slices.Contains(liveIDs(t, c), s.queue) {
			t.Errorf("%s: the tagged queue was deleted", when)
		}
	}

	// lab up --account saved the confirmation; forget it, to see cleanup
	// in an account that is not confirmed.
	writeTestFile(t, filepath.Join(dir, "config.yaml"), "")

	// Without --yes it is a dry run, even in an account not confirmed.
	code, out, errs := run("cleanup")
	if code != ExitRemain || !strings.Contains(out, "dry run in aws") || !strings.Contains(out, "deleting needs --yes --account 123456789012") ||
		!strings.Contains(out, "aws_sqs_queue orders (lab day1-messaging) ... would delete") || !strings.Contains(errs, "awstutor --target aws cleanup --yes") {
		t.Errorf("cleanup in aws without --yes: exit %d: %s\n%s", code, errs, out)
	}
	untouched("after the default dry run")

	code, _, errs = run("cleanup", "--yes")
	if code != ExitUsage || !strings.Contains(errs, "--yes --account 123456789012") {
		t.Errorf("cleanup --yes in an unconfirmed account: exit %d, %q; want 2 saying how to confirm", code, errs)
	}
	untouched("after --yes without the account")

	cfg := filepath.Join(dir, "config.yaml")
	writeTestFile(t, cfg, "accounts:\n  blocklist: [\"123456789012\"]\n")
	for _, args := range [][]string{{"cleanup"}, {"cleanup", "--yes", "--account", "123456789012"}} {
		code, _, errs = run(args...)
		if code != ExitFailure || !strings.Contains(errs, "blocklist") {
			t.Errorf("%v in a blocklisted account: exit %d, %q; want 1 naming the blocklist", args, code, errs)
		}
	}
	untouched("in the blocklisted account")

	writeTestFile(t, cfg, "accounts:\n  confirmed: [\"123456789012\"]\n")
	code, out, errs = run("cleanup", "--yes")
	// moto does not serve the CBOR protocol the SDK speaks to CloudWatch
	// outside the sandbox, so its alarms cannot be listed here. Cleanup
	// must then refuse to say that nothing remains: exit 1, naming the
	// service, with everything else done.
	if code != ExitFailure || !strings.Contains(errs, "cleanup cannot tell whether anything remains in aws: list cloudwatch") ||
		strings.Count(out, "list cloudwatch") != 1 {
		t.Errorf("cleanup --yes with CloudWatch unlistable: exit %d, %q; want 1 naming cloudwatch once\n%s", code, errs, out)
	}
	if !strings.Contains(out, "using AWS account 123456789012") || !strings.Contains(out, "destroyed: lab basic (3 resources)") ||
		!strings.Contains(out, "nothing was found remaining in aws, but after the failures above that is not certain") || strings.Contains(out, "simulated") {
		t.Fatalf("cleanup --yes in a confirmed account: exit %d: %s\n%s", code, errs, out)
	}
	if n := stateCount(t, stateDir, "aws", "basic"); n != 0 {
		t.Errorf("after cleanup in aws lab basic holds %d resources", n)
	}
	live := liveIDs(t, c)
	slices.Sort(live)
	keep := []string{s.untagged, s.other}
	slices.Sort(keep)
	if !slices.Equal(live, keep) {
		t.Errorf("after cleanup in aws the account holds %v, want only %v", live, keep)
	}
}

func TestCleanupUnknownLabWorkspace(t *testing.T) {
	needTerraform(t)
	isolate(t)
	if code, out, errs := runCLI(t, "lab", "up", "basic", "--yes", "--labs-dir", fixtureLabs(t)); code != 0 {
		t.Fatalf("lab up basic: exit %d: %s\n%s", code, errs, out)
	}
	// Without the --labs-dir it came from, awstutor cannot run the lab's
	// Terraform: cleanup must say so and report it as remaining.
	code, out, errs := runCLI(t, "cleanup", "--lang", "en")
	if code != ExitRemain {
		t.Fatalf("exit %d, want %d: %s\n%s", code, ExitRemain, errs, out)
	}
	for _, want := range []string{"lab basic was not destroyed", "--labs-dir it was deployed from", "lab basic: 3 resources in its state", "the sandbox is not running"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "resources remain in sandbox: lab basic (3 resources)") {
		t.Errorf("exit message = %q", errs)
	}
}

func TestCleanupIsDryRun(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		target      string
		dryRun, yes bool
		want        bool
	}{
		{"sandbox", false, false, false},
		{"sandbox", true, false, true},
		{"sandbox", true, true, true},
		{"aws", false, false, true},
		{"aws", false, true, false},
		{"aws", true, true, true},
	} {
		if got := cleanupIsDryRun(tc.target, cleanupFlags{dryRun: tc.dryRun, yes: tc.yes}); got != tc.want {
			t.Errorf("cleanupIsDryRun(%s, dry-run=%v, yes=%v) = %v, want %v", tc.target, tc.dryRun, tc.yes, got, tc.want)
		}
	}
}

func TestCleanupCostLine(t *testing.T) {
	t.Parallel()
	d := decimal.RequireFromString("0.0123")
	for _, tc := range []struct {
		cost      cleanupCost
		want, not string
	}{
		{cleanupCost{Target: "sandbox", Region: "ap-northeast-2", Unavailable: 2}, "estimate unavailable (2 labs could not be estimated)", "$"},
		{cleanupCost{Target: "aws", Region: "ap-northeast-2", Estimate: &d, Unavailable: 1}, "at least $0.0123 (1 lab could not be estimated) in ap-northeast-2", "simulated"},
		{cleanupCost{Target: "sandbox", Region: "ap-northeast-2", Estimate: &d, Complete: true, Simulated: true, PriceDate: "2026-11-01"},
			"$0.0123, simulated: what the same resources would cost on AWS in ap-northeast-2, prices of 2026-11-01", "at least"},
	} {
		got := costLine(english, tc.cost)
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("costLine(%+v) = %q, want it to contain %q and not %q", tc.cost, got, tc.want, tc.not)
		}
	}
}

func TestCleanupUnreadableState(t *testing.T) {
	dir := isolate(t)
	ws := filepath.Join(dir, "state", "workspaces", "sandbox", "basic")
	if err := os.MkdirAll(ws, 0o700); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(ws, tfrun.StateFile), "{not json")
	// A state that cannot be read may hold anything: cleanup must not
	// call the lab clean, in a dry run or a real one.
	for _, args := range [][]string{{"cleanup", "--dry-run"}, {"cleanup"}} {
		code, out, errs := runCLI(t, append(args, "--labs-dir", fixtureLabs(t), "--lang", "en")...)
		if code != ExitRemain || !strings.Contains(out, "lab basic: its state cannot be read") || !strings.Contains(errs, "lab basic (state unreadable)") {
			t.Errorf("%v: exit %d, stderr %q\n%s", args, code, errs, out)
		}
	}
}

// TestCleanupNotesInKorean is the ending of a cleanup that destroyed one
// lab whose record could not be saved and one a killed run had left
// locked, in the default language: each is one note line in Korean (the
// record's in the sentence lab down says it in), the --json notes stay
// English, and nothing in them makes cleanup unsure of what remains.
func TestCleanupNotesInKorean(t *testing.T) {
	t.Parallel()
	ko, err := i18n.New("ko")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "progress.json")
	cause := &os.PathError{Op: "open", Path: path + ".tmp-1", Err: syscall.EROFS}
	rec := &labs.RecordError{Lab: "basic", Target: "sandbox", Op: labs.OpDestroy,
		Err: &recordSaveError{file: path, err: fmt.Errorf("save progress %s: create temp file: %w", path, cause)}}
	rep := cleanupReport{Target: "sandbox", Destroyed: []cleanupLab{{Lab: "basic", Resources: 3}, {Lab: "slow", Resources: 1}}, listed: true}
	rep.noteFault(ko, rec)
	(&Options{printer: ko}).noteTakeover(&rep, "slow", "apply")
	(&Options{printer: ko}).noteTakeover(&rep, "basic", "")

	var b strings.Builder
	if err := writeCleanupSummary(&b, ko, rep); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"참고: 실습 basic은(는) destroy되었지만 awstutor가 " + path + "에 기록하지 못했습니다: read-only file system. " +
			"status와 cleanup은 워크스페이스를 보고 남은 것이 없음을 압니다.",
		"참고: 실습 slow의 지난 apply 실행이 중단되었습니다(프로세스가 끝맺지 못하고 멈췄습니다). cleanup이 워크스페이스를 넘겨받아 실습을 destroy해서 마무리했습니다.",
	}
	var notes []string
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "참고: ") {
			notes = append(notes, line)
		}
	}
	if !slices.Equal(notes, want) {
		t.Errorf("notes =\n%q\nwant\n%q\nsummary:\n%s", notes, want, b.String())
	}
	wantEN := []string{
		"lab basic is destroyed, but awstutor could not record it in " + path + ": read-only file system; " +
			"status and cleanup still see from the workspace that nothing is left",
		"the last apply of lab slow was interrupted (its process stopped without finishing); cleanup took over the workspace and finished it by destroying the lab",
	}
	if !slices.Equal(rep.Notes, wantEN) {
		t.Errorf("--json notes =\n%q\nwant\n%q", rep.Notes, wantEN)
	}
	if err := cleanupExit(ko, rep); err != nil {
		t.Errorf("cleanupExit = %v, want nil: both labs are destroyed and nothing remains", err)
	}
}
