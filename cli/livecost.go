package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"awstutor/class"
	"awstutor/cloud"
	"awstutor/i18n"
	"awstutor/pricing"
	"awstutor/resource"
)

// Where the live meter's resources were read from.
const (
	liveFromInventory = "inventory"
	liveFromState     = "state"
)

// How long one read of the target's inventory may take before the meter
// falls back to the state files: the sandbox answers on loopback; AWS
// lists some thirty services over the network.
const (
	// A freshly started moto takes some seconds to build its services'
	// backends on the first listing; later listings take about one.
	liveInventoryTimeoutSandbox = 20 * time.Second
	liveInventoryTimeoutAWS     = 30 * time.Second
)

// How often the classroom reads the resources again. The meter itself
// ticks every second by arithmetic; listing costs calls, which are free on
// the loopback emulator and cheap but not free of throttling on AWS.
const (
	liveRefreshSandbox = 10 * time.Second
	liveRefreshAWS     = 60 * time.Second
)

// liveAccount is what runs in one target account, priced by one meter
// (the free tier is an allowance per account).
type liveAccount struct {
	Target string
	// Source is liveFromInventory or liveFromState; Note says why the
	// state files were read instead of the inventory.
	Source string
	Note   string
	// Resources are the priced resources, each with its Lab.
	Resources []resource.Resource
	Meter     *pricing.Meter
}

// Simulated reports whether the account is the sandbox, whose figures are
// what the same resources would cost on AWS.
func (a liveAccount) Simulated() bool { return a.Target != cloud.TargetAWS }

// readLive gathers what runs now, one account per target. Every
// workspace's state file is read (cheap, local); for the current target,
// with inventory set and the target reachable, the target's inventory of
// Project=awstutor resources replaces it: the inventory also sees what a
// killed run created without recording, or what someone made by hand with
// the lab's tags. When the inventory cannot be read, the state files stand
// and the note says why, in one sentence.
func (o *Options) readLive(ctx context.Context, inventory, quiet bool) ([]liveAccount, error) {
	desk, err := o.loadDesk(ctx, quiet)
	if err != nil && !errors.Is(err, errNoStateDir) {
		return nil, err
	}
	tt, err := o.timetable()
	if err != nil {
		if !quiet {
			return nil, err
		}
		tt = class.Default()
	}
	byTarget := map[string][]resource.Resource{}
	since := map[[2]string]time.Time{}
	for _, w := range desk.Workspaces {
		if !w.Live() {
			continue
		}
		at := w.AppliedAt()
		since[[2]string{w.Target, w.Lab}] = at
		for _, r := range w.Deployed.Resources {
			r.Lab = w.Lab
			if r.CreatedAt.IsZero() {
				r.CreatedAt = at
			}
			byTarget[w.Target] = append(byTarget[w.Target], r)
		}
	}
	notes := map[string]string{}
	sources := map[string]string{}
	if inventory {
		rs, note := o.inventoryResources(ctx, since, quiet)
		if note == "" {
			byTarget[o.Target] = rs
			sources[o.Target] = liveFromInventory
		} else {
			notes[o.Target] = note
		}
	}
	targets := make([]string, 0, len(byTarget)+1)
	for t := range byTarget {
		targets = append(targets, t)
	}
	// The current target is reported even with nothing in it, so that
	// "nothing runs" says where it looked, or why it could not.
	if inventory && !slices.Contains(targets, o.Target) {
		targets = append(targets, o.Target)
	}
	slices.Sort(targets)
	opts, err := o.meterOptions(clockFrom(ctx), tt)
	if err != nil {
		return nil, err
	}
	var out []liveAccount
	for _, t := range targets {
		rs := byTarget[t]
		if len(rs) == 0 && t != o.Target {
			continue
		}
		m, err := pricing.NewMeter(rs, opts)
		if err != nil {
			return nil, err
		}
		a := liveAccount{Target: t, Source: liveFromState, Note: notes[t], Resources: rs, Meter: m}
		if s, ok := sources[t]; ok {
			a.Source = s
		}
		out = append(out, a)
	}
	return out, nil
}

// inventoryResources lists the current target's awstutor resources. A
// resource whose service does not say when it was created is dated from
// its lab's apply, when awstutor recorded one. The note is empty on
// success and otherwise one sentence saying why the state files are used.
func (o *Options) inventoryResources(ctx context.Context, since map[[2]string]time.Time, quiet bool) ([]resource.Resource, string) {
	p := o.printer
	target, running, err := o.inventoryTarget(ctx)
	if err != nil {
		return nil, p.T(i18n.CLILiveFromState, err.Error())
	}
	if !running {
		return nil, p.T(i18n.CLILiveSandboxDown)
	}
	timeout := liveInventoryTimeoutSandbox
	if target.Name == cloud.TargetAWS {
		timeout = liveInventoryTimeoutAWS
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	clients, err := cloud.Connect(ctx, target)
	if err != nil {
		return nil, p.T(i18n.CLILiveFromState, err.Error())
	}
	// A freshly started emulator builds each service on first use, which
	// can take seconds: say what is happening rather than hang silently.
	if !quiet {
		slow := time.AfterFunc(time.Second, func() { fmt.Fprintln(o.stderr, p.T(i18n.CLILiveListing, target.Name)) })
		defer slow.Stop()
	}
	items, errs := cloud.Inventory(ctx, clients, cloud.InventoryOptions{})
	if len(errs) > 0 {
		// A partial inventory would under-count: a lab's load balancer
		// missing because one service failed reads as cheaper than it is.
		return nil, p.T(i18n.CLILiveFromState, errs[0].Error())
	}
	rs := make([]resource.Resource, 0, len(items))
	for _, it := range items {
		r := it.Resource
		if r.CreatedAt.IsZero() {
			r.CreatedAt = since[[2]string{o.Target, r.Lab}]
		}
		rs = append(rs, r)
	}
	return rs, ""
}

// meterOptions are the cost meter's settings: the clock, the class's start
// and end, the free tier and the price catalogue. When the price cache
// cannot be read, the options still work, with the embedded prices, and
// the error says what is wrong with the cache.
func (o *Options) meterOptions(now func() time.Time, tt class.Timetable) (pricing.MeterOptions, error) {
	opts := pricing.MeterOptions{
		Clock:    now,
		Location: now().Location(),
		Morning:  tt.StartOffset(),
		ClassEnd: tt.EndOffset(),
		FreeTier: o.freeTier(),
	}
	cat, err := o.priceCatalog()
	opts.Catalog = cat
	return opts, err
}

// liveRefresh is how often the classroom reads the resources again.
func (o *Options) liveRefresh() time.Duration {
	if o.Target == cloud.TargetAWS {
		return liveRefreshAWS
	}
	return liveRefreshSandbox
}

// priceCatalog is the price catalogue the cost meter uses: the embedded
// one with `pricing update`'s cache laid over it. It prints nothing: the
// meter runs in status lines and the classroom; the cost commands and
// pricing show say what is wrong with a cache.
func (o *Options) priceCatalog() (*pricing.Catalog, error) {
	cat, _, err := o.catalogNotes()
	return cat, err
}
