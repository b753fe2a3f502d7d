package tfrun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const threeResources = `
variable "greeting" {
  type = string
}

resource "terraform_data" "a" {
  input = var.greeting
}

resource "terraform_data" "b" {
  input = terraform_data.a.output
}

resource "terraform_data" "c" {
  input = "c"
}

output "greeting" {
  value = terraform_data.a.output
}

output "secret" {
  value     = "s3cret"
  sensitive = true
}
`

func newRunner(t *testing.T, dir string, varFiles ...string) *Runner {
	t.Helper()
	r, err := New(Options{
		Terraform:      needTerraform(t),
		Dir:            dir,
		VarFiles:       varFiles,
		PluginCacheDir: filepath.Join(t.TempDir(), "plugin-cache"),
		Log:            testLog{t},
		InterruptGrace: 20 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// drain runs fn with an events channel and returns what was sent on it.
func drain(fn func(chan<- Event)) []Event {
	ch := make(chan Event)
	var got []Event
	done := make(chan struct{})
	go func() {
		for e := range ch {
			got = append(got, e)
		}
		close(done)
	}()
	fn(ch)
	close(ch)
	<-done
	return got
}

// TestRunnerLifecycle runs init, plan, apply, outputs and a destroy plan
// and apply against the real terraform, and checks the event stream.
func TestRunnerLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	// prod.tfvars lies in the workspace but is not the lab's: it must not
	// be passed (its value would fail the plan if it were).
	writeFiles(t, dir, map[string]string{"main.tf": threeResources, "class.tfvars": "greeting = \"hi\"\n", "prod.tfvars": "nonexistent = 1\n"})
	r := newRunner(t, dir, "class.tfvars")

	if err := r.Init(ctx); err != nil {
		t.Fatalf("Init: %v", err)
	}
	spec, err := r.NewPlanSpec(false)
	if err != nil {
		t.Fatal(err)
	}
	if len(spec.VarFiles) != 1 || spec.VarFiles[0] != "class.tfvars" {
		t.Fatalf("plan spec var files = %q, want class.tfvars (the plan fails without it)", spec.VarFiles)
	}
	plan, err := r.Plan(ctx, spec)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if plan.Adds != 3 || plan.Total() != 3 || plan.File != filepath.Join(dir, PlanFile) {
		t.Fatalf("plan = %s (%d resources) in %s, want 3 to add in the workspace", plan, plan.Total(), plan.File)
	}
	if plan.HasJSON() || plan.JSON != nil {
		t.Error("Plan read the plan JSON; that is ShowPlan's job")
	}
	summary := *plan
	if err := r.ShowPlan(ctx, plan); err != nil {
		t.Fatalf("ShowPlan: %v", err)
	}
	if !json.Valid(plan.JSON) || !bytes.Contains(plan.JSON, []byte(`"resource_changes"`)) || !plan.HasJSON() {
		t.Errorf("plan JSON is not terraform show -json output: %.200s", plan.JSON)
	}
	// The summary from the -json stream agrees with the plan JSON.
	full, err := ParsePlan(plan.JSON)
	if err != nil {
		t.Fatal(err)
	}
	sortChanges := func(c []PlannedChange) []PlannedChange {
		c = slices.Clone(c)
		slices.SortFunc(c, func(a, b PlannedChange) int { return strings.Compare(a.Address, b.Address) })
		return c
	}
	if summary.String() != full.String() || !slices.Equal(sortChanges(summary.Resources), sortChanges(full.Resources)) {
		t.Errorf("stream summary %s %+v differs from plan JSON %s %+v", &summary, summary.Resources, full, full.Resources)
	}
	if got := plan.AfterResources("ap-northeast-2"); len(got) != 3 || got[0].Attrs["input"] != "hi" {
		t.Errorf("AfterResources = %+v, want three with a's input", got)
	}

	var res *ApplyResult
	events := drain(func(ch chan<- Event) {
		res, err = r.Apply(ctx, ApplySpec{Plan: PlanFile}, ch)
	})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if res.Changes == nil || res.Changes.Add != 3 {
		t.Errorf("apply changes = %+v, want 3 added", res.Changes)
	}
	// Each resource starts before it is done; b waits for a; the summary
	// comes after all of them.
	pos := map[string]int{}
	for i, e := range events {
		pos[string(e.Kind)+" "+e.Address] = i
	}
	for _, addr := range []string{"terraform_data.a", "terraform_data.b", "terraform_data.c"} {
		s, okS := pos["started "+addr]
		d, okD := pos["done "+addr]
		if !okS || !okD || s > d || d > pos["summary "] {
			t.Errorf("%s: started at %d (%v), done at %d (%v), summary at %d", addr, s, okS, d, okD, pos["summary "])
		}
	}
	if pos["done terraform_data.a"] > pos["started terraform_data.b"] {
		t.Error("b started before a was done, against the dependency")
	}
	p := NewProgress(plan, nil)
	for _, e := range events {
		p.Observe(e)
	}
	if p.Done() != 3 || p.Total() != 3 || p.Failed() != 0 {
		t.Errorf("progress %d of %d (%d failed), want 3 of 3", p.Done(), p.Total(), p.Failed())
	}

	outs, err := r.Outputs(ctx)
	if err != nil {
		t.Fatalf("Outputs: %v", err)
	}
	if string(outs["greeting"].Value) != `"hi"` || !outs["secret"].Sensitive {
		t.Errorf("outputs = greeting %s, secret sensitive=%v", outs["greeting"].Value, outs["secret"].Sensitive)
	}

	spec.Destroy = true
	dplan, err := r.Plan(ctx, spec)
	if err != nil {
		t.Fatalf("destroy Plan: %v", err)
	}
	if dplan.Destroys != 3 {
		t.Errorf("destroy plan = %s, want 3 to destroy", dplan)
	}
	if _, err := r.Apply(ctx, ApplySpec{Plan: PlanFile}, nil); err != nil {
		t.Fatalf("destroy Apply: %v", err)
	}
	st, err := ReadState(dir)
	if err != nil || len(st.Resources) != 0 {
		t.Errorf("state after destroy = %+v, %v; want empty", st.Resources, err)
	}
}

// TestRunnerErrors checks that a broken configuration comes back as a
// CommandError naming the file and line, without the CLI config warning.
func TestRunnerErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name  string
		tf    string
		apply bool
		want  []string
	}{
		{"undeclared reference", `resource "terraform_data" "b" {
  input = terraform_data.nope.output
}
`, false, []string{"terraform plan failed", "Reference to undeclared resource", "(main.tf:2)"}},
		{"provisioner fails during apply", `resource "terraform_data" "x" {
  provisioner "local-exec" {
    command = "exit 7"
  }
}
`, true, []string{"terraform apply failed", "local-exec provisioner error", "exit status 7", "main.tf:2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"main.tf": tt.tf})
			r := newRunner(t, dir)
			if err := r.Init(ctx); err != nil {
				t.Fatalf("Init: %v", err)
			}
			_, err := r.Plan(ctx, PlanSpec{Out: PlanFile})
			if tt.apply {
				if err != nil {
					t.Fatalf("Plan: %v", err)
				}
				_, err = r.Apply(ctx, ApplySpec{Plan: PlanFile}, nil)
			}
			var ce *CommandError
			if !errors.As(err, &ce) {
				t.Fatalf("error = %v (%T), want a *CommandError", err, err)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			if strings.Contains(msg, "CLI configuration") || strings.Contains(ce.Stderr, "CLI configuration") {
				t.Errorf("the harmless CLI config warning leaked into the error: %q / %q", msg, ce.Stderr)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
		})
	}
}

// TestRunnerInterrupt cancels an apply while a provisioner sleeps. The
// runner must interrupt terraform gracefully: apply returns promptly with
// context.Canceled, terraform has saved the state (the fast resource, and
// the slow one tainted), and the sleeping child is gone.
func TestRunnerInterrupt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	marker := fmt.Sprintf("%d", 600+time.Now().Nanosecond()%300) // a sleep length no one else uses
	writeFiles(t, dir, map[string]string{"main.tf": `
resource "terraform_data" "fast" {
  input = "fast"
}

resource "terraform_data" "slow" {
  input = terraform_data.fast.output
  provisioner "local-exec" {
    command = "exec sleep ` + marker + `"
  }
}
`})
	r := newRunner(t, dir)
	bg := context.Background()
	if err := r.Init(bg); err != nil {
		t.Fatal(err)
	}
	plan, err := r.Plan(bg, PlanSpec{Out: PlanFile})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(bg)
	defer cancel()
	ch := make(chan Event)
	type result struct {
		res *ApplyResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := r.Apply(ctx, ApplySpec{Plan: PlanFile}, ch)
		done <- result{res, err}
	}()
	p := NewProgress(plan, nil)
	var cancelledAt time.Time
	var got result
loop:
	for {
		select {
		case e := <-ch:
			p.Observe(e)
			// Wait until the provisioner is running, then interrupt.
			if e.Address == "terraform_data.slow" && strings.Contains(e.Message, "Executing") && cancelledAt.IsZero() {
				cancelledAt = time.Now()
				cancel()
			}
		case got = <-done:
			break loop
		case <-time.After(30 * time.Second):
			t.Fatal("apply did not return within 30s of starting")
		}
	}
	if cancelledAt.IsZero() {
		t.Fatalf("apply ended before the slow resource ran: %v", got.err)
	}
	if !errors.Is(got.err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", got.err)
	}
	if took := time.Since(cancelledAt); took > 10*time.Second {
		t.Errorf("apply took %v to stop after the interrupt", took)
	}
	if p.Done() != 2 || p.Failed() != 1 {
		t.Errorf("progress: %d of %d done, %d failed; want the slow one failed", p.Done(), p.Total(), p.Failed())
	}
	st, err := ReadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []StateResource{
		{Address: "terraform_data.fast", Type: "terraform_data"},
		{Address: "terraform_data.slow", Type: "terraform_data", Tainted: true},
	}
	if fmt.Sprint(st.Resources) != fmt.Sprint(want) {
		t.Errorf("state after interrupt = %+v, want %+v", st.Resources, want)
	}
	if pids := processesRunning("sleep", marker); len(pids) > 0 {
		t.Errorf("sleep %s still running after the interrupt: pids %v", marker, pids)
	}
}

// processesRunning lists pids whose command line is exactly args (Linux).
func processesRunning(args ...string) []string {
	want := strings.Join(args, "\x00") + "\x00"
	entries, _ := os.ReadDir("/proc")
	var pids []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && string(b) == want {
			pids = append(pids, e.Name())
		}
	}
	return pids
}

func TestRunnerCancelledBeforeStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": threeResources})
	r := newRunner(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := r.Init(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Init on a cancelled context = %v, want context.Canceled", err)
	}
}

func TestNewRunnerValidates(t *testing.T) {
	t.Parallel()
	if _, err := New(Options{Dir: t.TempDir()}); !errors.Is(err, ErrTerraformNotFound) {
		t.Errorf("New without a binary = %v, want ErrTerraformNotFound", err)
	}
	if _, err := New(Options{Terraform: Binary{Path: "/usr/bin/terraform"}}); err == nil {
		t.Error("New without a workspace succeeded")
	}
	cache := filepath.Join(t.TempDir(), "a", "cache")
	if _, err := New(Options{Terraform: Binary{Path: "/usr/bin/terraform"}, Dir: t.TempDir(), PluginCacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(cache); err != nil || !info.IsDir() || info.Mode().Perm() != 0o700 {
		t.Errorf("plugin cache dir = %v, %v; want a 0700 directory", info, err)
	}
}

// TestApplyAbandonedChannel: a consumer that stops reading must not hang
// the runner once the context is cancelled.
func TestApplyAbandonedChannel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": threeResources, "terraform.tfvars": "greeting = \"hi\"\n"})
	r := newRunner(t, dir)
	bg := context.Background()
	if err := r.Init(bg); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Plan(bg, PlanSpec{Out: PlanFile}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bg, 2*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := r.Apply(ctx, ApplySpec{Plan: PlanFile}, make(chan Event)) // never read
		done <- err
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Apply hung on an abandoned events channel")
	}
	// Whatever the outcome, the state file is consistent JSON.
	if _, err := ReadState(dir); err != nil {
		t.Errorf("state after an abandoned apply: %v", err)
	}
}

// TestPlanSpecNeedsItsVarFiles: a listed variable file missing from the
// workspace is one clear error, before terraform runs.
func TestPlanSpecNeedsItsVarFiles(t *testing.T) {
	t.Parallel()
	r := newRunner(t, t.TempDir(), "dev.tfvars")
	_, err := r.NewPlanSpec(false)
	if err == nil || !strings.Contains(err.Error(), "dev.tfvars is missing") {
		t.Fatalf("NewPlanSpec error = %v, want it to name the missing dev.tfvars", err)
	}
}
