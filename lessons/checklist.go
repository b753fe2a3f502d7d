package lessons

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// ChecklistGroup is a section of the Week 2 completion checklist.
type ChecklistGroup string

// The three sections of the curriculum's checklist.
const (
	GroupAWS       ChecklistGroup = "aws"
	GroupTerraform ChecklistGroup = "terraform"
	GroupLab       ChecklistGroup = "lab"
)

// ChecklistItem is one line of the completion checklist with what proves
// it. Every condition given must hold; an item with none is ticked by hand.
type ChecklistItem struct {
	ID    string         `yaml:"id"`
	Group ChecklistGroup `yaml:"group"`
	Text  string         `yaml:"text"`
	// Lessons must be read and their quizzes passed.
	Lessons []string `yaml:"lessons"`
	// Lab's checks must have passed.
	Lab string `yaml:"lab"`
	// Applied asks for any lab applied successfully.
	Applied bool `yaml:"applied"`
	// Manual marks an item nothing can prove.
	Manual bool `yaml:"manual"`
}

// Checklist is the Week 2 completion checklist.
type Checklist struct {
	Items []ChecklistItem `yaml:"items"`
}

func parseChecklist(path string, data []byte, c *Catalog) (Checklist, error) {
	var cl Checklist
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cl); err != nil {
		return Checklist{}, fmt.Errorf("%s: %w", path, err)
	}
	labs := map[string]bool{}
	for _, d := range c.Course.Days {
		labs[d.Lab.ID] = true
	}
	seen := map[string]bool{}
	for i, it := range cl.Items {
		where := fmt.Sprintf("%s: items[%d]", path, i)
		switch {
		case it.ID == "" || !idPattern.MatchString(it.ID):
			return Checklist{}, fmt.Errorf("%s.id: missing or not lower case letters, digits and dashes", where)
		case seen[it.ID]:
			return Checklist{}, fmt.Errorf("%s.id: %q is used twice", where, it.ID)
		case it.Group != GroupAWS && it.Group != GroupTerraform && it.Group != GroupLab:
			return Checklist{}, fmt.Errorf("%s.group: %q is not aws, terraform or lab", where, it.Group)
		case it.Text == "":
			return Checklist{}, fmt.Errorf("%s.text: missing", where)
		case it.Lab != "" && !labs[it.Lab]:
			return Checklist{}, fmt.Errorf("%s.lab: %q is not a lab of course.yaml", where, it.Lab)
		case it.Manual && (len(it.Lessons) > 0 || it.Lab != "" || it.Applied):
			return Checklist{}, fmt.Errorf("%s.manual: a manual item cannot also name a proof", where)
		case !it.Manual && len(it.Lessons) == 0 && it.Lab == "" && !it.Applied:
			return Checklist{}, fmt.Errorf("%s: no proof given; name lessons, a lab, applied, or set manual", where)
		}
		for j, id := range it.Lessons {
			if _, ok := c.Lesson(id); !ok {
				return Checklist{}, fmt.Errorf("%s.lessons[%d]: no lesson %q", where, j, id)
			}
		}
		seen[it.ID] = true
	}
	return cl, nil
}
