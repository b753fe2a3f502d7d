package lessons

import (
	"strings"
	"testing"
	"testing/fstest"
)

const course = `week: 2
title: t
days:
  - {day: 1, title: a, lab: {id: day1-x, title: l, minutes: 60}}
  - {day: 2, title: b, lab: {id: day2-x, title: l, minutes: 60}}
  - {day: 3, title: c, lab: {id: day3-x, title: l, minutes: 60}}
  - {day: 4, title: d, lab: {id: day4-x, title: l, minutes: 60}}
  - {day: 5, title: e, lab: {id: day5-x, title: l, minutes: 60}}
`

func md(front string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\n" + front + "---\nbody\n")}
}

func TestParseLessonErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, want string
	}{
		{"no front matter", "# hi\n", "must start"},
		{"unclosed", "---\nid: a\n", "no closing"},
		{"missing id", "---\ntitle: x\nday: 1\nslot: s1\nminutes: 40\n---\n", "id: missing"},
		{"bad id", "---\nid: A_b\ntitle: x\nday: 1\nslot: s1\nminutes: 40\n---\n", "id:"},
		{"bad slot", "---\nid: a\ntitle: x\nday: 1\nslot: s4\nminutes: 40\n---\n", "slot:"},
		{"session on day 0", "---\nid: a\ntitle: x\nday: 0\nslot: s1\nminutes: 40\n---\n", "day:"},
		{"extra on a day", "---\nid: a\ntitle: x\nday: 2\nslot: extra\nminutes: 40\n---\n", "day:"},
		{"no minutes", "---\nid: a\ntitle: x\nday: 1\nslot: s1\n---\n", "minutes:"},
		{"unknown field", "---\nid: a\ntitle: x\nday: 1\nslot: s1\nminutes: 4\ncolour: red\n---\n", "colour"},
		{"bad yaml", "---\nid: [a\n---\n", "front matter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseLesson("x.md", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "x.md: ") {
				t.Fatalf("ParseLesson error = %v; want it to start with the file and contain %q", err, tt.want)
			}
		})
	}
}

func TestParseLessonCRLFAndBody(t *testing.T) {
	t.Parallel()
	l, err := ParseLesson("a.md", []byte("---\r\nid: a\r\ntitle: T\r\nday: 1\r\nslot: s2\r\nminutes: 40\r\nobjectives: [x, y]\r\n---\r\n## One\r\ntext\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if l.Slot != SlotS2 || len(l.Objectives) != 2 || !strings.HasPrefix(l.Body, "## One") {
		t.Fatalf("parsed %+v", l)
	}
}

func TestParseHeadings(t *testing.T) {
	t.Parallel()
	body := "# Title\n## A\ntext\n```bash\n## not a heading\n```\n### B `code`\n~~~~\n## no\n~~~~\n####  deep\n##nospace\n## C ##\n"
	got := ParseHeadings(body)
	want := []Heading{{2, "A"}, {3, "B `code`"}, {2, "C"}}
	if len(got) != len(want) {
		t.Fatalf("headings %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("heading %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestQuiz(t *testing.T) {
	t.Parallel()
	good := `lesson: a
questions:
  - {id: q1, kind: choice, prompt: p, choices: [x, y], answer: 1, explanation: e}
  - {id: q2, kind: short, prompt: p, accept: [Dead-Letter Queue, DLQ], explanation: e}
`
	q, err := ParseQuiz("a.quiz.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		q      int
		answer string
		want   bool
	}{
		{0, "1", true}, {0, "0", false}, {0, "", false},
		{1, "dead letter queue", true}, {1, " dlq ", true}, {1, "queue", false}, {1, "", false},
	}
	for _, c := range checks {
		if got := q.Questions[c.q].Correct(c.answer); got != c.want {
			t.Errorf("question %d answer %q: correct=%v, want %v", c.q, c.answer, got, c.want)
		}
	}
	bad := []struct{ name, data, want string }{
		{"no questions", "lesson: a\nquestions: []\n", "questions: none"},
		{"answer out of range", "lesson: a\nquestions:\n  - {id: q, kind: choice, prompt: p, choices: [x, y], answer: 2, explanation: e}\n", "answer: 2"},
		{"short without accept", "lesson: a\nquestions:\n  - {id: q, kind: short, prompt: p, explanation: e}\n", "accept"},
		{"duplicate id", "lesson: a\nquestions:\n  - {id: q, kind: short, prompt: p, accept: [x], explanation: e}\n  - {id: q, kind: short, prompt: p, accept: [x], explanation: e}\n", "used twice"},
		{"no explanation", "lesson: a\nquestions:\n  - {id: q, kind: short, prompt: p, accept: [x]}\n", "explanation"},
		{"bad kind", "lesson: a\nquestions:\n  - {id: q, kind: essay, prompt: p, explanation: e}\n", "kind"},
	}
	for _, b := range bad {
		if _, err := ParseQuiz("a.quiz.yaml", []byte(b.data)); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: error %v, want %q", b.name, err, b.want)
		}
	}
}

func TestLoadOrderAndNavigation(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"course.yaml":     {Data: []byte(course)},
		"cost.md":         md("id: cost\ntitle: c\nday: 0\nslot: extra\norder: 2\nminutes: 10\n"),
		"arch.md":         md("id: arch\ntitle: a\nday: 0\nslot: extra\norder: 1\nminutes: 10\n"),
		"d2-s1.md":        md("id: d2-s1\ntitle: x\nday: 2\nslot: s1\nminutes: 40\n"),
		"d1-s2.md":        md("id: d1-s2\ntitle: x\nday: 1\nslot: s2\nminutes: 40\n"),
		"d1-s1.md":        md("id: d1-s1\ntitle: x\nday: 1\nslot: s1\nminutes: 40\n"),
		"overview.md":     md("id: overview\ntitle: o\nday: 0\nslot: overview\nminutes: 10\n"),
		"README.md":       {Data: []byte("not a lesson")},
		"d1-s1.quiz.yaml": {Data: []byte("lesson: d1-s1\nquestions:\n  - {id: q, kind: short, prompt: p, accept: [x], explanation: e}\n")},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.IDs(), " "); got != "overview d1-s1 d1-s2 d2-s1 arch cost" {
		t.Errorf("order %q", got)
	}
	if l, _ := c.Lesson("d1-s1"); l.Quiz == nil {
		t.Error("quiz not attached to d1-s1")
	}
	if n, ok := c.Next("d1-s2"); !ok || n.ID != "d2-s1" {
		t.Errorf("Next(d1-s2) = %s", n.ID)
	}
	if _, ok := c.Prev("overview"); ok {
		t.Error("Prev(overview) exists")
	}
	if errs := c.Check(); len(errs) != 12 {
		t.Errorf("Check on a partial course gave %d problems, want 12 (missing sessions): %v", len(errs), errs)
	}
}

func TestLoadErrorsNameTheFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"no course", fstest.MapFS{"a.md": md("id: a\n")}, "course.yaml"},
		{"id mismatch", fstest.MapFS{"course.yaml": {Data: []byte(course)}, "a.md": md("id: b\ntitle: x\nday: 1\nslot: s1\nminutes: 4\n")}, "a.md: id"},
		{"orphan quiz", fstest.MapFS{"course.yaml": {Data: []byte(course)}, "a.md": md("id: a\ntitle: x\nday: 1\nslot: s1\nminutes: 4\n"),
			"b.quiz.yaml": {Data: []byte("lesson: b\nquestions:\n  - {id: q, kind: short, prompt: p, accept: [x], explanation: e}\n")}}, "b.quiz.yaml: lesson"},
		{"course with 4 days", fstest.MapFS{"course.yaml": {Data: []byte("week: 2\ndays: []\n")}}, "course.yaml: days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(tt.fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestSections(t *testing.T) {
	t.Parallel()
	md := "# T\n\nintro\n## A\na\n```bash\n## comment\n```\n## B\nb\n"
	got := Sections(md)
	want := []string{"# T\n\nintro\n", "## A\na\n```bash\n## comment\n```\n", "## B\nb\n"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Sections = %q, want %q", got, want)
	}
}
