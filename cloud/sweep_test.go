package cloud

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"awstutor/cloud/internal/motoproc"
)

// TestSweepMixedFifty sweeps 50 resources, 32 of them tagged
// Project=awstutor and wired together as the labs wire them (a Fargate
// service behind an ALB in its own VPC, and so on), 18 not tagged. Given
// them in random order, the sweep must delete exactly the tagged ones in
// an order moto accepts, and leave the others.
func TestSweepMixedFifty(t *testing.T) {
	moto.Reset(t)
	ctx := testCtx(t)
	c := sandboxClients(t, moto.Endpoint())

	ours := newFixture(t, ctx, c, "day4-alb-autoscaling")
	ours.everyKind("d4", "10.4")
	other := newFixture(t, ctx, c, "")
	for i := range 4 {
		other.queue(fmt.Sprintf("keep-%d", i))
	}
	for i := range 3 {
		other.parameter(fmt.Sprintf("/keep/%d", i))
	}
	for i := range 2 {
		other.topic(fmt.Sprintf("keep-%d", i))
		other.logGroup(fmt.Sprintf("/keep/%d", i))
		other.secret(fmt.Sprintf("keep/%d", i))
	}
	other.bucket("keep-bucket")
	other.repository("keep-repo")
	other.alarm("keep-alarm")
	other.rule("keep-rule", "")
	other.role("keep-role")

	items, errs := Inventory(ctx, c, InventoryOptions{All: true})
	if len(errs) > 0 {
		t.Fatalf("Inventory: %v", errors.Join(errs...))
	}
	if len(items) != 50 || len(ours.made) != 32 {
		t.Fatalf("inventory has %d items (%d ours), want 50 (32 ours)", len(items), len(ours.made))
	}

	// moto enforces dependencies: the VPC cannot go while its subnets
	// are there. This is what makes the order below a real test.
	var vpc Item
	for _, it := range items {
		if it.Type == "aws_vpc" {
			vpc = it
		}
	}
	if err := kinds["aws_vpc"].del(ctx, c, vpc); err == nil {
		t.Fatal("moto deleted a VPC that still has subnets: the order test proves nothing")
	}

	rand.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	start := time.Now()
	rep, err := Sweep(ctx, c, items, SweepOptions{})
	t.Logf("sweep of %d items took %s", len(items), time.Since(start))
	if err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	for _, r := range rep.Failed {
		t.Errorf("failed: %s %s: %v", r.Item.Type, r.Item.ID, r.Err)
	}
	deleted := results(rep.Deleted)
	checkSet(t, "deleted", deleted, ours.made)
	checkSet(t, "skipped", results(rep.Skipped), other.made)
	for _, r := range rep.Skipped {
		if r.Note != NoteNotOurs {
			t.Errorf("skipped %s %s: note %q, want %q", r.Item.Type, r.Item.ID, r.Note, NoteNotOurs)
		}
	}

	// Dependency order, as deleted.
	pos := func(typ string) int {
		return slices.IndexFunc(rep.Deleted, func(r ItemResult) bool { return r.Item.Type == typ })
	}
	order := [][2]string{
		{"aws_appautoscaling_policy", "aws_appautoscaling_target"},
		{"aws_appautoscaling_target", "aws_ecs_service"},
		{"aws_ecs_service", "aws_lb"},
		{"aws_lb_listener", "aws_lb"},
		{"aws_lb", "aws_lb_target_group"},
		{"aws_ecs_service", "aws_ecs_cluster"},
		{"aws_lb_target_group", "aws_security_group"},
		{"aws_sns_topic_subscription", "aws_sns_topic"},
		{"aws_cognito_user_pool_client", "aws_cognito_user_pool"},
		{"aws_nat_gateway", "aws_eip"},
		{"aws_security_group", "aws_subnet"},
		{"aws_route_table", "aws_subnet"},
		{"aws_subnet", "aws_vpc"},
		{"aws_internet_gateway", "aws_vpc"},
		{"aws_lambda_function", "aws_iam_role"},
		{"aws_vpc", "aws_iam_role"},
	}
	for _, o := range order {
		if a, b := pos(o[0]), pos(o[1]); a < 0 || b < 0 || a > b {
			t.Errorf("%s deleted at %d, %s at %d: want the first before the second", o[0], a, o[1], b)
		}
	}

	left, errs := Inventory(ctx, c, InventoryOptions{All: true})
	if len(errs) > 0 {
		t.Fatalf("Inventory after the sweep: %v", errors.Join(errs...))
	}
	checkItems(t, left, other.made)
}

func results(rs []ItemResult) []Item {
	var items []Item
	for _, r := range rs {
		items = append(items, r.Item)
	}
	return items
}

// checkSet asserts that items are exactly the wanted resources.
func checkSet(t *testing.T, what string, items []Item, wanted []want) {
	t.Helper()
	got := map[string]bool{}
	for _, it := range items {
		got[it.Type+" "+it.ID] = true
	}
	for _, w := range wanted {
		if !got[w.Type+" "+w.ID] {
			t.Errorf("%s: missing %s %s", what, w.Type, w.ID)
		}
		delete(got, w.Type+" "+w.ID)
	}
	for k := range got {
		t.Errorf("%s: unexpected %s", what, k)
	}
}

// TestSweepRefusesForeignItem passes the sweep an item that claims to be
// awstutor's but whose resource is not tagged so. The sweep reads the tags
// again, refuses it, and the queue is still there. A dry run of a tagged
// queue reports it without deleting it.
func TestSweepRefusesForeignItem(t *testing.T) {
	moto.Reset(t)
	ctx := testCtx(t)
	c := sandboxClients(t, moto.Endpoint())
	foreign := newFixture(t, ctx, c, "")
	url, arn := foreign.queue("payroll")
	ours := newFixture(t, ctx, c, "day1-messaging")
	oursURL, _ := ours.queue("orders")

	lie := newItem("aws_sqs_queue", url, arn, c.Config.Region, zeroTime,
		map[string]string{ProjectTag: ProjectValue, LabTag: "day1-messaging"}, nil)
	if !lie.Tagged {
		t.Fatal("the forged item should claim to be tagged")
	}
	rep, err := Sweep(ctx, c, []Item{lie}, SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Deleted) != 0 || len(rep.Failed) != 0 || len(rep.Skipped) != 1 || rep.Skipped[0].Note != NoteNotOurs {
		t.Fatalf("report = %+v, want the item skipped as not ours", rep)
	}
	if _, err := c.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url)}); err != nil {
		t.Errorf("the foreign queue is gone or broken: %v", err)
	}

	items, errs := Inventory(ctx, c, InventoryOptions{})
	if len(errs) > 0 || len(items) != 1 {
		t.Fatalf("inventory = %v, %v; want the one tagged queue", items, errs)
	}
	rep, err = Sweep(ctx, c, items, SweepOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.DryRun || len(rep.Deleted) != 1 || rep.Deleted[0].Note != NoteWouldDelete || rep.Deleted[0].Item.ID != oursURL {
		t.Errorf("dry run report = %+v, want the tagged queue as would-delete", rep)
	}
	if _, err := c.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(oursURL)}); err != nil {
		t.Errorf("a dry run deleted the queue: %v", err)
	}

	// A kind the sweep does not know is skipped, never guessed at.
	rep, _ = Sweep(ctx, c, []Item{newItem("aws_instance", "i-123", "", c.Config.Region, zeroTime, ours.tags(), nil)}, SweepOptions{})
	if len(rep.Skipped) != 1 || rep.Skipped[0].Note != NoteUnknownKind {
		t.Errorf("unknown kind: report = %+v", rep)
	}
}

// TestSweepStopsWhenSandboxDown: with nothing listening, the sweep stops
// at once with ErrSandboxDown and reports every item as failed.
func TestSweepStopsWhenSandboxDown(t *testing.T) {
	t.Parallel()
	port, err := motoproc.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	c := sandboxClients(t, motoproc.Endpoint(port))
	items := []Item{
		newItem("aws_sqs_queue", "http://127.0.0.1/q", "", DefaultRegion, zeroTime, nil, nil),
		newItem("aws_vpc", "vpc-1", "", DefaultRegion, zeroTime, nil, nil),
	}
	start := time.Now()
	rep, err := Sweep(testCtx(t), c, items, SweepOptions{})
	if !errors.Is(err, ErrSandboxDown) {
		t.Fatalf("Sweep error = %v, want ErrSandboxDown", err)
	}
	if time.Since(start) > downBudget {
		t.Errorf("took %s", time.Since(start))
	}
	if len(rep.Failed) != 2 || len(rep.Deleted)+len(rep.Skipped) != 0 {
		t.Errorf("report = %+v, want both items failed", rep)
	}
}

// TestSweepFailureIsBrief: an item the emulator refuses to delete (a VPC
// whose subnet is not in the sweep) fails with the service's own sentence,
// not the SDK's request dump, and everything else still goes.
func TestSweepFailureIsBrief(t *testing.T) {
	moto.Reset(t)
	ctx := testCtx(t)
	c := sandboxClients(t, moto.Endpoint())
	f := newFixture(t, ctx, c, "day4-alb-autoscaling")
	f.network("10.7")
	items, errs := Inventory(ctx, c, InventoryOptions{})
	if len(errs) > 0 {
		t.Fatal(errors.Join(errs...))
	}
	var keep []Item
	for _, it := range items {
		if it.Type != "aws_subnet" {
			keep = append(keep, it)
		}
	}
	rep, err := Sweep(ctx, c, keep, SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Failed) != 1 || rep.Failed[0].Item.Type != "aws_vpc" {
		t.Fatalf("failed = %+v, want only the VPC", rep.Failed)
	}
	msg := rep.Failed[0].Error
	if !strings.HasPrefix(msg, "delete aws_vpc vpc-") || !strings.HasSuffix(msg, "(DependencyViolation)") || strings.Contains(msg, "RequestID") {
		t.Errorf("failure message %q, want the service's sentence and code", msg)
	}
	if len(rep.Deleted) != len(keep)-1 {
		t.Errorf("deleted %d of %d", len(rep.Deleted), len(keep)-1)
	}
}
