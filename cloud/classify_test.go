package cloud

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"awstutor/cloud/internal/motoproc"
	"awstutor/cloud/mototest"
)

// downBudget is the promise: a dead emulator is reported within
// five seconds, never after a minute-long hang.
const downBudget = 5 * time.Second

// TestSandboxDownWhenKilledMidCall freezes a real moto (SIGSTOP) so that a
// call is in flight and unanswered, then kills it by its pid. The call must
// end with ErrSandboxDown, as one sentence, within five seconds of the kill.
func TestSandboxDownWhenKilledMidCall(t *testing.T) {
	t.Parallel()
	srv := mototest.Start(t)
	ctx := testCtx(t)
	c := sandboxClients(t, srv.Endpoint())
	if _, err := c.SQS.ListQueues(ctx, &sqs.ListQueuesInput{}); err != nil {
		t.Fatalf("sqs ListQueues before the kill: %v", err)
	}

	if err := motoproc.Signal(srv.PID(), syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := c.SQS.ListQueues(ctx, &sqs.ListQueuesInput{})
		done <- err
	}()
	// Let the request reach the frozen server's socket before the kill.
	time.Sleep(300 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("call returned while moto was frozen: %v", err)
	default:
	}
	killed := time.Now()
	if err := motoproc.Signal(srv.PID(), motoproc.Kill); err != nil {
		t.Fatal(err)
	}

	var err error
	select {
	case err = <-done:
	case <-time.After(2 * downBudget):
		t.Fatalf("call still running %s after moto was killed", 2*downBudget)
	}
	took := time.Since(killed)
	t.Logf("killed mid-call: error after %s", took)
	if took > downBudget {
		t.Errorf("error came %s after the kill, want under %s", took, downBudget)
	}
	err = Classify(err)
	if !errors.Is(err, ErrSandboxDown) {
		t.Fatalf("Classify = %v, want ErrSandboxDown", err)
	}
	if err.Error() != "the sandbox is not running: run awstutor sandbox start" {
		t.Errorf("message = %q, want the one sentence", err.Error())
	}

	// The next call finds the port closed: also ErrSandboxDown, at once.
	start := time.Now()
	_, err = c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	t.Logf("call after the kill: error after %s", time.Since(start))
	if !errors.Is(Classify(err), ErrSandboxDown) || time.Since(start) > downBudget {
		t.Errorf("call after the kill: %v after %s, want ErrSandboxDown within %s", err, time.Since(start), downBudget)
	}
}

// TestFrozenEmulatorIsNotRetried uses a listener that accepts connections
// and never answers (a hung emulator). The response timeout must end the
// call, the retryer must not repeat it, and the result is ErrSandboxDown.
// The timeout is shortened here; the sandbox's own is sandboxResponseTimeout.
func TestFrozenEmulatorIsNotRetried(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	var accepted atomic.Int32
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			t.Cleanup(func() { conn.Close() })
		}
	}()

	cfg, err := NewConfig(context.Background(), Target{Name: TargetSandbox, Endpoint: "http://" + l.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	cfg.HTTPClient = awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		tr.ResponseHeaderTimeout = 500 * time.Millisecond
	})
	start := time.Now()
	_, err = sqs.NewFromConfig(cfg).ListQueues(testCtx(t), &sqs.ListQueuesInput{})
	took := time.Since(start)
	if !errors.Is(Classify(err), ErrSandboxDown) {
		t.Fatalf("Classify = %v, want ErrSandboxDown", Classify(err))
	}
	if n := accepted.Load(); n != 1 {
		t.Errorf("emulator saw %d connections, want 1 (a timeout must not be retried)", n)
	}
	if took > 3*time.Second {
		t.Errorf("call took %s with a 500ms response timeout", took)
	}
}

// TestSandboxDownWhenNothingListens: a sandbox endpoint on a closed port.
func TestSandboxDownWhenNothingListens(t *testing.T) {
	t.Parallel()
	port, err := motoproc.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	c := sandboxClients(t, motoproc.Endpoint(port))
	start := time.Now()
	_, err = c.SQS.ListQueues(testCtx(t), &sqs.ListQueuesInput{})
	took := time.Since(start)
	t.Logf("closed port: error after %s", took)
	if !errors.Is(Classify(err), ErrSandboxDown) {
		t.Fatalf("Classify = %v, want ErrSandboxDown", Classify(err))
	}
	if !errors.Is(Classify(err), syscall.ECONNREFUSED) {
		t.Errorf("Classify lost the cause: %v", Classify(err))
	}
	if took > downBudget {
		t.Errorf("took %s, want under %s", took, downBudget)
	}
}

type apiErr struct{ code string }

func (e apiErr) Error() string                 { return e.code }
func (e apiErr) ErrorCode() string             { return e.code }
func (e apiErr) ErrorMessage() string          { return e.code }
func (e apiErr) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

func TestClassify(t *testing.T) {
	t.Parallel()
	refused := func(rawURL string) error {
		return &smithy.OperationError{ServiceID: "SQS", OperationName: "ListQueues", Err: &url.Error{
			Op: "Post", URL: rawURL,
			Err: &net.OpError{Op: "dial", Net: "tcp", Err: &netSyscallError{syscall.ECONNREFUSED}},
		}}
	}
	tests := []struct {
		name string
		err  error
		want error // nil: returned unchanged
	}{
		{"refused on 127.0.0.1", refused("http://127.0.0.1:5000/"), ErrSandboxDown},
		{"refused on localhost", refused("http://localhost:4566/"), ErrSandboxDown},
		{"refused on ::1", refused("http://[::1]:5000/"), ErrSandboxDown},
		{"refused on a remote host", refused("https://sqs.ap-northeast-2.amazonaws.com/"), nil},
		{"reset on loopback", &url.Error{Op: "Post", URL: "http://127.0.0.1:5000/", Err: syscall.ECONNRESET}, ErrSandboxDown},
		{"no credentials", &smithy.OperationError{Err: &v4.SigningError{Err: errors.New("failed to retrieve credentials")}}, ErrCredentials},
		{"expired token", &smithy.OperationError{Err: apiErr{"ExpiredToken"}}, ErrCredentials},
		{"unknown key", fmt.Errorf("call: %w", apiErr{"InvalidClientTokenId"}), ErrCredentials},
		{"access denied is not a credentials problem", apiErr{"AccessDenied"}, nil},
		{"cancelled", fmt.Errorf("call: %w", context.Canceled), nil},
		{"other", errors.New("boom"), nil},
	}
	for _, tt := range tests {
		got := Classify(tt.err)
		if tt.want == nil {
			if got != tt.err {
				t.Errorf("%s: Classify = %v, want it unchanged", tt.name, got)
			}
			continue
		}
		if !errors.Is(got, tt.want) || got.Error() != tt.want.Error() {
			t.Errorf("%s: Classify = %q, want %q", tt.name, got, tt.want)
		}
		if !errors.Is(got, tt.err) {
			t.Errorf("%s: Classify dropped the cause", tt.name)
		}
	}
	if Classify(nil) != nil {
		t.Error("Classify(nil) != nil")
	}
}

// netSyscallError mimics os.SyscallError inside net.OpError.
type netSyscallError struct{ errno syscall.Errno }

func (e *netSyscallError) Error() string { return "connect: " + e.errno.Error() }
func (e *netSyscallError) Unwrap() error { return e.errno }
