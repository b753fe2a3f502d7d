//go:build linux || darwin || freebsd || netbsd || openbsd

package progress

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// lockPoll is how often a waiting process retries the lock. flock has no
// timeout and a blocked flock call cannot be cancelled, so waiting is a
// non-blocking attempt in a loop that also watches ctx.
const lockPoll = 10 * time.Millisecond

// lock takes an exclusive flock on the file at path, creating it if needed,
// and waits for it while ctx allows. The returned function releases it.
//
// flock locks belong to the open file description, so two goroutines of one
// process exclude each other as well as two processes do. The lock file is
// never removed: removing it would let a late process lock an unlinked inode
// while a new one locks a fresh file.
func lock(ctx context.Context, path string) (unlock func(), err error) {
	// Read-only is enough for flock and works on a lock file that exists
	// in a directory we can no longer write.
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	ticker := (*time.Ticker)(nil)
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case err == nil:
			if ticker != nil {
				ticker.Stop()
			}
			// Closing the descriptor releases the lock; a close error
			// cannot lose data on a file we never wrote.
			return func() { _ = f.Close() }, nil
		case errors.Is(err, unix.EINTR):
			continue
		case !errors.Is(err, unix.EWOULDBLOCK):
			_ = f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if ticker == nil {
			ticker = time.NewTicker(lockPoll)
		}
		select {
		case <-ctx.Done():
			ticker.Stop()
			_ = f.Close()
			return nil, fmt.Errorf("wait for lock %s: %w", path, ctx.Err())
		case <-ticker.C:
		}
	}
}
