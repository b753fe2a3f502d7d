package tui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/shopspring/decimal"

	"awstutor/i18n"
	"awstutor/labs"
	"awstutor/pricing"
	"awstutor/tfrun"
)

// LabRunner is what the lab screen needs of the lab lifecycle; labs.Manager
// implements it.
type LabRunner interface {
	Status(ctx context.Context, lab string) (labs.Status, error)
	Prepare(ctx context.Context, lab string) (labs.Workspace, error)
	Plan(ctx context.Context, lab string, events chan<- tfrun.Event) (*tfrun.Plan, error)
	PlanDestroy(ctx context.Context, lab string, events chan<- tfrun.Event) (*tfrun.Plan, error)
	ApplyPlan(ctx context.Context, lab string, plan *tfrun.Plan, events chan<- tfrun.Event) (*tfrun.ApplyResult, error)
	Down(ctx context.Context, lab string, events chan<- tfrun.Event) (*labs.UpResult, error)
}

type labPhase int

const (
	labIdle       labPhase = iota
	labRunning             // terraform runs; the progress panel shows
	labConfirming          // a plan waits for the learner's yes
)

type labPane int

const (
	paneGuide labPane = iota
	paneDiff
)

// labModel is the lab screen: the steps with their hints, the guide, and
// while Terraform runs, a live progress panel. Terraform runs in commands;
// its events arrive one message at a time from a channel.
type labModel struct {
	lab    *labs.Lab
	status labs.Status
	known  bool

	step  int
	hints map[string]int // hints shown per step

	guide     viewport.Model
	guideWant renderKey
	guideOK   bool
	pane      labPane
	diff      viewport.Model

	phase    labPhase
	op       string // plan, apply or destroy
	run      int    // id of the current run; older messages are dropped
	cancel   context.CancelFunc
	events   chan tfrun.Event
	progress *tfrun.Progress
	plan     *tfrun.Plan
	est      *pricing.Estimate
	estErr   error
	failures []string
	started  time.Time
	// showResult keeps the progress panel on screen after a failed run,
	// so the learner reads which resource failed and why.
	showResult bool
	// wide gives the guide the whole width (f toggles it).
	wide bool
	// sandbox marks cost figures as simulated.
	sandbox bool
	// pending is a run asked for before the runner was ready.
	pending string
	// checks are the latest verification results by check id; verifying
	// is true while checks run.
	checks    map[string]labs.CheckResult
	verifying bool
	// fault is a fault that is not the learner's Terraform (faultSentence:
	// a run progress.json could not record, a sandbox that stopped
	// answering, a verification with nothing deployed), said in one
	// sentence under the lab's state, where it is not cut short as in the
	// status bar, until the next run or verification.
	fault string
	// image is set when i registers a simulated image: a sandbox lab with
	// a repository for one (Day 3) in a classroom that can register it.
	image bool
}

func newLabModel(l *labs.Lab) labModel {
	return labModel{lab: l, hints: map[string]int{}, guide: viewport.New(), diff: viewport.New()}
}

// Messages of the lab screen.
type (
	labStatusMsg struct {
		lab string
		st  labs.Status
		err error
	}
	labEventMsg struct {
		run int
		ev  tfrun.Event
	}
	labPlannedMsg struct {
		run  int
		plan *tfrun.Plan
		err  error
		// est is what the planned resources cost for the lab's length,
		// nil when the plan could not be priced (estErr says why).
		est    *pricing.Estimate
		estErr error
	}
	labAppliedMsg struct {
		run int
		err error
	}
	labDiffMsg struct {
		lab  string
		text string
		err  error
	}
	labEditedMsg struct{ err error }
	labImagedMsg struct {
		lab, repo string
		err       error
	}
	labVerifiedMsg struct {
		lab     string
		results []labs.CheckResult
		err     error
	}
)

// waitEvent delivers the next Terraform event of a run; when the run has
// closed its channel, nothing.
func waitEvent(run int, ch <-chan tfrun.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return nil
		}
		return labEventMsg{run: run, ev: ev}
	}
}

func (m labModel) guideMarkdown() string {
	guide := strings.TrimLeft(m.lab.Guide, "\n")
	// The lab's title heads the page; a guide that opens with its own
	// title would show two.
	if strings.HasPrefix(guide, "# ") {
		if i := strings.IndexByte(guide, '\n'); i >= 0 {
			guide = guide[i+1:]
		} else {
			guide = ""
		}
	}
	return fmt.Sprintf("# %s\n\n%s", m.lab.Title, guide)
}

func (m labModel) runningFor(now time.Time) time.Duration {
	return now.Sub(m.started).Round(time.Second)
}

// view draws the lab screen body.
func (m *labModel) view(width, height int, s Styles, p i18n.Printer, now time.Time) string {
	leftW, rightW := m.paneWidths(width)
	left := ""
	if leftW > 0 {
		left = m.stepsView(leftW, height, s, p)
	}
	var right string
	switch {
	case m.phase == labRunning || m.showResult:
		right = m.progressView(rightW, height, s, p, now)
	case m.phase == labConfirming:
		right = m.confirmView(rightW, s, p)
	case m.pane == paneDiff:
		m.diff.SetWidth(rightW)
		m.diff.SetHeight(height)
		right = m.diff.View()
	case !m.guideOK:
		right = s.Dim.Render(p.T(i18n.Rendering))
	default:
		m.guide.SetWidth(rightW)
		m.guide.SetHeight(height)
		right = m.guide.View()
	}
	// Cut, never wrap, the right pane: a guide's text diagram wrapped at
	// the pane's edge turns into noise, while a cut one still reads, and
	// f gives the guide the whole width.
	right = lipgloss.NewStyle().MaxWidth(rightW).MaxHeight(height).Render(right)
	if leftW == 0 {
		return right
	}
	sep := s.Rule.Render(strings.TrimRight(strings.Repeat("│\n", height), "\n"))
	left = lipgloss.NewStyle().Width(leftW).MaxHeight(height).Render(left)
	return lipgloss.JoinHorizontal(lipgloss.Top, left, " ", sep, " ", right)
}

// paneWidths splits the screen between the steps and the guide; with the
// guide in focus (f), the guide takes it all.
func (m labModel) paneWidths(width int) (left, right int) {
	if m.wide && m.phase == labIdle && !m.showResult {
		return 0, width
	}
	left = min(38, max(26, width/3))
	return left, max(20, width-left-3)
}

func (m labModel) stepsView(width, height int, s Styles, p i18n.Printer) string {
	var b strings.Builder
	state := p.T(i18n.LabStateUnknown)
	if m.known {
		key := i18n.Key("lab.state." + string(m.status.State))
		if m.status.State == labs.StateApplied || m.status.State == labs.StateInterrupted {
			state = p.T(key, m.status.Resources)
		} else {
			state = p.T(key)
		}
	}
	b.WriteString(s.DayHeader.Render(p.T(i18n.LabStateLabel)) + " " + state + "\n")
	if m.known && m.status.State == labs.StateInterrupted {
		b.WriteString(s.StatusErr.Render(xansi.Wrap(p.T(i18n.LabInterrupted), width, "")) + "\n")
	}
	if m.fault != "" {
		b.WriteString(s.StatusErr.Render(xansi.Wrap(m.fault, width, "")) + "\n")
	}
	b.WriteString("\n" + s.DayHeader.Render(p.T(i18n.LabSteps)) + "\n")
	for i, st := range m.lab.Steps {
		mark := m.stepMark(st, s)
		line := xansi.Truncate(fmt.Sprintf("%d. %s", i+1, st.Title), width-4, "…")
		if i == m.step {
			b.WriteString(mark + s.Selected.Render(line) + "\n")
			for _, r := range m.stepResults(st) {
				if r.Status == labs.CheckPass {
					continue
				}
				text := fmt.Sprintf("%s %s: %s", checkMark(r.Status, s), r.ID, r.Message)
				if r.Status == labs.CheckFail && r.Hint != "" {
					text += " → " + r.Hint
				}
				for line := range strings.SplitSeq(xansi.Wrap(text, width-3, ""), "\n") {
					b.WriteString("   " + line + "\n")
				}
			}
			for h := 0; h < m.hints[st.ID] && h < len(st.Hints); h++ {
				text := xansi.Wrap(fmt.Sprintf("%s %d: %s", p.T(i18n.LabHint), h+1, st.Hints[h]), width-3, "")
				for line := range strings.SplitSeq(text, "\n") {
					b.WriteString(s.Dim.Render("   "+line) + "\n")
				}
			}
		} else {
			b.WriteString(mark + line + "\n")
		}
	}
	if m.verifying {
		b.WriteString("\n" + s.Dim.Render(p.T(i18n.LabVerifying)) + "\n")
	}
	if len(m.failures) > 0 && m.phase != labRunning {
		b.WriteString("\n" + s.StatusErr.Render(p.T(i18n.LabFailed)) + "\n")
		for _, f := range m.failures {
			b.WriteString(s.StatusErr.Render(xansi.Wrap(f, width, "")) + "\n")
		}
	}
	return b.String()
}

func (m labModel) progressView(width, height int, s Styles, p i18n.Printer, now time.Time) string {
	var b strings.Builder
	if m.phase == labRunning {
		b.WriteString(s.PaneTitle.Render(p.T(i18n.Key("lab.running."+m.op))) + "  " + s.Dim.Render(m.runningFor(now).String()) + "\n")
	} else {
		b.WriteString(s.StatusErr.Render(p.T(i18n.LabRunFailed, "terraform "+m.op)) + "\n")
	}
	if m.progress != nil && m.progress.Total() > 0 {
		line := p.T(i18n.LabProgress, m.progress.Done(), m.progress.Total())
		if left, ok := m.progress.Remaining(); ok && m.phase == labRunning {
			line += " · " + p.T(i18n.LabTimeLeft, left.Round(time.Second))
		}
		b.WriteString(line + "\n\n")
		rs := m.progress.Resources()
		room := max(1, height-4)
		if len(rs) > room {
			rs = rs[len(rs)-room:]
		}
		for _, r := range rs {
			var mark string
			switch r.State {
			case tfrun.ResourceDone:
				mark = s.Done.Render("✓")
			case tfrun.ResourceFailed:
				mark = s.StatusErr.Render("✗")
			case tfrun.ResourceRunning:
				mark = s.NowMark.Render("…")
			default:
				mark = s.Dim.Render("·")
			}
			detail := string(r.Action)
			if r.State != tfrun.ResourcePending {
				detail += " " + r.Elapsed.Round(100*time.Millisecond).String()
			}
			b.WriteString(xansi.Truncate(fmt.Sprintf("%s %s  %s", mark, r.Address, s.Dim.Render(detail)), width, "…") + "\n")
			if r.Diagnostic != nil {
				b.WriteString(s.StatusErr.Render(xansi.Wrap("  "+diagnosticText(r.Diagnostic), width, "")) + "\n")
			}
		}
	} else {
		b.WriteString(s.Dim.Render(p.T(i18n.LabPreparing)) + "\n")
	}
	if m.phase == labRunning {
		b.WriteString("\n" + s.Dim.Render(p.T(i18n.LabCancelHint)))
	}
	return b.String()
}

func (m labModel) confirmView(width int, s Styles, p i18n.Printer) string {
	var b strings.Builder
	title := i18n.LabConfirmApply
	if m.plan.Destroy {
		title = i18n.LabConfirmDestroy
	}
	b.WriteString(s.PaneTitle.Render(p.T(title)) + "\n")
	b.WriteString(s.DayHeader.Render(m.plan.String()) + "\n")
	if !m.plan.Destroy {
		b.WriteString(m.costLines(width, s, p))
	}
	b.WriteString("\n")
	// Terraform plans resources in parallel, so its stream's order varies
	// from run to run; by address, the list reads the same every time.
	rs := slices.Clone(m.plan.Resources)
	slices.SortFunc(rs, func(a, b tfrun.PlannedChange) int { return strings.Compare(a.Address, b.Address) })
	for _, c := range rs {
		b.WriteString(xansi.Truncate(fmt.Sprintf("%s %s", actionMark(c.Action), c.Address), width, "…") + "\n")
	}
	b.WriteString("\n" + s.HelpKey.Render("y") + " " + p.T(i18n.LabYes) + "   " + s.HelpKey.Render("n") + " " + p.T(i18n.LabNo))
	return b.String()
}

// costLines is the estimate shown before apply: $/h, the lab's length, a
// month, and how many resources could not be priced. In the sandbox the
// figures are what the same resources would cost on AWS.
func (m labModel) costLines(width int, s Styles, p i18n.Printer) string {
	if m.est == nil {
		if m.estErr != nil {
			return s.Dim.Render(xansi.Wrap(p.T(i18n.LabNoEstimate, m.estErr), width, "")) + "\n"
		}
		return ""
	}
	e := m.est
	minutes := int(e.DurationHours.Mul(decimal.NewFromInt(60)).IntPart())
	line := p.T(i18n.LabEstimate, e.Region, e.PriceDate, e.HourlyTotal.StringFixed(4), minutes, e.Total.StringFixed(4), e.MonthlyTotal.StringFixed(2))
	if n := e.Unpriced(); n > 0 {
		line += " · " + p.T(i18n.LabUnpriced, n)
	}
	out := s.NowMark.Render(xansi.Wrap(line, width, "")) + "\n"
	if m.sandbox {
		out += s.Dim.Render(xansi.Wrap(p.T(i18n.LabSimulated), width, "")) + "\n"
	}
	return out
}

// stepResults are the latest results of a step's checks, in lab.yaml
// order.
func (m labModel) stepResults(st labs.Step) []labs.CheckResult {
	var out []labs.CheckResult
	for _, id := range st.Checks {
		if r, ok := m.checks[id]; ok {
			out = append(out, r)
		}
	}
	return out
}

// stepMark sums up a step's checks: ✓ all passed (or not provable here),
// ✗ one failed, · not verified yet.
func (m labModel) stepMark(st labs.Step, s Styles) string {
	rs := m.stepResults(st)
	if len(rs) == 0 || len(rs) < len(st.Checks) {
		return s.Dim.Render("· ")
	}
	for _, r := range rs {
		if r.Status == labs.CheckFail {
			return s.StatusErr.Render("✗ ")
		}
	}
	return s.Done.Render("✓ ")
}

func checkMark(st labs.CheckStatus, s Styles) string {
	switch st {
	case labs.CheckPass:
		return s.Done.Render("✓")
	case labs.CheckFail:
		return s.StatusErr.Render("✗")
	}
	return s.Dim.Render("~")
}

func actionMark(a tfrun.Action) string {
	switch a {
	case tfrun.ActionCreate:
		return "+"
	case tfrun.ActionDelete:
		return "-"
	case tfrun.ActionReplace:
		return "-/+"
	case tfrun.ActionUpdate:
		return "~"
	}
	return " "
}

func diagnosticText(d *tfrun.Diagnostic) string {
	t := d.Summary
	if d.Detail != "" {
		t += ": " + d.Detail
	}
	if d.File != "" {
		t += fmt.Sprintf(" (%s:%d)", d.File, d.Line)
	}
	return t
}

// editCmd opens the workspace in $EDITOR (vi when unset) and comes back.
func editCmd(dir string) tea.Cmd {
	editor := os.Getenv("EDITOR")
	if editor == "" {
		editor = "vi"
	}
	fields := strings.Fields(editor)
	c := exec.Command(fields[0], append(fields[1:], dir)...)
	c.Dir = dir
	return tea.ExecProcess(c, func(err error) tea.Msg { return labEditedMsg{err: err} })
}

func (m labModel) footer(s Styles, keys keyMap) string {
	switch m.phase {
	case labRunning:
		return shortHelp([]key.Binding{keys.Back}, s)
	case labConfirming:
		return ""
	}
	bindings := []key.Binding{keys.LabPlan, keys.LabApply, keys.LabVerify}
	if m.image {
		bindings = append(bindings, keys.LabImage)
	}
	bindings = append(bindings, keys.LabDestroy, keys.LabEdit, keys.LabHint, keys.LabDiff, keys.LabWide, keys.Back)
	return shortHelp(bindings, s)
}
