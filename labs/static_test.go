package labs

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The static tests read every shipped lab's starter/ and solution/ as
// files on disk (the same tree the binary embeds).

// shippedLabs loads the five labs under content/.
func shippedLabs(t *testing.T) []*Lab {
	t.Helper()
	cat, err := Load(Content())
	if err != nil {
		t.Fatalf("load shipped labs: %v", err)
	}
	ls := cat.Labs()
	want := []string{"day1-messaging", "day2-auth-api", "day3-fargate", "day4-alb-autoscaling", "day5-config-events"}
	var got []string
	for _, l := range ls {
		got = append(got, l.ID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("shipped labs are %v, want %v", got, want)
	}
	return ls
}

// tfFiles returns the text of every .tf (and, with vars, .tfvars) file
// under dir of the lab, by path.
func tfFiles(t *testing.T, lab *Lab, dir string, vars bool) map[string]string {
	t.Helper()
	fsys := lab.Starter()
	if dir == solutionDir {
		fsys = lab.Solution()
	}
	files := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".tf") || vars && strings.HasSuffix(p, ".tfvars") {
			raw, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			files[path.Join(lab.ID, dir, p)] = string(raw)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// stripComments removes HCL comments (#, // and /* */) outside strings,
// so a rule about code is not tripped by prose in a comment.
func stripComments(src string) string {
	var b strings.Builder
	inString, escaped := false, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case inString:
			b.WriteByte(c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
			b.WriteByte(c)
		case c == '#' || c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return b.String()
			}
			i += end + 3
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// block returns the body of the first block whose header matches re, by
// matching braces, or "".
func block(src string, re *regexp.Regexp) string {
	loc := re.FindStringIndex(src)
	if loc == nil {
		return ""
	}
	start := strings.Index(src[loc[0]:], "{")
	if start < 0 {
		return ""
	}
	start += loc[0]
	depth := 0
	for i := start; i < len(src); i++ {
		switch src[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return src[start+1 : i]
			}
		}
	}
	return ""
}

// TestLabsTerraformFmt runs `terraform fmt -check -recursive` on every
// lab's starter and solution: a file that does not parse, or is not in
// canonical form, fails. fmt parses the full HCL syntax, so this is also
// the parse check (validate would need the providers, which cannot be
// downloaded here).
func TestLabsTerraformFmt(t *testing.T) {
	bin := needTerraform(t)
	for _, lab := range shippedLabs(t) {
		for _, dir := range []string{starterDir, solutionDir} {
			p := filepath.Join("content", lab.ID, dir)
			cmd := exec.CommandContext(context.Background(), bin.Path, "fmt", "-check", "-recursive", "-diff", p)
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("terraform fmt -check %s: %v\n%s", p, err, out)
			}
		}
	}
}

var (
	providerAWS      = regexp.MustCompile(`(?m)^\s*provider\s+"aws"\s*\{`)
	defaultTags      = regexp.MustCompile(`default_tags\s*\{`)
	requiredAWS      = regexp.MustCompile(`aws\s*=\s*\{[^}]*source\s*=\s*"hashicorp/aws"[^}]*version\s*=\s*"~> 6\.0"[^}]*\}`)
	outputDecl       = regexp.MustCompile(`(?m)^\s*output\s+"([^"]+)"`)
	credentialArg    = regexp.MustCompile(`(?m)^\s*(access_key|secret_key|token|profile|shared_credentials_files)\s*=`)
	accessKeyID      = regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)
	secretAccessKey  = regexp.MustCompile(`(?i)aws_secret_access_key|aws_access_key_id`)
	requiredProvider = regexp.MustCompile(`required_providers\s*\{`)
)

// TestLabsProviderSetup: in starter and solution alike, the aws provider
// carries the course's default tags with the lab's id, and aws is required
// at ~> 6.0.
func TestLabsProviderSetup(t *testing.T) {
	for _, lab := range shippedLabs(t) {
		for _, dir := range []string{starterDir, solutionDir} {
			var all strings.Builder
			for _, src := range tfFiles(t, lab, dir, false) {
				all.WriteString(stripComments(src))
				all.WriteString("\n")
			}
			src := all.String()
			where := lab.ID + "/" + dir
			provider := block(src, providerAWS)
			if provider == "" {
				t.Errorf("%s: no provider \"aws\" block", where)
				continue
			}
			tags := block(provider, defaultTags)
			for k, v := range courseTags(lab.ID) {
				if !regexp.MustCompile(`(?m)^\s*` + k + `\s*=\s*"` + regexp.QuoteMeta(v) + `"`).MatchString(tags) {
					t.Errorf("%s: provider default_tags lacks %s = %q", where, k, v)
				}
			}
			if !requiredAWS.MatchString(block(src, requiredProvider)) {
				t.Errorf("%s: required_providers does not require hashicorp/aws at ~> 6.0", where)
			}
		}
	}
}

// TestLabsDeclareOutputs: every output lab.yaml lists (the checks' inputs)
// is declared in the solution.
func TestLabsDeclareOutputs(t *testing.T) {
	for _, lab := range shippedLabs(t) {
		declared := map[string]bool{}
		for _, src := range tfFiles(t, lab, solutionDir, false) {
			for _, m := range outputDecl.FindAllStringSubmatch(stripComments(src), -1) {
				declared[m[1]] = true
			}
		}
		for _, o := range lab.Outputs {
			if !declared[o] {
				t.Errorf("%s: lab.yaml lists output %s, which the solution does not declare", lab.ID, o)
			}
		}
	}
}

// TestLabsHaveNoCredentials: no lab file sets credentials in code or
// holds something shaped like an AWS key; the sandbox override is the only
// place fake keys go, and it is written at run time.
func TestLabsHaveNoCredentials(t *testing.T) {
	for _, lab := range shippedLabs(t) {
		for _, dir := range []string{starterDir, solutionDir} {
			for name, src := range tfFiles(t, lab, dir, true) {
				if m := credentialArg.FindString(stripComments(src)); m != "" {
					t.Errorf("%s: sets %q: credentials never go in a lab", name, strings.TrimSpace(m))
				}
				if m := accessKeyID.FindString(src); m != "" {
					t.Errorf("%s: holds an AWS access key id %s", name, m)
				}
				if m := secretAccessKey.FindString(src); m != "" {
					t.Errorf("%s: names %s", name, m)
				}
			}
		}
	}
}

// TestStaticRulesCatchMistakes runs the helpers above on small bad inputs,
// so a rule that silently matches nothing is noticed.
func TestStaticRulesCatchMistakes(t *testing.T) {
	src := stripComments(`
# provider "aws" { access_key = "x" }
provider "aws" {
  region = var.region # where
  default_tags {
    tags = {
      Project = "awstutor" // course
      Lab     = "day9"
    }
  }
}
output "a" { value = 1 }
/* output "b" { value = 2 } */
`)
	tags := block(block(src, providerAWS), defaultTags)
	if !strings.Contains(tags, `Project = "awstutor"`) || strings.Contains(tags, "ManagedBy") {
		t.Errorf("default_tags block read as %q", tags)
	}
	if credentialArg.MatchString(src) {
		t.Error("a commented-out access_key counted as code")
	}
	if !credentialArg.MatchString("provider \"aws\" {\n  access_key = \"x\"\n}") {
		t.Error("access_key in code not caught")
	}
	if got := outputDecl.FindAllStringSubmatch(src, -1); len(got) != 1 || got[0][1] != "a" {
		t.Errorf("outputs read as %v", got)
	}
	if !accessKeyID.MatchString(`key = "AKIAIOSFODNN7EXAMPLE"`) {
		t.Error("an access key id not caught")
	}
	if requiredAWS.MatchString(`aws = { source = "hashicorp/aws", version = "~> 5.0" }`) {
		t.Error("aws ~> 5.0 accepted")
	}
}
