package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"awstutor/cloud"
	"awstutor/i18n"
	"awstutor/labs"
	"awstutor/tfrun"
)

// cleanupFlags are the flags of `awstutor cleanup`.
type cleanupFlags struct {
	dryRun  bool
	yes     bool
	account string
}

// cleanupLab is a lab workspace in cleanup's report: one that was (or in
// a dry run would be) destroyed, or one whose state still lists resources.
type cleanupLab struct {
	Lab       string `json:"lab"`
	Resources int    `json:"resources"`
	// Addresses names what a remaining workspace still holds.
	Addresses []string `json:"addresses,omitempty"`
	// Error says why the workspace's state could not be read; it may
	// hold anything then.
	Error string `json:"error,omitempty"`
}

// cleanupItem is a live resource tagged Project=awstutor: swept (or in a
// dry run to be swept), or still there.
type cleanupItem struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Lab  string `json:"lab"`

	// name is the short name people know it by, for the text output.
	name string
}

// cleanupFailure is something cleanup could not do: destroy a lab (Lab
// set), delete an item (Type and ID set) or list the target (neither).
type cleanupFailure struct {
	Lab   string `json:"lab,omitempty"`
	Type  string `json:"type,omitempty"`
	ID    string `json:"id,omitempty"`
	Error string `json:"error"`

	// said is Error in the interface language when cleanup composed it
	// (Error, which --json prints for scripts, stays English); "" when
	// Error came from elsewhere and says it as it is.
	said string
}

// text is the failure as people are told it.
func (f cleanupFailure) text() string {
	if f.said != "" {
		return f.said
	}
	return f.Error
}

// failure is the report's record of err, with what cleanup composed in
// both languages.
func failure(lab string, err error) cleanupFailure {
	f := cleanupFailure{Lab: lab, Error: err.Error()}
	var s *spokenError
	if errors.As(err, &s) {
		f.said = s.said
	}
	return f
}

// spokenError is an error cleanup composes itself: Error is English, as
// --json prints it, and said is the same in the interface language.
type spokenError struct{ en, said string }

func (e *spokenError) Error() string { return e.en }

func speak(p i18n.Printer, k i18n.Key, args ...any) error {
	return &spokenError{en: english.T(k, args...), said: p.T(k, args...)}
}

// cleanupCost is today's estimated cost of the target's lab workspaces,
// from the report's estimate.
type cleanupCost struct {
	Target    string `json:"target"`
	Region    string `json:"region"`
	Simulated bool   `json:"simulated"`
	// Estimate is nil when no lab's cost could be estimated: it is then
	// unavailable, never a guessed $0.
	Estimate *decimal.Decimal `json:"estimate"`
	// Unavailable counts the labs that could not be estimated; with some,
	// Estimate is a lower bound.
	Unavailable int    `json:"unavailable"`
	Complete    bool   `json:"complete"`
	PriceDate   string `json:"price_date,omitempty"`
}

// cleanupReport is what cleanup did and found, and the --json document.
// In a dry run, Destroyed and Swept list what would go.
type cleanupReport struct {
	Target    string `json:"target"`
	DryRun    bool   `json:"dry_run"`
	Cancelled bool   `json:"cancelled"`
	// Destroyed lists the labs whose resources Terraform destroyed.
	Destroyed []cleanupLab `json:"destroyed"`
	// Swept lists the tagged items the sweep deleted.
	Swept  []cleanupItem    `json:"swept"`
	Failed []cleanupFailure `json:"failed"`
	// Remaining lists the tagged items found in the target at the end.
	Remaining []cleanupItem `json:"remaining"`
	// WorkspacesRemaining lists the workspaces whose state still lists
	// resources at the end.
	WorkspacesRemaining []cleanupLab `json:"workspaces_remaining"`
	TodayCost           cleanupCost  `json:"today_cost"`
	// Notes say what cleanup could not look at and why (a sandbox that is
	// not running, a listing cut short). They are English in every
	// interface language, as scripts read them; said has them in the
	// interface language, for the summary.
	Notes []string `json:"notes"`
	said  []string

	// listed is false when the target's tagged resources were not listed
	// at the end, so Remaining is what was known before.
	listed bool
}

// note adds a note to the report, in English and in p's language.
func (r *cleanupReport) note(p i18n.Printer, k i18n.Key, args ...any) {
	r.Notes = append(r.Notes, english.T(k, args...))
	r.said = append(r.said, p.T(k, args...))
}

// noteFault adds a lab fault that did not stop the lab's destroy (its
// record could not be saved) to the notes, in the one sentence `lab down`
// says it in (labFault), in English and in p's language.
func (r *cleanupReport) noteFault(p i18n.Printer, err error) {
	r.Notes = append(r.Notes, labFault(english, err).Error())
	r.said = append(r.said, labFault(p, err).Error())
}

func newCleanupCmd(o *Options) *cobra.Command {
	var f cleanupFlags
	cmd := &cobra.Command{
		Use:   "cleanup",
		Short: "Destroy every lab's resources, then sweep anything left tagged Project=awstutor",
		Long: `Remove everything the labs left running in the target, in three steps:

  1. every lab workspace whose Terraform state lists resources is destroyed
     with Terraform, as lab down does (one line per resource), without
     asking per lab;
  2. everything still tagged Project=awstutor in the target is swept, in
     dependency order; resources without that tag are never touched;
  3. the workspaces and the target are listed again and cleanup reports what
     was destroyed, swept and still remains, and today's estimated cost.

In the sandbox target cleanup deletes without asking: the emulator is free
and local. A sandbox that is not running (and no --endpoint) holds nothing,
since moto keeps its state in memory, so there is nothing to sweep there.

With --target aws, --dry-run is the default: deleting needs --yes, and an
account not yet confirmed in the config file also needs --account; a
blocklisted account is refused. cleanup never asks a question, so it can run
from cron.

--dry-run prints what would be destroyed (per lab, from its state file) and
swept (from the tagged listing), and deletes nothing.

Exit status: 0 when nothing remains; 4 when resources remain (named), which
after a dry run means whenever there was anything to delete; 130 when
interrupted (Ctrl-C stops Terraform gracefully; run cleanup again to
finish); 1 when the target could not be listed, so what remains is unknown.

--json prints {target, dry_run, cancelled, destroyed[{lab, resources}],
swept[{type, id, lab}], failed[{lab, type, id, error}],
remaining[{type, id, lab}], workspaces_remaining[{lab, resources,
addresses}], today_cost{target, region, simulated, estimate, unavailable, complete,
price_date}, notes} and writes the progress lines to stderr.`,
		Example: `  awstutor cleanup
  awstutor cleanup --dry-run
  awstutor --target aws cleanup
  awstutor --target aws cleanup --yes --account 123456789012
  awstutor cleanup --json 2>/dev/null`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.runCleanup(cmd.Context(), f)
		},
	}
	cmd.Flags().BoolVar(&f.dryRun, "dry-run", false, "print what would be destroyed and swept; delete nothing (the default with --target aws)")
	cmd.Flags().BoolVar(&f.yes, "yes", false, "with --target aws: really delete (the sandbox needs no --yes)")
	cmd.Flags().StringVar(&f.account, "account", "", "with --target aws: the 12-digit id of the AWS account you mean to clean, to confirm one not yet confirmed in the config file")
	cmd.Flags().StringVar(&o.Terraform, "terraform", "", "the terraform binary (default $AWSTUTOR_TERRAFORM, then terraform on PATH)")
	return cmd
}

// runCleanup destroys, sweeps, lists again and reports, and returns the
// exit the contract asks for.
func (o *Options) runCleanup(ctx context.Context, f cleanupFlags) error {
	// Progress goes to stdout, unless stdout is for the final JSON.
	out := o.stdout
	if o.JSON {
		out = o.stderr
	}
	rep := cleanupReport{
		Target: o.Target, DryRun: cleanupIsDryRun(o.Target, f),
		Destroyed: []cleanupLab{}, Swept: []cleanupItem{}, Failed: []cleanupFailure{},
		Remaining: []cleanupItem{}, WorkspacesRemaining: []cleanupLab{}, Notes: []string{},
	}
	if err := o.cleanupGuard(ctx, out, f, rep.DryRun); err != nil {
		return err
	}
	desk, err := o.loadDesk(ctx, false)
	if err != nil && !errors.Is(err, errNoStateDir) {
		return err
	}
	live, other := cleanupWorkspaces(desk, o.Target)
	for _, w := range other {
		rep.note(o.printer, i18n.CLICleanupOtherTarget, w.Lab, len(w.Deployed.Resources), w.Target, w.Target)
	}

	if rep.DryRun {
		o.cleanupDryRun(ctx, out, live, &rep)
	} else {
		o.cleanupRun(ctx, out, live, &rep)
	}

	// The ending is read even after Ctrl-C: the learner must hear what
	// was done and what is left, and reading local files is instant.
	endCtx := context.WithoutCancel(ctx)
	if end, err := o.loadDesk(endCtx, true); err == nil || errors.Is(err, errNoStateDir) {
		after, _ := cleanupWorkspaces(end, o.Target)
		rep.WorkspacesRemaining = labsOf(after)
	} else {
		rep.Failed = append(rep.Failed, cleanupFailure{Error: "read the workspaces again: " + err.Error()})
		rep.WorkspacesRemaining = labsOf(live)
	}
	rep.TodayCost = o.todayCost(desk, clockFrom(ctx))

	if o.JSON {
		if err := writeJSON(o.stdout, rep); err != nil {
			return err
		}
	} else if err := writeCleanupSummary(out, o.printer, rep); err != nil {
		return err
	}
	return cleanupExit(o.printer, rep)
}

// cleanupIsDryRun decides whether anything may be deleted: never with
// --dry-run, and in real AWS only with --yes.
func cleanupIsDryRun(target string, f cleanupFlags) bool {
	return f.dryRun || (target == labs.TargetAWS && !f.yes)
}

// cleanupGuard runs the account guard of `lab down` in the aws target.
// Deleting needs the account confirmed (in the config file or with
// --account). A dry run only reads, so it goes on in an account not yet
// confirmed, saying what deleting will need; a blocklisted account is
// refused either way, since the learner said awstutor must not use it.
func (o *Options) cleanupGuard(ctx context.Context, out io.Writer, f cleanupFlags, dryRun bool) error {
	err := o.guardAWSAccount(ctx, out, f.account)
	var need *cloud.NeedsConfirmation
	if dryRun && errors.As(err, &need) {
		id := need.Identity
		fmt.Fprintln(out, o.printer.T(i18n.CLIGuardListOnly, id.Account, id.ARN, id.Region, id.Account))
		return nil
	}
	return err
}

// cleanupWorkspaces splits the desk into the workspaces of target that
// need destroying (resources in their state, or a state that cannot be
// read and so may hold some) and the other targets' live workspaces.
func cleanupWorkspaces(desk deskState, target string) (live, other []deskLab) {
	for _, w := range desk.Workspaces {
		switch {
		case w.Target != target:
			if w.Live() {
				other = append(other, w)
			}
		case w.Live() || w.Err != nil:
			live = append(live, w)
		}
	}
	// scanWorkspaces sorts by target then lab, so this is by lab id.
	return live, other
}

// labsOf is the report's view of workspaces.
func labsOf(ws []deskLab) []cleanupLab {
	out := []cleanupLab{}
	for _, w := range ws {
		l := cleanupLab{Lab: w.Lab, Resources: len(w.Deployed.Resources), Addresses: []string{}}
		if w.Err != nil {
			l.Error = w.Err.Error()
		}
		for _, r := range w.Deployed.Resources {
			l.Addresses = append(l.Addresses, r.Address)
		}
		out = append(out, l)
	}
	return out
}

// cleanupRun destroys every live workspace, then sweeps what is left
// tagged, then lists the target again. It stops at the first sign of
// Ctrl-C, after Terraform has stopped gracefully.
func (o *Options) cleanupRun(ctx context.Context, out io.Writer, live []deskLab, rep *cleanupReport) {
	p := o.printer
	if len(live) > 0 {
		names := make([]string, len(live))
		for i, w := range live {
			names[i] = fmt.Sprintf("%s (%d)", w.Lab, len(w.Deployed.Resources))
		}
		fmt.Fprintln(out, p.T(i18n.CLICleanupDestroying, labCount(p, len(live)), o.Target, strings.Join(names, ", ")))
	}
	for _, w := range live {
		if ctx.Err() != nil {
			break
		}
		// A run killed in this workspace left its lock marker behind; the
		// destroy takes the lock over and clears it, so it is read first.
		// Only an apply or a destroy counts, as for lab status: a killed
		// plan changed nothing. A marker that cannot be read is the
		// destroy's to report, when it cannot take the lock either.
		abandoned, _ := tfrun.AbandonedOp(w.Dir)
		if abandoned != string(labs.OpApply) && abandoned != string(labs.OpDestroy) {
			abandoned = ""
		}
		n, err := o.cleanupDestroy(ctx, out, w)
		var rec *labs.RecordError
		switch {
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(out, p.T(i18n.CLICleanupDestroyInterrupted, w.Lab))
			if n > 0 {
				rep.Destroyed = append(rep.Destroyed, cleanupLab{Lab: w.Lab, Resources: n})
			}
		case errors.As(err, &rec):
			// Terraform destroyed everything; only progress.json could not
			// take the record. The state file, which the ending reads, says
			// nothing remains, so the lab counts as destroyed and the
			// record's failure is a note, not a failure that would make
			// cleanup unsure of what remains.
			rep.Destroyed = append(rep.Destroyed, cleanupLab{Lab: w.Lab, Resources: n})
			o.noteTakeover(rep, w.Lab, abandoned)
			rep.noteFault(p, rec)
		case err != nil:
			f := failure(w.Lab, err)
			fmt.Fprintln(out, p.T(i18n.CLICleanupNotDestroyed, w.Lab, f.text()))
			rep.Failed = append(rep.Failed, f)
			if n > 0 {
				rep.Destroyed = append(rep.Destroyed, cleanupLab{Lab: w.Lab, Resources: n})
			}
		default:
			rep.Destroyed = append(rep.Destroyed, cleanupLab{Lab: w.Lab, Resources: n})
			o.noteTakeover(rep, w.Lab, abandoned)
		}
	}
	if ctx.Err() != nil {
		rep.Cancelled = true
		rep.note(p, i18n.CLICleanupInterruptedBeforeSweep)
		return
	}

	clients, ok := o.cleanupTarget(ctx, rep)
	if !ok {
		return
	}
	items, ok := o.cleanupInventory(ctx, clients, rep)
	if !ok {
		return
	}
	if len(items) == 0 {
		fmt.Fprintln(out, p.T(i18n.CLICleanupNothingToSweep, cloud.ProjectTag, cloud.ProjectValue, o.Target))
	} else {
		fmt.Fprintln(out, p.T(i18n.CLICleanupSweeping, resourceCount(p, len(items)), cloud.ProjectTag, cloud.ProjectValue, o.Target))
		sw, err := cloud.Sweep(ctx, clients, items, cloud.SweepOptions{})
		writeSweep(out, p, sw)
		for _, r := range sw.Deleted {
			rep.Swept = append(rep.Swept, toCleanupItem(r.Item))
		}
		for _, r := range sw.Failed {
			rep.Failed = append(rep.Failed, cleanupFailure{Type: r.Item.Type, ID: r.Item.ID, Lab: r.Item.Lab, Error: r.Error})
		}
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			rep.Cancelled = true
			// What was found less what went is what is known to be left.
			for _, it := range items {
				if !slices.ContainsFunc(sw.Deleted, func(r cloud.ItemResult) bool { return sameItem(r.Item, it) }) {
					rep.Remaining = append(rep.Remaining, toCleanupItem(it))
				}
			}
			rep.note(p, i18n.CLICleanupInterruptedSweep)
			return
		}
	}
	// Listed again, not derived: the target itself says what is left.
	if after, ok := o.cleanupInventory(ctx, clients, rep); ok {
		for _, it := range after {
			rep.Remaining = append(rep.Remaining, toCleanupItem(it))
		}
		rep.listed = true
	}
}

// noteTakeover says, when a run killed in the lab's workspace had left it
// locked (abandoned names that run's operation), that cleanup took the
// workspace over and its destroy finished what the killed run left: lab
// status called the lab interrupted, and the learner should hear where
// that went rather than find the lab destroyed without a word.
func (o *Options) noteTakeover(rep *cleanupReport, lab, abandoned string) {
	if abandoned == "" {
		return
	}
	rep.note(o.printer, i18n.CLICleanupTookOver, lab, abandoned)
}

// cleanupDryRun prints what cleanup would destroy and sweep, deleting
// nothing: the workspaces from their state files (no Terraform) and the
// tagged items from the listing.
func (o *Options) cleanupDryRun(ctx context.Context, out io.Writer, live []deskLab, rep *cleanupReport) {
	p := o.printer
	fmt.Fprintln(out, p.T(i18n.CLICleanupDryRun, o.Target))
	inState := map[string]string{}
	if len(live) == 0 {
		fmt.Fprintln(out, p.T(i18n.CLICleanupNoWorkspaces))
	} else {
		fmt.Fprintln(out, p.T(i18n.CLICleanupWouldDestroyHead))
	}
	for _, w := range live {
		if w.Err != nil {
			fmt.Fprintln(out, "  "+p.T(i18n.CLICleanupStateUnreadable, w.Lab, w.Err))
			rep.Failed = append(rep.Failed, cleanupFailure{Lab: w.Lab, Error: w.Err.Error()})
			continue
		}
		fmt.Fprintln(out, "  "+p.T(i18n.CLICleanupLabLine, w.Lab, resourceCount(p, len(w.Deployed.Resources))))
		for _, r := range w.Deployed.Resources {
			fmt.Fprintf(out, "    - %s\n", r.Address)
			if r.ID != "" {
				inState[r.Type+"\x00"+r.ID] = w.Lab
			}
		}
		rep.Destroyed = append(rep.Destroyed, cleanupLab{Lab: w.Lab, Resources: len(w.Deployed.Resources)})
	}
	clients, ok := o.cleanupTarget(ctx, rep)
	if !ok {
		return
	}
	items, ok := o.cleanupInventory(ctx, clients, rep)
	if !ok {
		return
	}
	for _, it := range items {
		rep.Remaining = append(rep.Remaining, toCleanupItem(it))
	}
	rep.listed = true
	// Resources a workspace's state lists go with its destroy; sweeping
	// them too would count them twice.
	var sweep []cloud.Item
	for _, it := range items {
		if _, ok := inState[it.Type+"\x00"+it.ID]; !ok {
			sweep = append(sweep, it)
		}
	}
	if len(sweep) == 0 {
		fmt.Fprintln(out, p.T(i18n.CLICleanupNothingElse, cloud.ProjectTag, cloud.ProjectValue, o.Target))
		return
	}
	fmt.Fprintln(out, p.T(i18n.CLICleanupWouldSweepHead, resourceCount(p, len(sweep)), cloud.ProjectTag, cloud.ProjectValue))
	// The dry sweep reads each item's tags again and puts the items in
	// the order the real one would delete them.
	sw, err := cloud.Sweep(ctx, clients, sweep, cloud.SweepOptions{DryRun: true})
	writeSweep(out, p, sw)
	for _, r := range sw.Deleted {
		rep.Swept = append(rep.Swept, toCleanupItem(r.Item))
	}
	for _, r := range sw.Failed {
		rep.Failed = append(rep.Failed, cleanupFailure{Type: r.Item.Type, ID: r.Item.ID, Lab: r.Item.Lab, Error: r.Error})
	}
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		rep.Cancelled = true
	}
}

// cleanupDestroy runs `lab down` for one workspace: the destroy plan,
// printed, then applied with one line per resource. It returns how many
// resources left the state, which is also right for a run interrupted
// half way. A destroy that succeeded but could not be recorded returns
// its count with the *labs.RecordError.
func (o *Options) cleanupDestroy(ctx context.Context, out io.Writer, w deskLab) (int, error) {
	if w.Err != nil {
		return 0, w.Err
	}
	before := len(w.Deployed.Resources)
	p := o.printer
	m, err := o.LabManagerFor(ctx, w.Lab, labs.OpDestroy)
	if errors.Is(err, labs.ErrUnknownLab) {
		return 0, speak(p, i18n.CLICleanupUnknownLab, w.Lab)
	}
	if err != nil {
		return 0, err
	}
	gone := func() int {
		st, err := tfrun.ReadState(m.WorkspaceDir(w.Lab))
		if err != nil {
			return 0
		}
		return max(before-len(st.Resources), 0)
	}
	// A busy workspace's advice ends up in the report's failures, which
	// --json prints: it stays English (labError).
	plan, err := m.PlanDestroy(ctx, w.Lab, nil)
	if err != nil {
		return 0, labError(err)
	}
	if err := writePlan(out, p, w.Lab, plan); err != nil {
		return 0, err
	}
	// An empty destroy plan is applied too: the refresh found the
	// resources already gone, and only the apply writes that to the state.
	printer := newRunPrinter(out, p, isTerminal(out), plan)
	events, wait := printer.stream(ctx)
	res, err := m.ApplyPlan(ctx, w.Lab, plan, events)
	wait()
	// A *labs.RecordError comes with a destroy that succeeded: it is said
	// as one, and the record's failure is returned for the report's note.
	var rec *labs.RecordError
	if err != nil && !errors.As(err, &rec) {
		return gone(), labError(err)
	}
	fmt.Fprintln(out, p.T(i18n.CLILabDestroyed, w.Lab, formatElapsed(res.Elapsed), changeSummary(p, res, plan)))
	if rec != nil {
		return gone(), rec
	}
	return gone(), nil
}

// cleanupTarget connects to the target for the sweep, or says why there is
// nothing to sweep: a sandbox that is not running holds nothing.
func (o *Options) cleanupTarget(ctx context.Context, rep *cleanupReport) (*cloud.Clients, bool) {
	target, running, err := o.inventoryTarget(ctx)
	if err != nil {
		rep.Failed = append(rep.Failed, cleanupFailure{Error: err.Error()})
		return nil, false
	}
	if !running {
		// Said once, in the summary: there is nothing to show progress of.
		rep.note(o.printer, i18n.CLICleanupSandboxDown)
		rep.listed = true
		return nil, false
	}
	clients, err := cloud.Connect(ctx, target)
	if err != nil {
		rep.Failed = append(rep.Failed, cleanupFailure{Error: err.Error()})
		return nil, false
	}
	return clients, true
}

// cleanupInventory lists what is tagged Project=awstutor (never more). A
// service that cannot be listed is a failure in the report: what it holds
// is unknown, so cleanup cannot say that nothing remains.
func (o *Options) cleanupInventory(ctx context.Context, clients *cloud.Clients, rep *cleanupReport) ([]cloud.Item, bool) {
	items, errs := cloud.Inventory(ctx, clients, cloud.InventoryOptions{})
	for _, err := range errs {
		if errors.Is(err, context.Canceled) {
			rep.Cancelled = true
			rep.note(o.printer, i18n.CLICleanupInterruptedListing)
			return nil, false
		}
		// The listing after the sweep meets the same refusal as the one
		// before it; once is enough to say so.
		f := cleanupFailure{Error: err.Error()}
		if !slices.Contains(rep.Failed, f) {
			rep.Failed = append(rep.Failed, f)
		}
	}
	if len(errs) == 1 && (errors.Is(errs[0], cloud.ErrSandboxDown) || errors.Is(errs[0], cloud.ErrCredentials)) {
		return nil, false
	}
	return items, true
}

// writeSweep prints one line per item the sweep handled. Why an item was
// skipped, or failed, is the cloud package's to say.
func writeSweep(w io.Writer, p i18n.Printer, sw cloud.SweepReport) {
	done := p.T(i18n.CLICleanupDeleted)
	if sw.DryRun {
		done = p.T(i18n.CLICleanupWouldDelete)
	}
	for _, r := range sw.Deleted {
		fmt.Fprintf(w, "  - %s ... %s\n", describeItem(p, toCleanupItem(r.Item)), done)
	}
	for _, r := range sw.Skipped {
		fmt.Fprintf(w, "  * %s ... %s\n", describeItem(p, toCleanupItem(r.Item)), r.Note)
	}
	for _, r := range sw.Failed {
		fmt.Fprintf(w, "  ! %s ... %s\n", describeItem(p, toCleanupItem(r.Item)), p.T(i18n.CLICleanupItemFailed, r.Error))
	}
}

func toCleanupItem(it cloud.Item) cleanupItem {
	return cleanupItem{Type: it.Type, ID: it.ID, Lab: it.Lab, name: itemName(it)}
}

func sameItem(a, b cloud.Item) bool {
	return a.Type == b.Type && a.ID == b.ID && a.ARN == b.ARN
}

// describeItem names an item for people: its type, short name and lab.
func describeItem(p i18n.Printer, it cleanupItem) string {
	name := it.name
	if name == "" {
		name = it.ID
	}
	s := it.Type + " " + name
	if it.Lab != "" {
		s += p.T(i18n.CLICleanupOfLab, it.Lab)
	}
	return s
}

// todayCost is today's estimate for the target's labs, from the report's
// own arithmetic over the workspaces as they were before cleanup: their
// resources ran until now, when cleanup removed them.
func (o *Options) todayCost(desk deskState, now func() time.Time) cleanupCost {
	c := cleanupCost{Target: o.Target, Region: o.Region, Simulated: o.Target == labs.TargetSandbox}
	cat, err := o.loadCatalog()
	if err != nil {
		c.Unavailable = 1
		return c
	}
	rep := o.buildReport(desk, cat, now(), now)
	c.PriceDate = rep.PriceDate
	for _, rc := range rep.Cost {
		if rc.Target != o.Target {
			continue
		}
		c.Unavailable, c.Complete = rc.Unavailable, rc.Complete
		// A sum over no estimated lab is no estimate at all.
		if n := labsIn(rep.Labs, o.Target); n > rc.Unavailable {
			e := rc.Estimate
			c.Estimate = &e
		}
		return c
	}
	// No lab of the target played any part today: nothing ran, so
	// nothing was spent on labs.
	zero := decimal.Zero
	c.Estimate, c.Complete = &zero, true
	return c
}

func labsIn(ls []reportLab, target string) int {
	n := 0
	for _, l := range ls {
		if l.Target == target {
			n++
		}
	}
	return n
}

// writeCleanupSummary prints the ending: what went, what failed, what is
// left, and today's cost.
func writeCleanupSummary(w io.Writer, p i18n.Printer, rep cleanupReport) error {
	var b strings.Builder
	b.WriteString("\n")
	verb, swept := i18n.CLICleanupDestroyedList, i18n.CLICleanupSweptList
	if rep.DryRun {
		verb, swept = i18n.CLICleanupWouldDestroyList, i18n.CLICleanupWouldSweepList
	}
	if len(rep.Destroyed) > 0 {
		parts := make([]string, len(rep.Destroyed))
		for i, l := range rep.Destroyed {
			parts[i] = p.T(i18n.CLICleanupLabCount, l.Lab, resourceCount(p, l.Resources))
		}
		b.WriteString(p.T(verb, strings.Join(parts, ", ")) + "\n")
	}
	if len(rep.Swept) > 0 {
		b.WriteString(p.T(swept, resourceCount(p, len(rep.Swept))) + "\n")
		for _, it := range rep.Swept {
			fmt.Fprintf(&b, "  %s\n", describeItem(p, it))
		}
	}
	if len(rep.Failed) > 0 {
		b.WriteString(p.T(i18n.CLICleanupFailedHead) + "\n")
		for _, f := range rep.Failed {
			fmt.Fprintf(&b, "  %s\n", f.text())
		}
	}
	notes := rep.said
	if len(notes) != len(rep.Notes) {
		notes = rep.Notes
	}
	for _, n := range notes {
		b.WriteString(p.T(i18n.CLICleanupNote, n) + "\n")
	}
	names := remainingNames(p, rep)
	switch {
	case len(names) == 0 && len(rep.Destroyed) == 0 && len(rep.Swept) == 0 && len(rep.Failed) == 0:
		b.WriteString(p.T(i18n.CLICleanupNothing, rep.Target, cloud.ProjectTag, cloud.ProjectValue) + "\n")
	case len(names) == 0 && len(rep.Failed) > 0:
		b.WriteString(p.T(i18n.CLICleanupNotCertain, rep.Target) + "\n")
	case len(names) == 0:
		b.WriteString(p.T(i18n.CLICleanupNothingRemains, rep.Target) + "\n")
	default:
		b.WriteString(p.T(i18n.CLICleanupRemainingHead, rep.Target) + "\n")
		for _, l := range rep.WorkspacesRemaining {
			if l.Error != "" {
				b.WriteString("  " + p.T(i18n.CLICleanupRemainUnreadable, l.Lab, l.Error) + "\n")
				continue
			}
			b.WriteString("  " + p.T(i18n.CLICleanupRemainInState, l.Lab, resourceCount(p, l.Resources), strings.Join(l.Addresses, ", ")) + "\n")
		}
		for _, it := range rep.Remaining {
			fmt.Fprintf(&b, "  %s\n", describeItem(p, it))
		}
	}
	b.WriteString(costLine(p, rep.TodayCost) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// costLine says today's estimate in one line, with its region and price
// date; an estimate that cannot be made says so, never $0.
func costLine(p i18n.Printer, c cleanupCost) string {
	line := p.T(i18n.CLICleanupCostHead, c.Target)
	switch {
	case c.Estimate == nil:
		return line + p.T(i18n.CLICleanupCostUnavailable, labCount(p, c.Unavailable))
	case !c.Complete:
		line += p.T(i18n.CLICleanupCostAtLeast, deskDollars(*c.Estimate), labCount(p, c.Unavailable))
	default:
		line += deskDollars(*c.Estimate)
	}
	if c.Simulated {
		line += p.T(i18n.CLICleanupCostSimulated)
	}
	line += p.T(i18n.CLICleanupCostRegion, c.Region)
	if c.PriceDate != "" {
		line += p.T(i18n.CLICleanupCostPrices, c.PriceDate)
	}
	return line
}

// remainingNames names everything still there: each workspace with its
// resource count, then each tagged item.
func remainingNames(p i18n.Printer, rep cleanupReport) []string {
	var names []string
	for _, l := range rep.WorkspacesRemaining {
		if l.Error != "" {
			names = append(names, p.T(i18n.CLICleanupLabUnreadable, l.Lab))
			continue
		}
		names = append(names, p.T(i18n.CLICleanupLabCount, l.Lab, resourceCount(p, l.Resources)))
	}
	for _, it := range rep.Remaining {
		names = append(names, describeItem(p, it))
	}
	return names
}

// maxNamed bounds how many remaining resources the exit message names;
// the summary above it lists them all.
const maxNamed = 8

// cleanupExit turns the report into the contract's exit: 130 when
// interrupted, 4 when something remains (named), 1 when the target could
// not be listed, else 0.
func cleanupExit(p i18n.Printer, rep cleanupReport) error {
	if rep.Cancelled {
		return context.Canceled
	}
	names := remainingNames(p, rep)
	if len(names) > 0 {
		shown := names
		if len(shown) > maxNamed {
			shown = append(slices.Clone(shown[:maxNamed]), p.T(i18n.CLICleanupAndMore, len(names)-maxNamed))
		}
		msg := p.T(i18n.CLICleanupRemain, rep.Target, strings.Join(shown, ", "))
		if rep.DryRun {
			how := "awstutor cleanup"
			if rep.Target == labs.TargetAWS {
				how = "awstutor --target aws cleanup --yes"
			}
			msg = p.T(i18n.CLICleanupDryRunRemain, rep.Target, strings.Join(shown, ", "), how)
		}
		return &ExitError{Code: ExitRemain, Err: errors.New(msg)}
	}
	if len(rep.Failed) > 0 || !rep.listed {
		msgs := make([]string, 0, len(rep.Failed))
		for _, f := range rep.Failed {
			msgs = append(msgs, f.text())
		}
		if len(msgs) == 0 {
			msgs = append(msgs, p.T(i18n.CLICleanupNotListed))
		}
		return errors.New(p.T(i18n.CLICleanupCannotTell, rep.Target, strings.Join(msgs, "; ")))
	}
	return nil
}

// labCount writes n labs, singular when n is one: "1 lab", "3 labs".
func labCount(p i18n.Printer, n int) string {
	if n == 1 {
		return p.T(i18n.CLICountLab)
	}
	return p.T(i18n.CLICountLabs, n)
}

// resourceCount writes n resources, singular when n is one.
func resourceCount(p i18n.Printer, n int) string {
	if n == 1 {
		return p.T(i18n.CLICountResource)
	}
	return p.T(i18n.CLICountResources, n)
}
