package tfrun

import (
	"reflect"
	"testing"
)

func TestReadState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content *string
		exists  bool
		want    []StateResource
		wantErr bool
		// running holds the workspace lock, as a live run does.
		running bool
	}{
		{name: "no state file", content: nil},
		{name: "empty file mid-write", content: ptr(""), exists: true, running: true},
		{name: "empty file, no run going on", content: ptr(""), wantErr: true},
		{name: "resources, data sources left out", exists: true, content: ptr(`{
  "version": 4, "serial": 3,
  "resources": [
    {"mode": "managed", "type": "terraform_data", "name": "fast", "instances": [{"attributes": {}}]},
    {"mode": "managed", "type": "terraform_data", "name": "slow", "instances": [{"status": "tainted"}]},
    {"mode": "data", "type": "aws_caller_identity", "name": "me", "instances": [{}]},
    {"module": "module.net", "mode": "managed", "type": "aws_subnet", "name": "public",
     "instances": [{"index_key": 0}, {"index_key": 1}]},
    {"mode": "managed", "type": "aws_sqs_queue", "name": "q", "instances": [{"index_key": "orders"}]}
  ]}`),
			want: []StateResource{
				{Address: "terraform_data.fast", Type: "terraform_data"},
				{Address: "terraform_data.slow", Type: "terraform_data", Tainted: true},
				{Address: "module.net.aws_subnet.public[0]", Type: "aws_subnet"},
				{Address: "module.net.aws_subnet.public[1]", Type: "aws_subnet"},
				{Address: `aws_sqs_queue.q["orders"]`, Type: "aws_sqs_queue"},
			}},
		{name: "not json", content: ptr("{"), wantErr: true},
		{name: "old format", content: ptr(`{"version": 3}`), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if tt.content != nil {
				writeFiles(t, dir, map[string]string{StateFile: *tt.content})
			}
			if tt.running {
				lock, err := LockWorkspace(dir, "apply")
				if err != nil {
					t.Fatal(err)
				}
				defer lock.Unlock()
			}
			st, err := ReadState(dir)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ReadState error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if st.Exists != tt.exists || !reflect.DeepEqual(st.Resources, tt.want) {
				t.Errorf("ReadState = %+v, want exists=%v resources %+v", st, tt.exists, tt.want)
			}
			if st.Exists && st.ModTime.IsZero() {
				t.Error("ModTime is zero for an existing state")
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
