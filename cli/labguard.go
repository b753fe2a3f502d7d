package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"awstutor/cloud"
	"awstutor/config"
	"awstutor/i18n"
	"awstutor/labs"
)

// guardAWSAccount runs before `lab up` and `lab down` in the aws target:
// it says which account and region will be changed, refuses an account on
// the config file's blocklist, and goes on with an account not confirmed
// in the config file only when --account names it. In the sandbox it does
// nothing: the emulator bills no one.
func (o *Options) guardAWSAccount(ctx context.Context, w io.Writer, account string) error {
	if o.Target != labs.TargetAWS {
		return nil
	}
	clients, err := cloud.Connect(ctx, cloud.Target{Name: cloud.TargetAWS, Region: o.Region, Profile: o.Profile})
	if err != nil {
		return err
	}
	g := cloud.Guard{STS: clients.STS, Confirmed: o.Config.Accounts.Confirmed, Blocklist: o.Config.Accounts.Blocklist}
	id, err := g.Check(ctx, o.Region)
	var need *cloud.NeedsConfirmation
	switch {
	case errors.As(err, &need) && account == "":
		return &ExitError{Code: ExitUsage, Err: err}
	case errors.As(err, &need):
		if err := cloud.Confirm(need.Identity, account); err != nil {
			return &ExitError{Code: ExitUsage, Err: err}
		}
		// Remember the confirmation in the config file, so the next run
		// (and the classroom) does not ask again. Failing to save does
		// not undo a confirmation just given: say so and go on.
		if err := config.AddConfirmedAccount(o.ConfigPath, id.Account); err != nil {
			fmt.Fprintln(w, o.printer.T(i18n.CLIGuardNotSaved, err))
		}
		fmt.Fprintln(w, o.printer.T(i18n.CLIGuardConfirmed, id.Account, id.ARN, id.Region, o.ConfigPath))
		return nil
	case err != nil:
		return err
	}
	if account != "" {
		if err := cloud.Confirm(id, account); err != nil {
			return &ExitError{Code: ExitUsage, Err: err}
		}
	}
	fmt.Fprintln(w, o.printer.T(i18n.CLIGuardUsing, id.Account, id.ARN, id.Region))
	return nil
}
