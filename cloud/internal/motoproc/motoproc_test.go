package motoproc

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

func TestIsMoto(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		argv []string
		port int
		want bool
	}{
		{"pyenv shim as the kernel shows it", []string{"/root/.pyenv/versions/3.11.7/bin/python", "/root/.pyenv/versions/3.11.7/bin/moto_server", "-H", "127.0.0.1", "-p", "5000"}, 5000, true},
		{"direct", []string{"moto_server", "-H", "127.0.0.1", "-p", "5000"}, 5000, true},
		{"python -m moto.server", []string{"python3", "-m", "moto.server", "--port", "5000"}, 5000, true},
		{"joined forms", []string{"/usr/bin/moto_server", "-p5000"}, 5000, true},
		{"--port=", []string{"/usr/bin/moto_server", "--port=5000"}, 5000, true},
		{"another port", []string{"moto_server", "-H", "127.0.0.1", "-p", "5001"}, 5000, false},
		{"port as a prefix", []string{"moto_server", "-p", "50001"}, 5000, false},
		{"not moto", []string{"sleep", "-p", "5000"}, 5000, false},
		{"script path after the interpreter", []string{"python", "/opt/moto_server", "-p", "5000"}, 5000, true},
		{"moto in a directory name only", []string{"/home/moto/bin/sleep", "-p", "5000"}, 5000, false},
		{"dash p at the end", []string{"moto_server", "-p"}, 5000, false},
		{"empty (zombie or gone)", nil, 5000, false},
	}
	for _, tt := range tests {
		if got := IsMoto(tt.argv, tt.port); got != tt.want {
			t.Errorf("%s: IsMoto(%q, %d) = %v, want %v", tt.name, tt.argv, tt.port, got, tt.want)
		}
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "moto_server")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain")
	if err := os.WriteFile(plain, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Setenv(EnvBinary, exe)
	if got, err := Find(); err != nil || got != exe {
		t.Errorf("Find with %s set = %q, %v", EnvBinary, got, err)
	}
	for _, bad := range []string{plain, dir, filepath.Join(dir, "missing")} {
		t.Setenv(EnvBinary, bad)
		if _, err := Find(); !errors.Is(err, ErrNotFound) {
			t.Errorf("Find with %s=%s = %v, want ErrNotFound", EnvBinary, bad, err)
		}
	}

	t.Setenv(EnvBinary, "")
	t.Setenv("PATH", dir)
	if got, err := Find(); err != nil || got != exe {
		t.Errorf("Find on PATH = %q, %v", got, err)
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := Find(); !errors.Is(err, ErrNotFound) {
		t.Errorf("Find with nothing on PATH = %v, want ErrNotFound", err)
	}
}

// TestAliveAndCmdline uses real processes: a running child, the same child
// as an unreaped zombie, and after it is reaped.
func TestAliveAndCmdline(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	if !Alive(pid) {
		t.Fatal("running child not alive")
	}
	if argv := Cmdline(pid); len(argv) != 2 || filepath.Base(argv[0]) != "sleep" || argv[1] != "30" {
		t.Errorf("Cmdline = %q, want [sleep 30]", argv)
	}
	if err := Signal(pid, Kill); err != nil {
		t.Fatal(err)
	}
	// Not yet reaped: a zombie, which must not count as alive.
	for deadline := time.Now().Add(2 * time.Second); Alive(pid) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if Alive(pid) {
		t.Error("killed (zombie) child still alive")
	}
	cmd.Wait()
	if Alive(pid) || Cmdline(pid) != nil {
		t.Error("reaped child still alive")
	}
	if Alive(0) || Alive(-1) {
		t.Error("pid 0 or -1 alive")
	}
}

func TestTail(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(p, []byte("first line\nOSError: [Errno 98] Address already in use\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := Tail(p, 44); got != "OSError: [Errno 98] Address already in use" {
		t.Errorf("Tail = %q", got)
	}
	if got := Tail(p, 1000); got != "first line\nOSError: [Errno 98] Address already in use" {
		t.Errorf("Tail of a short file = %q", got)
	}
	if got := Tail(filepath.Join(t.TempDir(), "none"), 10); got != "" {
		t.Errorf("Tail of a missing file = %q", got)
	}
}
