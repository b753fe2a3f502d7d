package cloud

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"awstutor/cloud/mototest"
)

// moto is the package's shared emulator for tests that only make calls;
// tests that start, stop or kill emulators run their own.
var moto *mototest.Server

func TestMain(m *testing.M) {
	if dir := os.Getenv(starterEnv); dir != "" {
		os.Exit(runStarter(dir))
	}
	srv, stop, err := mototest.StartMain()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cloud tests need moto server:", err)
		os.Exit(1)
	}
	moto = srv
	code := m.Run()
	stop()
	os.Exit(code)
}

// sandboxClients returns clients for the sandbox target at endpoint.
func sandboxClients(t *testing.T, endpoint string) *Clients {
	t.Helper()
	c, err := Connect(context.Background(), Target{Name: TargetSandbox, Endpoint: endpoint, Region: DefaultRegion})
	if err != nil {
		t.Fatalf("connect to sandbox %s: %v", endpoint, err)
	}
	return c
}

// testCtx is a context bounded well above any single call the tests make,
// so a regression that hangs fails the test instead of the whole run.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}
