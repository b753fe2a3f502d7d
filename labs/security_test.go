package labs

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"awstutor/tfrun"
)

// envLab is a lab whose only resource writes the environment terraform
// gives its provisioners into the workspace: what a learner's local-exec
// (an `aws` CLI call, say) would see.
func envLab() fstest.MapFS {
	main := []byte(`resource "terraform_data" "env" {
  provisioner "local-exec" {
    command = "env > terraform-env.txt"
  }
}
`)
	return fstest.MapFS{
		"envdump/lab.yaml":         {Data: []byte("id: envdump\nday: 1\ntitle: env\nminutes: 5\nsteps:\n  - id: only\n    title: only\n")},
		"envdump/guide.md":         {Data: []byte("# env\n")},
		"envdump/starter/main.tf":  {Data: main},
		"envdump/solution/main.tf": {Data: main},
	}
}

// TestSandboxTerraformGetsNoRealCredentials sets real-looking AWS
// credentials, a profile and a session token in awstutor's environment and
// applies a lab in the sandbox: nothing terraform runs may see any of
// them, only the emulator's fake keys, so a provisioner cannot reach real
// AWS with the learner's account. In the aws target the same variables
// must pass through, because there they are how the learner signs in.
func TestSandboxTerraformGetsNoRealCredentials(t *testing.T) {
	real := map[string]string{
		"AWS_ACCESS_KEY_ID":     "AKIAREALKEY000000001",
		"AWS_SECRET_ACCESS_KEY": "real/secret/key/do/not/leak",
		"AWS_SESSION_TOKEN":     "real-session-token",
		"AWS_PROFILE":           "production",
		"AWS_ENDPOINT_URL":      "https://sqs.ap-northeast-2.amazonaws.com",
	}
	for k, v := range real {
		t.Setenv(k, v)
	}
	cat, err := Load(envLab())
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{TargetSandbox, TargetAWS} {
		t.Run(target, func(t *testing.T) {
			m, err := NewManager(ManagerOptions{
				StateDir: t.TempDir(), Target: target, Catalog: cat,
				Terraform: needTerraform(t), Recorder: &MemoryRecorder{}, Log: testLog{t},
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := m.Up(context.Background(), "envdump", nil); err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(filepath.Join(m.WorkspaceDir("envdump"), "terraform-env.txt"))
			if err != nil {
				t.Fatal(err)
			}
			env := map[string]string{}
			for _, line := range strings.Split(string(raw), "\n") {
				if k, v, ok := strings.Cut(line, "="); ok {
					env[k] = v
				}
			}
			for k, v := range real {
				leaked := strings.Contains(string(raw), v)
				if target == TargetSandbox && leaked {
					t.Errorf("terraform in the sandbox sees the caller's %s", k)
				}
				if target == TargetAWS && env[k] != v {
					t.Errorf("terraform in the aws target lost %s (got %q)", k, env[k])
				}
			}
			if target == TargetSandbox {
				if env["AWS_ACCESS_KEY_ID"] != "test" || env["AWS_SECRET_ACCESS_KEY"] != "test" || env["AWS_CONFIG_FILE"] != os.DevNull {
					t.Errorf("terraform in the sandbox lacks the fake keys and the empty shared config: %q %q %q",
						env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], env["AWS_CONFIG_FILE"])
				}
			}
			if _, err := m.Down(context.Background(), "envdump", nil); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestWorkspaceFilesArePrivate applies and destroys a lab and checks the
// files Terraform wrote into the workspace (the state, its backup and the
// saved plan, which hold every attribute and output in clear, sensitive
// ones included) are readable by the owner only, as the rest of the state
// dir is; terraform itself creates them 0644.
func TestWorkspaceFilesArePrivate(t *testing.T) {
	t.Parallel()
	m := newTestManager(t, managerSetup{})
	ctx := context.Background()
	if _, err := m.Up(ctx, "basic", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Down(ctx, "basic", nil); err != nil {
		t.Fatal(err)
	}
	dir := m.WorkspaceDir("basic")
	for _, name := range []string{tfrun.StateFile, tfrun.StateBackupFile, tfrun.PlanFile, tfrun.LockFile, "main.tf"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s is %v, want no access for group and others", name, perm)
		}
	}
	for _, d := range []string{dir, filepath.Dir(dir), filepath.Dir(filepath.Dir(dir))} {
		if info, err := os.Stat(d); err != nil || info.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, %v; want 0700", d, info.Mode().Perm(), err)
		}
	}
}
