package labs

import (
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoadLab feeds arbitrary lab.yaml content to Load over a map file
// system that holds an otherwise valid lab. Whatever the file says, Load
// must not panic; a refusal must name the file it refuses (and nothing
// else is wrong with the lab, so every problem is lab.yaml's); an accepted
// lab must be usable: its id matches the directory, it has steps, and
// every step has an id and a title.
func FuzzLoadLab(f *testing.F) {
	for _, seed := range []string{
		string(goodLab()["demo/lab.yaml"].Data),
		"id: demo\nday: 1\ntitle: T\nminutes: 5\nsteps:\n  - id: a\n    title: A\n",
		"id: demo\nday: 1\ntitle: T\nminutes: 5\nvar_files: [class.tfvars]\nsteps:\n  - id: a\n    title: A\n",
		"id: demo\nday: two\n",
		"id: [demo\n",
		"- just\n- a\n- list\n",
		"id: demo\nid: demo\n",
		"steps:\n  - 1\n  - [x]\n  - {id: {a: b}}\n",
		"steps:\n  - id: a\n    title: A\n    solution: [../../etc/passwd, /abs, '', .]\n",
		"&a [*a, *a]\n",
		"",
		"\x00\xff",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m := goodLab()
		m["demo/lab.yaml"] = &fstest.MapFile{Data: data}
		m["demo/starter/class.tfvars"] = &fstest.MapFile{Data: []byte("x = 1\n")}
		c, err := Load(m)
		if err != nil {
			for _, line := range strings.Split(strings.TrimPrefix(err.Error(), "load labs: "), "\n") {
				if !strings.HasPrefix(line, "demo/lab.yaml") {
					t.Fatalf("a problem does not name lab.yaml: %q in\n%v", line, err)
				}
			}
			return
		}
		lab, err := c.Lab("demo")
		if err != nil {
			t.Fatalf("accepted, but no lab demo: %v", err)
		}
		if len(lab.Steps) == 0 || lab.Day < 1 || lab.Minutes < 1 || strings.TrimSpace(lab.Title) == "" {
			t.Fatalf("accepted an unusable lab: %+v", lab)
		}
		for _, s := range lab.Steps {
			if s.ID == "" || strings.TrimSpace(s.Title) == "" {
				t.Fatalf("accepted a step without id or title: %+v", s)
			}
			if len(s.Solution) > 0 {
				if _, err := solutionFiles(lab, s.ID); err != nil {
					t.Fatalf("accepted solution files that solve cannot copy: %v", err)
				}
			}
		}
	})
}
