package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"awstutor/cloud/mototest"
	"awstutor/tui"
)

// TestTUIRefusesUnconfirmedAWSAccount: the classroom never runs a lab in a
// real account the learner has not confirmed in the config file, and runs
// it once the account is listed there.
func TestTUIRefusesUnconfirmedAWSAccount(t *testing.T) {
	dir := isolate(t)
	srv := mototest.Start(t)
	empty := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": srv.Endpoint(), "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_CONFIG_FILE": empty, "AWS_SHARED_CREDENTIALS_FILE": empty,
	} {
		t.Setenv(k, v)
	}
	resolve := func() *Options {
		t.Helper()
		o := &Options{stdout: os.Stdout, stderr: os.Stderr}
		cmd := NewRoot(os.Stdout, os.Stderr)
		if err := cmd.PersistentFlags().Parse([]string{"--target", "aws"}); err != nil {
			t.Fatal(err)
		}
		o.Target = "aws"
		if err := o.resolve(cmd); err != nil {
			t.Fatal(err)
		}
		o.Target = "aws"
		return o
	}
	_, _, err := resolve().tuiLabRunner(context.Background(), "day1-messaging")
	var need *tui.NeedsAccount
	if !errors.As(err, &need) || need.Account != "123456789012" {
		t.Fatalf("an unconfirmed account: %v; want the classroom asked to confirm 123456789012", err)
	}
	o := resolve()
	if err := o.tuiConfirmAccount(context.Background(), "210987654321"); err == nil {
		t.Fatal("a wrong account id was accepted")
	}
	if err := o.tuiConfirmAccount(context.Background(), "123456789012"); err != nil {
		t.Fatalf("confirming the right id: %v", err)
	}
	if _, _, err := o.tuiLabRunner(context.Background(), "day1-messaging"); err != nil {
		t.Fatalf("after confirming, the lab is refused: %v", err)
	}
	saved, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if err != nil || !strings.Contains(string(saved), "123456789012") {
		t.Fatalf("the confirmation was not saved: %v %q", err, saved)
	}
	if _, _, err := resolve().tuiLabRunner(context.Background(), "day1-messaging"); err != nil {
		t.Fatalf("a confirmed account is refused on the next start: %v", err)
	}
}
