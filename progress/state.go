// Package progress keeps the learner's state on disk: which lessons were
// opened and read, quiz answers, lab runs per target and workspace, check
// results and manual checklist ticks.
//
// The state is one JSON document, progress.json, in the state dir. Several
// awstutor processes may use it at once (the TUI in one terminal, a CLI
// command in another), so every change goes through Store.Update, which
// holds an inter-process lock while it re-reads the file, applies the change
// and replaces the file atomically. Readers never need the lock: they see
// either the old or the new file, never a half-written one. Nothing is ever
// deleted: a damaged file is renamed aside and reported with *CorruptError.
package progress

import (
	"time"

	"awstutor/class"
)

// SchemaVersion is the version of the progress.json document this build
// writes. Files with an older version are migrated on load; files with a
// newer one are refused (and left alone) with ErrNewerSchema.
const SchemaVersion = 1

// State is the whole learner state as stored in progress.json. After Load or
// Update every map is non-nil, so callers may assign into them directly.
type State struct {
	// Schema is the document version; always SchemaVersion after a load.
	Schema int `json:"schema"`
	// Lessons holds reading progress by lesson id.
	Lessons map[string]LessonRecord `json:"lessons"`
	// Quizzes holds the latest quiz attempt by lesson id.
	Quizzes map[string]QuizRecord `json:"quizzes"`
	// Labs holds the last run of each lab, keyed by LabKey(target, lab).
	Labs map[string]LabRun `json:"labs"`
	// Checks holds the last result of each check, keyed by
	// CheckKey(target, lab, check).
	Checks map[string]CheckResult `json:"checks"`
	// Checklist holds the items a learner ticked by hand, by item id.
	Checklist map[string]ManualTick `json:"checklist"`
	// Reminders is what the learner answered to the class clock's
	// reminders (snoozed, kept today and why), so a restart of the
	// classroom does not ask again.
	Reminders class.ReminderState `json:"reminders,omitzero"`
}

// LessonRecord is the reading progress of one lesson.
type LessonRecord struct {
	// OpenedAt is when the lesson was first opened.
	OpenedAt time.Time `json:"opened_at,omitzero"`
	// ReadAt is when the learner marked the lesson read; zero means not
	// marked.
	ReadAt time.Time `json:"read_at,omitzero"`
}

// QuizRecord is the state of one lesson's quiz.
type QuizRecord struct {
	// Answers maps question id to the chosen answer id.
	Answers map[string]string `json:"answers"`
	// Score is the number of correct answers in the latest attempt.
	Score int `json:"score"`
	// Total is the number of questions in the latest attempt.
	Total int `json:"total"`
	// Attempts counts submitted attempts.
	Attempts int `json:"attempts"`
	// PassedAt is when the quiz was first passed; zero means not passed.
	PassedAt time.Time `json:"passed_at,omitzero"`
	// UpdatedAt is when the record last changed.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// LabRun is the last Terraform operation of one lab in one target.
type LabRun struct {
	// Target is the lab target, "sandbox" or "aws".
	Target string `json:"target"`
	// Lab is the lab id, for example "day1-messaging".
	Lab string `json:"lab"`
	// Workspace is the absolute path of the lab's Terraform workspace.
	Workspace string `json:"workspace"`
	// LastOp is the last operation: "plan", "apply" or "destroy".
	LastOp string `json:"last_op"`
	// Result is how LastOp ended: "ok", "failed" or "interrupted".
	Result string `json:"result"`
	// AppliedAt is when resources were last applied; zero when nothing is
	// deployed. Cleanup and the cost meter read it.
	AppliedAt time.Time `json:"applied_at,omitzero"`
	// UpdatedAt is when the record last changed.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	// Resources is the number of resources in the state after LastOp.
	Resources int `json:"resources"`
}

// CheckResult is the latest outcome of one lab check.
type CheckResult struct {
	// Status is the check's outcome as the labs package names it.
	Status string `json:"status"`
	// Message explains the outcome to the learner.
	Message string `json:"message,omitempty"`
	// At is when the check ran.
	At time.Time `json:"at,omitzero"`
}

// ManualTick is a checklist item the learner ticked by hand.
type ManualTick struct {
	// At is when the item was ticked.
	At time.Time `json:"at,omitzero"`
	// Note is an optional remark from the learner.
	Note string `json:"note,omitempty"`
}

// NewState returns an empty state of the current schema with every map
// allocated.
func NewState() State {
	var s State
	s.normalize()
	return s
}

// IsRead reports whether the lesson with the given id is marked read.
func (s State) IsRead(id string) bool {
	return !s.Lessons[id].ReadAt.IsZero()
}

// LabKey is the key of a lab run in State.Labs.
func LabKey(target, lab string) string {
	return target + "/" + lab
}

// CheckKey is the key of a check result in State.Checks.
func CheckKey(target, lab, check string) string {
	return target + "/" + lab + "/" + check
}

// normalize sets the schema and allocates nil maps, so callers never write
// into a nil map whether the state came from disk, from NewState or from an
// update function that replaced a map with nil.
func (s *State) normalize() {
	s.Schema = SchemaVersion
	if s.Lessons == nil {
		s.Lessons = map[string]LessonRecord{}
	}
	if s.Quizzes == nil {
		s.Quizzes = map[string]QuizRecord{}
	}
	for id, q := range s.Quizzes {
		if q.Answers == nil {
			q.Answers = map[string]string{}
			s.Quizzes[id] = q
		}
	}
	if s.Labs == nil {
		s.Labs = map[string]LabRun{}
	}
	if s.Checks == nil {
		s.Checks = map[string]CheckResult{}
	}
	if s.Checklist == nil {
		s.Checklist = map[string]ManualTick{}
	}
}
