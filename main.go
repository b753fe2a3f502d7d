// Command awstutor is a terminal classroom for the five-day course "AWS
// practical services + Terraform basics". See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"awstutor/cli"
)

func main() {
	// The first Ctrl-C cancels the context so that running work (a
	// Terraform apply) can stop gracefully; the TUI handles keys itself.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
