package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// TestFlow drives the classroom as a learner does: open a lesson, scroll,
// jump by the table of contents, go to the next lesson, back home, quit.
func TestFlow(t *testing.T) {
	cfg := testConfig(t, "ko", monday0945)
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	waitFor := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	waitFor("◀ 지금")

	// The cursor is on the block on now, Day 1 Session 2 (SNS).
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Pub/Sub")

	tm.Send(tea.KeyPressMsg{Code: tea.KeyPgDown})
	tm.Send(tea.KeyPressMsg{Code: 'j', Text: "j"})

	// The table of contents lists the lesson's headings; jump to the third
	// top-level entry.
	tm.Send(tea.KeyPressMsg{Code: 't', Text: "t"})
	waitFor("목차")
	tm.Send(tea.KeyPressMsg{Code: 'G', Text: "G"})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("더 읽을거리")

	tm.Send(tea.KeyPressMsg{Code: 'n', Text: "n"})
	waitFor("Terraform")

	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitFor("enter 로 레슨을 엽니다")

	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))

	final := tm.FinalModel(t).(Model)
	if final.screen != screenHome {
		t.Errorf("after Esc the screen is %d, want home", final.screen)
	}
	if got := final.lesson.lesson.ID; got != "d1-s3" {
		t.Errorf("n from d1-s2 opened %s, want d1-s3", got)
	}
	if r := final.home.selected(); r.lesson.ID != "d1-s3" {
		t.Errorf("back home the cursor is on %q, want the lesson just read", r.lesson.ID)
	}
	st, err := cfg.Store.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"d1-s2", "d1-s3"} {
		if st.Lessons[id].OpenedAt.IsZero() {
			t.Errorf("opening %s was not recorded", id)
		}
	}
	if !strings.Contains(final.View().Content, "SNS") {
		t.Error("the final home screen does not list the course")
	}
}
