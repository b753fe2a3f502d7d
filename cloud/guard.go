package cloud

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// STSAPI is the part of STS the account guard uses; *sts.Client satisfies
// it, and tests pass a fake.
type STSAPI interface {
	GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// Identity is who the aws target acts as: shown before anything runs, so
// the learner sees which account will be billed.
type Identity struct {
	Account string `json:"account"`
	ARN     string `json:"arn"`
	Region  string `json:"region"`
}

var (
	// ErrAccountBlocked reports an account on the config file's blocklist.
	ErrAccountBlocked = errors.New("this AWS account is on the blocklist in the awstutor config file: use another profile")

	// ErrAccountMismatch reports a typed confirmation that is not the
	// account id.
	ErrAccountMismatch = errors.New("the account id you typed does not match the account these credentials belong to: type the 12-digit id shown")
)

// NeedsConfirmation reports an account awstutor has not used before. The
// TUI asks the learner to type its id; the CLI needs --yes --account <id>.
// After Confirm succeeds, the caller adds the id to the confirmed list in
// the config file.
type NeedsConfirmation struct {
	Identity Identity
}

// Error tells a CLI user how to confirm.
func (e *NeedsConfirmation) Error() string {
	return fmt.Sprintf("AWS account %s (%s) has not been used with awstutor before: run again with --yes --account %s to confirm it",
		e.Identity.Account, e.Identity.ARN, e.Identity.Account)
}

// Guard checks the real AWS account before a lab runs against it.
type Guard struct {
	// STS answers who the credentials belong to.
	STS STSAPI
	// Confirmed lists account ids the learner has confirmed before.
	Confirmed []string
	// Blocklist lists account ids awstutor must never use (production,
	// a company's shared account).
	Blocklist []string
}

// Check asks STS who the credentials belong to and returns that identity.
// A blocklisted account gives an error wrapping ErrAccountBlocked; an
// account not yet confirmed gives *NeedsConfirmation (with the identity, to
// show); credential failures are classified as ErrCredentials. Blocklist
// wins over Confirmed.
func (g Guard) Check(ctx context.Context, region string) (Identity, error) {
	if g.STS == nil {
		return Identity{}, errors.New("check AWS account: no STS client")
	}
	out, err := g.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return Identity{}, fmt.Errorf("check AWS account: %w", Classify(err))
	}
	id := Identity{Account: aws.ToString(out.Account), ARN: aws.ToString(out.Arn), Region: region}
	if id.Account == "" {
		return Identity{}, errors.New("check AWS account: STS returned no account id")
	}
	if containsID(g.Blocklist, id.Account) {
		return id, fmt.Errorf("use AWS account %s: %w", id.Account, ErrAccountBlocked)
	}
	if !containsID(g.Confirmed, id.Account) {
		return id, &NeedsConfirmation{Identity: id}
	}
	return id, nil
}

// Confirm checks what the learner typed (or passed with --account) against
// the identity's account id. The comparison is exact apart from
// surrounding spaces: no dashes dropped, no prefix accepted, because the
// point is that the learner reads the id they are about to be billed on.
func Confirm(id Identity, typed string) error {
	if id.Account == "" || strings.TrimSpace(typed) != id.Account {
		return ErrAccountMismatch
	}
	return nil
}

// containsID reports whether ids holds account; config entries are
// compared without surrounding spaces, which YAML editing easily adds.
func containsID(ids []string, account string) bool {
	return slices.ContainsFunc(ids, func(s string) bool { return strings.TrimSpace(s) == account })
}
