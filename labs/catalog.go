// Package labs owns the course's Terraform labs: the catalogue (embedded
// under content/, or loaded from --labs-dir), each lab's workspace and its
// lifecycle (prepare, plan, up, down, status, outputs, reset, solve) on top
// of tfrun, and the checks that prove a lab's outcome.
package labs

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// content holds the labs shipped in the binary; content/README.md
// documents the format.
//
//go:embed content
var content embed.FS

// File names inside a lab directory.
const (
	labFile      = "lab.yaml"
	guideFile    = "guide.md"
	starterDir   = "starter"
	solutionDir  = "solution"
	maxLabIDSize = 64
)

// ErrUnknownLab reports a lab id that is not in the catalogue.
var ErrUnknownLab = errors.New("unknown lab")

// Step is one part of a lab, with the checks that prove it.
type Step struct {
	// ID is unique within the lab, such as "queue".
	ID string `json:"id"`
	// Title is shown in lists and the guide's outline.
	Title string `json:"title"`
	// Checks are the ids of the checks that prove the step; may be empty.
	Checks []string `json:"checks"`
	// Hints are shown one at a time, gentlest first; may be empty.
	Hints []string `json:"hints"`
	// Solution lists the files under solution/ that this step completes;
	// `lab solve --step` copies those of every step up to this one.
	Solution []string `json:"solution,omitempty"`
}

// Lab is one lab of the course.
type Lab struct {
	ID      string `json:"id"`
	Day     int    `json:"day"`
	Title   string `json:"title"`
	Minutes int    `json:"minutes"`
	// Outputs are the Terraform outputs the lab's checks read.
	Outputs []string `json:"outputs"`
	// VarFiles are the variable files passed with -var-file on every plan,
	// in order. Nothing else is passed: a prod.tfvars beside a dev.tfvars
	// must never be applied because it happens to be in the workspace.
	VarFiles []string `json:"var_files,omitempty"`
	Steps    []Step   `json:"steps"`
	// Guide is guide.md, the learner's instructions in Markdown.
	Guide string `json:"-"`

	dir fs.FS
}

// Starter returns the starter/ files the learner's workspace begins from.
func (l *Lab) Starter() fs.FS { return mustSub(l.dir, starterDir) }

// Solution returns the solution/ files.
func (l *Lab) Solution() fs.FS { return mustSub(l.dir, solutionDir) }

// Step returns the step with the given id and its index.
func (l *Lab) Step(id string) (Step, int, bool) {
	for i, s := range l.Steps {
		if s.ID == id {
			return s, i, true
		}
	}
	return Step{}, -1, false
}

// mustSub cannot fail for the fixed, valid names used here.
func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// Catalog is the set of labs awstutor knows, ordered by day, then id.
type Catalog struct {
	labs []*Lab
}

// Content returns the labs shipped in the binary, laid out as --labs-dir
// is: give it to Load before a --labs-dir source so the directory's labs
// replace embedded ones with the same id.
func Content() fs.FS { return mustSub(content, "content") }

// Embedded loads the labs shipped in the binary.
func Embedded() (*Catalog, error) {
	return Load(Content())
}

// Load reads labs from each source in turn; a lab in a later source
// replaces one with the same id from an earlier source, so --labs-dir
// (os.DirFS) given after the embedded labs overrides them. Every lab
// directory is validated; all problems are reported together, each
// naming the file and field.
func Load(sources ...fs.FS) (*Catalog, error) {
	byID := map[string]*Lab{}
	var errs []error
	for _, src := range sources {
		entries, err := fs.ReadDir(src, ".")
		if err != nil {
			return nil, fmt.Errorf("read labs directory: %w", err)
		}
		for _, e := range entries {
			if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			lab, err := loadLab(src, e.Name())
			if err != nil {
				errs = append(errs, err)
				continue
			}
			byID[lab.ID] = lab
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("load labs: %w", errors.Join(errs...))
	}
	c := &Catalog{}
	for _, l := range byID {
		c.labs = append(c.labs, l)
	}
	slices.SortFunc(c.labs, func(a, b *Lab) int {
		if a.Day != b.Day {
			return a.Day - b.Day
		}
		return strings.Compare(a.ID, b.ID)
	})
	return c, nil
}

// Labs returns every lab, by day then id.
func (c *Catalog) Labs() []*Lab { return slices.Clone(c.labs) }

// Lab returns the lab with the given id.
func (c *Catalog) Lab(id string) (*Lab, error) {
	for _, l := range c.labs {
		if l.ID == id {
			return l, nil
		}
	}
	return nil, fmt.Errorf("%w %q: see `awstutor lab list` for the lab ids", ErrUnknownLab, id)
}

var labIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// problems collects validation errors for one file, each as
// "<file>: <field>: <problem>", one per field: a value that could not be
// decoded is not reported again as missing.
type problems struct {
	file     string
	errs     []error
	reported map[string]bool
}

func (p *problems) add(field, format string, args ...any) {
	if p.reported[field] && field != "" {
		return
	}
	if p.reported == nil {
		p.reported = map[string]bool{}
	}
	p.reported[field] = true
	msg := fmt.Sprintf(format, args...)
	if field == "" {
		p.errs = append(p.errs, fmt.Errorf("%s: %s", p.file, msg))
		return
	}
	p.errs = append(p.errs, fmt.Errorf("%s: %s: %s", p.file, field, msg))
}

func (p *problems) err() error { return errors.Join(p.errs...) }

// loadLab reads and validates one lab directory.
func loadLab(src fs.FS, name string) (*Lab, error) {
	dir := mustSub(src, name)
	yamlProblems := &problems{file: path.Join(name, labFile)}
	raw, err := fs.ReadFile(dir, labFile)
	if err != nil {
		yamlProblems.add("", "missing or unreadable (%v)", errors.Unwrap(err))
		return nil, yamlProblems.err()
	}
	lab := &Lab{dir: dir}
	// A file that is not a YAML mapping at all gets that one problem, not
	// a list of every field as missing besides.
	if decodeLab(raw, lab, yamlProblems) {
		validateLab(dir, name, lab, yamlProblems)
	}

	others := &problems{file: path.Join(name, guideFile)}
	guide, err := fs.ReadFile(dir, guideFile)
	switch {
	case err != nil:
		others.add("", "missing or unreadable")
	case strings.TrimSpace(string(guide)) == "":
		others.add("", "empty")
	}
	lab.Guide = string(guide)
	for i, vf := range lab.VarFiles {
		field := fmt.Sprintf("var_files[%d]", i)
		base := strings.TrimSuffix(strings.TrimSuffix(vf, ".json"), ".tfvars")
		switch {
		case path.Base(vf) != vf || !strings.HasSuffix(strings.TrimSuffix(vf, ".json"), ".tfvars"):
			yamlProblems.add(field, "%q must be a .tfvars file at the top of starter/", vf)
		case base == "terraform" || strings.HasSuffix(base, ".auto"):
			yamlProblems.add(field, "%q is loaded by Terraform by itself; list only files passed with -var-file", vf)
		default:
			if _, err := fs.Stat(dir, path.Join(starterDir, vf)); err != nil {
				yamlProblems.add(field, "%s does not exist", path.Join(starterDir, vf))
			}
		}
	}
	for _, d := range []string{starterDir, solutionDir} {
		tree := &problems{file: path.Join(name, d) + "/"}
		if !hasTF(dir, d) {
			tree.add("", "no .tf files")
		}
		others.errs = append(others.errs, tree.errs...)
	}
	if err := errors.Join(yamlProblems.err(), others.err()); err != nil {
		return nil, err
	}
	return lab, nil
}

// hasTF reports whether dir/sub holds at least one .tf file at its top.
func hasTF(dir fs.FS, sub string) bool {
	entries, err := fs.ReadDir(dir, sub)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".tf") {
			return true
		}
	}
	return false
}

// decodeLab reads lab.yaml field by field from the YAML node tree, so a
// wrong type or an unknown key is reported with the field's path rather
// than only a line number. It reports false when the file is not a YAML
// mapping at all, so there are no fields to check.
func decodeLab(raw []byte, lab *Lab, p *problems) bool {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		p.add("", "not valid YAML: %s", strings.Join(strings.Fields(strings.TrimPrefix(err.Error(), "yaml: ")), " "))
		return false
	}
	if len(doc.Content) == 0 {
		p.add("", "empty")
		return false
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.add("", "must be a mapping of id, day, title, minutes, outputs and steps")
		return false
	}
	forEachKey(root, "", p, func(key string, v *yaml.Node) {
		switch key {
		case "id":
			scalar(v, key, "a string", &lab.ID, p)
		case "title":
			scalar(v, key, "a string", &lab.Title, p)
		case "day":
			scalar(v, key, "a whole number", &lab.Day, p)
		case "minutes":
			scalar(v, key, "a whole number", &lab.Minutes, p)
		case "outputs":
			lab.Outputs = stringList(v, key, p)
		case "var_files":
			lab.VarFiles = stringList(v, key, p)
		case "steps":
			if v.Kind != yaml.SequenceNode {
				p.add(key, "must be a list of steps (line %d)", v.Line)
				return
			}
			for i, sn := range v.Content {
				lab.Steps = append(lab.Steps, decodeStep(sn, fmt.Sprintf("steps[%d]", i), p))
			}
		default:
			p.add(key, "unknown field (line %d)", v.Line)
		}
	})
	return true
}

func decodeStep(n *yaml.Node, field string, p *problems) Step {
	var s Step
	if n.Kind != yaml.MappingNode {
		p.add(field, "must be a mapping with id, title, checks and hints (line %d)", n.Line)
		return s
	}
	forEachKey(n, field+".", p, func(key string, v *yaml.Node) {
		f := field + "." + key
		switch key {
		case "id":
			scalar(v, f, "a string", &s.ID, p)
		case "title":
			scalar(v, f, "a string", &s.Title, p)
		case "checks":
			s.Checks = stringList(v, f, p)
		case "hints":
			s.Hints = stringList(v, f, p)
		case "solution":
			s.Solution = stringList(v, f, p)
		default:
			p.add(f, "unknown field (line %d)", v.Line)
		}
	})
	return s
}

func forEachKey(m *yaml.Node, prefix string, p *problems, fn func(key string, v *yaml.Node)) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i].Value, m.Content[i+1]
		if seen[k] {
			p.add(prefix+k, "given twice (line %d)", m.Content[i].Line)
			continue
		}
		seen[k] = true
		fn(k, v)
	}
}

func scalar[T any](v *yaml.Node, field, what string, dst *T, p *problems) {
	if v.Kind != yaml.ScalarNode || v.Decode(dst) != nil {
		p.add(field, "must be %s (line %d)", what, v.Line)
	}
}

func stringList(v *yaml.Node, field string, p *problems) []string {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		p.add(field, "must be a list of strings (line %d)", v.Line)
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for i, item := range v.Content {
		var s string
		if item.Kind != yaml.ScalarNode || item.Decode(&s) != nil {
			p.add(fmt.Sprintf("%s[%d]", field, i), "must be a string (line %d)", item.Line)
			continue
		}
		out = append(out, s)
	}
	return out
}

// validateLab checks the decoded values against the rules in
// content/README.md.
func validateLab(dir fs.FS, name string, lab *Lab, p *problems) {
	switch {
	case lab.ID == "":
		p.add("id", "missing")
	case len(lab.ID) > maxLabIDSize || !labIDPattern.MatchString(lab.ID):
		p.add("id", "%q must be lower-case letters, digits and dashes", lab.ID)
	case lab.ID != name:
		p.add("id", "%q must match the directory name %q", lab.ID, name)
	}
	if lab.Day < 1 {
		p.add("day", "missing or less than 1")
	}
	if strings.TrimSpace(lab.Title) == "" {
		p.add("title", "missing")
	}
	if lab.Minutes < 1 {
		p.add("minutes", "missing or less than 1")
	}
	seenOut := map[string]bool{}
	for i, o := range lab.Outputs {
		switch {
		case strings.TrimSpace(o) == "":
			p.add(fmt.Sprintf("outputs[%d]", i), "empty")
		case seenOut[o]:
			p.add(fmt.Sprintf("outputs[%d]", i), "%q listed twice", o)
		}
		seenOut[o] = true
	}
	if len(lab.Steps) == 0 {
		p.add("steps", "missing: a lab needs at least one step")
	}
	seenStep := map[string]bool{}
	for i, s := range lab.Steps {
		f := fmt.Sprintf("steps[%d]", i)
		switch {
		case s.ID == "":
			p.add(f+".id", "missing")
		case !labIDPattern.MatchString(s.ID):
			p.add(f+".id", "%q must be lower-case letters, digits and dashes", s.ID)
		case seenStep[s.ID]:
			p.add(f+".id", "%q used by an earlier step", s.ID)
		}
		seenStep[s.ID] = true
		if strings.TrimSpace(s.Title) == "" {
			p.add(f+".title", "missing")
		}
		for j, c := range s.Checks {
			if strings.TrimSpace(c) == "" {
				p.add(fmt.Sprintf("%s.checks[%d]", f, j), "empty")
			}
		}
		for j, h := range s.Hints {
			if strings.TrimSpace(h) == "" {
				p.add(fmt.Sprintf("%s.hints[%d]", f, j), "empty")
			}
		}
		for j, file := range s.Solution {
			sf := fmt.Sprintf("%s.solution[%d]", f, j)
			clean := path.Clean(file)
			if file == "" || !fs.ValidPath(clean) || clean == "." {
				p.add(sf, "%q must be a path inside solution/", file)
				continue
			}
			if info, err := fs.Stat(dir, path.Join(solutionDir, clean)); err != nil || !info.Mode().IsRegular() {
				p.add(sf, "solution/%s does not exist", clean)
			}
		}
	}
}
