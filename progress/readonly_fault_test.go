package progress

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// envReadOnlyDir names the state dir a read-only child bind-mounts over
// itself, read-only, before it tries to save.
const envReadOnlyDir = "AWSTUTOR_PROGRESS_RO_DIR"

// TestReadOnlyChild is not a test: it is the body of the child process
// TestSaveToReadOnlyMount starts in its own mount namespace, and returns at
// once in a normal run.
func TestReadOnlyChild(t *testing.T) {
	dir := os.Getenv(envReadOnlyDir)
	if dir == "" {
		return
	}
	// A read-only mount refuses writes to root as well, which a 0500 mode
	// does not. The namespace is this process's own (the parent asked for
	// CLONE_NEWNS, which Go makes private), so the mount ends with it.
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		fmt.Println("bind mount:", err)
		os.Exit(2)
	}
	if err := syscall.Mount("", dir, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		fmt.Println("remount read-only:", err)
		os.Exit(2)
	}
	s, err := Open(dir)
	if err != nil {
		fmt.Println(err)
		os.Exit(2)
	}
	st, err := s.Load(context.Background())
	if err != nil || len(st.Lessons) == 0 {
		fmt.Println("load from a read-only dir:", err, len(st.Lessons))
		os.Exit(2)
	}
	_, err = s.Update(context.Background(), func(st *State) error {
		st.Lessons["new"] = LessonRecord{ReadAt: fixedNow}
		return nil
	})
	fmt.Println(err)
	if err == nil {
		os.Exit(1)
	}
	os.Exit(0)
}

// TestSaveToReadOnlyMount saves progress into a state dir on a read-only
// file system, as a learner whose home went read-only (a full or failing
// disk remounted by the kernel) would: the earlier progress still loads,
// the save fails with one sentence naming the file and saying why, and
// the file and dir are left exactly as they were. The tests run as root,
// which a 0500 dir does not stop (TestSaveFailure covers that for other
// users); a read-only bind mount in a private mount namespace stops root
// too.
func TestSaveToReadOnlyMount(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("needs root for a private mount namespace; TestSaveFailure/read-only_dir covers other users")
	}
	s := newStore(t)
	if _, err := s.Update(t.Context(), func(st *State) error { *st = sample(); return nil }); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(s.Path())
	before := readRaw(t, s.Path())
	entries, _ := os.ReadDir(dir)

	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestReadOnlyChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envReadOnlyDir+"="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("cannot start a child in its own mount namespace: %v", err)
	}
	if err != nil {
		t.Fatalf("child: %v: %s", err, out)
	}
	msg := strings.TrimSpace(string(out))
	for _, w := range []string{"save progress " + s.Path(), "read-only file system"} {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q lacks %q", msg, w)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error is more than one line: %q", msg)
	}
	if after := readRaw(t, s.Path()); string(after) != string(before) {
		t.Error("progress.json changed")
	}
	if now, _ := os.ReadDir(dir); len(now) != len(entries) {
		t.Errorf("the dir held %d entries and now %d", len(entries), len(now))
	}
}
