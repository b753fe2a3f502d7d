package tfrun

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// LockFile is the file inside a workspace that one awstutor process holds
// locked while it runs terraform there.
const LockFile = ".awstutor.lock"

// ErrBusy reports that another process is running terraform in the
// workspace. Its text reads well inside a sentence: callers write
// `lab X is busy: …`.
var ErrBusy = errors.New("busy")

// Lock is a held workspace lock. While it is held the lock file names the
// operation, so a process that dies mid-run leaves that name behind and the
// next one can tell the run was cut short.
type Lock struct {
	f    *os.File
	prev string
}

// LockWorkspace takes the workspace's lock for operation op ("apply", …)
// without waiting. It returns ErrBusy when another process, or another
// operation in this process, holds it.
func LockWorkspace(dir, op string) (*Lock, error) {
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open workspace lock: %w", err)
	}
	if err := tryLock(f); err != nil {
		f.Close()
		return nil, err
	}
	prev, err := readMarker(f)
	if err != nil {
		unlock(f)
		f.Close()
		return nil, err
	}
	if err := writeMarker(f, op); err != nil {
		unlock(f)
		f.Close()
		return nil, err
	}
	return &Lock{f: f, prev: prev}, nil
}

// Abandoned names the operation a previous holder was running when it died
// without unlocking; empty when the last holder finished cleanly.
func (l *Lock) Abandoned() string { return l.prev }

// Unlock clears the operation marker and releases the lock.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	errMarker := writeMarker(l.f, "")
	errUnlock := unlock(l.f)
	errClose := l.f.Close()
	l.f = nil
	if err := errors.Join(errMarker, errUnlock, errClose); err != nil {
		return fmt.Errorf("release workspace lock: %w", err)
	}
	return nil
}

// AbandonedOp reports, without taking the lock for more than an instant,
// which operation a dead process left unfinished in dir. It returns "" when
// none was, or when a live process holds the lock (its run is still going).
func AbandonedOp(dir string) (string, error) {
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("open workspace lock: %w", err)
	}
	defer f.Close()
	if err := tryLock(f); err != nil {
		if errors.Is(err, ErrBusy) {
			return "", nil
		}
		return "", err
	}
	defer unlock(f)
	return readMarker(f)
}

// Busy reports whether a live process holds dir's lock right now.
func Busy(dir string) bool {
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDONLY, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := tryLock(f); err != nil {
		return errors.Is(err, ErrBusy)
	}
	unlock(f)
	return false
}

func readMarker(f *os.File) (string, error) {
	buf := make([]byte, 256)
	n, err := f.ReadAt(buf, 0)
	if err != nil && n == 0 && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read workspace lock: %w", err)
	}
	return strings.TrimSpace(string(bytes.TrimRight(buf[:n], "\x00"))), nil
}

func writeMarker(f *os.File, op string) error {
	if err := f.Truncate(0); err != nil {
		return fmt.Errorf("write workspace lock: %w", err)
	}
	if op == "" {
		return nil
	}
	if _, err := f.WriteAt([]byte(op+"\n"), 0); err != nil {
		return fmt.Errorf("write workspace lock: %w", err)
	}
	return nil
}
