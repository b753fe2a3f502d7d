package labs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"awstutor/tfrun"
)

// Targets a lab can run in; see DESIGN.md.
const (
	TargetSandbox = "sandbox"
	TargetAWS     = "aws"
)

// ManagerOptions configures a Manager. The CLI fills it from flags and
// config; nothing here reads flags or the environment.
type ManagerOptions struct {
	// StateDir is awstutor's state directory; workspaces live under
	// StateDir/workspaces/<target>/<lab> and the shared provider cache in
	// StateDir/plugin-cache.
	StateDir string
	// Target is TargetSandbox or TargetAWS.
	Target string
	// Endpoint is the emulator's URL (loopback only) for the sandbox
	// target; the sandbox manager in cloud/ provides it. Ignored for aws.
	Endpoint string
	// Region is the target's region. In the sandbox, Terraform and what it
	// runs (a local-exec aws call) get it with Endpoint; the lab's own
	// provider block sets the provider's.
	Region string
	// Catalog is the set of labs.
	Catalog *Catalog
	// Terraform is the binary from tfrun.Find. Status of a lab that has no
	// state, Reset and Solve work without it.
	Terraform tfrun.Binary
	// Recorder stores and recalls lab runs (the progress package).
	Recorder Recorder
	// Log receives terraform's command lines and stderr; nil discards.
	Log io.Writer
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// InterruptGrace bounds the wait for Terraform after an interrupt;
	// zero means tfrun.DefaultInterruptGrace.
	InterruptGrace time.Duration
}

// Manager runs the lifecycle of labs in one target: it owns the
// workspaces, runs Terraform in them one operation at a time, and records
// each run. Its methods may be called from several goroutines; operations
// on the same lab exclude each other through the workspace lock, in this
// process and across processes.
type Manager struct {
	opts ManagerOptions
}

// NewManager checks opts and returns a Manager.
func NewManager(opts ManagerOptions) (*Manager, error) {
	switch {
	case opts.StateDir == "":
		return nil, errors.New("create lab manager: no state directory")
	case opts.Target != TargetSandbox && opts.Target != TargetAWS:
		return nil, fmt.Errorf("create lab manager: target %q is not %s or %s", opts.Target, TargetSandbox, TargetAWS)
	case opts.Catalog == nil:
		return nil, errors.New("create lab manager: no lab catalogue")
	case opts.Recorder == nil:
		return nil, errors.New("create lab manager: no run recorder")
	}
	if opts.Target == TargetSandbox && opts.Endpoint != "" {
		if err := tfrun.CheckLoopback(opts.Endpoint); err != nil {
			return nil, fmt.Errorf("create lab manager: %w", err)
		}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	return &Manager{opts: opts}, nil
}

// Target returns the target this manager runs labs in.
func (m *Manager) Target() string { return m.opts.Target }

// WorkspaceDir returns where the lab's workspace is (or will be).
func (m *Manager) WorkspaceDir(labID string) string {
	return filepath.Join(m.opts.StateDir, "workspaces", m.opts.Target, labID)
}

// PluginCacheDir returns the provider cache shared by all workspaces.
func (m *Manager) PluginCacheDir() string {
	return filepath.Join(m.opts.StateDir, "plugin-cache")
}

// Workspace describes a prepared workspace.
type Workspace struct {
	Lab *Lab
	// Dir is the workspace directory.
	Dir string
	// Created is true when this call made it from the starter files.
	Created bool
	// Override is true when the sandbox override file is in place.
	Override bool
}

// Prepare makes the lab's workspace from its starter files on first use
// (never touching an existing one) and brings the sandbox override in line
// with the target: written for sandbox, removed for aws.
func (m *Manager) Prepare(ctx context.Context, labID string) (Workspace, error) {
	ws, lock, err := m.open(labID, "prepare", false)
	if err != nil {
		return Workspace{}, err
	}
	defer lock.Unlock()
	return ws, nil
}

// open prepares the workspace and takes its lock for op. The caller
// unlocks. needEmulator says op runs Terraform, so a sandbox lab that uses
// AWS cannot go on without the emulator's endpoint.
func (m *Manager) open(labID, op string, needEmulator bool) (Workspace, *tfrun.Lock, error) {
	lab, err := m.opts.Catalog.Lab(labID)
	if err != nil {
		return Workspace{}, nil, err
	}
	dir := m.WorkspaceDir(lab.ID)
	created, err := createFromStarter(lab, dir)
	if err != nil {
		return Workspace{}, nil, fmt.Errorf("prepare lab %s: %w", lab.ID, err)
	}
	lock, err := m.lock(lab.ID, dir, op)
	if err != nil {
		return Workspace{}, nil, err
	}
	override, err := m.syncOverride(dir, needEmulator)
	if err != nil {
		lock.Unlock()
		return Workspace{}, nil, fmt.Errorf("prepare lab %s: %w", lab.ID, err)
	}
	return Workspace{Lab: lab, Dir: dir, Created: created, Override: override}, lock, nil
}

func (m *Manager) lock(labID, dir, op string) (*tfrun.Lock, error) {
	lock, err := tfrun.LockWorkspace(dir, op)
	if errors.Is(err, tfrun.ErrBusy) {
		return nil, fmt.Errorf("lab %s is %w: another awstutor is running terraform in it", labID, tfrun.ErrBusy)
	}
	if err != nil {
		return nil, fmt.Errorf("lock lab %s: %w", labID, err)
	}
	return lock, nil
}

// syncOverride writes or removes the sandbox override for the target.
// Without an emulator endpoint in the sandbox target the file is left as
// it is, unless needEmulator, when a lab that uses AWS cannot run.
func (m *Manager) syncOverride(dir string, needEmulator bool) (bool, error) {
	if m.opts.Target != TargetSandbox {
		return tfrun.SyncOverride(dir, "")
	}
	if m.opts.Endpoint == "" {
		types, err := tfrun.AWSTypes(dir)
		if err != nil {
			return false, err
		}
		if len(types) > 0 && needEmulator {
			return false, errors.New("the sandbox is not running: start it with `awstutor sandbox start`")
		}
		_, err = os.Stat(filepath.Join(dir, tfrun.OverrideFile))
		return err == nil, nil
	}
	return tfrun.SyncOverride(dir, m.opts.Endpoint)
}

func (m *Manager) runner(dir string) (*tfrun.Runner, error) {
	// A workspace directory is named after its lab.
	lab, err := m.opts.Catalog.Lab(filepath.Base(dir))
	if err != nil {
		return nil, err
	}
	return tfrun.New(tfrun.Options{
		Terraform:      m.opts.Terraform,
		Dir:            dir,
		VarFiles:       lab.VarFiles,
		PluginCacheDir: m.PluginCacheDir(),
		Sandbox:        m.opts.Target == TargetSandbox,
		Endpoint:       m.opts.Endpoint,
		Region:         m.opts.Region,
		Log:            m.opts.Log,
		InterruptGrace: m.opts.InterruptGrace,
	})
}

// Plan prepares the workspace, runs init and plan to the saved plan file,
// and returns the plan's summary and JSON. A summary event carrying the
// plan is sent on events (which may be nil and is not closed). ApplyPlan
// applies the saved plan after the learner has seen it.
func (m *Manager) Plan(ctx context.Context, labID string, events chan<- tfrun.Event) (*tfrun.Plan, error) {
	return m.planOnly(ctx, labID, OpPlan, events)
}

// PlanDestroy is Plan for removing everything the lab deployed; apply it
// with ApplyPlan.
func (m *Manager) PlanDestroy(ctx context.Context, labID string, events chan<- tfrun.Event) (*tfrun.Plan, error) {
	return m.planOnly(ctx, labID, OpDestroy, events)
}

func (m *Manager) planOnly(ctx context.Context, labID string, op Op, events chan<- tfrun.Event) (*tfrun.Plan, error) {
	ws, lock, err := m.open(labID, string(OpPlan), true)
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	r, err := m.runner(ws.Dir)
	if err != nil {
		return nil, fmt.Errorf("plan lab %s: %w", labID, err)
	}
	plan, err := m.plan(ctx, r, op == OpDestroy, true, events)
	// A destroy plan is not a destroy: only its failure is worth a record,
	// and a successful one leaves the recorded state as it was. A plan
	// that cannot be recorded changed nothing that exists, so that
	// failure is only logged (by record): the apply that follows says it
	// if it cannot be recorded either.
	if op == OpPlan || err != nil {
		_ = m.record(ctx, ws, OpPlan, err)
	}
	if err != nil {
		return nil, m.runError(ctx, labID, OpPlan, fmt.Errorf("plan lab %s: %w", labID, err))
	}
	return plan, nil
}

// plan runs init and plan in r and sends the plan's summary on events.
// With show, the plan JSON is read first, so the event's plan carries it.
func (m *Manager) plan(ctx context.Context, r *tfrun.Runner, destroy, show bool, events chan<- tfrun.Event) (*tfrun.Plan, error) {
	if err := r.Init(ctx); err != nil {
		return nil, err
	}
	spec, err := r.NewPlanSpec(destroy)
	if err != nil {
		return nil, err
	}
	plan, err := r.Plan(ctx, spec)
	if err != nil {
		return nil, err
	}
	if show {
		if err := r.ShowPlan(ctx, plan); err != nil {
			return nil, err
		}
	}
	op := "plan"
	if destroy {
		op = "destroy plan"
	}
	// The event gets its own copy: Up goes on to add the JSON to plan
	// while the consumer reads the event.
	summary := *plan
	sendEvent(ctx, events, tfrun.Event{
		Kind:    tfrun.EventSummary,
		Message: "Plan: " + plan.String(),
		Changes: &tfrun.ChangeCounts{
			Add:       plan.Adds + plan.Replaces,
			Change:    plan.Changes,
			Remove:    plan.Destroys + plan.Replaces,
			Operation: op,
		},
		Plan: &summary,
		Time: m.opts.Now().UTC(),
	})
	return plan, nil
}

// sendEvent delivers a manager event the way the runner does: blocking
// while anyone may listen, dropped once ctx is done and nobody reads.
func sendEvent(ctx context.Context, events chan<- tfrun.Event, e tfrun.Event) {
	if events == nil {
		return
	}
	select {
	case events <- e:
	case <-ctx.Done():
	}
}

// UpResult is what `lab up` did.
type UpResult struct {
	// Plan is the plan that was applied, with its JSON for the cost
	// estimate; nil when nothing had to be planned.
	Plan *tfrun.Plan
	// Apply is the apply's outcome; nil when planning failed.
	Apply *tfrun.ApplyResult
}

// Up plans and applies the lab: prepare, init, plan to a saved file, then
// apply exactly that plan, streaming events. Cancelling ctx interrupts
// Terraform gracefully; the run is then recorded as interrupted and the
// returned error satisfies errors.Is(err, context.Canceled). A run that
// succeeded but could not be recorded returns its result with a
// *RecordError; one that failed because the sandbox stopped answering, a
// *SandboxStoppedError.
func (m *Manager) Up(ctx context.Context, labID string, events chan<- tfrun.Event) (*UpResult, error) {
	return m.planAndApply(ctx, labID, OpApply, events)
}

// Down destroys the lab's resources the same way: a destroy plan, then
// its apply, with events. A workspace with nothing in its state is
// recorded as destroyed without running Terraform.
func (m *Manager) Down(ctx context.Context, labID string, events chan<- tfrun.Event) (*UpResult, error) {
	return m.planAndApply(ctx, labID, OpDestroy, events)
}

// ApplyPlan applies a plan that Plan or PlanDestroy saved in the lab's
// workspace, as Up and Down do after planning: the CLI and TUI use it to
// ask the learner in between. If the workspace changed since the plan was
// made, Terraform refuses the stale plan and the error says so. As with
// Up, a successful run that could not be recorded returns its result with
// a *RecordError, and a run cut short by a sandbox that stopped answering
// a *SandboxStoppedError.
func (m *Manager) ApplyPlan(ctx context.Context, labID string, plan *tfrun.Plan, events chan<- tfrun.Event) (*tfrun.ApplyResult, error) {
	op, verb := OpApply, "apply"
	if plan.Destroy {
		op, verb = OpDestroy, "destroy"
	}
	ws, lock, err := m.open(labID, string(op), true)
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	if plan.File != filepath.Join(ws.Dir, tfrun.PlanFile) {
		return nil, fmt.Errorf("%s lab %s: the plan %s was not made in this lab's workspace", verb, labID, plan.File)
	}
	r, err := m.runner(ws.Dir)
	if err != nil {
		return nil, fmt.Errorf("%s lab %s: %w", verb, labID, err)
	}
	res, err := r.Apply(ctx, tfrun.ApplySpec{Plan: tfrun.PlanFile}, events)
	recErr := m.record(ctx, ws, op, err)
	if err != nil {
		return res, m.runError(ctx, labID, op, fmt.Errorf("%s lab %s: %w", verb, labID, err))
	}
	if recErr != nil {
		return res, &RecordError{Lab: labID, Target: m.opts.Target, Op: op, Err: recErr}
	}
	return res, nil
}

func (m *Manager) planAndApply(ctx context.Context, labID string, op Op, events chan<- tfrun.Event) (*UpResult, error) {
	verb := map[Op]string{OpApply: "apply", OpDestroy: "destroy"}[op]
	res := &UpResult{}
	if op == OpDestroy {
		// Destroying a lab that was never started must not create its
		// workspace, and one with nothing deployed needs neither Terraform
		// nor the emulator: `awstutor cleanup` runs this on every lab.
		lab, err := m.opts.Catalog.Lab(labID)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(m.WorkspaceDir(lab.ID)); errors.Is(err, os.ErrNotExist) {
			return res, nil
		}
	}
	ws, lock, err := m.open(labID, string(op), op != OpDestroy)
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	if op == OpDestroy {
		st, err := tfrun.ReadState(ws.Dir)
		if err != nil {
			return nil, fmt.Errorf("destroy lab %s: %w", labID, err)
		}
		if len(st.Resources) == 0 {
			if err := m.record(ctx, ws, OpDestroy, nil); err != nil {
				return res, &RecordError{Lab: labID, Target: m.opts.Target, Op: OpDestroy, Err: err}
			}
			return res, nil
		}
		if _, err := m.syncOverride(ws.Dir, true); err != nil {
			return nil, fmt.Errorf("destroy lab %s: %w", labID, err)
		}
	}
	res.Plan, res.Apply, err = m.runPlanAndApply(ctx, ws.Dir, op == OpDestroy, events)
	recorded := op
	if res.Apply == nil && err != nil {
		// Stopped while planning: nothing was applied, so the record must
		// not claim an interrupted apply or destroy.
		recorded = OpPlan
	}
	recErr := m.record(ctx, ws, recorded, err)
	if err != nil {
		return res, m.runError(ctx, labID, op, fmt.Errorf("%s lab %s: %w", verb, labID, err))
	}
	if recErr != nil {
		return res, &RecordError{Lab: labID, Target: m.opts.Target, Op: op, Err: recErr}
	}
	return res, nil
}

// runPlanAndApply plans and applies in dir. The plan JSON, which only the
// cost estimate needs, is read by a second runner while the first applies,
// so `terraform show` (slow with a big provider such as AWS, whose schema
// it loads) is not on the critical path; that runner also does its
// `terraform version` start-up while the first one inits and plans. Each
// runner has its own terraform-exec value: they run at the same time.
func (m *Manager) runPlanAndApply(ctx context.Context, dir string, destroy bool, events chan<- tfrun.Event) (*tfrun.Plan, *tfrun.ApplyResult, error) {
	main, err := m.runner(dir)
	if err != nil {
		return nil, nil, err
	}
	side, err := m.runner(dir)
	if err != nil {
		return nil, nil, err
	}
	sideCtx, stopSide := context.WithCancel(ctx)
	defer stopSide()
	warmed := make(chan error, 1)
	go func() { warmed <- side.CheckVersion(sideCtx) }()

	plan, err := m.plan(ctx, main, destroy, false, events)
	if err != nil {
		stopSide()
		<-warmed
		return nil, nil, err
	}
	shown := make(chan error, 1)
	go func() {
		if err := <-warmed; err != nil {
			shown <- err
			return
		}
		shown <- side.ShowPlan(sideCtx, plan)
	}()
	applied, err := main.Apply(ctx, tfrun.ApplySpec{Plan: tfrun.PlanFile}, events)
	if showErr := <-shown; showErr != nil && err == nil {
		err = fmt.Errorf("read plan json: %w", showErr)
	}
	return plan, applied, err
}

// record stores the outcome of op. It uses a context that outlives
// cancellation: an interrupted run must still be written down. It returns
// the recorder's failure to save, which the caller reports when the run
// itself succeeded (RecordError): the resources exist, and the learner
// must hear that awstutor's own record of them is behind. When the run
// failed, its failure is what the learner needs to hear, and this one
// stays in the log; status re-derives the state from the state file in
// either case.
func (m *Manager) record(ctx context.Context, ws Workspace, op Op, runErr error) error {
	ctx = context.WithoutCancel(ctx)
	result := ResultOK
	switch {
	case errors.Is(runErr, context.Canceled), errors.Is(runErr, context.DeadlineExceeded):
		result = ResultInterrupted
	case runErr != nil:
		result = ResultFailed
	}
	now := m.opts.Now().UTC()
	st, err := tfrun.ReadState(ws.Dir)
	if err != nil {
		fmt.Fprintf(m.opts.Log, "record run of lab %s: %v\n", ws.Lab.ID, err)
	}
	run := Run{
		Target:    m.opts.Target,
		Lab:       ws.Lab.ID,
		Workspace: ws.Dir,
		LastOp:    op,
		Result:    result,
		UpdatedAt: now,
		Resources: len(st.Resources),
	}
	if run.Resources > 0 {
		// Resources have existed since the earlier deployment if there was
		// one; otherwise they came into being with this run.
		if last, ok, err := m.opts.Recorder.LastRun(ctx, m.opts.Target, ws.Lab.ID); err == nil && ok && !last.AppliedAt.IsZero() && last.Resources > 0 {
			run.AppliedAt = last.AppliedAt
		} else if op != OpPlan {
			run.AppliedAt = now
		} else if !st.ModTime.IsZero() {
			run.AppliedAt = st.ModTime
		}
	}
	if err := m.opts.Recorder.RecordRun(ctx, run); err != nil {
		fmt.Fprintf(m.opts.Log, "record run of lab %s: %v\n", ws.Lab.ID, err)
		return err
	}
	return nil
}

// Outputs returns the lab's Terraform outputs (`terraform output -json`),
// sensitive ones included, for the checks. It needs no init; a lab never
// applied has none.
func (m *Manager) Outputs(ctx context.Context, labID string) (map[string]tfrun.Output, error) {
	lab, err := m.opts.Catalog.Lab(labID)
	if err != nil {
		return nil, err
	}
	dir := m.WorkspaceDir(lab.ID)
	st, err := tfrun.ReadState(dir)
	if err != nil {
		return nil, fmt.Errorf("read outputs of lab %s: %w", lab.ID, err)
	}
	if !st.Exists {
		return map[string]tfrun.Output{}, nil
	}
	r, err := m.runner(dir)
	if err != nil {
		return nil, fmt.Errorf("read outputs of lab %s: %w", lab.ID, err)
	}
	out, err := r.Outputs(ctx)
	if err != nil {
		return nil, fmt.Errorf("read outputs of lab %s: %w", lab.ID, err)
	}
	return out, nil
}

// Reset puts the starter files back in the lab's workspace, after copying
// the learner's files to a dated backup beside it, and returns the
// backup's path ("" when there was no workspace yet). The state is kept,
// so resources already deployed stay managed. Ask the learner first: the
// CLI's --yes and the TUI's confirmation dialog do.
func (m *Manager) Reset(ctx context.Context, labID string) (string, error) {
	ws, lock, err := m.open(labID, "reset", false)
	if err != nil {
		return "", err
	}
	defer lock.Unlock()
	if ws.Created {
		return "", nil
	}
	backup, err := backupWorkspace(ws.Dir, m.opts.Now())
	if err != nil {
		return "", fmt.Errorf("reset lab %s: %w", labID, err)
	}
	if err := removeConfig(ws.Dir); err != nil {
		return backup, fmt.Errorf("reset lab %s: %w", labID, err)
	}
	if err := copyTree(ws.Lab.Starter(), ws.Dir); err != nil {
		return backup, fmt.Errorf("reset lab %s: copy starter files: %w", labID, err)
	}
	if err := m.finishRewrite(ws.Dir); err != nil {
		return backup, fmt.Errorf("reset lab %s: %w", labID, err)
	}
	return backup, nil
}

// Solve copies the solution into the lab's workspace after a dated backup
// and returns the backup's path. With step "" the whole solution/ is
// copied; with a step, the solution files listed by that step and every
// step before it (see content/README.md).
func (m *Manager) Solve(ctx context.Context, labID, step string) (string, error) {
	ws, lock, err := m.open(labID, "solve", false)
	if err != nil {
		return "", err
	}
	defer lock.Unlock()
	var files []string
	if step != "" {
		if files, err = solutionFiles(ws.Lab, step); err != nil {
			return "", err
		}
	}
	backup, err := backupWorkspace(ws.Dir, m.opts.Now())
	if err != nil {
		return "", fmt.Errorf("solve lab %s: %w", labID, err)
	}
	sol := ws.Lab.Solution()
	if files == nil {
		err = copyTree(sol, ws.Dir)
	} else {
		for _, f := range files {
			if err = copyFile(sol, f, filepath.Join(ws.Dir, filepath.FromSlash(f))); err != nil {
				break
			}
		}
	}
	if err != nil {
		return backup, fmt.Errorf("solve lab %s: copy solution files: %w", labID, err)
	}
	if err := m.finishRewrite(ws.Dir); err != nil {
		return backup, fmt.Errorf("solve lab %s: %w", labID, err)
	}
	return backup, nil
}

// finishRewrite runs after the configuration changed under reset or
// solve: the saved plan no longer matches it, and the set of services the
// override must point at the emulator may have changed.
func (m *Manager) finishRewrite(dir string) error {
	if err := os.Remove(filepath.Join(dir, tfrun.PlanFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove stale plan: %w", err)
	}
	_, err := m.syncOverride(dir, false)
	return err
}
