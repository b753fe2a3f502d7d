package cloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"awstutor/cloud/internal/motoproc"
	"awstutor/cloud/mototest"
)

// TestInventoryListsEveryKind creates resources of every kind the labs
// create, tagged for two labs, and the same kinds untagged, then checks
// that the inventory lists exactly the tagged ones with the right type,
// lab and pricing attributes, and the untagged ones only with All.
func TestInventoryListsEveryKind(t *testing.T) {
	moto.Reset(t)
	ctx := testCtx(t)
	c := sandboxClients(t, moto.Endpoint())

	day3 := newFixture(t, ctx, c, "day3-fargate")
	day3.everyKind("d3", "10.1")
	day1 := newFixture(t, ctx, c, "day1-messaging")
	day1.queue("d1-jobs.fifo")
	day1.parameter("/d1/threshold")
	other := newFixture(t, ctx, c, "")
	other.everyKind("x", "10.9")

	tagged := append(append([]want{}, day3.made...), day1.made...)
	kindsSeen := map[string]bool{}
	for _, w := range tagged {
		kindsSeen[w.Type] = true
	}
	for typ := range kinds {
		if !kindsSeen[typ] {
			t.Errorf("the fixture creates no %s: the test would not notice its lister breaking", typ)
		}
	}

	items, errs := Inventory(ctx, c, InventoryOptions{})
	if len(errs) > 0 {
		t.Fatalf("Inventory errors: %v", errors.Join(errs...))
	}
	checkItems(t, items, tagged)
	for _, it := range items {
		if !it.Tagged || it.Tags[ProjectTag] != ProjectValue {
			t.Errorf("%s %s listed without Project=awstutor: %v", it.Type, it.ID, it.Tags)
		}
		if it.Region != DefaultRegion {
			t.Errorf("%s %s: region %q", it.Type, it.ID, it.Region)
		}
		switch it.Type {
		// Kinds whose services report a creation time must carry it.
		// (ECS reports createdAt and registeredAt too, but moto 5.2
		// leaves them out of its answers.)
		case "aws_sqs_queue", "aws_cognito_user_pool", "aws_api_gateway_rest_api", "aws_apigatewayv2_api",
			"aws_iam_role", "aws_s3_bucket", "aws_ecr_repository", "aws_lb", "aws_nat_gateway",
			"aws_cloudwatch_log_group", "aws_secretsmanager_secret":
			if it.CreatedAt.IsZero() || time.Since(it.CreatedAt) > time.Hour || it.CreatedAt.Location() != time.UTC {
				t.Errorf("%s %s: created_at %v, want a recent UTC time", it.Type, it.ID, it.CreatedAt)
			}
		}
	}

	// The JSON form is {type, id, arn, region, lab, created_at, attrs}.
	b, err := json.Marshal(items[0])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	for k := range m {
		if !strings.Contains(" type id arn region lab created_at attrs ", " "+k+" ") {
			t.Errorf("item JSON has field %q: %s", k, b)
		}
	}

	all, errs := Inventory(ctx, c, InventoryOptions{All: true})
	if len(errs) > 0 {
		t.Fatalf("Inventory(All) errors: %v", errors.Join(errs...))
	}
	var untagged []Item
	for _, it := range all {
		if !it.Tagged {
			untagged = append(untagged, it)
		}
	}
	checkItems(t, untagged, other.made)
	b, _ = json.Marshal(untagged[0])
	if !strings.Contains(string(b), `"tagged":false`) {
		t.Errorf("an untagged item listed with All is not marked: %s", b)
	}
}

// checkItems asserts that items are exactly the wanted resources, each
// with its lab and attributes.
func checkItems(t *testing.T, items []Item, wanted []want) {
	t.Helper()
	byKey := map[string]Item{}
	for _, it := range items {
		key := it.Type + " " + it.ID
		if _, dup := byKey[key]; dup {
			t.Errorf("listed twice: %s", key)
		}
		byKey[key] = it
	}
	for _, w := range wanted {
		key := w.Type + " " + w.ID
		it, ok := byKey[key]
		if !ok {
			t.Errorf("not listed: %s", key)
			continue
		}
		delete(byKey, key)
		if it.Lab != w.Lab {
			t.Errorf("%s: lab %q, want %q", key, it.Lab, w.Lab)
		}
		for k, v := range w.Attrs {
			if !reflect.DeepEqual(it.Attrs[k], v) {
				t.Errorf("%s: attrs[%s] = %#v, want %#v", key, k, it.Attrs[k], v)
			}
		}
	}
	for key := range byKey {
		t.Errorf("listed but not wanted: %s", key)
	}
}

// TestInventoryEmulatorKilledMidListing freezes moto while the inventory
// is waiting on it, kills it, and expects the whole listing to end with
// ErrSandboxDown, as one sentence, within five seconds of the kill.
func TestInventoryEmulatorKilledMidListing(t *testing.T) {
	srv := mototest.Start(t)
	ctx := testCtx(t)
	c := sandboxClients(t, srv.Endpoint())
	f := newFixture(t, ctx, c, "day1-messaging")
	for i := range 5 {
		f.queue(fmt.Sprintf("q%d", i))
		f.parameter(fmt.Sprintf("/p/%d", i))
	}
	// Warm up: moto loads each service on its first call.
	if _, errs := Inventory(ctx, c, InventoryOptions{}); len(errs) > 0 {
		t.Fatalf("warm-up inventory: %v", errors.Join(errs...))
	}

	if err := motoproc.Signal(srv.PID(), syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	type result struct {
		items []Item
		errs  []error
	}
	done := make(chan result, 1)
	go func() {
		items, errs := Inventory(ctx, c, InventoryOptions{})
		done <- result{items, errs}
	}()
	time.Sleep(500 * time.Millisecond)
	select {
	case r := <-done:
		t.Fatalf("inventory returned while moto was frozen: %v", r.errs)
	default:
	}
	killed := time.Now()
	if err := motoproc.Signal(srv.PID(), motoproc.Kill); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-done:
	case <-time.After(2 * downBudget):
		t.Fatalf("inventory still running %s after moto was killed", 2*downBudget)
	}
	took := time.Since(killed)
	t.Logf("killed mid-listing: inventory ended %s after the kill", took)
	if took > downBudget {
		t.Errorf("inventory ended %s after the kill, want under %s", took, downBudget)
	}
	if len(r.errs) != 1 || !errors.Is(r.errs[0], ErrSandboxDown) {
		t.Fatalf("errors = %v, want exactly ErrSandboxDown", r.errs)
	}
	if r.errs[0].Error() != ErrSandboxDown.Error() {
		t.Errorf("message %q, want the one sentence %q", r.errs[0], ErrSandboxDown)
	}
	if r.items != nil {
		t.Errorf("a failed inventory returned %d items", len(r.items))
	}
}

// failingLister fails like a service the identity may not read.
type failingLister struct{ err error }

func (failingLister) Service() string                        { return "ecs" }
func (l failingLister) List(context.Context) ([]Item, error) { return nil, l.err }

// TestInventoryReportsOneServiceFailure: a service that fails (here with
// AccessDenied, as on AWS without the permission) is reported on its own,
// in one sentence, beside the items of the services that worked.
func TestInventoryReportsOneServiceFailure(t *testing.T) {
	moto.Reset(t)
	ctx := testCtx(t)
	c := sandboxClients(t, moto.Endpoint())
	f := newFixture(t, ctx, c, "day1-messaging")
	f.queue("orders")
	listers := []Lister{sqsLister{c.SQS, c.Config.Region}, failingLister{apiErr{"AccessDeniedException"}}}
	items, errs := Inventory(ctx, c, InventoryOptions{Listers: listers})
	checkItems(t, items, f.made)
	if len(errs) != 1 {
		t.Fatalf("errors = %v, want one", errs)
	}
	var se *ServiceError
	if !errors.As(errs[0], &se) || se.Service != "ecs" {
		t.Errorf("error %v is not the ecs ServiceError", errs[0])
	}
	if want := "list ecs: your AWS identity is not allowed to read it (AccessDeniedException), so its resources are not shown"; errs[0].Error() != want {
		t.Errorf("message %q, want %q", errs[0], want)
	}
}
