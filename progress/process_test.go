package progress

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// The helper process is this test binary re-run with these variables set;
// TestHelperProcess does the work and reports through its exit code and
// output.
const (
	envHelper = "AWSTUTOR_PROGRESS_HELPER" // what the helper does
	envDir    = "AWSTUTOR_PROGRESS_DIR"    // the state dir it uses
	envCount  = "AWSTUTOR_PROGRESS_COUNT"  // how many increments
)

// helper returns a command that runs TestHelperProcess in a child process.
func helper(t *testing.T, mode, dir string, extra ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHelper+"="+mode, envDir+"="+dir)
	cmd.Env = append(cmd.Env, extra...)
	return cmd
}

// TestHelperProcess is not a test: it is the body of the child processes
// started by helper, and returns at once in a normal run.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(envHelper)
	if mode == "" {
		return
	}
	ctx := context.Background()
	s, err := Open(os.Getenv(envDir))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	switch mode {
	case "increment":
		n, err := strconv.Atoi(os.Getenv(envCount))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for range n {
			if err := increment(ctx, s); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	case "file-size-limit":
		// RLIMIT_FSIZE makes every write past the limit fail with EFBIG,
		// for root as for anyone: the closest stand-in for a full disk
		// that needs no mount. The kernel also sends SIGXFSZ, which would
		// kill the process before the error is seen, so ignore it.
		signal.Ignore(syscall.SIGXFSZ)
		var lim unix.Rlimit
		if err := unix.Getrlimit(unix.RLIMIT_FSIZE, &lim); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		lim.Cur = 256
		if err := unix.Setrlimit(unix.RLIMIT_FSIZE, &lim); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		_, err := s.Update(ctx, func(st *State) error {
			for i := range 50 {
				st.Lessons[fmt.Sprintf("lesson-%02d", i)] = LessonRecord{ReadAt: fixedNow}
			}
			return nil
		})
		// The parent checks the message; the exit code says an error came.
		fmt.Println(err)
		if err == nil {
			os.Exit(1)
		}
	default:
		fmt.Fprintf(os.Stderr, "unknown helper mode %q\n", mode)
		os.Exit(2)
	}
	os.Exit(0)
}

// TestConcurrentProcesses runs two processes that each add 100 quiz
// attempts at the same time; the lock must make every increment count.
func TestConcurrentProcesses(t *testing.T) {
	t.Parallel()
	const procs, each = 2, 100
	s := newStore(t)
	dir := filepath.Dir(s.Path())
	var cmds []*exec.Cmd
	for range procs {
		cmd := helper(t, "increment", dir, envCount+"="+strconv.Itoa(each))
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatalf("start helper: %v", err)
		}
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("helper output: %s", out.String())
			}
		})
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("helper: %v", err)
		}
	}
	assertAttempts(t, s, procs*each)
}

// TestSaveFailure: when the new file cannot be written, Update says so, the
// previous file is unchanged and no temp file is left.
func TestSaveFailure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// fail makes saving in dir impossible and returns the error
		// Update gave and the text it must contain.
		fail func(t *testing.T, s *Store) (err error, want string)
	}{
		{
			// Root ignores permission bits, and the tests run as root, so
			// the disk-full case is made with a file size limit in a child
			// process, which binds root too.
			name: "disk full",
			fail: func(t *testing.T, s *Store) (error, string) {
				out, err := helper(t, "file-size-limit", filepath.Dir(s.Path())).CombinedOutput()
				if err != nil {
					t.Fatalf("helper: %v: %s", err, out)
				}
				return errors.New(strings.TrimSpace(string(out))), "file too large"
			},
		},
		{
			name: "read-only dir",
			fail: func(t *testing.T, s *Store) (error, string) {
				if os.Geteuid() == 0 {
					t.Skip("root writes into a 0500 dir anyway; the disk full case covers root")
				}
				dir := filepath.Dir(s.Path())
				if err := os.Chmod(dir, 0o500); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
				_, err := s.Update(t.Context(), func(st *State) error {
					st.Lessons["new"] = LessonRecord{ReadAt: fixedNow}
					return nil
				})
				if err == nil {
					return errors.New("no error"), "permission denied"
				}
				return err, "permission denied"
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			if _, err := s.Update(t.Context(), func(st *State) error { *st = sample(); return nil }); err != nil {
				t.Fatal(err)
			}
			before := readRaw(t, s.Path())

			err, want := tc.fail(t, s)
			for _, w := range []string{"save progress", s.Path(), want} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if after := readRaw(t, s.Path()); string(after) != string(before) {
				t.Errorf("previous file changed to %s", after)
			}
			if got, want := dirNames(t, filepath.Dir(s.Path())), []string{"progress.json", "progress.lock"}; !slices.Equal(got, want) {
				t.Errorf("state dir holds %v, want %v", got, want)
			}
		})
	}
}
