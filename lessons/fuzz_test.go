package lessons

import (
	"strings"
	"testing"
)

// FuzzParseLesson feeds the front-matter parser arbitrary files: it must
// never panic, and every error must name the file it was reading.
func FuzzParseLesson(f *testing.F) {
	f.Add([]byte("---\nid: d1-s1\nday: 1\nslot: s1\ntitle: SQS\nminutes: 40\nobjectives: [a, b]\n---\n## A\ntext\n"))
	f.Add([]byte("---\nid: x\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("\ufeff---\r\nid: a\r\n---\r\n"))
	f.Add([]byte("---\nid: [\n---\n"))
	f.Add([]byte("# no front matter\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseLesson("fuzz.md", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.md: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if l.ID == "" || l.Title == "" || l.Minutes <= 0 {
			t.Fatalf("accepted an invalid lesson: %+v", l)
		}
		_ = l.Headings()
		_ = Sections(l.Body)
	})
}

// FuzzParseQuiz: no panic, errors name the file, and an accepted quiz can
// be graded without going out of range.
func FuzzParseQuiz(f *testing.F) {
	f.Add([]byte("lesson: a\nquestions:\n  - {id: q1, kind: choice, prompt: p, choices: [x, y], answer: 1, explanation: e}\n"))
	f.Add([]byte("lesson: a\nquestions:\n  - {id: q1, kind: short, prompt: p, accept: [DLQ], explanation: e}\n"))
	f.Add([]byte("lesson: a\nquestions:\n  - {id: q1, kind: choice, prompt: p, choices: [x], answer: -1, explanation: e}\n"))
	f.Add([]byte("questions: 3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		q, err := ParseQuiz("fuzz.quiz.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.quiz.yaml: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, qu := range q.Questions {
			if qu.Kind == KindChoice {
				_ = qu.Choices[qu.Answer]
			}
			_ = qu.Correct("0")
			_ = qu.Correct("dlq")
		}
	})
}
