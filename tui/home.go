package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/class"
	"awstutor/i18n"
	"awstutor/lessons"
	"awstutor/progress"
)

// rowKind says what a row of the course map is.
type rowKind int

const (
	rowHeader rowKind = iota // a day's or the week's title, not selectable
	rowLesson                // a lesson page
	rowLab                   // a day's lab
)

// row is one line of the course map.
type row struct {
	kind   rowKind
	day    int
	block  class.Block // for session and lab rows of a day
	lesson lessons.Lesson
	dayCfg lessons.DayConfig
	title  string
}

// homeModel is the course map: five days of four blocks, the week's pages,
// and a pane describing the selected row.
type homeModel struct {
	rows   []row
	cursor int // index into rows; always a selectable row
	offset int // first visible row
	moved  bool
}

func newHome(cat *lessons.Catalog) homeModel {
	var h homeModel
	if ov, ok := cat.Lesson("overview"); ok {
		h.rows = append(h.rows, row{kind: rowLesson, lesson: ov, block: class.BeforeClass})
	}
	for _, d := range cat.Course.Days {
		h.rows = append(h.rows, row{kind: rowHeader, day: d.Day, dayCfg: d})
		for i, s := range lessons.SessionSlots {
			if l, ok := cat.Session(d.Day, s); ok {
				h.rows = append(h.rows, row{kind: rowLesson, day: d.Day, block: class.Block(i), lesson: l, dayCfg: d})
			}
		}
		h.rows = append(h.rows, row{kind: rowLab, day: d.Day, block: class.Lab, dayCfg: d})
	}
	var extras []lessons.Lesson
	for _, l := range cat.WeekPages() {
		if l.Slot == lessons.SlotExtra {
			extras = append(extras, l)
		}
	}
	if len(extras) > 0 {
		h.rows = append(h.rows, row{kind: rowHeader})
		for _, l := range extras {
			h.rows = append(h.rows, row{kind: rowLesson, lesson: l, block: class.BeforeClass})
		}
	}
	h.cursor = h.nextSelectable(-1, 1)
	return h
}

func (h homeModel) nextSelectable(from, dir int) int {
	for i := from + dir; i >= 0 && i < len(h.rows); i += dir {
		if h.rows[i].kind != rowHeader {
			return i
		}
	}
	if from < 0 {
		return 0
	}
	return from
}

// selectNow puts the cursor on the block the class clock says is on, unless
// the learner has already moved it.
func (h *homeModel) selectNow(now class.Now) {
	if h.moved || !now.InClass() {
		return
	}
	for i, r := range h.rows {
		if r.kind != rowHeader && r.day == now.Day && r.block == now.Block {
			h.cursor = i
			return
		}
	}
}

// selectFirstUnread puts the cursor on the first unread session when the
// learner has not moved and no class is on: where they left off.
func (h *homeModel) selectFirstUnread(st progress.State) {
	if h.moved {
		return
	}
	for i, r := range h.rows {
		if r.kind == rowLesson && r.lesson.Slot.IsSession() && !st.IsRead(r.lesson.ID) {
			h.cursor = i
			return
		}
	}
}

func (h homeModel) selected() row { return h.rows[h.cursor] }

// homeAction is what a key on the home screen asks the root to do.
type homeAction int

const (
	homeNone homeAction = iota
	homeOpen
	homeQuiz
	homeChecklist
	homeLab
)

func (h homeModel) update(msg tea.KeyPressMsg, keys keyMap, pageRows int) (homeModel, homeAction) {
	switch {
	case key.Matches(msg, keys.Up):
		h.cursor, h.moved = h.nextSelectable(h.cursor, -1), true
	case key.Matches(msg, keys.Down):
		h.cursor, h.moved = h.nextSelectable(h.cursor, 1), true
	case key.Matches(msg, keys.PageUp):
		for range max(1, pageRows-2) {
			h.cursor = h.nextSelectable(h.cursor, -1)
		}
		h.moved = true
	case key.Matches(msg, keys.PageDown):
		for range max(1, pageRows-2) {
			h.cursor = h.nextSelectable(h.cursor, 1)
		}
		h.moved = true
	case key.Matches(msg, keys.Top):
		h.cursor, h.moved = h.nextSelectable(-1, 1), true
	case key.Matches(msg, keys.Bottom):
		h.cursor, h.moved = h.nextSelectable(len(h.rows), -1), true
	case key.Matches(msg, keys.Open):
		switch h.selected().kind {
		case rowLesson:
			return h, homeOpen
		case rowLab:
			return h, homeLab
		}
	case key.Matches(msg, keys.Quiz):
		if h.selected().kind == rowLesson {
			return h, homeQuiz
		}
	case key.Matches(msg, keys.Checklist):
		return h, homeChecklist
	}
	return h, homeNone
}

// homeView is everything the home screen needs to draw itself.
type homeView struct {
	width, height int
	styles        Styles
	p             i18n.Printer
	st            progress.State
	now           class.Now
	timetable     class.Timetable
	at            time.Time
}

func (h *homeModel) view(v homeView) string {
	listW := min(60, max(36, v.width*11/20))
	paneW := v.width - listW - 3
	// Keep the cursor on screen, with a row of context where possible.
	if h.cursor < h.offset+1 {
		h.offset = max(0, h.cursor-1)
	}
	if h.cursor >= h.offset+v.height-1 {
		h.offset = min(len(h.rows)-v.height, h.cursor-v.height+2)
	}
	h.offset = max(0, h.offset)
	var list []string
	for i := h.offset; i < len(h.rows) && len(list) < v.height; i++ {
		list = append(list, h.renderRow(i, listW, v))
	}
	for len(list) < v.height {
		list = append(list, "")
	}
	left := strings.Join(list, "\n")
	sep := v.styles.Rule.Render(strings.TrimRight(strings.Repeat("│\n", v.height), "\n"))
	if paneW < 20 {
		return left
	}
	pane := h.renderPane(paneW, v)
	pane = lipgloss.NewStyle().Width(paneW).MaxHeight(v.height).Render(pane)
	return lipgloss.JoinHorizontal(lipgloss.Top, left, " ", sep, " ", pane)
}

func (h homeModel) renderRow(i, width int, v homeView) string {
	r := h.rows[i]
	if r.kind == rowHeader {
		var text string
		if r.day == 0 {
			text = v.p.T(i18n.WeekPages)
		} else {
			text = fmt.Sprintf("%s %s", dayLabel(v.p, r.day), r.dayCfg.Title)
		}
		return v.styles.DayHeader.Render(xansi.Truncate(text, width, "…"))
	}
	mark := "  "
	if r.kind == rowLesson && v.st.IsRead(r.lesson.ID) {
		mark = v.styles.Done.Render("✓") + " "
	}
	isNow := r.day != 0 && r.day == v.now.Day && r.block == v.now.Block && v.now.InClass()
	var when, title string
	switch {
	case r.day == 0:
		title = r.lesson.Title
	case r.kind == rowLab:
		start, _ := v.timetable.Span(v.at, class.Lab)
		when = start.Format("15:04") + " " + v.p.T(i18n.BlockLab)
		title = r.dayCfg.Lab.Title
	default:
		start, _ := v.timetable.Span(v.at, r.block)
		when = fmt.Sprintf("%s S%d", start.Format("15:04"), int(r.block)+1)
		title = r.lesson.Title
	}
	nowTag := ""
	if isNow {
		nowTag = " " + v.p.T(i18n.NowTag)
	}
	text := " " + when
	if when != "" {
		text += "  "
	}
	budget := width - 2 - xansi.StringWidth(text) - xansi.StringWidth(nowTag)
	text += xansi.Truncate(title, max(4, budget), "…")
	body := text + nowTag
	pad := max(0, width-2-xansi.StringWidth(body))
	line := body + strings.Repeat(" ", pad)
	switch {
	case i == h.cursor:
		line = v.styles.Selected.Render(line)
	case isNow:
		line = v.styles.NowMark.Render(line)
	default:
		line = v.styles.Item.Render(line)
	}
	return mark + line
}

func (h homeModel) renderPane(width int, v homeView) string {
	r := h.selected()
	s := v.styles
	var b strings.Builder
	wrap := func(text string) string { return xansi.Wordwrap(text, width, "") }
	switch r.kind {
	case rowLesson:
		l := r.lesson
		b.WriteString(s.PaneTitle.Render(wrap(l.Title)) + "\n")
		meta := []string{v.p.T(i18n.Minutes, l.Minutes)}
		if l.Day != 0 {
			start, end := v.timetable.Span(v.at, r.block)
			meta = append([]string{fmt.Sprintf("%s · S%d · %s–%s", dayLabel(v.p, l.Day), int(r.block)+1, start.Format("15:04"), end.Format("15:04"))}, meta...)
		}
		if v.st.IsRead(l.ID) {
			meta = append(meta, s.Done.Render(v.p.T(i18n.Read)))
		} else {
			meta = append(meta, v.p.T(i18n.Unread))
		}
		if l.Quiz != nil {
			meta = append(meta, v.p.T(i18n.QuizCount, len(l.Quiz.Questions)))
		}
		b.WriteString(s.Dim.Render(wrap(strings.Join(meta, " · "))) + "\n\n")
		if len(l.Objectives) > 0 {
			b.WriteString(s.DayHeader.Render(v.p.T(i18n.Objectives)) + "\n")
			for _, o := range l.Objectives {
				b.WriteString(xansi.Wrap("• "+o, width, "") + "\n")
			}
		}
		b.WriteString("\n" + s.Dim.Render(v.p.T(i18n.OpenHint)))
	case rowLab:
		lab := r.dayCfg.Lab
		start, end := v.timetable.Span(v.at, class.Lab)
		b.WriteString(s.PaneTitle.Render(wrap(lab.Title)) + "\n")
		b.WriteString(s.Dim.Render(wrap(fmt.Sprintf("%s · %s · %s–%s · %s", dayLabel(v.p, r.day), v.p.T(i18n.BlockLab), start.Format("15:04"), end.Format("15:04"), v.p.T(i18n.Minutes, lab.Minutes)))) + "\n\n")
		b.WriteString(s.DayHeader.Render(v.p.T(i18n.LabTasks)) + "\n")
		for i, t := range lab.Tasks {
			b.WriteString(xansi.Wrap(fmt.Sprintf("%d. %s", i+1, t), width, "") + "\n")
		}
		if len(r.dayCfg.Points) > 0 {
			b.WriteString("\n" + s.DayHeader.Render(v.p.T(i18n.Points)) + "\n")
			for _, pt := range r.dayCfg.Points {
				b.WriteString(xansi.Wrap("• "+pt, width, "") + "\n")
			}
		}
		b.WriteString("\n" + s.Dim.Render(wrap(v.p.T(i18n.LabID, lab.ID))) + "\n")
		b.WriteString(s.Dim.Render(wrap(v.p.T(i18n.LabOpenHint))))
	}
	return b.String()
}

func dayLabel(p i18n.Printer, day int) string {
	return p.T(i18n.DayLabel, day, p.T(i18n.Weekday(day)))
}
