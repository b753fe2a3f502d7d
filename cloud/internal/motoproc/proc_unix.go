//go:build unix

package motoproc

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// Detach makes cmd's process outlive the program that starts it: it gets
// its own process group, so a Ctrl-C in the learner's terminal (sent to the
// foreground group) does not stop the sandbox along with awstutor.
func Detach(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

// Alive reports whether pid names a running process. A zombie (exited, not
// yet reaped by its parent) is not alive: it serves nothing and only waits
// for its parent to collect it.
func Alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
		// The state follows the parenthesised command name, which may itself
		// contain ") ", so look for the last one.
		i := bytes.LastIndexByte(b, ')')
		return i < 0 || i+2 >= len(b) || (b[i+2] != 'Z' && b[i+2] != 'X')
	} else if procMounted() {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// Cmdline returns the argv of process pid, or nil when it is gone. On Linux
// it is read from /proc; elsewhere from ps, whose output loses the argument
// boundaries (spaces inside arguments split them), which is good enough for
// IsMoto.
func Cmdline(pid int) []string {
	if pid <= 0 {
		return nil
	}
	if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline"); err == nil {
		b = bytes.TrimRight(b, "\x00")
		if len(b) == 0 {
			return nil
		}
		return strings.Split(string(b), "\x00")
	} else if procMounted() {
		return nil
	}
	out, err := exec.Command("ps", "-ww", "-o", "args=", "-p", strconv.Itoa(pid)).Output()
	if err != nil {
		return nil
	}
	return strings.Fields(string(out))
}

func procMounted() bool {
	_, err := os.Stat("/proc/self/stat")
	return err == nil
}

// Signal sends sig to pid only (never to its group). A process that is
// already gone is not an error.
func Signal(pid int, sig os.Signal) error {
	s, ok := sig.(syscall.Signal)
	if !ok {
		return fmt.Errorf("signal process %d: %v is not a Unix signal", pid, sig)
	}
	if err := syscall.Kill(pid, s); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("signal process %d: %w", pid, err)
	}
	return nil
}

// Terminate is SIGTERM and Kill is SIGKILL, as os.Signal values that also
// work with os.Process.Signal.
var (
	Terminate os.Signal = syscall.SIGTERM
	Kill      os.Signal = syscall.SIGKILL
)

// Supported reports whether this system can manage a sandbox process.
const Supported = true
