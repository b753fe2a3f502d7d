package i18n

// Keys of the sentences that explain a fault (a save that failed, an
// emulator that died, a lab verified before it was deployed) in one line,
// shared by the command line and the classroom. They are added to both
// catalogues here, beside the rest, so the catalogue test covers them.
const (
	// FaultLabNotRecorded: lab, progress file, reason.
	FaultLabNotRecorded Key = "fault.lab.notrecorded"
	// FaultLabDestroyNotRecorded: lab, progress file, reason.
	FaultLabDestroyNotRecorded Key = "fault.lab.destroynotrecorded"
	// FaultSandboxStopped: endpoint, operation, lab, command to run again.
	FaultSandboxStopped Key = "fault.sandbox.stopped"
	// FaultNothingAppliedSandbox: lab, lab.
	FaultNothingAppliedSandbox Key = "fault.verify.nothingapplied.sandbox"
	// FaultNothingAppliedAWS: lab, lab.
	FaultNothingAppliedAWS Key = "fault.verify.nothingapplied.aws"
)

func init() {
	for k, v := range map[Key]string{
		FaultLabNotRecorded:        "lab %s is applied, but awstutor could not record it in %s: %s; status and cleanup still find it from the workspace",
		FaultLabDestroyNotRecorded: "lab %s is destroyed, but awstutor could not record it in %s: %s; status and cleanup still see from the workspace that nothing is left",
		FaultSandboxStopped:        "the sandbox at %s stopped answering during the %s of lab %s: start it again with `awstutor sandbox start`, then run `awstutor %s` again; what was already created is kept in the lab's state",
		FaultNothingAppliedSandbox: "lab %s has nothing applied in the sandbox: run awstutor lab up %s first",
		FaultNothingAppliedAWS:     "lab %s has nothing applied in AWS: run awstutor --target aws lab up %s first",
	} {
		en[k] = v
	}
	for k, v := range map[Key]string{
		FaultLabNotRecorded:        "실습 %s은(는) apply되었지만 awstutor가 %s에 기록하지 못했습니다: %s. status와 cleanup은 워크스페이스에서 그대로 찾아냅니다",
		FaultLabDestroyNotRecorded: "실습 %s은(는) destroy되었지만 awstutor가 %s에 기록하지 못했습니다: %s. status와 cleanup은 워크스페이스를 보고 남은 것이 없음을 압니다",
		FaultSandboxStopped:        "%[1]s의 샌드박스가 실습 %[3]s의 %[2]s 도중 응답을 멈췄습니다: `awstutor sandbox start`로 다시 시작한 뒤 `awstutor %[4]s`를 다시 실행하세요. 이미 만든 것은 실습의 상태에 남아 있습니다",
		FaultNothingAppliedSandbox: "실습 %[1]s은(는) 샌드박스에 apply된 것이 없습니다: 먼저 awstutor lab up %[2]s를 실행하세요",
		FaultNothingAppliedAWS:     "실습 %[1]s은(는) AWS에 apply된 것이 없습니다: 먼저 awstutor --target aws lab up %[2]s를 실행하세요",
	} {
		ko[k] = v
	}
}
