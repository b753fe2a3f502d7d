package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"awstutor/cloud"
	"awstutor/i18n"
)

func newSandboxCmd(o *Options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Start, stop and inspect the free local AWS emulator (moto)",
		Long: `The sandbox is moto_server running on 127.0.0.1, started and stopped by
awstutor; labs run against it by default, for free. Its pid, port and log
live under <state dir>/sandbox/. A LocalStack already listening on
127.0.0.1:4566 is detected and used instead.`,
		Args: cobra.NoArgs,
	}
	var port int
	start := &cobra.Command{
		Use:   "start",
		Short: "Start the sandbox, or reuse the one already running",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sb, err := cloud.NewSandbox(o.StateDir)
			if err != nil {
				return err
			}
			st, err := sb.Start(cmd.Context(), cloud.StartOptions{Port: port})
			if err != nil {
				return err
			}
			return o.printSandbox(st)
		},
	}
	start.Flags().IntVar(&port, "port", 0, "listen on this loopback port (default: a free one)")
	stop := &cobra.Command{
		Use:   "stop",
		Short: "Stop the sandbox awstutor started (never any other process)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sb, err := cloud.NewSandbox(o.StateDir)
			if err != nil {
				return err
			}
			err = sb.Stop(cmd.Context())
			if errors.Is(err, cloud.ErrNotRunning) {
				_, err = fmt.Fprintln(o.stdout, o.printer.T(i18n.SandboxNotRunning))
				return err
			}
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(o.stdout, o.printer.T(i18n.SandboxStopped))
			return err
		},
	}
	status := &cobra.Command{
		Use:   "status",
		Short: "Say whether the sandbox runs, and where (--json: {running, kind, endpoint, pid})",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sb, err := cloud.NewSandbox(o.StateDir)
			if err != nil {
				return err
			}
			st, err := sb.Status(cmd.Context())
			if err != nil {
				return err
			}
			return o.printSandbox(st)
		},
	}
	var yes bool
	reset := &cobra.Command{
		Use:   "reset",
		Short: "Wipe everything in the sandbox emulator (asks first)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sb, err := cloud.NewSandbox(o.StateDir)
			if err != nil {
				return err
			}
			if !yes {
				if err := o.confirm(o.printer.T(i18n.SandboxResetAsk)); err != nil {
					return err
				}
			}
			if err := sb.Reset(cmd.Context()); err != nil {
				return err
			}
			_, err = fmt.Fprintln(o.stdout, o.printer.T(i18n.SandboxEmpty))
			return err
		},
	}
	reset.Flags().BoolVar(&yes, "yes", false, "do not ask")
	cmd.AddCommand(start, stop, status, reset)
	return cmd
}

func (o *Options) printSandbox(st cloud.Status) error {
	if o.JSON {
		return writeJSON(o.stdout, st)
	}
	if !st.Running {
		_, err := fmt.Fprintln(o.stdout, o.printer.T(i18n.SandboxNotRunningStart))
		return err
	}
	_, err := fmt.Fprintln(o.stdout, o.printer.T(i18n.SandboxAt, st.Kind, st.Endpoint, st.PID, st.LogFile))
	return err
}
