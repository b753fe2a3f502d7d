package tfrun

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
)

// EnvTerraform names the environment variable that points awstutor at a
// Terraform binary when --terraform is not given.
const EnvTerraform = "AWSTUTOR_TERRAFORM"

// MinVersion is the oldest Terraform the labs are written for: they use
// terraform_data, import blocks and check blocks, all of which arrived by 1.5.
const MinVersion = "1.5.0"

// installHint ends every "not found" message so the learner knows the next
// step without searching.
const installHint = "install Terraform " + MinVersion + " or newer from https://developer.hashicorp.com/terraform/install, " +
	"or give its path with --terraform or " + EnvTerraform

// ErrTerraformNotFound reports that no usable Terraform binary was found.
// The wrapping error is one sentence that says how to install it.
var ErrTerraformNotFound = errors.New("terraform not found")

// ErrTerraformTooOld reports a Terraform binary older than MinVersion.
var ErrTerraformTooOld = errors.New("terraform is too old")

// Binary is a Terraform executable that Find has checked.
type Binary struct {
	// Path is the absolute path of the executable.
	Path string
	// Version is the version the binary reported, such as "1.11.4".
	Version string
}

// FindOptions says where to look for Terraform before falling back to the
// environment and PATH.
type FindOptions struct {
	// Path is the value of --terraform; empty when the flag was not given.
	Path string
}

// Find locates Terraform: FindOptions.Path, then $AWSTUTOR_TERRAFORM, then
// "terraform" on PATH. It runs the binary once to read its version and
// refuses versions older than MinVersion.
func Find(ctx context.Context, opts FindOptions) (Binary, error) {
	candidate, source := opts.Path, "--terraform"
	if candidate == "" {
		candidate, source = os.Getenv(EnvTerraform), EnvTerraform
	}
	if candidate == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			return Binary{}, fmt.Errorf("%w on PATH: %s", ErrTerraformNotFound, installHint)
		}
		candidate, source = p, "PATH"
	}
	path, err := exec.LookPath(candidate)
	if err != nil {
		return Binary{}, fmt.Errorf("%w at %s (from %s): %s", ErrTerraformNotFound, candidate, source, installHint)
	}
	v, err := binaryVersion(ctx, path)
	if err != nil {
		return Binary{}, fmt.Errorf("%w: %s does not run as terraform (%v): %s", ErrTerraformNotFound, path, err, installHint)
	}
	if err := checkVersion(v); err != nil {
		return Binary{}, fmt.Errorf("check %s: %w", path, err)
	}
	return Binary{Path: path, Version: v.String()}, nil
}

// binaryVersion asks the binary for its version through terraform-exec,
// which reads `terraform version -json`.
func binaryVersion(ctx context.Context, path string) (*version.Version, error) {
	dir, err := os.Getwd()
	if err != nil {
		dir = os.TempDir()
	}
	tf, err := tfexec.NewTerraform(dir, path)
	if err != nil {
		return nil, err
	}
	v, _, err := tf.Version(ctx, true)
	if err != nil {
		return nil, errors.New(firstLine(FilterStderr(err.Error())))
	}
	return v, nil
}

// checkVersion refuses anything older than MinVersion, pre-releases of
// MinVersion included.
func checkVersion(v *version.Version) error {
	minimum := version.Must(version.NewVersion(MinVersion))
	if v.Core().LessThan(minimum) {
		return fmt.Errorf("%w: version %s, need %s or newer: %s", ErrTerraformTooOld, v, MinVersion, installHint)
	}
	return nil
}
