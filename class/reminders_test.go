package class

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

var seoul = time.FixedZone("KST", 9*3600)

// day returns a moment in the week of Monday 2026-11-23: weekday 1 is
// Monday, 6 Saturday, 0 the Sunday before.
func day(weekday, h, m int) time.Time {
	return time.Date(2026, 11, 22+weekday, h, m, 0, 0, seoul)
}

func runningSince(since time.Time) Running {
	return Running{Hourly: "$0.05/h", Items: []RunningItem{
		{Target: "aws", Lab: "day3-fargate", Resources: 3, Hourly: "$0.05/h", Since: since},
	}}
}

// kinds returns the kinds of the due reminders, "none" when there are none.
func kinds(rs []Reminder) string {
	if len(rs) == 0 {
		return "none"
	}
	s := ""
	for i, r := range rs {
		if i > 0 {
			s += ","
		}
		s += string(r.Kind)
	}
	return s
}

const (
	none = "none"
	soon = string(LabEndingSoon)
	over = string(ClassOver)
	long = string(LongRunning)
)

// TestDueEachWeekday runs every rule at 10:59, 11:50, 12:00 and 15:00 (and
// the moments snooze and keep make interesting) on Monday to Friday, where
// class rules apply, and on Saturday, where only the long-running rule does.
func TestDueEachWeekday(t *testing.T) {
	t.Parallel()
	type setup func(wd int) (Running, ReminderState)
	morning := func(wd int) (Running, ReminderState) { return runningSince(day(wd, 9, 30)), ReminderState{} }
	tests := []struct {
		name         string
		setup        setup
		h, m         int
		weekday, sat string
	}{
		{"running 10:59", morning, 10, 59, none, none},
		{"running 11:50", morning, 11, 50, soon, long},
		{"running 12:00", morning, 12, 0, over, long},
		{"running 15:00", morning, 15, 0, over, long},

		{"nothing running 10:59", func(int) (Running, ReminderState) { return Running{}, ReminderState{} }, 10, 59, none, none},
		{"nothing running 11:50", func(int) (Running, ReminderState) { return Running{}, ReminderState{} }, 11, 50, none, none},
		{"nothing running 12:00", func(int) (Running, ReminderState) { return Running{}, ReminderState{} }, 12, 0, none, none},
		{"nothing running 15:00", func(int) (Running, ReminderState) { return Running{}, ReminderState{} }, 15, 0, none, none},
		{"items with no resources are nothing", func(wd int) (Running, ReminderState) {
			return Running{Items: []RunningItem{{Lab: "day1-messaging", Since: day(wd, 9, 30)}}}, ReminderState{}
		}, 15, 0, none, none},

		{"snoozed at 11:50, 11:55", func(wd int) (Running, ReminderState) {
			return runningSince(day(wd, 9, 30)), ReminderState{}.Snoozed(day(wd, 11, 50), 0)
		}, 11, 55, none, none},
		{"snoozed at 11:50, back at 12:00", func(wd int) (Running, ReminderState) {
			return runningSince(day(wd, 9, 30)), ReminderState{}.Snoozed(day(wd, 11, 50), 0)
		}, 12, 0, over, long},
		{"snoozed at 12:00, 12:09", func(wd int) (Running, ReminderState) {
			return runningSince(day(wd, 9, 30)), ReminderState{}.Snoozed(day(wd, 12, 0), 0)
		}, 12, 9, none, none},
		{"snoozed at 12:00, back at 12:10", func(wd int) (Running, ReminderState) {
			return runningSince(day(wd, 9, 30)), ReminderState{}.Snoozed(day(wd, 12, 0), 0)
		}, 12, 10, over, long},

		{"kept at 12:01, 13:00", func(wd int) (Running, ReminderState) {
			st, _ := ReminderState{}.Keep(day(wd, 12, 1), "finishing step 3")
			return runningSince(day(wd, 9, 30)), st
		}, 13, 0, none, none},
		{"kept at 12:01, 15:00 counts from the keep", func(wd int) (Running, ReminderState) {
			st, _ := ReminderState{}.Keep(day(wd, 12, 1), "finishing step 3")
			return runningSince(day(wd, 9, 30)), st
		}, 15, 0, long, long},
		{"kept yesterday, 12:00", func(wd int) (Running, ReminderState) {
			st, _ := ReminderState{}.Keep(day(wd-1, 12, 1), "overnight test")
			return runningSince(day(wd, 9, 30)), st
		}, 12, 0, over, long},

		{"lab-ending dismissed, 11:55", func(wd int) (Running, ReminderState) {
			return runningSince(day(wd, 9, 30)), ReminderState{}.Dismiss(LabEndingSoon, day(wd, 11, 51))
		}, 11, 55, none, long},
		{"lab-ending dismissed yesterday, 11:50", func(wd int) (Running, ReminderState) {
			return runningSince(day(wd, 9, 30)), ReminderState{}.Dismiss(LabEndingSoon, day(wd-1, 11, 51))
		}, 11, 50, soon, long},
		{"long-running dismissed at 12:00, 12:30", func(wd int) (Running, ReminderState) {
			return runningSince(day(wd, 9, 30)), ReminderState{}.Dismiss(LongRunning, day(wd, 12, 0))
		}, 12, 30, over, none},
		{"long-running dismissed at 12:00, repeats at 13:00", func(wd int) (Running, ReminderState) {
			return runningSince(day(wd, 9, 30)), ReminderState{}.Dismiss(LongRunning, day(wd, 12, 0))
		}, 13, 0, over, long},

		{"left from yesterday, 10:59", func(wd int) (Running, ReminderState) {
			return runningSince(day(wd-1, 11, 0)), ReminderState{}
		}, 10, 59, none, long},
		{"deployed after class at 13:30, 15:00", func(wd int) (Running, ReminderState) {
			return runningSince(day(wd, 13, 30)), ReminderState{}
		}, 15, 0, none, none},
		{"deployed after class at 12:30, 15:00", func(wd int) (Running, ReminderState) {
			return runningSince(day(wd, 12, 30)), ReminderState{}
		}, 15, 0, long, long},
		{"unknown deployment time, 15:00", func(int) (Running, ReminderState) {
			return runningSince(time.Time{}), ReminderState{}
		}, 15, 0, over, none},
	}
	for _, tt := range tests {
		for wd := 1; wd <= 6; wd++ {
			want := tt.weekday
			if wd == 6 {
				want = tt.sat
			}
			now := day(wd, tt.h, tt.m)
			t.Run(fmt.Sprintf("%s/%s", now.Weekday(), tt.name), func(t *testing.T) {
				t.Parallel()
				run, st := tt.setup(wd)
				got := NewSchedule(Default()).Due(now, run, st)
				if kinds(got) != want {
					t.Errorf("Due(%s) = %s, want %s", now.Format("Mon 15:04"), kinds(got), want)
				}
			})
		}
	}
}

func TestDueDetails(t *testing.T) {
	t.Parallel()
	s := NewSchedule(Default())
	run := runningSince(day(1, 9, 30))

	r := s.Due(day(1, 11, 50), run, ReminderState{})[0]
	if !r.At.Equal(day(1, 11, 50)) || !r.Until.Equal(day(1, 12, 0)) || !slices.Equal(r.Choices, []Choice{ChoiceDismiss}) {
		t.Errorf("lab ending: at %s until %s choices %v; want 11:50, 12:00, [dismiss]", r.At, r.Until, r.Choices)
	}
	if r.Running.Count() != 3 || r.Running.Items[0].Hourly != "$0.05/h" {
		t.Errorf("lab ending lists %+v, want the 3 running resources and their $/h", r.Running)
	}

	r = s.Due(day(1, 12, 0), run, ReminderState{})[0]
	if !r.At.Equal(day(1, 12, 0)) || !slices.Equal(r.Choices, []Choice{ChoiceDestroy, ChoiceKeep, ChoiceSnooze}) {
		t.Errorf("class over: at %s choices %v; want 12:00, [destroy keep snooze]", r.At, r.Choices)
	}

	st, err := ReminderState{}.Keep(day(1, 12, 1), "  finishing step 3 ")
	if err != nil {
		t.Fatal(err)
	}
	r = s.Due(day(1, 15, 0), run, st)[0]
	if !r.Since.Equal(day(1, 12, 1)) || !r.At.Equal(day(1, 14, 1)) || r.KeptReason != "finishing step 3" {
		t.Errorf("long running after keep: since %s at %s reason %q; want since the keep 12:01, due 14:01, the reason",
			r.Since, r.At, r.KeptReason)
	}

	sat := s.Due(day(6, 12, 0), run.withSince(day(6, 9, 30)), ReminderState{})[0]
	if !sat.Since.Equal(day(6, 9, 30)) || !sat.At.Equal(day(6, 11, 30)) {
		t.Errorf("saturday long running: since %s at %s, want 09:30 and 11:30", sat.Since, sat.At)
	}
}

// withSince returns a copy of r with every item deployed at t.
func (r Running) withSince(t time.Time) Running {
	items := slices.Clone(r.Items)
	for i := range items {
		items[i].Since = t
	}
	r.Items = items
	return r
}

func TestDueConfigurable(t *testing.T) {
	t.Parallel()
	tt, err := Default().ParseStart("13:30")
	if err != nil {
		t.Fatal(err)
	}
	s := Schedule{Timetable: tt, LongRunning: 30 * time.Minute, WarnBefore: 15 * time.Minute}
	run := runningSince(day(1, 13, 45))
	tests := []struct {
		h, m int
		want string
	}{
		{11, 50, none}, // the 09:00 rules do not apply to a 13:30 class
		{16, 14, none}, // lab ends 16:30, warning from 16:15
		{16, 15, soon}, // WarnBefore moved the warning
		{16, 30, over}, // class over at the lab's end
		{17, 0, over},  // still over, not long-running: over is the question to answer
	}
	for _, c := range tests {
		if got := kinds(s.Due(day(1, c.h, c.m), run, ReminderState{})); got != c.want {
			t.Errorf("class at 13:30, Monday %02d:%02d: %s, want %s", c.h, c.m, got, c.want)
		}
	}
	// The long-running limit is configurable: 30 minutes at the weekend.
	if got := kinds(s.Due(day(6, 14, 15), run.withSince(day(6, 13, 45)), ReminderState{})); got != long {
		t.Errorf("saturday after 30 minutes with a 30-minute limit: %s, want %s", got, long)
	}
	if got := kinds(s.Due(day(6, 14, 14), run.withSince(day(6, 13, 45)), ReminderState{})); got != none {
		t.Errorf("saturday after 29 minutes with a 30-minute limit: %s, want none", got)
	}
}

func TestDueSelfStudy(t *testing.T) {
	t.Parallel()
	s := Schedule{Timetable: Default(), SelfStudy: true}
	run := runningSince(day(1, 9, 30))
	for _, c := range []struct {
		h, m int
		want string
	}{{10, 59, none}, {11, 50, long}, {12, 0, long}, {15, 0, long}} {
		if got := kinds(s.Due(day(1, c.h, c.m), run, ReminderState{})); got != c.want {
			t.Errorf("self-study Monday %02d:%02d: %s, want %s (class-hour reminders are off)", c.h, c.m, got, c.want)
		}
	}
}

func TestReminderStateActions(t *testing.T) {
	t.Parallel()
	if _, err := (ReminderState{}).Keep(day(1, 12, 0), "   "); !errors.Is(err, ErrNoReason) {
		t.Errorf("Keep with a blank reason: %v, want ErrNoReason", err)
	}
	snoozed := ReminderState{}.Snoozed(day(1, 12, 0), 0)
	if !snoozed.SnoozedUntil.Equal(day(1, 12, 10)) || snoozed.SnoozedUntil.Location() != time.UTC {
		t.Errorf("default snooze until %s, want 12:10 in UTC", snoozed.SnoozedUntil)
	}
	kept, err := snoozed.Keep(day(1, 12, 5), "demo for the team")
	if err != nil {
		t.Fatal(err)
	}
	if kept.Snoozing(day(1, 12, 6)) {
		t.Error("a keep should end the snooze: the learner has answered")
	}
	if reason, ok := kept.KeptToday(day(1, 23, 59)); !ok || reason != "demo for the team" {
		t.Errorf("KeptToday at 23:59 = %q, %v", reason, ok)
	}
	if _, ok := kept.KeptToday(day(2, 0, 0)); ok {
		t.Error("a keep should end at local midnight")
	}
	// "Today" is the learner's: a keep at 00:30 KST is the previous day
	// in UTC, and must still count as today in Seoul.
	early, _ := ReminderState{}.Keep(day(2, 0, 30), "night shift")
	if _, ok := early.KeptToday(day(2, 23, 0)); !ok {
		t.Error("a keep at 00:30 local should hold until local midnight")
	}

	a := ReminderState{}.Dismiss(LabEndingSoon, day(1, 11, 51))
	b := a.Dismiss(LongRunning, day(1, 12, 0))
	if len(a.Dismissed) != 1 || len(b.Dismissed) != 2 {
		t.Errorf("Dismiss changed its receiver: %v / %v", a.Dismissed, b.Dismissed)
	}
}

func TestOnQuit(t *testing.T) {
	t.Parallel()
	s := NewSchedule(Default())
	if _, ok := s.OnQuit(day(1, 15, 0), Running{}); ok {
		t.Error("quitting with nothing running should not ask")
	}
	tests := []struct {
		now, until time.Time
	}{
		{day(1, 15, 0), day(2, 9, 0)},
		{day(5, 12, 0), day(6, 9, 0)},
		{day(2, 8, 0), day(2, 9, 0)},
		{day(2, 9, 0), day(3, 9, 0)},
	}
	for _, c := range tests {
		r, ok := s.OnQuit(c.now, runningSince(day(1, 9, 30)))
		if !ok || r.Kind != QuitWithResources || !r.Until.Equal(c.until) {
			t.Errorf("OnQuit(%s) = %v %s until %s, want until %s", c.now.Format("Mon 15:04"), ok, r.Kind,
				r.Until.Format("Mon 15:04"), c.until.Format("Mon 15:04"))
		}
		if len(r.Choices) == 0 || r.Choices[0] != ChoiceDestroyAndQuit {
			t.Errorf("OnQuit choices %v: destroy-and-quit must come first", r.Choices)
		}
	}
	tt, _ := Default().ParseStart("13:30")
	if got := tt.StartOffset(); got != 13*time.Hour+30*time.Minute {
		t.Errorf("StartOffset = %s, want 13h30m", got)
	}
}

func TestProgressDay(t *testing.T) {
	t.Parallel()
	week := [][]string{{"d1-s1", "d1-s2", "d1-s3"}, {"d2-s1", "d2-s2"}, {}, {"d4-s1"}, {"d5-s1"}}
	readSet := func(ids ...string) func(string) bool {
		return func(id string) bool { return slices.Contains(ids, id) }
	}
	tests := []struct {
		name string
		read []string
		day  int
		done bool
	}{
		{"nothing read", nil, 1, false},
		{"day 1 partly read", []string{"d1-s1", "d1-s3"}, 1, false},
		{"day 1 read", []string{"d1-s1", "d1-s2", "d1-s3"}, 2, false},
		{"day 2 read, day 3 has no lessons", []string{"d1-s1", "d1-s2", "d1-s3", "d2-s1", "d2-s2"}, 4, false},
		{"a later day read does not skip an earlier one", []string{"d4-s1", "d5-s1"}, 1, false},
		{"all read", []string{"d1-s1", "d1-s2", "d1-s3", "d2-s1", "d2-s2", "d4-s1", "d5-s1"}, 5, true},
	}
	for _, tt := range tests {
		d, done := ProgressDay(week, readSet(tt.read...))
		if d != tt.day || done != tt.done {
			t.Errorf("%s: ProgressDay = %d, %v; want %d, %v", tt.name, d, done, tt.day, tt.done)
		}
	}
	if d, done := ProgressDay(nil, readSet()); d != 1 || done {
		t.Errorf("no course: %d, %v; want day 1, not done", d, done)
	}

	class, self := NewSchedule(Default()), Schedule{Timetable: Default(), SelfStudy: true}
	if got := class.Day(day(3, 10, 0), 1); got != 3 {
		t.Errorf("class mode on Wednesday: day %d, want 3 from the calendar", got)
	}
	if got := class.Day(day(6, 10, 0), 2); got != 2 {
		t.Errorf("class mode on Saturday: day %d, want 2 from progress", got)
	}
	if got := self.Day(day(3, 10, 0), 1); got != 1 {
		t.Errorf("self-study on Wednesday: day %d, want 1 from progress", got)
	}
}
