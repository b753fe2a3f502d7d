package cli

import (
	"fmt"
	"strings"
	"time"

	"awstutor/i18n"
)

// deskWords are the interface strings of status and report, taken from the
// i18n catalogues (the desk.* keys) in the printer's language. They are
// formats, not yet filled in: status.go and report.go fill them. Format
// verbs are documented on each field.
type deskWords struct {
	// Status.
	StatusClean    string // nothing deployed
	StatusHeading  string // %d labs, %s time
	ColTarget      string
	ColLab         string
	ColResources   string
	ColApplied     string
	ColHourly      string
	ColUntil       string // %s next class start
	AppliedAgo     string // %s clock time, %s duration
	AppliedUnknown string // %s when the state was written
	Simulated      string
	Prices         string // %s price date
	Unpriced       string // %d
	SandboxNote    string
	ToRemove       string
	CleanupAll     string
	Unreadable     string // %s error
	// Report.
	ReportTitle      string // %s date
	LessonsHeading   string
	LessonsToday     string // %d today, %d read in all, %d lessons
	NoneToday        string
	QuizzesHeading   string
	QuizLine         string // %s title, %d score, %d total, %s passed mark
	QuizPassed       string
	ChecksHeading    string
	ChecksSummary    string // %d passed, %d run
	LabsHeading      string
	LabApplied       string // %s time, %d resources
	LabDestroyed     string // %s time, %d resources
	LabDestroyedN    string // %s time (count unknown)
	LabLive          string // %d resources live now
	LabRunFailed     string // %s op, %s result, %s time
	ResourcesHeading string
	ResourcesLine    string // %d created, %d destroyed, %d live now
	CostHeading      string
	CostLine         string // %s target, %s amount
	CostAtLeast      string // %s target, %s amount, %d unavailable
	CostUnavailable  string // %s target
	CostWhy          string // %s lab, %s reason
	WhyNoApplyTime   string
	WhyDestroyed     string
	WhyUnreadable    string
	WhyUnpriced      string // %d
}

// wordsFor returns the strings in the printer's language. T without
// arguments returns a format as it is, verbs and all.
func wordsFor(p i18n.Printer) deskWords {
	return deskWords{
		StatusClean:      p.T(i18n.DeskStatusClean),
		StatusHeading:    p.T(i18n.DeskStatusHeading),
		ColTarget:        p.T(i18n.DeskColTarget),
		ColLab:           p.T(i18n.DeskColLab),
		ColResources:     p.T(i18n.DeskColResources),
		ColApplied:       p.T(i18n.DeskColApplied),
		ColHourly:        p.T(i18n.DeskColHourly),
		ColUntil:         p.T(i18n.DeskColUntil),
		AppliedAgo:       p.T(i18n.DeskAppliedAgo),
		AppliedUnknown:   p.T(i18n.DeskAppliedUnknown),
		Simulated:        p.T(i18n.DeskSimulated),
		Prices:           p.T(i18n.DeskPrices),
		Unpriced:         p.T(i18n.DeskUnpriced),
		SandboxNote:      p.T(i18n.DeskSandboxNote),
		ToRemove:         p.T(i18n.DeskToRemove),
		CleanupAll:       p.T(i18n.DeskCleanupAll),
		Unreadable:       p.T(i18n.DeskUnreadable),
		ReportTitle:      p.T(i18n.DeskReportTitle),
		LessonsHeading:   p.T(i18n.DeskLessonsHeading),
		LessonsToday:     p.T(i18n.DeskLessonsToday),
		NoneToday:        p.T(i18n.DeskNoneToday),
		QuizzesHeading:   p.T(i18n.DeskQuizzesHeading),
		QuizLine:         p.T(i18n.DeskQuizLine),
		QuizPassed:       p.T(i18n.DeskQuizPassed),
		ChecksHeading:    p.T(i18n.DeskChecksHeading),
		ChecksSummary:    p.T(i18n.DeskChecksSummary),
		LabsHeading:      p.T(i18n.DeskLabsHeading),
		LabApplied:       p.T(i18n.DeskLabApplied),
		LabDestroyed:     p.T(i18n.DeskLabDestroyed),
		LabDestroyedN:    p.T(i18n.DeskLabDestroyedN),
		LabLive:          p.T(i18n.DeskLabLive),
		LabRunFailed:     p.T(i18n.DeskLabRunFailed),
		ResourcesHeading: p.T(i18n.DeskResourcesHeading),
		ResourcesLine:    p.T(i18n.DeskResourcesLine),
		CostHeading:      p.T(i18n.DeskCostHeading),
		CostLine:         p.T(i18n.DeskCostLine),
		CostAtLeast:      p.T(i18n.DeskCostAtLeast),
		CostUnavailable:  p.T(i18n.DeskCostUnavailable),
		CostWhy:          p.T(i18n.DeskCostWhy),
		WhyNoApplyTime:   p.T(i18n.DeskWhyNoApplyTime),
		WhyDestroyed:     p.T(i18n.DeskWhyDestroyed),
		WhyUnreadable:    p.T(i18n.DeskWhyUnreadable),
		WhyUnpriced:      p.T(i18n.DeskWhyUnpriced),
	}
}

// deskWeekday is the key of a weekday's name in status and report. The
// Korean names are the long form ("월요일"): the one-character short form
// ("일") is left out on purpose, since alone it reads as the word "day".
func deskWeekday(d time.Weekday) i18n.Key { return i18n.Key(fmt.Sprintf("desk.weekday.%d", d)) }

// deskClock formats t for a learner at now: the time alone when it is
// today, with the weekday otherwise, in now's location.
func deskClock(p i18n.Printer, t, now time.Time) string {
	t = t.In(now.Location())
	if sameLocalDate(t, now) {
		return t.Format("15:04")
	}
	return p.T(deskWeekday(t.Weekday())) + " " + t.Format("15:04")
}

// upFor formats a duration to the minute, the precision a learner needs to
// judge "how long has this been up".
func upFor(d time.Duration) string {
	if d < time.Minute {
		return "<1m"
	}
	return strings.TrimSuffix(d.Truncate(time.Minute).String(), "0s")
}

// deskHorizon names the next class start for a column header: "09:00"
// today, "tomorrow 09:00" (내일 09:00), else with the weekday.
func deskHorizon(p i18n.Printer, t, now time.Time) string {
	t = t.In(now.Location())
	y, m, d := now.Date()
	if sameLocalDate(t, time.Date(y, m, d+1, 12, 0, 0, 0, now.Location())) {
		return p.T(i18n.DeskTomorrow, t.Format("15:04"))
	}
	return deskClock(p, t, now)
}

func sameLocalDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
