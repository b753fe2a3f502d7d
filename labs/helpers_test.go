package labs

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"awstutor/tfrun"
)

// terraformBinary finds the real terraform once per test binary. A machine
// without it fails these tests with the reason rather than skip them.
var terraformBinary = sync.OnceValues(func() (tfrun.Binary, error) {
	return tfrun.Find(context.Background(), tfrun.FindOptions{})
})

func needTerraform(t testing.TB) tfrun.Binary {
	t.Helper()
	bin, err := terraformBinary()
	if err != nil {
		t.Fatalf("these tests run the real terraform: %v", err)
	}
	return bin
}

func testCatalog(t testing.TB) *Catalog {
	t.Helper()
	c, err := Load(os.DirFS("testdata/labs"))
	if err != nil {
		t.Fatalf("load fixture labs: %v", err)
	}
	return c
}

type managerSetup struct {
	stateDir string
	target   string
	endpoint string
	recorder *MemoryRecorder
	now      func() time.Time
	grace    time.Duration
}

func newTestManager(t testing.TB, s managerSetup) *Manager {
	t.Helper()
	if s.stateDir == "" {
		s.stateDir = t.TempDir()
	}
	if s.target == "" {
		s.target = TargetSandbox
	}
	if s.recorder == nil {
		s.recorder = &MemoryRecorder{}
	}
	m, err := NewManager(ManagerOptions{
		StateDir:       s.stateDir,
		Target:         s.target,
		Endpoint:       s.endpoint,
		Catalog:        testCatalog(t),
		Terraform:      needTerraform(t),
		Recorder:       s.recorder,
		Log:            testLog{t},
		Now:            s.now,
		InterruptGrace: s.grace,
	})
	if err != nil {
		t.Fatalf("new manager: %v", err)
	}
	return m
}

// testLog sends terraform's command lines and stderr to the test log, so a
// failing test shows what terraform said.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Helper()
	l.t.Logf("%s", p)
	return len(p), nil
}

// collect drains events into a slice until the returned stop is called.
func collect(events chan tfrun.Event) (stop func() []tfrun.Event) {
	var got []tfrun.Event
	done := make(chan struct{})
	go func() {
		for e := range events {
			got = append(got, e)
		}
		close(done)
	}()
	return func() []tfrun.Event {
		close(events)
		<-done
		return got
	}
}
