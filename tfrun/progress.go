package tfrun

import (
	"time"
)

// ResourceState is where one resource is in a run.
type ResourceState string

// The states a resource moves through during apply or destroy.
const (
	ResourcePending ResourceState = "pending"
	ResourceRunning ResourceState = "running"
	ResourceDone    ResourceState = "done"
	ResourceFailed  ResourceState = "failed"
)

// ResourceProgress is one resource's line in the progress view.
type ResourceProgress struct {
	Address string        `json:"address"`
	Action  string        `json:"action"`
	State   ResourceState `json:"state"`
	// Elapsed is how long the operation has run so far, or took.
	Elapsed time.Duration `json:"elapsed"`
	// Diagnostic is why it failed, once Terraform has said.
	Diagnostic *Diagnostic `json:"diagnostic,omitempty"`

	startedAt time.Time
	remaining int // operations still to finish: 2 for a replacement
}

// Progress aggregates the events of one apply or destroy into "N of M"
// and an estimate of the time left. It knows M from the plan; resources the
// plan did not list are counted when they start. Feed it every event with
// Observe; it does no IO and is not safe for concurrent use.
type Progress struct {
	now       func() time.Time
	byAddr    map[string]*ResourceProgress
	order     []string
	firstSeen time.Time
	finished  int
	failed    int
}

// NewProgress prepares a tracker for applying plan (nil when unknown). now
// is the clock; nil means time.Now.
func NewProgress(plan *Plan, now func() time.Time) *Progress {
	if now == nil {
		now = time.Now
	}
	p := &Progress{now: now, byAddr: make(map[string]*ResourceProgress)}
	if plan != nil {
		for _, c := range plan.Resources {
			ops := 1
			if c.Action == ActionReplace {
				ops = 2 // Terraform reports the delete and the create separately.
			}
			p.add(c.Address, string(c.Action), ops)
		}
	}
	return p
}

func (p *Progress) add(addr, action string, ops int) *ResourceProgress {
	r := &ResourceProgress{Address: addr, Action: action, State: ResourcePending, remaining: ops}
	p.byAddr[addr] = r
	p.order = append(p.order, addr)
	return r
}

// Observe takes one event into account.
func (p *Progress) Observe(e Event) {
	if e.Address == "" || e.Action == "read" {
		return // whole-run messages and data source reads are not counted
	}
	r := p.byAddr[e.Address]
	switch e.Kind {
	case EventStarted:
		if r == nil {
			r = p.add(e.Address, e.Action, 1)
		}
		if p.firstSeen.IsZero() {
			p.firstSeen = p.now()
		}
		if r.State == ResourcePending {
			r.startedAt = p.now()
		}
		r.State = ResourceRunning
	case EventProgress:
		if r != nil && r.State == ResourceRunning && e.Elapsed > 0 {
			r.Elapsed = e.Elapsed
		}
	case EventDone:
		if r == nil || r.State == ResourceDone || r.State == ResourceFailed {
			return
		}
		r.remaining--
		if r.remaining > 0 {
			return // the first half of a replacement
		}
		r.State = ResourceDone
		r.Elapsed = p.elapsed(r, e)
		p.finished++
	case EventFailed:
		if r == nil || r.State == ResourceDone || r.State == ResourceFailed {
			return
		}
		r.State = ResourceFailed
		r.Elapsed = p.elapsed(r, e)
		p.finished++
		p.failed++
	case EventDiagnostic:
		if r != nil && e.Diagnostic != nil && r.Diagnostic == nil {
			d := *e.Diagnostic
			r.Diagnostic = &d
		}
	}
}

// elapsed prefers our own clock over a replacement's two halves, and
// Terraform's measure for a single operation.
func (p *Progress) elapsed(r *ResourceProgress, e Event) time.Duration {
	if e.Elapsed > 0 && r.Action != string(ActionReplace) {
		return e.Elapsed
	}
	if !r.startedAt.IsZero() {
		return p.now().Sub(r.startedAt)
	}
	return e.Elapsed
}

// Done is N: resources finished, failed ones included.
func (p *Progress) Done() int { return p.finished }

// Failed counts resources whose operation failed.
func (p *Progress) Failed() int { return p.failed }

// Total is M: resources in the plan plus any that started unannounced.
func (p *Progress) Total() int { return len(p.order) }

// Remaining estimates the time left from the pace so far: the wall time
// since the first resource started, divided by the resources finished, times
// those still to go. Parallel work is accounted for because the pace is
// measured on the wall clock. ok is false until one resource has finished.
func (p *Progress) Remaining() (left time.Duration, ok bool) {
	if p.finished == 0 || p.firstSeen.IsZero() {
		return 0, false
	}
	todo := p.Total() - p.finished
	if todo <= 0 {
		return 0, true
	}
	pace := p.now().Sub(p.firstSeen) / time.Duration(p.finished)
	return pace * time.Duration(todo), true
}

// Resources returns every resource's line, in plan order, with running
// resources' elapsed time brought up to now.
func (p *Progress) Resources() []ResourceProgress {
	out := make([]ResourceProgress, 0, len(p.order))
	now := p.now()
	for _, a := range p.order {
		r := *p.byAddr[a]
		if r.State == ResourceRunning && !r.startedAt.IsZero() {
			if d := now.Sub(r.startedAt); d > r.Elapsed {
				r.Elapsed = d
			}
		}
		out = append(out, r)
	}
	return out
}
