package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		want    string // substring of the error, "" for success
	}{
		{"empty", "", ""},
		{"full", "target: aws\nregion: us-east-1\nlang: en\nclass_start: \"10:00\"\naccounts:\n  confirmed: [\"123456789012\"]\n", ""},
		{"broken yaml", "target: [aws\n", "is not valid"},
		{"unknown field", "targett: aws\n", "targett"},
		{"bad target", "target: prod\n", `target "prod"`},
		{"bad lang", "lang: fr\n", `lang "fr"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := filepath.Join(t.TempDir(), "config.yaml")
			if err := os.WriteFile(p, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(p)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Load: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), p)):
				t.Fatalf("Load error %v; want it to name the file and contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadMissingIsEmpty(t *testing.T) {
	t.Parallel()
	c, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err != nil || c.Target != "" {
		t.Fatalf("Load(missing) = %+v, %v; want empty, nil", c, err)
	}
}

func TestPaths(t *testing.T) {
	t.Setenv("AWSTUTOR_CONFIG", "")
	t.Setenv("AWSTUTOR_STATE_DIR", "")
	t.Setenv("XDG_CONFIG_HOME", "/x/config")
	t.Setenv("XDG_STATE_HOME", "/x/state")
	if p, _ := Path(); p != "/x/config/awstutor/config.yaml" {
		t.Errorf("Path = %s", p)
	}
	if d, _ := StateDir(); d != "/x/state/awstutor" {
		t.Errorf("StateDir = %s", d)
	}
	t.Setenv("AWSTUTOR_STATE_DIR", "/y")
	if d, _ := StateDir(); d != "/y" {
		t.Errorf("StateDir with AWSTUTOR_STATE_DIR = %s", d)
	}
}

func TestAddConfirmedAccount(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "awstutor", "config.yaml")
	if err := AddConfirmedAccount(p, "123456789012"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("region: us-east-1\naccounts:\n  confirmed: [\"123456789012\"]\n  blocklist: [\"999999999999\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := AddConfirmedAccount(p, "210987654321"); err != nil {
		t.Fatal(err)
	}
	if err := AddConfirmedAccount(p, "210987654321"); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Region != "us-east-1" || len(c.Accounts.Blocklist) != 1 || strings.Join(c.Accounts.Confirmed, ",") != "123456789012,210987654321" {
		t.Errorf("after adding: %+v", c)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Errorf("config file mode %v", st.Mode().Perm())
	}
	broken := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(broken, []byte("target: [aws\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := AddConfirmedAccount(broken, "1"); err == nil {
		t.Error("a broken config file was rewritten")
	}
	if b, _ := os.ReadFile(broken); string(b) != "target: [aws\n" {
		t.Error("the broken config file changed")
	}
}
