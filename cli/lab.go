package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"awstutor/i18n"
	"awstutor/labs"
	"awstutor/pricing"
	"awstutor/tfrun"
)

func newLabCmd(o *Options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lab",
		Short: "Plan, deploy, inspect and destroy the course's Terraform labs",
		Long: `Each day of the course has a Terraform lab. awstutor keeps your copy of it in
a workspace under <state dir>/workspaces/<target>/<lab>/, runs Terraform
there (plan to a saved file, then apply exactly that plan), and records
every run in your progress.

In the sandbox target (the default) labs run against the free local
emulator, which awstutor starts when a lab needs it. Terraform is taken
from --terraform, else $AWSTUTOR_TERRAFORM, else PATH.

Ctrl-C during up or down stops Terraform gracefully; the run is recorded
as interrupted and the next up continues it (down destroys it).`,
		Example: `  awstutor lab list
  awstutor lab up day1-messaging
  awstutor lab status day1-messaging --json
  awstutor lab down day1-messaging --yes`,
		Args: cobra.NoArgs,
	}
	cmd.PersistentFlags().StringVar(&o.Terraform, "terraform", "", "the terraform binary (default $AWSTUTOR_TERRAFORM, then terraform on PATH)")
	cmd.AddCommand(
		newLabListCmd(o),
		newLabStatusCmd(o),
		newLabPlanCmd(o),
		newLabApplyCmd(o, false),
		newLabApplyCmd(o, true),
		newLabResetCmd(o),
		newLabSolveCmd(o),
		newLabVerifyCmd(o),
	)
	return cmd
}

// labFromArgs checks the lab id against the catalogue before anything
// else runs, so a typo is a usage error listing the valid ids.
func (o *Options) labFromArgs(id string) (*labs.Lab, error) {
	cat, err := o.LabCatalog()
	if err != nil {
		return nil, err
	}
	lab, err := cat.Lab(id)
	if errors.Is(err, labs.ErrUnknownLab) {
		return nil, unknownLab(cat, id)
	}
	return lab, err
}

// english is the English printer, for what stays English in any interface
// language: the notes and errors that --json prints, which scripts read.
var english = func() i18n.Printer {
	p, _ := i18n.New(string(i18n.English))
	return p
}()

// labError gives the errors a lab operation can end with the exit code and
// wording of the contract: a busy workspace is exit 1 with what to do, and
// so are a run progress.json could not record and a sandbox that stopped
// answering during a run (labFault). The
// classroom shows these errors too, and says them in English (labErrorIn
// is the same in the printer's language).
func labError(err error) error { return labErrorIn(english, err) }

// labErrorIn is labError saying what to do in p's language; the error from
// the tfrun package stays as it is.
func labErrorIn(p i18n.Printer, err error) error {
	if f := labFault(p, err); f != nil {
		return f
	}
	if errors.Is(err, tfrun.ErrBusy) {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("%w%s", err, p.T(i18n.CLILabBusyWait))}
	}
	return err
}

// labStateWord is a lab's state as the tables show it: in English the
// state's own name, as lab status --json prints it.
func labStateWord(p i18n.Printer, s labs.State) string {
	return p.T(i18n.Key("cli.labstate." + string(s)))
}

// labListJSON is one row of `lab list --json`.
type labListJSON struct {
	ID        string     `json:"id"`
	Day       int        `json:"day"`
	Title     string     `json:"title"`
	Minutes   int        `json:"minutes"`
	State     labs.State `json:"state"`
	Resources int        `json:"resources"`
}

func newLabListCmd(o *Options) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the labs with their state in this target",
		Long: `List every lab by day: id, day, minutes, title, and its state in the current
target (none, planned, applied, interrupted, destroyed) with the number of
resources deployed. --json prints an array of
{id, day, title, minutes, state, resources}.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if _, _, err := o.openProgress(cmd); err != nil {
				return err
			}
			m, err := o.LabManager(ctx)
			if err != nil {
				return err
			}
			cat, err := o.LabCatalog()
			if err != nil {
				return err
			}
			rows := make([]labListJSON, 0, len(cat.Labs()))
			for _, l := range cat.Labs() {
				st, err := m.Status(ctx, l.ID)
				if err != nil {
					return err
				}
				rows = append(rows, labListJSON{l.ID, l.Day, l.Title, l.Minutes, st.State, st.Resources})
			}
			if o.JSON {
				return writeJSON(o.stdout, rows)
			}
			p := o.printer
			t := &table{}
			t.add(p.T(i18n.CLIColID), p.T(i18n.CLIColDay), p.T(i18n.CLIColMinutes), p.T(i18n.CLIColStatus), p.T(i18n.CLIColResources), p.T(i18n.CLIColTitle))
			for _, r := range rows {
				t.add(r.ID, fmt.Sprint(r.Day), fmt.Sprint(r.Minutes), labStateWord(p, r.State), fmt.Sprint(r.Resources), r.Title)
			}
			return t.write(o.stdout)
		},
	}
}

func newLabStatusCmd(o *Options) *cobra.Command {
	return &cobra.Command{
		Use:   "status [<lab>]",
		Short: "Show where a lab stands: state, resources, outputs",
		Long: `Show a lab's state in the current target: none, planned, applied,
interrupted or destroyed, the resources its Terraform state holds, when
they were deployed, and its outputs. Without a lab, every lab.

--json prints {id, target, workspace, state, resources, applied_at,
outputs} for one lab, or an array of them.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var ids []string
			if len(args) == 1 {
				if _, err := o.labFromArgs(args[0]); err != nil {
					return err
				}
				ids = []string{args[0]}
			} else {
				cat, err := o.LabCatalog()
				if err != nil {
					return err
				}
				for _, l := range cat.Labs() {
					ids = append(ids, l.ID)
				}
			}
			if _, _, err := o.openProgress(cmd); err != nil {
				return err
			}
			m, err := o.LabManager(ctx)
			if err != nil {
				return err
			}
			all := make([]labs.Status, 0, len(ids))
			for _, id := range ids {
				st, err := m.Status(ctx, id)
				if err != nil {
					return err
				}
				all = append(all, st)
			}
			if o.JSON {
				if len(args) == 1 {
					return writeJSON(o.stdout, all[0])
				}
				return writeJSON(o.stdout, all)
			}
			if len(args) == 1 {
				return writeStatus(o.stdout, o.printer, all[0])
			}
			return writeStatusTable(o, all)
		},
	}
}

// writeStatus prints one lab's status for people: the state, what the
// state file holds and the outputs, and after an interrupted run what to
// do next.
func writeStatus(w io.Writer, p i18n.Printer, st labs.Status) error {
	var b strings.Builder
	b.WriteString(p.T(i18n.CLILabStatusHead, st.ID, st.Target, labStateWord(p, st.State)))
	if st.Resources > 0 {
		b.WriteString(p.T(i18n.CLILabStatusResources, st.Resources))
		if st.AppliedAt != nil {
			b.WriteString(p.T(i18n.CLILabStatusSince, st.AppliedAt.Local().Format("2006-01-02 15:04")))
		}
	}
	b.WriteString("\n")
	if st.Busy {
		b.WriteString(p.T(i18n.CLILabStatusBusy) + "\n")
	}
	b.WriteString(p.T(i18n.CLILabWorkspace, st.Workspace) + "\n")
	if len(st.Addresses) > 0 {
		b.WriteString(p.T(i18n.CLILabResourcesLabel) + "\n")
		for _, r := range st.Addresses {
			if r.Tainted {
				fmt.Fprintf(&b, "  %s%s\n", r.Address, p.T(i18n.CLILabTainted))
			} else {
				fmt.Fprintf(&b, "  %s\n", r.Address)
			}
		}
	}
	if len(st.Outputs) > 0 {
		b.WriteString(p.T(i18n.CLILabOutputsLabel) + "\n")
		names := make([]string, 0, len(st.Outputs))
		for k := range st.Outputs {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, k := range names {
			fmt.Fprintf(&b, "  %s = %s\n", k, st.Outputs[k])
		}
	}
	if st.State == labs.StateInterrupted {
		b.WriteString(interruptedAdvice(p, st, p.T(i18n.CLILabWhereAbove)) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// interruptedAdvice says in one sentence what happened to an interrupted
// lab and the two ways on.
// where says where the learner sees those resources.
func interruptedAdvice(p i18n.Printer, st labs.Status, where string) string {
	what := p.T(i18n.CLILabLastRun)
	if st.LastRun != nil && st.LastRun.Result == labs.ResultInterrupted {
		what = p.T(i18n.CLILabLastOp, st.LastRun.LastOp)
	}
	return p.T(i18n.CLILabInterruptedAdvice, what, st.ID, where, st.ID, st.ID)
}

func writeStatusTable(o *Options, all []labs.Status) error {
	p := o.printer
	t := &table{}
	t.add(p.T(i18n.CLIColID), p.T(i18n.CLIColStatus), p.T(i18n.CLIColResources), p.T(i18n.CLIColAppliedAt))
	var interrupted []labs.Status
	for _, st := range all {
		at := "-"
		if st.AppliedAt != nil {
			at = st.AppliedAt.Local().Format("2006-01-02 15:04")
		}
		state := labStateWord(p, st.State)
		if st.Busy {
			state += p.T(i18n.CLILabBusyTag)
		}
		t.add(st.ID, state, fmt.Sprint(st.Resources), at)
		if st.State == labs.StateInterrupted {
			interrupted = append(interrupted, st)
		}
	}
	if err := t.write(o.stdout); err != nil {
		return err
	}
	for _, st := range interrupted {
		if _, err := fmt.Fprintf(o.stdout, "\n%s\n", interruptedAdvice(p, st, p.T(i18n.CLILabWhereStatus, st.ID))); err != nil {
			return err
		}
	}
	return nil
}

func newLabPlanCmd(o *Options) *cobra.Command {
	return &cobra.Command{
		Use:   "plan <lab>",
		Short: "Show what `lab up` would change, without changing anything",
		Long: `Run terraform init and plan in the lab's workspace, save the plan, and print
its summary: how many resources are added, changed and destroyed, each
resource with its action, and what they would cost. --json prints
{file, adds, changes, destroys, replaces, resources[{address, type, action}]}.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			id := args[0]
			if _, err := o.labFromArgs(id); err != nil {
				return err
			}
			m, err := o.LabManagerFor(ctx, id, labs.OpPlan)
			if err != nil {
				return err
			}
			plan, err := m.Plan(ctx, id, nil)
			if err != nil {
				return labErrorIn(o.printer, err)
			}
			if o.JSON {
				return writeJSON(o.stdout, plan)
			}
			if err := writePlan(o.stdout, o.printer, id, plan); err != nil {
				return err
			}
			if !plan.Empty() {
				o.writeCostEstimate(o.stdout, id, plan)
			}
			return nil
		},
	}
}

// newLabApplyCmd makes `lab up` or, with destroy, `lab down`: plan, show
// the plan, ask, then apply exactly the plan that was shown.
func newLabApplyCmd(o *Options, destroy bool) *cobra.Command {
	var yes bool
	var account string
	use, short, long := "up <lab>", "Deploy a lab: plan, show the plan, ask, apply", `Plan the lab, print what will be created, changed and destroyed and what it
would cost, ask, then apply exactly that plan, showing each resource as it
starts and finishes, N of M done and the time left. --yes does not ask;
without --yes and without a terminal to ask on, nothing is done (exit 2).
With --target aws it first shows the AWS account and region it will
change; an account not yet confirmed in the config file needs --account.

After an interrupted run, up shows what Terraform knows exists and
continues by planning again. --json prints the lab's status afterwards
(as lab status --json) and writes the progress lines to stderr.

Exit 1 when the run fails, and also in two cases that say so in one
sentence: the sandbox stopped answering during the run (start it with
awstutor sandbox start, then run up again; what was created is kept in the
state), or Terraform succeeded but progress.json could not record it (a
read-only or full disk): the resources and the workspace stay, and status
and cleanup find them from the workspace.`
	if destroy {
		use, short, long = "down <lab>", "Destroy everything a lab deployed: plan, ask, destroy", `Plan the destruction of everything in the lab's Terraform state, print it,
ask, then destroy exactly that, showing each resource as it goes. --yes
does not ask; without --yes and without a terminal to ask on, nothing is
done (exit 2). With --target aws an account not yet confirmed in the
config file needs --account. The workspace and your files stay. --json prints the lab's
status afterwards and writes the progress lines to stderr.

Exit 1 when the run fails, and also in two cases that say so in one
sentence: the sandbox stopped answering during the run (start it with
awstutor sandbox start, then run down again), or Terraform succeeded but
progress.json could not record it (a read-only or full disk): the
workspace stays, and cleanup finds nothing left in it.`
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Long:  long,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.runLabApply(cmd.Context(), args[0], destroy, yes, account)
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "do not ask before applying")
	cmd.Flags().StringVar(&account, "account", "", "with --target aws: the 12-digit id of the AWS account you mean to change, to confirm one not yet confirmed in the config file")
	return cmd
}

func (o *Options) runLabApply(ctx context.Context, id string, destroy, yes bool, account string) error {
	if _, err := o.labFromArgs(id); err != nil {
		return err
	}
	p := o.printer
	verb, op := "apply", labs.OpApply
	if destroy {
		verb, op = "destroy", labs.OpDestroy
	}
	// Refuse before planning: a script without --yes must not leave even
	// a plan behind, and would only be told the same thing afterwards.
	if !yes && !isTerminal(os.Stdin) {
		return usageError("%s", p.T(i18n.CLILabNoTerminal, verb, id))
	}
	// Progress goes to stdout, unless stdout is for the final JSON.
	out := o.stdout
	if o.JSON {
		out = o.stderr
	}
	if err := o.guardAWSAccount(ctx, out, account); err != nil {
		return err
	}
	m, err := o.LabManagerFor(ctx, id, op)
	if err != nil {
		return err
	}

	before, err := m.Status(ctx, id)
	if err != nil {
		return err
	}
	if before.State == labs.StateInterrupted {
		fmt.Fprintln(out, p.T(i18n.CLILabWasInterrupted, id, before.Resources))
		for _, r := range before.Addresses {
			tainted := ""
			if r.Tainted {
				tainted = p.T(i18n.CLILabTainted)
			}
			fmt.Fprintf(out, "  %s%s\n", r.Address, tainted)
		}
		if destroy {
			fmt.Fprintln(out, p.T(i18n.CLILabDestroyingThem))
		} else {
			fmt.Fprintln(out, p.T(i18n.CLILabContinuing, id))
		}
	}

	if destroy && before.Resources == 0 {
		// Nothing to destroy: Down records the lab as destroyed without
		// Terraform (and without creating a workspace for a lab never run).
		if _, err := m.Down(ctx, id, nil); err != nil {
			return labErrorIn(p, err)
		}
		fmt.Fprintln(out, p.T(i18n.CLILabNothingDeployed, id, o.Target))
		return o.finishApplyJSON(ctx, m, id)
	}

	var plan *tfrun.Plan
	if destroy {
		plan, err = m.PlanDestroy(ctx, id, nil)
	} else {
		plan, err = m.Plan(ctx, id, nil)
	}
	if err != nil {
		return labErrorIn(p, err)
	}
	if err := writePlan(out, p, id, plan); err != nil {
		return err
	}
	if plan.Empty() {
		fmt.Fprintln(out, p.T(i18n.CLILabUpToDate, id, o.Target))
		return o.finishApplyJSON(ctx, m, id)
	}
	if !destroy {
		o.writeCostEstimate(out, id, plan)
	}
	if !yes {
		q := p.T(i18n.CLILabAskApply, id, o.Target)
		if destroy {
			q = p.T(i18n.CLILabAskDestroy, plan.Total(), id, o.Target)
		}
		if err := o.confirmContext(ctx, q); err != nil {
			return err
		}
	}

	printer := newRunPrinter(out, p, isTerminal(out), plan)
	events, wait := printer.stream(ctx)
	res, err := m.ApplyPlan(ctx, id, plan, events)
	wait()
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(o.stderr, p.T(i18n.CLILabRunInterrupted, verb, id, id, id, id))
		return err
	}
	if err != nil {
		return labErrorIn(p, err)
	}
	done := i18n.CLILabApplied
	if destroy {
		done = i18n.CLILabDestroyed
	}
	fmt.Fprintln(out, p.T(done, id, formatElapsed(res.Elapsed), changeSummary(p, res, plan)))
	if o.JSON {
		return o.finishApplyJSON(ctx, m, id)
	}
	if destroy {
		return nil
	}
	st, err := m.Status(ctx, id)
	if err != nil {
		return err
	}
	return writeStatus(out, p, st)
}

// finishApplyJSON prints the lab's status after up or down for --json.
func (o *Options) finishApplyJSON(ctx context.Context, m *labs.Manager, id string) error {
	if !o.JSON {
		return nil
	}
	st, err := m.Status(ctx, id)
	if err != nil {
		return err
	}
	return writeJSON(o.stdout, st)
}

// changeSummary is Terraform's final count, or the plan's when Terraform
// stopped before reporting one.
func changeSummary(p i18n.Printer, res *tfrun.ApplyResult, plan *tfrun.Plan) string {
	if res != nil && res.Changes != nil {
		c := res.Changes
		return p.T(i18n.CLILabChanges, c.Add, c.Change, c.Remove)
	}
	return planSummary(p, plan)
}

// confirmContext asks as confirm does, but gives up when ctx is cancelled:
// Ctrl-C at the question must end the command, not wait for Enter.
func (o *Options) confirmContext(ctx context.Context, question string) error {
	answer := make(chan error, 1)
	go func() { answer <- o.confirm(question) }()
	select {
	case err := <-answer:
		return err
	case <-ctx.Done():
		fmt.Fprintln(o.stderr)
		return ctx.Err()
	}
}

// writeCostEstimate prints what the plan's resources would cost for an
// hour: the seam between a plan and the pricing package. In the sandbox
// the figures are labelled as simulated, since the emulator is free. A
// plan whose JSON was not read, or that pricing cannot read, gets one
// line saying there is no estimate: the lab can still run.
func (o *Options) writeCostEstimate(w io.Writer, labID string, plan *tfrun.Plan) {
	if !plan.HasJSON() {
		return
	}
	p := o.printer
	free := o.Config.FreeTier != nil && *o.Config.FreeTier
	est, err := pricing.EstimatePlan(plan.JSON, pricing.EstimateOptions{Name: "lab " + labID, FreeTier: free})
	if err != nil {
		fmt.Fprintln(w, p.T(i18n.CLILabNoCostEstimate, err))
		return
	}
	allFree := true
	for _, r := range est.Resources {
		allFree = allFree && r.Free && len(r.Components) == 0
	}
	if allFree {
		fmt.Fprintln(w, p.T(i18n.CLILabCostNone, len(est.Resources)))
		return
	}
	if o.Target == labs.TargetSandbox {
		fmt.Fprintln(w, p.T(i18n.CLILabCostSimulated))
	}
	if err := est.WriteTable(w); err != nil {
		fmt.Fprintln(w, p.T(i18n.CLILabNoCostEstimate, err))
	}
}

func newLabResetCmd(o *Options) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "reset <lab>",
		Short: "Put the lab's starter files back (your edits go to a dated backup)",
		Long: `Restore the starter files in the lab's workspace. Your current files are
first copied to a dated backup beside the workspace, whose path is printed.
Terraform's state stays, so anything deployed stays managed. Asks first
unless --yes. --json prints {lab, workspace, backup}.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			if _, err := o.labFromArgs(id); err != nil {
				return err
			}
			if !yes {
				if err := o.confirmContext(cmd.Context(), o.printer.T(i18n.CLILabAskReset, id)); err != nil {
					return err
				}
			}
			m, err := o.LabManager(cmd.Context())
			if err != nil {
				return err
			}
			backup, err := m.Reset(cmd.Context(), id)
			if err != nil {
				return labErrorIn(o.printer, err)
			}
			return o.printRewrite(m, id, backup, o.printer.T(i18n.CLILabResetDone, id))
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "do not ask")
	return cmd
}

func newLabSolveCmd(o *Options) *cobra.Command {
	var yes bool
	var step string
	cmd := &cobra.Command{
		Use:   "solve <lab>",
		Short: "Copy the lab's solution into your workspace (your files go to a dated backup)",
		Long: `Copy the reviewed solution into the lab's workspace: all of it, or with
--step the files that complete that step and every step before it. Your
current files are first copied to a dated backup beside the workspace,
whose path is printed. Asks first unless --yes. --json prints
{lab, workspace, backup}.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			lab, err := o.labFromArgs(id)
			if err != nil {
				return err
			}
			p := o.printer
			what := p.T(i18n.CLILabSolution)
			if step != "" {
				if _, _, ok := lab.Step(step); !ok {
					ids := make([]string, len(lab.Steps))
					for i, s := range lab.Steps {
						ids[i] = s.ID
					}
					return usageError("%s", p.T(i18n.CLILabNoStep, id, step, strings.Join(ids, ", ")))
				}
				what = p.T(i18n.CLILabSolutionUpTo, step)
			}
			if !yes {
				if err := o.confirmContext(cmd.Context(), p.T(i18n.CLILabAskSolve, what, id)); err != nil {
					return err
				}
			}
			m, err := o.LabManager(cmd.Context())
			if err != nil {
				return err
			}
			backup, err := m.Solve(cmd.Context(), id, step)
			if err != nil {
				return labErrorIn(p, err)
			}
			return o.printRewrite(m, id, backup, p.T(i18n.CLILabSolveDone, what, id))
		},
	}
	cmd.Flags().StringVar(&step, "step", "", "copy only the solution of this step and the steps before it")
	cmd.Flags().BoolVar(&yes, "yes", false, "do not ask")
	return cmd
}

// rewriteJSON is the --json result of reset and solve.
type rewriteJSON struct {
	Lab       string `json:"lab"`
	Workspace string `json:"workspace"`
	// Backup is "" when there was no workspace to back up.
	Backup string `json:"backup"`
}

func (o *Options) printRewrite(m *labs.Manager, id, backup, done string) error {
	ws := m.WorkspaceDir(id)
	if o.JSON {
		return writeJSON(o.stdout, rewriteJSON{Lab: id, Workspace: ws, Backup: backup})
	}
	if backup == "" {
		_, err := fmt.Fprintln(o.stdout, o.printer.T(i18n.CLILabRewriteNoBackup, done, ws))
		return err
	}
	_, err := fmt.Fprintln(o.stdout, o.printer.T(i18n.CLILabRewriteBackup, done, ws, backup))
	return err
}
