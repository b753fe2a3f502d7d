package tfrun

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"awstutor/resource"
)

// Action is what a plan does to one resource.
type Action string

// The actions a plan summary distinguishes. A replacement is one action,
// not a create plus a delete, so the learner sees "replace" as Terraform's
// plan output does.
const (
	ActionCreate  Action = "create"
	ActionUpdate  Action = "update"
	ActionDelete  Action = "delete"
	ActionReplace Action = "replace"
	ActionRead    Action = "read"
)

// PlannedChange is one resource the plan touches.
type PlannedChange struct {
	// Address is the resource address, such as "aws_sqs_queue.orders".
	Address string `json:"address"`
	// Type is the resource type, such as "aws_sqs_queue".
	Type string `json:"type"`
	// Action is what the plan does to it.
	Action Action `json:"action"`
}

// Plan is the summary of a saved plan and, once read, the plan JSON
// (`terraform show -json`) for the cost estimate.
type Plan struct {
	// File is the saved plan's path.
	File string `json:"file,omitempty"`
	// Destroy is true for a plan made with -destroy.
	Destroy bool `json:"destroy,omitempty"`
	// Adds, Changes, Destroys and Replaces count managed resources by
	// action; a replaced resource counts only in Replaces.
	Adds     int `json:"adds"`
	Changes  int `json:"changes"`
	Destroys int `json:"destroys"`
	Replaces int `json:"replaces"`
	// Resources lists every managed resource the plan touches, in the
	// plan's order; resources left as they are do not appear.
	Resources []PlannedChange `json:"resources"`
	// JSON is the raw output of `terraform show -json` for the plan file;
	// nil until it has been read (see Runner.ShowPlan).
	JSON []byte `json:"-"`

	parsed *tfjson.Plan
}

// ParsePlan reads the JSON of `terraform show -json PLANFILE`.
func ParsePlan(raw []byte) (*Plan, error) {
	var tp tfjson.Plan
	if err := tp.UnmarshalJSON(raw); err != nil {
		return nil, fmt.Errorf("parse plan json: %w", err)
	}
	p := &Plan{JSON: raw, parsed: &tp}
	for _, rc := range tp.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Mode != tfjson.ManagedResourceMode {
			continue
		}
		a := rc.Change.Actions
		var action Action
		switch {
		case a.Replace():
			action = ActionReplace
			p.Replaces++
		case a.Create():
			action = ActionCreate
			p.Adds++
		case a.Update():
			action = ActionUpdate
			p.Changes++
		case a.Delete():
			action = ActionDelete
			p.Destroys++
		default:
			continue // no-op, read, forget: nothing for apply to do.
		}
		p.Resources = append(p.Resources, PlannedChange{Address: rc.Address, Type: rc.Type, Action: action})
	}
	return p, nil
}

// planStream builds a plan's summary from the lines of
// `terraform plan -json`, as they come: the planned_change messages carry
// each resource's address and action, the diagnostics say why a plan
// failed. This gives the summary without a second terraform run; the
// plan JSON (`terraform show -json`) is read separately, when wanted.
type planStream struct {
	plan   Plan
	parser Parser
	diags  []Diagnostic
}

func (s *planStream) line(b []byte) {
	if ev, ok := s.parser.Line(b); ok && ev.Kind == EventDiagnostic && ev.Diagnostic != nil {
		s.diags = append(s.diags, *ev.Diagnostic)
		return
	}
	var m wireMessage
	if json.Unmarshal(b, &m) != nil || m.Type != "planned_change" || m.Change == nil {
		return
	}
	var action Action
	switch m.Change.Action {
	case "create":
		action = ActionCreate
		s.plan.Adds++
	case "update":
		action = ActionUpdate
		s.plan.Changes++
	case "delete":
		action = ActionDelete
		s.plan.Destroys++
	case "replace":
		action = ActionReplace
		s.plan.Replaces++
	default:
		return // read, noop, move, import, remove: nothing for apply to do
	}
	s.plan.Resources = append(s.plan.Resources, PlannedChange{Address: m.Change.Resource.Addr, Type: m.Change.Resource.Type, Action: action})
}

// HasJSON reports whether the plan JSON has been read, so that
// AfterResources has something to work on.
func (p *Plan) HasJSON() bool { return p.parsed != nil }

// Total is the number of resources apply will work on: the M of "N of M".
func (p *Plan) Total() int { return len(p.Resources) }

// Empty reports whether applying the plan would change nothing.
func (p *Plan) Empty() bool { return len(p.Resources) == 0 }

// String says what the plan does the way Terraform's own summary line does
// ("2 to add, 0 to change, 1 to destroy"), counting a replacement as one add
// and one destroy.
func (p *Plan) String() string {
	if p.Empty() {
		return "no changes"
	}
	return fmt.Sprintf("%d to add, %d to change, %d to destroy",
		p.Adds+p.Replaces, p.Changes, p.Destroys+p.Replaces)
}

// AfterResources returns the managed resources that will exist once the plan
// is applied (created, updated, replaced or left as they are; not deleted
// ones, not data sources), as neutral resources for the cost estimate. Attrs
// is the planned `change.after`; values known only after apply are absent.
// Region is the resource's own "region" argument (AWS provider v6), else the
// region in the root aws provider block (a literal or a variable), else
// defaultRegion.
func (p *Plan) AfterResources(defaultRegion string) []resource.Resource {
	if p.parsed == nil {
		return nil
	}
	region := providerRegion(p.parsed)
	if region == "" {
		region = defaultRegion
	}
	var out []resource.Resource
	for _, rc := range p.parsed.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Mode != tfjson.ManagedResourceMode {
			continue
		}
		after, ok := rc.Change.After.(map[string]any)
		if !ok {
			continue // deleted, or not an object
		}
		r := resource.Resource{Type: rc.Type, Address: rc.Address, Region: region, Attrs: maps.Clone(after)}
		if s, ok := after["region"].(string); ok && s != "" {
			r.Region = s
		}
		if id, ok := after["id"].(string); ok {
			r.ID = id
		}
		out = append(out, r)
	}
	return out
}

// providerRegion finds the region of the root, unaliased aws provider block:
// a literal, or a variable whose value the plan records.
func providerRegion(tp *tfjson.Plan) string {
	if tp.Config == nil {
		return ""
	}
	pc, ok := tp.Config.ProviderConfigs["aws"]
	if !ok || pc == nil {
		return ""
	}
	expr, ok := pc.Expressions["region"]
	if !ok || expr == nil || expr.ExpressionData == nil {
		return ""
	}
	if s, ok := expr.ConstantValue.(string); ok {
		return s
	}
	for _, ref := range expr.References {
		name, ok := strings.CutPrefix(ref, "var.")
		if !ok {
			continue
		}
		if v, ok := tp.Variables[name]; ok && v != nil {
			if s, ok := v.Value.(string); ok {
				return s
			}
		}
	}
	return ""
}
