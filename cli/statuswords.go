package cli

import (
	"strings"
	"time"

	"awstutor/i18n"
)

// deskWords are the interface strings of status and report. They live here,
// keyed by the printer's language, rather than in the i18n catalogues,
// which another engineer owns; moving them there later is a mechanical
// change. Format verbs are documented on each field.
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

var wordsKO = deskWords{
	StatusClean:    "배포된 리소스가 없습니다: 어떤 실습 작업 공간의 상태 파일에도 리소스가 없습니다.",
	StatusHeading:  "리소스가 배포된 실습 %d개 (%s 기준, 로컬 상태 파일만 읽었고 AWS에는 묻지 않았습니다).",
	ColTarget:      "대상",
	ColLab:         "실습",
	ColResources:   "리소스",
	ColApplied:     "배포 시각",
	ColHourly:      "$/시간",
	ColUntil:       "%s까지",
	AppliedAgo:     "%s (%s 전)",
	AppliedUnknown: "알 수 없음 (상태 파일 %s)",
	Simulated:      "시뮬레이션",
	Prices:         "가격: %s 기준 USD 정가, 리소스가 있는 리전 기준.",
	Unpriced:       "가격을 알 수 없는 리소스 %d개는 합계에서 빠졌습니다: 실제 비용은 더 높습니다.",
	SandboxNote:    "샌드박스 금액은 시뮬레이션입니다: 같은 리소스를 AWS에서 실행했을 때의 비용입니다.",
	ToRemove:       "지우려면:",
	CleanupAll:     "한 번에 모두 지우기: awstutor cleanup",
	Unreadable:     "읽지 못함: %s",

	ReportTitle:      "# awstutor 학습 보고서 — %s",
	LessonsHeading:   "## 읽은 레슨",
	LessonsToday:     "이날 %d개를 읽었습니다 (전체 %d/%d).",
	NoneToday:        "없음.",
	QuizzesHeading:   "## 퀴즈",
	QuizLine:         "%s: %d/%d%s",
	QuizPassed:       " (통과)",
	ChecksHeading:    "## 실습 검증",
	ChecksSummary:    "통과 %d / 실행 %d.",
	LabsHeading:      "## 실습 실행",
	LabApplied:       "%s 배포, 리소스 %d개",
	LabDestroyed:     "%s 삭제, 리소스 %d개",
	LabDestroyedN:    "%s 삭제",
	LabLive:          "지금 리소스 %d개 실행 중",
	LabRunFailed:     "%s %s (%s)",
	ResourcesHeading: "## 리소스",
	ResourcesLine:    "생성 %d개, 삭제 %d개, 지금 실행 중 %d개.",
	CostHeading:      "## 예상 비용",
	CostLine:         "%s: %s",
	CostAtLeast:      "%s: 최소 %s (추정할 수 없는 실습 %d개)",
	CostUnavailable:  "%s: 추정할 수 없음",
	CostWhy:          "%s: %s",
	WhyNoApplyTime:   "배포 시각이 기록되지 않았습니다",
	WhyDestroyed:     "이날 삭제되었지만 배포 시각이 남아 있지 않습니다",
	WhyUnreadable:    "상태 파일을 읽지 못했습니다",
	WhyUnpriced:      "가격을 알 수 없는 리소스 %d개는 빠졌습니다",
}

var wordsEN = deskWords{
	StatusClean:    "Nothing is deployed: no lab workspace has resources in its state file.",
	StatusHeading:  "%d labs have resources deployed (at %s, from the local state files; AWS was not asked).",
	ColTarget:      "TARGET",
	ColLab:         "LAB",
	ColResources:   "RESOURCES",
	ColApplied:     "APPLIED",
	ColHourly:      "$/HOUR",
	ColUntil:       "UNTIL %s",
	AppliedAgo:     "%s (%s ago)",
	AppliedUnknown: "unknown (state written %s)",
	Simulated:      "simulated",
	Prices:         "Prices: USD list prices of %s, in each resource's region.",
	Unpriced:       "%d resources are unpriced and left out of the figures: the real cost is higher.",
	SandboxNote:    "Sandbox figures are simulated: what the same resources would cost on AWS.",
	ToRemove:       "To remove them:",
	CleanupAll:     "or everything at once: awstutor cleanup",
	Unreadable:     "could not read: %s",

	ReportTitle:      "# awstutor learning report — %s",
	LessonsHeading:   "## Lessons read",
	LessonsToday:     "%d read this day (%d of %d in all).",
	NoneToday:        "None.",
	QuizzesHeading:   "## Quizzes",
	QuizLine:         "%s: %d/%d%s",
	QuizPassed:       " (passed)",
	ChecksHeading:    "## Lab checks",
	ChecksSummary:    "%d passed of %d run.",
	LabsHeading:      "## Lab runs",
	LabApplied:       "applied %s, %d resources",
	LabDestroyed:     "destroyed %s, %d resources",
	LabDestroyedN:    "destroyed %s",
	LabLive:          "%d resources running now",
	LabRunFailed:     "%s %s (%s)",
	ResourcesHeading: "## Resources",
	ResourcesLine:    "%d created, %d destroyed, %d running now.",
	CostHeading:      "## Estimated cost",
	CostLine:         "%s: %s",
	CostAtLeast:      "%s: at least %s (%d labs could not be estimated)",
	CostUnavailable:  "%s: estimate unavailable",
	CostWhy:          "%s: %s",
	WhyNoApplyTime:   "the time it was applied was not recorded",
	WhyDestroyed:     "destroyed this day, and the time it was applied is no longer recorded",
	WhyUnreadable:    "its state file could not be read",
	WhyUnpriced:      "%d unpriced resources are left out",
}

// wordsFor returns the strings in the printer's language.
func wordsFor(p i18n.Printer) deskWords {
	if p.Lang() == i18n.English {
		return wordsEN
	}
	return wordsKO
}

// weekdayKO is the Korean weekday name. The one-character short form
// ("일") is left out on purpose: alone, it reads as the word "day".
var weekdayKO = [7]string{"일요일", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일"}

// deskClock formats t for a learner at now: the time alone when it is
// today, with the weekday otherwise, in now's location.
func deskClock(p i18n.Printer, t, now time.Time) string {
	t = t.In(now.Location())
	if sameLocalDate(t, now) {
		return t.Format("15:04")
	}
	if p.Lang() == i18n.English {
		return t.Format("Mon 15:04")
	}
	return weekdayKO[t.Weekday()] + " " + t.Format("15:04")
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
		if p.Lang() == i18n.English {
			return "tomorrow " + t.Format("15:04")
		}
		return "내일 " + t.Format("15:04")
	}
	return deskClock(p, t, now)
}

func sameLocalDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
