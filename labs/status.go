package labs

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"awstutor/tfrun"
)

// State is where a lab stands in a target.
type State string

// The states `lab status` reports.
const (
	// StateNone: nothing has run and nothing is deployed.
	StateNone State = "none"
	// StatePlanned: a plan was made and nothing is deployed.
	StatePlanned State = "planned"
	// StateApplied: resources are deployed.
	StateApplied State = "applied"
	// StateInterrupted: an apply or destroy was cut short; the state file
	// says what exists. Offer to continue (plan and apply again) or destroy.
	StateInterrupted State = "interrupted"
	// StateDestroyed: the lab's resources were destroyed.
	StateDestroyed State = "destroyed"
)

// sensitiveValue stands in for a sensitive output in listings.
var sensitiveValue = json.RawMessage(`"(sensitive)"`)

// Status is a lab's state in one target, as `lab status --json` prints it.
type Status struct {
	ID        string `json:"id"`
	Target    string `json:"target"`
	Workspace string `json:"workspace"`
	State     State  `json:"state"`
	Resources int    `json:"resources"`
	// AppliedAt is when the deployed resources came into being; nil (JSON
	// null) while none are deployed.
	AppliedAt *time.Time `json:"applied_at"`
	// Outputs maps output names to their JSON values; sensitive values are
	// replaced by "(sensitive)".
	Outputs map[string]json.RawMessage `json:"outputs"`

	// Addresses lists what the state file holds, tainted instances marked;
	// shown after an interrupted run so the learner sees what exists.
	Addresses []tfrun.StateResource `json:"-"`
	// LastRun is the latest recorded run, if any.
	LastRun *Run `json:"-"`
	// Busy is true while another operation runs in the workspace; the
	// other fields then show the last settled state.
	Busy bool `json:"-"`
}

// Status derives the lab's state from the recorded run and the workspace's
// own files: the state file (what exists) and the lock (whether a run is
// going on, or died without finishing). It is right after a crash, when
// the recorded run is older than what the state file says.
func (m *Manager) Status(ctx context.Context, labID string) (Status, error) {
	lab, err := m.opts.Catalog.Lab(labID)
	if err != nil {
		return Status{}, err
	}
	dir := m.WorkspaceDir(lab.ID)
	s := Status{ID: lab.ID, Target: m.opts.Target, Workspace: dir, State: StateNone, Outputs: map[string]json.RawMessage{}}
	last, hasRun, err := m.opts.Recorder.LastRun(ctx, m.opts.Target, lab.ID)
	if err != nil {
		return Status{}, fmt.Errorf("read last run of lab %s: %w", lab.ID, err)
	}
	if hasRun {
		s.LastRun = &last
	}
	if _, err := os.Stat(dir); err != nil {
		if hasRun {
			s.State = deriveState(last, true, false, 0, "")
		}
		return s, nil
	}
	st, err := tfrun.ReadState(dir)
	if err != nil {
		return Status{}, fmt.Errorf("status of lab %s: %w", lab.ID, err)
	}
	abandoned, err := tfrun.AbandonedOp(dir)
	if err != nil {
		return Status{}, fmt.Errorf("status of lab %s: %w", lab.ID, err)
	}
	s.Busy = tfrun.Busy(dir)
	s.Resources = len(st.Resources)
	s.Addresses = st.Resources
	s.State = deriveState(last, hasRun, st.Exists, s.Resources, abandoned)
	if s.Resources > 0 {
		at := last.AppliedAt
		if at.IsZero() {
			at = st.ModTime // no record (a crash): the state's age is the best we know
		}
		s.AppliedAt = &at
	}
	if st.Exists {
		outs, err := m.Outputs(ctx, lab.ID)
		if err != nil {
			return Status{}, fmt.Errorf("status of lab %s: %w", lab.ID, err)
		}
		for k, o := range outs {
			if o.Sensitive {
				s.Outputs[k] = sensitiveValue
			} else {
				s.Outputs[k] = json.RawMessage(o.Value)
			}
		}
	}
	return s, nil
}

// deriveState decides the lab's state. Deployed resources outrank what the
// record says, except that a run cut short stays "interrupted" until the
// learner plans or destroys again, so the next start can offer both.
// stateFile says the workspace's state file exists (and was read, or
// Status would have failed); resources is what it holds. abandoned names
// an operation whose process died holding the lock.
func deriveState(last Run, hasRun, stateFile bool, resources int, abandoned string) State {
	switch {
	case abandoned == string(OpApply) || abandoned == string(OpDestroy):
		return StateInterrupted
	case hasRun && last.Result == ResultInterrupted && last.LastOp != OpPlan:
		return StateInterrupted
	case resources > 0:
		return StateApplied
	case !hasRun:
		return StateNone
	case last.LastOp == OpDestroy:
		return StateDestroyed
	case last.LastOp == OpPlan && last.Result == ResultOK:
		return StatePlanned
	case last.LastOp == OpApply && last.Result == ResultOK && stateFile && last.Resources > 0:
		// The recorded apply deployed resources and the state file, which
		// Terraform rewrites on every destroy, now lists none: a destroy
		// ran that progress.json could not take (a read-only or full
		// disk; see RecordError). The state file is the truth about what
		// exists. An apply that itself deployed nothing (a starter still
		// all TODO) stays "applied", as does a workspace whose state file
		// is gone, since then nothing says the resources went.
		return StateDestroyed
	case last.LastOp == OpApply && last.Result == ResultOK:
		return StateApplied
	}
	return StateNone
}
