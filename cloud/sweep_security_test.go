package cloud

import (
	"context"
	"testing"
)

// lyingLister is an inventory source that lies: it lists the resources a
// real lister finds, every one claimed as awstutor's (Project=awstutor,
// Lab=day1-messaging), as a buggy or spoofed listing, or a tagging answer
// that is stale or wrong, would.
type lyingLister struct {
	items []Item
}

func (l lyingLister) Service() string { return "liar" }

func (l lyingLister) List(context.Context) ([]Item, error) {
	return l.items, nil
}

// TestSweepRefusesEveryForeignKind creates one resource of every kind the
// labs make, none of them tagged as awstutor's (someone else's stack in
// the same account), then hands the sweep a listing that claims them all.
// The sweep reads each resource's tags again from its own service and
// must delete nothing: every item skipped as not ours, every resource
// still there afterwards. This extends TestSweepRefusesForeignItem (one
// queue) to every kind Sweep can delete.
func TestSweepRefusesEveryForeignKind(t *testing.T) {
	moto.Reset(t)
	ctx := testCtx(t)
	c := sandboxClients(t, moto.Endpoint())
	foreign := newFixture(t, ctx, c, "")
	foreign.everyKind("payroll", "10.40")

	real, errs := Inventory(ctx, c, InventoryOptions{All: true})
	if len(errs) > 0 {
		t.Fatalf("inventory: %v", errs)
	}
	var forged []Item
	kinds := map[string]bool{}
	for _, it := range real {
		if it.Tagged {
			t.Fatalf("the fixture made %s %s tagged as awstutor's", it.Type, it.ID)
		}
		if !Sweepable(it.Type) {
			continue
		}
		lie := it
		lie.Tags = map[string]string{ProjectTag: ProjectValue, LabTag: "day1-messaging"}
		lie.Tagged, lie.Lab = true, "day1-messaging"
		forged = append(forged, lie)
		kinds[it.Type] = true
	}
	if len(kinds) < 20 {
		t.Fatalf("only %d sweepable kinds among the foreign resources (%v): the test would prove little", len(kinds), kinds)
	}

	listed, errs := Inventory(ctx, c, InventoryOptions{Listers: []Lister{lyingLister{forged}}})
	if len(errs) > 0 || len(listed) != len(forged) {
		t.Fatalf("the lying listing gave %d items (%v), want %d", len(listed), errs, len(forged))
	}
	rep, err := Sweep(ctx, c, listed, SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Deleted) != 0 {
		for _, d := range rep.Deleted {
			t.Errorf("the sweep deleted foreign %s %s", d.Item.Type, d.Item.ID)
		}
	}
	for _, f := range rep.Failed {
		t.Errorf("the sweep failed on %s %s (%v) instead of leaving it alone", f.Item.Type, f.Item.ID, f.Err)
	}
	notOurs := 0
	for _, s := range rep.Skipped {
		if s.Note == NoteNotOurs {
			notOurs++
		} else {
			t.Errorf("%s %s skipped as %q, want %q", s.Item.Type, s.Item.ID, s.Note, NoteNotOurs)
		}
	}
	if notOurs != len(forged) {
		t.Errorf("%d of %d forged items skipped as not ours", notOurs, len(forged))
	}

	after, errs := Inventory(ctx, c, InventoryOptions{All: true})
	if len(errs) > 0 {
		t.Fatalf("inventory after the sweep: %v", errs)
	}
	still := map[string]bool{}
	for _, it := range after {
		still[itemKey(it)] = true
	}
	for _, it := range real {
		if !still[itemKey(it)] {
			t.Errorf("foreign %s %s is gone after the sweep", it.Type, it.ID)
		}
	}
}
