package cloud

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestNewConfigSandboxEndpoints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		endpoint string
		explicit bool
		wantErr  error // nil: accepted
		wantAny  bool  // some other error
	}{
		{"ipv4 loopback", "http://127.0.0.1:5000", false, nil, false},
		{"other 127/8 address", "http://127.0.0.2:5000", false, nil, false},
		{"localhost", "http://localhost:4566/", false, nil, false},
		{"ipv6 loopback", "http://[::1]:5000", false, nil, false},
		{"lan address", "http://192.168.0.10:4566", false, ErrUnsafeEndpoint, false},
		{"real aws", "https://sqs.ap-northeast-2.amazonaws.com", false, ErrUnsafeEndpoint, false},
		{"name that merely contains localhost", "http://localhost.example.com:4566", false, ErrUnsafeEndpoint, false},
		{"lan address named with --endpoint", "http://192.168.0.10:4566", true, nil, false},
		{"no endpoint", "", false, ErrSandboxDown, false},
		{"not a url", "127.0.0.1:5000", false, nil, true},
		{"wrong scheme", "ftp://127.0.0.1:5000", false, nil, true},
	}
	for _, tt := range tests {
		cfg, err := NewConfig(context.Background(), Target{Name: TargetSandbox, Endpoint: tt.endpoint, EndpointExplicit: tt.explicit})
		switch {
		case tt.wantAny:
			if err == nil {
				t.Errorf("%s: NewConfig accepted %q", tt.name, tt.endpoint)
			}
		case tt.wantErr != nil:
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("%s: NewConfig error = %v, want %v", tt.name, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("%s: NewConfig: %v", tt.name, err)
		case aws.ToString(cfg.BaseEndpoint) != strings.TrimRight(tt.endpoint, "/"):
			t.Errorf("%s: BaseEndpoint = %q", tt.name, aws.ToString(cfg.BaseEndpoint))
		}
	}
}

// TestSandboxNeverUsesRealCredentials sets real-looking keys and a profile
// in the environment: the sandbox must still sign with the fake keys and
// the course region.
func TestSandboxNeverUsesRealCredentials(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEYEXAMPLE00")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
	t.Setenv("AWS_SESSION_TOKEN", "real-token")
	t.Setenv("AWS_PROFILE", "production")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ENDPOINT_URL", "https://example.com")

	cfg, err := NewConfig(context.Background(), Target{Name: TargetSandbox, Endpoint: "http://127.0.0.1:5000"})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if creds.AccessKeyID != "test" || creds.SecretAccessKey != "test" || creds.SessionToken != "" {
		t.Errorf("sandbox credentials = %q/%q/%q, want test/test and no token", creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken)
	}
	if cfg.Region != DefaultRegion {
		t.Errorf("region = %s, want %s", cfg.Region, DefaultRegion)
	}
	if aws.ToString(cfg.BaseEndpoint) != "http://127.0.0.1:5000" {
		t.Errorf("endpoint = %s", aws.ToString(cfg.BaseEndpoint))
	}
}

// writeAWSFiles points the SDK at a private AWS config with one profile.
func writeAWSFiles(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "config")
	creds := filepath.Join(dir, "credentials")
	if err := os.WriteFile(conf, []byte("[profile course]\nregion = eu-west-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(creds, []byte("[course]\naws_access_key_id = AKIACOURSE\naws_secret_access_key = course-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", conf)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

func TestNewConfigAWS(t *testing.T) {
	writeAWSFiles(t)
	ctx := context.Background()

	cfg, err := NewConfig(ctx, Target{Name: TargetAWS, Profile: "course"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "eu-west-1" {
		t.Errorf("region = %s, want the profile's eu-west-1", cfg.Region)
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if creds.AccessKeyID != "AKIACOURSE" {
		t.Errorf("access key = %s, want the profile's", creds.AccessKeyID)
	}
	if cfg.BaseEndpoint != nil {
		t.Errorf("aws target has endpoint %s", *cfg.BaseEndpoint)
	}

	cfg, err = NewConfig(ctx, Target{Name: TargetAWS, Profile: "course", Region: "ap-northeast-2"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "ap-northeast-2" {
		t.Errorf("--region: region = %s, want ap-northeast-2", cfg.Region)
	}

	_, err = NewConfig(ctx, Target{Name: TargetAWS, Profile: "nosuch"})
	if !errors.Is(err, ErrCredentials) || !strings.Contains(err.Error(), `"nosuch"`) {
		t.Errorf("missing profile: error = %v, want ErrCredentials naming the profile", err)
	}

	_, err = NewConfig(ctx, Target{Name: TargetAWS, Endpoint: "http://127.0.0.1:5000"})
	if err == nil {
		t.Error("aws target accepted an endpoint")
	}
	_, err = NewConfig(ctx, Target{Name: "prod"})
	if err == nil {
		t.Error("unknown target accepted")
	}
}

// TestAWSMissingCredentialsClassified: with no keys anywhere, a call on the
// aws target fails before it is sent and is reported as ErrCredentials.
func TestAWSMissingCredentialsClassified(t *testing.T) {
	writeAWSFiles(t)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	c, err := Connect(context.Background(), Target{Name: TargetAWS})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Guard{STS: c.STS}.Check(testCtx(t), c.Config.Region)
	if !errors.Is(err, ErrCredentials) {
		t.Fatalf("Check without credentials = %v, want ErrCredentials", err)
	}
	if !strings.HasSuffix(err.Error(), "AWS credentials are missing or expired: run aws sso login or set AWS_PROFILE") {
		t.Errorf("message = %q", err)
	}
}

func TestIsLoopback(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.1.2.3": true, "::1": true, "[::1]": true, "localhost": true, "LOCALHOST": true,
		"::ffff:127.0.0.1": true,
		"0.0.0.0":          false, "10.0.0.1": false, "example.com": false, "localhost.localstack.cloud": false, "": false,
	} {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}
