package labs

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"awstutor/cloud"
	"awstutor/cloud/mototest"
)

// moto is the package's emulator for the check tests, started once in
// TestMain and reset by each test that uses it.
var moto *mototest.Server

func TestMain(m *testing.M) {
	srv, stop, err := mototest.StartMain()
	if err != nil {
		fmt.Fprintln(os.Stderr, "labs tests need moto server:", err)
		os.Exit(1)
	}
	moto = srv
	code := m.Run()
	stop()
	os.Exit(code)
}

// testRegion is the course's region, where the fixtures create everything.
const testRegion = cloud.DefaultRegion

// sandboxClients resets the emulator and returns clients for it. Tests
// that use it must not run in parallel with each other.
func sandboxClients(t *testing.T) *cloud.Clients {
	t.Helper()
	moto.Reset(t)
	c, err := cloud.Connect(context.Background(), cloud.Target{Name: cloud.TargetSandbox, Endpoint: moto.Endpoint(), Region: testRegion})
	if err != nil {
		t.Fatalf("connect to moto: %v", err)
	}
	return c
}

// testCtx bounds a test well above its slowest check, so a hang fails the
// test instead of the whole run.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// onlyLabs shows only the named lab directories of a content tree, so a
// lab's tests do not depend on the other labs loading.
type onlyLabs struct {
	fs.FS
	ids []string
}

func (o onlyLabs) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.FS, name)
	if err != nil || name != "." {
		return entries, err
	}
	return slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return !slices.Contains(o.ids, e.Name()) }), nil
}

// contentLab loads one shipped lab by id.
func contentLab(t testing.TB, id string) (*Catalog, *Lab) {
	t.Helper()
	cat, err := Load(onlyLabs{Content(), []string{id}})
	if err != nil {
		t.Fatalf("load lab %s: %v", id, err)
	}
	lab, err := cat.Lab(id)
	if err != nil {
		t.Fatal(err)
	}
	return cat, lab
}

// writeState writes a Terraform state file (format version 4) holding only
// outputs into dir, as `terraform apply` of the lab would leave it;
// `terraform output -json` reads it without init.
func writeState(t testing.TB, dir string, outputs map[string]any) {
	t.Helper()
	type output struct {
		Value any `json:"value"`
		Type  any `json:"type"`
	}
	outs := map[string]output{}
	for k, v := range outputs {
		var typ any = "string"
		switch v.(type) {
		case []string:
			typ = []any{"list", "string"}
		case bool:
			typ = "bool"
		case int, float64:
			typ = "number"
		}
		outs[k] = output{Value: v, Type: typ}
	}
	state := map[string]any{
		"version":           4,
		"terraform_version": "1.11.4",
		"serial":            1,
		"lineage":           "00000000-0000-0000-0000-000000000001",
		"outputs":           outs,
		"resources":         []any{},
		"check_results":     nil,
	}
	raw, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "terraform.tfstate"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// verifyWorkspace writes the outputs into the lab's sandbox workspace
// under a fresh state dir, reads them back through Manager.Verify (which
// runs the real `terraform output -json`) and returns the results by id.
func verifyWorkspace(t *testing.T, ctx context.Context, clients *cloud.Clients, labID string, outputs map[string]any) map[string]CheckResult {
	t.Helper()
	cat, _ := contentLab(t, labID)
	m, err := NewManager(ManagerOptions{
		StateDir:  t.TempDir(),
		Target:    TargetSandbox,
		Endpoint:  moto.Endpoint(),
		Catalog:   cat,
		Terraform: needTerraform(t),
		Recorder:  &MemoryRecorder{},
		Log:       testLog{t},
	})
	if err != nil {
		t.Fatal(err)
	}
	writeState(t, m.WorkspaceDir(labID), outputs)
	results, err := m.Verify(ctx, labID, clients, VerifyOptions{})
	if err != nil {
		t.Fatalf("verify %s: %v", labID, err)
	}
	byID := map[string]CheckResult{}
	for _, r := range results {
		byID[r.ID] = r
		// Test users' tokens are JWTs, whose base64url JSON header starts
		// with "eyJ": no result may carry one (nor the password beside it).
		if strings.Contains(r.Message+r.Hint, "eyJ") {
			t.Errorf("%s: result carries what looks like a token: %q", r.ID, r.Message)
		}
	}
	return byID
}

// wantOnlyFailing asserts that the check named fails with its first hint
// and every other check passes (or is not provable, where allowed).
func wantOnlyFailing(t *testing.T, labID string, results map[string]CheckResult, failing string, notProvable ...string) {
	t.Helper()
	if failing != "" {
		if _, ok := results[failing]; !ok {
			t.Fatalf("no result for check %s", failing)
		}
	}
	for id, r := range results {
		switch {
		case id == failing:
			c, _ := LookupCheck(labID, id)
			if r.Status != CheckFail {
				t.Errorf("%s: status %s (%s), want fail", id, r.Status, r.Message)
			} else if r.Hint != c.Hints[0] || r.Hint == "" {
				t.Errorf("%s: hint %q, want the check's first hint %q", id, r.Hint, c.Hints[0])
			}
			t.Logf("%s failed as it should: %s", id, r.Message)
		case slices.Contains(notProvable, id):
			if r.Status != CheckNotProvable || r.Message == "" {
				t.Errorf("%s: status %s (%s), want not-provable with a reason", id, r.Status, r.Message)
			}
		default:
			if r.Status != CheckPass {
				t.Errorf("%s: status %s (%s), want pass", id, r.Status, r.Message)
			}
			if r.Hint != "" {
				t.Errorf("%s: passed with a hint %q", id, r.Hint)
			}
		}
	}
}
