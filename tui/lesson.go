package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/i18n"
	"awstutor/lessons"
	"awstutor/progress"
)

// lessonModel is the lesson reader: a rendered lesson in a scrolling
// viewport, with a table of contents.
type lessonModel struct {
	lesson  lessons.Lesson
	vp      viewport.Model
	want    renderKey // the rendering the screen is waiting for or showing
	shown   renderKey // the rendering in the viewport; zero while none
	page    page
	toc     tocModel
	showTOC bool
	// pendingRatio restores the reading position after a reflow.
	pendingRatio float64
	// pendingHeading is a heading chosen in the contents before the whole
	// page, which prints it, arrived; -1 when none.
	pendingHeading int
}

func newLessonModel(l lessons.Lesson) lessonModel {
	return lessonModel{lesson: l, vp: viewport.New(), pendingRatio: -1, pendingHeading: -1}
}

// wrapWidth is the width lessons are rendered at: the terminal's width,
// capped so long lines stay readable on wide terminals.
func wrapWidth(width int) int { return min(max(width, 20), 120) }

// setSize sizes the viewport and returns the rendering the screen needs now.
func (m *lessonModel) setSize(width, height int, theme string) renderKey {
	m.vp.SetWidth(width)
	m.vp.SetHeight(max(1, height))
	k := renderKey{id: m.lesson.ID, width: wrapWidth(width), theme: theme}
	if k != m.want && m.shown != (renderKey{}) {
		m.pendingRatio = m.vp.ScrollPercent()
	}
	m.want = k
	return k
}

// show puts a rendered page in the viewport if it is the one wanted.
func (m *lessonModel) show(k renderKey, p page) {
	if k != m.want || (p.partial && m.shown == k && !m.page.partial) {
		// Another size, or a first screen arriving after the whole page.
		return
	}
	keep := -1
	if m.shown == k && m.page.partial && !p.partial {
		// The whole page replaces its first screen: stay where the
		// learner has scrolled to.
		keep = m.vp.YOffset()
	}
	m.page, m.shown = p, k
	w, h := m.vp.Width(), m.vp.Height()
	m.vp = p.vp
	m.vp.SetWidth(w)
	m.vp.SetHeight(h)
	if m.pendingRatio >= 0 && !p.partial {
		m.vp.SetYOffset(int(m.pendingRatio * float64(max(0, m.vp.TotalLineCount()-m.vp.Height()))))
		m.pendingRatio = -1
	}
	if keep >= 0 {
		m.vp.SetYOffset(keep)
	}
	if m.pendingHeading >= 0 && !p.partial {
		if line := p.lines[m.pendingHeading]; line >= 0 {
			m.vp.SetYOffset(line)
		}
		m.pendingHeading = -1
	}
	old := m.toc
	m.toc = newTOC(p)
	if m.showTOC {
		// The whole page arrived under the open contents: the learner's
		// place in them stays.
		m.toc.keepCursor(old)
	}
}

// lessonAction is what a key in the reader asks the root to do.
type lessonAction int

const (
	lessonNone lessonAction = iota
	lessonBack
	lessonNext
	lessonPrev
	lessonToggleRead
	lessonQuiz
)

func (m lessonModel) update(msg tea.KeyPressMsg, keys keyMap) (lessonModel, lessonAction) {
	if m.showTOC {
		var head int
		var done bool
		m.toc, head, done = m.toc.update(msg, keys)
		if done {
			m.showTOC = false
			switch {
			case head < 0:
			case m.page.lines[head] >= 0:
				m.vp.SetYOffset(m.page.lines[head])
			case m.page.partial:
				m.pendingHeading = head
			}
		}
		return m, lessonNone
	}
	switch {
	case key.Matches(msg, keys.Back):
		return m, lessonBack
	case key.Matches(msg, keys.Next):
		return m, lessonNext
	case key.Matches(msg, keys.Prev):
		return m, lessonPrev
	case key.Matches(msg, keys.MarkRead):
		return m, lessonToggleRead
	case key.Matches(msg, keys.Quiz):
		return m, lessonQuiz
	case key.Matches(msg, keys.TOC):
		m.showTOC = true
	case key.Matches(msg, keys.Up):
		m.vp.ScrollUp(1)
	case key.Matches(msg, keys.Down):
		m.vp.ScrollDown(1)
	case key.Matches(msg, keys.PageUp):
		m.vp.PageUp()
	case key.Matches(msg, keys.PageDown):
		m.vp.PageDown()
	case key.Matches(msg, keys.Top):
		m.vp.GotoTop()
	case key.Matches(msg, keys.Bottom):
		m.vp.GotoBottom()
	}
	return m, lessonNone
}

// header is the reader's first line: where the lesson sits and its title.
func (m lessonModel) header(width int, s Styles, p i18n.Printer, st progress.State) string {
	l := m.lesson
	where := p.T(i18n.WeekPages)
	if l.Day != 0 {
		where = fmt.Sprintf("%s · S%d", dayLabel(p, l.Day), l.Slot.Index()+1)
	}
	read := ""
	if st.IsRead(l.ID) {
		read = "  " + s.Done.Render("✓ "+p.T(i18n.Read))
	}
	left := s.Dim.Render(where+" · ") + s.AppTitle.Render(l.Title)
	return xansi.Truncate(left, width-xansi.StringWidth(read), "…") + read
}

func (m lessonModel) body(width, height int, s Styles, p i18n.Printer) string {
	if m.shown == (renderKey{}) {
		return s.Dim.Render(p.T(i18n.Rendering)) + strings.Repeat("\n", max(0, height-1))
	}
	if m.showTOC {
		return m.toc.view(width, height, s, p)
	}
	return m.vp.View()
}

func (m lessonModel) footer(width int, s Styles, p i18n.Printer, keys keyMap) string {
	pct := fmt.Sprintf("%3.0f%%", m.vp.ScrollPercent()*100)
	if m.showTOC {
		return s.Status.Render(shortHelp([]key.Binding{keys.Up, keys.Down, keys.Open, keys.Back}, s))
	}
	hints := shortHelp([]key.Binding{keys.TOC, keys.Next, keys.Prev, keys.MarkRead, keys.Quiz, keys.Back, keys.Help}, s)
	return xansi.Truncate(s.Dim.Render(pct)+"  "+hints, width, "…")
}
