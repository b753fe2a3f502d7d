// Package tfrun runs Terraform for awstutor's labs. It wraps
// hashicorp/terraform-exec and terraform-json: it finds and checks the
// binary, runs init, plan (to a saved plan file) and apply in one
// workspace directory, turns Terraform's -json event stream into Events
// with per-resource progress, summarises plans for the cost estimate, reads
// outputs and state, writes the sandbox provider override and locks a
// workspace against a second concurrent run. It prints nothing: callers
// receive values, errors and events on a channel.
package tfrun

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// DefaultInterruptGrace is how long Terraform may take to stop after an
// interrupt before it is killed. Terraform finishes the provider calls in
// flight and writes its state when interrupted; killing it earlier can lose
// track of resources that exist, so the wait is generous.
const DefaultInterruptGrace = 2 * time.Minute

// Options configures a Runner.
type Options struct {
	// Terraform is the binary to run, from Find.
	Terraform Binary
	// Dir is the workspace: the directory holding the lab's .tf files.
	Dir string
	// PluginCacheDir is the provider plugin cache shared by all
	// workspaces; created if missing. Empty disables the cache.
	PluginCacheDir string
	// VarFiles are passed with -var-file on every plan, in order, relative
	// to Dir. Only these: terraform.tfvars and *.auto.tfvars load by
	// themselves, and any other file in the workspace is the learner's.
	VarFiles []string
	// Log receives each command line and Terraform's stderr (harmless
	// warnings removed); nil discards them.
	Log io.Writer
	// Sandbox runs Terraform for the sandbox target: the caller's AWS_*
	// environment (real keys, profile, session token) is replaced by the
	// emulator's fake keys and Endpoint; see buildTargetEnv.
	Sandbox bool
	// Endpoint is the emulator's URL, on loopback, with Sandbox: Terraform
	// and everything it runs get it as AWS_ENDPOINT_URL. "" (no emulator
	// running) sends their AWS calls to a loopback port nothing listens
	// on. Ignored without Sandbox.
	Endpoint string
	// Region is the target's region, given with Sandbox as AWS_REGION and
	// AWS_DEFAULT_REGION. Ignored without Sandbox.
	Region string
	// InterruptGrace is how long to wait after sending SIGINT on
	// cancellation before killing Terraform; zero means
	// DefaultInterruptGrace.
	InterruptGrace time.Duration
}

// Runner runs Terraform commands in one workspace. Its methods run one at
// a time (a Runner serialises its own calls) because terraform-exec's
// Terraform value keeps per-command writers; make one Runner per operation
// and never share one workspace between processes without LockWorkspace.
type Runner struct {
	mu   sync.Mutex
	opts Options
	tf   *tfexec.Terraform
	log  io.Writer
}

// New checks the options and prepares a Runner. It does not start Terraform.
func New(opts Options) (*Runner, error) {
	if opts.Terraform.Path == "" {
		return nil, fmt.Errorf("create terraform runner: %w: %s", ErrTerraformNotFound, installHint)
	}
	if opts.Dir == "" {
		return nil, errors.New("create terraform runner: no workspace directory")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("create terraform runner: %w", err)
	}
	opts.Dir = dir
	if opts.Sandbox && opts.Endpoint != "" {
		if err := CheckLoopback(opts.Endpoint); err != nil {
			return nil, fmt.Errorf("create terraform runner: %w", err)
		}
	}
	if opts.PluginCacheDir != "" {
		if err := os.MkdirAll(opts.PluginCacheDir, 0o700); err != nil {
			return nil, fmt.Errorf("create plugin cache: %w", err)
		}
	}
	if opts.InterruptGrace <= 0 {
		opts.InterruptGrace = DefaultInterruptGrace
	}
	tf, err := tfexec.NewTerraform(dir, opts.Terraform.Path)
	if err != nil {
		return nil, fmt.Errorf("create terraform runner: %w", err)
	}
	var sandbox *sandboxTarget
	if opts.Sandbox {
		sandbox = &sandboxTarget{endpoint: opts.Endpoint, region: opts.Region}
	}
	if err := tf.SetEnv(buildTargetEnv(os.Environ(), opts.PluginCacheDir, sandbox)); err != nil {
		return nil, fmt.Errorf("create terraform runner: %w", err)
	}
	// terraform-exec cancels a command by sending SIGINT and, after this
	// delay, SIGKILL. It also starts Terraform in its own process group, so
	// a Ctrl-C in the terminal reaches awstutor only: awstutor decides when
	// to interrupt, through the context. Windows has no SIGINT to send;
	// there terraform-exec kills Terraform at once.
	if runtime.GOOS != "windows" {
		if err := tf.SetWaitDelay(opts.InterruptGrace); err != nil {
			return nil, fmt.Errorf("create terraform runner: %w", err)
		}
	}
	log := opts.Log
	if log == nil {
		log = io.Discard
	}
	return &Runner{opts: opts, tf: tf, log: log}, nil
}

// Dir returns the workspace directory.
func (r *Runner) Dir() string { return r.opts.Dir }

// Init runs `terraform init`. With the shared plugin cache a provider is
// downloaded once for all workspaces.
func (r *Runner) Init(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.run(ctx, "init", InitArgs(), nil, func(stdout io.Writer) error {
		r.tf.SetStdout(stdout)
		return r.tf.Init(ctx)
	})
}

// NewPlanSpec returns the plan spec for this workspace: the saved plan
// file PlanFile and the Options' variable files, each of which must be in
// the workspace.
func (r *Runner) NewPlanSpec(destroy bool) (PlanSpec, error) {
	for _, f := range r.opts.VarFiles {
		if _, err := os.Stat(filepath.Join(r.opts.Dir, f)); err != nil {
			return PlanSpec{}, fmt.Errorf("variable file %s is missing from the workspace %s: restore it or run awstutor lab reset", f, r.opts.Dir)
		}
	}
	return PlanSpec{Out: PlanFile, VarFiles: slices.Clone(r.opts.VarFiles), Destroy: destroy}, nil
}

// CheckVersion runs `terraform version` once for this Runner, which
// terraform-exec needs before init, apply and show. Calling it early, in a
// goroutine, overlaps that start-up with other work.
func (r *Runner) CheckVersion(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.run(ctx, "version", []string{"version", "-json"}, nil, func(io.Writer) error {
		_, _, err := r.tf.Version(ctx, false)
		return err
	})
}

// Plan runs `terraform plan -json` to the spec's plan file and returns its
// summary, read from the event stream. The plan JSON is not read yet: call
// ShowPlan for it.
func (r *Runner) Plan(ctx context.Context, spec PlanSpec) (*Plan, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if spec.Out == "" {
		spec.Out = PlanFile
	}
	var stream planStream
	err := r.run(ctx, "plan", spec.Args(), &stream.diags, func(io.Writer) error {
		pr, pw := io.Pipe()
		parsed := make(chan error, 1)
		go func() {
			br := bufio.NewReader(pr)
			for {
				line, err := br.ReadBytes('\n')
				if len(line) > 0 {
					stream.line(line)
				}
				if err != nil {
					if errors.Is(err, io.EOF) {
						err = nil
					}
					_, _ = io.Copy(io.Discard, pr)
					parsed <- err
					return
				}
			}
		}()
		_, err := r.tf.PlanJSON(ctx, pw, spec.options()...)
		pw.Close()
		return errors.Join(err, <-parsed)
	})
	if err != nil {
		return nil, err
	}
	plan := stream.plan
	plan.File = filepath.Join(r.opts.Dir, spec.Out)
	plan.Destroy = spec.Destroy
	return &plan, nil
}

// ShowPlan reads the plan JSON of plan's saved file with
// `terraform show -json` and adds it to plan, for the cost estimate.
func (r *Runner) ShowPlan(ctx context.Context, plan *Plan) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var raw bytes.Buffer
	err := r.run(ctx, "show", []string{"show", "-json", plan.File}, nil, func(io.Writer) error {
		// terraform-exec decodes the plan itself; the raw bytes, which the
		// cost estimate reads, come from the stdout writer it also feeds.
		r.tf.SetStdout(&raw)
		_, err := r.tf.ShowPlanFile(ctx, plan.File)
		return err
	})
	if err != nil {
		return err
	}
	full, err := ParsePlan(raw.Bytes())
	if err != nil {
		return err
	}
	plan.JSON, plan.parsed = full.JSON, full.parsed
	return nil
}

// ApplyResult is what a finished apply reports.
type ApplyResult struct {
	// Changes are Terraform's final counts; nil if it stopped before
	// reporting them.
	Changes *ChangeCounts
	// Diagnostics are the errors and warnings Terraform reported.
	Diagnostics []Diagnostic
	// Elapsed is the wall time of the apply.
	Elapsed time.Duration
}

// Apply applies a saved plan with `terraform apply -json` and sends each
// Event on events as it happens (events may be nil). It does not close
// events. Keep draining events until Apply returns: after ctx is done,
// sends that would block are dropped instead.
//
// Cancelling ctx interrupts Terraform gracefully: SIGINT, then a wait of
// up to InterruptGrace while Terraform stops its work and saves the state.
// The error then satisfies errors.Is(err, context.Canceled) and the state
// file reflects what was created before the interrupt.
func (r *Runner) Apply(ctx context.Context, spec ApplySpec, events chan<- Event) (*ApplyResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if spec.Plan == "" {
		spec.Plan = PlanFile
	}
	res := &ApplyResult{}
	start := time.Now()
	out := &sender{ctx: ctx, events: events}
	forward := func(e Event) {
		switch {
		case e.Kind == EventDiagnostic && e.Diagnostic != nil:
			res.Diagnostics = append(res.Diagnostics, *e.Diagnostic)
		case e.Kind == EventSummary:
			res.Changes = e.Changes
		}
		out.send(e)
	}
	err := r.run(ctx, "apply", spec.Args(), &res.Diagnostics, func(io.Writer) error {
		pr, pw := io.Pipe()
		parsed := make(chan error, 1)
		go func() {
			err := ParseEvents(pr, forward)
			// Drain so terraform never blocks on a full pipe.
			_, _ = io.Copy(io.Discard, pr)
			parsed <- err
		}()
		err := r.tf.ApplyJSON(ctx, pw, spec.options()...)
		pw.Close()
		return errors.Join(err, <-parsed)
	})
	res.Elapsed = time.Since(start)
	return res, err
}

// sender delivers events unless nobody listens: once ctx is done a send
// that would block waits briefly, and after one such send goes unread the
// rest are dropped, so an abandoned channel cannot hang the runner.
type sender struct {
	ctx    context.Context
	events chan<- Event
	gone   bool
}

func (s *sender) send(e Event) {
	if s.events == nil || s.gone {
		return
	}
	select {
	case s.events <- e:
		return
	case <-s.ctx.Done():
	}
	select {
	case s.events <- e:
	case <-time.After(100 * time.Millisecond):
		s.gone = true
	}
}

// Output is one Terraform output value.
type Output struct {
	// Sensitive outputs are hidden in listings but given to checks.
	Sensitive bool `json:"sensitive"`
	// Type is Terraform's type description as JSON, such as "string".
	Type []byte `json:"type"`
	// Value is the value as JSON.
	Value []byte `json:"value"`
}

// Outputs runs `terraform output -json`. It reads the state file and works
// without init; with no state it returns an empty map.
func (r *Runner) Outputs(ctx context.Context) (map[string]Output, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var metas map[string]tfexec.OutputMeta
	err := r.run(ctx, "output", []string{"output", "-json"}, nil, func(io.Writer) error {
		r.tf.SetStdout(nil)
		var err error
		metas, err = r.tf.Output(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]Output, len(metas))
	for k, m := range metas {
		out[k] = Output{Sensitive: m.Sensitive, Type: m.Type, Value: m.Value}
	}
	return out, nil
}

// run runs one terraform command through fn with stderr captured, logs it,
// and turns a failure into a *CommandError (or the context's error when the
// command was cancelled). diags, when given, holds the diagnostics taken
// from the command's -json stream; fn has finished writing it when it
// returns.
func (r *Runner) run(ctx context.Context, name string, args []string, diags *[]Diagnostic, fn func(stdout io.Writer) error) error {
	var stderr, stdout bytes.Buffer
	r.tf.SetStderr(&stderr)
	fmt.Fprintf(r.log, "$ terraform %s  (in %s)\n", strings.Join(args, " "), r.opts.Dir)
	err := fn(&stdout)
	privateFiles(r.opts.Dir)
	filtered := FilterStderr(stderr.String())
	if filtered != "" {
		fmt.Fprintln(r.log, filtered)
	}
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("terraform %s interrupted: %w", name, ctxErr)
	}
	ce := &CommandError{Command: name, Stderr: filtered, Err: err}
	if diags != nil {
		ce.Diagnostics = *diags
	}
	if filtered == "" && len(ce.Diagnostics) == 0 {
		// Some commands (init, plan) print errors on stdout in automation.
		ce.Stderr = FilterStderr(stdout.String())
	}
	return ce
}

// terraformWrites are the files Terraform writes into a workspace that may
// hold secrets: the state (sensitive outputs and attributes, in clear), its
// backup, the saved plan, the lock info and the state Terraform leaves when
// it cannot save.
var terraformWrites = []string{StateFile, StateBackupFile, PlanFile, ".terraform.tfstate.lock.info", "errored.tfstate"}

// privateFiles makes the files Terraform wrote in dir readable by the
// owner only (0600), as every file in the state dir is. Terraform creates
// them 0644 under the usual umask; it rewrites the state in place, so the
// mode set here stays for the next run.
func privateFiles(dir string) {
	for _, name := range terraformWrites {
		p := filepath.Join(dir, name)
		if info, err := os.Lstat(p); err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o077 != 0 {
			_ = os.Chmod(p, info.Mode().Perm()&0o600)
		}
	}
}
