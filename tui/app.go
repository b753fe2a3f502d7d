// Package tui is awstutor's terminal interface: one root model that owns the
// state, and one type and file per screen (home, lesson reader, table of
// contents, help). It is the only package that imports bubbletea, bubbles,
// lipgloss and glamour. It takes a plain Config and knows nothing of cobra.
//
// Rules: no IO in Update; long work (rendering, saving progress) runs in
// commands that report back with messages; a message that answers an older
// request is dropped.
package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/class"
	"awstutor/i18n"
	"awstutor/labs"
	"awstutor/lessons"
	"awstutor/pricing"
	"awstutor/progress"
)

// ProgressStore is what the TUI needs of the learner's saved state.
type ProgressStore interface {
	Load(ctx context.Context) (progress.State, error)
	Update(ctx context.Context, fn func(*progress.State) error) (progress.State, error)
}

// Config is everything the TUI is given by the command line.
type Config struct {
	Catalog   *lessons.Catalog
	Store     ProgressStore
	Printer   i18n.Printer
	Timetable class.Timetable
	// Now is the clock; nil means time.Now. Tests pass a fixed clock.
	Now func() time.Time
	// NoColor drops every colour (NO_COLOR or --no-color).
	NoColor bool
	// Theme forces "dark" or "light"; "" asks the terminal.
	Theme string
	// Target and Region show in the status bar.
	Target, Region string
	// Notice is a sentence to show in the status bar at start, such as
	// the config file having been ignored.
	Notice string
	// Labs is the lab catalogue; nil when it could not be loaded, with
	// LabsErr saying why.
	Labs    *labs.Catalog
	LabsErr error
	// LabRunner builds the lab lifecycle for the target and a lab. It may
	// start the sandbox when the lab needs it, returning a sentence for the
	// status bar that says so; the TUI calls it in a command when a lab
	// screen opens.
	LabRunner func(ctx context.Context, lab string) (LabRunner, string, error)
	// Live reads what is deployed and what it costs, from local state; the
	// TUI calls it in a command on every clock tick and after lab runs.
	Live func(ctx context.Context) (Live, error)
	// Schedule is the reminder policy; its zero value uses Timetable.
	Schedule class.Schedule
	// Verify runs a lab's checks on the target and records the results
	// in progress; the lab screen calls it in a command.
	Verify func(ctx context.Context, lab string) ([]labs.CheckResult, error)
	// ConfirmAccount confirms the AWS account by the id the learner typed
	// and remembers it; an error says why it was refused.
	ConfirmAccount func(ctx context.Context, typed string) error
	// StopSandbox stops the sandbox awstutor started; offered on quit
	// when this session started it.
	StopSandbox func(ctx context.Context) error
	// SimulateImage registers the Day 3 simulated image in the lab's
	// repository in the sandbox and returns the repository's name; nil on
	// AWS, where a real image is pushed.
	SimulateImage func(ctx context.Context, lab string) (string, error)
	// Prices is the price catalogue of the apply confirmation's estimate;
	// nil means the embedded one. FreeTier applies its free tier.
	Prices   *pricing.Catalog
	FreeTier bool
	// Tick schedules the clock's ticks; nil means tea.Tick. Tests that
	// step the model by hand turn the ticks off with a Tick returning nil.
	Tick func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
}

type screen int

const (
	screenHome screen = iota
	screenLesson
	screenQuiz
	screenChecklist
	screenLab
)

// Model is the root model.
type Model struct {
	cfg    Config
	keys   keyMap
	styles Styles
	cache  *renderCache

	width, height int
	screen        screen
	help          bool
	home          homeModel
	lesson        lessonModel
	quiz          quizModel
	checklist     checklistModel
	// quizFrom is the screen the quiz returns to.
	quizFrom screen
	lab      labModel
	runner   LabRunner
	// quitting is set when the learner quits while Terraform runs: the run
	// is interrupted first, and the program ends when it has stopped.
	quitting bool
	// live is what is deployed now; dialog is the reminder on screen.
	live   Live
	dialog *dialogModel
	// liveAsked is when the resources were last asked for.
	liveAsked time.Time
	// sandboxStarted is set when this session started the sandbox.
	sandboxStarted bool
	// account asks for the AWS account id before a lab runs on aws.
	account *accountModel

	st       progress.State
	loaded   bool
	status   string
	statusOK bool // status is an error when false
	now      time.Time
}

// New builds the root model.
func New(cfg Config) Model {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	dark := cfg.Theme != "light"
	m := Model{
		cfg:    cfg,
		keys:   newKeyMap(cfg.Printer),
		styles: NewStyles(dark, cfg.NoColor),
		cache:  newRenderCache(),
		home:   newHome(cfg.Catalog),
		width:  100,
		height: 30,
		now:    cfg.Now(),
	}
	// Init asks for the resources; the first ask of the clock is then
	// RefreshEvery later.
	m.liveAsked = m.now
	if cfg.Notice != "" {
		m.status = cfg.Notice
	}
	if m.cfg.Schedule.Timetable == (class.Timetable{}) {
		m.cfg.Schedule.Timetable = cfg.Timetable
	}
	if !m.cfg.Schedule.SelfStudy {
		m.home.selectNow(m.clock())
	}
	return m
}

// Messages the commands send back.
type (
	progressMsg struct {
		st  progress.State
		err error
	}
	renderedMsg struct {
		key  renderKey
		page page
		err  error
	}
	tickMsg time.Time
	// OpenLabMsg opens a lab's screen, as Enter on its row does.
	OpenLabMsg   struct{ Lab string }
	labTickMsg   struct{ run int }
	labRunnerMsg struct {
		lab    string
		r      LabRunner
		notice string
		err    error
	}
)

// Init loads progress, asks the terminal its background colour when no
// theme is forced, and starts the class clock.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.loadProgress(), m.tick(), m.loadLive()}
	if m.cfg.Theme == "" && !m.cfg.NoColor {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// tick is the class clock and the cost meter's second: each tick re-reads
// the meters (arithmetic only) and, every Live.RefreshEvery, asks for the
// resources again.
func (m Model) tick() tea.Cmd {
	return m.after(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// after is tea.Tick, or the Config's replacement.
func (m Model) after(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	if m.cfg.Tick != nil {
		return m.cfg.Tick(d, fn)
	}
	return tea.Tick(d, fn)
}

func (m Model) loadProgress() tea.Cmd {
	store := m.cfg.Store
	if store == nil {
		return nil
	}
	return func() tea.Msg {
		st, err := store.Load(context.Background())
		return progressMsg{st: st, err: err}
	}
}

func (m Model) saveProgress(fn func(*progress.State) error) tea.Cmd {
	store := m.cfg.Store
	if store == nil {
		return nil
	}
	return func() tea.Msg {
		st, err := store.Update(context.Background(), fn)
		return progressMsg{st: st, err: err}
	}
}

func (m Model) clock() class.Now { return m.cfg.Timetable.At(m.now) }

// Update handles one message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		switch m.screen {
		case screenLesson:
			return m, m.requestRender()
		case screenLab:
			return m, m.renderGuide()
		}
	case tea.BackgroundColorMsg:
		if dark := msg.IsDark(); dark != m.styles.Dark {
			m.styles = NewStyles(dark, m.cfg.NoColor)
			if m.screen == screenLesson {
				return m, m.requestRender()
			}
		}
	case tickMsg:
		m.now = m.cfg.Now()
		m.live = m.live.Reread()
		if m.now.Sub(m.liveAsked) < m.live.refreshEvery() {
			return m, m.tick()
		}
		m.liveAsked = m.now
		return m, tea.Batch(m.tick(), m.loadLive())
	case liveMsg:
		if msg.err != nil {
			m.setError(msg.err.Error())
			return m, nil
		}
		m.live = msg.live.Reread()
		m.maybeRemind()
	case destroyedMsg:
		if len(msg.failed) > 0 {
			m.setError(m.cfg.Printer.T(i18n.DestroyFailed, strings.Join(msg.failed, "; ")))
		} else {
			m.setInfo(m.cfg.Printer.T(i18n.Destroyed, strings.Join(msg.done, ", ")))
		}
		if msg.quit && len(msg.failed) == 0 {
			return m, tea.Quit
		}
		return m, m.loadLive()
	case progressMsg:
		return m.onProgress(msg), nil
	case renderedMsg:
		if msg.err != nil {
			m.setError(msg.err.Error())
			return m, nil
		}
		if msg.key == m.lab.guideWant {
			m.showGuide(msg.key, msg.page)
			return m, nil
		}
		m.lesson.show(msg.key, msg.page)
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case OpenLabMsg:
		return m.openLab(msg.Lab)
	case accountConfirmedMsg:
		if m.account == nil {
			return m, nil
		}
		if msg.err != nil {
			m.account.err = msg.err.Error()
			return m, nil
		}
		m.account = nil
		m.lab.lab = nil // build the lab's runner again, now allowed
		return m.openLab(msg.lab)
	case labRunnerMsg, labStatusMsg, labEventMsg, labPlannedMsg, labAppliedMsg, labDiffMsg, labEditedMsg, labTickMsg, labVerifiedMsg, labImagedMsg:
		return m.onLabMsg(msg)
	}
	return m, nil
}

func (m Model) onProgress(msg progressMsg) Model {
	var corrupt *progress.CorruptError
	switch {
	case errors.As(msg.err, &corrupt):
		// The store moved the bad file aside and carried on with a fresh
		// state: say so once, and keep going.
		m.setError(corrupt.Error())
	case msg.err != nil:
		m.setError(m.cfg.Printer.T(i18n.ProgressFailed, msg.err))
		return m
	}
	m.st = msg.st
	if !m.loaded {
		m.loaded = true
		if !m.clock().InClass() || m.cfg.Schedule.SelfStudy {
			m.home.selectFirstUnread(m.st)
		}
	}
	return m
}

func (m *Model) setError(s string) { m.status, m.statusOK = s, false }
func (m *Model) setInfo(s string)  { m.status, m.statusOK = s, true }

func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.account != nil && msg.String() != "ctrl+c" {
		return m.onAccountKey(msg)
	}
	if m.dialog != nil && msg.String() != "ctrl+c" {
		c, reason, cmd := m.dialog.update(msg)
		if c == "" {
			return m, cmd
		}
		if c == class.ChoiceCancel {
			m.dialog = nil
			return m, nil
		}
		return m.onDialogChoice(c, reason)
	}
	if msg.String() == "ctrl+c" || (key.Matches(msg, m.keys.Quit) && m.screen == screenLab && m.lab.phase == labRunning) {
		if m.screen == screenLab && m.lab.phase == labRunning {
			// Never leave Terraform killed half way: interrupt it, and quit
			// once it has stopped and the run is recorded.
			m.quitting = true
			m.lab.cancel()
			m.setInfo(m.cfg.Printer.T(i18n.LabCancelling))
			return m, nil
		}
		return m, tea.Quit
	}
	if m.help {
		m.help = false
		return m, nil
	}
	typing := (m.screen == screenLesson && m.lesson.showTOC) || (m.screen == screenQuiz && m.quiz.typing())
	switch {
	case key.Matches(msg, m.keys.Help) && !typing:
		m.help = true
		return m, nil
	case key.Matches(msg, m.keys.Quit) && !typing:
		// Leaving with resources deployed asks first, destroy-and-quit
		// being the default answer.
		if rem, ok := m.schedule().OnQuit(m.cfg.Now(), m.live.running(m.cfg.Printer)); ok {
			m.dialog = newDialog(rem)
			return m, nil
		}
		if d := m.stopSandboxDialog(); d != nil {
			m.dialog = d
			return m, nil
		}
		return m, tea.Quit
	}
	m.status = ""
	switch m.screen {
	case screenHome:
		var act homeAction
		m.home, act = m.home.update(msg, m.keys, m.bodyHeight())
		switch act {
		case homeOpen:
			return m.open(m.home.selected().lesson)
		case homeQuiz:
			return m.startQuiz(m.home.selected().lesson, screenHome)
		case homeChecklist:
			m.screen = screenChecklist
		case homeLab:
			return m.openLab(m.home.selected().dayCfg.Lab.ID)
		}
	case screenLab:
		return m.onLabKey(msg)
	case screenQuiz:
		var act quizAction
		var cmd tea.Cmd
		m.quiz, act, cmd = m.quiz.update(msg, m.keys)
		switch act {
		case quizBack:
			m.screen = m.quizFrom
		case quizFinished:
			return m, tea.Batch(cmd, m.saveQuiz())
		}
		return m, cmd
	case screenChecklist:
		var act checklistAction
		items := m.cfg.Catalog.Checklist.Items
		m.checklist, act = m.checklist.update(msg, m.keys, len(items))
		switch act {
		case checklistBack:
			m.screen = screenHome
		case checklistToggle:
			return m, m.toggleManual(items[m.checklist.cursor])
		case checklistOpen:
			if ids := items[m.checklist.cursor].Lessons; len(ids) > 0 {
				if l, ok := m.cfg.Catalog.Lesson(ids[0]); ok {
					return m.open(l)
				}
			}
		}
	case screenLesson:
		var act lessonAction
		m.lesson, act = m.lesson.update(msg, m.keys)
		switch act {
		case lessonBack:
			m.screen = screenHome
			m.syncHomeCursor()
		case lessonNext, lessonPrev:
			step := m.cfg.Catalog.Next
			edge := i18n.LastLesson
			if act == lessonPrev {
				step, edge = m.cfg.Catalog.Prev, i18n.FirstLesson
			}
			if l, ok := step(m.lesson.lesson.ID); ok {
				return m.open(l)
			}
			m.setInfo(m.cfg.Printer.T(edge))
		case lessonToggleRead:
			return m, m.toggleRead()
		case lessonQuiz:
			return m.startQuiz(m.lesson.lesson, screenLesson)
		}
	}
	return m, nil
}

// open shows a lesson, from the cache when it was rendered at this size
// before, and records that the learner opened it.
func (m Model) open(l lessons.Lesson) (tea.Model, tea.Cmd) {
	m.screen = screenLesson
	m.lesson = newLessonModel(l)
	cmd := m.requestRender()
	id, at := l.ID, m.cfg.Now().UTC()
	save := m.saveProgress(func(st *progress.State) error {
		rec := st.Lessons[id]
		if rec.OpenedAt.IsZero() {
			rec.OpenedAt = at
			st.Lessons[id] = rec
		}
		return nil
	})
	return m, tea.Batch(cmd, save)
}

func (m Model) schedule() class.Schedule { return m.cfg.Schedule }

// maybeRemind opens the reminder the class clock says is due, unless one is
// already on screen.
func (m *Model) maybeRemind() {
	if m.dialog != nil {
		return
	}
	due := m.schedule().Due(m.cfg.Now(), m.live.running(m.cfg.Printer), m.st.Reminders)
	if len(due) > 0 {
		m.dialog = newDialog(due[0])
	}
}

// startQuiz opens a lesson's quiz, returning to from when it closes.
func (m Model) startQuiz(l lessons.Lesson, from screen) (tea.Model, tea.Cmd) {
	if l.Quiz == nil {
		m.setInfo(m.cfg.Printer.T(i18n.QuizNone))
		return m, nil
	}
	m.quiz, m.quizFrom, m.screen = newQuiz(l), from, screenQuiz
	return m, nil
}

// saveQuiz records a finished attempt: the answers and score of this
// attempt, one more attempt, and the first time it passed.
func (m Model) saveQuiz() tea.Cmd {
	id, at := m.quiz.lesson.ID, m.cfg.Now().UTC()
	answers := make(map[string]string, len(m.quiz.answers))
	for k, v := range m.quiz.answers {
		answers[k] = v
	}
	score, total := m.quiz.score, m.quiz.total()
	return m.saveProgress(func(st *progress.State) error {
		rec := st.Quizzes[id]
		rec.Answers, rec.Score, rec.Total, rec.UpdatedAt = answers, score, total, at
		rec.Attempts++
		if quizPassed(score, total) && rec.PassedAt.IsZero() {
			rec.PassedAt = at
		}
		st.Quizzes[id] = rec
		return nil
	})
}

// toggleManual ticks or unticks a checklist item that only the learner
// can vouch for; the others tick themselves.
func (m *Model) toggleManual(it lessons.ChecklistItem) tea.Cmd {
	if !it.Manual {
		m.setInfo(m.cfg.Printer.T(i18n.NotManual))
		return nil
	}
	id, at := it.ID, m.cfg.Now().UTC()
	return m.saveProgress(func(st *progress.State) error {
		if _, ok := st.Checklist[id]; ok {
			delete(st.Checklist, id)
		} else {
			st.Checklist[id] = progress.ManualTick{At: at}
		}
		return nil
	})
}

// requestRender sizes the reader and returns the command that renders the
// lesson, or nil when the cache already has it.
func (m *Model) requestRender() tea.Cmd {
	k := m.lesson.setSize(m.width, m.bodyHeight(), m.styles.Theme)
	if p, ok := m.cache.get(k); ok {
		m.lesson.show(k, p)
		return nil
	}
	l, style, cache := m.lesson.lesson, m.styles.Glamour, m.cache
	full := func() tea.Msg {
		p, err := renderPage(l, k.width, style)
		if err == nil {
			cache.put(k, p)
		}
		return renderedMsg{key: k, page: p, err: err}
	}
	// The head of the lesson renders in milliseconds and shows at once;
	// the whole page follows and takes its place.
	first := func() tea.Msg {
		p, err := renderFirstScreen(l, k.width, style)
		if err != nil {
			return nil // the whole rendering reports the error
		}
		return renderedMsg{key: k, page: p}
	}
	return tea.Batch(first, full)
}

func (m Model) toggleRead() tea.Cmd {
	id, at := m.lesson.lesson.ID, m.cfg.Now().UTC()
	return m.saveProgress(func(st *progress.State) error {
		rec := st.Lessons[id]
		if rec.ReadAt.IsZero() {
			rec.ReadAt = at
		} else {
			rec.ReadAt = time.Time{}
		}
		st.Lessons[id] = rec
		return nil
	})
}

// syncHomeCursor puts the home cursor on the lesson just read, so Esc lands
// where the learner is in the course.
func (m *Model) syncHomeCursor() {
	for i, r := range m.home.rows {
		if r.kind == rowLesson && r.lesson.ID == m.lesson.lesson.ID {
			m.home.cursor, m.home.moved = i, true
			return
		}
	}
}

// bodyHeight is the room between the header and the two footer lines.
func (m Model) bodyHeight() int { return max(1, m.height-4) }

// View draws the screen.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "awstutor"
	return v
}

func (m Model) render() string {
	s, p := m.styles, m.cfg.Printer
	var header, body, hints string
	bh := m.bodyHeight()
	switch m.screen {
	case screenLesson:
		header = m.lesson.header(m.width, s, p, m.st)
		body = m.lesson.body(m.width, bh, s, p)
		hints = m.lesson.footer(m.width, s, p, m.keys)
	case screenQuiz:
		header = m.appHeader()
		body = m.quiz.view(m.width, bh, s, p)
		hints = m.quiz.footer(s, m.keys)
	case screenLab:
		header = m.labHeader()
		body = m.lab.view(m.width, bh, s, p, m.cfg.Now())
		hints = m.lab.footer(s, m.keys)
	case screenChecklist:
		header = m.appHeader()
		body = m.checklist.view(m.width, bh, m.cfg.Catalog, m.st, m.cfg.Target, s, p)
		hints = shortHelp([]key.Binding{m.keys.Up, m.keys.Down, m.keys.Open, m.keys.Toggle, m.keys.Back}, s)
	default:
		header = m.appHeader()
		hv := homeView{width: m.width, height: bh, styles: s, p: p, st: m.st, now: m.clock(), timetable: m.cfg.Timetable, at: m.now}
		body = m.home.view(hv)
		hints = shortHelp([]key.Binding{m.keys.Open, m.keys.Quiz, m.keys.Checklist, m.keys.Help, m.keys.Quit}, s)
	}
	if m.help {
		body = helpView(m.width, bh, m.screen, m.lab.image, m.keys, s, p)
	}
	if m.dialog != nil {
		body = m.dialog.view(m.width, bh, m.live, s, p)
	}
	if m.account != nil {
		body = m.account.view(m.width, bh, s, p)
	}
	rule := s.Rule.Render(strings.Repeat("─", max(0, m.width)))
	body = fitHeight(body, bh)
	return strings.Join([]string{header, rule, body, rule, m.statusLine(hints)}, "\n")
}

// appHeader is the home screen's first line: the course on the left, the
// class clock on the right.
func (m Model) appHeader() string {
	s, p := m.styles, m.cfg.Printer
	title := s.AppTitle.Render("awstutor") + s.Dim.Render(" · "+p.T(i18n.WeekTitle, m.cfg.Catalog.Course.Week, m.cfg.Catalog.Course.Title))
	clock := m.clockText()
	gap := m.width - xansi.StringWidth(title) - xansi.StringWidth(clock)
	if gap < 1 {
		return xansi.Truncate(title, m.width, "…")
	}
	return title + strings.Repeat(" ", gap) + clock
}

func (m Model) clockText() string {
	s, p, n := m.styles, m.cfg.Printer, m.clock()
	hhmm := m.now.Format("15:04")
	switch {
	case m.cfg.Schedule.SelfStudy:
		// On one's own time the class clock is not the learner's: the day
		// is where their progress is.
		day, _ := class.ProgressDay(m.sessionIDs(), m.st.IsRead)
		return s.Clock.Render(p.T(i18n.ClockSelfStudy, day, hhmm))
	case n.Day == 0:
		return s.Clock.Render(p.T(i18n.ClockWeekend, hhmm))
	case !n.InClass():
		return s.Clock.Render(p.T(i18n.ClockOutside, p.T(i18n.Weekday(n.Day)), hhmm))
	}
	left := int(n.Remaining(m.now).Round(time.Minute) / time.Minute)
	return s.ClockNow.Render(p.T(i18n.ClockInClass, dayLabel(p, n.Day), blockName(p, n.Block), n.Start.Format("15:04"), n.End.Format("15:04"), left))
}

func blockName(p i18n.Printer, b class.Block) string {
	if b == class.Lab {
		return p.T(i18n.BlockLab)
	}
	return fmt.Sprintf("Session %d", int(b)+1)
}

// statusLine shows a message when there is one, else key hints, with the
// target and reading progress on the right.
func (m Model) statusLine(hints string) string {
	s, p := m.styles, m.cfg.Printer
	left := hints
	if m.status != "" {
		if m.statusOK {
			left = s.Status.Render(m.status)
		} else {
			left = s.StatusErr.Render(m.status)
		}
	}
	read, total := 0, 0
	for _, l := range m.cfg.Catalog.Lessons() {
		total++
		if m.st.IsRead(l.ID) {
			read++
		}
	}
	where := s.Status.Render(fmt.Sprintf("%s · %s · %s", m.cfg.Target, m.cfg.Region, p.T(i18n.ReadCount, read, total)))
	right := where
	if meter := m.meterText(); meter != "" {
		right = s.NowMark.Render(meter) + s.Status.Render(" · ") + where
		// The meter is what must stay on screen: where the classroom runs
		// and the reading count give way first on a narrow terminal.
		if m.width-xansi.StringWidth(right)-1 < 10 {
			right = s.NowMark.Render(meter)
		}
	}
	room := m.width - xansi.StringWidth(right) - 1
	if room < 10 {
		return xansi.Truncate(right, m.width, "…")
	}
	left = xansi.Truncate(left, room, "…")
	return left + strings.Repeat(" ", max(1, m.width-xansi.StringWidth(left)-xansi.StringWidth(right))) + right
}

// fitHeight pads or cuts s to exactly n lines.
func fitHeight(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// sessionIDs lists each course day's session lesson ids, Day 1 first, the
// form class.ProgressDay takes.
func (m Model) sessionIDs() [][]string {
	var out [][]string
	for _, d := range m.cfg.Catalog.Course.Days {
		var ids []string
		for _, l := range m.cfg.Catalog.Lessons() {
			if l.Day == d.Day && l.Slot.IsSession() {
				ids = append(ids, l.ID)
			}
		}
		out = append(out, ids)
	}
	return out
}
