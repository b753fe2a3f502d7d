package tfrun

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// StateFile is the local state Terraform keeps in each workspace.
const StateFile = "terraform.tfstate"

// StateResource is one managed resource instance recorded in the state.
type StateResource struct {
	// Address is the instance address, such as `aws_sqs_queue.orders` or
	// `module.net.aws_subnet.public["a"]`.
	Address string `json:"address"`
	// Type is the resource type.
	Type string `json:"type"`
	// Tainted is true for an instance Terraform will replace: one whose
	// creation failed or was interrupted part way.
	Tainted bool `json:"tainted,omitempty"`
}

// State is what a workspace's state file says exists.
type State struct {
	// Exists is false when there is no state file yet.
	Exists bool
	// Resources lists managed resource instances; data sources are left out
	// because they cost nothing and need no cleanup.
	Resources []StateResource
	// ModTime is when the state file was last written, in UTC.
	ModTime time.Time
}

// wireState is the part of the state file format (version 4) we read.
type wireState struct {
	Version   int `json:"version"`
	Resources []struct {
		Module    string `json:"module"`
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Instances []struct {
			IndexKey any    `json:"index_key"`
			Status   string `json:"status"`
		} `json:"instances"`
	} `json:"resources"`
}

func (w *wireState) version() int { return w.Version }

// ReadState reads dir/terraform.tfstate directly rather than through
// `terraform show`, which needs an initialised workspace and a lock: status
// must work after a crash, during another run and before init.
func ReadState(dir string) (State, error) {
	var w wireState
	f, err := readStateFile(filepath.Join(dir, StateFile), &w)
	if err != nil {
		return State{}, err
	}
	if !f.decoded {
		return State{Exists: f.exists, ModTime: f.modTime}, nil
	}
	st := State{Exists: true, ModTime: f.modTime}
	for _, r := range w.Resources {
		if r.Mode != "managed" {
			continue
		}
		for _, in := range r.Instances {
			addr := instanceAddress(r.Module, r.Type, r.Name, in.IndexKey)
			st.Resources = append(st.Resources, StateResource{Address: addr, Type: r.Type, Tainted: in.Status == "tainted"})
		}
	}
	return st, nil
}

// emptyState decides what a zero-length state file at path means.
// Terraform empties the file before it writes the new state into it, so
// while a run is going on (a live awstutor holds the workspace lock) it is
// the moment between the two, and the caller reads no resources. With no
// run going on, it is a write that never finished: terraform was killed,
// or the disk filled, between the two. Read as "nothing deployed", it
// would let status call the lab clean and cleanup record it destroyed
// while everything it made still runs, so it is reported as damage.
func emptyState(path string) error {
	if Busy(filepath.Dir(path)) {
		return nil
	}
	return damagedState(path, errors.New("the file is empty"))
}

// damagedState is the error for a state file that cannot be read: it names
// the file and, when Terraform's backup of the previous state is beside
// it, where the learner can get the record of the lab's resources back.
// The file itself is never touched.
func damagedState(path string, why error) error {
	advice := "restore it from a copy before running terraform in this workspace again"
	backup := filepath.Join(filepath.Dir(path), StateBackupFile)
	if filepath.Base(path) != StateBackupFile {
		if info, err := os.Stat(backup); err == nil && info.Size() > 0 {
			advice = fmt.Sprintf("%s holds the state from before the last run: copy it over %s, then run awstutor lab status", backup, filepath.Base(path))
		}
	}
	return fmt.Errorf("state file %s is damaged (%v), so which resources exist is unknown: %s", path, why, advice)
}

// stateFile is what readStateFile found at a path.
type stateFile struct {
	exists  bool
	modTime time.Time
	// decoded is true when the file held a state that was decoded into
	// the caller's value; false for a missing file, or an empty one
	// while a live awstutor holds the workspace (between terraform's
	// truncate and rewrite).
	decoded bool
}

// readStateFile reads a Terraform state file straight from disk, with the
// rules every reader shares: a missing file is no state, an empty one is
// accepted only while the workspace is locked, a damaged one is one
// sentence naming the file and its backup, and only version 4 is read.
// into receives the decoded JSON and must have a Version field.
func readStateFile(path string, into interface{ version() int }) (stateFile, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return stateFile{}, nil
	}
	if err != nil {
		return stateFile{}, fmt.Errorf("read state: %w", err)
	}
	f := stateFile{exists: true}
	if info, err := os.Stat(path); err == nil {
		f.modTime = info.ModTime().UTC()
	}
	if len(raw) == 0 {
		return f, emptyState(path)
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return stateFile{}, damagedState(path, err)
	}
	if v := into.version(); v != 4 {
		return stateFile{}, fmt.Errorf("read state %s: unsupported state version %d", path, v)
	}
	f.decoded = true
	return f, nil
}
