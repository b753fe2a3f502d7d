package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestStateHelpers(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	st := NewState()
	st.Lessons["d1-s1"] = LessonRecord{OpenedAt: at, ReadAt: at}
	st.Lessons["d1-s2"] = LessonRecord{OpenedAt: at}

	reads := []struct {
		id   string
		want bool
	}{
		{"d1-s1", true},
		{"d1-s2", false}, // opened but not marked read
		{"d9-none", false},
	}
	for _, tc := range reads {
		if got := st.IsRead(tc.id); got != tc.want {
			t.Errorf("IsRead(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
	var zero State // a State that never went through Load: nil maps
	if zero.IsRead("d1-s1") {
		t.Error("IsRead on a zero State = true, want false")
	}

	keys := []struct{ got, want string }{
		{LabKey("sandbox", "day1-messaging"), "sandbox/day1-messaging"},
		{CheckKey("aws", "day3-fargate", "task-running"), "aws/day3-fargate/task-running"},
	}
	for _, tc := range keys {
		if tc.got != tc.want {
			t.Errorf("key = %q, want %q", tc.got, tc.want)
		}
	}
}

// TestEncodeFormat pins the on-disk format: snake_case names, zero times
// left out, and every map present even when empty. Other tools (the report
// command, a course author's jq) read this file.
func TestEncodeFormat(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 28, 17, 45, 1, 0, time.UTC)
	st := NewState()
	st.Lessons["d1-s1"] = LessonRecord{OpenedAt: at}
	st.Quizzes["d1-s1"] = QuizRecord{Answers: map[string]string{"q1": "b"}, Score: 1, Total: 2, Attempts: 1, UpdatedAt: at}
	st.Labs[LabKey("sandbox", "day1-messaging")] = LabRun{
		Target: "sandbox", Lab: "day1-messaging", Workspace: "/s/w", LastOp: "apply",
		Result: "ok", AppliedAt: at, UpdatedAt: at, Resources: 4,
	}
	st.Checks[CheckKey("sandbox", "day1-messaging", "queue")] = CheckResult{Status: "pass", At: at}
	st.Checklist["keys-rotated"] = ManualTick{At: at, Note: "done"}

	got, err := encode(st)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{
  "schema": 1,
  "lessons": {
    "d1-s1": {
      "opened_at": "2026-11-28T17:45:01Z"
    }
  },
  "quizzes": {
    "d1-s1": {
      "answers": {
        "q1": "b"
      },
      "score": 1,
      "total": 2,
      "attempts": 1,
      "updated_at": "2026-11-28T17:45:01Z"
    }
  },
  "labs": {
    "sandbox/day1-messaging": {
      "target": "sandbox",
      "lab": "day1-messaging",
      "workspace": "/s/w",
      "last_op": "apply",
      "result": "ok",
      "applied_at": "2026-11-28T17:45:01Z",
      "updated_at": "2026-11-28T17:45:01Z",
      "resources": 4
    }
  },
  "checks": {
    "sandbox/day1-messaging/queue": {
      "status": "pass",
      "at": "2026-11-28T17:45:01Z"
    }
  },
  "checklist": {
    "keys-rotated": {
      "at": "2026-11-28T17:45:01Z",
      "note": "done"
    }
  }
}
`
	if string(got) != want {
		t.Errorf("encode =\n%s\nwant\n%s", got, want)
	}
}

func TestMigrations(t *testing.T) {
	t.Parallel()
	// Every schema before the current one needs a step to the next.
	for v := 1; v < SchemaVersion; v++ {
		if migrations[v] == nil {
			t.Errorf("no migration from schema %d to %d", v, v+1)
		}
	}

	// The hook itself, exercised with made-up steps: they run in order,
	// each sees the previous one's result, and the version is recorded.
	var order []int
	migs := map[int]migration{
		1: func(doc map[string]json.RawMessage) error {
			order = append(order, 1)
			doc["checklist"] = doc["ticks"]
			delete(doc, "ticks")
			return nil
		},
		2: func(doc map[string]json.RawMessage) error {
			order = append(order, 2)
			if _, ok := doc["checklist"]; !ok {
				return errors.New("step 1 did not run first")
			}
			return nil
		},
	}
	doc := map[string]json.RawMessage{"schema": json.RawMessage("1"), "ticks": json.RawMessage(`{"a":{}}`)}
	if err := upgrade(doc, 1, 3, migs); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	if fmt.Sprint(order) != "[1 2]" || string(doc["schema"]) != "3" || string(doc["checklist"]) != `{"a":{}}` {
		t.Errorf("after upgrade: order %v, doc %s", order, doc)
	}

	// A missing step is an error, not a silent skip.
	if err := upgrade(map[string]json.RawMessage{}, 1, 4, migs); err == nil {
		t.Error("upgrade past the last step: no error")
	}
	// A step that rejects the document marks it damaged.
	bad := map[int]migration{1: func(map[string]json.RawMessage) error { return errors.New("no") }}
	var d *damage
	if err := upgrade(map[string]json.RawMessage{}, 1, 2, bad); !errors.As(err, &d) {
		t.Errorf("failing step: err = %v, want *damage", err)
	}
}
