package cloud

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// fakeSTS answers GetCallerIdentity with a fixed identity or error.
type fakeSTS struct {
	account, arn string
	err          error
	calls        int
}

func (f *fakeSTS) GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	return &sts.GetCallerIdentityOutput{Account: aws.String(f.account), Arn: aws.String(f.arn), UserId: aws.String("AIDA")}, nil
}

func TestGuardCheck(t *testing.T) {
	t.Parallel()
	const acct = "111122223333"
	const arn = "arn:aws:sts::111122223333:assumed-role/Learner/kim"
	want := Identity{Account: acct, ARN: arn, Region: "ap-northeast-2"}
	tests := []struct {
		name      string
		sts       *fakeSTS
		confirmed []string
		blocklist []string
		check     func(t *testing.T, id Identity, err error)
	}{
		{
			name: "first use needs confirmation",
			sts:  &fakeSTS{account: acct, arn: arn},
			check: func(t *testing.T, id Identity, err error) {
				var nc *NeedsConfirmation
				if !errors.As(err, &nc) {
					t.Fatalf("err = %v, want *NeedsConfirmation", err)
				}
				if nc.Identity != want || id != want {
					t.Errorf("identity = %+v / %+v, want %+v", nc.Identity, id, want)
				}
				if !strings.Contains(err.Error(), "--yes --account 111122223333") {
					t.Errorf("message does not tell the CLI user what to pass: %q", err)
				}
			},
		},
		{
			name:      "another account confirmed is still first use",
			sts:       &fakeSTS{account: acct, arn: arn},
			confirmed: []string{"999988887777"},
			check: func(t *testing.T, id Identity, err error) {
				var nc *NeedsConfirmation
				if !errors.As(err, &nc) {
					t.Fatalf("err = %v, want *NeedsConfirmation", err)
				}
			},
		},
		{
			name:      "confirmed",
			sts:       &fakeSTS{account: acct, arn: arn},
			confirmed: []string{"999988887777", " 111122223333 "},
			check: func(t *testing.T, id Identity, err error) {
				if err != nil || id != want {
					t.Fatalf("Check = %+v, %v; want %+v", id, err, want)
				}
			},
		},
		{
			name:      "blocklisted, even if confirmed",
			sts:       &fakeSTS{account: acct, arn: arn},
			confirmed: []string{acct},
			blocklist: []string{acct},
			check: func(t *testing.T, id Identity, err error) {
				if !errors.Is(err, ErrAccountBlocked) {
					t.Fatalf("err = %v, want ErrAccountBlocked", err)
				}
				if id.Account != acct {
					t.Errorf("blocked identity = %+v, want the account shown", id)
				}
			},
		},
		{
			name: "expired credentials",
			sts:  &fakeSTS{err: apiErr{"ExpiredToken"}},
			check: func(t *testing.T, id Identity, err error) {
				if !errors.Is(err, ErrCredentials) {
					t.Fatalf("err = %v, want ErrCredentials", err)
				}
			},
		},
		{
			name: "no account in the answer",
			sts:  &fakeSTS{},
			check: func(t *testing.T, id Identity, err error) {
				var nc *NeedsConfirmation
				if err == nil || errors.As(err, &nc) {
					t.Fatalf("err = %v, want a plain error", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := Guard{STS: tt.sts, Confirmed: tt.confirmed, Blocklist: tt.blocklist}
			id, err := g.Check(context.Background(), "ap-northeast-2")
			if tt.sts.calls != 1 {
				t.Errorf("STS called %d times, want 1", tt.sts.calls)
			}
			tt.check(t, id, err)
		})
	}
}

func TestGuardWithoutSTS(t *testing.T) {
	t.Parallel()
	if _, err := (Guard{}).Check(context.Background(), "ap-northeast-2"); err == nil {
		t.Fatal("Check without an STS client succeeded")
	}
}

func TestConfirm(t *testing.T) {
	t.Parallel()
	id := Identity{Account: "111122223333"}
	tests := []struct {
		typed string
		ok    bool
	}{
		{"111122223333", true},
		{" 111122223333\n", true},
		{"1111-2222-3333", false},
		{"11112222333", false},
		{"1111222233334", false},
		{"999988887777", false},
		{"", false},
	}
	for _, tt := range tests {
		err := Confirm(id, tt.typed)
		if tt.ok && err != nil {
			t.Errorf("Confirm(%q) = %v, want ok", tt.typed, err)
		}
		if !tt.ok && !errors.Is(err, ErrAccountMismatch) {
			t.Errorf("Confirm(%q) = %v, want ErrAccountMismatch", tt.typed, err)
		}
	}
	if err := Confirm(Identity{}, ""); !errors.Is(err, ErrAccountMismatch) {
		t.Errorf("Confirm of an empty identity = %v, want ErrAccountMismatch", err)
	}
}

// TestGuardAgainstMoto runs the guard with the real STS client on moto,
// which answers with its fixed account 123456789012.
func TestGuardAgainstMoto(t *testing.T) {
	c := sandboxClients(t, moto.Endpoint())
	_, err := Guard{STS: c.STS}.Check(testCtx(t), c.Config.Region)
	var nc *NeedsConfirmation
	if !errors.As(err, &nc) || nc.Identity.Account != "123456789012" || nc.Identity.ARN == "" {
		t.Fatalf("Check = %v, want NeedsConfirmation for 123456789012", err)
	}
	if err := Confirm(nc.Identity, "123456789012"); err != nil {
		t.Fatal(err)
	}
	id, err := Guard{STS: c.STS, Confirmed: []string{"123456789012"}}.Check(testCtx(t), c.Config.Region)
	if err != nil || id.Region != DefaultRegion {
		t.Fatalf("confirmed Check = %+v, %v", id, err)
	}
}
