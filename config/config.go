// Package config reads the learner's settings file and resolves where
// awstutor keeps its state. Command-line flags override what the file says;
// the file overrides the built-in defaults.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is the content of config.yaml. Every field is optional.
type Config struct {
	// Target is where labs run: "sandbox" (default) or "aws".
	Target string `yaml:"target,omitempty"`
	// Region is the AWS region (default ap-northeast-2).
	Region string `yaml:"region,omitempty"`
	// Profile is the AWS shared-config profile for the aws target.
	Profile string `yaml:"profile,omitempty"`
	// Lang is the interface language: "ko" (default) or "en".
	Lang string `yaml:"lang,omitempty"`
	// ClassStart is the local time class starts, "HH:MM" (default 09:00).
	ClassStart string `yaml:"class_start,omitempty"`
	// SelfStudy is true for a learner who studies on their own time, not in
	// the 09:00-12:00 class: the classroom opens where they left off and
	// gives no class-hour reminders (long-running ones stay).
	SelfStudy bool `yaml:"self_study,omitempty"`
	// BudgetCap is the most the learner wants to spend per day, in USD.
	BudgetCap string `yaml:"budget_cap,omitempty"`
	// FreeTier says whether the account still has the AWS free tier; unset
	// means it has (the cost figures say so, and how to turn it off).
	FreeTier *bool `yaml:"free_tier,omitempty"`
	// Accounts lists the AWS accounts the learner confirmed or forbade.
	Accounts Accounts `yaml:"accounts,omitempty"`
}

// Accounts holds the real-AWS guard's memory.
type Accounts struct {
	// Confirmed are account ids the learner typed in to confirm.
	Confirmed []string `yaml:"confirmed,omitempty"`
	// Blocklist are account ids awstutor must never touch (production).
	Blocklist []string `yaml:"blocklist,omitempty"`
}

// Targets and languages accepted in the file and on the command line.
var (
	Targets   = []string{"sandbox", "aws"}
	Languages = []string{"ko", "en"}
)

// Path returns the config file's location: $AWSTUTOR_CONFIG, else
// $XDG_CONFIG_HOME/awstutor/config.yaml, else ~/.config/awstutor/config.yaml.
func Path() (string, error) {
	if p := os.Getenv("AWSTUTOR_CONFIG"); p != "" {
		return p, nil
	}
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "awstutor", "config.yaml"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find config file: %w", err)
	}
	return filepath.Join(home, ".config", "awstutor", "config.yaml"), nil
}

// StateDir returns where awstutor keeps progress, workspaces and logs:
// $AWSTUTOR_STATE_DIR, else $XDG_STATE_HOME/awstutor, else
// ~/.local/state/awstutor.
func StateDir() (string, error) {
	if d := os.Getenv("AWSTUTOR_STATE_DIR"); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "awstutor"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find state dir: %w", err)
	}
	return filepath.Join(home, ".local", "state", "awstutor"), nil
}

// Load reads the config file at path. A missing file is an empty config; a
// file that does not parse, or holds an unknown field or value, is an error
// that names the file and what to fix. Nothing is ever rewritten here.
func Load(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Config{}, nil
	}
	if err != nil {
		return Config{}, fmt.Errorf("read config %s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse decodes config file content; path names the file in errors.
func Parse(path string, data []byte) (Config, error) {
	var c Config
	if len(bytes.TrimSpace(data)) == 0 {
		return c, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("config file %s is not valid (%s): fix or remove it", path, yamlReason(err))
	}
	if c.Target != "" && !slices.Contains(Targets, c.Target) {
		return Config{}, fmt.Errorf("config file %s: target %q is not sandbox or aws", path, c.Target)
	}
	if c.Lang != "" && !slices.Contains(Languages, c.Lang) {
		return Config{}, fmt.Errorf("config file %s: lang %q is not ko or en", path, c.Lang)
	}
	return c, nil
}

// goTypeName matches the Go type yaml.v3 names in a type error, which means
// nothing to the learner.
var goTypeName = regexp.MustCompile(` in type [A-Za-z0-9_.]+`)

// unknownField matches yaml.v3's "field x not found" (KnownFields).
var unknownField = regexp.MustCompile(`field (\S+) not found`)

// yamlReason turns a yaml.v3 error into one line for the learner: a type
// error lists one problem per line, each indented, under a heading.
func yamlReason(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:")
	var parts []string
	for _, line := range strings.Split(msg, "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			parts = append(parts, line)
		}
	}
	msg = goTypeName.ReplaceAllString(strings.Join(parts, "; "), "")
	return unknownField.ReplaceAllString(msg, "unknown setting $1")
}

// AddConfirmedAccount records an AWS account id the learner confirmed, in
// the config file at path, so it is not asked for again. The file is
// rewritten atomically with its settings kept (comments in it are not).
// An id already listed leaves the file untouched.
func AddConfirmedAccount(path, id string) error {
	c, err := Load(path)
	if err != nil {
		return err
	}
	if slices.Contains(c.Accounts.Confirmed, id) {
		return nil
	}
	c.Accounts.Confirmed = append(c.Accounts.Confirmed, id)
	data, err := yaml.Marshal(c)
	if err != nil {
		return fmt.Errorf("write config %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("write config %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.yaml")
	if err != nil {
		return fmt.Errorf("write config %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o600)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write config %s: %w", path, err)
	}
	return nil
}
