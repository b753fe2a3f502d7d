package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/i18n"
)

// NeedsAccount is what Config.LabRunner returns on the aws target when the
// account has not been confirmed yet: the classroom asks the learner to
// type its id, as the real-AWS guard requires.
type NeedsAccount struct {
	Account, ARN, Region string
}

func (e *NeedsAccount) Error() string {
	return fmt.Sprintf("AWS account %s (%s) has not been confirmed for awstutor", e.Account, e.ARN)
}

// accountModel asks for the account id to be typed before any lab runs in
// a real account.
type accountModel struct {
	need  NeedsAccount
	lab   string
	input textinput.Model
	err   string
}

func newAccountModel(need NeedsAccount, lab string) *accountModel {
	in := textinput.New()
	in.CharLimit = 20
	in.Placeholder = strings.Repeat("0", 12)
	a := &accountModel{need: need, lab: lab, input: in}
	a.input.Focus()
	return a
}

type accountConfirmedMsg struct {
	lab string
	err error
}

func (a *accountModel) view(width, height int, s Styles, p i18n.Printer) string {
	w := min(72, width-6)
	var b strings.Builder
	b.WriteString(s.PaneTitle.Render(p.T(i18n.AccountTitle)) + "\n\n")
	b.WriteString(xansi.Wrap(p.T(i18n.AccountBody, a.need.Account, a.need.ARN, a.need.Region), w, "") + "\n\n")
	b.WriteString(a.input.View() + "\n")
	if a.err != "" {
		b.WriteString(s.StatusErr.Render(xansi.Wrap(a.err, w, "")) + "\n")
	}
	b.WriteString("\n" + s.Dim.Render(p.T(i18n.AccountKeys)))
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, s.Overlay.Render(b.String()))
}

// onAccountKey handles typing the account id: enter confirms it (the
// command checks it against STS's answer and saves it), esc gives up.
func (m Model) onAccountKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	a := m.account
	switch msg.String() {
	case "esc":
		m.account = nil
		m.screen = screenHome
		return m, nil
	case "enter":
		typed, lab, confirm := strings.TrimSpace(a.input.Value()), a.lab, m.cfg.ConfirmAccount
		if typed == "" || confirm == nil {
			return m, nil
		}
		return m, func() tea.Msg {
			return accountConfirmedMsg{lab: lab, err: confirm(context.Background(), typed)}
		}
	}
	var cmd tea.Cmd
	a.input, cmd = a.input.Update(msg)
	return m, cmd
}
