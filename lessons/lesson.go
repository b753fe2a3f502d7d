// Package lessons owns the course content: the week's outline, the lesson
// pages (Markdown with YAML front matter) and their quizzes. Content is
// embedded in the binary and can be loaded from any fs.FS, so course authors
// preview edits with --lessons-dir. The package is pure: it knows nothing of
// the terminal, AWS or Terraform.
package lessons

import "slices"

// Slot is where a lesson sits in a day or in the week.
type Slot string

// The slots a lesson can occupy. A day has s1, s2 and s3 (its three
// 40-minute sessions) followed by its lab, which lives in the labs package;
// week-level pages are the overview and the extra pages.
const (
	SlotOverview Slot = "overview"
	SlotS1       Slot = "s1"
	SlotS2       Slot = "s2"
	SlotS3       Slot = "s3"
	SlotExtra    Slot = "extra"
)

// SessionSlots are the three session slots of a day, in timetable order.
var SessionSlots = []Slot{SlotS1, SlotS2, SlotS3}

// IsSession reports whether s is one of a day's three sessions.
func (s Slot) IsSession() bool { return slices.Contains(SessionSlots, s) }

func (s Slot) valid() bool {
	return s.IsSession() || s == SlotOverview || s == SlotExtra
}

// rank orders slots inside one day: sessions in timetable order.
func (s Slot) rank() int {
	switch s {
	case SlotOverview:
		return 0
	case SlotS1:
		return 1
	case SlotS2:
		return 2
	case SlotS3:
		return 3
	default:
		return 4
	}
}

// Lesson is one page of the course.
type Lesson struct {
	ID         string   `json:"id" yaml:"id"`
	Day        int      `json:"day" yaml:"day"`
	Slot       Slot     `json:"slot" yaml:"slot"`
	Title      string   `json:"title" yaml:"title"`
	Minutes    int      `json:"minutes" yaml:"minutes"`
	Order      int      `json:"-" yaml:"order"`
	Objectives []string `json:"objectives,omitempty" yaml:"objectives"`

	// Body is the Markdown after the front matter.
	Body string `json:"-" yaml:"-"`
	// Path is the file the lesson was read from, for error messages.
	Path string `json:"-" yaml:"-"`
	// Quiz is the lesson's quiz, nil when it has none.
	Quiz *Quiz `json:"-" yaml:"-"`
}

// Headings returns the lesson's table of contents.
func (l Lesson) Headings() []Heading { return ParseHeadings(l.Body) }

// Index is the position of a session slot in the day (0 for s1), or -1.
func (s Slot) Index() int { return slices.Index(SessionSlots, s) }
