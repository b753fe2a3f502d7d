package cloud

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// inventoryBudget is the bound for a full inventory of 200
// resources against moto on the course machines.
const inventoryBudget = 3 * time.Second

// BenchmarkInventory200 lists 200 tagged resources across ten services
// against moto, after a warm-up (moto loads a service on its first call,
// which takes seconds and is not what is measured). It fails when one
// inventory takes longer than inventoryBudget.
func BenchmarkInventory200(b *testing.B) {
	moto.Reset(b)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := Connect(ctx, Target{Name: TargetSandbox, Endpoint: moto.Endpoint(), Region: DefaultRegion})
	if err != nil {
		b.Fatal(err)
	}
	f := newFixture(b, ctx, c, "day5-config-events")
	for i := range 30 {
		f.queue(fmt.Sprintf("q-%03d", i))
		f.topic(fmt.Sprintf("t-%03d", i))
		f.parameter(fmt.Sprintf("/bench/p-%03d", i))
		f.logGroup(fmt.Sprintf("/bench/lg-%03d", i))
	}
	for i := range 20 {
		f.secret(fmt.Sprintf("bench/s-%03d", i))
		f.alarm(fmt.Sprintf("a-%03d", i))
	}
	for i := range 10 {
		f.bucket(fmt.Sprintf("bench-b-%03d", i))
		f.repository(fmt.Sprintf("r-%03d", i))
		f.rule(fmt.Sprintf("e-%03d", i), "")
		f.role(fmt.Sprintf("role-%03d", i))
	}
	if len(f.made) != 200 {
		b.Fatalf("fixture made %d resources, want 200", len(f.made))
	}
	if _, errs := Inventory(ctx, c, InventoryOptions{}); len(errs) > 0 {
		b.Fatalf("warm-up: %v", errors.Join(errs...))
	}

	var slowest time.Duration
	for b.Loop() {
		start := time.Now()
		items, errs := Inventory(ctx, c, InventoryOptions{})
		took := time.Since(start)
		slowest = max(slowest, took)
		if len(errs) > 0 {
			b.Fatalf("Inventory: %v", errors.Join(errs...))
		}
		if len(items) != 200 {
			b.Fatalf("Inventory listed %d items, want 200", len(items))
		}
	}
	b.ReportMetric(slowest.Seconds(), "slowest-s")
	if slowest > inventoryBudget {
		b.Errorf("slowest inventory of 200 resources took %s, want under %s", slowest, inventoryBudget)
	}
}
