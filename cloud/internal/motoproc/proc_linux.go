package motoproc

import (
	"os/exec"
	"syscall"
)

// DieWithParent asks the kernel to kill cmd's process when the process that
// started it dies. Test helpers use it so that a test binary killed by a
// timeout does not leave emulators behind.
func DieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
