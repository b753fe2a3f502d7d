package class

import (
	"errors"
	"strings"
	"time"
)

// Reminder defaults. Each can be changed on a Schedule.
const (
	// DefaultWarnBefore is how long before the lab ends the "lab ends
	// soon" reminder appears: at 11:50 for a lab that ends at 12:00.
	DefaultWarnBefore = 10 * time.Minute
	// DefaultSnooze is how long "snooze" silences reminders.
	DefaultSnooze = 10 * time.Minute
	// DefaultLongRunning is how long resources may run outside class
	// hours before the learner is reminded of them.
	DefaultLongRunning = 2 * time.Hour
)

// ReminderKind names what a reminder is about. The values are stable
// strings because ReminderState stores them on disk.
type ReminderKind string

// The reminders the classroom shows.
const (
	// LabEndingSoon: the lab ends in a few minutes and resources are
	// still deployed.
	LabEndingSoon ReminderKind = "lab_ending_soon"
	// ClassOver: the class day has ended and resources from it are still
	// deployed; the learner destroys, keeps (with a reason) or snoozes.
	ClassOver ReminderKind = "class_over"
	// LongRunning: outside class hours, resources have been up longer
	// than the schedule's limit.
	LongRunning ReminderKind = "long_running"
	// QuitWithResources: the learner is leaving the classroom while
	// resources are deployed. Schedule.OnQuit raises it; Due never does.
	QuitWithResources ReminderKind = "quit_with_resources"
)

// Choice is one answer a reminder offers. The first choice of a reminder
// is its default, the one Enter picks.
type Choice string

// The answers reminders offer.
const (
	// ChoiceDestroy destroys every deployed lab now.
	ChoiceDestroy Choice = "destroy"
	// ChoiceKeep keeps the resources for the rest of the day; the
	// classroom asks why and records it with ReminderState.Keep.
	ChoiceKeep Choice = "keep"
	// ChoiceSnooze silences reminders for Schedule.Snooze; record it with
	// ReminderState.Snoozed.
	ChoiceSnooze Choice = "snooze"
	// ChoiceDismiss closes the reminder; record it with
	// ReminderState.Dismiss so it does not come straight back.
	ChoiceDismiss Choice = "dismiss"
	// ChoiceDestroyAndQuit destroys every deployed lab, then quits.
	ChoiceDestroyAndQuit Choice = "destroy_and_quit"
	// ChoiceQuit quits and leaves the resources running.
	ChoiceQuit Choice = "quit"
	// ChoiceCancel stays in the classroom.
	ChoiceCancel Choice = "cancel"
)

// RunningItem is one deployed lab (or any group the caller lists as one
// line). The class package does no money arithmetic: Hourly arrives
// formatted, so the reminder shows exactly the figure the cost meter shows.
type RunningItem struct {
	// Target is "sandbox" or "aws".
	Target string
	// Lab is the lab id.
	Lab string
	// Resources is the number of resources deployed.
	Resources int
	// Hourly is what the resources cost per hour, formatted by the caller
	// (for example "$0.05/h" or "$0.05/h simulated"); empty when unknown.
	Hourly string
	// Since is when the resources were deployed (the lab run's applied_at);
	// zero when unknown.
	Since time.Time
}

// Running is what is deployed at the moment of a question.
type Running struct {
	// Items lists the deployed labs; an item with no resources is ignored.
	Items []RunningItem
	// Hourly is the total per hour, formatted by the caller; empty when
	// unknown.
	Hourly string
}

// Empty reports whether nothing is deployed.
func (r Running) Empty() bool { return r.Count() == 0 }

// Count is the number of deployed resources.
func (r Running) Count() int {
	n := 0
	for _, it := range r.Items {
		n += max(it.Resources, 0)
	}
	return n
}

// Oldest is the earliest known deployment time, zero when none is known.
func (r Running) Oldest() time.Time {
	var t time.Time
	for _, it := range r.Items {
		if it.Resources > 0 && !it.Since.IsZero() && (t.IsZero() || it.Since.Before(t)) {
			t = it.Since
		}
	}
	return t
}

// anyBefore reports whether some deployed item dates from before end. An
// item of unknown age counts: not knowing when it came is no reason to stay
// quiet about it at the end of class.
func (r Running) anyBefore(end time.Time) bool {
	for _, it := range r.Items {
		if it.Resources > 0 && (it.Since.IsZero() || it.Since.Before(end)) {
			return true
		}
	}
	return false
}

// Reminder is something the classroom should put in front of the learner
// now.
type Reminder struct {
	// Kind says what the reminder is about.
	Kind ReminderKind
	// At is when the reminder became due: 11:50 for LabEndingSoon, the
	// lab's end for ClassOver, the moment the limit was passed for
	// LongRunning, the question's moment for QuitWithResources.
	At time.Time
	// Until is the deadline the reminder talks about: the lab's end for
	// LabEndingSoon ("ends in 10 minutes"), the next class start for
	// QuitWithResources ("what it costs if left until 09:00 tomorrow");
	// zero otherwise.
	Until time.Time
	// Since is, for LongRunning, the moment the running time is counted
	// from: the oldest deployment, or the learner's "keep" if later.
	Since time.Time
	// Running is what is deployed, to list with its $/h.
	Running Running
	// KeptReason is the learner's reason when they chose to keep the
	// resources today; empty otherwise.
	KeptReason string
	// Choices are the answers to offer, the default first.
	Choices []Choice
}

// ReminderState is what the learner already said about reminders. The
// classroom persists it (it survives a restart of the TUI) and passes it to
// Due; the methods return an updated copy and never change the receiver.
// Times are stored in UTC; "today" is decided in the location of the time
// passed to each method, which should be the learner's local time.
type ReminderState struct {
	// SnoozedUntil silences every reminder before this moment.
	SnoozedUntil time.Time `json:"snoozed_until,omitzero"`
	// KeptAt is when the learner last chose to keep the resources; the
	// choice holds for the rest of that local day.
	KeptAt time.Time `json:"kept_at,omitzero"`
	// KeptReason is why they kept them, in their words.
	KeptReason string `json:"kept_reason,omitempty"`
	// Dismissed holds when each kind of reminder was last closed.
	Dismissed map[ReminderKind]time.Time `json:"dismissed,omitempty"`
}

// ErrNoReason is returned by Keep when the learner gave no reason: keeping
// paid resources past class is allowed, but not by accident.
var ErrNoReason = errors.New("say why you keep the resources, for example \"finishing step 3 after lunch\"")

// Snoozed returns the state with every reminder silenced for d from now
// (DefaultSnooze when d is not positive).
func (s ReminderState) Snoozed(now time.Time, d time.Duration) ReminderState {
	if d <= 0 {
		d = DefaultSnooze
	}
	s.SnoozedUntil = now.Add(d).UTC()
	return s
}

// Keep returns the state with the resources kept for the rest of today,
// for reason. A keep also ends any snooze: the learner has answered.
func (s ReminderState) Keep(now time.Time, reason string) (ReminderState, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return s, ErrNoReason
	}
	s.KeptAt, s.KeptReason, s.SnoozedUntil = now.UTC(), reason, time.Time{}
	return s, nil
}

// Dismiss returns the state with kind recorded as closed at now.
func (s ReminderState) Dismiss(kind ReminderKind, now time.Time) ReminderState {
	// Copy the map: the receiver is a value the caller may still hold, and
	// sharing the map would change it behind their back.
	d := make(map[ReminderKind]time.Time, len(s.Dismissed)+1)
	for k, v := range s.Dismissed {
		d[k] = v
	}
	d[kind] = now.UTC()
	s.Dismissed = d
	return s
}

// KeptToday returns the learner's reason when they chose to keep the
// resources earlier on now's local day.
func (s ReminderState) KeptToday(now time.Time) (string, bool) {
	if s.KeptAt.IsZero() || s.KeptAt.After(now) {
		return "", false
	}
	if !sameDay(s.KeptAt.In(now.Location()), now) {
		return "", false
	}
	return s.KeptReason, true
}

// Snoozing reports whether reminders are silenced at now.
func (s ReminderState) Snoozing(now time.Time) bool { return now.Before(s.SnoozedUntil) }

// dismissedSince reports whether kind was closed at or after t.
func (s ReminderState) dismissedSince(kind ReminderKind, t time.Time) bool {
	at, ok := s.Dismissed[kind]
	return ok && !at.Before(t)
}

// Schedule is the reminder policy on top of a timetable. The zero values of
// its durations mean the defaults above.
type Schedule struct {
	// Timetable is the class day.
	Timetable Timetable
	// SelfStudy is true when the learner studies on their own time: the
	// class-hour reminders (lab ends soon, class is over) are off and only
	// the long-running reminder applies, at any hour.
	SelfStudy bool
	// WarnBefore is how long before the lab's end LabEndingSoon appears.
	WarnBefore time.Duration
	// LongRunning is how long resources may run outside class hours
	// before LongRunning appears.
	LongRunning time.Duration
	// Repeat is how long a dismissed LongRunning stays quiet; zero means
	// half of LongRunning.
	Repeat time.Duration
}

// NewSchedule returns the default policy for a timetable.
func NewSchedule(t Timetable) Schedule { return Schedule{Timetable: t} }

func (s Schedule) warnBefore() time.Duration {
	if s.WarnBefore > 0 {
		return s.WarnBefore
	}
	return DefaultWarnBefore
}

func (s Schedule) longRunning() time.Duration {
	if s.LongRunning > 0 {
		return s.LongRunning
	}
	return DefaultLongRunning
}

func (s Schedule) repeat() time.Duration {
	if s.Repeat > 0 {
		return s.Repeat
	}
	return s.longRunning() / 2
}

// Due returns the reminders that should be on screen at now (local time),
// given what is running and what the learner already said. It is level-
// triggered: it answers the same way until the situation or the state
// changes, so the caller may ask every tick and show what is returned. At
// most one reminder is due at a time.
//
// The rules, in order:
//   - nothing running, or snoozed: nothing;
//   - on a course day (Monday to Friday, not self-study), from WarnBefore
//     before the lab's end until its end: LabEndingSoon, once a day;
//   - on a course day, from the lab's end to midnight, while something
//     deployed before the end is still up and the learner has not kept it
//     today: ClassOver, which only destroy, keep or snooze answers;
//   - outside class hours (any hour when self-study, all weekend): when
//     the oldest resource has been up longer than LongRunning, counted
//     from the learner's keep if they kept them today: LongRunning, again
//     Repeat after each dismissal.
func (s Schedule) Due(now time.Time, run Running, st ReminderState) []Reminder {
	if run.Empty() || st.Snoozing(now) {
		return nil
	}
	n := s.Timetable.At(now)
	reason, kept := st.KeptToday(now)
	if n.Day != 0 && !s.SelfStudy && !kept {
		_, labEnd := s.Timetable.Span(now, Lab)
		warnAt := labEnd.Add(-s.warnBefore())
		switch {
		case !now.Before(warnAt) && now.Before(labEnd):
			if !st.dismissedSince(LabEndingSoon, warnAt) {
				return []Reminder{{Kind: LabEndingSoon, At: warnAt, Until: labEnd, Running: run,
					Choices: []Choice{ChoiceDismiss}}}
			}
		case !now.Before(labEnd) && run.anyBefore(labEnd):
			return []Reminder{{Kind: ClassOver, At: labEnd, Running: run,
				Choices: []Choice{ChoiceDestroy, ChoiceKeep, ChoiceSnooze}}}
		}
	}
	if n.InClass() && !s.SelfStudy {
		return nil
	}
	since := run.Oldest()
	if since.IsZero() {
		// Without a start time there is no "longer than"; ClassOver and
		// the quit prompt still cover resources of unknown age.
		return nil
	}
	if kept && st.KeptAt.After(since) {
		since = st.KeptAt
	}
	limitAt := since.Add(s.longRunning())
	if now.Before(limitAt) {
		return nil
	}
	if at, ok := st.Dismissed[LongRunning]; ok && now.Before(at.Add(s.repeat())) && !at.Before(limitAt) {
		return nil
	}
	return []Reminder{{Kind: LongRunning, At: limitAt, Since: since, Running: run, KeptReason: reason,
		Choices: []Choice{ChoiceDestroy, ChoiceDismiss}}}
}

// OnQuit returns the confirmation to show when the learner quits at now
// with resources deployed, and false when nothing runs. Its Until is the
// next class start, the horizon of "what it costs if left until 09:00
// tomorrow"; destroy-and-quit is the first (default) choice because leaving
// resources up overnight is the mistake this prompt exists to prevent.
func (s Schedule) OnQuit(now time.Time, run Running) (Reminder, bool) {
	if run.Empty() {
		return Reminder{}, false
	}
	return Reminder{Kind: QuitWithResources, At: now, Until: s.Timetable.NextStart(now), Running: run,
		Choices: []Choice{ChoiceDestroyAndQuit, ChoiceQuit, ChoiceCancel}}, true
}

// NextStart is the first class start strictly after at, in at's location:
// at 15:00 tomorrow's, at 08:00 today's. It counts every day, weekends
// included, as the cost meter's "until tomorrow morning" does. Days are
// built from the date, so a daylight-saving change does not shift it.
func (t Timetable) NextStart(at time.Time) time.Time {
	y, m, d := at.Date()
	start := time.Date(y, m, d, t.StartHour, t.StartMinute, 0, 0, at.Location())
	if !start.After(at) {
		start = time.Date(y, m, d+1, t.StartHour, t.StartMinute, 0, 0, at.Location())
	}
	return start
}

// EndOffset is the end of the day's class (the lab's end) as an offset
// from local midnight, the form the cost meter's "until the end of class"
// takes; a class running past midnight wraps.
func (t Timetable) EndOffset() time.Duration {
	total := 0
	for _, m := range t.Minutes {
		total += m
	}
	return (t.StartOffset() + time.Duration(total)*time.Minute) % (24 * time.Hour)
}

// StartOffset is the class start as an offset from local midnight, the form
// pricing.MeterOptions.Morning takes, so the meter's "until tomorrow
// morning" ends when class starts.
func (t Timetable) StartOffset() time.Duration {
	return time.Duration(t.StartHour)*time.Hour + time.Duration(t.StartMinute)*time.Minute
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
