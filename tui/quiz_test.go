package tui

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"awstutor/lessons"
)

// answerKeys returns the key presses that answer a question, rightly or
// wrongly.
func answerKeys(qu lessons.Question, right bool) []tea.KeyPressMsg {
	if qu.Kind == lessons.KindShort {
		text := qu.Accept[0]
		if !right {
			text = "zzz"
		}
		var ks []tea.KeyPressMsg
		for _, r := range text {
			ks = append(ks, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		return append(ks, tea.KeyPressMsg{Code: tea.KeyEnter})
	}
	n := qu.Answer
	if !right {
		n = (qu.Answer + 1) % len(qu.Choices)
	}
	d := strconv.Itoa(n + 1)
	return []tea.KeyPressMsg{{Code: rune(d[0]), Text: d}}
}

func TestQuizFeedbackGolden(t *testing.T) {
	m := start(t, testConfig(t, "ko", monday0945))
	m = run(t, m, press("k")) // up to Day 1 Session 1
	m = run(t, m, press("z"))
	if m.screen != screenQuiz {
		t.Fatal("z on a lesson did not open its quiz")
	}
	for _, k := range answerKeys(m.quiz.question(), false) {
		m = run(t, m, k)
	}
	if m.quiz.phase != quizFeedback || m.quiz.right {
		t.Fatalf("a wrong answer did not give wrong-answer feedback")
	}
	golden.RequireEqual(t, []byte(m.View().Content))
}

func TestChecklistGolden(t *testing.T) {
	m := start(t, testConfig(t, "ko", monday0945))
	m = run(t, m, press("c"))
	if m.screen != screenChecklist {
		t.Fatal("c did not open the checklist")
	}
	golden.RequireEqual(t, []byte(m.View().Content))
}

// TestQuizThenChecklistFlow answers a quiz wrong, retries and answers it
// right, and sees the checklist item the lesson and quiz prove tick.
func TestQuizThenChecklistFlow(t *testing.T) {
	cfg := testConfig(t, "ko", monday0945)
	l, _ := cfg.Catalog.Lesson("d1-s1")
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	waitFor := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	send := func(k tea.KeyPressMsg) { tm.Send(k) }
	waitFor("◀ 지금")
	send(press("k"))     // up to Day 1 Session 1
	send(press("enter")) // open it
	send(press("m"))     // mark read
	send(press("z"))
	waitFor("문제 1/")
	answerAll := func(right bool) {
		for _, qu := range l.Quiz.Questions {
			for _, k := range answerKeys(qu, right) {
				send(k)
			}
			if right {
				waitFor("정답입니다!")
			} else {
				waitFor("아쉽습니다")
			}
			send(press("enter"))
		}
	}
	answerAll(false)
	waitFor("결과: 0/")
	send(press("r"))
	waitFor("문제 1/")
	answerAll(true)
	waitFor("통과했습니다!")
	send(press("esc")) // back to the lesson
	send(press("esc")) // home
	send(press("c"))
	waitFor("1/18 완료")
	send(press("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))

	st, err := cfg.Store.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	q := st.Quizzes["d1-s1"]
	if q.Attempts != 2 || q.Score != len(l.Quiz.Questions) || q.PassedAt.IsZero() {
		t.Errorf("quiz record %+v: want 2 attempts, the last all right, passed", q)
	}
}
