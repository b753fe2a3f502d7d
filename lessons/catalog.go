package lessons

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed content
var embedded embed.FS

// Embedded returns the lesson content compiled into the binary, rooted so
// that course.yaml is at the top, the same layout as --lessons-dir.
func Embedded() fs.FS {
	sub, err := fs.Sub(embedded, "content")
	if err != nil {
		// fs.Sub fails only for an invalid path; "content" is a constant.
		panic(err)
	}
	return sub
}

// Catalog is the loaded course: the outline and every lesson, in reading
// order (overview, then each day's sessions, then the extra pages).
type Catalog struct {
	Course Course
	// Checklist is the Week 2 completion checklist (checklist.yaml);
	// empty when the content has none.
	Checklist Checklist
	lessons   []Lesson
	byID      map[string]int
}

// Load reads course.yaml, every *.md lesson and every *.quiz.yaml quiz at the
// top of fsys. Errors name the file and the field.
func Load(fsys fs.FS) (*Catalog, error) {
	data, err := fs.ReadFile(fsys, "course.yaml")
	if err != nil {
		return nil, fmt.Errorf("load lessons: %w", err)
	}
	course, err := parseCourse("course.yaml", data)
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("load lessons: %w", err)
	}
	c := &Catalog{Course: course, byID: map[string]int{}}
	quizzes := map[string]*Quiz{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			continue
		}
		switch {
		case strings.HasSuffix(name, ".quiz.yaml"):
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("load lessons: %w", err)
			}
			q, err := ParseQuiz(name, data)
			if err != nil {
				return nil, err
			}
			if want := strings.TrimSuffix(name, ".quiz.yaml"); q.Lesson != want {
				return nil, fmt.Errorf("%s: lesson: %q does not match the file name (want %q)", name, q.Lesson, want)
			}
			quizzes[q.Lesson] = q
		case path.Ext(name) == ".md" && !isDoc(name):
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("load lessons: %w", err)
			}
			l, err := ParseLesson(name, data)
			if err != nil {
				return nil, err
			}
			if want := strings.TrimSuffix(name, ".md"); l.ID != want {
				return nil, fmt.Errorf("%s: id: %q does not match the file name (want %q)", name, l.ID, want)
			}
			c.lessons = append(c.lessons, l)
		}
	}
	for id, q := range quizzes {
		found := false
		for i := range c.lessons {
			if c.lessons[i].ID == id {
				c.lessons[i].Quiz = q
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("%s: lesson: no lesson %q", q.Path, id)
		}
	}
	sort.SliceStable(c.lessons, func(i, j int) bool { return less(c.lessons[i], c.lessons[j]) })
	for i, l := range c.lessons {
		c.byID[l.ID] = i
	}
	if len(c.lessons) == 0 {
		return nil, errors.New("load lessons: no lesson files (*.md) found")
	}
	if data, err := fs.ReadFile(fsys, "checklist.yaml"); err == nil {
		if c.Checklist, err = parseChecklist("checklist.yaml", data, c); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("load lessons: %w", err)
	}
	return c, nil
}

// isDoc reports whether a Markdown file documents the directory rather than
// being a lesson (README.md, FORMAT.md).
func isDoc(name string) bool { return name == "README.md" || name == "FORMAT.md" }

// less orders lessons for reading: the overview, then days 1-5 session by
// session, then the extra pages by their order field.
func less(a, b Lesson) bool {
	ga, gb := group(a), group(b)
	if ga != gb {
		return ga < gb
	}
	if a.Day != b.Day {
		return a.Day < b.Day
	}
	if a.Slot.rank() != b.Slot.rank() {
		return a.Slot.rank() < b.Slot.rank()
	}
	if a.Order != b.Order {
		return a.Order < b.Order
	}
	return a.ID < b.ID
}

func group(l Lesson) int {
	switch {
	case l.Slot == SlotOverview:
		return 0
	case l.Slot.IsSession():
		return 1
	default:
		return 2
	}
}

// Lessons returns every lesson in reading order. The slice is a copy.
func (c *Catalog) Lessons() []Lesson { return append([]Lesson(nil), c.lessons...) }

// IDs returns every lesson id in reading order.
func (c *Catalog) IDs() []string {
	ids := make([]string, len(c.lessons))
	for i, l := range c.lessons {
		ids[i] = l.ID
	}
	return ids
}

// Lesson returns the lesson with the given id.
func (c *Catalog) Lesson(id string) (Lesson, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Lesson{}, false
	}
	return c.lessons[i], true
}

// Next returns the lesson after id in reading order.
func (c *Catalog) Next(id string) (Lesson, bool) { return c.step(id, 1) }

// Prev returns the lesson before id in reading order.
func (c *Catalog) Prev(id string) (Lesson, bool) { return c.step(id, -1) }

func (c *Catalog) step(id string, d int) (Lesson, bool) {
	i, ok := c.byID[id]
	if !ok || i+d < 0 || i+d >= len(c.lessons) {
		return Lesson{}, false
	}
	return c.lessons[i+d], true
}

// Session returns the lesson for a day's session slot.
func (c *Catalog) Session(day int, slot Slot) (Lesson, bool) {
	for _, l := range c.lessons {
		if l.Day == day && l.Slot == slot {
			return l, true
		}
	}
	return Lesson{}, false
}

// Day returns course.yaml's description of day n (1-5).
func (c *Catalog) Day(n int) (DayConfig, bool) {
	for _, d := range c.Course.Days {
		if d.Day == n {
			return d, true
		}
	}
	return DayConfig{}, false
}

// WeekPages returns the lessons that belong to the week rather than a day:
// the overview first, then the extra pages.
func (c *Catalog) WeekPages() []Lesson {
	var out []Lesson
	for _, l := range c.lessons {
		if l.Day == 0 {
			out = append(out, l)
		}
	}
	return out
}

// Check reports what keeps the catalog from being a complete course: a day
// without one of its three sessions, two lessons in one slot, a missing
// overview. Load accepts a partial catalog so that an author can preview one
// lesson; the tests and doctor hold the embedded course to Check.
func (c *Catalog) Check() []error {
	var errs []error
	if _, ok := c.Lesson("overview"); !ok {
		errs = append(errs, errors.New("overview: missing"))
	}
	for day := 1; day <= 5; day++ {
		for _, s := range SessionSlots {
			n := 0
			for _, l := range c.lessons {
				if l.Day == day && l.Slot == s {
					n++
				}
			}
			if n != 1 {
				errs = append(errs, fmt.Errorf("day %d %s: want one lesson, found %d", day, s, n))
			}
		}
	}
	return errs
}
