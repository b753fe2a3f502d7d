package i18n

import "fmt"

// Keys of the interface strings. The name says where the string is used.
const (
	// Key help.
	HelpUp        Key = "help.up"
	HelpDown      Key = "help.down"
	HelpPageUp    Key = "help.pageup"
	HelpPageDown  Key = "help.pagedown"
	HelpTop       Key = "help.top"
	HelpBottom    Key = "help.bottom"
	HelpOpen      Key = "help.open"
	HelpBack      Key = "help.back"
	HelpQuit      Key = "help.quit"
	HelpHelp      Key = "help.help"
	HelpTOC       Key = "help.toc"
	HelpNext      Key = "help.next"
	HelpPrev      Key = "help.prev"
	HelpMarkRead  Key = "help.markread"
	HelpQuiz      Key = "help.quiz"
	HelpRetry     Key = "help.retry"
	HelpChecklist Key = "help.checklist"
	HelpToggle    Key = "help.toggle"
	HelpTitle     Key = "help.title"
	HelpClose     Key = "help.close"

	// Home screen and class clock.
	WeekTitle    Key = "home.weektitle"
	WeekPages    Key = "home.weekpages"
	DayLabel     Key = "home.daylabel"
	BlockLab     Key = "home.blocklab"
	NowTag       Key = "home.now"
	Minutes      Key = "home.minutes"
	Read         Key = "home.read"
	Unread       Key = "home.unread"
	QuizCount    Key = "home.quizcount"
	Objectives   Key = "home.objectives"
	OpenHint     Key = "home.openhint"
	LabTasks     Key = "home.labtasks"
	Points       Key = "home.points"
	LabID        Key = "home.labid"
	ReadCount    Key = "status.readcount"
	ClockInClass Key = "clock.inclass"
	ClockOutside Key = "clock.outside"
	ClockWeekend Key = "clock.weekend"

	// Lesson reader.
	Rendering   Key = "lesson.rendering"
	TOCTitle    Key = "lesson.toc"
	TOCEmpty    Key = "lesson.tocempty"
	LastLesson  Key = "lesson.last"
	FirstLesson Key = "lesson.first"

	// Quiz.
	QuizTitle      Key = "quiz.title"
	QuizProgress   Key = "quiz.progress"
	QuizRight      Key = "quiz.right"
	QuizWrong      Key = "quiz.wrong"
	QuizYourAnswer Key = "quiz.youranswer"
	QuizScore      Key = "quiz.score"
	QuizPassed     Key = "quiz.passed"
	QuizFailed     Key = "quiz.failed"
	QuizNone       Key = "quiz.none"
	QuizSaved      Key = "quiz.saved"

	// Checklist.
	ChecklistTitle Key = "checklist.title"
	ChecklistCount Key = "checklist.count"
	ProofLesson    Key = "checklist.prooflesson"
	ProofLab       Key = "checklist.prooflab"
	ProofApplied   Key = "checklist.proofapplied"
	ProofManual    Key = "checklist.proofmanual"
	ManualTag      Key = "checklist.manualtag"
	NotManual      Key = "checklist.notmanual"

	// Progress.
	ProgressFailed Key = "progress.failed"

	// Command line.
	CLIUnknownLesson   Key = "cli.unknownlesson"
	CLIColID           Key = "cli.col.id"
	CLIColDay          Key = "cli.col.day"
	CLIColSlot         Key = "cli.col.slot"
	CLIColTitle        Key = "cli.col.title"
	CLIColMinutes      Key = "cli.col.minutes"
	CLIColRead         Key = "cli.col.read"
	CLIColCheck        Key = "cli.col.check"
	CLIColStatus       Key = "cli.col.status"
	CLIColDetail       Key = "cli.col.detail"
	CLIProgressSummary Key = "cli.progress.summary"
	CLIProgressQuiz    Key = "cli.progress.quiz"
	CLIProgressFile    Key = "cli.progress.file"
	CLIDoctorOK        Key = "cli.doctor.ok"
	CLIDoctorMissing   Key = "cli.doctor.missing"
	CLIDoctorAllGood   Key = "cli.doctor.allgood"
	CLIDoctorProblems  Key = "cli.doctor.problems"
)

// Weekday is the key of a course day's weekday name (1 = Monday).
func Weekday(day int) Key { return Key(fmt.Sprintf("weekday.%d", day)) }
