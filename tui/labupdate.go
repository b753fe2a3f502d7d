package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/i18n"
	"awstutor/labs"
	"awstutor/pricing"
	"awstutor/tfrun"
)

// openLab shows a lab's screen; the lifecycle (which may start the sandbox)
// is built in a command the first time.
func (m Model) openLab(id string) (tea.Model, tea.Cmd) {
	p := m.cfg.Printer
	if m.cfg.Labs == nil {
		m.setError(p.T(i18n.LabUnavailable, m.cfg.LabsErr))
		return m, nil
	}
	l, err := m.cfg.Labs.Lab(id)
	if err != nil {
		m.setError(p.T(i18n.LabUnavailable, err))
		return m, nil
	}
	if m.lab.lab != nil && m.lab.lab.ID == id && m.runner != nil {
		// Back to the lab left a moment ago: keep its state, refresh status.
		m.screen = screenLab
		return m, m.labStatus()
	}
	m.screen = screenLab
	m.lab = newLabModel(l)
	m.lab.sandbox = m.cfg.Target != "aws"
	m.lab.image = m.lab.sandbox && m.cfg.SimulateImage != nil && l.TakesSimulatedImage()
	m.runner = nil
	cmds := []tea.Cmd{m.renderGuide()}
	if m.cfg.LabRunner == nil {
		m.setError(p.T(i18n.LabUnavailable, "no lab runner"))
		return m, tea.Batch(cmds...)
	}
	build := m.cfg.LabRunner
	cmds = append(cmds, func() tea.Msg {
		r, notice, err := build(context.Background(), id)
		return labRunnerMsg{lab: id, r: r, notice: notice, err: err}
	})
	return m, tea.Batch(cmds...)
}

// renderGuide renders the lab's guide through the same cache as lessons.
func (m *Model) renderGuide() tea.Cmd {
	_, right := m.lab.paneWidths(m.width)
	w := wrapWidth(right)
	k := renderKey{id: "lab:" + m.lab.lab.ID, width: w, theme: m.styles.Theme}
	m.lab.guideWant = k
	if pg, ok := m.cache.get(k); ok {
		m.showGuide(k, pg)
		return nil
	}
	md, style, cache := m.lab.guideMarkdown(), m.styles.Glamour, m.cache
	return func() tea.Msg {
		text, err := RenderMarkdown(md, k.width, style)
		pg := page{text: text}
		if err == nil {
			pg.vp.SetContent(text)
			cache.put(k, pg)
		}
		return renderedMsg{key: k, page: pg, err: err}
	}
}

func (m *Model) showGuide(k renderKey, pg page) {
	if k != m.lab.guideWant {
		return
	}
	m.lab.guide = pg.vp
	m.lab.guideOK = true
}

func (m Model) labStatus() tea.Cmd {
	r, id := m.runner, m.lab.lab.ID
	return func() tea.Msg {
		st, err := r.Status(context.Background(), id)
		return labStatusMsg{lab: id, st: st, err: err}
	}
}

func (m Model) labHeader() string {
	s, p := m.styles, m.cfg.Printer
	l := m.lab.lab
	target := s.Dim.Render(" · " + m.cfg.Target)
	head := s.Dim.Render(fmt.Sprintf("%s · %s · ", dayLabel(p, l.Day), p.T(i18n.BlockLab))) + s.AppTitle.Render(l.Title)
	return xansi.Truncate(head, m.width-xansi.StringWidth(target), "…") + target
}

func (m Model) onLabKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k, p := m.keys, m.cfg.Printer
	switch m.lab.phase {
	case labRunning:
		if key.Matches(msg, k.Back) {
			m.lab.cancel()
			m.setInfo(p.T(i18n.LabCancelling))
		}
		return m, nil
	case labConfirming:
		switch {
		case key.Matches(msg, k.Yes):
			return m, m.startLabOp("apply")
		case key.Matches(msg, k.No):
			m.lab.phase, m.lab.plan = labIdle, nil
		}
		return m, nil
	}
	if m.lab.showResult {
		// The first key after a failed run puts the guide back.
		m.lab.showResult = false
		if key.Matches(msg, k.Back) {
			return m, nil
		}
	}
	switch {
	case key.Matches(msg, k.Back):
		if m.lab.pane == paneDiff {
			m.lab.pane = paneGuide
			return m, nil
		}
		m.screen = screenHome
	case key.Matches(msg, k.Up):
		m.lab.step = max(0, m.lab.step-1)
	case key.Matches(msg, k.Down):
		m.lab.step = min(len(m.lab.lab.Steps)-1, m.lab.step+1)
	case key.Matches(msg, k.PageDown):
		m.activePane().PageDown()
	case key.Matches(msg, k.PageUp):
		m.activePane().PageUp()
	case key.Matches(msg, k.LabWide):
		m.lab.wide = !m.lab.wide
		return m, m.renderGuide()
	case key.Matches(msg, k.LabHint):
		st := m.lab.lab.Steps[m.lab.step]
		if m.lab.hints[st.ID] >= len(st.Hints) {
			m.setInfo(p.T(i18n.LabNoMoreHints))
		} else {
			m.lab.hints[st.ID]++
		}
	case key.Matches(msg, k.LabPlan), key.Matches(msg, k.LabApply):
		return m, m.labOpWhenReady("plan")
	case key.Matches(msg, k.LabDestroy):
		return m, m.labOpWhenReady("destroy")
	case key.Matches(msg, k.LabVerify):
		return m, m.verifyLab()
	case m.lab.image && key.Matches(msg, k.LabImage):
		return m, m.registerImage()
	case key.Matches(msg, k.LabEdit):
		if m.runner != nil {
			r, id := m.runner, m.lab.lab.ID
			return m, func() tea.Msg {
				ws, err := r.Prepare(context.Background(), id)
				if err != nil {
					return labEditedMsg{err: err}
				}
				return editCmd(ws.Dir)()
			}
		}
	case key.Matches(msg, k.LabDiff):
		if m.lab.pane == paneDiff {
			m.lab.pane = paneGuide
			return m, nil
		}
		if m.runner != nil {
			r, lab := m.runner, m.lab.lab
			return m, func() tea.Msg {
				ws, err := r.Prepare(context.Background(), lab.ID)
				if err != nil {
					return labDiffMsg{lab: lab.ID, err: err}
				}
				text, err := labs.SolutionDiff(lab, ws.Dir)
				return labDiffMsg{lab: lab.ID, text: text, err: err}
			}
		}
	}
	return m, nil
}

func (m *Model) activePane() interface {
	PageDown()
	PageUp()
} {
	if m.lab.pane == paneDiff {
		return &m.lab.diff
	}
	return &m.lab.guide
}

// verifyLab runs the lab's checks in a command. A lab with nothing
// deployed is told so before the verifier runs: the verifier looks for the
// sandbox first, and a stopped sandbox is not what the learner has to fix
// first. The verifier (labs.Manager.Verify) says the same when it gets
// there.
func (m *Model) verifyLab() tea.Cmd {
	if m.cfg.Verify == nil || m.lab.verifying {
		return nil
	}
	m.lab.verifying, m.lab.fault = true, ""
	fn, id, r := m.cfg.Verify, m.lab.lab.ID, m.runner
	return func() tea.Msg {
		ctx := context.Background()
		if err := nothingApplied(ctx, r, id); err != nil {
			return labVerifiedMsg{lab: id, err: err}
		}
		rs, err := fn(ctx, id)
		return labVerifiedMsg{lab: id, results: rs, err: err}
	}
}

// nothingApplied returns a *labs.NothingAppliedError when the runner says
// the lab has nothing deployed, judged from its workspace alone; nil when
// something is, or when the runner cannot tell (the caller's own call then
// says what is wrong).
func nothingApplied(ctx context.Context, r LabRunner, id string) error {
	if r == nil {
		return nil
	}
	if st, err := r.Status(ctx, id); err == nil && labs.NothingApplied(st) {
		return &labs.NothingAppliedError{Lab: id, Target: st.Target}
	}
	return nil
}

// registerImage puts the simulated image in the lab's repository in a
// command; verification follows when it is there.
func (m *Model) registerImage() tea.Cmd {
	if m.lab.verifying {
		return nil
	}
	fn, id, r := m.cfg.SimulateImage, m.lab.lab.ID, m.runner
	m.setInfo(m.cfg.Printer.T(i18n.LabImageRegistering))
	return func() tea.Msg {
		ctx := context.Background()
		// As verify: with nothing applied there is no repository yet, and
		// that is what to say.
		if err := nothingApplied(ctx, r, id); err != nil {
			return labImagedMsg{lab: id, err: err}
		}
		repo, err := fn(ctx, id)
		return labImagedMsg{lab: id, repo: repo, err: err}
	}
}

// labOpWhenReady starts a Terraform run now, or as soon as the lab's
// runner is built (the first key press can come before it is).
func (m *Model) labOpWhenReady(op string) tea.Cmd {
	if m.runner != nil {
		return m.startLabOp(op)
	}
	m.lab.pending = op
	m.setInfo(m.cfg.Printer.T(i18n.LabPreparing))
	return nil
}

// startLabOp runs Terraform for the lab in a command. plan and destroy
// make a plan and end in the confirmation; apply applies the confirmed
// plan. Events stream back one message at a time.
func (m *Model) startLabOp(op string) tea.Cmd {
	m.lab.run++
	run := m.lab.run
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan tfrun.Event, 64)
	m.lab.cancel, m.lab.events, m.lab.phase, m.lab.op = cancel, ch, labRunning, op
	m.lab.progress, m.lab.failures, m.lab.fault, m.lab.started = nil, nil, "", m.cfg.Now()
	r, id, plan := m.runner, m.lab.lab.ID, m.lab.plan
	var work tea.Cmd
	switch op {
	case "apply":
		if plan.Destroy {
			m.lab.op = "destroy"
		}
		// The confirmed plan says what is coming: size the progress now.
		m.lab.progress = tfrun.NewProgress(plan, m.cfg.Now)
		work = func() tea.Msg {
			defer close(ch)
			_, err := r.ApplyPlan(ctx, id, plan, ch)
			return labAppliedMsg{run: run, err: err}
		}
	case "destroy":
		work = func() tea.Msg {
			defer close(ch)
			p, err := r.PlanDestroy(ctx, id, ch)
			return labPlannedMsg{run: run, plan: p, err: err}
		}
	default:
		minutes := m.lab.lab.Minutes
		prices, free := m.cfg.Prices, m.cfg.FreeTier
		work = func() tea.Msg {
			defer close(ch)
			p, err := r.Plan(ctx, id, ch)
			msg := labPlannedMsg{run: run, plan: p, err: err}
			if err == nil && !p.Empty() {
				msg.est, msg.estErr = estimate(p, id, minutes, prices, free)
			}
			return msg
		}
	}
	tick := m.after(time.Second, func(time.Time) tea.Msg { return labTickMsg{run: run} })
	return tea.Batch(work, waitEvent(run, ch), tick)
}

func (m Model) onLabMsg(msg tea.Msg) (tea.Model, tea.Cmd) {
	p := m.cfg.Printer
	switch msg := msg.(type) {
	case labRunnerMsg:
		if m.lab.lab == nil || msg.lab != m.lab.lab.ID {
			return m, nil
		}
		var need *NeedsAccount
		if errors.As(msg.err, &need) {
			m.account = newAccountModel(*need, msg.lab)
			return m, nil
		}
		if msg.err != nil {
			m.setError(p.T(i18n.LabUnavailable, msg.err))
			return m, nil
		}
		m.runner = msg.r
		if msg.notice != "" {
			// The runner says so only when it started the sandbox.
			m.setInfo(msg.notice)
			m.sandboxStarted = true
		}
		cmds := []tea.Cmd{m.labStatus()}
		if op := m.lab.pending; op != "" {
			m.lab.pending = ""
			cmds = append(cmds, m.startLabOp(op))
		}
		return m, tea.Batch(cmds...)
	case labStatusMsg:
		if m.lab.lab == nil || msg.lab != m.lab.lab.ID {
			return m, nil
		}
		if msg.err != nil {
			m.setError(msg.err.Error())
			return m, nil
		}
		m.lab.status, m.lab.known = msg.st, true
	case labTickMsg:
		if msg.run == m.lab.run && m.lab.phase == labRunning {
			return m, m.after(time.Second, func(time.Time) tea.Msg { return labTickMsg{run: msg.run} })
		}
	case labEventMsg:
		if msg.run != m.lab.run {
			return m, nil
		}
		ev := msg.ev
		if ev.Kind == tfrun.EventSummary && ev.Plan != nil && m.lab.progress == nil {
			m.lab.progress = tfrun.NewProgress(ev.Plan, m.cfg.Now)
		}
		if m.lab.progress != nil {
			m.lab.progress.Observe(ev)
		}
		if ev.Diagnostic != nil && ev.Diagnostic.Severity == "error" {
			// Terraform reports a failure on the resource and again as a
			// diagnostic: list it once.
			if text := diagnosticText(ev.Diagnostic); !slices.Contains(m.lab.failures, text) {
				m.lab.failures = append(m.lab.failures, text)
			}
		}
		return m, waitEvent(msg.run, m.lab.events)
	case labPlannedMsg:
		if msg.run != m.lab.run {
			return m, nil
		}
		m.lab.phase = labIdle
		if quit := m.finishRun(msg.err); quit != nil {
			return m, quit
		}
		if msg.err == nil {
			if msg.plan.Empty() {
				m.setInfo(p.T(i18n.LabNoChanges))
			} else {
				m.lab.plan, m.lab.phase = msg.plan, labConfirming
				m.lab.est, m.lab.estErr = msg.est, msg.estErr
			}
		}
		return m, m.labStatus()
	case labAppliedMsg:
		if msg.run != m.lab.run {
			return m, nil
		}
		m.lab.phase = labIdle
		op := m.lab.op
		m.lab.plan = nil
		var notRecorded *labs.RecordError
		if errors.As(msg.err, &notRecorded) {
			// Terraform did its work; only progress.json did not take the
			// record. The run is a success on screen, with the sentence in
			// the status bar, where the checks that would follow an apply
			// must not replace it.
			if quit := m.finishRun(nil); quit != nil {
				return m, quit
			}
			m.lab.fault = faultText(p, msg.err)
			m.setError(m.lab.fault)
			return m, tea.Batch(m.labStatus(), m.loadLive())
		}
		if quit := m.finishRun(msg.err); quit != nil {
			return m, quit
		}
		cmds := []tea.Cmd{m.labStatus(), m.loadLive()}
		if msg.err == nil {
			m.setInfo(p.T(i18n.LabDone, "terraform "+op, m.cfg.Now().Sub(m.lab.started).Round(100*time.Millisecond)))
			// A successful apply is checked at once: the learner sees at
			// each step whether what they built behaves.
			if op == "apply" {
				cmds = append(cmds, m.verifyLab())
			}
		}
		return m, tea.Batch(cmds...)
	case labDiffMsg:
		if msg.err != nil {
			m.setError(msg.err.Error())
			return m, nil
		}
		if msg.text == "" {
			m.setInfo(p.T(i18n.LabDiffSame))
			return m, nil
		}
		m.lab.diff.SetContent(msg.text)
		m.lab.pane = paneDiff
	case labImagedMsg:
		if m.lab.lab == nil || msg.lab != m.lab.lab.ID {
			return m, nil
		}
		if msg.err != nil {
			// Beside the steps too: the status bar cuts a sentence short.
			if text, ok := FaultSentence(p, msg.err); ok {
				m.lab.fault = text
			}
			m.setError(faultText(p, msg.err))
			return m, nil
		}
		m.lab.fault = ""
		m.setInfo(p.T(i18n.LabImageRegistered, msg.repo+":"+labs.SimulatedImageTag))
		return m, m.verifyLab()
	case labVerifiedMsg:
		if m.lab.lab == nil || msg.lab != m.lab.lab.ID {
			return m, nil
		}
		m.lab.verifying = false
		if msg.err != nil {
			if text, ok := FaultSentence(p, msg.err); ok {
				m.lab.fault = text
			}
			m.setError(faultText(p, msg.err))
			return m, nil
		}
		m.lab.checks = map[string]labs.CheckResult{}
		failed := 0
		for _, r := range msg.results {
			m.lab.checks[r.ID] = r
			if r.Status == labs.CheckFail {
				failed++
			}
		}
		if failed > 0 {
			// Put the cursor on the first step with a failure, where its
			// hint shows.
			for i, st := range m.lab.lab.Steps {
				if m.lab.stepMark(st, m.styles) == m.styles.StatusErr.Render("✗ ") {
					m.lab.step = i
					break
				}
			}
			m.setError(p.T(i18n.LabChecksFailed, failed, len(msg.results)))
		} else {
			m.setInfo(p.T(i18n.LabChecksPassed, len(msg.results)))
		}
		// The results are in progress now: reload it so the checklist ticks.
		return m, m.loadProgress()
	case labEditedMsg:
		if msg.err != nil {
			m.setError(msg.err.Error())
		}
		if m.runner != nil {
			return m, m.labStatus()
		}
	}
	return m, nil
}

// finishRun reports how a run ended, and quits when the learner asked to
// quit while it ran.
func (m *Model) finishRun(err error) tea.Cmd {
	p := m.cfg.Printer
	fault, isFault := FaultSentence(p, err)
	// After a fault that is not the learner's code (the sandbox stopped)
	// the progress panel, which says to fix the code, gives way to the
	// guide; the sentence beside the steps says what to do instead.
	m.lab.showResult = err != nil && !errors.Is(err, context.Canceled) && m.lab.progress != nil && !isFault
	if isFault {
		m.lab.fault = fault
	}
	if err != nil && !errors.Is(err, context.Canceled) && len(m.lab.failures) == 0 && !isFault {
		// A failure before any resource (init, a syntax error) has no
		// resource diagnostic: list the error itself beside the steps.
		m.lab.failures = append(m.lab.failures, err.Error())
	}
	switch {
	case errors.Is(err, context.Canceled):
		m.setInfo(p.T(i18n.LabCancelled))
	case err != nil:
		m.setError(faultText(p, err))
	}
	if m.quitting {
		return tea.Quit
	}
	return nil
}

// estimate prices a plan for the lab's length, in the region of the plan's
// own provider block, with the classroom's prices (nil: the embedded ones)
// and free-tier setting. It runs in the plan's command, off the update
// loop.
func estimate(p *tfrun.Plan, lab string, minutes int, prices *pricing.Catalog, freeTier bool) (*pricing.Estimate, error) {
	if !p.HasJSON() {
		return nil, errors.New("the plan's JSON was not read")
	}
	e, err := pricing.EstimatePlan(p.JSON, pricing.EstimateOptions{Name: lab, Duration: time.Duration(minutes) * time.Minute,
		Catalog: prices, FreeTier: freeTier})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// faultText is err for the status bar: the sentence of FaultSentence, or
// the error's own text.
func faultText(p i18n.Printer, err error) string {
	if text, ok := FaultSentence(p, err); ok {
		return text
	}
	return err.Error()
}

// FaultSentence says in one sentence, in p's language, the faults the lab
// screen explains rather than shows raw, as the command line does: a run
// progress.json could not record, a sandbox that stopped answering, a lab
// verified with nothing deployed. ok is false for any other error.
func FaultSentence(p i18n.Printer, err error) (text string, ok bool) {
	var rec *labs.RecordError
	var stopped *labs.SandboxStoppedError
	var none *labs.NothingAppliedError
	switch {
	case err == nil:
		return "", false
	case errors.As(err, &rec):
		key := i18n.FaultLabNotRecorded
		if rec.Op == labs.OpDestroy {
			key = i18n.FaultLabDestroyNotRecorded
		}
		file := rec.File()
		if file == "" {
			file = "progress.json"
		}
		return p.T(key, rec.Lab, file, rec.Reason()), true
	case errors.As(err, &stopped):
		return p.T(i18n.FaultSandboxStopped, stopped.Endpoint, stopped.Op, stopped.Lab, stopped.Command()), true
	case errors.As(err, &none):
		if none.Target == labs.TargetAWS {
			return p.T(i18n.FaultNothingAppliedAWS, none.Lab, none.Lab), true
		}
		return p.T(i18n.FaultNothingAppliedSandbox, none.Lab, none.Lab), true
	}
	return "", false
}
