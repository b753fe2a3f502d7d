//go:build !unix

package tfrun

import (
	"errors"
	"os"
)

// tryLock has no portable non-blocking file lock to use outside Unix, and
// a lock that does not exclude would be worse than none: refuse clearly.
func tryLock(f *os.File) error {
	return errors.New("lock workspace: not supported on this operating system")
}

func unlock(f *os.File) error { return nil }
