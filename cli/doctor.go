package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/spf13/cobra"

	"awstutor/cloud"
	"awstutor/i18n"
	"awstutor/tfrun"
)

// doctorCheck is one line of the doctor's report.
type doctorCheck struct {
	Name string `json:"name"`
	OK   bool   `json:"ok"`
	// Required is true when a lab cannot run without it on this target.
	Required bool   `json:"required"`
	Detail   string `json:"detail"`
	// Fix is one sentence saying what to do, when not OK.
	Fix string `json:"fix,omitempty"`
}

type doctorReport struct {
	OK     bool          `json:"ok"`
	Target string        `json:"target"`
	Checks []doctorCheck `json:"checks"`
}

func newDoctorCmd(o *Options) *cobra.Command {
	var terraformPath string
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check that everything the labs need is in place",
		Long: `Check what the labs need and say how to fix what is missing:
terraform (1.5 or newer), moto_server (the free local sandbox), whether the
sandbox is running, AWS credentials (checked against AWS only with
--target aws) and whether the state dir is writable.

Exits 1 when something a lab needs on this target is missing.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rep := runDoctor(cmd.Context(), o, terraformPath)
			if o.JSON {
				if err := writeJSON(o.stdout, rep); err != nil {
					return err
				}
			} else if err := printDoctor(o, rep); err != nil {
				return err
			}
			if !rep.OK {
				return &ExitError{Code: ExitFailure, Err: errors.New("")}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&terraformPath, "terraform", "", "the terraform binary to check (default $AWSTUTOR_TERRAFORM, then PATH)")
	return cmd
}

func runDoctor(ctx context.Context, o *Options, terraformPath string) doctorReport {
	p := o.printer
	rep := doctorReport{OK: true, Target: o.Target}
	add := func(c doctorCheck) {
		rep.Checks = append(rep.Checks, c)
		if c.Required && !c.OK {
			rep.OK = false
		}
	}

	tf := doctorCheck{Name: "terraform", Required: true}
	if bin, err := tfrun.Find(ctx, tfrun.FindOptions{Path: terraformPath}); err != nil {
		tf.Detail, tf.Fix = p.T(i18n.DoctorNotUsable), err.Error()
	} else {
		tf.OK, tf.Detail = true, fmt.Sprintf("%s (%s)", bin.Version, bin.Path)
	}
	add(tf)

	sandbox := o.Target == cloud.TargetSandbox
	moto := doctorCheck{Name: "moto_server", Required: sandbox}
	if path, err := cloud.FindMoto(); err != nil {
		moto.Detail, moto.Fix = p.T(i18n.DoctorNotFound), err.Error()
	} else {
		moto.OK, moto.Detail = true, path
	}
	add(moto)

	add(sandboxCheck(ctx, o))
	add(credentialsCheck(ctx, o))
	add(stateDirCheck(o.StateDir))
	return rep
}

// sandboxCheck says whether the emulator answers. Not running is fine:
// awstutor starts it when a lab needs it.
func sandboxCheck(ctx context.Context, o *Options) doctorCheck {
	p := o.printer
	c := doctorCheck{Name: "sandbox"}
	if o.Endpoint != "" {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		c.Required = o.Target == cloud.TargetSandbox
		if err := probeEndpoint(ctx, o.Endpoint); err != nil {
			c.Detail, c.Fix = p.T(i18n.DoctorNoAnswer, o.Endpoint), p.T(i18n.DoctorNoAnswerFix, o.Endpoint)
			return c
		}
		c.OK, c.Detail = true, p.T(i18n.DoctorAnswers, o.Endpoint)
		return c
	}
	sb, err := cloud.NewSandbox(o.StateDir)
	if err != nil {
		c.Detail, c.Fix = p.T(i18n.DoctorUncheckable), err.Error()
		return c
	}
	st, err := sb.Status(ctx)
	switch {
	case err != nil:
		c.Detail, c.Fix = p.T(i18n.DoctorUncheckable), err.Error()
	case st.Running:
		c.OK, c.Detail = true, fmt.Sprintf("%s at %s (pid %d)", st.Kind, st.Endpoint, st.PID)
	default:
		c.OK, c.Detail = true, p.T(i18n.DoctorSandboxIdle)
	}
	return c
}

// probeEndpoint asks an emulator endpoint for anything at all.
func probeEndpoint(ctx context.Context, endpoint string) error {
	cfg, err := cloud.NewConfig(ctx, cloud.Target{Name: cloud.TargetSandbox, Region: cloud.DefaultRegion, Endpoint: endpoint, EndpointExplicit: true})
	if err != nil {
		return err
	}
	_, err = sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	return cloud.Classify(err)
}

// credentialsCheck reports AWS credentials: only present or not in the
// sandbox (which never uses them), checked against STS with --target aws.
func credentialsCheck(ctx context.Context, o *Options) doctorCheck {
	p := o.printer
	c := doctorCheck{Name: "aws credentials", Required: o.Target == cloud.TargetAWS}
	if o.Target != cloud.TargetAWS {
		c.OK = true
		if credentialsPresent() {
			c.Detail = p.T(i18n.DoctorCredsPresent)
		} else {
			c.Detail = p.T(i18n.DoctorCredsNone)
		}
		return c
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	clients, err := cloud.Connect(ctx, cloud.Target{Name: cloud.TargetAWS, Region: o.Region, Profile: o.Profile})
	if err == nil {
		var out *sts.GetCallerIdentityOutput
		if out, err = clients.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err == nil {
			c.OK, c.Detail = true, p.T(i18n.DoctorAccount, deref(out.Account), deref(out.Arn), o.Region)
			return c
		}
	}
	c.Detail, c.Fix = p.T(i18n.DoctorNotUsable), cloud.Classify(err).Error()
	return c
}

func credentialsPresent() bool {
	if os.Getenv("AWS_ACCESS_KEY_ID") != "" || os.Getenv("AWS_PROFILE") != "" {
		return true
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return false
	}
	for _, f := range []string{"credentials", "config"} {
		if _, err := os.Stat(filepath.Join(home, ".aws", f)); err == nil {
			return true
		}
	}
	return false
}

// stateDirCheck proves the state dir is writable by writing to it.
func stateDirCheck(dir string) doctorCheck {
	c := doctorCheck{Name: "state dir", Required: true, Detail: dir}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		c.Fix = fmt.Sprintf("cannot create %s (%v): choose another with --state-dir or AWSTUTOR_STATE_DIR", dir, err)
		return c
	}
	f, err := os.CreateTemp(dir, ".doctor-*")
	if err != nil {
		c.Fix = fmt.Sprintf("%s is not writable (%v): fix its permissions or choose another with --state-dir", dir, err)
		return c
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	c.OK = true
	return c
}

func printDoctor(o *Options, rep doctorReport) error {
	p := o.printer
	t := &table{}
	t.add(p.T(i18n.CLIColCheck), p.T(i18n.CLIColStatus), p.T(i18n.CLIColDetail))
	for _, c := range rep.Checks {
		status := p.T(i18n.CLIDoctorOK)
		if !c.OK {
			status = p.T(i18n.CLIDoctorMissing)
		}
		t.add(c.Name, status, c.Detail)
	}
	if err := t.write(o.stdout); err != nil {
		return err
	}
	var fixes []doctorCheck
	for _, c := range rep.Checks {
		if !c.OK && c.Fix != "" {
			fixes = append(fixes, c)
		}
	}
	if len(fixes) == 0 {
		_, err := fmt.Fprintf(o.stdout, "\n%s\n", p.T(i18n.CLIDoctorAllGood))
		return err
	}
	fmt.Fprintf(o.stdout, "\n%s\n", p.T(i18n.CLIDoctorProblems))
	for _, c := range fixes {
		fmt.Fprintf(o.stdout, "- %s: %s\n", c.Name, c.Fix)
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
