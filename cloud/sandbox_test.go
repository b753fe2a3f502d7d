package cloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"awstutor/cloud/internal/motoproc"
)

// newTestSandbox returns a sandbox in a temp state dir whose LocalStack
// probe points at a closed port, so a LocalStack on the developer's machine
// cannot change the result. Whatever moto it starts is stopped at the end.
func newTestSandbox(t *testing.T) *Sandbox {
	t.Helper()
	s, err := NewSandbox(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s.localStack = "http://127.0.0.1:1"
	t.Cleanup(func() {
		if err := s.Stop(context.Background()); err != nil && !errors.Is(err, ErrNotRunning) {
			t.Errorf("stop sandbox in cleanup: %v", err)
		}
	})
	return s
}

func TestSandboxLifecycle(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := newTestSandbox(t)

	st, err := s.Status(ctx)
	if err != nil || st.Running || st.Kind != "" {
		t.Fatalf("Status before start = %+v, %v; want nothing running", st, err)
	}
	if err := s.Reset(ctx); !errors.Is(err, ErrSandboxDown) {
		t.Errorf("Reset before start = %v, want ErrSandboxDown", err)
	}

	began := time.Now()
	st, err = s.Start(ctx, StartOptions{})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Logf("sandbox start took %s (pid %d, %s)", time.Since(began), st.PID, st.Endpoint)
	if !st.Running || st.Kind != KindMoto || st.PID <= 0 || st.Endpoint != motoproc.Endpoint(st.Port) {
		t.Fatalf("Start = %+v", st)
	}
	if !motoproc.IsMoto(motoproc.Cmdline(st.PID), st.Port) {
		t.Errorf("pid %d runs %q, not moto on port %d", st.PID, motoproc.Cmdline(st.PID), st.Port)
	}
	// Its own process group: a Ctrl-C to awstutor's group does not reach it.
	if pgid, err := syscall.Getpgid(st.PID); err != nil || pgid != st.PID {
		t.Errorf("moto process group = %d (%v), want its own (%d)", pgid, err, st.PID)
	}
	assertMode(t, s.Dir(), 0o700)
	assertMode(t, filepath.Join(s.Dir(), "moto.json"), 0o600)
	assertMode(t, filepath.Join(s.Dir(), "moto.log"), 0o600)
	var rec motoRecord
	if b, err := os.ReadFile(filepath.Join(s.Dir(), "moto.json")); err != nil || json.Unmarshal(b, &rec) != nil {
		t.Fatalf("read record: %v", err)
	}
	if rec.PID != st.PID || rec.Port != st.Port || rec.StartedAt.IsZero() || len(rec.Command) == 0 {
		t.Errorf("record = %+v, want pid, port, start time and command", rec)
	}

	got, err := s.Status(ctx)
	if err != nil || got != st {
		t.Errorf("Status = %+v, %v; want %+v", got, err, st)
	}
	if b, _ := json.Marshal(got); !strings.Contains(string(b), `"running":true,"kind":"moto","endpoint":"http://127.0.0.1:`) {
		t.Errorf("status JSON = %s", b)
	}

	again, err := s.Start(ctx, StartOptions{})
	if err != nil || again.PID != st.PID {
		t.Errorf("second Start = %+v, %v; want reuse of pid %d", again, err, st.PID)
	}
	if _, err := s.Start(ctx, StartOptions{Port: st.Port + 1}); err == nil {
		t.Error("Start on another port reused the running moto silently")
	}

	// Reset wipes what a lab created.
	c := sandboxClients(t, st.Endpoint)
	if _, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("left-over")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	qs, err := c.SQS.ListQueues(ctx, &sqs.ListQueuesInput{})
	if err != nil || len(qs.QueueUrls) != 0 {
		t.Errorf("queues after Reset = %v, %v; want none", qs.QueueUrls, err)
	}

	began = time.Now()
	if err := s.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	t.Logf("sandbox stop took %s", time.Since(began))
	if motoproc.Alive(st.PID) {
		t.Errorf("moto pid %d still alive after Stop", st.PID)
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), "moto.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("record still there after Stop: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), "moto.log")); err != nil {
		t.Errorf("Stop removed the log: %v", err)
	}
	if st, err := s.Status(ctx); err != nil || st.Running || st.Kind != "" {
		t.Errorf("Status after Stop = %+v, %v", st, err)
	}
	if err := s.Stop(ctx); !errors.Is(err, ErrNotRunning) {
		t.Errorf("second Stop = %v, want ErrNotRunning", err)
	}
}

func TestSandboxStartOnRequestedPort(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := newTestSandbox(t)
	port, err := motoproc.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Start(ctx, StartOptions{Port: port})
	if err != nil || st.Port != port || !motoproc.Healthy(ctx, motoproc.Endpoint(port)) {
		t.Fatalf("Start on port %d = %+v, %v", port, st, err)
	}

	// The shared test moto holds its port: a second sandbox asked for it
	// must say so rather than start a moto that dies at once.
	other := newTestSandbox(t)
	_, err = other.Start(ctx, StartOptions{Port: moto.Port()})
	if err == nil || !strings.Contains(err.Error(), "already in use") {
		t.Errorf("Start on a busy port = %v, want 'already in use'", err)
	}
	if _, err := other.Start(ctx, StartOptions{Port: 70000}); err == nil {
		t.Error("Start accepted port 70000")
	}
}

// TestSandboxStaleRecordDeadPID: the recorded pid has exited. Status says
// nothing runs and Start replaces the record with a new moto.
func TestSandboxStaleRecordDeadPID(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := newTestSandbox(t)
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	writeTestRecord(t, s, motoRecord{PID: dead.Process.Pid, Port: 5999})

	if st, err := s.Status(ctx); err != nil || st.Running || st.Kind != "" {
		t.Fatalf("Status with a dead pid = %+v, %v", st, err)
	}
	st, err := s.Start(ctx, StartOptions{})
	if err != nil {
		t.Fatalf("Start over a stale record: %v", err)
	}
	if st.PID == dead.Process.Pid || !st.Running {
		t.Errorf("Start = %+v, want a new moto", st)
	}
}

// TestSandboxNeverSignalsForeignProcess: the recorded pid is alive but is
// not our moto (the system reused it for another program, or it is a moto
// on another port). Stop and Start must leave it alone.
func TestSandboxNeverSignalsForeignProcess(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	sleeper := exec.Command("sleep", "60")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sleeper.Process.Kill()
		sleeper.Wait()
	})

	tests := []struct {
		name string
		rec  motoRecord
	}{
		{"pid reused by another program", motoRecord{PID: sleeper.Process.Pid, Port: 5999}},
		{"a moto on another port", motoRecord{PID: moto.PID(), Port: moto.Port() + 1}},
	}
	for _, tt := range tests {
		s := newTestSandbox(t)
		writeTestRecord(t, s, tt.rec)
		if err := s.Stop(ctx); !errors.Is(err, ErrNotRunning) {
			t.Errorf("%s: Stop = %v, want ErrNotRunning", tt.name, err)
		}
		if !motoproc.Alive(tt.rec.PID) {
			t.Fatalf("%s: Stop killed pid %d", tt.name, tt.rec.PID)
		}
		if _, err := os.Stat(filepath.Join(s.Dir(), "moto.json")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: stale record kept: %v", tt.name, err)
		}
	}
	if !motoproc.Healthy(ctx, moto.Endpoint()) {
		t.Error("the shared moto stopped answering")
	}

	s := newTestSandbox(t)
	writeTestRecord(t, s, motoRecord{PID: sleeper.Process.Pid, Port: 5999})
	st, err := s.Start(ctx, StartOptions{})
	if err != nil || st.PID == sleeper.Process.Pid {
		t.Fatalf("Start over a foreign pid = %+v, %v", st, err)
	}
	if !motoproc.Alive(sleeper.Process.Pid) {
		t.Error("Start killed the foreign pid")
	}
}

func TestSandboxDamagedRecordIsStale(t *testing.T) {
	t.Parallel()
	s := newTestSandbox(t)
	if err := os.WriteFile(filepath.Join(s.Dir(), "moto.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(testCtx(t)); !errors.Is(err, ErrNotRunning) {
		t.Errorf("Stop with a damaged record = %v, want ErrNotRunning", err)
	}
}

func TestSandboxMotoNotInstalled(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
	}{
		{"not on PATH", map[string]string{"PATH": t.TempDir(), motoproc.EnvBinary: ""}},
		{"AWSTUTOR_MOTO names nothing", map[string]string{motoproc.EnvBinary: filepath.Join(t.TempDir(), "moto_server")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			s := newTestSandbox(t)
			_, err := s.Start(testCtx(t), StartOptions{})
			if !errors.Is(err, ErrMotoNotFound) {
				t.Fatalf("Start = %v, want ErrMotoNotFound", err)
			}
			if !strings.Contains(err.Error(), "pip install 'moto[server]'") {
				t.Errorf("message %q lacks the install command", err)
			}
		})
	}
}

// TestSandboxUsesLocalStack: with a LocalStack answering its health
// endpoint (faked here) and no moto recorded, the sandbox uses it and does
// not start moto; it neither stops nor resets what it does not own.
func TestSandboxUsesLocalStack(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	ls := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/_localstack/health" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `{"services": {"sqs": "running", "sns": "available"}, "edition": "community", "version": "3.8.1"}`)
	}))
	t.Cleanup(ls.Close)
	s := newTestSandbox(t)
	s.localStack = ls.URL

	st, err := s.Status(ctx)
	if err != nil || !st.Running || st.Kind != KindLocalStack || st.Endpoint != ls.URL || st.PID != 0 {
		t.Fatalf("Status = %+v, %v; want the LocalStack", st, err)
	}
	st, err = s.Start(ctx, StartOptions{})
	if err != nil || st.Kind != KindLocalStack {
		t.Fatalf("Start = %+v, %v; want the LocalStack reused", st, err)
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), "moto.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Start recorded a moto although LocalStack runs: %v", err)
	}
	if err := s.Reset(ctx); err == nil || !strings.Contains(err.Error(), "cannot reset LocalStack") {
		t.Errorf("Reset = %v, want it to say it cannot reset LocalStack", err)
	}
	if err := s.Stop(ctx); err == nil || errors.Is(err, ErrNotRunning) || !strings.Contains(err.Error(), "not started by awstutor") {
		t.Errorf("Stop = %v, want a refusal", err)
	}

	// Something else on the port that is not LocalStack is not used.
	notLS := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html>hello</html>")
	}))
	t.Cleanup(notLS.Close)
	s.localStack = notLS.URL
	if st, err := s.Status(ctx); err != nil || st.Running {
		t.Errorf("Status with a non-LocalStack server = %+v, %v", st, err)
	}
}

// starterEnv makes the test binary act as a short-lived awstutor command
// that starts the sandbox in the given state dir and exits (see TestMain).
const starterEnv = "AWSTUTOR_TEST_SANDBOX_STARTER"

func runStarter(dir string) int {
	s, err := NewSandbox(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s.localStack = "http://127.0.0.1:1"
	st, err := s.Start(context.Background(), StartOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	json.NewEncoder(os.Stdout).Encode(st)
	return 0
}

// TestSandboxOutlivesStarter starts the sandbox from a separate process
// that then exits, as `awstutor sandbox start` does. The moto must keep
// running (and must not hold the starter's stdout open, or the starter's
// caller would hang), and a later command must find and stop it.
func TestSandboxOutlivesStarter(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	s := newTestSandbox(t)
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), starterEnv+"="+filepath.Dir(s.Dir()))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("starter process: %v", err)
	}
	var started Status
	if err := json.Unmarshal(out, &started); err != nil || !started.Running {
		t.Fatalf("starter printed %q (%v)", out, err)
	}
	st, err := s.Status(ctx)
	if err != nil || !st.Running || st.PID != started.PID {
		t.Fatalf("Status after the starter exited = %+v, %v; want pid %d running", st, err, started.PID)
	}
	if err := s.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if !waitGone(ctx, started.PID, 3*time.Second) {
		t.Errorf("pid %d alive after Stop", started.PID)
	}
}

func writeTestRecord(t *testing.T, s *Sandbox, rec motoRecord) {
	t.Helper()
	if err := s.writeRecord(&rec); err != nil {
		t.Fatal(err)
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Errorf("stat %s: %v", path, err)
		return
	}
	if got := st.Mode().Perm(); got != want {
		t.Errorf("%s mode = %o, want %o", path, got, want)
	}
}
