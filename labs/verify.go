package labs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"awstutor/cloud"
	"awstutor/tfrun"
)

// CheckStatus is the outcome of one check. The strings are stored in the
// learner's progress and read back by the TUI's checklist, so they never
// change.
type CheckStatus string

// The outcomes of a check.
const (
	// CheckPass: the check saw what the lab asks for.
	CheckPass CheckStatus = "pass"
	// CheckFail: the check saw something else, or could not look; the
	// message says what was expected and what was found.
	CheckFail CheckStatus = "fail"
	// CheckNotProvable: the target cannot prove the claim (the sandbox
	// cannot call a deployed API); the message says why. It is never a
	// pass in disguise.
	CheckNotProvable CheckStatus = "not-provable"
)

// DefaultCheckTimeout bounds one check when VerifyOptions.Timeout is zero.
// The slowest checks send and receive messages with short long-polls and
// sign a user up; on real AWS each finishes in a few seconds, so a minute
// means something hangs.
const DefaultCheckTimeout = 60 * time.Second

// cleanupTimeout bounds the clean-up a check does after its work, on a
// context of its own: a check that timed out still deletes its test
// messages and users.
const cleanupTimeout = 15 * time.Second

// maxParallelChecks bounds how many checks talk to the target at once, so
// a lab with many checks stays well inside AWS's API rate limits.
const maxParallelChecks = 8

// Outcome is what a check's Run returns: a status and the sentence that
// explains it. Build it with Pass, Fail, Mismatch, NotProvable or Errored.
type Outcome struct {
	Status  CheckStatus
	Message string
	// Hint, when set, replaces the check's first hint for this failure:
	// for one that is not about the learner's Terraform (a queue holding
	// other messages), the check's hints would point the wrong way.
	Hint string
	// err is the failure of a call that stopped the check, kept so Verify
	// can tell "the sandbox is down" (one error for the whole run) from a
	// check that failed.
	err error
}

// Pass reports that the check saw what it looks for; the message says what.
func Pass(format string, args ...any) Outcome {
	return Outcome{Status: CheckPass, Message: fmt.Sprintf(format, args...)}
}

// Fail reports that the check saw something other than what the lab asks
// for. The message must say what was expected and what was found.
func Fail(format string, args ...any) Outcome {
	return Outcome{Status: CheckFail, Message: fmt.Sprintf(format, args...)}
}

// Mismatch is Fail for one value: "<what>: expected <want>, found <got>".
func Mismatch(what string, want, got any) Outcome {
	return Fail("%s: expected %v, found %v", what, want, got)
}

// NotProvable reports that the target cannot prove the claim, and why.
func NotProvable(reason string) Outcome {
	return Outcome{Status: CheckNotProvable, Message: reason}
}

// Errored reports a call that failed, so the check could not look: a fail
// (never a pass) whose message names the operation and the cause.
func Errored(op string, err error) Outcome {
	err = cloud.Classify(err)
	return Outcome{Status: CheckFail, Message: fmt.Sprintf("could not %s: %s", op, errorSentence(err)), err: err}
}

// errorSentence shortens an SDK error to what a learner can read: the API
// error code and message when there is one, else the error text.
func errorSentence(err error) string {
	if errors.Is(err, cloud.ErrSandboxDown) || errors.Is(err, cloud.ErrCredentials) {
		return err.Error()
	}
	var api interface {
		ErrorCode() string
		ErrorMessage() string
	}
	if errors.As(err, &api) {
		if msg := api.ErrorMessage(); msg != "" {
			return api.ErrorCode() + ": " + msg
		}
		return api.ErrorCode()
	}
	return err.Error()
}

// Check is one claim about a lab's outcome, proven against a target.
type Check struct {
	// ID is unique within the lab and named by a step's checks in lab.yaml.
	ID string
	// Lab is the lab's id; Register sets it.
	Lab string
	// Step is the lab.yaml step the check belongs to; a test keeps it in
	// line with lab.yaml, which is what Verify reports.
	Step string
	// Title says in Korean what the check proves.
	Title string
	// Hints are shown one at a time, gentlest first (Korean); the first
	// accompanies a failure.
	Hints []string
	// Targets are where the check can prove its claim (TargetSandbox,
	// TargetAWS).
	Targets []string
	// Unprovable says why a target outside Targets cannot prove the claim;
	// required when Targets leaves one out.
	Unprovable string
	// Exclusive names state the check changes (messages in a queue):
	// checks with the same key run one after another, so one check does
	// not receive another's test messages. Empty means it runs alongside
	// anything.
	Exclusive string
	// Run proves the claim. It must honour ctx, never print secrets in its
	// message, and clean up what it creates even when ctx has ended (see
	// Cleanup).
	Run func(ctx context.Context, env Env) Outcome
}

// CanProve reports whether the check can prove its claim on target.
func (c Check) CanProve(target string) bool { return slices.Contains(c.Targets, target) }

// registry holds every check by lab, then id. Checks register from init
// functions, so it is complete before main runs; the mutex keeps late
// registration (tests) safe.
var registry = struct {
	mu     sync.RWMutex
	checks map[string]map[string]Check
}{checks: map[string]map[string]Check{}}

// Register adds the checks of a lab to the registry. It panics on an
// invalid or duplicate check: that is a programming error, found the
// first time the binary (or any test) starts.
func Register(lab string, checks ...Check) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	byID := registry.checks[lab]
	if byID == nil {
		byID = map[string]Check{}
		registry.checks[lab] = byID
	}
	for _, c := range checks {
		c.Lab = lab
		if err := validateCheck(c); err != nil {
			panic(fmt.Sprintf("labs: register check %s/%s: %v", lab, c.ID, err))
		}
		if _, dup := byID[c.ID]; dup {
			panic(fmt.Sprintf("labs: check %s/%s registered twice", lab, c.ID))
		}
		byID[c.ID] = c
	}
}

func validateCheck(c Check) error {
	switch {
	case c.ID == "" || !labIDPattern.MatchString(c.ID):
		return errors.New("id must be lower-case letters, digits and dashes")
	case c.Step == "":
		return errors.New("no step")
	case strings.TrimSpace(c.Title) == "":
		return errors.New("no title")
	case len(c.Hints) == 0:
		return errors.New("no hints")
	case c.Run == nil:
		return errors.New("no Run function")
	case len(c.Targets) == 0:
		return errors.New("no targets")
	}
	for _, t := range c.Targets {
		if t != TargetSandbox && t != TargetAWS {
			return fmt.Errorf("target %q is not %s or %s", t, TargetSandbox, TargetAWS)
		}
	}
	if len(c.Targets) < 2 && c.Unprovable == "" {
		return errors.New("leaves a target out without saying why (Unprovable)")
	}
	return nil
}

// LookupCheck returns the registered check of a lab.
func LookupCheck(lab, id string) (Check, bool) {
	registry.mu.RLock()
	defer registry.mu.RUnlock()
	c, ok := registry.checks[lab][id]
	return c, ok
}

// RegisteredChecks returns a lab's registered checks, by id.
func RegisteredChecks(lab string) []Check {
	registry.mu.RLock()
	defer registry.mu.RUnlock()
	out := make([]Check, 0, len(registry.checks[lab]))
	for _, c := range registry.checks[lab] {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Check) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Outputs are a lab's Terraform outputs as JSON values, by name.
type Outputs map[string]json.RawMessage

// OutputsFrom converts what Manager.Outputs returns.
func OutputsFrom(outs map[string]tfrun.Output) Outputs {
	o := make(Outputs, len(outs))
	for k, v := range outs {
		o[k] = json.RawMessage(v.Value)
	}
	return o
}

// MissingOutputError reports an output a check needs that the workspace's
// state does not have: the lab (or that part of it) was not applied.
type MissingOutputError struct {
	Lab, Name string
}

func (e *MissingOutputError) Error() string {
	return fmt.Sprintf("output %s is missing: run awstutor lab up %s first", e.Name, e.Lab)
}

// Env is what a check works with: where it runs, the lab's outputs and the
// target's clients.
type Env struct {
	// Target is TargetSandbox or TargetAWS.
	Target string
	// Region is the clients' region.
	Region string
	// Lab is the lab's id; Verify sets it.
	Lab string
	// Outputs are the workspace's Terraform outputs.
	Outputs Outputs
	// Clients are the target's service clients.
	Clients *cloud.Clients
	// Workspace is the learner's workspace directory, for checks that read
	// the learner's own files.
	Workspace string
	// HTTP calls deployed endpoints on real AWS; nil means a client with a
	// ten-second timeout.
	HTTP *http.Client

	// declared are the outputs lab.yaml lists; Verify sets them, so a
	// check reading an undeclared output is caught by the lab's tests.
	declared []string
}

// Output returns a string output. A missing or empty one is a
// *MissingOutputError; one lab.yaml does not list is an error in the lab's
// content.
func (e Env) Output(name string) (string, error) {
	var s string
	if err := e.OutputJSON(name, &s); err != nil {
		return "", err
	}
	if s == "" {
		return "", &MissingOutputError{Lab: e.Lab, Name: name}
	}
	return s, nil
}

// OutputJSON decodes an output of any type into v.
func (e Env) OutputJSON(name string, v any) error {
	if e.declared != nil && !slices.Contains(e.declared, name) {
		return fmt.Errorf("output %s is read by a check but not listed in lab.yaml's outputs of lab %s", name, e.Lab)
	}
	raw, ok := e.Outputs[name]
	if !ok || string(raw) == "null" {
		return &MissingOutputError{Lab: e.Lab, Name: name}
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("output %s has the wrong type: %w", name, err)
	}
	return nil
}

func (e Env) httpClient() *http.Client {
	if e.HTTP != nil {
		return e.HTTP
	}
	return &http.Client{Timeout: 10 * time.Second}
}

// OutputFailed turns an error from Env.Output into a fail outcome.
func OutputFailed(err error) Outcome {
	return Outcome{Status: CheckFail, Message: err.Error()}
}

// CheckResult is the result of one check, as `lab verify --json` prints it.
type CheckResult struct {
	ID      string      `json:"id"`
	Step    string      `json:"step"`
	Title   string      `json:"title"`
	Status  CheckStatus `json:"status"`
	Message string      `json:"message"`
	// Hint is the check's first hint, given with a failure only.
	Hint string `json:"hint,omitempty"`
	// Hints are all of the check's hints, for a screen that shows the
	// next one on request.
	Hints []string `json:"-"`
	// At is when the check finished.
	At time.Time `json:"-"`
	// Elapsed is how long it ran.
	Elapsed time.Duration `json:"-"`

	err error
}

// VerifyOptions select and bound a verification.
type VerifyOptions struct {
	// Step limits the run to one step's checks; empty runs all.
	Step string
	// Timeout bounds each check; zero means DefaultCheckTimeout.
	Timeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// plannedCheck is a check as lab.yaml places it.
type plannedCheck struct {
	check Check
	step  string
	index int
}

// Verify runs the lab's checks (one step's with opts.Step) against env and
// returns one result per check in lab.yaml's order. Checks run
// concurrently, each within opts.Timeout, except that checks sharing an
// Exclusive key run one after another. A check the target cannot prove is
// reported not-provable without running.
//
// The error is non-nil for a step the lab does not have, a check id in
// lab.yaml with no registered implementation (nothing runs then), a
// cancelled ctx, and a target that stopped answering (the sandbox is down,
// the AWS credentials expired): results are returned then too, but they
// say more about the connection than about the lab, and callers should
// not record them.
func Verify(ctx context.Context, env Env, lab *Lab, opts VerifyOptions) ([]CheckResult, error) {
	plan, err := planChecks(lab, opts.Step)
	if err != nil {
		return nil, err
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultCheckTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	env.Lab = lab.ID
	env.declared = slices.Clone(lab.Outputs)
	if env.declared == nil {
		env.declared = []string{}
	}

	results := make([]CheckResult, len(plan))
	// Checks that share an Exclusive key form one group that runs in
	// order; every other check is a group of its own.
	var groups [][]plannedCheck
	byKey := map[string]int{}
	for _, p := range plan {
		if k := p.check.Exclusive; k != "" {
			if i, ok := byKey[k]; ok {
				groups[i] = append(groups[i], p)
				continue
			}
			byKey[k] = len(groups)
		}
		groups = append(groups, []plannedCheck{p})
	}
	sem := make(chan struct{}, maxParallelChecks)
	var wg sync.WaitGroup
	for _, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range g {
				select {
				case sem <- struct{}{}:
				case <-ctx.Done():
					results[p.index] = resultFor(p, Outcome{Status: CheckFail, Message: "cancelled", err: ctx.Err()}, opts.Now(), 0)
					continue
				}
				start := time.Now()
				out := runOne(ctx, env, p.check, opts.Timeout)
				<-sem
				results[p.index] = resultFor(p, out, opts.Now(), time.Since(start))
			}
		}()
	}
	wg.Wait()

	if err := ctx.Err(); err != nil {
		return results, err
	}
	for _, r := range results {
		if errors.Is(r.err, cloud.ErrSandboxDown) || errors.Is(r.err, cloud.ErrCredentials) {
			return results, r.err
		}
	}
	return results, nil
}

// planChecks lists the checks to run in lab.yaml's order, failing on an
// unknown step or a check with no implementation.
func planChecks(lab *Lab, step string) ([]plannedCheck, error) {
	if step != "" {
		if _, _, ok := lab.Step(step); !ok {
			ids := make([]string, 0, len(lab.Steps))
			for _, s := range lab.Steps {
				ids = append(ids, s.ID)
			}
			return nil, fmt.Errorf("lab %s has no step %q; its steps are %s", lab.ID, step, strings.Join(ids, ", "))
		}
	}
	var plan []plannedCheck
	var missing []string
	for _, s := range lab.Steps {
		if step != "" && s.ID != step {
			continue
		}
		for _, id := range s.Checks {
			c, ok := LookupCheck(lab.ID, id)
			if !ok {
				missing = append(missing, fmt.Sprintf("%s (step %s)", id, s.ID))
				continue
			}
			plan = append(plan, plannedCheck{check: c, step: s.ID, index: len(plan)})
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("verify lab %s: lab.yaml names checks that awstutor does not implement: %s", lab.ID, strings.Join(missing, ", "))
	}
	return plan, nil
}

// runOne runs a check within its time limit, turning a check the target
// cannot prove, a timeout and a panic into outcomes.
func runOne(ctx context.Context, env Env, c Check, timeout time.Duration) (out Outcome) {
	if !c.CanProve(env.Target) {
		return NotProvable(c.Unprovable)
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	defer func() {
		// A panic is a bug in the check; reporting it as this check's
		// failure keeps the other results and the terminal (the TUI) whole.
		if p := recover(); p != nil {
			out = Fail("the check %s stopped on an internal error (%v); please report it with the log: %s", c.ID, p, firstFrame(debug.Stack()))
		}
	}()
	out = c.Run(cctx, env)
	switch {
	case ctx.Err() != nil:
		return Outcome{Status: CheckFail, Message: "cancelled", err: ctx.Err()}
	case errors.Is(cctx.Err(), context.DeadlineExceeded) && out.Status != CheckPass:
		return Fail("the check did not finish within %s (last: %s)", timeout, out.Message)
	}
	return out
}

// firstFrame picks the panicking function out of a stack trace.
func firstFrame(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") && i+2 < len(lines) {
			return strings.TrimSpace(lines[i+2])
		}
	}
	return "unknown"
}

func resultFor(p plannedCheck, out Outcome, at time.Time, elapsed time.Duration) CheckResult {
	r := CheckResult{
		ID:      p.check.ID,
		Step:    p.step,
		Title:   p.check.Title,
		Status:  out.Status,
		Message: out.Message,
		Hints:   slices.Clone(p.check.Hints),
		At:      at.UTC(),
		Elapsed: elapsed,
		err:     out.err,
	}
	if r.Status == "" {
		r.Status = CheckFail
		r.Message = "the check returned no outcome"
	}
	if r.Status == CheckFail {
		r.Hint = p.check.Hints[0]
		if out.Hint != "" {
			r.Hint = out.Hint
		}
	}
	return r
}

// Failed reports whether any result is a failure (exit code 3).
func Failed(results []CheckResult) bool {
	return slices.ContainsFunc(results, func(r CheckResult) bool { return r.Status == CheckFail })
}

// CheckRecorder stores check results in the learner's progress, so the
// checklist ticks the items they prove. The CLI implements it on the
// progress store; the TUI is given the same.
type CheckRecorder interface {
	// RecordChecks stores each result as the latest of its check.
	RecordChecks(ctx context.Context, target, lab string, results []CheckResult) error
}

// ErrNothingApplied is matched (errors.Is) by a *NothingAppliedError.
var ErrNothingApplied = errors.New("nothing applied")

// NothingAppliedError reports a verification of a lab that has nothing
// deployed in the target (no workspace, no state, or a state with neither
// resources nor outputs, as a destroy leaves it): its checks would only
// say, each one, that an output is missing, so none runs and the learner
// is told to deploy the lab first.
type NothingAppliedError struct {
	Lab, Target string
}

func (e *NothingAppliedError) Error() string {
	where := "the sandbox"
	if e.Target == TargetAWS {
		where = "AWS"
	}
	return fmt.Sprintf("lab %s has nothing applied in %s: run awstutor lab up %s first", e.Lab, where, e.Lab)
}

// Is makes errors.Is(err, ErrNothingApplied) true.
func (e *NothingAppliedError) Is(target error) bool { return target == ErrNothingApplied }

// NothingApplied reports whether a lab's status says nothing is deployed,
// by the rule CheckApplied uses: no resources and no outputs. A screen
// that already holds the status decides with it, without the emulator.
func NothingApplied(st Status) bool { return st.Resources == 0 && len(st.Outputs) == 0 }

// CheckApplied returns a *NothingAppliedError when the lab has nothing
// deployed in this manager's target, judged from the workspace alone (no
// emulator): its state file lists no resources and Terraform reports no
// outputs. A state file that cannot be read is its own error: it may hold
// anything.
func (m *Manager) CheckApplied(ctx context.Context, labID string) error {
	lab, err := m.opts.Catalog.Lab(labID)
	if err != nil {
		return err
	}
	st, err := tfrun.ReadState(m.WorkspaceDir(lab.ID))
	if err != nil {
		return fmt.Errorf("verify lab %s: %w", lab.ID, err)
	}
	if len(st.Resources) > 0 {
		return nil
	}
	outs, err := m.Outputs(ctx, lab.ID)
	if err != nil {
		return err
	}
	if len(outs) == 0 {
		return &NothingAppliedError{Lab: lab.ID, Target: m.opts.Target}
	}
	return nil
}

// Verify reads the lab's outputs from its workspace's state and runs its
// checks against clients, the target's clients; see the function Verify.
// A lab with nothing deployed is a *NothingAppliedError (CheckApplied) and
// no check runs.
func (m *Manager) Verify(ctx context.Context, labID string, clients *cloud.Clients, opts VerifyOptions) ([]CheckResult, error) {
	lab, err := m.opts.Catalog.Lab(labID)
	if err != nil {
		return nil, err
	}
	// Fail on a bad step or a missing implementation before terraform
	// runs: neither depends on the state.
	if _, err := planChecks(lab, opts.Step); err != nil {
		return nil, err
	}
	if err := m.CheckApplied(ctx, labID); err != nil {
		return nil, err
	}
	outs, err := m.Outputs(ctx, labID)
	if err != nil {
		return nil, err
	}
	env := Env{
		Target:    m.opts.Target,
		Outputs:   OutputsFrom(outs),
		Clients:   clients,
		Workspace: m.WorkspaceDir(labID),
	}
	if clients != nil {
		env.Region = clients.Config.Region
	}
	return Verify(ctx, env, lab, opts)
}

// Cleanup runs fn on a context that outlives ctx by cleanupTimeout, so a
// check that timed out or was cancelled still removes what it created.
func Cleanup(ctx context.Context, fn func(ctx context.Context)) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	fn(cctx)
}

// Marker returns a fresh, unique marker for a check's test data, such as
// "awstutor-dlq-receives-after-3-9f86d081". Test messages carry it so a
// check receives and deletes only its own.
func Marker(checkID string) string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported systems; a clock-based
		// suffix is still unique enough for a test message.
		return fmt.Sprintf("awstutor-%s-%d", checkID, time.Now().UnixNano())
	}
	return "awstutor-" + checkID + "-" + hex.EncodeToString(b[:])
}
