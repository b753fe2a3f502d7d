package i18n

// Keys of the notes `awstutor cleanup` adds to its ending about a lab it
// destroyed in unusual circumstances. They live in their own file, added
// to both catalogues by init, beside the shared keys.go, ko.go and en.go.
const (
	// CLICleanupTookOver: lab, the operation (apply or destroy) the killed
	// run was doing. Said after cleanup destroyed a lab whose workspace a
	// killed run had left locked, which lab status calls interrupted.
	CLICleanupTookOver Key = "cli.cleanup.tookover"
)

func init() {
	en[CLICleanupTookOver] = "the last %[2]s of lab %[1]s was interrupted (its process stopped without finishing); cleanup took over the workspace and finished it by destroying the lab"
	ko[CLICleanupTookOver] = "실습 %[1]s의 지난 %[2]s 실행이 중단되었습니다(프로세스가 끝맺지 못하고 멈췄습니다). cleanup이 워크스페이스를 넘겨받아 실습을 destroy해서 마무리했습니다"
}
