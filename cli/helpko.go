package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"awstutor/config"
	"awstutor/i18n"
)

// The help texts (Short, Long, Example, flag usages) are written in English
// in the command constructors, which stay their source of truth. Learners
// read Korean by default, so once the tree is built localizeHelp replaces
// them, in one place, with the Korean texts of helpko_text.go, looked up by
// command path ("awstutor lab up") and by "<command path> --<flag>".
//
// The language has to be known before cobra prints help: --help and a bare
// command group never reach PersistentPreRunE, where Options.resolve reads
// --lang and the config file. helpLang therefore pre-scans the arguments
// and the config file with the same precedence as resolve.

// helpText is the Korean help of one command. An empty Example keeps the
// English one: examples are commands, translated only where they carry
// prose beside the commands.
type helpText struct {
	Short   string
	Long    string
	Example string
}

// helpFlagKo is the usage of cobra's own -h/--help flag, which every
// command gets and whose English text ("help for up") cobra generates.
const helpFlagKo = "이 명령의 도움말을 보여 줍니다"

// koFlagUsagesFunc is the name of the usage template's function that
// renders a flag set in Korean (see koFlagUsages).
const koFlagUsagesFunc = "awstutorKoFlagUsages"

func init() {
	// Template functions are global in cobra; registering ours once, before
	// any command runs, keeps concurrent Execute calls (tests) race-free.
	cobra.AddTemplateFunc(koFlagUsagesFunc, koFlagUsages)
}

// helpLang returns the language help is printed in, decided the way
// Options.resolve decides the interface language: --lang on the command
// line (the last one wins, as pflag does), else lang in the config file,
// else Korean. It never fails: an unknown language, or a config file that
// cannot be read or parsed, gives Korean, and the normal path still
// reports those errors when a command runs.
func helpLang(args []string) i18n.Lang {
	lang, given := "", false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			i = len(args) // Everything after "--" is an argument.
		case a == "--lang" && i+1 < len(args):
			lang, given = args[i+1], true
			i++
		case strings.HasPrefix(a, "--lang="):
			lang, given = strings.TrimPrefix(a, "--lang="), true
		}
	}
	if !given {
		if path, err := config.Path(); err == nil {
			if cfg, err := config.Load(path); err == nil {
				lang = cfg.Lang
			}
		}
	}
	if i18n.Lang(lang) == i18n.English {
		return i18n.English
	}
	return i18n.Korean
}

// localizeHelp puts the Korean help texts into root's whole tree when lang
// is Korean; for English it leaves the tree exactly as the constructors
// built it. Commands or flags without a Korean text keep their English one
// (helpko_test.go fails on any).
func localizeHelp(root *cobra.Command, lang i18n.Lang) {
	if lang != i18n.Korean {
		return
	}
	for _, c := range helpCommands(root) {
		if t, ok := helpKo[c.CommandPath()]; ok {
			c.Short, c.Long = t.Short, t.Long
			if t.Example != "" {
				c.Example = t.Example
			}
		}
		// The flags c defines itself. Flags() and PersistentFlags() are
		// read, not LocalFlags(), which would merge every parent's
		// persistent flags into every command: most of the cost of a run
		// as short as status --short. Inherited flags are the same
		// *pflag.Flag as their parent's, so they are localised there.
		localize := func(f *pflag.Flag) {
			if u, ok := flagHelpKo[flagKey(c, f)]; ok {
				f.Usage = u
			}
		}
		c.Flags().VisitAll(localize)
		c.PersistentFlags().VisitAll(localize)
	}
	root.SetUsageTemplate(usageTemplateKo)
}

// helpCommands completes the tree the way cobra does when it executes (the
// help command and the completion command), so that those can be
// localised too, and returns every command, root first. Cobra keeps what
// already exists when it executes. The -h/--help flag, which cobra adds
// to a command only when that command runs, is localised where it is
// printed, by koFlagUsages.
func helpCommands(root *cobra.Command) []*cobra.Command {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var all []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		all = append(all, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return all
}

// isCobraFlag reports whether cobra made f (its -h/--help or --version).
func isCobraFlag(f *pflag.Flag) bool {
	_, ok := f.Annotations[cobra.FlagSetByCobraAnnotation]
	return ok
}

// flagKey is the key of a flag's Korean usage: the path of the command that
// defines it, then the flag ("awstutor lab up --yes").
func flagKey(c *cobra.Command, f *pflag.Flag) string {
	return c.CommandPath() + " --" + f.Name
}

// koFlagUsages is pflag's FlagUsages for the Korean usage template, with
// cobra's -h/--help described in Korean and pflag's " (default x)" suffix
// in Korean. Only a suffix that ends the line is pflag's; the flag texts
// themselves say "기본값" already.
func koFlagUsages(fs *pflag.FlagSet) string {
	if f := fs.Lookup("help"); f != nil && isCobraFlag(f) {
		f.Usage = helpFlagKo
	}
	lines := strings.Split(fs.FlagUsages(), "\n")
	for i, line := range lines {
		if j := strings.LastIndex(line, " (default "); j >= 0 && strings.HasSuffix(line, ")") {
			lines[i] = line[:j] + " (기본값 " + line[j+len(" (default "):]
		}
	}
	return strings.Join(lines, "\n")
}

// usageTemplateKo is cobra's default usage template (v1.10) with Korean
// headings. Command and flag names, and the syntax of the usage lines
// ("[flags]", "[command]"), stay as they are typed.
const usageTemplateKo = `사용법:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

별칭:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

예시:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}{{$cmds := .Commands}}{{if eq (len .Groups) 0}}

명령:{{range $cmds}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{else}}{{range $group := .Groups}}

{{.Title}}{{range $cmds}}{{if (and (eq .GroupID $group.ID) (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if not .AllChildCommandsHaveGroup}}

그 밖의 명령:{{range $cmds}}{{if (and (eq .GroupID "") (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

플래그:
{{` + koFlagUsagesFunc + ` .LocalFlags | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

전역 플래그:
{{` + koFlagUsagesFunc + ` .InheritedFlags | trimTrailingWhitespaces}}{{end}}{{if .HasHelpSubCommands}}

추가 도움말 주제:{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .CommandPath .CommandPathPadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

명령마다 자세한 설명은 "{{.CommandPath}} [command] --help" 로 볼 수 있습니다.{{end}}
`
