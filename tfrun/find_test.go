package tfrun

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTerraform writes a script that answers `version -json` like a
// Terraform of the given version, for the version check. Everything else
// in these tests uses the real binary.
func fakeTerraform(t *testing.T, dir, version string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "terraform")
	script := "#!/bin/sh\necho '{\"terraform_version\":\"" + version + "\",\"platform\":\"linux_amd64\",\"provider_selections\":{}}'\n"
	if err := os.WriteFile(p, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFind(t *testing.T) {
	real := needTerraform(t)
	ctx := context.Background()
	tmp := t.TempDir()
	old := fakeTerraform(t, filepath.Join(tmp, "old"), "1.4.7")
	newer := fakeTerraform(t, filepath.Join(tmp, "new"), "1.9.0")

	tests := []struct {
		name    string
		flag    string
		env     string
		path    string
		want    string
		wantErr error
	}{
		{name: "flag wins over env", flag: newer, env: old, path: "", want: "1.9.0"},
		{name: "env when no flag", env: newer, want: "1.9.0"},
		{name: "PATH last", path: filepath.Dir(real.Path), want: real.Version},
		{name: "too old", env: old, wantErr: ErrTerraformTooOld},
		{name: "flag names a missing file", flag: filepath.Join(tmp, "nope"), wantErr: ErrTerraformNotFound},
		{name: "nothing anywhere", path: filepath.Join(tmp, "empty"), wantErr: ErrTerraformNotFound},
		{name: "not terraform", flag: "/bin/false", wantErr: ErrTerraformNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvTerraform, tt.env)
			t.Setenv("PATH", tt.path)
			bin, err := Find(ctx, FindOptions{Path: tt.flag})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Find = %+v, %v; want %v", bin, err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), "install Terraform 1.5.0 or newer") {
					t.Errorf("error %q does not say how to install terraform", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if bin.Version != tt.want || !filepath.IsAbs(bin.Path) {
				t.Errorf("Find = %+v, want version %s at an absolute path", bin, tt.want)
			}
		})
	}
}
