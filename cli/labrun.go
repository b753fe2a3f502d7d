package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"awstutor/i18n"
	"awstutor/labs"
	"awstutor/tfrun"
	"awstutor/tui"
)

// liveInterval is how often the live "N/M, time left" line is redrawn on a
// terminal between events.
const liveInterval = 500 * time.Millisecond

// runPrinter turns the events of one apply or destroy into lines for
// people: a line when a resource starts, one when it is done (with its
// time, N of M and the time left) or failed, and Terraform's diagnostics
// with their file and line. On a terminal a live line at the bottom keeps
// the count and the time left current between events; elsewhere (a pipe,
// a log, CI) only plain lines are written, once each.
type runPrinter struct {
	w    io.Writer
	t    i18n.Printer
	live bool
	prog *tfrun.Progress

	mu        sync.Mutex
	liveShown bool
	stopping  bool
}

// newRunPrinter prepares a printer for applying plan to w in t's language;
// live asks for the redrawn status line and is only right when w is a
// terminal.
func newRunPrinter(w io.Writer, t i18n.Printer, live bool, plan *tfrun.Plan) *runPrinter {
	return &runPrinter{w: w, t: t, live: live, prog: tfrun.NewProgress(plan, nil)}
}

// stream returns the channel to give ApplyPlan and a wait function to
// call once ApplyPlan has returned: it closes the channel and returns when
// every event has been printed. When ctx is cancelled it says, once, that
// Terraform is being stopped, because the stop can take a while (Terraform
// finishes the calls in flight and saves its state).
func (p *runPrinter) stream(ctx context.Context) (chan<- tfrun.Event, func()) {
	events := make(chan tfrun.Event)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var tick <-chan time.Time
		if p.live {
			t := time.NewTicker(liveInterval)
			defer t.Stop()
			tick = t.C
		}
		ctxDone := ctx.Done()
		for {
			select {
			case e, ok := <-events:
				if !ok {
					p.clearLive()
					return
				}
				p.observe(e)
			case <-tick:
				p.drawLive()
			case <-ctxDone:
				ctxDone = nil
				p.println("  " + p.t.T(i18n.CLIRunStopping))
			}
		}
	}()
	return events, func() {
		close(events)
		<-done
	}
}

// observe prints what one event means and updates the count.
func (p *runPrinter) observe(e tfrun.Event) {
	p.prog.Observe(e)
	switch e.Kind {
	case tfrun.EventStarted:
		if e.Action == "read" {
			return
		}
		p.println(fmt.Sprintf("  %s %s ... %s", actionSymbol(e.Action), e.Address, p.t.T(i18n.CLIRunStarted)))
	case tfrun.EventDone:
		if e.Action == "read" {
			return
		}
		p.println(fmt.Sprintf("  %s %s ... %s  %s", actionSymbol(e.Action), e.Address, p.t.T(i18n.CLIRunDone, formatElapsed(e.Elapsed)), p.count()))
	case tfrun.EventFailed:
		p.println(fmt.Sprintf("  %s %s ... %s  %s", actionSymbol(e.Action), e.Address, p.t.T(i18n.CLIRunFailed, formatElapsed(e.Elapsed)), p.count()))
	case tfrun.EventDiagnostic:
		// "execution halted" only repeats that the run stopped, once per
		// goroutine Terraform had going; the real reason comes before it.
		if d := e.Diagnostic; d != nil && d.Summary != "execution halted" {
			p.println(fmt.Sprintf("      %s: %s", d.Severity, d.String()))
		}
	case tfrun.EventProgress:
		// A message for the whole run, such as "Stopping operation...",
		// is worth a line; per-resource "still creating" ticks only move
		// the live line. Terraform's multi-line interrupt banner says what
		// the stopping line above already said.
		msg := strings.Join(strings.Fields(e.Message), " ")
		switch {
		case e.Address != "" || msg == "":
			p.drawLive()
		case strings.HasPrefix(msg, "Interrupt received"):
		default:
			p.println("  " + msg)
		}
	}
}

// count is the "[N/M, about T left]" part of a line.
func (p *runPrinter) count() string {
	// Under a second left is not worth saying: it is over before it is read.
	if left, ok := p.prog.Remaining(); ok && left >= time.Second && p.prog.Done() < p.prog.Total() {
		return p.t.T(i18n.CLIRunCountLeft, p.prog.Done(), p.prog.Total(), formatElapsed(left))
	}
	return p.t.T(i18n.CLIRunCount, p.prog.Done(), p.prog.Total())
}

// println writes a line above the live line, which is redrawn after it.
func (p *runPrinter) println(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.liveShown {
		io.WriteString(p.w, "\r\x1b[K")
		p.liveShown = false
	}
	io.WriteString(p.w, line+"\n")
	p.drawLiveLocked()
}

func (p *runPrinter) drawLive() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.drawLiveLocked()
}

// drawLiveLocked redraws the live line: the count and what is running now
// with how long it has been at it.
func (p *runPrinter) drawLiveLocked() {
	if !p.live || p.prog.Total() == 0 {
		return
	}
	var running []string
	for _, r := range p.prog.Resources() {
		if r.State == tfrun.ResourceRunning {
			running = append(running, fmt.Sprintf("%s %s", r.Address, formatElapsed(r.Elapsed)))
		}
	}
	line := "  " + p.count()
	if len(running) > 0 {
		line += " " + strings.Join(running, ", ")
	}
	io.WriteString(p.w, "\r\x1b[K"+line)
	p.liveShown = true
}

func (p *runPrinter) clearLive() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.liveShown {
		io.WriteString(p.w, "\r\x1b[K")
		p.liveShown = false
	}
}

// actionSymbol is Terraform's own mark for an action, so the lines read
// like its plan output.
func actionSymbol(action string) string {
	switch action {
	case "create":
		return "+"
	case "update":
		return "~"
	case "delete":
		return "-"
	case "replace":
		return "-/+"
	case "read":
		return "<="
	}
	return "*"
}

// formatElapsed shows short times to a tenth of a second, longer ones to
// the second.
func formatElapsed(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// writePlan prints a plan's summary: the counts, then each resource with
// its action (Terraform's own word for it, in every language).
func writePlan(w io.Writer, p i18n.Printer, labID string, plan *tfrun.Plan) error {
	what := i18n.CLIRunPlanFor
	if plan.Destroy {
		what = i18n.CLIRunDestroyPlanFor
	}
	var b strings.Builder
	b.WriteString(p.T(what, labID, planSummary(p, plan)) + "\n")
	for _, r := range plan.Resources {
		fmt.Fprintf(&b, "  %s %s (%s)\n", actionSymbol(string(r.Action)), r.Address, r.Action)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// planSummary says what a plan does as Terraform's summary line does
// (tfrun.Plan.String), in p's language: a replacement counts as one add
// and one destroy.
func planSummary(p i18n.Printer, plan *tfrun.Plan) string {
	if plan.Empty() {
		return p.T(i18n.CLIRunNoChanges)
	}
	return p.T(i18n.CLIRunPlanCounts, plan.Adds+plan.Replaces, plan.Changes, plan.Destroys+plan.Replaces)
}

// faultError is a fault said in one sentence of the interface's language,
// still matching the error it explains (errors.Is, errors.As).
type faultError struct {
	msg string
	err error
}

func (e *faultError) Error() string { return e.msg }
func (e *faultError) Unwrap() error { return e.err }

// labFault says in one sentence, in p's language, the faults a lab run can
// end with that are not the learner's Terraform: the run succeeded but
// progress.json could not take its record, or the sandbox stopped
// answering during it. Both are exit 1. It returns nil for any other
// error.
func labFault(p i18n.Printer, err error) error {
	var rec *labs.RecordError
	var stopped *labs.SandboxStoppedError
	if !errors.As(err, &rec) && !errors.As(err, &stopped) {
		return nil
	}
	// The classroom words the same faults; one sentence serves both.
	text, _ := tui.FaultSentence(p, err)
	return &ExitError{Code: ExitFailure, Err: &faultError{msg: text, err: err}}
}
