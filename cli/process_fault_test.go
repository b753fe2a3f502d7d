package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"awstutor/progress"
	"awstutor/tfrun"
)

// The fault tests run awstutor as a separate process, the way a learner's
// terminal does: this test binary re-run with envFaultArgs set executes
// the command line it holds (arguments separated by a unit separator) and
// exits with awstutor's exit code. Such a process can then be killed with
// SIGKILL, or two of them can race, which an in-process Execute cannot
// show.
const envFaultArgs = "AWSTUTOR_FAULT_ARGS"

// envFaultReadOnly names a directory the child bind-mounts over itself,
// read-only, before it runs awstutor, and envFaultWritable the
// directories under it (separated by a unit separator) it mounts back
// writable: a state dir whose progress.json cannot be saved while the
// workspaces still can. The child runs in a mount namespace of its own
// (faultStartReadOnly), so the mounts end with it.
const (
	envFaultReadOnly = "AWSTUTOR_FAULT_RO"
	envFaultWritable = "AWSTUTOR_FAULT_RW"
)

// TestFaultChildProcess is not a test: it is the body of the processes
// faultStart starts, and returns at once in a normal run.
func TestFaultChildProcess(t *testing.T) {
	args := os.Getenv(envFaultArgs)
	if args == "" {
		return
	}
	if ro := os.Getenv(envFaultReadOnly); ro != "" {
		if err := mountReadOnly(ro, strings.Split(os.Getenv(envFaultWritable), "\x1f")); err != nil {
			fmt.Fprintln(os.Stderr, "fault child:", err)
			os.Exit(99)
		}
	}
	// As main does: the first Ctrl-C cancels, so terraform stops gracefully.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Execute(ctx, strings.Split(args, "\x1f"), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// faultProc is one awstutor process started by faultStart.
type faultProc struct {
	cmd  *exec.Cmd
	out  *watchBuffer
	errb *watchBuffer
	done chan struct{}
	code int
}

// mountReadOnly makes dir read-only for this process and its children,
// root included (a 0500 mode does not stop root), except the directories
// in writable, which stay writable. A bind mount copies the read-only flag
// of the mount it is taken from, so each writable one is remounted
// without it.
func mountReadOnly(dir string, writable []string) error {
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		return fmt.Errorf("bind mount %s: %w", dir, err)
	}
	if err := syscall.Mount("", dir, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		return fmt.Errorf("remount %s read-only: %w", dir, err)
	}
	for _, w := range writable {
		if w == "" {
			continue
		}
		if err := syscall.Mount(w, w, "", syscall.MS_BIND, ""); err != nil {
			return fmt.Errorf("bind mount %s: %w", w, err)
		}
		if err := syscall.Mount("", w, "", syscall.MS_BIND|syscall.MS_REMOUNT, ""); err != nil {
			return fmt.Errorf("remount %s writable: %w", w, err)
		}
	}
	return nil
}

// watchBuffer collects a child's output and can wait for a string in it.
type watchBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *watchBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *watchBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// faultStart starts `awstutor args...` as a child process with the test's
// environment (state dir and config from isolate).
func faultStart(t *testing.T, args ...string) *faultProc {
	t.Helper()
	return faultStartCmd(t, faultCmd(args), args)
}

// faultCmd is the command that runs `awstutor args...` as a child.
func faultCmd(args []string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestFaultChildProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envFaultArgs+"="+strings.Join(args, "\x1f"))
	return cmd
}

// faultStartReadOnly starts `awstutor args...` as faultStart does, but
// with the state dir read-only except for the directories under it named
// in writable, which it creates first. For root (these tests' usual user)
// the child bind-mounts the dir read-only in a mount namespace of its
// own, which stops root too and ends with the child; for anyone else a
// 0500 mode on the dir does the same, until the test ends.
func faultStartReadOnly(t *testing.T, stateDir string, writable []string, args ...string) *faultProc {
	t.Helper()
	var rw []string
	for _, w := range writable {
		d := filepath.Join(stateDir, w)
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		rw = append(rw, d)
	}
	cmd := faultCmd(args)
	if os.Geteuid() == 0 {
		cmd.Env = append(cmd.Env, envFaultReadOnly+"="+stateDir, envFaultWritable+"="+strings.Join(rw, "\x1f"))
		cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	} else {
		if err := os.Chmod(stateDir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(stateDir, 0o700) })
	}
	return faultStartCmd(t, cmd, args)
}

// faultStartCmd starts cmd, which runs `awstutor args...`.
func faultStartCmd(t *testing.T, cmd *exec.Cmd, args []string) *faultProc {
	t.Helper()
	p := &faultProc{cmd: cmd, out: &watchBuffer{}, errb: &watchBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.errb
	if err := cmd.Start(); err != nil {
		t.Fatalf("start awstutor %v: %v", args, err)
	}
	go func() {
		_ = cmd.Wait()
		p.code = cmd.ProcessState.ExitCode()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// waitFor waits until the child's stdout contains s, failing if it exits
// first or takes longer than d.
func (p *faultProc) waitFor(t *testing.T, s string, d time.Duration) {
	t.Helper()
	deadline := time.After(d)
	for !strings.Contains(p.out.String(), s) {
		select {
		case <-p.done:
			t.Fatalf("awstutor exited (%d) before printing %q:\n%s\n%s", p.code, s, p.out, p.errb)
		case <-deadline:
			t.Fatalf("awstutor did not print %q within %s:\n%s\n%s", s, d, p.out, p.errb)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// wait waits for the child to exit and returns its exit code.
func (p *faultProc) wait(t *testing.T, d time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
		return p.code
	case <-time.After(d):
		t.Fatalf("awstutor did not exit within %s:\n%s\n%s", d, p.out, p.errb)
		return -1
	}
}

// childrenOf lists the pids whose parent is pid, from /proc.
func childrenOf(t *testing.T, pid int) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatalf("these tests find terraform through /proc: %v", err)
	}
	var kids []int
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces, so cut after ')'.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(string(stat[i+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			kids = append(kids, child)
		}
	}
	return kids
}

func alive(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(stat, ')')
	return i >= 0 && !strings.HasPrefix(strings.TrimSpace(string(stat[i+1:])), "Z")
}

// seedLessonRead records a lesson as read, the progress a learner had
// before the fault; the tests check it is still there afterwards.
func seedLessonRead(t *testing.T, stateDir string) {
	t.Helper()
	store, err := progress.Open(stateDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Update(context.Background(), func(st *progress.State) error {
		st.Lessons["d1-s1"] = progress.LessonRecord{ReadAt: time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func lessonStillRead(t *testing.T, stateDir string) {
	t.Helper()
	store, err := progress.Open(stateDir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Load(context.Background())
	if err != nil {
		t.Fatalf("progress after the fault: %v", err)
	}
	if _, ok := st.Lessons["d1-s1"]; !ok {
		t.Errorf("the lesson read before the fault is gone from progress.json: %+v", st.Lessons)
	}
}

// oneLine fails unless s (a command's stderr) is a single line.
func oneLine(t *testing.T, what, s string) {
	t.Helper()
	if strings.TrimSpace(s) == "" || strings.Count(strings.TrimSpace(s), "\n") != 0 {
		t.Errorf("%s: want one sentence on one line, got %q", what, s)
	}
}

// TestFaultKillDuringApply kills awstutor with SIGKILL while terraform is
// applying, as closing the laptop lid or killing the terminal does: no
// handler runs, no record is written. Terraform dies with it (it is
// started with a parent-death signal), leaving the workspace lock marker
// and terraform's own .terraform.tfstate.lock.info behind and the state
// file with only what had finished. The next awstutor must find the run
// cut short, say so in one sentence offering `lab up` (plan again) or
// `lab down`, count the resource in status, destroy it with `lab down`
// despite the stale terraform lock info, and keep the learner's progress.
func TestFaultKillDuringApply(t *testing.T) {
	run, stateDir := labEnv(t)
	seedLessonRead(t, stateDir)
	ws := filepath.Join(stateDir, "workspaces", "sandbox", "slow")

	p := faultStart(t, "lab", "up", "slow", "--yes", "--labs-dir", fixtureLabs(t), "--lang", "en")
	p.waitFor(t, "+ terraform_data.slow ... started", 60*time.Second)
	killWithTerraform(t, p)

	// What the crash left behind.
	if marker, err := os.ReadFile(filepath.Join(ws, tfrun.LockFile)); err != nil || strings.TrimSpace(string(marker)) != "apply" {
		t.Errorf("lock marker after the crash = %q, %v; want apply", marker, err)
	}
	if _, err := os.Stat(filepath.Join(ws, ".terraform.tfstate.lock.info")); err != nil {
		t.Logf("terraform left no lock info this time (%v); the down below covers both cases", err)
	}
	if n := faultStateCount(t, stateDir, "sandbox", "slow"); n != 1 {
		t.Errorf("state after the crash holds %d resources, want the fast one", n)
	}

	// The next start explains it.
	code, text, errs := run("lab", "status", "slow")
	if code != 0 {
		t.Fatalf("lab status after the crash: exit %d: %s", code, errs)
	}
	advice := "the last run of lab slow was interrupted, so only the resources listed above are known to exist: " +
		"run `awstutor lab up slow` to continue (it plans again) or `awstutor lab down slow` to destroy them."
	if !strings.Contains(text, "lab slow in sandbox: interrupted, 1 resources") || !strings.Contains(text, "terraform_data.fast") ||
		!strings.Contains(text, advice+"\n") {
		t.Errorf("lab status after the crash does not explain it in one sentence:\n%s", text)
	}
	if st := labStatusJSON(t, run, "slow"); st["state"] != "interrupted" || st["resources"] != 1.0 {
		t.Errorf("lab status --json after the crash = %v, want interrupted with 1 resource", st)
	}
	code, text, _ = run("lab", "status")
	if code != 0 || !strings.Contains(text, "interrupted") || !strings.Contains(text, "`awstutor lab down slow`") {
		t.Errorf("lab status (every lab) after the crash: exit %d\n%s", code, text)
	}
	code, text, _ = run("status")
	if code != ExitRemain || !strings.Contains(text, "awstutor lab down slow") {
		t.Errorf("status after the crash: exit %d, want %d with the down command\n%s", code, ExitRemain, text)
	}

	// Down destroys what was created, past the stale terraform lock info.
	code, text, errs = run("lab", "down", "slow", "--yes")
	if code != 0 || !strings.Contains(text, "1 destroyed") {
		t.Fatalf("lab down after the crash: exit %d\n%s\n%s", code, text, errs)
	}
	if n := faultStateCount(t, stateDir, "sandbox", "slow"); n != 0 {
		t.Errorf("state after down holds %d resources", n)
	}
	if st := labStatusJSON(t, run, "slow"); st["state"] != "destroyed" {
		t.Errorf("status after down = %v, want destroyed", st["state"])
	}
	if op, err := tfrun.AbandonedOp(ws); err != nil || op != "" {
		t.Errorf("after down the workspace still reads as abandoned (%q, %v)", op, err)
	}
	lessonStillRead(t, stateDir)
}

// killWithTerraform kills an awstutor child that is running terraform with
// SIGKILL, as closing the laptop lid or killing the terminal does, and
// waits until terraform has died with it (it is started with a
// parent-death signal).
func killWithTerraform(t *testing.T, p *faultProc) {
	t.Helper()
	var tf []int
	for _, kid := range childrenOf(t, p.cmd.Process.Pid) {
		if comm, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(kid), "comm")); strings.TrimSpace(string(comm)) == "terraform" {
			tf = append(tf, kid)
		}
	}
	if len(tf) != 1 {
		t.Fatalf("want one terraform under awstutor (pid %d), found %v", p.cmd.Process.Pid, tf)
	}
	// terraform runs in its own process group; its provisioner's sleep is
	// in it too and outlives a SIGKILL of terraform, so the group goes at
	// the end of the test.
	t.Cleanup(func() { _ = syscall.Kill(-tf[0], syscall.SIGKILL) })
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t, 10*time.Second); code != -1 {
		t.Fatalf("awstutor survived SIGKILL: exit %d", code)
	}
	for deadline := time.Now().Add(5 * time.Second); alive(tf[0]); {
		if time.Now().After(deadline) {
			t.Fatalf("terraform (pid %d) outlived the awstutor that started it", tf[0])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestFaultTwoProcessesSameLab runs a second awstutor on a lab while a
// first one is applying it: the second is refused with the busy sentence
// (exit 1) and changes nothing; the first finishes normally when
// interrupted and its run is recorded.
func TestFaultTwoProcessesSameLab(t *testing.T) {
	run, stateDir := labEnv(t)
	seedLessonRead(t, stateDir)
	labsDir := fixtureLabs(t)
	first := faultStart(t, "lab", "up", "slow", "--yes", "--labs-dir", labsDir, "--lang", "en")
	first.waitFor(t, "+ terraform_data.slow ... started", 60*time.Second)

	busy := "lab slow is busy: another awstutor is running terraform in it; wait for it to finish, then try again"
	for _, args := range [][]string{{"lab", "up", "slow", "--yes"}, {"lab", "down", "slow", "--yes"}, {"lab", "reset", "slow", "--yes"}} {
		second := faultStart(t, append(args, "--labs-dir", labsDir, "--lang", "en")...)
		code := second.wait(t, 30*time.Second)
		if code != ExitFailure || !strings.Contains(second.errb.String(), busy) {
			t.Errorf("second awstutor %v while the first applies: exit %d, %q; want exit 1 and the busy sentence", args, code, second.errb)
		}
		oneLine(t, fmt.Sprint(args), second.errb.String())
	}
	code, text, _ := run("lab", "status", "slow")
	if code != 0 || !strings.Contains(text, "another awstutor is running terraform in it now") {
		t.Errorf("status during the first run: exit %d\n%s", code, text)
	}

	if err := first.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code := first.wait(t, 60*time.Second); code != ExitCancelled {
		t.Fatalf("interrupted first awstutor: exit %d\n%s\n%s", code, first.out, first.errb)
	}
	if rec := labRun(t, stateDir, "slow"); rec.LastOp != "apply" || rec.Result != "interrupted" {
		t.Errorf("the first run is recorded as %+v, want apply interrupted", rec)
	}
	if code, text, errs := run("lab", "down", "slow", "--yes"); code != 0 || !strings.Contains(text, "destroyed") {
		t.Errorf("down after both: exit %d\n%s\n%s", code, text, errs)
	}
	lessonStillRead(t, stateDir)
}

// TestFaultTwoProcessesDifferentLabs runs two awstutor processes on two
// labs at the same moment, sharing one state dir, one progress.json and
// one plugin cache: both succeed and both runs are recorded, because the
// workspace locks are per lab and progress.json's lock serialises the
// records without losing either.
func TestFaultTwoProcessesDifferentLabs(t *testing.T) {
	_, stateDir := labEnv(t)
	seedLessonRead(t, stateDir)
	labsDir := t.TempDir()
	for _, id := range []string{"alpha", "beta"} {
		if err := os.CopyFS(filepath.Join(labsDir, id), os.DirFS(filepath.Join(fixtureLabs(t), "basic"))); err != nil {
			t.Fatal(err)
		}
		yaml := filepath.Join(labsDir, id, "lab.yaml")
		raw, err := os.ReadFile(yaml)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(yaml, bytes.Replace(raw, []byte("id: basic"), []byte("id: "+id), 1), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var procs []*faultProc
	for _, id := range []string{"alpha", "beta"} {
		procs = append(procs, faultStart(t, "lab", "up", id, "--yes", "--labs-dir", labsDir, "--lang", "en"))
	}
	for i, p := range procs {
		if code := p.wait(t, 2*time.Minute); code != 0 || !strings.Contains(p.out.String(), "3 added") {
			t.Errorf("lab up %d at the same time as the other: exit %d\n%s\n%s", i, code, p.out, p.errb)
		}
	}
	for _, id := range []string{"alpha", "beta"} {
		if rec := labRun(t, stateDir, id); rec.LastOp != "apply" || rec.Result != "ok" || rec.Resources != 3 {
			t.Errorf("progress.json records %s as %+v, want apply ok with 3", id, rec)
		}
		if n := faultStateCount(t, stateDir, "sandbox", id); n != 3 {
			t.Errorf("%s state holds %d resources, want 3", id, n)
		}
	}
	lessonStillRead(t, stateDir)

	// And both come down at the same time too.
	procs = procs[:0]
	for _, id := range []string{"alpha", "beta"} {
		procs = append(procs, faultStart(t, "lab", "down", id, "--yes", "--labs-dir", labsDir, "--lang", "en", "--json"))
	}
	for i, p := range procs {
		code := p.wait(t, 2*time.Minute)
		var st map[string]any
		if code != 0 || json.Unmarshal([]byte(p.out.String()), &st) != nil || st["state"] != "destroyed" {
			t.Errorf("lab down %d at the same time as the other: exit %d\n%s\n%s", i, code, p.out, p.errb)
		}
	}
}

// faultStateCount is the number of resources in a lab's workspace state.
func faultStateCount(t *testing.T, stateDir, target, lab string) int {
	t.Helper()
	st, err := tfrun.ReadState(filepath.Join(stateDir, "workspaces", target, lab))
	if err != nil {
		t.Fatal(err)
	}
	return len(st.Resources)
}

// faultWriteFile writes content to path, making its directories.
func faultWriteFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
