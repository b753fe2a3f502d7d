// Package mototest starts a real moto server for tests: on a free loopback
// port, waited for until it answers, and stopped by its pid when the test
// (or the package, from TestMain) ends. A test that needs the emulator and
// cannot start it fails with the reason; it never skips.
//
// One server per test package, reset between tests, keeps suites fast:
//
//	var moto *mototest.Server
//
//	func TestMain(m *testing.M) {
//		srv, stop, err := mototest.StartMain()
//		if err != nil {
//			fmt.Fprintln(os.Stderr, err)
//			os.Exit(1)
//		}
//		moto = srv
//		code := m.Run()
//		stop()
//		os.Exit(code)
//	}
package mototest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"awstutor/cloud/internal/motoproc"
)

// startTimeout bounds how long a test waits for moto to answer. It answers
// in under a second when idle; a loaded two-core machine running several
// test packages at once can take several times that.
const startTimeout = 30 * time.Second

// Server is a running moto server owned by a test.
type Server struct {
	endpoint string
	port     int
	pid      int
	logPath  string

	cmd      *exec.Cmd
	exited   chan struct{}
	stopOnce sync.Once
	logDir   string
}

// Endpoint returns the server's base URL, such as http://127.0.0.1:40123.
func (s *Server) Endpoint() string { return s.endpoint }

// Port returns the loopback port the server listens on.
func (s *Server) Port() int { return s.port }

// PID returns the server's process id.
func (s *Server) PID() int { return s.pid }

// LogFile returns the path of the server's combined output.
func (s *Server) LogFile() string { return s.logPath }

// Exited returns a channel that is closed once the server process has
// exited and been reaped.
func (s *Server) Exited() <-chan struct{} { return s.exited }

// Reset wipes the emulator's state (POST /moto-api/reset), failing t when
// moto does not answer.
func (s *Server) Reset(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := motoproc.Reset(ctx, s.endpoint); err != nil {
		t.Fatalf("mototest: %v", err)
	}
}

// Start starts a moto server for one test and stops it in t.Cleanup. It
// fails t, with the reason, when moto_server is missing or does not answer.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := start(t.TempDir())
	if err != nil {
		t.Fatalf("mototest: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("mototest: %v", err)
		}
	})
	return s
}

// StartMain starts a moto server for a whole test package, from TestMain.
// The returned func stops it and removes its log; call it after m.Run. The
// error says why moto could not be started (not installed, did not answer).
func StartMain() (*Server, func(), error) {
	dir, err := os.MkdirTemp("", "mototest-")
	if err != nil {
		return nil, nil, fmt.Errorf("create log dir: %w", err)
	}
	s, err := start(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	s.logDir = dir
	stop := func() {
		if err := s.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "mototest:", err)
		}
		os.RemoveAll(dir)
	}
	return s, stop, nil
}

// Stop stops the server by its pid: SIGTERM, then SIGKILL if it has not
// exited within five seconds. It is safe to call more than once and after
// the process has died on its own (tests kill it on purpose).
func (s *Server) Stop() error {
	var err error
	s.stopOnce.Do(func() {
		select {
		case <-s.exited:
			return
		default:
		}
		if e := s.cmd.Process.Signal(motoproc.Terminate); e != nil && !errors.Is(e, os.ErrProcessDone) {
			err = fmt.Errorf("stop moto server %d: %w", s.pid, e)
			return
		}
		select {
		case <-s.exited:
			return
		case <-time.After(5 * time.Second):
		}
		if e := s.cmd.Process.Kill(); e != nil && !errors.Is(e, os.ErrProcessDone) {
			err = fmt.Errorf("kill moto server %d: %w", s.pid, e)
			return
		}
		<-s.exited
	})
	return err
}

// start launches moto on a free port, retrying on another port when the one
// chosen was taken between choosing and binding.
func start(logDir string) (*Server, error) {
	bin, err := motoproc.Find()
	if err != nil {
		return nil, err
	}
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := motoproc.FreePort()
		if err != nil {
			return nil, err
		}
		s, err := startOn(bin, port, filepath.Join(logDir, fmt.Sprintf("moto-%d.log", port)))
		if err == nil {
			return s, nil
		}
		last = err
		if !errors.Is(err, motoproc.ErrExited) {
			break
		}
	}
	return nil, last
}

func startOn(bin string, port int, logPath string) (*Server, error) {
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open moto log: %w", err)
	}
	defer logf.Close()
	cmd := exec.Command(bin, motoproc.Args(port)...)
	cmd.Env = motoproc.Env()
	cmd.Stdout = logf
	cmd.Stderr = logf
	motoproc.DieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &Server{
		endpoint: motoproc.Endpoint(port),
		port:     port,
		pid:      cmd.Process.Pid,
		logPath:  logPath,
		cmd:      cmd,
		exited:   make(chan struct{}),
	}
	go func() {
		cmd.Wait()
		close(s.exited)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := motoproc.WaitHealthy(ctx, s.endpoint, s.exited); err != nil {
		s.Stop()
		return nil, fmt.Errorf("start moto server on port %d: %w; its log says: %s", port, err, motoproc.Tail(logPath, 400))
	}
	return s, nil
}
