package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"awstutor/lessons"
	"awstutor/progress"
)

// kstAt is a moment in the week of Monday 2026-11-23 in Seoul; day 0 is
// Sunday the 22nd.
func kstAt(day, h, m int) time.Time {
	return time.Date(2026, 11, 22+day, h, m, 0, 0, kst).UTC()
}

// writeReportDesk builds a learner's Monday: two lessons read that day
// (one at 00:30, which is Sunday in UTC), one read on Sunday, a passed quiz
// and a failed one, three checks that day and one the day before, a lab
// applied that morning, one running since Sunday evening, one destroyed at
// 12:10 and one only planned on Sunday.
func writeReportDesk(t *testing.T) {
	t.Helper()
	dir := isolate(t)
	base := progress.NewState()
	base.Lessons["d1-s1"] = progress.LessonRecord{OpenedAt: kstAt(1, 9, 40), ReadAt: kstAt(1, 10, 5)}
	base.Lessons["d1-s2"] = progress.LessonRecord{ReadAt: kstAt(0, 20, 0)}
	base.Lessons["d1-s3"] = progress.LessonRecord{ReadAt: kstAt(1, 0, 30)}
	base.Quizzes["d1-s1"] = progress.QuizRecord{Answers: map[string]string{}, Score: 4, Total: 5, Attempts: 2,
		PassedAt: kstAt(1, 10, 20), UpdatedAt: kstAt(1, 10, 20)}
	base.Quizzes["d1-s2"] = progress.QuizRecord{Answers: map[string]string{}, Score: 2, Total: 5, Attempts: 1, UpdatedAt: kstAt(0, 20, 5)}
	base.Checks[progress.CheckKey("aws", "day4-alb-autoscaling", "alb-responds")] = progress.CheckResult{Status: "pass", At: kstAt(1, 11, 40)}
	base.Checks[progress.CheckKey("aws", "day4-alb-autoscaling", "tasks-running")] = progress.CheckResult{Status: "fail",
		Message: "0 of 1 tasks running", At: kstAt(1, 11, 45)}
	base.Checks[progress.CheckKey("sandbox", "day1-messaging", "queue-exists")] = progress.CheckResult{Status: "pass", At: kstAt(1, 11, 30)}
	base.Checks[progress.CheckKey("sandbox", "day1-messaging", "old")] = progress.CheckResult{Status: "pass", At: kstAt(0, 11, 30)}
	writeDesk(t, filepath.Join(dir, "state"), base,
		deskLabFixture{target: "aws", lab: "day4-alb-autoscaling", state: fargateALBState, run: appliedRun(kstAt(1, 11, 5), fixtureLive)},
		deskLabFixture{target: "aws", lab: "day3-fargate", state: fargateALBState, run: appliedRun(kstAt(0, 20, 0), fixtureLive)},
		deskLabFixture{target: "sandbox", lab: "day1-messaging", state: `{"version": 4, "resources": []}`, backup: fargateALBState,
			run: &progress.LabRun{LastOp: "destroy", Result: "ok", UpdatedAt: kstAt(1, 12, 10)}},
		deskLabFixture{target: "aws", lab: "day5-config-events", run: &progress.LabRun{LastOp: "plan", Result: "ok", UpdatedAt: kstAt(0, 18, 0)}},
	)
}

func TestReportJSON(t *testing.T) {
	writeReportDesk(t)
	hourly := fixtureHourly(t)
	code, out, errs := runAt(t, monday15, "report", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}

	// The shape: every section present, even when empty.
	var shape map[string]any
	if err := json.Unmarshal([]byte(out), &shape); err != nil {
		t.Fatalf("report --format json is not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"date", "generated_at", "price_date", "lessons", "quizzes", "checks", "labs", "resources", "cost"} {
		if _, ok := shape[k]; !ok {
			t.Errorf("report lacks %q", k)
		}
	}

	var rep report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Date != "2026-11-23" {
		t.Errorf("date %s, want the clock's local day 2026-11-23", rep.Date)
	}
	var read []string
	for _, l := range rep.Lessons.Read {
		read = append(read, l.ID)
	}
	if strings.Join(read, ",") != "d1-s3,d1-s1" || rep.Lessons.ReadTotal != 3 || rep.Lessons.Total < 15 {
		t.Errorf("lessons read %v (%d of %d); want d1-s3 (00:30 local) and d1-s1, 3 in all", read, rep.Lessons.ReadTotal, rep.Lessons.Total)
	}
	if len(rep.Quizzes) != 1 || rep.Quizzes[0].Lesson != "d1-s1" || rep.Quizzes[0].Score != 4 || !rep.Quizzes[0].Passed {
		t.Errorf("quizzes %+v, want d1-s1 4/5 passed only", rep.Quizzes)
	}
	if rep.Checks.Passed != 2 || rep.Checks.Run != 3 {
		t.Errorf("checks %d passed of %d, want 2 of 3", rep.Checks.Passed, rep.Checks.Run)
	}
	if rep.Resources.Created != fixtureLive || rep.Resources.Destroyed != fixtureLive || rep.Resources.Live != 2*fixtureLive {
		t.Errorf("resources %+v, want %d created (day 4 this morning), %d destroyed (day 1 from its backup), %d live",
			rep.Resources, fixtureLive, fixtureLive, 2*fixtureLive)
	}
	labs := map[string]reportLab{}
	for _, l := range rep.Labs {
		labs[l.Target+"/"+l.Lab] = l
	}
	if _, ok := labs["aws/day5-config-events"]; ok || len(labs) != 3 {
		t.Errorf("labs %v: want day 4, day 3 and day 1, not Sunday's plan", labs)
	}

	// Day 4 ran 11:05-15:00 and day 3 all day from midnight: 3h55m + 15h.
	want := hourly.Mul(decimal.NewFromInt(235 + 15*60)).Div(decimal.NewFromInt(60))
	var aws, sandbox reportCost
	for _, c := range rep.Cost {
		switch c.Target {
		case "aws":
			aws = c
		case "sandbox":
			sandbox = c
		}
	}
	if !aws.Complete || aws.Simulated || !aws.Estimate.Round(5).Equal(want.Round(5)) {
		t.Errorf("aws cost %+v, want complete %s", aws, want.Round(5))
	}
	d1 := labs["sandbox/day1-messaging"]
	if sandbox.Complete || sandbox.Unavailable != 1 || !sandbox.Simulated || d1.Cost != nil || d1.CostNote == "" {
		t.Errorf("sandbox cost %+v, day 1 %+v: a destroyed lab with no applied time is 'unavailable', never $0", sandbox, d1)
	}
	if d1.Hourly == nil || !d1.Hourly.Equal(hourly) {
		t.Errorf("day 1's rate before its destroy: %v, want %s from the state backup", d1.Hourly, hourly)
	}
}

func TestReportMarkdown(t *testing.T) {
	writeReportDesk(t)
	cat, err := lessons.Load(lessons.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	l1, _ := cat.Lesson("d1-s1")

	code, out, errs := runAt(t, monday15, "report")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"# awstutor 학습 보고서 — 2026-11-23",
		"`d1-s1` " + l1.Title + " (10:05)",
		"이날 2개를 읽었습니다 (전체 3/",
		"`d1-s1` " + l1.Title + ": 4/5 (통과)",
		"통과 2 / 실행 3.",
		"✗ aws/day4-alb-autoscaling `tasks-running` fail: 0 of 1 tasks running",
		"aws/day4-alb-autoscaling: 11:05 배포, 리소스 4개; 지금 리소스 4개 실행 중",
		"sandbox/day1-messaging: 12:10 삭제, 리소스 4개",
		"생성 4개, 삭제 4개, 지금 실행 중 8개.",
		"sandbox (시뮬레이션): 추정할 수 없음",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report does not contain %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "d1-s2") {
		t.Errorf("Sunday's lesson and quiz are in Monday's report:\n%s", out)
	}

	code, out, _ = runAt(t, monday15, "--lang", "en", "report", "--format", "md")
	if code != 0 || !strings.Contains(out, "4/5 (passed)") || !strings.Contains(out, "sandbox (simulated): estimate unavailable") {
		t.Errorf("English report: exit %d\n%s", code, out)
	}
}

func TestReportOtherDay(t *testing.T) {
	writeReportDesk(t)
	hourly := fixtureHourly(t)
	code, out, errs := runAt(t, monday15, "report", "--format", "json", "--date", "2026-11-22")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Lessons.Read) != 1 || rep.Lessons.Read[0].ID != "d1-s2" || len(rep.Quizzes) != 1 || rep.Quizzes[0].Passed {
		t.Errorf("Sunday: read %+v, quizzes %+v; want d1-s2 and its failed quiz", rep.Lessons.Read, rep.Quizzes)
	}
	// On Sunday only day 3 ran, from 20:00 to midnight, and day 5 was
	// planned, which costs nothing.
	want := hourly.Mul(decimal.NewFromInt(4))
	if len(rep.Cost) != 1 || !rep.Cost[0].Complete || !rep.Cost[0].Estimate.Round(6).Equal(want.Round(6)) {
		t.Errorf("Sunday's cost %+v, want %s", rep.Cost, want)
	}
	if rep.Resources.Created != fixtureLive || rep.Resources.Destroyed != 0 {
		t.Errorf("Sunday's resources %+v", rep.Resources)
	}
}

func TestReportEmptyAndUsage(t *testing.T) {
	isolate(t)
	code, out, errs := runAt(t, monday15, "--lang", "en", "report")
	if code != 0 || !strings.Contains(out, "0 read this day") || errs != "" {
		t.Errorf("a learner with no state: exit %d, %q, %q", code, out, errs)
	}
	for _, args := range [][]string{{"report", "--format", "pdf"}, {"report", "--date", "23/11/2026"}} {
		if code, _, errs := runAt(t, monday15, args...); code != ExitUsage || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, %q; want a one-line usage error", args, code, errs)
		}
	}
}
