//go:build !linux

package motoproc

import "os/exec"

// DieWithParent does nothing outside Linux, which alone has a parent-death
// signal; test cleanup still stops the process by its pid.
func DieWithParent(cmd *exec.Cmd) {}
