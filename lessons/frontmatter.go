package lessons

import (
	"bytes"
	"fmt"
	"regexp"

	"gopkg.in/yaml.v3"
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ParseLesson reads one lesson file: YAML front matter between two "---"
// lines, then the Markdown body. path names the file in errors.
func ParseLesson(path string, data []byte) (Lesson, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return Lesson{}, fmt.Errorf("%s: front matter: the file must start with a line \"---\"", path)
	}
	rest := data[len("---\n"):]
	end := bytes.Index(rest, []byte("\n---\n"))
	var head, body []byte
	switch {
	case end >= 0:
		head, body = rest[:end+1], rest[end+len("\n---\n"):]
	case bytes.HasSuffix(rest, []byte("\n---")):
		head, body = rest[:len(rest)-len("---")], nil
	default:
		return Lesson{}, fmt.Errorf("%s: front matter: no closing \"---\" line", path)
	}
	var l Lesson
	dec := yaml.NewDecoder(bytes.NewReader(head))
	dec.KnownFields(true)
	if err := dec.Decode(&l); err != nil {
		return Lesson{}, fmt.Errorf("%s: front matter: %w", path, err)
	}
	l.Path = path
	l.Body = string(body)
	if err := l.validate(); err != nil {
		return Lesson{}, fmt.Errorf("%s: %w", path, err)
	}
	return l, nil
}

func (l Lesson) validate() error {
	switch {
	case l.ID == "":
		return fmt.Errorf("id: missing")
	case !idPattern.MatchString(l.ID):
		return fmt.Errorf("id: %q must be lower case letters, digits and dashes", l.ID)
	case l.Title == "":
		return fmt.Errorf("title: missing")
	case l.Day < 0 || l.Day > 5:
		return fmt.Errorf("day: %d is outside 0-5", l.Day)
	case !l.Slot.valid():
		return fmt.Errorf("slot: %q is not one of s1, s2, s3, overview, extra", l.Slot)
	case l.Slot.IsSession() && l.Day == 0:
		return fmt.Errorf("day: a session (slot %s) needs a day from 1 to 5", l.Slot)
	case !l.Slot.IsSession() && l.Day != 0:
		return fmt.Errorf("day: a %s page belongs to the week (day 0), not day %d", l.Slot, l.Day)
	case l.Minutes <= 0:
		return fmt.Errorf("minutes: must be a positive number")
	}
	for i, o := range l.Objectives {
		if o == "" {
			return fmt.Errorf("objectives[%d]: empty", i)
		}
	}
	return nil
}
