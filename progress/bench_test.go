package progress

import (
	"fmt"
	"testing"
	"time"
)

// courseState is a full course's worth of progress: 50 lessons, 15
// quizzes of 5 questions, 100 check results, five lab runs.
func courseState() State {
	st := NewState()
	for i := range 50 {
		st.Lessons[fmt.Sprintf("day%d-s%02d", i/10+1, i)] = LessonRecord{OpenedAt: fixedNow, ReadAt: fixedNow.Add(time.Hour)}
	}
	for i := range 15 {
		answers := map[string]string{}
		for q := range 5 {
			answers[fmt.Sprintf("q%d", q)] = "b"
		}
		st.Quizzes[fmt.Sprintf("day%d-s%02d", i/3+1, i)] = QuizRecord{Answers: answers, Score: 4, Total: 5, Attempts: 2, PassedAt: fixedNow, UpdatedAt: fixedNow}
	}
	for i := range 100 {
		lab := fmt.Sprintf("day%d-lab", i/20+1)
		st.Checks[CheckKey("sandbox", lab, fmt.Sprintf("check-%02d", i))] = CheckResult{Status: "pass", Message: "리소스가 있습니다", At: fixedNow}
	}
	for d := 1; d <= 5; d++ {
		lab := fmt.Sprintf("day%d-lab", d)
		st.Labs[LabKey("sandbox", lab)] = LabRun{Target: "sandbox", Lab: lab, Workspace: "/state/workspaces/sandbox/" + lab, LastOp: "apply", Result: "ok", AppliedAt: fixedNow, UpdatedAt: fixedNow, Resources: 12}
	}
	return st
}

func BenchmarkUpdate(b *testing.B) {
	s := newStore(b)
	if _, err := s.Update(b.Context(), func(st *State) error { *st = courseState(); return nil }); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := increment(b.Context(), s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	s := newStore(b)
	if _, err := s.Update(b.Context(), func(st *State) error { *st = courseState(); return nil }); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Load(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}
