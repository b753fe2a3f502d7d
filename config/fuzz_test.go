package config

import (
	"strings"
	"testing"
)

// FuzzParse: the config parser never panics on a broken file, and its
// error names the file so the learner knows which one to fix.
func FuzzParse(f *testing.F) {
	f.Add([]byte("target: aws\nregion: us-east-1\nlang: en\n"))
	f.Add([]byte("accounts:\n  confirmed: [\"123456789012\"]\n  blocklist: []\n"))
	f.Add([]byte("target: [aws\n"))
	f.Add([]byte("free_tier: maybe\n"))
	f.Add([]byte("taget: aws\nfree_tier: maybe\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("/x/config.yaml", data)
		if err != nil {
			if !strings.Contains(err.Error(), "/x/config.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			// The CLI prints it as the one sentence the learner reads.
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is more than one line: %q", err)
			}
			return
		}
		if c.Target != "" && c.Target != "sandbox" && c.Target != "aws" {
			t.Fatalf("accepted target %q", c.Target)
		}
	})
}
