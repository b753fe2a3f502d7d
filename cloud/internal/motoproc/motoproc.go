// Package motoproc holds what the sandbox manager and the test helper both
// need to run moto server: finding the binary, building its command line,
// recognising its process, choosing a free loopback port and waiting until
// it answers. Keeping it in one place means the tests start moto exactly the
// way learners' sandboxes do.
package motoproc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Host is the only address moto is ever bound to: the sandbox must not be
// reachable from other machines.
const Host = "127.0.0.1"

// EnvBinary names the environment variable that overrides where moto_server
// is found (a path to the executable).
const EnvBinary = "AWSTUTOR_MOTO"

// ErrNotFound reports that moto_server is not installed. Its text is the one
// sentence a learner sees, so it carries the install command.
var ErrNotFound = errors.New("moto server is not installed: install it with pip install 'moto[server]' (or set AWSTUTOR_MOTO to its path)")

// Find returns the path of the moto_server executable: $AWSTUTOR_MOTO when
// set, else moto_server on the PATH.
func Find() (string, error) {
	if p := os.Getenv(EnvBinary); p != "" {
		st, err := os.Stat(p)
		if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			return "", fmt.Errorf("find moto server at %s=%s: %w", EnvBinary, p, ErrNotFound)
		}
		return p, nil
	}
	p, err := exec.LookPath("moto_server")
	if err != nil {
		return "", ErrNotFound
	}
	return p, nil
}

// Args returns the arguments (without the program) that start moto on the
// loopback address and the given port.
func Args(port int) []string {
	return []string{"-H", Host, "-p", strconv.Itoa(port)}
}

// Env returns the environment moto runs with: the caller's, plus the
// setting that makes moto know AWS's managed IAM policies. The labs attach
// AmazonECSTaskExecutionRolePolicy and AWSLambdaBasicExecutionRole by ARN,
// which moto refuses as "policy does not exist" without it.
func Env() []string {
	return append(os.Environ(), "MOTO_IAM_LOAD_MANAGED_POLICIES=true")
}

// Endpoint returns the base URL of a moto server on the loopback port.
func Endpoint(port int) string {
	return "http://" + net.JoinHostPort(Host, strconv.Itoa(port))
}

// IsMoto reports whether a process command line (argv) is a moto server
// listening on port. The program is often an interpreter: through a pyenv
// shim or a pip entry point the kernel shows
// "python .../bin/moto_server -H 127.0.0.1 -p 5000", and "python -m
// moto.server" is also common, so any argument naming moto counts, and the
// port must appear as -p/--port.
func IsMoto(argv []string, port int) bool {
	named := false
	for _, a := range argv {
		if strings.Contains(strings.ToLower(filepath.Base(a)), "moto") {
			named = true
			break
		}
	}
	if !named {
		return false
	}
	want := strconv.Itoa(port)
	for i, a := range argv {
		switch {
		case (a == "-p" || a == "--port") && i+1 < len(argv) && argv[i+1] == want:
			return true
		case a == "-p"+want || a == "--port="+want:
			return true
		}
	}
	return false
}

// FreePort asks the kernel for a free TCP port on the loopback address. The
// port is released before it is returned, so a caller that starts a server
// on it must cope with losing a race (see Start's retry in callers).
func FreePort() (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(Host, "0"))
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// PortFree reports whether nothing listens on the loopback port.
func PortFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort(Host, strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// healthClient is short-timed: a health probe against loopback either
// answers at once or the server is not (yet) there.
var healthClient = &http.Client{
	Timeout:   time.Second,
	Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
}

// Healthy reports whether a moto server answers on endpoint. moto serves its
// dashboard at /moto-api/ as soon as it accepts requests.
func Healthy(ctx context.Context, endpoint string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"/moto-api/", nil)
	if err != nil {
		return false
	}
	resp, err := healthClient.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// WaitHealthy polls endpoint until moto answers, exited is closed (the
// process died), or ctx ends. exited may be nil.
func WaitHealthy(ctx context.Context, endpoint string, exited <-chan struct{}) error {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if Healthy(ctx, endpoint) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for moto server at %s: %w", endpoint, ctx.Err())
		case <-exited:
			return fmt.Errorf("wait for moto server at %s: %w", endpoint, ErrExited)
		case <-tick.C:
		}
	}
}

// ErrExited reports that moto exited before it answered.
var ErrExited = errors.New("moto server exited before it answered")

// resetTimeout bounds a reset whose context has no deadline. A reset
// rebuilds every backend moto has used, and with AWS's managed IAM policies
// loaded that took over 10 s on a busy 2-core machine: the caller's
// deadline, not a short client timeout, decides.
const resetTimeout = 60 * time.Second

// Reset wipes all of moto's state with POST /moto-api/reset.
func Reset(ctx context.Context, endpoint string) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, resetTimeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/moto-api/reset", nil)
	if err != nil {
		return fmt.Errorf("reset moto server: %w", err)
	}
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("reset moto server: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("reset moto server: %s answered %s", endpoint, resp.Status)
	}
	return nil
}

// Tail returns up to n bytes from the end of the file at path, trimmed, so
// that an error can show why moto failed to start. It returns "" when the
// file cannot be read.
func Tail(path string, n int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return ""
	}
	off := st.Size() - n
	if off < 0 {
		off = 0
	}
	b := make([]byte, st.Size()-off)
	if _, err := f.ReadAt(b, off); err != nil && !errors.Is(err, io.EOF) {
		return ""
	}
	return strings.TrimSpace(string(b))
}
