package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"awstutor/i18n"
	"awstutor/progress"
)

// openProgress opens the store and loads the state. A corrupt file has been
// moved aside by the store: the learner is told in one sentence on stderr
// and the command carries on with the fresh state.
func (o *Options) openProgress(cmd *cobra.Command) (*progress.Store, progress.State, error) {
	store, err := progress.Open(o.StateDir)
	if err != nil {
		return nil, progress.State{}, err
	}
	st, err := store.Load(cmd.Context())
	var corrupt *progress.CorruptError
	if errors.As(err, &corrupt) {
		fmt.Fprintf(o.stderr, "awstutor: %s\n", corrupt)
		err = nil
	}
	return store, st, err
}

type progressLessonJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Read      bool       `json:"read"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
	QuizScore *int       `json:"quiz_score,omitempty"`
	QuizTotal *int       `json:"quiz_total,omitempty"`
	QuizPass  bool       `json:"quiz_passed"`
}

type progressJSON struct {
	File          string               `json:"file"`
	LessonsRead   int                  `json:"lessons_read"`
	LessonsTotal  int                  `json:"lessons_total"`
	QuizzesPassed int                  `json:"quizzes_passed"`
	Lessons       []progressLessonJSON `json:"lessons"`
	Labs          []progress.LabRun    `json:"labs"`
}

func newProgressCmd(o *Options) *cobra.Command {
	return &cobra.Command{
		Use:   "progress",
		Short: "Show what you have read and passed so far",
		Long: `Show the learner's progress: each lesson read or not, quiz scores, and the
labs run. The state lives in progress.json under the state dir.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := o.loadCatalog()
			if err != nil {
				return err
			}
			store, st, err := o.openProgress(cmd)
			if err != nil {
				return err
			}
			out := progressJSON{File: store.Path(), Lessons: []progressLessonJSON{}, Labs: []progress.LabRun{}}
			for _, l := range cat.Lessons() {
				e := progressLessonJSON{ID: l.ID, Title: l.Title}
				if rec, ok := st.Lessons[l.ID]; ok && !rec.ReadAt.IsZero() {
					at := rec.ReadAt
					e.Read, e.ReadAt = true, &at
					out.LessonsRead++
				}
				if q, ok := st.Quizzes[l.ID]; ok && q.Attempts > 0 {
					score, total := q.Score, q.Total
					e.QuizScore, e.QuizTotal, e.QuizPass = &score, &total, !q.PassedAt.IsZero()
					if e.QuizPass {
						out.QuizzesPassed++
					}
				}
				out.LessonsTotal++
				out.Lessons = append(out.Lessons, e)
			}
			for _, run := range st.Labs {
				out.Labs = append(out.Labs, run)
			}
			if o.JSON {
				return writeJSON(o.stdout, out)
			}
			p := o.printer
			t := &table{}
			t.add(p.T(i18n.CLIColID), p.T(i18n.CLIColRead), p.T(i18n.CLIColTitle))
			for _, e := range out.Lessons {
				mark := "·"
				if e.Read {
					mark = "✓"
				}
				title := e.Title
				if e.QuizScore != nil {
					title += "  (" + p.T(i18n.CLIProgressQuiz, *e.QuizScore, *e.QuizTotal) + ")"
				}
				t.add(e.ID, mark, title)
			}
			if err := t.write(o.stdout); err != nil {
				return err
			}
			_, err = fmt.Fprintf(o.stdout, "\n%s\n%s\n", p.T(i18n.CLIProgressSummary, out.LessonsRead, out.LessonsTotal, out.QuizzesPassed),
				p.T(i18n.CLIProgressFile, filepath.Clean(store.Path())))
			return err
		},
	}
}
