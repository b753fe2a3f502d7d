package lessons

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Course is the week's outline from course.yaml: its days and their labs.
type Course struct {
	Week  int         `yaml:"week"`
	Title string      `yaml:"title"`
	Days  []DayConfig `yaml:"days"`
}

// DayConfig is one teaching day as course.yaml describes it.
type DayConfig struct {
	Day     int      `yaml:"day"`
	Weekday string   `yaml:"weekday"`
	Title   string   `yaml:"title"`
	Lab     LabRef   `yaml:"lab"`
	Points  []string `yaml:"points"`
}

// LabRef names a day's lab; its content lives in the labs package.
type LabRef struct {
	ID      string   `yaml:"id"`
	Title   string   `yaml:"title"`
	Minutes int      `yaml:"minutes"`
	Tasks   []string `yaml:"tasks"`
}

func parseCourse(path string, data []byte) (Course, error) {
	var c Course
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return Course{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(c.Days) != 5 {
		return Course{}, fmt.Errorf("%s: days: the week has 5 days, found %d", path, len(c.Days))
	}
	for i, d := range c.Days {
		where := fmt.Sprintf("%s: days[%d]", path, i)
		switch {
		case d.Day != i+1:
			return Course{}, fmt.Errorf("%s.day: want %d, found %d", where, i+1, d.Day)
		case d.Title == "":
			return Course{}, fmt.Errorf("%s.title: missing", where)
		case d.Lab.ID == "" || !idPattern.MatchString(d.Lab.ID):
			return Course{}, fmt.Errorf("%s.lab.id: missing or not lower case letters, digits and dashes", where)
		case d.Lab.Title == "":
			return Course{}, fmt.Errorf("%s.lab.title: missing", where)
		case d.Lab.Minutes <= 0:
			return Course{}, fmt.Errorf("%s.lab.minutes: must be positive", where)
		}
	}
	return c, nil
}
