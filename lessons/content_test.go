package lessons

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

func embeddedCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load(Embedded())
	if err != nil {
		t.Fatalf("the embedded course does not load: %v", err)
	}
	return c
}

// TestCourseIntegrity holds the embedded course to the week's shape: every
// lesson parses (Load), the overview and all fifteen sessions exist, each
// session has a quiz of at least four questions, and the extra pages are
// there.
func TestCourseIntegrity(t *testing.T) {
	t.Parallel()
	c := embeddedCatalog(t)
	for _, err := range c.Check() {
		t.Error(err)
	}
	sessions := 0
	for _, l := range c.Lessons() {
		if !l.Slot.IsSession() {
			continue
		}
		sessions++
		switch {
		case l.Quiz == nil:
			t.Errorf("%s: no quiz", l.ID)
		case len(l.Quiz.Questions) < 4:
			t.Errorf("%s: quiz has %d questions, want at least 4", l.ID, len(l.Quiz.Questions))
		}
		if l.Minutes != 40 {
			t.Errorf("%s: a session lasts 40 minutes, front matter says %d", l.ID, l.Minutes)
		}
		if len(l.Objectives) < 3 {
			t.Errorf("%s: %d objectives, want 3 or more", l.ID, len(l.Objectives))
		}
	}
	if sessions != 15 {
		t.Errorf("%d session lessons, want 15", sessions)
	}
	for _, id := range []string{"overview", "architecture", "cost", "week3"} {
		if _, ok := c.Lesson(id); !ok {
			t.Errorf("week page %s missing", id)
		}
	}
}

// TestCurriculumBulletsHaveSections maps every bullet the curriculum lists
// under a session to a heading of that session's lesson. The words are the
// curriculum's; a heading must contain them (case and spacing aside).
func TestCurriculumBulletsHaveSections(t *testing.T) {
	t.Parallel()
	c := embeddedCatalog(t)
	bullets := map[string][]string{
		"d1-s1": {"메시지 큐 개념", "Standard vs FIFO", "Dead Letter Queue", "실무 사용 사례"},
		"d1-s2": {"Pub/Sub 패턴", "이메일, SMS, 모바일 푸시", "Fan-out", "CloudWatch 알람 연동"},
		"d1-s3": {"IaC가 필요한 이유", "Terraform vs CloudFormation", "HCL 기본 문법", "Provider, Resource"},
		"d2-s1": {"REST API vs HTTP API", "Lambda 통합", "인증/인가", "Rate Limiting"},
		"d2-s2": {"User Pool", "Identity Pool", "소셜 로그인", "JWT 토큰 관리"},
		"d2-s3": {"init, plan, apply, destroy", "State 파일", "S3 버킷"},
		"d3-s1": {"ECR", "ECS 아키텍처", "EC2 vs Fargate", "Task Definition"},
		"d3-s2": {"Fargate 개념", "awsvpc", "리소스 할당", "CloudWatch Logs"},
		"d3-s3": {"Variable 선언", "Output", "환경별 설정", "tfvars"},
		"d4-s1": {"Application Load Balancer", "Target Group", "Health Check", "Blue/Green"},
		"d4-s2": {"Service Auto Scaling", "Target Tracking", "CloudWatch 메트릭", "로그 분석"},
		"d4-s3": {"VPC 리소스", "Security Group", "의존성", "ECS 리소스"},
		"d5-s1": {"환경변수 중앙 관리", "Secrets Manager vs Parameter Store", "애플리케이션 통합", "ECS에서 Parameter Store"},
		"d5-s2": {"이벤트 기반 아키텍처", "스케줄링", "서비스 간 이벤트 연결", "ECS Task 이벤트"},
		"d5-s3": {"SQS, SNS", "API Gateway", "ECS 전체 스택", "전체 리소스 통합"},
	}
	squash := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }
	for id, want := range bullets {
		l, ok := c.Lesson(id)
		if !ok {
			t.Errorf("%s: lesson missing", id)
			continue
		}
		var hs []string
		for _, h := range l.Headings() {
			if h.Level == 2 {
				hs = append(hs, squash(h.Text))
			}
		}
		for _, b := range want {
			found := false
			for _, h := range hs {
				if strings.Contains(h, squash(b)) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no ## heading covers the curriculum bullet %q", id, b)
			}
		}
		for _, section := range []string{"실무 사용 사례", "자주 하는 실수", "비용", "정리", "더 읽을거리"} {
			found := false
			for _, h := range hs {
				if strings.Contains(h, squash(section)) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no ## %s section", id, section)
			}
		}
	}
}

var fenced = regexp.MustCompile("(?s)```.*?```")

// TestLessonLength asks every page for at least 2,500 characters of Korean
// prose outside code blocks, and a cost note that dates its prices.
func TestLessonLength(t *testing.T) {
	t.Parallel()
	for _, l := range embeddedCatalog(t).Lessons() {
		prose := fenced.ReplaceAllString(l.Body, "")
		n := 0
		for _, r := range prose {
			if !unicode.IsSpace(r) {
				n++
			}
		}
		if n < 2500 {
			t.Errorf("%s: %d characters of prose outside code, want at least 2,500", l.ID, n)
		}
		if l.Slot.IsSession() && !strings.Contains(prose, "2026년") {
			t.Errorf("%s: the cost note does not date its prices", l.ID)
		}
	}
}

// TestHCLBlocksAreFormatted runs terraform fmt -check over every hcl block
// of every lesson, so learners copy code that is already formatted.
func TestHCLBlocksAreFormatted(t *testing.T) {
	t.Parallel()
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatalf("terraform is needed to check the lessons' HCL and is not on PATH: %v", err)
	}
	block := regexp.MustCompile("(?s)```hcl\n(.*?)```")
	dir := t.TempDir()
	n := 0
	for _, l := range embeddedCatalog(t).Lessons() {
		for i, m := range block.FindAllStringSubmatch(l.Body, -1) {
			name := filepath.Join(dir, fmt.Sprintf("%s-%03d.tf", l.ID, i))
			if err := os.WriteFile(name, []byte(m[1]), 0o600); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no hcl blocks found in the lessons")
	}
	out, err := exec.Command(tf, "fmt", "-check", "-list=true", dir).CombinedOutput()
	if err != nil {
		t.Errorf("terraform fmt -check failed for these lesson blocks (file name = lesson-index):\n%s", out)
	}
}

// TestChecklist holds the checklist to the curriculum: 8 AWS items, 5
// Terraform items and 5 labs.
func TestChecklist(t *testing.T) {
	t.Parallel()
	c := embeddedCatalog(t)
	count := map[ChecklistGroup]int{}
	for _, it := range c.Checklist.Items {
		count[it.Group]++
	}
	if count[GroupAWS] != 8 || count[GroupTerraform] != 5 || count[GroupLab] != 5 {
		t.Errorf("checklist has %v items per group, want aws 8, terraform 5, lab 5", count)
	}
}
