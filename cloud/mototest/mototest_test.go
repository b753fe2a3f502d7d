package mototest

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"awstutor/cloud/internal/motoproc"
)

func TestStartResetStop(t *testing.T) {
	s := Start(t)
	ctx := context.Background()
	if !strings.HasPrefix(s.Endpoint(), "http://127.0.0.1:") || !motoproc.Healthy(ctx, s.Endpoint()) {
		t.Fatalf("server at %s does not answer", s.Endpoint())
	}
	if !motoproc.IsMoto(motoproc.Cmdline(s.PID()), s.Port()) {
		t.Errorf("pid %d is not moto on %d: %q", s.PID(), s.Port(), motoproc.Cmdline(s.PID()))
	}

	// Reset really clears state: create an SQS queue with the query API
	// moto serves, reset, and see it gone.
	post := func(body string) string {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.Endpoint()+"/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return b.String()
	}
	post("Action=CreateQueue&QueueName=kept&Version=2012-11-05")
	if !strings.Contains(post("Action=ListQueues&Version=2012-11-05"), "kept") {
		t.Fatal("queue not created")
	}
	s.Reset(t)
	if strings.Contains(post("Action=ListQueues&Version=2012-11-05"), "kept") {
		t.Error("queue still there after Reset")
	}

	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.Exited():
	case <-time.After(time.Second):
		t.Fatal("Exited not closed after Stop")
	}
	if motoproc.Alive(s.PID()) {
		t.Error("process alive after Stop")
	}
	if err := s.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

// TestMissingMotoIsAnError: without moto the helper reports why (so that
// Start fails the test and StartMain fails the package) instead of letting
// the test pass or skip.
func TestMissingMotoIsAnError(t *testing.T) {
	t.Setenv(motoproc.EnvBinary, filepath.Join(t.TempDir(), "moto_server"))
	srv, stop, err := StartMain()
	if !errors.Is(err, motoproc.ErrNotFound) || srv != nil || stop != nil {
		t.Fatalf("StartMain without moto = %v, %v", srv, err)
	}
	if !strings.Contains(err.Error(), "pip install 'moto[server]'") {
		t.Errorf("error %q lacks the install command", err)
	}
}
