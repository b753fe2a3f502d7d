package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/i18n"
	"awstutor/lessons"
	"awstutor/progress"
)

// Check statuses as the verification engine records them in progress.
const (
	checkPass        = "pass"
	checkFail        = "fail"
	checkNotProvable = "not-provable"
)

// proof is one condition of a checklist item and whether it holds.
type proof struct {
	text string
	done bool
}

// itemStatus evaluates a checklist item against the learner's progress on
// a target: every proof it names must hold.
func itemStatus(it lessons.ChecklistItem, cat *lessons.Catalog, st progress.State, target string, p i18n.Printer) (bool, []proof) {
	var ps []proof
	for _, id := range it.Lessons {
		l, _ := cat.Lesson(id)
		done := st.IsRead(id)
		if l.Quiz != nil {
			done = done && !st.Quizzes[id].PassedAt.IsZero()
		}
		ps = append(ps, proof{p.T(i18n.ProofLesson, id, l.Title), done})
	}
	if it.Lab != "" {
		ps = append(ps, proof{p.T(i18n.ProofLab, it.Lab), labChecksPassed(st, target, it.Lab)})
	}
	if it.Applied {
		applied := false
		for _, run := range st.Labs {
			if run.Target == target && !run.AppliedAt.IsZero() {
				applied = true
			}
		}
		ps = append(ps, proof{p.T(i18n.ProofApplied), applied})
	}
	if it.Manual {
		_, ticked := st.Checklist[it.ID]
		ps = append(ps, proof{p.T(i18n.ProofManual), ticked})
	}
	all := len(ps) > 0
	for _, pr := range ps {
		all = all && pr.done
	}
	return all, ps
}

// labChecksPassed reports whether a lab's checks were run on the target,
// at least one passed and none failed. A check the target cannot prove
// does not hold the item back: the sandbox cannot run a Fargate task.
func labChecksPassed(st progress.State, target, lab string) bool {
	prefix := progress.CheckKey(target, lab, "")
	passed := false
	for k, r := range st.Checks {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		switch r.Status {
		case checkPass:
			passed = true
		case checkNotProvable:
		default:
			return false
		}
	}
	return passed
}

// checklistModel is the Week 2 completion checklist screen.
type checklistModel struct {
	cursor int
	offset int
}

type checklistAction int

const (
	checklistNone checklistAction = iota
	checklistBack
	checklistToggle
	checklistOpen
)

func (c checklistModel) update(msg tea.KeyPressMsg, keys keyMap, n int) (checklistModel, checklistAction) {
	switch {
	case key.Matches(msg, keys.Back):
		return c, checklistBack
	case key.Matches(msg, keys.Up):
		c.cursor = max(0, c.cursor-1)
	case key.Matches(msg, keys.Down):
		c.cursor = min(n-1, c.cursor+1)
	case key.Matches(msg, keys.Toggle):
		return c, checklistToggle
	case key.Matches(msg, keys.Open):
		return c, checklistOpen
	}
	return c, checklistNone
}

func (c *checklistModel) view(width, height int, cat *lessons.Catalog, st progress.State, target string, s Styles, p i18n.Printer) string {
	items := cat.Checklist.Items
	var lines []string
	cursorLine := 0
	done := 0
	var group lessons.ChecklistGroup
	for i, it := range items {
		if it.Group != group {
			group = it.Group
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, s.DayHeader.Render(p.T(i18n.Key("checklist.group."+string(group)))))
		}
		ok, proofs := itemStatus(it, cat, st, target, p)
		box := "[ ]"
		if ok {
			box = s.Done.Render("[✓]")
			done++
		}
		text := it.Text
		if it.Manual {
			text += " " + s.Dim.Render(p.T(i18n.ManualTag))
		}
		row := box + " " + text
		if i == c.cursor {
			cursorLine = len(lines)
			row = s.Selected.Render("> ") + row
		} else {
			row = "  " + row
		}
		lines = append(lines, xansi.Truncate(row, width, "…"))
		if i == c.cursor {
			for _, pr := range proofs {
				mark := "·"
				if pr.done {
					mark = s.Done.Render("✓")
				}
				lines = append(lines, xansi.Truncate(fmt.Sprintf("      %s %s", mark, s.Dim.Render(pr.text)), width, "…"))
			}
		}
	}
	head := []string{s.PaneTitle.Render(p.T(i18n.ChecklistTitle)) + "  " + s.Dim.Render(p.T(i18n.ChecklistCount, done, len(items))), ""}
	room := max(1, height-len(head))
	if cursorLine < c.offset {
		c.offset = cursorLine
	}
	if cursorLine >= c.offset+room-3 {
		c.offset = cursorLine - room + 4
	}
	c.offset = max(0, min(c.offset, len(lines)-room))
	end := min(len(lines), c.offset+room)
	return strings.Join(append(head, lines[c.offset:end]...), "\n")
}
