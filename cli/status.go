package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
)

// statusLab is one lab with deployed resources, or whose state could not be
// read, as `status --json` prints it.
type statusLab struct {
	Target    string   `json:"target"`
	Lab       string   `json:"lab"`
	Workspace string   `json:"workspace"`
	Resources int      `json:"resources"`
	Addresses []string `json:"addresses"`
	// AppliedAt is nil when no run recorded it.
	AppliedAt *time.Time `json:"applied_at,omitempty"`
	// StateWritten is when the state file last changed.
	StateWritten time.Time       `json:"state_written,omitzero"`
	Hourly       decimal.Decimal `json:"hourly"`
	// Accrued is nil when AppliedAt is unknown: the cost so far is then
	// unknown, not zero.
	Accrued      *decimal.Decimal `json:"accrued,omitempty"`
	UntilMorning decimal.Decimal  `json:"until_morning"`
	Unpriced     int              `json:"unpriced"`
	Simulated    bool             `json:"simulated"`
	// Down is the command that removes the lab's resources.
	Down  string `json:"down,omitempty"`
	Error string `json:"error,omitempty"`
}

// statusTotal sums one target's labs.
type statusTotal struct {
	Target       string          `json:"target"`
	Resources    int             `json:"resources"`
	Hourly       decimal.Decimal `json:"hourly"`
	UntilMorning decimal.Decimal `json:"until_morning"`
	Unpriced     int             `json:"unpriced"`
	Simulated    bool            `json:"simulated"`
}

// statusReport is what `status` knows, and the --json document.
type statusReport struct {
	At        time.Time     `json:"at"`
	Live      int           `json:"live"`
	PriceDate string        `json:"price_date,omitempty"`
	MorningAt time.Time     `json:"morning_at"`
	Labs      []statusLab   `json:"labs"`
	Totals    []statusTotal `json:"totals"`
	Errors    []string      `json:"errors"`
}

func newStatusCmd(o *Options) *cobra.Command {
	var short bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "What is deployed now and what it costs per hour (from local state only)",
		Long: `Show every lab whose workspace state records resources: the target, how many
resources, since when, what they cost per hour and what they cost if left
until the next class starts, and the command that removes them.

status reads only progress.json and each workspace's terraform.tfstate: it
never runs terraform, starts the sandbox, calls AWS or takes a lock, so it
is safe to run at any time, even during a lab run.

--short prints one line for a shell prompt, such as
  awstutor: 3 live · $0.05/h
(sandbox labs: "3 live (sandbox) · $0.05/h simulated"), and nothing at all
when nothing is deployed. It always exits 0. Without --short, status exits
4 when resources remain, as cleanup does.`,
		Example: `  awstutor status
  awstutor status --json
  PS1='$(awstutor status --short) '"$PS1"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if short {
				return o.runStatusShort(cmd)
			}
			return o.runStatus(cmd)
		},
	}
	cmd.Flags().BoolVar(&short, "short", false, "one line for a shell prompt; nothing when nothing is deployed; always exit 0")
	return cmd
}

// runStatusShort prints the prompt line. A prompt runs it before every
// command line, so it must be quiet and fast: nothing when clean, no
// notices, and exit 0 even when something could not be read, in which case
// the line says so and `awstutor status` explains.
func (o *Options) runStatusShort(cmd *cobra.Command) error {
	desk, err := o.loadDesk(cmd.Context(), true)
	if errors.Is(err, errNoStateDir) {
		return nil
	}
	if err != nil {
		_, err = fmt.Fprintln(o.stdout, "awstutor: status unreadable, run awstutor status")
		return err
	}
	now := clockFrom(cmd.Context())
	rep := o.buildStatus(desk, now)
	if line := shortLine(rep); line != "" {
		_, err = fmt.Fprintln(o.stdout, line)
	}
	return err
}

// runStatus prints the full status, or its JSON, and exits 4 when
// resources remain.
func (o *Options) runStatus(cmd *cobra.Command) error {
	desk, err := o.loadDesk(cmd.Context(), false)
	if err != nil && !errors.Is(err, errNoStateDir) {
		return err
	}
	now := clockFrom(cmd.Context())
	rep := o.buildStatus(desk, now)
	if o.JSON {
		err = writeJSON(o.stdout, rep)
	} else {
		err = o.writeStatus(o.stdout, rep)
	}
	if err != nil {
		return err
	}
	switch {
	case rep.Live > 0:
		return &ExitError{Code: ExitRemain, Err: fmt.Errorf("%d resources remain", rep.Live)}
	case len(rep.Errors) > 0:
		return fmt.Errorf("status is incomplete: %s", strings.Join(rep.Errors, "; "))
	}
	return nil
}

// buildStatus prices every live workspace at now.
func (o *Options) buildStatus(desk deskState, now func() time.Time) statusReport {
	at := now()
	rep := statusReport{At: at.UTC(), Labs: []statusLab{}, Totals: []statusTotal{}, Errors: []string{}}
	tt, err := o.timetable()
	if err != nil {
		rep.Errors = append(rep.Errors, err.Error())
	}
	rep.MorningAt = tt.NextStart(at)
	opts, err := o.meterOptions(now, tt)
	if err != nil {
		rep.Errors = append(rep.Errors, err.Error())
	}
	totals := map[string]*statusTotal{}
	for _, w := range desk.Workspaces {
		if w.Err != nil {
			rep.Errors = append(rep.Errors, w.Err.Error())
			rep.Labs = append(rep.Labs, statusLab{Target: w.Target, Lab: w.Lab, Workspace: w.Dir, Addresses: []string{},
				Simulated: w.Simulated(), Error: w.Err.Error()})
			continue
		}
		if !w.Live() {
			continue
		}
		l := statusLab{
			Target: w.Target, Lab: w.Lab, Workspace: w.Dir, Resources: len(w.Deployed.Resources),
			StateWritten: w.Deployed.ModTime, Simulated: w.Simulated(), Down: o.downCommand(w),
		}
		for _, r := range w.Deployed.Resources {
			l.Addresses = append(l.Addresses, r.Address)
		}
		if a := w.AppliedAt(); !a.IsZero() {
			l.AppliedAt = &a
		}
		rd, err := w.price(opts)
		if err != nil {
			l.Error = err.Error()
			rep.Errors = append(rep.Errors, err.Error())
		} else {
			l.Hourly, l.UntilMorning, l.Unpriced = rd.Hourly, rd.UntilMorning, rd.Unpriced
			if l.AppliedAt != nil {
				acc := rd.Accrued
				l.Accrued = &acc
			}
			rep.PriceDate = rd.PriceDate
		}
		rep.Labs = append(rep.Labs, l)
		rep.Live += l.Resources
		t := totals[w.Target]
		if t == nil {
			t = &statusTotal{Target: w.Target, Simulated: w.Simulated()}
			totals[w.Target] = t
		}
		t.Resources += l.Resources
		t.Hourly = t.Hourly.Add(l.Hourly)
		t.UntilMorning = t.UntilMorning.Add(l.UntilMorning)
		t.Unpriced += l.Unpriced
	}
	for _, t := range totals {
		rep.Totals = append(rep.Totals, *t)
	}
	// Real money first: an aws line must never hide behind a sandbox one.
	slices.SortFunc(rep.Totals, func(a, b statusTotal) int {
		if a.Simulated != b.Simulated {
			if a.Simulated {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Target, b.Target)
	})
	return rep
}

// downCommand is the command that removes a workspace's resources, with
// --target when the lab is not in the current target.
func (o *Options) downCommand(w deskLab) string {
	c := "awstutor lab down " + w.Lab
	if w.Target != o.Target {
		c += " --target " + w.Target
	}
	return c
}

// shortLine is the prompt line: "awstutor: 3 live · $0.05/h", one part per
// target, and "" when nothing is live and everything could be read.
func shortLine(rep statusReport) string {
	var parts []string
	for _, t := range rep.Totals {
		p := fmt.Sprintf("%d live", t.Resources)
		if t.Target != "aws" {
			p += " (" + t.Target + ")"
		}
		p += " · " + promptRate(t.Hourly)
		if t.Simulated {
			p += " simulated"
		}
		if t.Unpriced > 0 {
			p += fmt.Sprintf(", %d unpriced", t.Unpriced)
		}
		parts = append(parts, p)
	}
	if n := len(rep.Errors); n > 0 {
		parts = append(parts, fmt.Sprintf("%d unreadable", n))
	}
	if len(parts) == 0 {
		return ""
	}
	return "awstutor: " + strings.Join(parts, "; ")
}

// writeStatus prints the status for a person: a table of live labs, the
// price basis, and what to run to remove them.
func (o *Options) writeStatus(w io.Writer, rep statusReport) error {
	p := o.printer
	wd := wordsFor(p)
	now := rep.At.In(rep.MorningAt.Location())
	var b strings.Builder
	live := 0
	for _, l := range rep.Labs {
		if l.Resources > 0 {
			live++
		}
	}
	switch {
	case live == 0 && len(rep.Errors) > 0:
		// An unreadable state file may hold anything: "nothing is
		// deployed" would be a guess, and the wrong one costs money.
	case live == 0:
		b.WriteString(wd.StatusClean + "\n")
	default:
		fmt.Fprintf(&b, wd.StatusHeading+"\n\n", live, now.Format("15:04"))
		t := &table{}
		t.add(wd.ColTarget, wd.ColLab, wd.ColResources, wd.ColApplied, wd.ColHourly, fmt.Sprintf(wd.ColUntil, deskHorizon(p, rep.MorningAt, now)))
		unpriced, simulated := 0, false
		for _, l := range rep.Labs {
			if l.Resources == 0 {
				continue
			}
			applied := fmt.Sprintf(wd.AppliedUnknown, deskClock(p, l.StateWritten, now))
			if l.AppliedAt != nil {
				applied = fmt.Sprintf(wd.AppliedAgo, deskClock(p, *l.AppliedAt, now), upFor(now.Sub(*l.AppliedAt)))
			}
			hourly, until := deskDollars(l.Hourly), deskDollars(l.UntilMorning)
			if l.Error != "" {
				hourly, until = "?", "?"
			}
			if l.Simulated {
				hourly += " " + wd.Simulated
				until += " " + wd.Simulated
			}
			t.add(l.Target, l.Lab, fmt.Sprint(l.Resources), applied, hourly, until)
			unpriced += l.Unpriced
			simulated = simulated || l.Simulated
		}
		if err := t.write(&b); err != nil {
			return err
		}
		b.WriteString("\n")
		if rep.PriceDate != "" {
			fmt.Fprintf(&b, wd.Prices+"\n", rep.PriceDate)
		}
		if unpriced > 0 {
			fmt.Fprintf(&b, wd.Unpriced+"\n", unpriced)
		}
		if simulated {
			b.WriteString(wd.SandboxNote + "\n")
		}
		b.WriteString("\n" + wd.ToRemove + "\n")
		for _, l := range rep.Labs {
			if l.Resources > 0 {
				b.WriteString("  " + l.Down + "\n")
			}
		}
		b.WriteString("  " + wd.CleanupAll + "\n")
	}
	if len(rep.Errors) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		for _, e := range rep.Errors {
			fmt.Fprintf(&b, wd.Unreadable+"\n", e)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
