package labs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"awstutor/cloud"
	"awstutor/tfrun"
)

// RecordError reports a Terraform run that succeeded but whose record
// could not be saved (progress.json on a read-only or full disk): the
// resources exist as the state file says, and only awstutor's record of
// the run is behind. Status and cleanup read the workspace's state file,
// so they still find what was deployed.
type RecordError struct {
	// Lab and Target name the lab whose run was not recorded.
	Lab, Target string
	// Op is the run that succeeded: OpApply or OpDestroy.
	Op Op
	// Err is the recorder's failure.
	Err error
}

func (e *RecordError) Error() string {
	done := "applied"
	if e.Op == OpDestroy {
		done = "destroyed"
	}
	return fmt.Sprintf("lab %s is %s, but awstutor could not record it: %v; status and cleanup still find it from the workspace", e.Lab, done, e.Err)
}

// Unwrap returns the recorder's failure.
func (e *RecordError) Unwrap() error { return e.Err }

// File is the file the record was to be saved in, when the recorder's
// error names it with a File() string method (the progress store's
// recorder does); else "".
func (e *RecordError) File() string {
	var f interface{ File() string }
	if errors.As(e.Err, &f) {
		return f.File()
	}
	return ""
}

// Reason is why the record could not be saved, as short as the cause
// allows: the operating system's own words ("read-only file system") when
// the failure was a file operation, else the recorder's whole error.
func (e *RecordError) Reason() string {
	var pe *os.PathError
	if errors.As(e.Err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(e.Err, &le) {
		return le.Err.Error()
	}
	return e.Err.Error()
}

// SandboxStoppedError reports a Terraform run in the sandbox target that
// failed while the emulator had stopped answering (killed, crashed, the
// machine slept): the provider's calls, or anything else the
// configuration sends to the endpoint, could not reach it. Terraform keeps
// in the lab's state what it created before, so the way on is to start
// the sandbox again and run the same command again. It matches
// cloud.ErrSandboxDown.
type SandboxStoppedError struct {
	// Lab names the lab.
	Lab string
	// Op is what was asked: OpPlan, OpApply or OpDestroy.
	Op Op
	// Endpoint is the emulator that stopped answering.
	Endpoint string
	// Err is the run's own failure.
	Err error
}

func (e *SandboxStoppedError) Error() string {
	return fmt.Sprintf("the sandbox at %s stopped answering during the %s of lab %s: start it again with `awstutor sandbox start`, then run `awstutor %s` again; what was already created is kept in the lab's state",
		e.Endpoint, e.Op, e.Lab, e.Command())
}

// Command is the awstutor command that runs the operation again, such as
// "lab up day1-messaging".
func (e *SandboxStoppedError) Command() string {
	switch e.Op {
	case OpPlan:
		return "lab plan " + e.Lab
	case OpDestroy:
		return "lab down " + e.Lab
	}
	return "lab up " + e.Lab
}

// Unwrap returns cloud.ErrSandboxDown and the run's failure, so callers
// can match either.
func (e *SandboxStoppedError) Unwrap() []error { return []error{cloud.ErrSandboxDown, e.Err} }

// probeTimeout bounds the check that the emulator still answers after a
// failed run: on loopback it answers at once or not at all.
const probeTimeout = 2 * time.Second

// runError decides what a failed run of op on the lab tells the learner.
// In the sandbox target, a failure that involved the emulator (Terraform's
// reason names its address) while the emulator no longer answers is a
// SandboxStoppedError: the reason Terraform gives (a refused connection
// deep in a provider's message) is a symptom, and the cure is the same
// whatever the symptom. A failure that does not name the emulator, such
// as a syntax error, is the learner's to fix even when the emulator is
// down, and is returned as it is, as are cancellation and every other
// failure.
func (m *Manager) runError(ctx context.Context, labID string, op Op, err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if m.opts.Target != TargetSandbox || m.opts.Endpoint == "" || !mentionsEndpoint(err, m.opts.Endpoint) {
		return err
	}
	if answers(context.WithoutCancel(ctx), m.opts.Endpoint) {
		return err
	}
	fmt.Fprintf(m.opts.Log, "lab %s: the sandbox at %s does not answer after the failed %s: %v\n", labID, m.opts.Endpoint, op, err)
	return &SandboxStoppedError{Lab: labID, Op: op, Endpoint: m.opts.Endpoint, Err: err}
}

// mentionsEndpoint reports whether a failed run's error, Terraform's
// diagnostics or its stderr name the emulator's host and port, as a
// provider's "dial tcp 127.0.0.1:4566: connect: connection refused" or
// the aws CLI's "Could not connect to the endpoint URL" do.
func mentionsEndpoint(err error, endpoint string) bool {
	u, perr := url.Parse(endpoint)
	if perr != nil || u.Host == "" {
		return false
	}
	texts := []string{err.Error()}
	var ce *tfrun.CommandError
	if errors.As(err, &ce) {
		texts = append(texts, ce.Stderr)
		for _, d := range ce.Diagnostics {
			texts = append(texts, d.Summary, d.Detail)
		}
	}
	for _, t := range texts {
		if strings.Contains(t, u.Host) {
			return true
		}
	}
	return false
}

// answers reports whether anything answers HTTP at endpoint: moto and
// LocalStack answer every path, if only with an error page, so any
// response at all means the emulator is up.
func answers(ctx context.Context, endpoint string) bool {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return false
	}
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	return true
}
