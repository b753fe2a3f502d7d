package tfrun

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// realTerraform finds the real binary once. Tests that need it fail with
// the reason when it is missing; they do not skip.
var realTerraform = sync.OnceValues(func() (Binary, error) {
	return Find(context.Background(), FindOptions{})
})

func needTerraform(t testing.TB) Binary {
	t.Helper()
	bin, err := realTerraform()
	if err != nil {
		t.Fatalf("this test runs the real terraform: %v", err)
	}
	return bin
}

// writeFiles creates files (name -> content) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// testLog sends the runner's log to the test log.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Logf("%s", p)
	return len(p), nil
}
