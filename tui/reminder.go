package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/class"
	"awstutor/i18n"
	"awstutor/progress"
)

// The classroom's own dialog on quit, beside the class clock's reminders:
// it started the sandbox this session and offers to stop it.
const (
	kindStopSandbox   class.ReminderKind = "stop_sandbox"
	choiceStopSandbox class.Choice       = "stop_sandbox"
)

// dialogModel puts a reminder of the class clock in front of the learner:
// the lab ends soon, class is over, resources run long, or they are
// quitting with resources deployed. The first choice is the default.
type dialogModel struct {
	rem     class.Reminder
	choice  int
	keeping bool // asking why the resources are kept
	input   textinput.Model
}

func newDialog(rem class.Reminder) *dialogModel {
	in := textinput.New()
	in.CharLimit = 120
	return &dialogModel{rem: rem, input: in}
}

// choiceKey is the letter that picks a choice directly.
func choiceKey(c class.Choice) string {
	switch c {
	case class.ChoiceDestroy, class.ChoiceDestroyAndQuit:
		return "d"
	case class.ChoiceKeep:
		return "k"
	case class.ChoiceSnooze:
		return "s"
	case class.ChoiceQuit:
		return "q"
	case choiceStopSandbox:
		return "s"
	case class.ChoiceCancel:
		return "esc"
	}
	return "enter"
}

// update handles a key; it returns the choice made, or "" while the
// dialog stays open, and the reason typed for a keep.
func (d *dialogModel) update(msg tea.KeyPressMsg) (class.Choice, string, tea.Cmd) {
	if d.keeping {
		switch msg.String() {
		case "enter":
			if r := strings.TrimSpace(d.input.Value()); r != "" {
				return class.ChoiceKeep, r, nil
			}
			return "", "", nil
		case "esc":
			d.keeping = false
			d.input.Blur()
			return "", "", nil
		}
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		return "", "", cmd
	}
	switch k := msg.String(); k {
	case "left", "shift+tab", "h":
		d.choice = (d.choice + len(d.rem.Choices) - 1) % len(d.rem.Choices)
	case "right", "tab", "l":
		d.choice = (d.choice + 1) % len(d.rem.Choices)
	case "enter":
		return d.pick(d.rem.Choices[d.choice])
	default:
		for _, c := range d.rem.Choices {
			if choiceKey(c) == k {
				return d.pick(c)
			}
		}
	}
	return "", "", nil
}

func (d *dialogModel) pick(c class.Choice) (class.Choice, string, tea.Cmd) {
	if c == class.ChoiceKeep {
		d.keeping = true
		return "", "", d.input.Focus()
	}
	return c, "", nil
}

func (d *dialogModel) view(width, height int, live Live, s Styles, p i18n.Printer) string {
	w := min(72, width-6)
	wrap := func(t string) string { return xansi.Wrap(t, w, "") }
	var b strings.Builder
	r := d.rem
	b.WriteString(s.PaneTitle.Render(wrap(p.T(i18n.Key("reminder.title."+string(r.Kind)), r.Until.Format("15:04")))) + "\n\n")
	b.WriteString(wrap(p.T(i18n.Key("reminder.body."+string(r.Kind)))) + "\n\n")
	if len(live.Labs) > 0 {
		for _, line := range liveLines(live, p) {
			b.WriteString(xansi.Truncate(line, w, "…") + "\n")
		}
		b.WriteString(s.DayHeader.Render(p.T(i18n.ReminderTotal, rate(live.Hourly, anySandbox(live.Labs), p))) + "\n")
	}
	if r.Kind == class.QuitWithResources || r.Kind == class.ClassOver || r.Kind == class.LongRunning {
		b.WriteString(s.NowMark.Render(wrap(p.T(i18n.ReminderUntilMorning, live.MorningAt.Format("01/02 15:04"), "$"+live.UntilMorning.StringFixed(2)))) + "\n")
		if !live.MonthEndAt.IsZero() {
			b.WriteString(s.Dim.Render(wrap(p.T(i18n.ReminderUntilMonthEnd, live.MonthEndAt.Format("01/02 15:04"), "$"+live.UntilMonthEnd.StringFixed(2)))) + "\n")
		}
	} else if !live.ClassEndAt.IsZero() && len(live.Labs) > 0 {
		b.WriteString(s.Dim.Render(wrap(p.T(i18n.ReminderUntilClassEnd, live.ClassEndAt.Format("15:04"), "$"+live.UntilClassEnd.StringFixed(2)))) + "\n")
	}
	if live.Note != "" {
		// Where the figures come from when the target could not be listed.
		b.WriteString(s.Dim.Render(wrap(live.Note)) + "\n")
	}
	if r.KeptReason != "" {
		b.WriteString(s.Dim.Render(wrap(p.T(i18n.ReminderKept, r.KeptReason))) + "\n")
	}
	b.WriteString("\n")
	if d.keeping {
		b.WriteString(p.T(i18n.ReminderWhy) + "\n" + d.input.View() + "\n")
	} else {
		var cs []string
		for i, c := range r.Choices {
			label := fmt.Sprintf("[%s] %s", choiceKey(c), p.T(i18n.Key("reminder.choice."+string(c))))
			if i == d.choice {
				label = s.Selected.Render(label)
			}
			cs = append(cs, label)
		}
		b.WriteString(wrap(strings.Join(cs, "  ")))
	}
	box := s.Overlay.Render(b.String())
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, box)
}

// onDialogChoice carries out the learner's answer to a reminder.
func (m Model) onDialogChoice(c class.Choice, reason string) (tea.Model, tea.Cmd) {
	kind, now := m.dialog.rem.Kind, m.cfg.Now()
	m.dialog = nil
	record := func(fn func(class.ReminderState) (class.ReminderState, error)) tea.Cmd {
		return m.saveProgress(func(st *progress.State) error {
			next, err := fn(st.Reminders)
			if err != nil {
				return err
			}
			st.Reminders = next
			return nil
		})
	}
	switch c {
	case class.ChoiceDismiss:
		return m, record(func(r class.ReminderState) (class.ReminderState, error) { return r.Dismiss(kind, now), nil })
	case class.ChoiceSnooze:
		return m, record(func(r class.ReminderState) (class.ReminderState, error) {
			return r.Snoozed(now, class.DefaultSnooze), nil
		})
	case class.ChoiceKeep:
		return m, record(func(r class.ReminderState) (class.ReminderState, error) { return r.Keep(now, reason) })
	case class.ChoiceDestroy:
		return m, m.destroyAll(false)
	case class.ChoiceDestroyAndQuit:
		return m, m.destroyAll(true)
	case class.ChoiceQuit:
		return m, tea.Quit
	case choiceStopSandbox:
		stop := m.cfg.StopSandbox
		return m, func() tea.Msg {
			// Quit whatever happens: a sandbox that would not stop is
			// still found and reused (or stopped) by the next command.
			_ = stop(context.Background())
			return tea.QuitMsg{}
		}
	}
	return m, nil
}

// stopSandboxDialog offers, on quit, to stop the sandbox this session
// started; nil when there is nothing to offer.
func (m Model) stopSandboxDialog() *dialogModel {
	if !m.sandboxStarted || m.cfg.StopSandbox == nil {
		return nil
	}
	return newDialog(class.Reminder{Kind: kindStopSandbox, Choices: []class.Choice{choiceStopSandbox, class.ChoiceQuit, class.ChoiceCancel}})
}

// destroyedMsg reports the end of destroying every deployed lab.
type destroyedMsg struct {
	done   []string
	failed []string
	quit   bool
}

// destroyAll destroys, one lab after another, every lab deployed in this
// classroom's target, then reads what is live again; with quit set, the
// program ends afterwards. Labs of the other target are named, with the
// command that destroys them.
func (m *Model) destroyAll(quit bool) tea.Cmd {
	build := m.cfg.LabRunner
	var ids, elsewhere []string
	for _, l := range m.live.Labs {
		if l.Target == m.cfg.Target {
			ids = append(ids, l.Lab)
		} else {
			elsewhere = append(elsewhere, fmt.Sprintf("awstutor --target %s lab down %s", l.Target, l.Lab))
		}
	}
	m.setInfo(m.cfg.Printer.T(i18n.Destroying, strings.Join(ids, ", ")))
	return func() tea.Msg {
		var msg destroyedMsg
		msg.quit = quit
		for _, id := range ids {
			if build == nil {
				msg.failed = append(msg.failed, id+": no lab runner")
				continue
			}
			r, _, err := build(context.Background(), id)
			if err == nil {
				_, err = r.Down(context.Background(), id, nil)
			}
			if err != nil {
				msg.failed = append(msg.failed, fmt.Sprintf("%s: %v", id, err))
				continue
			}
			msg.done = append(msg.done, id)
		}
		msg.failed = append(msg.failed, elsewhere...)
		return msg
	}
}
