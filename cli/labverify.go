package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"awstutor/cloud"
	"awstutor/i18n"
	"awstutor/labs"
	"awstutor/progress"
)

// labVerifyJSON is what `lab verify --json` prints.
type labVerifyJSON struct {
	Lab    string             `json:"lab"`
	Target string             `json:"target"`
	Checks []labs.CheckResult `json:"checks"`
}

// labNotAppliedJSON is what `lab verify --json` prints for a lab with
// nothing deployed, where no check ran. The error stays English: scripts
// read it.
type labNotAppliedJSON struct {
	Lab     string `json:"lab"`
	Applied bool   `json:"applied"`
	Error   string `json:"error"`
}

func newLabVerifyCmd(o *Options) *cobra.Command {
	var step string
	var simulate bool
	cmd := &cobra.Command{
		Use:   "verify <lab>",
		Short: "Prove the lab works: send, publish, sign in and observe",
		Long: `Run the lab's checks against the current target, with the outputs of the
lab's Terraform state (terraform output -json) as their inputs. Checks prefer
behaviour to configuration: they send and receive test messages, publish
events, sign a throw-away user in, and delete what they created afterwards.

Each check passes, fails (saying what it expected and what it found, with a
hint), or is not provable: the sandbox cannot prove a few things that only
real AWS does, such as calling a deployed API, and says so rather than pass.
The results are recorded in your progress, where they tick the Week 2
checklist.

A lab with nothing deployed in the target (never applied, or destroyed)
is not checked: verify says so in one sentence, naming the lab up to run,
and exits 1; --json then prints {lab, applied: false, error}.

--step limits the run to one step's checks. --json prints
{lab, target, checks: [{id, step, title, status, message, hint}]}.
Exit 0 when no check failed, 3 when one did, 1 when nothing is deployed or
the checks could not run.`,
		Example: `  awstutor lab verify day1-messaging
  awstutor lab verify day2-auth-api --step user-pool --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if simulate {
				if err := o.simulateImage(cmd, args[0]); err != nil {
					return err
				}
			}
			return o.runLabVerify(cmd, args[0], step)
		},
	}
	cmd.Flags().StringVar(&step, "step", "", "run only this step's checks")
	cmd.Flags().BoolVar(&simulate, "simulate-image", false, "sandbox only: first register a small image manifest, labelled simulated, in the lab's ECR repository (Day 3: there is no Docker to push a real one)")
	return cmd
}

func (o *Options) runLabVerify(cmd *cobra.Command, id, step string) error {
	ctx := cmd.Context()
	lab, err := o.labFromArgs(id)
	if err != nil {
		return err
	}
	if step != "" {
		if _, _, ok := lab.Step(step); !ok {
			return usageError("%s", o.printer.T(i18n.CLIVerifyNoStep, id, step, id))
		}
	}
	store, _, err := o.openProgress(cmd)
	if err != nil {
		return err
	}
	m, err := o.LabManager(ctx)
	if err != nil {
		return err
	}
	// Nothing deployed is said before the sandbox is looked for: a
	// stopped sandbox is not what the learner has to fix first.
	if err := m.CheckApplied(ctx, id); err != nil {
		return o.verifyError(err)
	}
	target, running, err := o.inventoryTarget(ctx)
	if err != nil {
		return err
	}
	if !running {
		return cloud.ErrSandboxDown
	}
	clients, err := cloud.Connect(ctx, target)
	if err != nil {
		return err
	}
	results, err := m.Verify(ctx, id, clients, labs.VerifyOptions{Step: step})
	if err != nil {
		return o.verifyError(err)
	}
	if err := NewCheckRecorder(store).RecordChecks(ctx, o.Target, id, results); err != nil {
		return err
	}
	if o.JSON {
		if results == nil {
			results = []labs.CheckResult{}
		}
		if err := writeJSON(o.stdout, labVerifyJSON{Lab: id, Target: o.Target, Checks: results}); err != nil {
			return err
		}
	} else if err := writeVerify(o.stdout, o.printer, id, o.Target, results); err != nil {
		return err
	}
	if labs.Failed(results) {
		failed := 0
		for _, r := range results {
			if r.Status == labs.CheckFail {
				failed++
			}
		}
		return &ExitError{Code: ExitChecks, Err: errors.New(o.printer.T(i18n.CLIVerifyFailed, failed, len(results), id))}
	}
	return nil
}

// verifyError reports why verify ran no checks. A lab with nothing
// deployed is one sentence in the interface's language (and with --json
// the {lab, applied: false, error} object), exit 1: not 3, which says that
// checks ran and failed.
func (o *Options) verifyError(err error) error {
	var none *labs.NothingAppliedError
	if !errors.As(err, &none) {
		return labErrorIn(o.printer, err)
	}
	if o.JSON {
		if werr := writeJSON(o.stdout, labNotAppliedJSON{Lab: none.Lab, Applied: false, Error: none.Error()}); werr != nil {
			return werr
		}
	}
	return &ExitError{Code: ExitFailure, Err: &faultError{msg: nothingAppliedSentence(o.printer, none), err: err}}
}

// nothingAppliedSentence says in p's language that a lab has nothing
// deployed and which lab up deploys it.
func nothingAppliedSentence(p i18n.Printer, e *labs.NothingAppliedError) string {
	if e.Target == labs.TargetAWS {
		return p.T(i18n.FaultNothingAppliedAWS, e.Lab, e.Lab)
	}
	return p.T(i18n.FaultNothingAppliedSandbox, e.Lab, e.Lab)
}

// writeVerify prints the results as a table: status, step, check and
// message, with the hint of each failure on the line below it. The
// messages and hints come from the labs' checks and stay as they are.
func writeVerify(w io.Writer, p i18n.Printer, lab, target string, results []labs.CheckResult) error {
	counts := map[labs.CheckStatus]int{}
	for _, r := range results {
		counts[r.Status]++
	}
	if _, err := fmt.Fprintln(w, p.T(i18n.CLIVerifySummary,
		lab, target, counts[labs.CheckPass], counts[labs.CheckFail], counts[labs.CheckNotProvable])); err != nil {
		return err
	}
	t := &table{}
	t.add(p.T(i18n.CLIColStatus), p.T(i18n.CLIColStep), p.T(i18n.CLIColCheck), p.T(i18n.CLIColMessage))
	for _, r := range results {
		t.add(p.T(i18n.Key("cli.checkstatus."+string(r.Status))), r.Step, r.ID, r.Message)
		if r.Hint != "" {
			t.add("", "", "", p.T(i18n.CLIVerifyHint, r.Hint))
		}
	}
	return t.write(w)
}

// checkRecorder keeps check results in progress.json.
type checkRecorder struct {
	store *progress.Store
}

// NewCheckRecorder returns a labs.CheckRecorder that stores each result in
// the learner's progress (State.Checks, keyed by progress.CheckKey), where
// the Week 2 checklist reads them. The CLI and the TUI share it.
func NewCheckRecorder(store *progress.Store) labs.CheckRecorder {
	return &checkRecorder{store: store}
}

// RecordChecks implements labs.CheckRecorder.
func (r *checkRecorder) RecordChecks(ctx context.Context, target, lab string, results []labs.CheckResult) error {
	_, err := r.store.Update(ctx, func(st *progress.State) error {
		for _, res := range results {
			st.Checks[progress.CheckKey(target, lab, res.ID)] = progress.CheckResult{
				Status:  string(res.Status),
				Message: res.Message,
				At:      res.At,
			}
		}
		return nil
	})
	// As for lab runs: a damaged progress.json was set aside and the
	// results saved in a fresh one, which is all this promises.
	var corrupt *progress.CorruptError
	if errors.As(err, &corrupt) {
		return nil
	}
	return err
}

// simulateImage registers the Day 3 guide's simulated image in the lab's
// ECR repository before the checks run: the sandbox has no Docker to push
// a real image, and the image check labels what it finds as simulated. It
// refuses on real AWS, where a real image is pushed.
func (o *Options) simulateImage(cmd *cobra.Command, id string) error {
	repo, err := o.putSimulatedImage(cmd.Context(), id)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(o.stderr, o.printer.T(i18n.CLIImageRegistered, repo+":"+labs.SimulatedImageTag))
	return err
}

// putSimulatedImage registers the simulated image in the lab's repository
// (its ecr_repository_name output) in the sandbox and returns the
// repository's name; the CLI flag and the classroom's i key share it.
func (o *Options) putSimulatedImage(ctx context.Context, id string) (string, error) {
	if o.Target != cloud.TargetSandbox {
		return "", usageError("%s", o.printer.T(i18n.CLIImageSandboxOnly))
	}
	m, err := o.LabManager(ctx)
	if err != nil {
		return "", err
	}
	outs, err := m.Outputs(ctx, id)
	if err != nil {
		return "", labError(err)
	}
	out, ok := outs[labs.SimulatedImageOutput]
	var repo string
	if ok {
		_ = json.Unmarshal(out.Value, &repo)
	}
	if repo == "" {
		return "", usageError("%s", o.printer.T(i18n.CLIImageNoRepository, id, labs.SimulatedImageOutput, id))
	}
	target, running, err := o.inventoryTarget(ctx)
	if err != nil {
		return "", err
	}
	if !running {
		return "", cloud.ErrSandboxDown
	}
	clients, err := cloud.Connect(ctx, target)
	if err != nil {
		return "", err
	}
	if err := labs.PutSimulatedImage(ctx, clients.ECR, repo); err != nil {
		return "", cloud.Classify(err)
	}
	return repo, nil
}
