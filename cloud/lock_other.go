//go:build !unix

package cloud

import "context"

// lockFile is a no-op where flock does not exist; the sandbox manager does
// not run there anyway (it cannot check process identity).
func lockFile(ctx context.Context, path string) (unlock func(), err error) {
	return func() {}, nil
}
