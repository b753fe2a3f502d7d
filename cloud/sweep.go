package cloud

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"golang.org/x/sync/errgroup"
)

// Sweep phases, in the order resources must go: whatever uses a resource
// is deleted before it. ECS services hold target groups and subnets;
// listeners hold target groups; load balancers, NAT gateways and tasks hold
// subnets and security groups; subnets and gateways hold the VPC; roles go
// last because every other kind may be using one until it is gone.
//
// Scaling policies and targets go before the ECS services they scale, as
// Terraform destroys them: on the sandbox a target's ownership is read
// from its service's tags, so the service must still be there.
const (
	phaseScalingPolicies = iota
	phaseScalingTargets
	phaseECSServices
	phaseListeners
	phaseLoadBalancers
	phaseTargetGroups
	phaseECSClusters
	// phaseChildren holds the parts of a service resource that must go
	// before their parent: SNS subscriptions, Cognito app clients, API
	// Gateway pieces.
	phaseChildren
	// phaseServices holds the regional services that nothing else in the
	// labs depends on: queues, topics, functions, APIs, buckets, ...
	phaseServices
	phaseNATGateways
	phaseElasticIPs
	phaseSecurityGroups
	phaseSubnets
	phaseInternetGateways
	phaseVPCs
	phaseIAM
)

// kind is how the sweep handles one resource type: when in the order it
// goes, how to read its current tags (for resources that cannot be tagged,
// those of the resource they belong to), and how to delete it, including
// what must be emptied or detached first.
type kind struct {
	phase int
	tags  func(ctx context.Context, c *Clients, it Item) (map[string]string, error)
	del   func(ctx context.Context, c *Clients, it Item) error
}

var kinds = map[string]kind{}

// registerKind is called from each service file's init.
func registerKind(typ string, k kind) {
	if _, dup := kinds[typ]; dup {
		panic("cloud: kind registered twice: " + typ)
	}
	kinds[typ] = k
}

// Sweepable reports whether Sweep knows how to delete resources of the
// Terraform type typ.
func Sweepable(typ string) bool { _, ok := kinds[typ]; return ok }

// sweepConcurrency is how many deletions of one phase run at once.
const sweepConcurrency = 6

// SweepOptions configures Sweep.
type SweepOptions struct {
	// DryRun checks each item's tags and reports what would be deleted,
	// in order, without deleting anything.
	DryRun bool
}

// ItemResult is what happened to one item.
type ItemResult struct {
	Item Item `json:"item"`
	// Err is why the item was not deleted (Failed only).
	Err error `json:"-"`
	// Error is Err's text, for JSON.
	Error string `json:"error,omitempty"`
	// Note says why an item was skipped, or "would delete" in a dry run.
	Note string `json:"note,omitempty"`
}

// SweepReport says what Sweep did with each item it was given.
type SweepReport struct {
	// DryRun is true when nothing was deleted on purpose.
	DryRun bool `json:"dry_run"`
	// Deleted lists the items deleted, in the order they went (in a dry
	// run, the items that would be deleted, in the order they would go).
	Deleted []ItemResult `json:"deleted"`
	// Failed lists the items still there after the last round, each with
	// its last error.
	Failed []ItemResult `json:"failed"`
	// Skipped lists the items left alone: not tagged Project=awstutor, of
	// a kind the sweep does not delete, or already gone.
	Skipped []ItemResult `json:"skipped"`
}

// Notes on skipped items.
const (
	NoteNotOurs     = "not tagged Project=awstutor: left alone"
	NoteGone        = "already gone"
	NoteUnknownKind = "awstutor does not delete this kind of resource"
	NoteWouldDelete = "would delete"
)

// Sweep deletes the given inventory items in dependency order (ECS services
// before load balancers before target groups before security groups before
// subnets before VPCs, and so on). It goes through the phases in rounds:
// an item that fails, typically because something that uses it is not gone
// yet, is tried again in the next round, until a round deletes nothing.
//
// Right before each delete it reads the resource's tags again from the
// service and refuses any resource that does not carry Project=awstutor,
// whatever the item claims: the sweep never touches anything else.
//
// The returned error is non-nil only when the sweep had to stop: the
// sandbox went down or ctx ended. The report still says what happened
// before that; items not reached are in Failed.
func Sweep(ctx context.Context, c *Clients, items []Item, opts SweepOptions) (SweepReport, error) {
	rep := SweepReport{DryRun: opts.DryRun}
	var pending []Item
	seen := map[string]bool{}
	for _, it := range items {
		key := itemKey(it)
		if seen[key] {
			continue
		}
		seen[key] = true
		if !Sweepable(it.Type) {
			rep.Skipped = append(rep.Skipped, ItemResult{Item: it, Note: NoteUnknownKind})
			continue
		}
		pending = append(pending, it)
	}
	// Within a phase, a stable order by type then id makes reports and
	// dry runs repeatable.
	sort.SliceStable(pending, func(i, j int) bool {
		a, b := kinds[pending[i].Type].phase, kinds[pending[j].Type].phase
		if a != b {
			return a < b
		}
		if pending[i].Type != pending[j].Type {
			return pending[i].Type < pending[j].Type
		}
		return pending[i].ID < pending[j].ID
	})

	lastErr := map[string]error{}
	var fatal error
	for len(pending) > 0 && fatal == nil {
		progress := false
		var next []Item
		for start := 0; start < len(pending) && fatal == nil; {
			end := start
			phase := kinds[pending[start].Type].phase
			for end < len(pending) && kinds[pending[end].Type].phase == phase {
				end++
			}
			batch := pending[start:end]
			start = end

			results := make([]sweepOutcome, len(batch))
			g := new(errgroup.Group)
			g.SetLimit(sweepConcurrency)
			for i, it := range batch {
				g.Go(func() error {
					results[i] = sweepOne(ctx, c, it, opts.DryRun)
					return nil
				})
			}
			g.Wait()
			for i, r := range results {
				it := batch[i]
				switch r.status {
				case outcomeDeleted:
					progress = true
					note := ""
					if opts.DryRun {
						note = NoteWouldDelete
					}
					rep.Deleted = append(rep.Deleted, ItemResult{Item: it, Note: note})
				case outcomeSkipped:
					progress = true
					rep.Skipped = append(rep.Skipped, ItemResult{Item: it, Note: r.note})
				case outcomeFailed:
					lastErr[itemKey(it)] = r.err
					next = append(next, it)
					if fatal == nil && (errors.Is(r.err, ErrSandboxDown) || ctx.Err() != nil) {
						fatal = r.err
						if ctx.Err() != nil {
							fatal = ctx.Err()
						}
					}
				}
			}
		}
		// Items of phases not reached because of a fatal error stay
		// pending and are reported as failed below.
		if fatal != nil {
			for _, it := range pending {
				if _, failed := lastErr[itemKey(it)]; !failed && !reported(rep, it) {
					lastErr[itemKey(it)] = fatal
					next = append(next, it)
				}
			}
		}
		pending = next
		if !progress || opts.DryRun {
			break
		}
	}
	for _, it := range pending {
		err := lastErr[itemKey(it)]
		rep.Failed = append(rep.Failed, ItemResult{Item: it, Err: err, Error: errText(err)})
	}
	return rep, fatal
}

// itemKey identifies an item; the ARN is part of it because some ids are
// unique only within a parent (two services' scaling policies may share a
// name).
func itemKey(it Item) string { return it.Type + "\x00" + it.ID + "\x00" + it.ARN }

func reported(rep SweepReport, it Item) bool {
	for _, list := range [][]ItemResult{rep.Deleted, rep.Skipped} {
		for _, r := range list {
			if itemKey(r.Item) == itemKey(it) {
				return true
			}
		}
	}
	return false
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

type outcomeStatus int

const (
	outcomeDeleted outcomeStatus = iota
	outcomeSkipped
	outcomeFailed
)

type sweepOutcome struct {
	status outcomeStatus
	note   string
	err    error
}

// sweepOne re-reads the item's tags and deletes it if it is awstutor's.
func sweepOne(ctx context.Context, c *Clients, it Item, dryRun bool) sweepOutcome {
	if ctx.Err() != nil {
		return sweepOutcome{status: outcomeFailed, err: ctx.Err()}
	}
	k := kinds[it.Type]
	tags, err := k.tags(ctx, c, it)
	switch {
	case isNotFound(err):
		return sweepOutcome{status: outcomeSkipped, note: NoteGone}
	case err != nil:
		return sweepOutcome{status: outcomeFailed, err: fmt.Errorf("read the tags of %s %s: %w", it.Type, it.ID, brief(Classify(err)))}
	case !isProject(tags):
		return sweepOutcome{status: outcomeSkipped, note: NoteNotOurs}
	}
	if dryRun {
		return sweepOutcome{status: outcomeDeleted}
	}
	err = k.del(ctx, c, it)
	switch {
	case err == nil:
		return sweepOutcome{status: outcomeDeleted}
	case isNotFound(err):
		return sweepOutcome{status: outcomeSkipped, note: NoteGone}
	default:
		return sweepOutcome{status: outcomeFailed, err: fmt.Errorf("delete %s %s: %w", it.Type, it.ID, brief(Classify(err)))}
	}
}
