package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"awstutor/i18n"
)

// englishTree returns every command of a tree as the constructors (and
// cobra) build it, in English.
func englishTree(t *testing.T) []*cobra.Command {
	t.Helper()
	return helpCommands(NewRoot(io.Discard, io.Discard))
}

// ownFlags are the flags c defines itself, cobra's -h/--help excepted.
func ownFlags(c *cobra.Command) []*pflag.Flag {
	var fs []*pflag.Flag
	c.LocalFlags().VisitAll(func(f *pflag.Flag) {
		if !isCobraFlag(f) {
			fs = append(fs, f)
		}
	})
	return fs
}

// exampleProse finds the prose beside a command in an example line: it is
// set off by a run of spaces ("awstutor doctor      check terraform...").
var exampleProse = regexp.MustCompile(`\S {2,}\S`)

func TestHelpKoCoverage(t *testing.T) {
	t.Parallel()
	seenCmd, seenFlag := map[string]bool{}, map[string]bool{}
	for _, c := range englishTree(t) {
		path := c.CommandPath()
		seenCmd[path] = true
		ko, ok := helpKo[path]
		if !ok {
			t.Errorf("command %q has no Korean help: add it to helpKo in helpko_text.go", path)
		} else {
			if ko.Short == "" {
				t.Errorf("%s: no Korean Short", path)
			}
			if (ko.Long == "") != (c.Long == "") {
				t.Errorf("%s: English Long is %d bytes, Korean Long %d: give both or neither", path, len(c.Long), len(ko.Long))
			}
			if c.Example == "" && ko.Example != "" {
				t.Errorf("%s: a Korean Example for a command without one", path)
			}
			if exampleProse.MatchString(c.Example) && ko.Example == "" {
				t.Errorf("%s: the English Example explains its commands in prose; give a Korean Example", path)
			}
			if ko.Example != "" {
				// The commands stay as they are: only the prose changes.
				for _, line := range strings.Split(c.Example, "\n") {
					cmdPart := line
					if loc := exampleProse.FindStringIndex(line); loc != nil {
						cmdPart = line[:loc[0]+1]
					}
					if !strings.Contains(ko.Example, cmdPart) {
						t.Errorf("%s: Korean Example lacks the command %q", path, cmdPart)
					}
				}
			}
		}
		for _, f := range ownFlags(c) {
			key := flagKey(c, f)
			seenFlag[key] = true
			if _, ok := flagHelpKo[key]; !ok {
				t.Errorf("flag %q has no Korean usage: add it to flagHelpKo in helpko_text.go", key)
			}
		}
	}
	for path := range helpKo {
		if !seenCmd[path] {
			t.Errorf("helpKo has %q, which is no command any more: remove it", path)
		}
	}
	for key := range flagHelpKo {
		if !seenFlag[key] {
			t.Errorf("flagHelpKo has %q, which is no flag any more: remove it", key)
		}
	}
	t.Logf("%d commands, %d flags (plus -h/--help on every command)", len(seenCmd), len(seenFlag))
}

// keptTokens match what a translation must carry over unchanged: flags,
// environment variables, numbers (exit codes, defaults, dates), file
// names and paths, tags, snake_case names (JSON keys, settings) and
// backquoted commands. JSON shapes are compared separately, whole.
var keptTokens = []*regexp.Regexp{
	regexp.MustCompile(`--[a-z][a-z0-9-]*`),
	regexp.MustCompile(`\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b`),
	regexp.MustCompile(`\b\d+(?:[.:-]\d+)*\b`),
	regexp.MustCompile(`[\w.~/<>-]*\.(?:json|tfstate|tfvars|tf|yaml|fish)\b`),
	regexp.MustCompile(`~/[\w./-]*[\w/]`),
	regexp.MustCompile(`<state[ -]dir>/[\w<>/.-]*[\w/>]`),
	regexp.MustCompile(`\b\w+=\w+`),
	regexp.MustCompile(`\b[a-z]+_[a-z0-9_]+\b`),
	regexp.MustCompile(`\b[a-z]+:[A-Z]\w+`),
	regexp.MustCompile("`[^`]+`"),
	regexp.MustCompile(`\$\d`),
}

// jsonShapes returns each outermost {...} of s with its spaces removed.
func jsonShapes(s string) []string {
	var shapes []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '{':
			if depth == 0 {
				start = i
			}
			depth++
		case '}':
			if depth > 0 {
				depth--
				if depth == 0 {
					shapes = append(shapes, strings.Join(strings.Fields(s[start:i+1]), ""))
				}
			}
		}
	}
	return shapes
}

// checkKept reports what of en the Korean ko lost.
func checkKept(t *testing.T, what, en, ko string) {
	t.Helper()
	for _, re := range keptTokens {
		for _, tok := range re.FindAllString(en, -1) {
			if !strings.Contains(ko, tok) {
				t.Errorf("%s: Korean lacks %q\n  en: %s\n  ko: %s", what, tok, en, ko)
			}
		}
	}
	// Nor may it speak of flags the English does not.
	for _, tok := range keptTokens[0].FindAllString(ko, -1) {
		if !strings.Contains(en, tok) {
			t.Errorf("%s: Korean has %q, which the English does not\n  en: %s\n  ko: %s", what, tok, en, ko)
		}
	}
	koShapes := strings.Join(jsonShapes(ko), "\n")
	for _, shape := range jsonShapes(en) {
		if !strings.Contains(koShapes, shape) {
			t.Errorf("%s: Korean lacks the JSON shape %s", what, shape)
		}
	}
}

func TestHelpKoKeepsFlagsCodesAndFields(t *testing.T) {
	t.Parallel()
	for _, c := range englishTree(t) {
		path := c.CommandPath()
		ko, ok := helpKo[path]
		if !ok {
			continue // TestHelpKoCoverage says so.
		}
		checkKept(t, path+" Short", c.Short, ko.Short)
		checkKept(t, path+" Long", c.Long, ko.Long)
		if ko.Example != "" {
			checkKept(t, path+" Example", c.Example, ko.Example)
		}
		for _, f := range ownFlags(c) {
			if u, ok := flagHelpKo[flagKey(c, f)]; ok {
				checkKept(t, flagKey(c, f), f.Usage, u)
				// pflag shows the first `quoted` word as the value's name.
				enName, _ := pflag.UnquoteUsage(f)
				koFlag := *f
				koFlag.Usage = u
				if koName, _ := pflag.UnquoteUsage(&koFlag); koName != enName {
					t.Errorf("%s: value name %q in Korean, %q in English", flagKey(c, f), koName, enName)
				}
			}
		}
	}
}

func hasHangul(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) >= 0
}

func TestHelpKoIsKoreanAndFitsEightyColumns(t *testing.T) {
	t.Parallel()
	for _, c := range englishTree(t) {
		path := c.CommandPath()
		ko := helpKo[path]
		if ko.Short != "" && !hasHangul(ko.Short) {
			t.Errorf("%s: Short is not Korean: %q", path, ko.Short)
		}
		if strings.Contains(ko.Short, "\n") {
			t.Errorf("%s: Short spans lines", path)
		}
		if ko.Long != "" && !hasHangul(ko.Long) {
			t.Errorf("%s: Long is not Korean", path)
		}
		// Lines copied from the English (long commands) are as they were.
		enLines := strings.Split(c.Long+"\n"+c.Example, "\n")
		for _, line := range strings.Split(ko.Long+"\n"+ko.Example, "\n") {
			if w := xansi.StringWidth(strings.ReplaceAll(line, "\t", "        ")); w > 80 && !slices.Contains(enLines, line) {
				t.Errorf("%s: line of %d columns, wrap it under 80:\n%s", path, w, line)
			}
		}
	}
	for key, u := range flagHelpKo {
		if !hasHangul(u) {
			t.Errorf("%s: usage is not Korean: %q", key, u)
		}
	}
}

func TestHelpLang(t *testing.T) {
	dir := t.TempDir()
	cfgEn := filepath.Join(dir, "en.yaml")
	cfgKo := filepath.Join(dir, "ko.yaml")
	cfgBad := filepath.Join(dir, "bad.yaml")
	for name, body := range map[string]string{cfgEn: "lang: en\n", cfgKo: "lang: ko\n", cfgBad: "lang: [en\n\t: ::\n"} {
		if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	none := filepath.Join(dir, "none.yaml")
	tests := []struct {
		name string
		cfg  string
		args []string
		want i18n.Lang
	}{
		{"default", none, []string{"--help"}, i18n.Korean},
		{"flag", cfgKo, []string{"--lang", "en", "--help"}, i18n.English},
		{"flag with =", cfgKo, []string{"--lang=en", "cost", "--help"}, i18n.English},
		{"flag after the command", cfgKo, []string{"lab", "up", "--help", "--lang", "en"}, i18n.English},
		{"last flag wins", none, []string{"--lang", "en", "--lang=ko", "--help"}, i18n.Korean},
		{"config", cfgEn, []string{"--help"}, i18n.English},
		{"flag over config", cfgEn, []string{"--lang", "ko", "--help"}, i18n.Korean},
		{"empty flag over config", cfgEn, []string{"--lang=", "--help"}, i18n.Korean},
		{"unknown language over config", cfgEn, []string{"--lang", "fr", "--help"}, i18n.Korean},
		{"broken config", cfgBad, []string{"--help"}, i18n.Korean},
		{"broken config, flag", cfgBad, []string{"--lang", "en", "--help"}, i18n.English},
		{"after --", none, []string{"lesson", "show", "--", "--lang", "en"}, i18n.Korean},
		{"no value", none, []string{"--help", "--lang"}, i18n.Korean},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AWSTUTOR_CONFIG", tt.cfg)
			if got := helpLang(tt.args); got != tt.want {
				t.Errorf("helpLang(%q) with config %s = %s, want %s", tt.args, filepath.Base(tt.cfg), got, tt.want)
			}
		})
	}
}

// englishHelp is the help cobra prints for args from a tree nobody
// localised: what awstutor printed before Korean help existed.
func englishHelp(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	root := NewRoot(&out, &out)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	return out.String()
}

// flagNames are the names of every flag c's help lists.
func flagNames(c *cobra.Command) []string {
	var names []string
	c.InitDefaultHelpFlag()
	c.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, "--"+f.Name) })
	c.InheritedFlags().VisitAll(func(f *pflag.Flag) { names = append(names, "--"+f.Name) })
	return names
}

// findCommand returns the command at path ("lab up") of a fresh tree.
func findCommand(t *testing.T, path string) *cobra.Command {
	t.Helper()
	root := NewRoot(io.Discard, io.Discard)
	helpCommands(root)
	c, _, err := root.Find(strings.Fields(path))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestHelpKoreanByDefault(t *testing.T) {
	isolate(t)
	englishHeadings := []string{"Usage:", "Available Commands:", "Flags:", "Global Flags:", "Examples:", "for more information"}
	tests := []struct {
		args     []string
		path     string
		headings []string
	}{
		{[]string{"--help"}, "", []string{"사용법:", "예시:", "명령:", "플래그:", "명령마다 자세한 설명은 \"awstutor [command] --help\" 로 볼 수 있습니다."}},
		{[]string{"lab", "--help"}, "lab", []string{"사용법:", "예시:", "명령:", "플래그:", "전역 플래그:"}},
		{[]string{"lab", "up", "--help"}, "lab up", []string{"사용법:", "플래그:", "전역 플래그:"}},
		{[]string{"cost", "estimate", "-h"}, "cost estimate", []string{"사용법:", "예시:", "플래그:", "전역 플래그:"}},
		{[]string{"help", "pricing", "update"}, "pricing update", []string{"사용법:", "예시:", "전역 플래그:"}},
		{[]string{"sandbox"}, "sandbox", []string{"사용법:", "명령:"}},
		{[]string{"completion", "zsh", "--help"}, "completion zsh", []string{"사용법:", "플래그:"}},
	}
	for _, tt := range tests {
		code, out, errs := runCLI(t, tt.args...)
		if code != 0 {
			t.Errorf("%q: exit %d: %s", tt.args, code, errs)
			continue
		}
		for _, h := range tt.headings {
			if !strings.Contains(out, h) {
				t.Errorf("%q: no %q in\n%s", tt.args, h, out)
			}
		}
		for _, h := range englishHeadings {
			if strings.Contains(out, h) {
				t.Errorf("%q: English %q in\n%s", tt.args, h, out)
			}
		}
		c := findCommand(t, tt.path)
		ko := helpKo[c.CommandPath()]
		text := ko.Long
		if text == "" {
			text = ko.Short
		}
		if !strings.Contains(out, strings.TrimSpace(text)) {
			t.Errorf("%q: the Korean text of %s is not in\n%s", tt.args, c.CommandPath(), out)
		}
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() && !strings.Contains(out, helpKo[sub.CommandPath()].Short) {
				t.Errorf("%q: no Korean Short of %s in\n%s", tt.args, sub.CommandPath(), out)
			}
		}
		for _, name := range flagNames(c) {
			if !strings.Contains(out, name+" ") && !strings.HasSuffix(out, name) {
				t.Errorf("%q: flag %s not listed in\n%s", tt.args, name, out)
			}
		}
		if !strings.Contains(out, helpFlagKo) {
			t.Errorf("%q: -h/--help is not described in Korean", tt.args)
		}
	}
}

func TestHelpKoreanFlagsAndDefaults(t *testing.T) {
	isolate(t)
	code, out, errs := runCLI(t, "lab", "up", "--help")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		flagHelpKo["awstutor lab up --yes"],
		flagHelpKo["awstutor lab up --account"],
		flagHelpKo["awstutor lab --terraform"],
		`--region string        실습과 가격에 쓰는 AWS 리전 (기본값 "ap-northeast-2")`,
		`(기본값 "sandbox")`,
		`(기본값 "ko")`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "(default") {
		t.Errorf("pflag's English default left in\n%s", out)
	}
	_, out, _ = runCLI(t, "cost", "estimate", "--help")
	if !strings.Contains(out, "--plan terraform show -json PLANFILE") {
		t.Errorf("--plan lost its value name in\n%s", out)
	}
}

func TestHelpEnglishAsBefore(t *testing.T) {
	isolate(t)
	tests := []struct {
		args []string // with --lang en
		help []string // the same help asked for without it
	}{
		{[]string{"--lang", "en", "--help"}, []string{"--help"}},
		{[]string{"lab", "up", "--help", "--lang", "en"}, []string{"lab", "up", "--help"}},
		{[]string{"--lang=en", "cost", "--help"}, []string{"cost", "--help"}},
		{[]string{"--lang=en", "cost", "estimate", "--help"}, []string{"cost", "estimate", "--help"}},
		{[]string{"--lang", "en", "help", "pricing", "update"}, []string{"help", "pricing", "update"}},
		{[]string{"--lang", "en", "completion", "bash", "--help"}, []string{"completion", "bash", "--help"}},
	}
	for _, tt := range tests {
		code, out, errs := runCLI(t, tt.args...)
		if code != 0 {
			t.Errorf("%q: exit %d: %s", tt.args, code, errs)
			continue
		}
		if want := englishHelp(t, tt.help...); out != want {
			t.Errorf("%q: help differs from the English one\n--- got\n%s\n--- want\n%s", tt.args, out, want)
		}
		if hasHangul(out) {
			t.Errorf("%q: Korean in the English help\n%s", tt.args, out)
		}
	}
	// lang: en in the config file does the same without the flag.
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("lang: en\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWSTUTOR_CONFIG", cfg)
	if _, out, _ := runCLI(t, "lab", "--help"); out != englishHelp(t, "lab", "--help") {
		t.Errorf("lang: en in the config file: help is not the English one\n%s", out)
	}
	if _, out, _ := runCLI(t, "lab", "--help", "--lang", "ko"); !strings.Contains(out, helpKo["awstutor lab up"].Short) {
		t.Errorf("--lang ko over lang: en in the config file: help is not Korean\n%s", out)
	}
}

func TestHelpKoreanWithBrokenConfig(t *testing.T) {
	dir := isolate(t)
	cfg := filepath.Join(dir, "config.yaml")
	for _, body := range []string{"lang: [en\n\t: ::\n", "lang: fr\n", "colour: blue\n", "\x00\xff\xfe"} {
		if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errs := runCLI(t, "--help")
		if code != 0 || !strings.Contains(out, "사용법:") || !strings.Contains(out, strings.TrimSpace(helpKo["awstutor"].Long)) {
			t.Errorf("config %q: exit %d, help not Korean:\n%s%s", body, code, out, errs)
		}
		// A command that runs still reports the broken file.
		if code, _, errs := runCLI(t, "lesson", "list"); code == 0 || !strings.Contains(errs, cfg) {
			t.Errorf("config %q: lesson list exit %d, stderr %q: want the broken file reported", body, code, errs)
		}
	}
	// A directory where the file should be cannot be read at all.
	if err := os.Remove(cfg); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(cfg, 0o700); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCLI(t, "lab", "up", "--help"); code != 0 || !strings.Contains(out, "전역 플래그:") {
		t.Errorf("config is a directory: exit %d, help not Korean:\n%s%s", code, out, errs)
	}
}

// BenchmarkHelpLocalize measures what Korean help adds to every run
// (status --short runs before each shell prompt): the pre-scan with its
// config read, and the walk over the tree.
func BenchmarkHelpLocalize(b *testing.B) {
	dir := b.TempDir()
	b.Setenv("AWSTUTOR_CONFIG", filepath.Join(dir, "config.yaml"))
	args := []string{"status", "--short"}
	b.ReportAllocs()
	for b.Loop() {
		root := NewRoot(io.Discard, io.Discard)
		localizeHelp(root, helpLang(args))
	}
}

// BenchmarkHelpNewRoot is the same without localising, for comparison.
func BenchmarkHelpNewRoot(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NewRoot(io.Discard, io.Discard)
	}
}
