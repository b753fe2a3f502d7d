package tfrun

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"awstutor/cloud/mototest"
)

// realAWS is what a learner's shell may hold: keys, a session, a profile,
// a region and endpoints of real AWS (the global one, a service's own, and
// the switch that would make an SDK ignore configured endpoints).
var realAWS = map[string]string{
	"AWS_ACCESS_KEY_ID":                   "AKIAREALKEY000000001",
	"AWS_SECRET_ACCESS_KEY":               "real/secret/key/do/not/leak",
	"AWS_SESSION_TOKEN":                   "real-session-token",
	"AWS_PROFILE":                         "production",
	"AWS_REGION":                          "us-west-2",
	"AWS_DEFAULT_REGION":                  "us-west-2",
	"AWS_ENDPOINT_URL":                    "https://sts.us-west-2.amazonaws.com",
	"AWS_ENDPOINT_URL_STS":                "https://sts.amazonaws.com",
	"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
	"AWS_EC2_METADATA_DISABLED":           "false",
}

func environOf(m map[string]string, more ...string) []string {
	out := append([]string(nil), more...)
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	return out
}

// TestSandboxEnv: the environment of a sandbox run sends every AWS call
// to the emulator (AWS_ENDPOINT_URL), with its fake keys, the target's
// region and the metadata service off, and keeps nothing of the caller's
// AWS_* variables; without a running emulator, or with an endpoint that is
// not on loopback, the calls go to a loopback port nothing listens on,
// never to real AWS. The aws target's environment is the caller's own,
// with none of these overrides.
func TestSandboxEnv(t *testing.T) {
	t.Parallel()
	environ := environOf(realAWS, "PATH=/usr/bin", "HOME=/home/learner")
	tests := []struct {
		name    string
		sandbox *sandboxTarget
		want    map[string]string
	}{
		{"emulator", &sandboxTarget{endpoint: "http://127.0.0.1:4566", region: "ap-northeast-2"}, map[string]string{
			"AWS_ENDPOINT_URL":   "http://127.0.0.1:4566",
			"AWS_REGION":         "ap-northeast-2",
			"AWS_DEFAULT_REGION": "ap-northeast-2",
		}},
		{"emulator on localhost", &sandboxTarget{endpoint: "http://localhost:5000", region: "us-east-1"}, map[string]string{
			"AWS_ENDPOINT_URL": "http://localhost:5000",
			"AWS_REGION":       "us-east-1",
		}},
		{"no emulator running", &sandboxTarget{region: "ap-northeast-2"}, map[string]string{
			"AWS_ENDPOINT_URL": noEmulator,
			"AWS_REGION":       "ap-northeast-2",
		}},
		{"endpoint not on loopback", &sandboxTarget{endpoint: "https://sqs.ap-northeast-2.amazonaws.com", region: "ap-northeast-2"}, map[string]string{
			"AWS_ENDPOINT_URL": noEmulator,
		}},
		{"no region", &sandboxTarget{endpoint: "http://127.0.0.1:4566"}, map[string]string{
			"AWS_ENDPOINT_URL": "http://127.0.0.1:4566",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := buildTargetEnv(environ, "", tt.sandbox)
			checkSandboxEnv(t, env, tt.want)
			if tt.sandbox.region == "" {
				for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
					if v, ok := env[k]; ok {
						t.Errorf("env[%s] = %q without a region", k, v)
					}
				}
			}
		})
	}

	// The runner's current call, which says only "sandbox", is as safe.
	t.Run("sandbox without a target", func(t *testing.T) {
		t.Parallel()
		checkSandboxEnv(t, buildEnv(environ, "", true), map[string]string{"AWS_ENDPOINT_URL": noEmulator})
	})

	// The aws target: the learner's own variables, as they are, are how
	// they sign in; awstutor adds none of its sandbox settings.
	t.Run("aws target", func(t *testing.T) {
		t.Parallel()
		for _, env := range []map[string]string{buildTargetEnv(environ, "", nil), buildEnv(environ, "", false)} {
			for k, v := range realAWS {
				if env[k] != v {
					t.Errorf("env[%s] = %q in the aws target, want the caller's %q", k, env[k], v)
				}
			}
			bare := buildTargetEnv([]string{"PATH=/usr/bin"}, "", nil)
			for k, v := range bare {
				if strings.HasPrefix(k, "AWS_") {
					t.Errorf("the aws target got %s=%q the caller did not set", k, v)
				}
			}
		}
	})
}

// checkSandboxEnv fails unless env is a sandbox run's: want's values, the
// fake keys, no shared config, the metadata service off, and none of the
// caller's real values or endpoint switches.
func checkSandboxEnv(t *testing.T, env, want map[string]string) {
	t.Helper()
	for k, v := range sandboxEnv {
		if env[k] != v {
			t.Errorf("env[%s] = %q, want %q", k, env[k], v)
		}
	}
	if env["AWS_EC2_METADATA_DISABLED"] != "true" {
		t.Errorf("the instance metadata service is not disabled: %q", env["AWS_EC2_METADATA_DISABLED"])
	}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("env[%s] = %q, want %q", k, env[k], v)
		}
	}
	for _, k := range []string{"AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL_STS", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"} {
		if v, ok := env[k]; ok {
			t.Errorf("env[%s] = %q, want it removed", k, v)
		}
	}
	for k, v := range env {
		for rk, rv := range realAWS {
			if rv != "true" && rv != "false" && strings.Contains(v, rv) {
				t.Errorf("env[%s] holds the caller's %s (%q)", k, rk, v)
			}
		}
	}
	if env["PATH"] != "/usr/bin" || env["HOME"] != "/home/learner" {
		t.Errorf("the rest of the environment was lost: PATH=%q HOME=%q", env["PATH"], env["HOME"])
	}
}

// probeMain is a workspace whose only resource does what a learner's
// local-exec might: call AWS with the aws CLI. It writes down the endpoint
// and region it was given, the account the call answered with (moto's is
// 123456789012; real AWS, which this machine cannot reach anyway, would
// refuse the fake keys), and the call's error.
const probeMain = `resource "terraform_data" "probe" {
  provisioner "local-exec" {
    command = <<-EOT
      echo "$AWS_ENDPOINT_URL" > endpoint.txt
      echo "$AWS_REGION" > region.txt
      AWS_MAX_ATTEMPTS=1 aws --cli-connect-timeout 5 sts get-caller-identity --query Account --output text > account.txt 2> aws-error.txt || true
    EOT
  }
}
`

// sandboxRunner is a Runner for the sandbox target whose terraform, and
// all it runs, get the emulator at endpoint (none when "") and region.
func sandboxRunner(t *testing.T, dir, endpoint, region string) *Runner {
	t.Helper()
	r, err := New(Options{Terraform: needTerraform(t), Dir: dir, Sandbox: true, Endpoint: endpoint, Region: region, Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSandboxProvisionerReachesOnlyTheEmulator applies, with the real
// terraform, a workspace whose local-exec provisioner calls the aws CLI
// with no endpoint of its own, while the caller's environment holds real
// credentials and a real AWS endpoint. Through the sandbox runner the call
// must go to the emulator on loopback, which answers with its account;
// with no emulator running it must fail on loopback, not go anywhere else.
func TestSandboxProvisionerReachesOnlyTheEmulator(t *testing.T) {
	for k, v := range realAWS {
		t.Setenv(k, v)
	}
	srv := mototest.Start(t)
	tests := []struct {
		name     string
		endpoint string
		// account is what the call must answer; "" means it must fail to
		// connect to noEmulator.
		account string
	}{
		{"emulator", srv.Endpoint(), "123456789012"},
		{"no emulator", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"main.tf": probeMain})
			r := sandboxRunner(t, dir, tt.endpoint, "ap-northeast-2")
			ctx := context.Background()
			if err := r.Init(ctx); err != nil {
				t.Fatal(err)
			}
			spec, err := r.NewPlanSpec(false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.Plan(ctx, spec); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Apply(ctx, ApplySpec{Plan: PlanFile}, nil); err != nil {
				t.Fatal(err)
			}
			read := func(name string) string {
				t.Helper()
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				return strings.TrimSpace(string(b))
			}
			want := tt.endpoint
			if want == "" {
				want = noEmulator
			}
			if got := read("endpoint.txt"); got != want {
				t.Errorf("the provisioner saw AWS_ENDPOINT_URL=%q, want %q", got, want)
			}
			if got := read("region.txt"); got != "ap-northeast-2" {
				t.Errorf("the provisioner saw AWS_REGION=%q, want ap-northeast-2", got)
			}
			account, callErr := read("account.txt"), read("aws-error.txt")
			if tt.account != "" {
				if account != tt.account {
					t.Errorf("aws sts get-caller-identity answered %q (error %q), want the emulator's account %s", account, callErr, tt.account)
				}
				return
			}
			if account != "" || !strings.Contains(callErr, noEmulator) {
				t.Errorf("with no emulator the call answered %q with error %q, want it refused at %s", account, callErr, noEmulator)
			}
		})
	}
}

// TestNewRefusesRemoteEmulator: a sandbox runner is never built for an
// endpoint off this machine, whatever its caller passed.
func TestNewRefusesRemoteEmulator(t *testing.T) {
	t.Parallel()
	_, err := New(Options{Terraform: Binary{Path: "/usr/bin/terraform"}, Dir: t.TempDir(), Sandbox: true, Endpoint: "https://sqs.ap-northeast-2.amazonaws.com"})
	if err == nil || !strings.Contains(err.Error(), "not on this machine") {
		t.Errorf("New with a remote sandbox endpoint = %v, want a refusal", err)
	}
}
