package cli

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"awstutor/cloud"
	"awstutor/cloud/mototest"
)

// secretValue is the fake secret the security tests plant; it must never
// appear in anything awstutor prints or writes outside Terraform's state.
const secretValue = "Sup3r-S3cret-Passw0rd!-7d1f"

// secretLabs writes a lab whose variable file holds a password, marked
// sensitive, that a resource stores and a sensitive output returns, as
// the day 2 and day 5 labs do with Cognito test passwords and SecureString
// parameters.
func secretLabs(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	main := `variable "db_password" {
  type      = string
  sensitive = true
}

resource "terraform_data" "db" {
  input = var.db_password
}

output "db_password" {
  value     = terraform_data.db.output
  sensitive = true
}

output "endpoint" {
  value = "db.local"
}
`
	files := map[string]string{
		"secret/lab.yaml":              "id: secret\nday: 2\ntitle: secret\nminutes: 5\nvar_files: [class.tfvars]\noutputs: [db_password, endpoint]\nsteps:\n  - id: only\n    title: only\n",
		"secret/guide.md":              "# secret\n",
		"secret/starter/main.tf":       main,
		"secret/starter/class.tfvars":  "db_password = \"" + secretValue + "\"\n",
		"secret/solution/main.tf":      main,
		"secret/solution/class.tfvars": "db_password = \"" + secretValue + "\"\n",
	}
	for name, body := range files {
		faultWriteFile(t, filepath.Join(dir, name), body)
	}
	return dir
}

// TestSecretsNeverShown deploys the secret lab and runs every command that
// reports on it, in text and JSON: the password must appear in none of
// their output, nor in progress.json or the log. The sensitive output is
// listed by name, its value replaced.
func TestSecretsNeverShown(t *testing.T) {
	needTerraform(t)
	dir := isolate(t)
	stateDir := filepath.Join(dir, "state")
	labsDir := secretLabs(t)
	var all strings.Builder
	runAll := func(args ...string) (int, string) {
		t.Helper()
		code, out, errs := runCLI(t, append(args, "--labs-dir", labsDir, "--lang", "en")...)
		all.WriteString(out + errs)
		return code, out + errs
	}
	if code, out := runAll("lab", "plan", "secret"); code != 0 {
		t.Fatalf("lab plan: exit %d\n%s", code, out)
	}
	if code, out := runAll("lab", "up", "secret", "--yes"); code != 0 || !strings.Contains(out, "endpoint") {
		t.Fatalf("lab up: exit %d\n%s", code, out)
	}
	if _, out := runAll("lab", "status", "secret", "--json"); !strings.Contains(out, `"db_password": "(sensitive)"`) {
		t.Errorf("lab status --json does not list the sensitive output as hidden:\n%s", out)
	}
	for _, args := range [][]string{
		{"lab", "status", "secret"}, {"lab", "status"}, {"lab", "list", "--json"}, {"lab", "up", "secret", "--yes", "--json"},
		{"status"}, {"status", "--json"}, {"status", "--short"},
		{"progress"}, {"progress", "--json"}, {"report"}, {"report", "--format", "json"},
		{"doctor"}, {"doctor", "--json"}, {"cost", "estimate", "secret"},
		{"lab", "down", "secret", "--yes"},
	} {
		runAll(args...)
	}
	if strings.Contains(all.String(), secretValue) {
		t.Errorf("the password was printed:\n%s", all.String())
	}
	files := 0
	err := filepath.WalkDir(stateDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(stateDir, p)
		// Terraform's own files hold it (0600, in a 0700 workspace): that
		// is where the state must keep it. The learner's tfvars and their
		// backups are theirs.
		base := filepath.Base(p)
		if strings.HasPrefix(base, "terraform.tfstate") || base == "awstutor.tfplan" || base == "class.tfvars" || strings.Contains(rel, ".terraform"+string(filepath.Separator)) {
			return nil
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		if strings.Contains(string(raw), secretValue) {
			t.Errorf("%s holds the password", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, must := range []string{"progress.json", filepath.Join("logs", "awstutor.log")} {
		if _, err := os.Stat(filepath.Join(stateDir, must)); err != nil {
			t.Errorf("%s was not written, so it was not checked: %v", must, err)
		}
	}
	t.Logf("checked %d files and %d bytes of output", files, all.Len())
}

// TestStateDirIsPrivate runs a lab and a progress write through the CLI
// and walks the state dir: every directory awstutor or terraform made is
// 0700 and every file 0600 at most (executables 0700), except inside
// .terraform/ and the provider cache, which hold only provider binaries.
func TestStateDirIsPrivate(t *testing.T) {
	run, stateDir := labEnv(t)
	seedLessonRead(t, stateDir)
	if code, _, errs := run("lab", "up", "basic", "--yes"); code != 0 {
		t.Fatalf("lab up: exit %d: %s", code, errs)
	}
	if code, _, errs := run("lab", "down", "basic", "--yes"); code != 0 {
		t.Fatalf("lab down: exit %d: %s", code, errs)
	}
	if code, _, errs := run("lab", "solve", "basic", "--yes"); code != 0 {
		t.Fatalf("lab solve: exit %d: %s", code, errs)
	}
	seen := 0
	err := filepath.WalkDir(stateDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".terraform" || d.Name() == "plugin-cache") {
			return fs.SkipDir
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		seen++
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			rel, _ := filepath.Rel(stateDir, p)
			t.Errorf("%s is %v: group and others can read it", rel, info.Mode())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 10 {
		t.Errorf("walked only %d entries; the lab did not run?", seen)
	}
}

// TestResourcesNeverShowSecretValues puts a SecureString parameter and a
// Secrets Manager secret, tagged as a lab's, in the emulator and lists
// them: names yes, values never.
func TestResourcesNeverShowSecretValues(t *testing.T) {
	isolate(t)
	srv := mototest.Start(t)
	ctx := context.Background()
	c, err := cloud.Connect(ctx, cloud.Target{Name: cloud.TargetSandbox, Endpoint: srv.Endpoint(), Region: cloud.DefaultRegion})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SSM.PutParameter(ctx, &ssm.PutParameterInput{
		Name: aws.String("/app/db/password"), Value: aws.String(secretValue), Type: ssmtypes.ParameterTypeSecureString,
		Tags: []ssmtypes.Tag{{Key: aws.String(cloud.ProjectTag), Value: aws.String(cloud.ProjectValue)}, {Key: aws.String(cloud.LabTag), Value: aws.String("day5-config-events")}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Secrets.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name: aws.String("app/db"), SecretString: aws.String(`{"password":"` + secretValue + `"}`),
		Tags: []smtypes.Tag{{Key: aws.String(cloud.ProjectTag), Value: aws.String(cloud.ProjectValue)}, {Key: aws.String(cloud.LabTag), Value: aws.String("day5-config-events")}},
	}); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"resources"}, {"resources", "--json"}} {
		code, out, errs := runCLI(t, append(args, "--endpoint", srv.Endpoint(), "--lang", "en")...)
		if code != 0 || !strings.Contains(out, "/app/db/password") || !strings.Contains(out, "app/db") {
			t.Errorf("%v: exit %d, the parameter and secret are not listed:\n%s\n%s", args, code, out, errs)
		}
		if strings.Contains(out+errs, secretValue) {
			t.Errorf("%v printed a secret value:\n%s", args, out)
		}
	}
}
