package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"awstutor/lessons"
)

func longestLesson(b *testing.B) lessons.Lesson {
	var longest lessons.Lesson
	for _, l := range testCatalog(b).Lessons() {
		if len(l.Body) > len(longest.Body) {
			longest = l
		}
	}
	return longest
}

// BenchmarkRenderLongestLesson is the first render of a lesson: what a
// learner waits for when opening a lesson not seen at this width.
func BenchmarkRenderLongestLesson(b *testing.B) {
	l := longestLesson(b)
	style := NewStyles(true, false).Glamour
	b.ReportMetric(float64(len(l.Body)), "bytes")
	for b.Loop() {
		if _, err := renderPage(l, 100, style); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstScreenLongestLesson is what a learner waits for before
// reading: the head of the longest lesson, shown while the rest renders.
func BenchmarkFirstScreenLongestLesson(b *testing.B) {
	l := longestLesson(b)
	style := NewStyles(true, false).Glamour
	for b.Loop() {
		if _, err := renderFirstScreen(l, 100, style); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHomeView is building the home screen, which happens on every
// key press on it.
func BenchmarkHomeView(b *testing.B) {
	m := start(b, testConfig(b, "ko", monday0945))
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkReopenRenderedLesson is going back to a lesson already rendered
// at this width: open it from home and draw the screen.
func BenchmarkReopenRenderedLesson(b *testing.B) {
	m := start(b, testConfig(b, "ko", monday0945))
	m = run(b, m, press("enter"))
	m = run(b, m, press("esc"))
	m.cfg.Store = nil // measure the screen, not the disk write that records the visit
	for b.Loop() {
		nm, _ := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
		mm := nm.(Model)
		if mm.lesson.shown == (renderKey{}) {
			b.Fatal("the lesson was not served from the cache")
		}
		_ = mm.View()
	}
}
