// Package cli is awstutor's command line: one file per command, cobra flags
// turned into plain option structs that the other packages take. Errors are
// returned from RunE and printed once, by Execute, as one sentence.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"awstutor/config"
	"awstutor/i18n"
)

// Exit codes of the command-line contract.
const (
	ExitOK        = 0
	ExitFailure   = 1
	ExitUsage     = 2
	ExitChecks    = 3
	ExitRemain    = 4
	ExitCancelled = 130
)

// ExitError carries an exit code with the error to print.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

func usageError(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

// Options are the global flags after the config file and defaults have
// been applied.
type Options struct {
	Target     string
	Region     string
	Profile    string
	Endpoint   string
	StateDir   string
	LabsDir    string
	LessonsDir string
	Lang       string
	JSON       bool
	NoColor    bool
	// Terraform is --terraform of the lab commands; empty means
	// $AWSTUTOR_TERRAFORM, then terraform on PATH.
	Terraform string

	// EndpointExplicit is true when --endpoint was given, which is what
	// allows a non-loopback sandbox endpoint.
	EndpointExplicit bool
	// ConfigPath is the config file that was read.
	ConfigPath string
	// Config is its content.
	Config config.Config

	printer i18n.Printer
	stdout  io.Writer
	stderr  io.Writer
}

// Printer returns the interface-language printer.
func (o *Options) Printer() i18n.Printer { return o.printer }

// NewRoot builds the awstutor command tree writing to the given streams.
func NewRoot(stdout, stderr io.Writer) *cobra.Command {
	o := &Options{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "awstutor",
		Short: "A terminal classroom for AWS practical services and Terraform basics",
		Long: `awstutor teaches the five-day course "AWS practical services + Terraform
basics" in your terminal: read each session's lesson, run the day's lab with
Terraform in a free local sandbox (moto) or your own AWS account, prove it
works, see what it costs, and clean everything up at the end of the day.

Run it without a command to open the classroom. Lesson content is Korean;
the interface is Korean by default and English with --lang en.`,
		Example: `  awstutor                      open the classroom (TUI)
  awstutor lesson list          list the lessons
  awstutor lesson show d1-s1    print Day 1, Session 1 in the terminal
  awstutor doctor               check terraform, moto and the state dir`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return o.resolve(cmd)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd.Context(), o)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &ExitError{Code: ExitUsage, Err: err}
	})
	f := root.PersistentFlags()
	f.StringVar(&o.Target, "target", "sandbox", "where labs run: sandbox (local moto, free) or aws (your account, costs money)")
	f.StringVar(&o.Region, "region", "ap-northeast-2", "AWS region for labs and prices")
	f.StringVar(&o.Profile, "profile", "", "AWS shared-config profile for --target aws")
	f.StringVar(&o.Endpoint, "endpoint", "", "sandbox endpoint URL (default: the sandbox awstutor starts on 127.0.0.1)")
	f.StringVar(&o.StateDir, "state-dir", "", "where progress and lab workspaces live (default $AWSTUTOR_STATE_DIR or ~/.local/state/awstutor)")
	f.StringVar(&o.LabsDir, "labs-dir", "", "load labs from this directory instead of the built-in ones")
	f.StringVar(&o.LessonsDir, "lessons-dir", "", "load lessons from this directory instead of the built-in ones")
	f.StringVar(&o.Lang, "lang", "ko", "interface language: ko or en (lessons stay Korean)")
	f.BoolVar(&o.JSON, "json", false, "print machine-readable JSON instead of tables")
	f.BoolVar(&o.NoColor, "no-color", false, "no colours (also when NO_COLOR is set)")

	root.AddCommand(newVersionCmd(o), newLessonCmd(o), newProgressCmd(o), newDoctorCmd(o), newSandboxCmd(o), newLabCmd(o))
	// Bare `awstutor cost` is the live meter; its subcommands estimate.
	cost := newCostCmd(o)
	cost.RunE = o.runCostLive
	root.AddCommand(cost, newPricingCmd(o))
	root.AddCommand(newResourcesCmd(o))
	root.AddCommand(newStatusCmd(o), newReportCmd(o))
	root.AddCommand(newCleanupCmd(o))
	return root
}

// resolve applies the config file under the flags and checks the values.
func (o *Options) resolve(cmd *cobra.Command) error {
	path, err := config.Path()
	if err != nil {
		return err
	}
	cfg, err := config.Load(path)
	if err != nil {
		return err
	}
	o.ConfigPath, o.Config = path, cfg
	f := cmd.Flags()
	apply := func(flag string, dst *string, val string) {
		if !f.Changed(flag) && val != "" {
			*dst = val
		}
	}
	apply("target", &o.Target, cfg.Target)
	apply("region", &o.Region, cfg.Region)
	apply("profile", &o.Profile, cfg.Profile)
	apply("lang", &o.Lang, cfg.Lang)
	o.EndpointExplicit = f.Changed("endpoint")
	if o.Target != "sandbox" && o.Target != "aws" {
		return usageError("--target %q is not sandbox or aws", o.Target)
	}
	if o.printer, err = i18n.New(o.Lang); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	if os.Getenv("NO_COLOR") != "" {
		o.NoColor = true
	}
	if o.StateDir == "" {
		if o.StateDir, err = config.StateDir(); err != nil {
			return err
		}
	}
	return nil
}

// Execute runs awstutor with the process's arguments and returns the exit
// code.
func Execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := NewRoot(stdout, stderr)
	// Help is printed before PersistentPreRunE resolves the language.
	localizeHelp(root, helpLang(args))
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	code := ExitFailure
	var ee *ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.Code
	case errors.Is(err, context.Canceled):
		code = ExitCancelled
	case strings.HasPrefix(err.Error(), "unknown command"), strings.HasPrefix(err.Error(), "unknown flag"),
		strings.Contains(err.Error(), "accepts "), strings.Contains(err.Error(), "requires at least"):
		code = ExitUsage
	}
	if code == ExitCancelled {
		fmt.Fprintln(stderr, "awstutor: cancelled")
	} else if msg := err.Error(); msg != "" {
		fmt.Fprintf(stderr, "awstutor: %s\n", msg)
	}
	return code
}
