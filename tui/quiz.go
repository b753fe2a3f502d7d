package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/i18n"
	"awstutor/lessons"
)

// passPercent is the share of correct answers that passes a quiz.
const passPercent = 80

// quizPassed reports whether score out of total passes.
func quizPassed(score, total int) bool { return total > 0 && score*100 >= total*passPercent }

type quizPhase int

const (
	quizAsking   quizPhase = iota // waiting for an answer
	quizFeedback                  // showing right or wrong and the explanation
	quizDone                      // showing the score
)

// quizModel asks a lesson's questions one at a time with immediate
// feedback, then shows the score.
type quizModel struct {
	lesson  lessons.Lesson
	idx     int
	choice  int
	input   textinput.Model
	answers map[string]string
	score   int
	phase   quizPhase
	right   bool
}

func newQuiz(l lessons.Lesson) quizModel {
	in := textinput.New()
	in.CharLimit = 80
	q := quizModel{lesson: l, input: in, answers: map[string]string{}}
	q.input.Focus()
	return q
}

func (q quizModel) question() lessons.Question { return q.lesson.Quiz.Questions[q.idx] }
func (q quizModel) total() int                 { return len(q.lesson.Quiz.Questions) }

// typing reports whether keys go to the answer box, so q and ? are letters
// there, not quit and help.
func (q quizModel) typing() bool {
	return q.phase == quizAsking && q.question().Kind == lessons.KindShort
}

type quizAction int

const (
	quizNone quizAction = iota
	quizBack
	quizFinished
)

func (q quizModel) update(msg tea.KeyPressMsg, keys keyMap) (quizModel, quizAction, tea.Cmd) {
	switch q.phase {
	case quizAsking:
		if key.Matches(msg, keys.Back) {
			return q, quizBack, nil
		}
		qu := q.question()
		if qu.Kind == lessons.KindShort {
			if msg.Code == tea.KeyEnter {
				if strings.TrimSpace(q.input.Value()) == "" {
					return q, quizNone, nil
				}
				return q.answer(q.input.Value()), quizNone, nil
			}
			var cmd tea.Cmd
			q.input, cmd = q.input.Update(msg)
			return q, quizNone, cmd
		}
		switch {
		case key.Matches(msg, keys.Up):
			q.choice = max(0, q.choice-1)
		case key.Matches(msg, keys.Down):
			q.choice = min(len(qu.Choices)-1, q.choice+1)
		case key.Matches(msg, keys.Open):
			return q.answer(strconv.Itoa(q.choice)), quizNone, nil
		default:
			if n, err := strconv.Atoi(msg.Text); err == nil && n >= 1 && n <= len(qu.Choices) {
				q.choice = n - 1
				return q.answer(strconv.Itoa(n - 1)), quizNone, nil
			}
		}
	case quizFeedback:
		switch {
		case key.Matches(msg, keys.Back):
			return q, quizBack, nil
		case key.Matches(msg, keys.Open), key.Matches(msg, keys.Next), msg.String() == "space":
			if q.idx+1 < q.total() {
				q.idx++
				q.choice = 0
				q.input.Reset()
				q.phase = quizAsking
				return q, quizNone, nil
			}
			q.phase = quizDone
			return q, quizFinished, nil
		}
	case quizDone:
		switch {
		case key.Matches(msg, keys.Retry):
			return newQuiz(q.lesson), quizNone, nil
		case key.Matches(msg, keys.Back), key.Matches(msg, keys.Open):
			return q, quizBack, nil
		}
	}
	return q, quizNone, nil
}

func (q quizModel) answer(a string) quizModel {
	qu := q.question()
	q.answers[qu.ID] = a
	q.right = qu.Correct(a)
	if q.right {
		q.score++
	}
	q.phase = quizFeedback
	return q
}

func (q quizModel) view(width, height int, s Styles, p i18n.Printer) string {
	w := min(width-2, 96)
	wrap := func(t string) string { return xansi.Wrap(t, w, "") }
	var b strings.Builder
	b.WriteString(s.PaneTitle.Render(p.T(i18n.QuizTitle, q.lesson.Title)) + "\n\n")
	if q.phase == quizDone {
		b.WriteString(s.DayHeader.Render(p.T(i18n.QuizScore, q.score, q.total())) + "\n\n")
		if quizPassed(q.score, q.total()) {
			b.WriteString(s.Done.Render(wrap(p.T(i18n.QuizPassed))) + "\n")
		} else {
			need := (q.total()*passPercent + 99) / 100
			b.WriteString(s.StatusErr.Render(wrap(p.T(i18n.QuizFailed, need))) + "\n")
		}
		return b.String()
	}
	qu := q.question()
	b.WriteString(s.Dim.Render(p.T(i18n.QuizProgress, q.idx+1, q.total(), q.score)) + "\n\n")
	b.WriteString(wrap(qu.Prompt) + "\n\n")
	if qu.Kind == lessons.KindChoice {
		for i, c := range qu.Choices {
			line := wrap(fmt.Sprintf("%d. %s", i+1, c))
			switch {
			case q.phase == quizFeedback && i == qu.Answer:
				line = s.Done.Render("✓ " + line)
			case q.phase == quizFeedback && strconv.Itoa(i) == q.answers[qu.ID]:
				line = s.StatusErr.Render("✗ " + line)
			case q.phase == quizAsking && i == q.choice:
				line = s.Selected.Render("> " + line)
			default:
				line = "  " + line
			}
			b.WriteString(line + "\n")
		}
	} else if q.phase == quizAsking {
		b.WriteString(q.input.View() + "\n")
	} else {
		b.WriteString(s.Dim.Render(p.T(i18n.QuizYourAnswer, q.answers[qu.ID])) + "\n")
	}
	if q.phase == quizFeedback {
		b.WriteString("\n")
		if q.right {
			b.WriteString(s.Done.Render(wrap(p.T(i18n.QuizRight))) + "\n")
		} else {
			b.WriteString(s.StatusErr.Render(wrap(p.T(i18n.QuizWrong, correctAnswer(qu)))) + "\n")
		}
		b.WriteString(wrap(qu.Explanation) + "\n")
	}
	return b.String()
}

func correctAnswer(qu lessons.Question) string {
	if qu.Kind == lessons.KindChoice {
		return fmt.Sprintf("%d. %s", qu.Answer+1, qu.Choices[qu.Answer])
	}
	return qu.Accept[0]
}

func (q quizModel) footer(s Styles, keys keyMap) string {
	switch q.phase {
	case quizAsking:
		if q.question().Kind == lessons.KindShort {
			return shortHelp([]key.Binding{keys.Open, keys.Back}, s)
		}
		return shortHelp([]key.Binding{keys.Up, keys.Down, keys.Open, keys.Back}, s)
	case quizFeedback:
		return shortHelp([]key.Binding{keys.Open, keys.Back}, s)
	}
	return shortHelp([]key.Binding{keys.Retry, keys.Back}, s)
}
