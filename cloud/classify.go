package cloud

import (
	"context"
	"errors"
	"io"
	"net/url"
	"syscall"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go"
)

var (
	// ErrSandboxDown reports that the sandbox emulator does not answer.
	ErrSandboxDown = errors.New("the sandbox is not running: run awstutor sandbox start")

	// ErrCredentials reports that the aws target has no usable credentials.
	ErrCredentials = errors.New("AWS credentials are missing or expired: run aws sso login or set AWS_PROFILE")
)

// kindError is an error people read as one sentence (msg) while callers
// still match its kind (ErrSandboxDown, ErrCredentials) and, for logs and
// debugging, its cause.
type kindError struct {
	msg   string
	kind  error
	cause error
}

func (e *kindError) Error() string   { return e.msg }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.cause} }

// Classify turns an SDK error into one a learner can act on. A request to a
// loopback endpoint that was refused, reset or timed out becomes
// ErrSandboxDown; missing, expired or rejected credentials become
// ErrCredentials. The original error stays reachable with errors.Is/As.
// Other errors, and cancellation, are returned unchanged.
func Classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled), errors.Is(err, ErrSandboxDown), errors.Is(err, ErrCredentials):
		return err
	case sandboxUnreachable(err):
		return &kindError{msg: ErrSandboxDown.Error(), kind: ErrSandboxDown, cause: err}
	case credentialsRejected(err):
		return &kindError{msg: ErrCredentials.Error(), kind: ErrCredentials, cause: err}
	}
	return err
}

// sandboxUnreachable reports a transport failure talking to a loopback
// address. The address check keeps a slow network on the aws target from
// being blamed on the sandbox.
func sandboxUnreachable(err error) bool {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return false
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil || !IsLoopback(u.Hostname()) {
		return false
	}
	var te interface{ Timeout() bool }
	return errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		(errors.As(err, &te) && te.Timeout())
}

// credentialErrorCodes are the API error codes AWS returns for keys that
// are expired, revoked or unknown.
var credentialErrorCodes = map[string]bool{
	"ExpiredToken":                true,
	"ExpiredTokenException":       true,
	"InvalidClientTokenId":        true,
	"UnrecognizedClientException": true,
	"InvalidToken":                true,
}

func credentialsRejected(err error) bool {
	// Without usable credentials (no env keys, no profile, SSO token
	// expired) a call fails before it is sent: in the credential chain,
	// which NewConfig marks, or in the signer for older clients.
	var se *v4.SigningError
	var ce *credentialsError
	if errors.As(err, &se) || errors.As(err, &ce) {
		return true
	}
	var ae smithy.APIError
	return errors.As(err, &ae) && credentialErrorCodes[ae.ErrorCode()]
}
