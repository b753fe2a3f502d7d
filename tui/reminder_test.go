package tui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/shopspring/decimal"

	"awstutor/class"
	"awstutor/labs"
	"awstutor/tfrun"
)

// downRecorder is a lab runner that only destroys, and remembers what.
type downRecorder struct {
	mu   sync.Mutex
	down []string
}

func (d *downRecorder) Down(_ context.Context, lab string, _ chan<- tfrun.Event) (*labs.UpResult, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.down = append(d.down, lab)
	return &labs.UpResult{}, nil
}

var errOnlyDown = errors.New("this test runner only destroys")

func (d *downRecorder) Status(context.Context, string) (labs.Status, error) {
	return labs.Status{}, errOnlyDown
}
func (d *downRecorder) Prepare(context.Context, string) (labs.Workspace, error) {
	return labs.Workspace{}, errOnlyDown
}
func (d *downRecorder) Plan(context.Context, string, chan<- tfrun.Event) (*tfrun.Plan, error) {
	return nil, errOnlyDown
}
func (d *downRecorder) PlanDestroy(context.Context, string, chan<- tfrun.Event) (*tfrun.Plan, error) {
	return nil, errOnlyDown
}
func (d *downRecorder) ApplyPlan(context.Context, string, *tfrun.Plan, chan<- tfrun.Event) (*tfrun.ApplyResult, error) {
	return nil, errOnlyDown
}

// liveConfig is a classroom at a given moment with the Day 4 lab deployed
// in the sandbox since 11:10 that day.
func liveConfig(t *testing.T, at time.Time) (Config, *downRecorder) {
	t.Helper()
	cfg := testConfig(t, "ko", at)
	since := time.Date(at.Year(), at.Month(), at.Day(), 11, 10, 0, 0, at.Location())
	morning := time.Date(at.Year(), at.Month(), at.Day()+1, 9, 0, 0, 0, at.Location())
	hourly := decimal.RequireFromString("0.0710")
	cfg.Live = func(context.Context) (Live, error) {
		return Live{
			Labs:         []LiveLab{{Target: "sandbox", Lab: "day4-alb-autoscaling", Resources: 26, Hourly: hourly, Since: since}},
			Hourly:       hourly,
			Accrued:      hourly.Mul(decimal.NewFromFloat(at.Sub(since).Hours())),
			UntilMorning: hourly.Mul(decimal.NewFromFloat(morning.Sub(at).Hours())),
			MorningAt:    morning,
			// AWS bills calendar months in UTC: in Seoul the month ends at
			// 09:00 on the 1st.
			MonthEndAt:    time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).In(at.Location()),
			UntilMonthEnd: hourly.Mul(decimal.NewFromFloat(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).Sub(at).Hours())),
			ClassEndAt:    time.Date(at.Year(), at.Month(), at.Day(), 12, 0, 0, 0, at.Location()),
			UntilClassEnd: hourly.Mul(decimal.NewFromFloat(time.Date(at.Year(), at.Month(), at.Day(), 12, 0, 0, 0, at.Location()).Sub(at).Hours())),
		}, nil
	}
	rec := &downRecorder{}
	cfg.LabRunner = func(context.Context, string) (LabRunner, string, error) { return rec, "", nil }
	return cfg, rec
}

func TestReminderAt1150Golden(t *testing.T) {
	cfg, _ := liveConfig(t, time.Date(2026, 11, 23, 11, 50, 0, 0, kst))
	m := start(t, cfg)
	if m.dialog == nil || m.dialog.rem.Kind != class.LabEndingSoon {
		t.Fatalf("at 11:50 with resources deployed the lab-ending reminder is not shown")
	}
	golden.RequireEqual(t, []byte(m.View().Content))
}

func TestReminderAt1200Golden(t *testing.T) {
	cfg, _ := liveConfig(t, time.Date(2026, 11, 24, 12, 0, 0, 0, kst))
	m := start(t, cfg)
	if m.dialog == nil || m.dialog.rem.Kind != class.ClassOver {
		t.Fatalf("at 12:00 with resources deployed 'class is over' is not shown")
	}
	golden.RequireEqual(t, []byte(m.View().Content))
}

// TestKeepAsksWhyAndRemembers: keeping the resources asks for a reason,
// records it in progress, and the reminder does not come back today.
func TestKeepAsksWhyAndRemembers(t *testing.T) {
	at := time.Date(2026, 11, 25, 12, 5, 0, 0, kst)
	cfg, _ := liveConfig(t, at)
	m := start(t, cfg)
	m = run(t, m, press("k"))
	if m.dialog == nil || !m.dialog.keeping {
		t.Fatal("k did not ask why")
	}
	m = run(t, m, tea.KeyPressMsg{Code: tea.KeyEnter})
	if m.dialog == nil {
		t.Fatal("an empty reason was accepted")
	}
	for _, r := range "팀 데모" {
		m = run(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	m = run(t, m, tea.KeyPressMsg{Code: tea.KeyEnter})
	if m.dialog != nil {
		t.Fatal("the dialog stayed open after a reason")
	}
	st, err := cfg.Store.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Reminders.KeptReason != "팀 데모" {
		t.Errorf("kept reason saved as %q", st.Reminders.KeptReason)
	}
	m = run(t, m, liveMsg{live: m.live})
	if m.dialog != nil {
		t.Error("the reminder came back the same day after keep")
	}
}

func TestSnoozeSilencesTenMinutes(t *testing.T) {
	at := time.Date(2026, 11, 26, 12, 0, 0, 0, kst)
	cfg, _ := liveConfig(t, at)
	m := start(t, cfg)
	m = run(t, m, press("s"))
	st, _ := cfg.Store.Load(context.Background())
	if got := st.Reminders.SnoozedUntil.Sub(at); got != 10*time.Minute {
		t.Errorf("snoozed for %s, want 10m", got)
	}
	m = run(t, m, liveMsg{live: m.live})
	if m.dialog != nil {
		t.Error("the reminder is back within the snooze")
	}
}

// TestQuitWithResourcesGolden: q with resources deployed asks first, with
// destroy-and-quit as the default; choosing it destroys every lab of this
// target before the program ends.
func TestQuitWithResourcesGolden(t *testing.T) {
	cfg, rec := liveConfig(t, time.Date(2026, 11, 27, 11, 20, 0, 0, kst))
	m := start(t, cfg)
	if m.dialog != nil {
		t.Fatalf("a reminder is shown at 11:20: %s", m.dialog.rem.Kind)
	}
	nm, cmd := m.Update(press("q"))
	m = nm.(Model)
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("q quit with resources deployed without asking")
		}
	}
	if m.dialog == nil || m.dialog.rem.Kind != class.QuitWithResources {
		t.Fatal("q did not ask about the deployed resources")
	}
	out := m.View().Content
	if !strings.Contains(out, "day4-alb-autoscaling") || !strings.Contains(out, "09:00") {
		t.Errorf("the quit dialog does not list the lab and the cost until 09:00:\n%s", out)
	}
	t.Run("dialog", func(t *testing.T) { golden.RequireEqual(t, []byte(out)) })

	nm, cmd = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	m = nm.(Model)
	msg := cmd()
	done, ok := msg.(destroyedMsg)
	if !ok || !done.quit || len(rec.down) != 1 || rec.down[0] != "day4-alb-autoscaling" {
		t.Fatalf("enter (destroy and quit) gave %#v, destroyed %v", msg, rec.down)
	}
	_, cmd = m.Update(done)
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Error("the program did not end after destroying")
	}
}

// TestQuitOffersToStopTheSandbox: a session that started the sandbox
// offers, on quit, to stop it; the default stops it, then quits.
func TestQuitOffersToStopTheSandbox(t *testing.T) {
	cfg := testConfig(t, "ko", time.Date(2026, 11, 27, 11, 20, 0, 0, kst))
	stopped := 0
	cfg.StopSandbox = func(context.Context) error { stopped++; return nil }
	m := start(t, cfg)
	m.lab.lab = &labs.Lab{ID: "basic"}
	m = run(t, m, labRunnerMsg{lab: "basic", r: &downRecorder{}, notice: "started the sandbox at http://127.0.0.1:1"})
	nm, _ := m.Update(press("q"))
	m = nm.(Model)
	if m.dialog == nil || m.dialog.rem.Kind != kindStopSandbox {
		t.Fatal("q did not offer to stop the sandbox this session started")
	}
	if !strings.Contains(xansi.Strip(m.View().Content), "멈추고 종료") {
		t.Errorf("the offer does not show its default:\n%s", m.View().Content)
	}
	_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if _, quit := cmd().(tea.QuitMsg); !quit || stopped != 1 {
		t.Errorf("enter: quit=%v, stopped %d times; want stop then quit", quit, stopped)
	}
}

// TestAWSAccountMustBeTyped: on the aws target a lab does not open until
// the learner types the account id that STS reports.
func TestAWSAccountMustBeTyped(t *testing.T) {
	cfg, _ := labConfig(t)
	cfg.Target = "aws"
	confirmed := false
	runner := cfg.LabRunner
	cfg.LabRunner = func(ctx context.Context, lab string) (LabRunner, string, error) {
		if !confirmed {
			return nil, "", &NeedsAccount{Account: "123456789012", ARN: "arn:aws:iam::123456789012:user/learner", Region: "ap-northeast-2"}
		}
		return runner(ctx, lab)
	}
	cfg.ConfirmAccount = func(_ context.Context, typed string) error {
		if typed != "123456789012" {
			return errors.New("the typed id does not match the account")
		}
		confirmed = true
		return nil
	}
	m := openTestLab(t, cfg, "basic")
	if m.account == nil || m.runner != nil {
		t.Fatal("an unconfirmed account did not ask for its id")
	}
	if !strings.Contains(xansi.Strip(m.View().Content), "123456789012") {
		t.Errorf("the question does not show the account:\n%s", m.View().Content)
	}
	typeIn := func(s string) {
		for _, r := range s {
			m = run(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		m = run(t, m, tea.KeyPressMsg{Code: tea.KeyEnter})
	}
	typeIn("999")
	if m.account == nil || m.account.err == "" || confirmed {
		t.Fatal("a wrong id was accepted")
	}
	m.account.input.Reset()
	typeIn("123456789012")
	if m.account != nil || m.runner == nil || !m.lab.known {
		t.Fatalf("after the right id the lab did not open: account %v runner %v", m.account, m.runner)
	}
}

// TestReminderSaysWhereFiguresComeFrom: when the target could not be
// listed, the dialog says the figures come from the state files.
func TestReminderSaysWhereFiguresComeFrom(t *testing.T) {
	cfg, _ := liveConfig(t, time.Date(2026, 11, 24, 12, 0, 0, 0, kst))
	inner := cfg.Live
	cfg.Live = func(ctx context.Context) (Live, error) {
		l, err := inner(ctx)
		l.Note = "샌드박스가 꺼져 있어 작업 공간의 상태 파일로 계산했습니다."
		return l, err
	}
	m := start(t, cfg)
	if m.dialog == nil {
		t.Fatal("no reminder at 12:00")
	}
	if !strings.Contains(m.View().Content, "상태 파일로 계산했습니다") {
		t.Errorf("the dialog does not say where its figures come from:\n%s", m.View().Content)
	}
}

// TestSelfStudy: a learner on their own time sees their progress day, not
// the class clock, opens where they left off even during class hours, and
// gets no 11:50 reminder (class.Schedule tests the long-running ones).
func TestSelfStudy(t *testing.T) {
	cfg, _ := liveConfig(t, time.Date(2026, 11, 23, 11, 50, 0, 0, kst))
	cfg.Schedule = class.Schedule{Timetable: cfg.Timetable, SelfStudy: true}
	m := start(t, cfg)
	if m.dialog != nil {
		t.Errorf("self-study got the class reminder %s", m.dialog.rem.Kind)
	}
	if head := xansi.Strip(m.View().Content); !strings.Contains(head, "자율 학습 · Day 1 진행 중 · 11:50") {
		t.Errorf("the header does not show the progress day:\n%s", strings.SplitN(head, "\n", 2)[0])
	}
	if sel := m.home.selected(); sel.lesson.ID != "d1-s1" {
		t.Errorf("the cursor is on %q, want the first unread session d1-s1 (not the lab on at 11:50)", sel.lesson.ID)
	}
}
