package labs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"awstutor/cloud"
)

// engineLab registers checks under a lab id of its own and returns a lab
// whose steps name them.
func engineLab(t *testing.T, steps map[string][]Check, order ...string) *Lab {
	t.Helper()
	id := "engine-" + strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	lab := &Lab{ID: id, Outputs: []string{"queue_url"}}
	for _, s := range order {
		st := Step{ID: s, Title: s}
		for _, c := range steps[s] {
			c.Step = s
			if len(c.Hints) == 0 {
				c.Hints = []string{c.ID + " hint 1", c.ID + " hint 2"}
			}
			if c.Title == "" {
				c.Title = c.ID + " title"
			}
			if len(c.Targets) == 0 {
				c.Targets = []string{TargetSandbox, TargetAWS}
			}
			Register(id, c)
			st.Checks = append(st.Checks, c.ID)
		}
		lab.Steps = append(lab.Steps, st)
	}
	return lab
}

func run(o Outcome) func(context.Context, Env) Outcome {
	return func(context.Context, Env) Outcome { return o }
}

func TestVerifyOrderStatusesAndHints(t *testing.T) {
	t.Parallel()
	lab := engineLab(t, map[string][]Check{
		"one": {{ID: "a", Run: run(Pass("fine"))}, {ID: "b", Run: run(Mismatch("queue visibility", 30, 60))}},
		"two": {{ID: "c", Targets: []string{TargetAWS}, Unprovable: "the sandbox cannot call the API", Run: func(context.Context, Env) Outcome {
			panic("a check the target cannot prove must not run")
		}}},
	}, "one", "two")
	results, err := Verify(context.Background(), Env{Target: TargetSandbox}, lab, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id, step string
		status   CheckStatus
		message  string
		hint     string
	}{
		{"a", "one", CheckPass, "fine", ""},
		{"b", "one", CheckFail, "queue visibility: expected 30, found 60", "b hint 1"},
		{"c", "two", CheckNotProvable, "the sandbox cannot call the API", ""},
	}
	if len(results) != len(want) {
		t.Fatalf("got %d results, want %d", len(results), len(want))
	}
	for i, w := range want {
		r := results[i]
		if r.ID != w.id || r.Step != w.step || r.Status != w.status || r.Message != w.message || r.Hint != w.hint {
			t.Errorf("result %d = %+v, want %+v", i, r, w)
		}
		if r.Title != w.id+" title" || len(r.Hints) != 2 || r.At.IsZero() {
			t.Errorf("result %d lacks title, hints or time: %+v", i, r)
		}
	}
	if !Failed(results) {
		t.Error("Failed = false with a failing check")
	}
	// --json prints exactly {id, step, title, status, message, hint}.
	raw, _ := json.Marshal(results[1])
	var keys map[string]any
	json.Unmarshal(raw, &keys)
	if len(keys) != 6 || keys["status"] != "fail" || keys["hint"] != "b hint 1" {
		t.Errorf("JSON of a result = %s", raw)
	}
}

func TestVerifyStep(t *testing.T) {
	t.Parallel()
	lab := engineLab(t, map[string][]Check{
		"one": {{ID: "a", Run: run(Pass("a"))}},
		"two": {{ID: "b", Run: run(Pass("b"))}},
	}, "one", "two")
	results, err := Verify(context.Background(), Env{Target: TargetSandbox}, lab, VerifyOptions{Step: "two"})
	if err != nil || len(results) != 1 || results[0].ID != "b" {
		t.Fatalf("Verify(step two) = %+v, %v; want only b", results, err)
	}
	_, err = Verify(context.Background(), Env{Target: TargetSandbox}, lab, VerifyOptions{Step: "three"})
	if err == nil || !strings.Contains(err.Error(), `no step "three"; its steps are one, two`) {
		t.Errorf("unknown step: %v", err)
	}
}

func TestVerifyUnimplementedCheck(t *testing.T) {
	t.Parallel()
	ran := false
	lab := engineLab(t, map[string][]Check{"one": {{ID: "a", Run: func(context.Context, Env) Outcome { ran = true; return Pass("") }}}}, "one")
	lab.Steps[0].Checks = append(lab.Steps[0].Checks, "not-written")
	_, err := Verify(context.Background(), Env{Target: TargetSandbox}, lab, VerifyOptions{})
	if err == nil || !strings.Contains(err.Error(), "not-written (step one)") {
		t.Errorf("err = %v, want one naming the check without an implementation", err)
	}
	if ran {
		t.Error("a check ran although the lab names one with no implementation")
	}
}

// TestVerifyConcurrency: independent checks run at the same time (each
// waits for all to start), and checks sharing an Exclusive key never
// overlap.
func TestVerifyConcurrency(t *testing.T) {
	t.Parallel()
	const n = 4
	var started sync.WaitGroup
	started.Add(n)
	parallel := func(ctx context.Context, _ Env) Outcome {
		started.Done()
		done := make(chan struct{})
		go func() { started.Wait(); close(done) }()
		select {
		case <-done:
			return Pass("ran alongside the others")
		case <-ctx.Done():
			return Fail("ran alone")
		}
	}
	var inside, overlaps atomic.Int32
	exclusive := func(context.Context, Env) Outcome {
		if inside.Add(1) > 1 {
			overlaps.Add(1)
		}
		time.Sleep(20 * time.Millisecond)
		inside.Add(-1)
		return Pass("alone")
	}
	var checks []Check
	for i := range n {
		checks = append(checks, Check{ID: fmt.Sprintf("p%d", i), Run: parallel})
	}
	for i := range 3 {
		checks = append(checks, Check{ID: fmt.Sprintf("x%d", i), Exclusive: "queue", Run: exclusive})
	}
	lab := engineLab(t, map[string][]Check{"one": checks}, "one")
	results, err := Verify(context.Background(), Env{Target: TargetSandbox}, lab, VerifyOptions{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Status != CheckPass {
			t.Errorf("%s: %s %s", r.ID, r.Status, r.Message)
		}
	}
	if overlaps.Load() != 0 {
		t.Errorf("exclusive checks overlapped %d times", overlaps.Load())
	}
}

func TestVerifyTimeoutAndPanic(t *testing.T) {
	t.Parallel()
	cleaned := make(chan bool, 1)
	lab := engineLab(t, map[string][]Check{"one": {
		{ID: "slow", Run: func(ctx context.Context, _ Env) Outcome {
			defer Cleanup(ctx, func(cctx context.Context) { cleaned <- cctx.Err() == nil })
			<-ctx.Done()
			return Errored("receive", ctx.Err())
		}},
		{ID: "broken", Run: func(context.Context, Env) Outcome {
			var m map[string]int
			m["x"]++
			return Pass("")
		}},
		{ID: "empty", Run: run(Outcome{})},
	}}, "one")
	start := time.Now()
	results, err := Verify(context.Background(), Env{Target: TargetSandbox}, lab, VerifyOptions{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("the time limit did not hold: %s", time.Since(start))
	}
	if r := results[0]; r.Status != CheckFail || !strings.Contains(r.Message, "did not finish within 100ms") || r.Hint != "slow hint 1" {
		t.Errorf("slow: %+v", r)
	}
	if !<-cleaned {
		t.Error("the clean-up of a timed-out check ran on an ended context")
	}
	if r := results[1]; r.Status != CheckFail || !strings.Contains(r.Message, "internal error") {
		t.Errorf("broken: %+v", r)
	}
	if r := results[2]; r.Status != CheckFail {
		t.Errorf("a check with no outcome: %+v, want fail", r)
	}
}

func TestVerifySandboxDown(t *testing.T) {
	t.Parallel()
	lab := engineLab(t, map[string][]Check{"one": {
		{ID: "a", Run: run(Errored("read the queue", cloud.ErrSandboxDown))},
		{ID: "b", Run: run(Pass("fine"))},
	}}, "one")
	results, err := Verify(context.Background(), Env{Target: TargetSandbox}, lab, VerifyOptions{})
	if !errors.Is(err, cloud.ErrSandboxDown) {
		t.Fatalf("err = %v, want the sandbox-down error once", err)
	}
	if len(results) != 2 {
		t.Errorf("results are still returned: %+v", results)
	}
}

func TestVerifyCancelled(t *testing.T) {
	t.Parallel()
	lab := engineLab(t, map[string][]Check{"one": {{ID: "a", Run: func(ctx context.Context, _ Env) Outcome {
		<-ctx.Done()
		return Errored("wait", ctx.Err())
	}}}}, "one")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := Verify(ctx, Env{Target: TargetSandbox}, lab, VerifyOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestEnvOutput(t *testing.T) {
	t.Parallel()
	var got []string
	lab := engineLab(t, map[string][]Check{"one": {{ID: "a", Run: func(_ context.Context, env Env) Outcome {
		for _, name := range []string{"queue_url", "undeclared"} {
			_, err := env.Output(name)
			got = append(got, fmt.Sprint(err))
		}
		return Pass("")
	}}}}, "one")
	for _, outs := range []Outputs{{}, {"queue_url": json.RawMessage(`null`)}, {"queue_url": json.RawMessage(`""`)}} {
		got = nil
		if _, err := Verify(context.Background(), Env{Target: TargetSandbox, Outputs: outs}, lab, VerifyOptions{}); err != nil {
			t.Fatal(err)
		}
		if want := "output queue_url is missing: run awstutor lab up " + lab.ID + " first"; got[0] != want {
			t.Errorf("outputs %v: %q, want %q", outs, got[0], want)
		}
		if !strings.Contains(got[1], "not listed in lab.yaml's outputs") {
			t.Errorf("an undeclared output: %q", got[1])
		}
	}
}

func TestRegisterRejectsBadChecks(t *testing.T) {
	t.Parallel()
	ok := Check{ID: "fine", Step: "s", Title: "t", Hints: []string{"h"}, Targets: []string{TargetSandbox, TargetAWS}, Run: run(Pass(""))}
	for name, edit := range map[string]func(*Check){
		"no id":       func(c *Check) { c.ID = "" },
		"no hints":    func(c *Check) { c.Hints = nil },
		"no run":      func(c *Check) { c.Run = nil },
		"bad target":  func(c *Check) { c.Targets = []string{"mars"} },
		"silent skip": func(c *Check) { c.Targets = []string{TargetAWS} },
	} {
		c := ok
		edit(&c)
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Register accepted %+v", name, c)
				}
			}()
			Register("engine-register-"+strings.ReplaceAll(name, " ", "-"), c)
		}()
	}
	Register("engine-register-dup", ok)
	defer func() {
		if recover() == nil {
			t.Error("Register accepted the same id twice")
		}
	}()
	Register("engine-register-dup", ok)
}

// TestEveryCheckImplemented: every check id that a lab (day1-messaging
// to day5-config-events) names in lab.yaml has an implementation
// registered for the step that names it, and no check is registered that
// no step names.
func TestEveryCheckImplemented(t *testing.T) {
	t.Parallel()
	for _, id := range []string{day1, day2, day3, day4, day5} {
		_, lab := contentLab(t, id)
		named := map[string]bool{}
		for _, s := range lab.Steps {
			for _, cid := range s.Checks {
				named[cid] = true
				c, ok := LookupCheck(id, cid)
				switch {
				case !ok:
					t.Errorf("%s: step %s names check %s, which is not implemented", id, s.ID, cid)
				case c.Step != s.ID:
					t.Errorf("%s: check %s is registered for step %s, lab.yaml puts it in %s", id, cid, c.Step, s.ID)
				}
			}
		}
		for _, c := range RegisteredChecks(id) {
			if !named[c.ID] {
				t.Errorf("%s: check %s is registered but no step of lab.yaml names it", id, c.ID)
			}
			if len(c.Hints) < 2 {
				t.Errorf("%s: check %s has %d hints; give progressive hints", id, c.ID, len(c.Hints))
			}
		}
	}
}

func TestWildcardMatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"arn:aws:execute-api:r:1:abc/*/*", "arn:aws:execute-api:r:1:abc/$default/GET/me", true},
		{"arn:aws:execute-api:r:1:abc/*/*", "arn:aws:execute-api:r:1:abcd/$default/GET/me", false},
		{"arn:aws:sns:r:1:topic", "arn:aws:sns:r:1:topic", true},
		{"arn:aws:sns:r:1:t?pic", "arn:aws:sns:r:1:topic", true},
		{"arn:aws:sns:r:1:top.c", "arn:aws:sns:r:1:topic", false},
	} {
		if got := wildcardMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("wildcardMatch(%q, %q) = %v", tc.pattern, tc.s, got)
		}
	}
}
