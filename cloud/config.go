package cloud

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Target names.
const (
	// TargetSandbox is the local emulator (the default).
	TargetSandbox = "sandbox"
	// TargetAWS is a real AWS account.
	TargetAWS = "aws"
)

// DefaultRegion is the course's region (Seoul), used when neither the
// command line nor the AWS profile names one.
const DefaultRegion = "ap-northeast-2"

// SandboxAccessKey and SandboxSecretKey are the fake keys every sandbox
// client and Terraform override uses. Emulators accept any key; fixed fake
// ones guarantee that real keys never leave the machine in sandbox mode.
const (
	SandboxAccessKey = "test"
	SandboxSecretKey = "test"
)

// Timeouts for the sandbox's HTTP client. An emulator that is down refuses
// the connection at once, so that case fails in well under a second; one
// that is frozen accepts and never answers, so the wait for response
// headers is bounded too. The bound is generous because moto loads a
// service on its first call: the tagging API's first GetResources imports
// every backend and took 4.3 s on an idle two-core machine (EC2's first
// call about 2 s), and a machine busy with terraform is slower still.
const (
	sandboxDialTimeout     = time.Second
	sandboxResponseTimeout = 30 * time.Second
	sandboxMaxAttempts     = 3
	sandboxMaxBackoff      = 200 * time.Millisecond
)

// ErrUnsafeEndpoint reports a sandbox endpoint that is not on this machine.
// The sandbox refuses it unless the user named it with --endpoint, so that
// a stray setting can never point a lab at someone else's server.
var ErrUnsafeEndpoint = errors.New("the sandbox only uses an emulator on this machine (127.0.0.1, ::1 or localhost): pass --endpoint to use another one on purpose")

// Target says where labs run.
type Target struct {
	// Name is TargetSandbox or TargetAWS.
	Name string
	// Region is the AWS region; empty means the profile's, else
	// DefaultRegion.
	Region string
	// Profile is the shared config profile for TargetAWS.
	Profile string
	// Endpoint is the emulator's base URL for TargetSandbox (from the
	// sandbox Status, or --endpoint).
	Endpoint string
	// EndpointExplicit is true when the user gave Endpoint with --endpoint;
	// only then may it be a non-loopback address.
	EndpointExplicit bool
}

// NewConfig builds the aws.Config for the target. For the sandbox it
// ignores the environment and shared config entirely: fixed fake keys, the
// emulator's endpoint, and short timeouts and retries so that an emulator
// that is down fails within seconds. For aws it loads the standard
// credential chain (environment, profile, SSO) with the given profile and
// region.
func NewConfig(ctx context.Context, t Target) (aws.Config, error) {
	switch t.Name {
	case TargetSandbox, "":
		return sandboxConfig(t)
	case TargetAWS:
		return awsConfig(ctx, t)
	default:
		return aws.Config{}, fmt.Errorf("choose target: %q is not a target: use --target sandbox or --target aws", t.Name)
	}
}

func sandboxConfig(t Target) (aws.Config, error) {
	if t.Endpoint == "" {
		return aws.Config{}, ErrSandboxDown
	}
	u, err := url.Parse(t.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return aws.Config{}, fmt.Errorf("use endpoint %q: it is not a URL like http://127.0.0.1:5000: check --endpoint", t.Endpoint)
	}
	if !IsLoopback(u.Hostname()) && !t.EndpointExplicit {
		return aws.Config{}, fmt.Errorf("use endpoint %s: %w", t.Endpoint, ErrUnsafeEndpoint)
	}
	region := t.Region
	if region == "" {
		region = DefaultRegion
	}
	endpoint := strings.TrimRight(t.Endpoint, "/")
	return aws.Config{
		Region:       region,
		Credentials:  aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(SandboxAccessKey, SandboxSecretKey, "")),
		BaseEndpoint: aws.String(endpoint),
		HTTPClient:   sandboxHTTPClient(),
		Retryer:      sandboxRetryer,
	}, nil
}

// sandboxHTTPClient never uses a proxy (the emulator is local, and the
// sandbox must not send anything elsewhere) and bounds connect and
// response waits.
func sandboxHTTPClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().
		WithDialerOptions(func(d *net.Dialer) {
			d.Timeout = sandboxDialTimeout
		}).
		WithTransportOptions(func(tr *http.Transport) {
			tr.Proxy = nil
			tr.ResponseHeaderTimeout = sandboxResponseTimeout
		})
}

// sandboxRetryer retries briefly (moto occasionally drops a connection under
// load) but gives up fast: a refused connection is retried twice within a
// fraction of a second, and a response timeout is not retried at all, since
// a frozen emulator will not recover in time. Rate limiting is off because
// its token bucket would turn a run of failures into "retry quota exceeded",
// which hides the real cause.
func sandboxRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = sandboxMaxAttempts
		o.MaxBackoff = sandboxMaxBackoff
		o.RateLimiter = ratelimit.None
		o.Retryables = append([]retry.IsErrorRetryable{retry.IsErrorRetryableFunc(noRetryOnTimeout)}, o.Retryables...)
	})
}

func noRetryOnTimeout(err error) aws.Ternary {
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
}

func awsConfig(ctx context.Context, t Target) (aws.Config, error) {
	if t.Endpoint != "" {
		return aws.Config{}, errors.New("choose target: --endpoint applies only to --target sandbox: remove it to use AWS")
	}
	var opts []func(*config.LoadOptions) error
	if t.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(t.Profile))
	}
	if t.Region != "" {
		opts = append(opts, config.WithRegion(t.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		var missing config.SharedConfigProfileNotExistError
		if errors.As(err, &missing) {
			return aws.Config{}, &kindError{
				msg:   fmt.Sprintf("the AWS profile %q is not in your AWS config: pass an existing --profile or create it with aws configure sso", missing.Profile),
				kind:  ErrCredentials,
				cause: err,
			}
		}
		return aws.Config{}, fmt.Errorf("load AWS config: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	if cfg.Credentials != nil {
		cfg.Credentials = markedCredentials{cfg.Credentials}
	}
	return cfg, nil
}

// markedCredentials marks failures of the credential chain, so Classify can
// tell "no usable credentials" apart from other failures: the SDK reports
// them only as text ("get identity: get credentials: ...").
type markedCredentials struct {
	aws.CredentialsProvider
}

// Retrieve implements aws.CredentialsProvider.
func (m markedCredentials) Retrieve(ctx context.Context) (aws.Credentials, error) {
	creds, err := m.CredentialsProvider.Retrieve(ctx)
	if err != nil && ctx.Err() == nil {
		return creds, &credentialsError{err}
	}
	return creds, err
}

// ProviderSources passes the chain's sources on; the SDK reports them in
// its user agent.
func (m markedCredentials) ProviderSources() []aws.CredentialSource {
	if s, ok := m.CredentialsProvider.(aws.CredentialProviderSource); ok {
		return s.ProviderSources()
	}
	return nil
}

// credentialsError is a failure of the credential chain.
type credentialsError struct{ err error }

func (e *credentialsError) Error() string { return "get credentials: " + e.err.Error() }
func (e *credentialsError) Unwrap() error { return e.err }

// IsLoopback reports whether host (a name or IP, without port) is this
// machine: localhost, 127.0.0.0/8 or ::1. Names other than localhost are
// not resolved: a name that resolves to loopback today may not tomorrow.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && ip.Unmap().IsLoopback()
}

// portOf returns the port of a base URL, or 0.
func portOf(endpoint string) int {
	u, err := url.Parse(endpoint)
	if err != nil {
		return 0
	}
	p, _ := strconv.Atoi(u.Port())
	return p
}
