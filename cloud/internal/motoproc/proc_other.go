//go:build !unix

package motoproc

import (
	"errors"
	"os"
	"os/exec"
)

// Detach is not supported outside Unix: the sandbox manager refuses to run
// there (see Signal) rather than leave an emulator it cannot stop safely.
func Detach(cmd *exec.Cmd) {}

// Alive is never true outside Unix, where process identity is not checked.
func Alive(pid int) bool { return false }

// Cmdline is not available outside Unix.
func Cmdline(pid int) []string { return nil }

// Signal reports that the sandbox cannot manage processes on this system.
func Signal(pid int, sig os.Signal) error {
	return errors.New("the sandbox manager needs Linux or macOS: run moto_server yourself and pass --endpoint")
}

// Terminate and Kill: outside Unix only killing is possible.
var (
	Terminate os.Signal = os.Kill
	Kill      os.Signal = os.Kill
)

// Supported reports whether this system can manage a sandbox process: not
// here, since process identity cannot be checked before signalling.
const Supported = false
