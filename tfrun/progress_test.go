package tfrun

import (
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestProgress(t *testing.T) {
	t.Parallel()
	plan := &Plan{Resources: []PlannedChange{
		{Address: "a.x", Action: ActionCreate},
		{Address: "a.y", Action: ActionReplace},
		{Address: "a.z", Action: ActionCreate},
		{Address: "a.w", Action: ActionDelete},
	}}
	clock := &fakeClock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	p := NewProgress(plan, clock.now)
	if p.Total() != 4 || p.Done() != 0 {
		t.Fatalf("start: %d of %d, want 0 of 4", p.Done(), p.Total())
	}
	if _, ok := p.Remaining(); ok {
		t.Error("an estimate before anything finished")
	}

	p.Observe(Event{Kind: EventStarted, Address: "a.x", Action: "create"})
	p.Observe(Event{Kind: EventStarted, Address: "a.y", Action: "delete"})
	p.Observe(Event{Kind: EventStarted, Address: "data.a.r", Action: "read"}) // not counted
	p.Observe(Event{Kind: EventProgress, Message: "Stopping operation..."})   // not counted
	clock.advance(2 * time.Second)
	p.Observe(Event{Kind: EventDone, Address: "a.x", Action: "create", Elapsed: 2 * time.Second})
	// The delete half of a replacement does not finish the resource.
	p.Observe(Event{Kind: EventDone, Address: "a.y", Action: "delete", Elapsed: time.Second})
	if p.Done() != 1 || p.Total() != 4 {
		t.Fatalf("after one: %d of %d, want 1 of 4", p.Done(), p.Total())
	}
	left, ok := p.Remaining()
	if !ok || left != 6*time.Second {
		t.Errorf("Remaining = %v, %v; want 6s (2s a resource, three to go)", left, ok)
	}

	p.Observe(Event{Kind: EventStarted, Address: "a.y", Action: "create"})
	p.Observe(Event{Kind: EventStarted, Address: "a.z", Action: "create"})
	clock.advance(2 * time.Second)
	p.Observe(Event{Kind: EventDone, Address: "a.y", Action: "create"})
	p.Observe(Event{Kind: EventFailed, Address: "a.z", Action: "create", Elapsed: 2 * time.Second})
	p.Observe(Event{Kind: EventDiagnostic, Address: "a.z", Diagnostic: &Diagnostic{Severity: "error", Summary: "boom"}})
	// A repeated done must not count twice.
	p.Observe(Event{Kind: EventDone, Address: "a.x", Action: "create"})
	if p.Done() != 3 || p.Failed() != 1 {
		t.Fatalf("after three: done %d failed %d, want 3 and 1", p.Done(), p.Failed())
	}

	res := p.Resources()
	want := []struct {
		addr    string
		state   ResourceState
		elapsed time.Duration
	}{
		{"a.x", ResourceDone, 2 * time.Second},
		{"a.y", ResourceDone, 4 * time.Second}, // both halves, on our clock
		{"a.z", ResourceFailed, 2 * time.Second},
		{"a.w", ResourcePending, 0},
	}
	for i, w := range want {
		if res[i].Address != w.addr || res[i].State != w.state || res[i].Elapsed != w.elapsed {
			t.Errorf("resource %d = %s %s %v, want %s %s %v", i, res[i].Address, res[i].State, res[i].Elapsed, w.addr, w.state, w.elapsed)
		}
	}
	if res[2].Diagnostic == nil || res[2].Diagnostic.Summary != "boom" {
		t.Errorf("failed resource diagnostic = %+v, want boom", res[2].Diagnostic)
	}

	// An address the plan did not list is counted once it starts.
	p.Observe(Event{Kind: EventStarted, Address: "a.extra", Action: "create"})
	if p.Total() != 5 {
		t.Errorf("Total = %d after an unannounced resource, want 5", p.Total())
	}
	clock.advance(time.Second)
	if r := p.Resources()[4]; r.State != ResourceRunning || r.Elapsed != time.Second {
		t.Errorf("running resource = %+v, want running for 1s", r)
	}
}
