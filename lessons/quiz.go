package lessons

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// QuestionKind says how a question is answered.
type QuestionKind string

// The kinds of quiz question.
const (
	// KindChoice is answered by picking one of the choices.
	KindChoice QuestionKind = "choice"
	// KindShort is answered by typing a short text.
	KindShort QuestionKind = "short"
)

// Quiz is the set of questions that closes a lesson.
type Quiz struct {
	Lesson    string     `yaml:"lesson"`
	Questions []Question `yaml:"questions"`
	Path      string     `yaml:"-"`
}

// Question is one quiz question with its answer and explanation.
type Question struct {
	ID          string       `yaml:"id"`
	Kind        QuestionKind `yaml:"kind"`
	Prompt      string       `yaml:"prompt"`
	Choices     []string     `yaml:"choices"`
	Answer      int          `yaml:"answer"`
	Accept      []string     `yaml:"accept"`
	Explanation string       `yaml:"explanation"`
}

// ParseQuiz reads a quiz file; path names the file in errors.
func ParseQuiz(path string, data []byte) (*Quiz, error) {
	var q Quiz
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&q); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	q.Path = path
	if err := q.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &q, nil
}

func (q *Quiz) validate() error {
	if q.Lesson == "" {
		return fmt.Errorf("lesson: missing")
	}
	if len(q.Questions) == 0 {
		return fmt.Errorf("questions: none")
	}
	seen := map[string]bool{}
	for i, qu := range q.Questions {
		where := fmt.Sprintf("questions[%d]", i)
		switch {
		case qu.ID == "":
			return fmt.Errorf("%s.id: missing", where)
		case seen[qu.ID]:
			return fmt.Errorf("%s.id: %q is used twice", where, qu.ID)
		case strings.TrimSpace(qu.Prompt) == "":
			return fmt.Errorf("%s.prompt: missing", where)
		case strings.TrimSpace(qu.Explanation) == "":
			return fmt.Errorf("%s.explanation: missing", where)
		}
		seen[qu.ID] = true
		switch qu.Kind {
		case KindChoice:
			if len(qu.Choices) < 2 {
				return fmt.Errorf("%s.choices: a choice question needs at least two", where)
			}
			if qu.Answer < 0 || qu.Answer >= len(qu.Choices) {
				return fmt.Errorf("%s.answer: %d is not an index into the %d choices", where, qu.Answer, len(qu.Choices))
			}
		case KindShort:
			if len(qu.Accept) == 0 {
				return fmt.Errorf("%s.accept: a short question needs at least one accepted answer", where)
			}
		default:
			return fmt.Errorf("%s.kind: %q is not choice or short", where, qu.Kind)
		}
	}
	return nil
}

// Correct reports whether answer answers the question. For a choice
// question the answer is the chosen index in decimal ("0", "1", ...); for a
// short question the text is compared ignoring case, spaces and hyphens, so
// "dead-letter queue" and "Dead Letter Queue" are the same answer.
func (qu Question) Correct(answer string) bool {
	switch qu.Kind {
	case KindChoice:
		return strings.TrimSpace(answer) == fmt.Sprint(qu.Answer)
	case KindShort:
		got := normalize(answer)
		if got == "" {
			return false
		}
		for _, a := range qu.Accept {
			if normalize(a) == got {
				return true
			}
		}
	}
	return false
}

func normalize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsSpace(r) || r == '-' || r == '_' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
