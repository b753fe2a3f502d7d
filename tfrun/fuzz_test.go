package tfrun

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzReadState feeds arbitrary bytes to both readers of a workspace's
// state file, ReadState (status, cleanup) and ReadDeployed (the cost
// meter, status --short). Neither may panic whatever a crash, a full disk
// or an editor left in the file; a refusal must name the file; and when
// both accept it they must agree on what exists, address by address,
// because cleanup and the cost meter act on the same resources.
func FuzzReadState(f *testing.F) {
	for _, seed := range []string{
		`{"version": 4, "serial": 3, "resources": [
  {"mode": "managed", "type": "terraform_data", "name": "fast", "instances": [{"attributes": {"id": "x", "tags_all": {"Lab": "basic"}}}]},
  {"mode": "managed", "type": "terraform_data", "name": "slow", "instances": [{"status": "tainted"}]},
  {"mode": "data", "type": "aws_caller_identity", "name": "me", "instances": [{}]},
  {"module": "module.net", "mode": "managed", "type": "aws_subnet", "name": "public", "instances": [{"index_key": 0}, {"index_key": 1}]},
  {"mode": "managed", "type": "aws_sqs_queue", "name": "q", "instances": [{"index_key": "orders", "attributes": {"arn": "arn:aws:sqs:us-east-1:1:q"}}]}]}`,
		`{"version": 4, "resources": [{"mode": "managed", "type": "aws_lb", "name": "a", "instances": [{"deposed": "00abc", "attributes": {"region": "ap-northeast-2"}}]}]}`,
		`{"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "n", "instances": [{"index_key": 1e300}, {"index_key": -1}, {"index_key": true}]}]}`,
		`{"version": 4, "resources": null}`,
		`{"version": 3}`,
		`{"version": 4, "resources": [{"instances": [{"attributes": 5}]}]}`,
		`{"version": 4, "resources": [`,
		"",
		"\x00",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, StateFile)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		st, errState := ReadState(dir)
		dep, errDep := ReadDeployed(path, "ap-northeast-2")
		for _, err := range []error{errState, errDep} {
			if err != nil && !strings.Contains(err.Error(), path) {
				t.Fatalf("error does not name the state file: %v", err)
			}
		}
		if errState != nil || errDep != nil {
			return
		}
		if !st.Exists || !dep.Exists {
			t.Fatalf("a state file that is there read as absent: %v %v", st.Exists, dep.Exists)
		}
		var a, b []string
		for _, r := range st.Resources {
			a = append(a, r.Address)
		}
		for _, r := range dep.Resources {
			b = append(b, r.Address)
			if r.Region == "" {
				t.Fatalf("resource %s has no region", r.Address)
			}
		}
		if !slices.Equal(a, b) {
			t.Fatalf("ReadState sees %q, ReadDeployed %q", a, b)
		}
	})
}
