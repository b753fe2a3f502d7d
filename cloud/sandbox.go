package cloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"awstutor/cloud/internal/motoproc"
)

// Kinds of emulator a sandbox Status can report.
const (
	KindMoto       = "moto"
	KindLocalStack = "localstack"
)

// LocalStackEndpoint is where a LocalStack started by the user is expected.
const LocalStackEndpoint = "http://127.0.0.1:4566"

// sandboxStartTimeout bounds the wait for a freshly started moto to answer.
// It answers in about 0.5 s on an idle machine; a laptop busy with a
// terraform run can take several times that.
const sandboxStartTimeout = 20 * time.Second

// stopGrace is how long moto gets to exit after SIGTERM before SIGKILL.
const stopGrace = 5 * time.Second

var (
	// ErrMotoNotFound reports that moto_server is not installed; its text
	// gives the install command.
	ErrMotoNotFound = motoproc.ErrNotFound

	// ErrNotRunning reports that Stop found no emulator that awstutor
	// started. The CLI treats it as "nothing to do".
	ErrNotRunning = errors.New("the sandbox is not running: there is nothing to stop")
)

// Status describes the emulator the sandbox target would use.
type Status struct {
	// Running is true when the emulator answers HTTP. A moto that awstutor
	// started but that does not answer (frozen, still starting) has Kind
	// KindMoto, its PID, and Running false.
	Running bool `json:"running"`
	// Kind is KindMoto, KindLocalStack or "" when there is none.
	Kind string `json:"kind"`
	// Endpoint is the base URL clients and Terraform use.
	Endpoint string `json:"endpoint"`
	// PID is the moto process id (0 for LocalStack, which awstutor does not
	// own).
	PID int `json:"pid"`
	// Port is the loopback port the emulator listens on.
	Port int `json:"port,omitempty"`
	// LogFile is moto's combined output.
	LogFile string `json:"log_file,omitempty"`
	// StartedAt is when awstutor started moto (UTC).
	StartedAt time.Time `json:"started_at,omitzero"`
}

// StartOptions configures Sandbox.Start.
type StartOptions struct {
	// Port is the loopback port for moto; 0 picks a free one.
	Port int
}

// motoRecord is what sandbox/moto.json remembers about the moto process
// awstutor started, so that later commands can find, check and stop it.
type motoRecord struct {
	PID       int       `json:"pid"`
	Port      int       `json:"port"`
	LogFile   string    `json:"log_file"`
	StartedAt time.Time `json:"started_at"`
	Command   []string  `json:"command"`
}

// Sandbox manages the local emulator behind the sandbox target. Its state
// lives in <state dir>/sandbox/: moto.json (the record), moto.log (moto's
// output) and a lock file. It never stops a process it did not start.
type Sandbox struct {
	dir string
	// localStack is the base URL probed for a user-run LocalStack; tests
	// point it at a fake.
	localStack string
	now        func() time.Time
}

// NewSandbox returns the manager for the sandbox under stateDir, creating
// <stateDir>/sandbox (0700) if needed.
func NewSandbox(stateDir string) (*Sandbox, error) {
	if !motoproc.Supported {
		return nil, errors.New("create sandbox: awstutor can manage the emulator only on Linux or macOS: run moto_server yourself and pass --endpoint")
	}
	if stateDir == "" {
		return nil, errors.New("create sandbox: the state directory is not set")
	}
	abs, err := filepath.Abs(stateDir)
	if err != nil {
		return nil, fmt.Errorf("create sandbox: %w", err)
	}
	dir := filepath.Join(abs, "sandbox")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create sandbox dir: %w", err)
	}
	return &Sandbox{dir: dir, localStack: LocalStackEndpoint, now: time.Now}, nil
}

// Dir returns the sandbox state directory.
func (s *Sandbox) Dir() string { return s.dir }

func (s *Sandbox) recordPath() string { return filepath.Join(s.dir, "moto.json") }
func (s *Sandbox) logPath() string    { return filepath.Join(s.dir, "moto.log") }
func (s *Sandbox) lockPath() string   { return filepath.Join(s.dir, "lock") }

// Status reports the emulator in use: the moto that awstutor started, else a
// LocalStack answering on 127.0.0.1:4566, else none. It changes nothing.
func (s *Sandbox) Status(ctx context.Context) (Status, error) {
	rec, err := s.readRecord()
	if err != nil {
		return Status{}, err
	}
	if rec != nil && s.ours(rec) {
		st := rec.status()
		st.Running = motoproc.Healthy(ctx, st.Endpoint)
		return st, nil
	}
	if st, ok := s.probeLocalStack(ctx); ok {
		return st, nil
	}
	return Status{}, nil
}

// Start makes sure an emulator is running and returns its status. It reuses
// the moto awstutor started earlier if it still answers, or a LocalStack the
// user runs; otherwise it starts moto_server on 127.0.0.1 (on opts.Port, or a
// free port), detached so that it outlives this command, and waits until it
// answers. A user-run LocalStack is reused even when opts.Port is set:
// two emulators would leave the learner unsure which one labs use. A stale record (dead pid, or a pid now used by another program)
// is replaced; that process is never signalled.
func (s *Sandbox) Start(ctx context.Context, opts StartOptions) (Status, error) {
	if opts.Port < 0 || opts.Port > 65535 {
		return Status{}, fmt.Errorf("start sandbox: port %d is not a TCP port: choose one between 1024 and 65535", opts.Port)
	}
	unlock, err := lockFile(ctx, s.lockPath())
	if err != nil {
		return Status{}, fmt.Errorf("start sandbox: %w", err)
	}
	defer unlock()

	rec, err := s.readRecord()
	if err != nil {
		return Status{}, err
	}
	if rec != nil {
		if s.ours(rec) {
			return s.reuse(ctx, rec, opts)
		}
		if err := s.removeRecord(); err != nil {
			return Status{}, err
		}
	}
	if st, ok := s.probeLocalStack(ctx); ok {
		return st, nil
	}

	bin, err := motoproc.Find()
	if err != nil {
		return Status{}, err
	}
	if opts.Port != 0 {
		if !motoproc.PortFree(opts.Port) {
			return Status{}, fmt.Errorf("start sandbox: port %d on 127.0.0.1 is already in use: choose another port or stop the program using it", opts.Port)
		}
		return s.launch(ctx, bin, opts.Port)
	}
	// A free port can be taken between choosing it and moto binding it;
	// moto then exits at once, and another port is tried.
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := motoproc.FreePort()
		if err != nil {
			return Status{}, fmt.Errorf("start sandbox: %w", err)
		}
		st, err := s.launch(ctx, bin, port)
		if err == nil || !errors.Is(err, motoproc.ErrExited) {
			return st, err
		}
		last = err
	}
	return Status{}, last
}

// reuse returns the status of the recorded moto once it answers.
func (s *Sandbox) reuse(ctx context.Context, rec *motoRecord, opts StartOptions) (Status, error) {
	st := rec.status()
	if opts.Port != 0 && opts.Port != rec.Port {
		return Status{}, fmt.Errorf("start sandbox: moto is already running on port %d: run awstutor sandbox stop first to move it to port %d", rec.Port, opts.Port)
	}
	// A record whose process does not answer yet may belong to a start
	// still in progress elsewhere; give it the same time a start gets.
	wctx, cancel := context.WithTimeout(ctx, sandboxStartTimeout)
	defer cancel()
	if err := motoproc.WaitHealthy(wctx, st.Endpoint, nil); err != nil {
		if ctx.Err() != nil {
			return Status{}, fmt.Errorf("start sandbox: %w", ctx.Err())
		}
		return Status{}, fmt.Errorf("start sandbox: moto (pid %d) is running but does not answer on port %d: run awstutor sandbox stop, then start it again", rec.PID, rec.Port)
	}
	st.Running = true
	return st, nil
}

// launch starts moto on port and waits until it answers. On any failure
// the process it started is killed and the record removed, so a failed
// start leaves nothing running.
func (s *Sandbox) launch(ctx context.Context, bin string, port int) (Status, error) {
	logf, err := os.OpenFile(s.logPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return Status{}, fmt.Errorf("open sandbox log: %w", err)
	}
	defer logf.Close()
	started := s.now().UTC()
	fmt.Fprintf(logf, "--- awstutor: starting %s on 127.0.0.1:%d at %s\n", bin, port, started.Format(time.RFC3339))

	cmd := exec.Command(bin, motoproc.Args(port)...)
	cmd.Env = motoproc.Env()
	cmd.Dir = s.dir
	cmd.Stdout = logf // stdin stays nil, which is /dev/null
	cmd.Stderr = logf
	motoproc.Detach(cmd)
	if err := cmd.Start(); err != nil {
		return Status{}, fmt.Errorf("start %s: %w", bin, err)
	}
	// Reap the child if it exits while this process lives (a TUI session
	// that starts and later stops the sandbox); otherwise it would linger as
	// a zombie. When awstutor exits first, init adopts moto.
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	abort := func(cause error) (Status, error) {
		cmd.Process.Kill()
		<-exited
		s.removeRecord()
		return Status{}, cause
	}

	rec := &motoRecord{
		PID:       cmd.Process.Pid,
		Port:      port,
		LogFile:   s.logPath(),
		StartedAt: started,
		Command:   cmd.Args,
	}
	if err := s.writeRecord(rec); err != nil {
		return abort(err)
	}
	wctx, cancel := context.WithTimeout(ctx, sandboxStartTimeout)
	defer cancel()
	if err := motoproc.WaitHealthy(wctx, motoproc.Endpoint(port), exited); err != nil {
		if ctx.Err() != nil {
			return abort(fmt.Errorf("start sandbox: %w", ctx.Err()))
		}
		return abort(fmt.Errorf("start sandbox: %w (see %s): %s", err, s.logPath(), motoproc.Tail(s.logPath(), 300)))
	}
	st := rec.status()
	st.Running = true
	return st, nil
}

// Stop stops the moto that awstutor started: SIGTERM, then SIGKILL after a
// grace period. It first checks that the recorded pid is still that moto
// (its command line names moto and the recorded port); a record whose pid
// is dead or now belongs to another program is removed and nothing is
// signalled. With nothing of ours running it returns ErrNotRunning.
func (s *Sandbox) Stop(ctx context.Context) error {
	unlock, err := lockFile(ctx, s.lockPath())
	if err != nil {
		return fmt.Errorf("stop sandbox: %w", err)
	}
	defer unlock()

	rec, err := s.readRecord()
	if err != nil {
		return err
	}
	if rec == nil || !s.ours(rec) {
		if rec != nil {
			if err := s.removeRecord(); err != nil {
				return err
			}
		}
		if _, ok := s.probeLocalStack(ctx); ok {
			return errors.New("stop sandbox: the LocalStack on 127.0.0.1:4566 was not started by awstutor: stop it the way you started it")
		}
		return ErrNotRunning
	}
	if err := motoproc.Signal(rec.PID, motoproc.Terminate); err != nil {
		return fmt.Errorf("stop sandbox: %w", err)
	}
	if !waitGone(ctx, rec.PID, stopGrace) {
		if ctx.Err() != nil {
			return fmt.Errorf("stop sandbox: %w", ctx.Err())
		}
		if err := motoproc.Signal(rec.PID, motoproc.Kill); err != nil {
			return fmt.Errorf("stop sandbox: %w", err)
		}
		if !waitGone(ctx, rec.PID, 2*time.Second) {
			return fmt.Errorf("stop sandbox: moto (pid %d) did not exit after SIGKILL: check it with ps", rec.PID)
		}
	}
	return s.removeRecord()
}

// Reset wipes the running emulator's state. Only moto can be reset by
// awstutor; LocalStack's community edition has no documented reset
// endpoint, so the user is told to restart it.
func (s *Sandbox) Reset(ctx context.Context) error {
	st, err := s.Status(ctx)
	if err != nil {
		return err
	}
	switch {
	case !st.Running:
		return ErrSandboxDown
	case st.Kind == KindLocalStack:
		return errors.New("reset sandbox: awstutor cannot reset LocalStack: restart LocalStack to clear its state")
	}
	if err := motoproc.Reset(ctx, st.Endpoint); err != nil {
		return fmt.Errorf("reset sandbox: %w", err)
	}
	return nil
}

// ours reports whether the record's pid is alive and is the moto awstutor
// started on the recorded port, as opposed to a pid the system has since
// given to another program.
func (s *Sandbox) ours(rec *motoRecord) bool {
	return motoproc.Alive(rec.PID) && motoproc.IsMoto(motoproc.Cmdline(rec.PID), rec.Port)
}

func (r *motoRecord) status() Status {
	return Status{
		Kind:      KindMoto,
		Endpoint:  motoproc.Endpoint(r.Port),
		PID:       r.PID,
		Port:      r.Port,
		LogFile:   r.LogFile,
		StartedAt: r.StartedAt,
	}
}

// probeLocalStack reports a LocalStack answering its health endpoint. The
// probe is short: on a machine without LocalStack the port is closed and
// the answer is immediate.
func (s *Sandbox) probeLocalStack(ctx context.Context) (Status, bool) {
	ctx, cancel := context.WithTimeout(ctx, 700*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.localStack+"/_localstack/health", nil)
	if err != nil {
		return Status{}, false
	}
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return Status{}, false
	}
	defer resp.Body.Close()
	var health struct {
		Services map[string]string `json:"services"`
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil || resp.StatusCode != http.StatusOK || json.Unmarshal(body, &health) != nil || health.Services == nil {
		return Status{}, false
	}
	return Status{Running: true, Kind: KindLocalStack, Endpoint: s.localStack, Port: portOf(s.localStack)}, true
}

// readRecord returns the recorded moto, or nil when there is none.
func (s *Sandbox) readRecord() (*motoRecord, error) {
	b, err := os.ReadFile(s.recordPath())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read sandbox record: %w", err)
	}
	var rec motoRecord
	if err := json.Unmarshal(b, &rec); err != nil || rec.PID <= 0 || rec.Port <= 0 {
		// A damaged record names no process we could safely signal; treat
		// it as stale so that start replaces it.
		return &motoRecord{}, nil
	}
	return &rec, nil
}

// writeRecord replaces the record atomically (temp file, fsync, rename), so
// a crash mid-write never leaves a half record that names a wrong pid.
func (s *Sandbox) writeRecord(rec *motoRecord) error {
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return fmt.Errorf("encode sandbox record: %w", err)
	}
	f, err := os.CreateTemp(s.dir, "moto.json.*")
	if err != nil {
		return fmt.Errorf("write sandbox record: %w", err)
	}
	tmp := f.Name()
	_, werr := f.Write(append(b, '\n'))
	if werr == nil {
		werr = f.Chmod(0o600)
	}
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, s.recordPath())
	}
	if werr != nil {
		os.Remove(tmp)
		return fmt.Errorf("write sandbox record: %w", werr)
	}
	return nil
}

func (s *Sandbox) removeRecord() error {
	if err := os.Remove(s.recordPath()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove sandbox record: %w", err)
	}
	return nil
}

// waitGone polls until pid has exited or d has passed.
func waitGone(ctx context.Context, pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if !motoproc.Alive(pid) {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// FindMoto returns the path of moto_server ($AWSTUTOR_MOTO, else PATH), or
// ErrMotoNotFound with the command that installs it.
func FindMoto() (string, error) { return motoproc.Find() }
