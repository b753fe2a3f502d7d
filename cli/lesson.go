package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"awstutor/i18n"
	"awstutor/lessons"
	"awstutor/tui"
)

func newLessonCmd(o *Options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lesson",
		Short: "List and read the course's lessons",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newLessonListCmd(o), newLessonShowCmd(o))
	return cmd
}

// loadCatalog returns the embedded lessons, or those in --lessons-dir.
func (o *Options) loadCatalog() (*lessons.Catalog, error) {
	if o.LessonsDir != "" {
		if st, err := os.Stat(o.LessonsDir); err != nil || !st.IsDir() {
			return nil, usageError("--lessons-dir %s is not a directory", o.LessonsDir)
		}
		return lessons.Load(os.DirFS(o.LessonsDir))
	}
	return lessons.Load(lessons.Embedded())
}

type lessonJSON struct {
	ID      string       `json:"id"`
	Day     int          `json:"day"`
	Slot    lessons.Slot `json:"slot"`
	Title   string       `json:"title"`
	Minutes int          `json:"minutes"`
}

func newLessonListCmd(o *Options) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List every lesson in reading order",
		Long: `List every lesson in reading order: the week overview, each day's three
sessions, then the week's extra pages. --json prints an array of
{id, day, slot, title, minutes}.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			cat, err := o.loadCatalog()
			if err != nil {
				return err
			}
			ls := cat.Lessons()
			if o.JSON {
				out := make([]lessonJSON, len(ls))
				for i, l := range ls {
					out[i] = lessonJSON{l.ID, l.Day, l.Slot, l.Title, l.Minutes}
				}
				return writeJSON(o.stdout, out)
			}
			p := o.printer
			t := &table{}
			t.add(p.T(i18n.CLIColID), p.T(i18n.CLIColDay), p.T(i18n.CLIColSlot), p.T(i18n.CLIColMinutes), p.T(i18n.CLIColTitle))
			for _, l := range ls {
				day := "-"
				if l.Day > 0 {
					day = fmt.Sprint(l.Day)
				}
				t.add(l.ID, day, string(l.Slot), fmt.Sprint(l.Minutes), l.Title)
			}
			return t.write(o.stdout)
		},
	}
}

func newLessonShowCmd(o *Options) *cobra.Command {
	var width int
	cmd := &cobra.Command{
		Use:   "show <id>",
		Short: "Print a lesson rendered for the terminal",
		Long: `Print a lesson rendered for the terminal. Without --width it fits the
terminal (80 columns when the output is not a terminal). Colours are used
only on a terminal and never with NO_COLOR or --no-color.`,
		Example: "  awstutor lesson show d1-s1 --width 80\n  awstutor lesson show d1-s1 | less -R",
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			cat, err := o.loadCatalog()
			if err != nil {
				return err
			}
			l, ok := cat.Lesson(args[0])
			if !ok {
				return usageError("%s", o.printer.T(i18n.CLIUnknownLesson, args[0], strings.Join(cat.IDs(), ", ")))
			}
			tty := isTerminal(o.stdout)
			if width <= 0 {
				width = 80
				if f, ok := o.stdout.(*os.File); ok && tty {
					if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
						width = min(w, 120)
					}
				}
			}
			styles := tui.NewStyles(true, o.NoColor || !tty)
			out, err := tui.RenderMarkdown(tui.LessonMarkdown(l), width, styles.Glamour)
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(o.stdout, out)
			return err
		},
	}
	cmd.Flags().IntVar(&width, "width", 0, "wrap at this many columns (default: the terminal's width)")
	return cmd
}

// isTerminal reports whether w is a terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
