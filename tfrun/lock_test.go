package tfrun

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestLockWorkspace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first, err := LockWorkspace(dir, "apply")
	if err != nil {
		t.Fatal(err)
	}
	if !Busy(dir) {
		t.Error("Busy = false while locked")
	}
	// flock excludes a second open file even in the same process.
	if _, err := LockWorkspace(dir, "destroy"); !errors.Is(err, ErrBusy) {
		t.Fatalf("second lock = %v, want ErrBusy", err)
	}
	if op, err := AbandonedOp(dir); err != nil || op != "" {
		t.Errorf("AbandonedOp during a live run = %q, %v; want none", op, err)
	}
	if err := first.Unlock(); err != nil {
		t.Fatal(err)
	}
	if Busy(dir) {
		t.Error("Busy = true after unlock")
	}
	if op, err := AbandonedOp(dir); err != nil || op != "" {
		t.Errorf("AbandonedOp after a clean unlock = %q, %v; want none", op, err)
	}
	second, err := LockWorkspace(dir, "destroy")
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	if second.Abandoned() != "" {
		t.Errorf("Abandoned = %q after a clean run", second.Abandoned())
	}
	if err := second.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := second.Unlock(); err != nil {
		t.Errorf("second Unlock: %v", err)
	}
}

// TestLockAbandoned simulates a process that died mid-apply: the kernel
// dropped its flock, but the marker it wrote is still in the file.
func TestLockAbandoned(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, LockFile), []byte("apply\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if op, err := AbandonedOp(dir); err != nil || op != "apply" {
		t.Fatalf("AbandonedOp = %q, %v; want apply", op, err)
	}
	l, err := LockWorkspace(dir, "plan")
	if err != nil {
		t.Fatal(err)
	}
	if l.Abandoned() != "apply" {
		t.Errorf("Abandoned = %q, want apply", l.Abandoned())
	}
	l.Unlock()
	if op, _ := AbandonedOp(dir); op != "" {
		t.Errorf("marker %q survived a clean run", op)
	}
}

func TestLockMissingWorkspace(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "missing")
	if _, err := LockWorkspace(dir, "apply"); err == nil || errors.Is(err, ErrBusy) {
		t.Errorf("LockWorkspace in a missing dir = %v, want an open error", err)
	}
	if op, err := AbandonedOp(dir); op != "" || err != nil {
		t.Errorf("AbandonedOp in a missing dir = %q, %v", op, err)
	}
}
