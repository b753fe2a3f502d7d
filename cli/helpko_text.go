package cli

// The Korean help texts. The English texts in the command constructors are
// the source of truth: a change there is made here too, with the same
// flags, defaults, exit codes, JSON fields, paths and commands (the
// coverage test in helpko_test.go checks that every command and flag has a
// text here, and that these tokens match). Long texts are wrapped at about
// 38 Hangul syllables, so that lines stay under 80 columns.

// helpKo holds the Korean help of every command, by command path.
var helpKo = map[string]helpText{
	"awstutor": {
		Short: "AWS 실무 서비스와 Terraform 기초를 배우는 터미널 교실",
		Long: `awstutor는 5일 과정 "AWS 실무 서비스 + Terraform 기초"를 터미널에서
가르칩니다. 세션마다 레슨을 읽고, 그날의 실습을 무료 로컬
샌드박스(moto)나 내 AWS 계정에서 Terraform으로 실행하고, 제대로
동작하는지 검증하고, 비용을 확인한 뒤, 하루가 끝나면 모두 정리합니다.

명령 없이 실행하면 교실이 열립니다. 레슨 내용은 한국어이고, 화면은
기본으로 한국어, --lang en 을 주면 영어로 나옵니다.`,
		Example: `  awstutor                      교실(TUI)을 엽니다
  awstutor lesson list          레슨 목록을 봅니다
  awstutor lesson show d1-s1    Day 1, Session 1 을 터미널에 출력합니다
  awstutor doctor               terraform, moto, 상태 디렉터리를 점검합니다`,
	},
	"awstutor cleanup": {
		Short: "모든 실습의 리소스를 destroy 한 뒤, Project=awstutor 태그가 남은 것을 sweep 합니다",
		Long: `대상에 실습이 남겨 둔 것을 모두 지웁니다. 세 단계로 진행합니다:

  1. Terraform 상태 파일에 리소스가 있는 실습 작업 공간을 모두
     lab down 처럼 Terraform으로 destroy 합니다 (리소스마다 한 줄).
     실습마다 묻지 않습니다.
  2. 대상에 아직 Project=awstutor 태그가 붙어 있는 것을 모두 의존
     순서대로 sweep 합니다. 이 태그가 없는 리소스는 절대 건드리지
     않습니다.
  3. 작업 공간과 대상을 다시 조회해서, destroy 한 것, sweep 한 것,
     아직 남은 것, 그리고 오늘의 예상 비용을 알려 줍니다.

sandbox 대상에서는 묻지 않고 삭제합니다: 에뮬레이터는 무료이고 로컬에
있습니다. 샌드박스가 실행 중이 아니면 (그리고 --endpoint 도 없으면)
moto는 state를 메모리에만 두므로 남은 것이 없고, sweep 할 것도
없습니다.

--target aws 에서는 --dry-run 이 기본입니다: 삭제하려면 --yes 가
필요하고, 설정 파일에서 아직 확인하지 않은 계정이면 --account 도
필요합니다. 차단 목록(blocklist)에 있는 계정은 거부합니다. cleanup은
아무것도 묻지 않으므로 cron 에서 실행할 수 있습니다.

--dry-run 은 destroy 할 것(실습마다, 그 상태 파일 기준)과 sweep 할
것(태그 조회 기준)을 보여 주기만 하고, 아무것도 삭제하지 않습니다.

종료 코드: 남은 것이 없으면 0. 리소스가 남아 있으면 4 (남은 것의
이름을 보여 줌): dry run 뒤에는 삭제할 것이 있었다면 언제나 4입니다.
중단되면 130 (Ctrl-C 는 Terraform을 정상 종료시킵니다. 마치려면
cleanup을 다시 실행하세요). 대상을 조회하지 못해 무엇이 남았는지
모르면 1.

--json 은 {target, dry_run, cancelled, destroyed[{lab, resources}],
swept[{type, id, lab}], failed[{lab, type, id, error}],
remaining[{type, id, lab}], workspaces_remaining[{lab, resources,
addresses}], today_cost{target, region, simulated, estimate,
unavailable, complete, price_date}, notes} 를 출력하고, 진행 줄은
stderr 로 씁니다.`,
	},
	"awstutor completion": {
		Short: "지정한 셸의 자동 완성 스크립트를 만듭니다",
		Long: `지정한 셸에서 쓸 awstutor 자동 완성 스크립트를 만듭니다.
만든 스크립트를 쓰는 방법은 각 하위 명령의 도움말을 보세요.
`,
	},
	"awstutor completion bash": {
		Short: "bash 용 자동 완성 스크립트를 만듭니다",
		Long: `bash 셸용 자동 완성 스크립트를 만듭니다.

이 스크립트는 'bash-completion' 패키지가 있어야 동작합니다.
아직 설치하지 않았다면 OS의 패키지 관리자로 설치할 수 있습니다.

지금 셸 세션에서 자동 완성을 쓰려면:

	source <(awstutor completion bash)

새 세션마다 자동 완성을 쓰려면 다음을 한 번 실행하세요:

#### Linux:

	awstutor completion bash > /etc/bash_completion.d/awstutor

#### macOS:

	awstutor completion bash > $(brew --prefix)/etc/bash_completion.d/awstutor

설정이 적용되려면 새 셸을 시작해야 합니다.
`,
	},
	"awstutor completion fish": {
		Short: "fish 용 자동 완성 스크립트를 만듭니다",
		Long: `fish 셸용 자동 완성 스크립트를 만듭니다.

지금 셸 세션에서 자동 완성을 쓰려면:

	awstutor completion fish | source

새 세션마다 자동 완성을 쓰려면 다음을 한 번 실행하세요:

	awstutor completion fish > ~/.config/fish/completions/awstutor.fish

설정이 적용되려면 새 셸을 시작해야 합니다.
`,
	},
	"awstutor completion powershell": {
		Short: "powershell 용 자동 완성 스크립트를 만듭니다",
		Long: `powershell 용 자동 완성 스크립트를 만듭니다.

지금 셸 세션에서 자동 완성을 쓰려면:

	awstutor completion powershell | Out-String | Invoke-Expression

새 세션마다 자동 완성을 쓰려면, 위 명령의 출력을 powershell 프로필에
추가하세요.
`,
	},
	"awstutor completion zsh": {
		Short: "zsh 용 자동 완성 스크립트를 만듭니다",
		Long: `zsh 셸용 자동 완성 스크립트를 만듭니다.

셸 자동 완성이 아직 켜져 있지 않은 환경이라면 먼저 켜야 합니다.
다음을 한 번 실행하면 됩니다:

	echo "autoload -U compinit; compinit" >> ~/.zshrc

지금 셸 세션에서 자동 완성을 쓰려면:

	source <(awstutor completion zsh)

새 세션마다 자동 완성을 쓰려면 다음을 한 번 실행하세요:

#### Linux:

	awstutor completion zsh > "${fpath[1]}/_awstutor"

#### macOS:

	awstutor completion zsh > $(brew --prefix)/share/zsh/site-functions/_awstutor

설정이 적용되려면 새 셸을 시작해야 합니다.
`,
	},
	"awstutor cost": {
		Short: "실습이나 어떤 Terraform plan 이든 AWS에서 얼마가 드는지 알려 줍니다",
		Long: `awstutor cost 만 실행하면 실시간 비용 미터입니다: awstutor가 만든 것
중 지금 대상에서 실행 중인 것(대상에서 직접 조회하고, 조회할 수 없으면
작업 공간의 상태 파일로 계산), 시간당 비용, 만든 뒤로 지금까지 든
비용, 그리고 수업이 끝날 때, 다음 수업이 시작할 때, 이번 달 청구가
마감될 때까지 그대로 두면 드는 비용을 보여 줍니다. 설정 파일에
free_tier: false 가 없으면 프리 티어를 계정과 달력상의 달마다
적용합니다. 샌드박스에서는 모든 금액이 같은 리소스를 AWS에서
실행했을 때의 비용입니다. --json 은 {at, price_date, free_tier,
sources, labs, hourly, accrued, class_end_at, until_class_end,
morning_at, until_morning, month_end_at, until_month_end, month,
unpriced} 를 출력합니다.

cost estimate 는 실행하기 전에 Terraform이 만드는 plan으로 비용을
추정합니다: 리소스와 가격 구성 요소마다, 시간당, 주어진 기간 동안,
그리고 한 달에 드는 비용입니다. cost course 는 날마다의 추정치를
커리큘럼의 표와 나란히 보여 줍니다. 가격은 awstutor에 내장된
카탈로그에 awstutor pricing update 가 캐시한 가격을 덮어 쓴
것입니다 (awstutor pricing show 참고). 모든 금액에 리전과 가격
기준일을 함께 표시합니다. awstutor가 가격을 모르는 리소스 유형은 $0이
아니라 가격 미산정(unpriced)으로 표시하고, 사용량에 따라 달라지는
요금(요청, GB)은 사용량당 요금으로 보여 줍니다.`,
	},
	"awstutor cost course": {
		Short: "날마다 실습의 추정 비용을 커리큘럼의 비용 표와 나란히 보여 줍니다",
		Long: `과정의 날마다, 커리큘럼의 비용(비용 레슨의 표)과, 그날 실습을 수업
실습 시간만큼 실행할 때의 awstutor 추정치, 잊어버리고 24시간 동안 켜
두면 드는 비용, 그리고 그 차이를 나란히 보여 줍니다. 표 아래에는
날마다 왜 차이가 나는지 한 줄씩 설명합니다.

추정치는 awstutor lab plan, lab up 또는 cost estimate 가 실습 작업
공간에 저장한 plan의 가격입니다. 그 뒤로 .tf 나 .tfvars 파일이 바뀌지
않았을 때만 쓰며, 그 plan을 읽으려면 terraform 이 필요합니다. 그런
plan이 없는 실습은 plan을 만드는 방법을 알려 줍니다. --plan-labs 를
주면 그 대신 지금 모든 실습을 plan 합니다 (terraform, 그 provider,
그리고 샌드박스에서는 에뮬레이터가 있어야 합니다).

추정치는 내 작업 공간의 가격이므로, 실습을 모두 완성해야 커리큘럼의
실습과 맞습니다 (awstutor lab solve 가 정답을 복사합니다).
--json 은 {price_date, source, target, simulated, free_tier, days:
[{day, lab, minutes, curriculum, status, note, planned_at, estimate,
difference, forgotten_24h, why}], curriculum_total, estimate_total,
estimated, difference, forgotten_24h_total} 를 출력합니다.`,
	},
	"awstutor cost estimate": {
		Short: "실습이나 어떤 Terraform plan 이든 드는 비용을 추정합니다",
		Long: `Terraform plan이 적용된 뒤에 남는 리소스의 가격을 매깁니다.

실습 id를 주면 그 실습을 작업 공간에서 plan 하고 (awstutor lab plan
처럼 plan을 저장합니다) 수업의 실습 시간만큼의 가격을 매깁니다.
sandbox 대상에서는 같은 리소스를 AWS에서 실행할 때 드는 금액입니다.

--plan FILE 을 주면, 직접 작성한 Terraform의 plan을 포함해 JSON
형식의 plan 이면 무엇이든 --duration 동안(기본값 1h)의 가격을
매깁니다. plan JSON은 이렇게 만듭니다:
  terraform plan -out=plan && terraform show -json plan > plan.json

리전은 --region 을 주지 않으면 plan에 있는 aws provider의 리전입니다.
프리 티어(2025-07-15 이전에 만든 계정의 12개월 혜택)는 설정 파일에
free_tier: false 가 없으면 적용합니다. --json 은
{region, price_date, duration_hours, hourly_total, total,
monthly_total, resources: [{address, type, hourly, total, unpriced,
components: [{name, unit, price, quantity, hourly}]}]} 와 그 밖의
필드를 출력합니다. 금액은 모두 10진수 문자열입니다.`,
	},
	"awstutor doctor": {
		Short: "실습에 필요한 것이 모두 준비되었는지 확인합니다",
		Long: `실습에 필요한 것을 확인하고, 빠진 것은 고치는 방법을 알려 줍니다:
terraform (1.5 이상), moto_server (무료 로컬 샌드박스), 샌드박스가
실행 중인지, AWS 자격 증명 (AWS에 실제로 확인하는 것은
--target aws 일 때만), 그리고 상태 디렉터리에 쓸 수 있는지.

이 대상의 실습에 필요한 것이 빠져 있으면 1로 종료합니다.`,
	},
	"awstutor help": {
		Short: "명령의 도움말을 보여 줍니다",
		Long: `이 프로그램의 어느 명령이든 도움말을 보여 줍니다.
awstutor help [명령 경로] 를 입력하면 자세한 설명을 볼 수 있습니다.`,
	},
	"awstutor lab": {
		Short: "과정의 Terraform 실습을 plan, 배포, 확인, 삭제합니다",
		Long: `과정의 날마다 Terraform 실습이 하나씩 있습니다. awstutor는 내 실습
사본을 <state dir>/workspaces/<target>/<lab>/ 아래의 작업 공간에 두고,
그곳에서 Terraform을 실행하며 (plan을 파일로 저장한 뒤 바로 그 plan을
apply 합니다), 실행할 때마다 진행 상황에 기록합니다.

sandbox 대상(기본)에서는 실습이 무료 로컬 에뮬레이터에서 실행되며,
실습에 필요할 때 awstutor가 에뮬레이터를 띄웁니다. Terraform은
--terraform, 없으면 $AWSTUTOR_TERRAFORM, 없으면 PATH 에서 찾습니다.

up 이나 down 도중에 Ctrl-C 를 누르면 Terraform을 정상 종료시킵니다.
그 실행은 중단됨으로 기록되고, 다음 up 이 이어서 진행합니다 (down 은
삭제합니다).`,
	},
	"awstutor lab down": {
		Short: "실습이 배포한 것을 모두 삭제합니다: plan, 확인 질문, destroy",
		Long: `실습의 Terraform state에 있는 모든 것을 삭제하는 plan을 만들어
보여 주고, 물어본 뒤, 바로 그것을 destroy 하면서 리소스마다 진행
상황을 보여 줍니다. --yes 를 주면 묻지 않습니다. --yes 도 없고 물어볼
터미널도 없으면 아무것도 하지 않습니다 (종료 코드 2). --target aws 에서는
설정 파일에서 아직 확인하지 않은 계정이면 --account 가 필요합니다.
작업 공간과 내 파일은 그대로 남습니다. --json 은 끝난 뒤 실습의 상태를
출력하고, 진행 줄은 stderr 로 씁니다.

실행이 실패하면 1로 종료합니다. 다음 두 경우에도 1로 종료하며, 그
이유를 한 문장으로 알려 줍니다: 실행 도중 샌드박스가 응답하지 않게 된
경우 (awstutor sandbox start 로 띄운 뒤 down 을 다시 실행하세요),
또는 Terraform은 성공했지만 progress.json 에 기록하지 못한 경우 (읽기
전용이거나 가득 찬 디스크): 작업 공간은 남고, cleanup 은 그 안에서
남은 것을 찾지 못합니다.`,
	},
	"awstutor lab list": {
		Short: "실습 목록을 이 대상에서의 상태와 함께 보여 줍니다",
		Long: `모든 실습을 날짜 순서로 보여 줍니다: id, 날짜(day), 시간(분), 제목,
그리고 현재 대상에서의 상태(실행 전, plan 완료, 배포됨, 중단됨,
삭제됨; JSON 에서는 none, planned, applied, interrupted, destroyed)와
배포된 리소스 수. --json 은
{id, day, title, minutes, state, resources} 의 배열을 출력합니다.`,
	},
	"awstutor lab plan": {
		Short: "`lab up` 이 무엇을 바꿀지 보여 줍니다. 아무것도 바꾸지 않습니다",
		Long: `실습 작업 공간에서 terraform init 과 plan 을 실행하고, plan을 저장한
뒤 요약을 보여 줍니다: 추가, 변경, 삭제되는 리소스 수, 리소스마다의
동작, 그리고 예상 비용. --json 은
{file, adds, changes, destroys, replaces, resources[{address, type, action}]}
를 출력합니다.`,
	},
	"awstutor lab reset": {
		Short: "실습의 시작 파일을 되돌립니다 (고친 파일은 날짜가 붙은 백업으로)",
		Long: `실습 작업 공간의 시작 파일(starter)을 되돌립니다. 지금 파일은 먼저
작업 공간 옆의 날짜가 붙은 백업으로 복사하고, 그 경로를 보여 줍니다.
Terraform state는 그대로이므로 배포된 것은 계속 관리됩니다. --yes 가
없으면 먼저 묻습니다. --json 은 {lab, workspace, backup} 을
출력합니다.`,
	},
	"awstutor lab solve": {
		Short: "실습의 정답을 작업 공간에 복사합니다 (내 파일은 날짜가 붙은 백업으로)",
		Long: `검토를 마친 정답을 실습 작업 공간에 복사합니다: 전부, 또는
--step 을 주면 그 단계와 그 앞의 모든 단계를 완성하는 파일만
복사합니다. 지금 파일은 먼저 작업 공간 옆의 날짜가 붙은 백업으로
복사하고, 그 경로를 보여 줍니다. --yes 가 없으면 먼저 묻습니다.
--json 은 {lab, workspace, backup} 을 출력합니다.`,
	},
	"awstutor lab status": {
		Short: "실습이 어디까지 왔는지 보여 줍니다: 상태, 리소스, outputs",
		Long: `현재 대상에서 실습의 상태(실행 전, plan 완료, 배포됨, 중단됨,
삭제됨), Terraform state에 있는 리소스, 그것을 배포한 시각, 그리고
outputs 를 보여 줍니다. 실습을 주지 않으면 모든 실습을 보여 줍니다.

--json 은 실습 하나면 {id, target, workspace, state, resources,
applied_at, outputs} 를, 모든 실습이면 그 배열을 출력합니다.`,
	},
	"awstutor lab up": {
		Short: "실습을 배포합니다: plan, plan 보여 주기, 확인 질문, apply",
		Long: `실습을 plan 하고, 무엇이 생성, 변경, 삭제되는지와 예상 비용을
보여 준 뒤, 물어보고, 바로 그 plan을 apply 합니다. 리소스마다 시작과
끝, M개 중 N개 완료, 남은 시간을 보여 줍니다. --yes 를 주면 묻지
않습니다. --yes 도 없고 물어볼 터미널도 없으면 아무것도 하지 않습니다
(종료 코드 2). --target aws 에서는 먼저 변경할 AWS 계정과 리전을 보여
줍니다. 설정 파일에서 아직 확인하지 않은 계정이면 --account 가
필요합니다.

실행이 중단된 뒤에는, up 이 Terraform이 있다고 알고 있는 리소스를
보여 주고 다시 plan 해서 이어 갑니다. --json 은 끝난 뒤 실습의 상태를
(lab status --json 과 같은 형식으로) 출력하고, 진행 줄은 stderr 로
씁니다.

실행이 실패하면 1로 종료합니다. 다음 두 경우에도 1로 종료하며, 그
이유를 한 문장으로 알려 줍니다: 실행 도중 샌드박스가 응답하지 않게 된
경우 (awstutor sandbox start 로 띄운 뒤 up 을 다시 실행하세요. 이미
만든 것은 state에 남아 있습니다), 또는 Terraform은 성공했지만
progress.json 에 기록하지 못한 경우 (읽기 전용이거나 가득 찬 디스크):
리소스와 작업 공간은 남고, status 와 cleanup 이 작업 공간에서 찾아
냅니다.`,
	},
	"awstutor lab verify": {
		Short: "실습이 동작하는지 증명합니다: 보내고, 발행하고, 로그인하고, 관찰합니다",
		Long: `실습의 Terraform state에 있는 outputs (terraform output -json)를
입력으로 삼아, 현재 대상에서 실습의 검사를 실행합니다. 검사는 설정보다
동작을 봅니다: 테스트 메시지를 보내고 받고, 이벤트를 발행하고, 일회용
사용자로 로그인하고, 끝나면 자기가 만든 것을 지웁니다.

검사마다 결과는 통과, 실패 (무엇을 기대했고 무엇을 찾았는지, 힌트와
함께), 또는 확인 불가입니다: 배포된 API를 호출하는 것처럼 실제 AWS만
증명할 수 있는 몇 가지는 샌드박스가 증명할 수 없으며, 통과로 치지
않고 그렇다고 알려 줍니다. 결과는 진행 상황에 기록되어 Week 2 완료
체크리스트에 체크됩니다.

대상에 배포된 것이 없는 실습 (apply 한 적이 없거나 삭제됨)은 검사하지
않습니다: verify 는 실행할 lab up 을 알려 주는 한 문장을 보여 주고
1로 종료합니다. 이때 --json 은 {lab, applied: false, error} 를
출력합니다.

--step 은 한 단계의 검사만 실행합니다. --json 은
{lab, target, checks: [{id, step, title, status, message, hint}]} 를
출력합니다. 실패한 검사가 없으면 0, 하나라도 실패하면 3, 배포된 것이
없거나 검사를 실행할 수 없으면 1로 종료합니다.`,
	},
	"awstutor lesson": {
		Short: "과정의 레슨 목록을 보고 레슨을 읽습니다",
	},
	"awstutor lesson list": {
		Short: "모든 레슨을 읽는 순서대로 보여 줍니다",
		Long: `모든 레슨을 읽는 순서대로 보여 줍니다: 주간 개요, 날마다 세 세션,
그리고 주간 추가 페이지. --json 은 {id, day, slot, title, minutes} 의
배열을 출력합니다.`,
	},
	"awstutor lesson show": {
		Short: "레슨을 터미널에 맞게 렌더링해 출력합니다",
		Long: `레슨을 터미널에 맞게 렌더링해 출력합니다. --width 가 없으면 터미널
너비에 맞춥니다 (출력이 터미널이 아니면 80열). 색은 터미널에서만 쓰며,
NO_COLOR 나 --no-color 가 있으면 쓰지 않습니다.`,
	},
	"awstutor pricing": {
		Short: "모든 비용 금액의 바탕이 되는 가격 카탈로그",
		Long: `awstutor는 바이너리에 내장된 AWS 정가 카탈로그로 리소스의 가격을
매깁니다: 과정에서 쓰는 리전들의 가격을 한 시점에 찍은, 날짜가 있는
스냅샷 하나입니다. 모든 비용 금액에 그 날짜와 리전을 표시합니다.
"pricing update" 는 한 리전의 현재 가격을
AWS Price List Query API 에서 가져와 로컬 캐시에 저장하며, 그 뒤로는
그 리전에 내장 가격 대신 캐시의 가격을 씁니다.`,
	},
	"awstutor pricing show": {
		Short: "가격 카탈로그를 보여 줍니다: 기준일, 출처, 리전별 모든 가격",
		Long: `카탈로그의 가격 기준일과 출처를 출력한 뒤, 리전마다 (--region 을
주면 그 리전만) 가격을 어디서 가져왔는지 (내장, 또는 "awstutor pricing
update" 가 캐시 파일로 갱신한 것이면 그 날짜와 경로)와 모든 가격을
보여 줍니다: 이름, USD 가격, 단위, 시간당, 월별, 사용량 중 어떻게
과금되는지, 프리 티어 한도, 그리고 근사 가격인지 (리전의 offer 파일과
대조하지 않은 가격). --json 은
{price_date, currency, source, regions: {<region>: [{name, price, unit,
billing, approximate, free_tier, refreshed}]}, origins: {<region>:
{price_date, source, file, refreshed, dimensions}}} 를 출력합니다.`,
	},
	"awstutor pricing update": {
		Short: "한 리전의 현재 가격을 AWS Price List Query API 에서 가져와 로컬 캐시에 저장합니다",
		Long: `awstutor가 조회할 줄 아는 카탈로그의 모든 가격에 대해,
--region (기본값 ap-northeast-2)의 현재 온디맨드 정가를
AWS Price List Query API 에 물어보고 캐시에 저장합니다. 그 뒤로 모든
비용 금액 (cost, cost estimate, cost course, report, 교실 화면)이 그
리전에는 캐시된 가격을 쓰고 그 기준일을 표시합니다.
"awstutor pricing show" 가 어떤 가격이 캐시에서 왔는지 알려 줍니다.

호출하는 것: pricing:GetProducts ("aws pricing get-products" 가 쓰는
호출). AWS 서비스마다 (Fargate, EC2, ELB, NAT gateway, public IPv4,
SQS, SNS, Lambda, CloudWatch, ...) 한 번 또는 몇 번, 리전 코드와 제품
속성 (인스턴스 유형, Linux, shared tenancy, ...)으로 걸러서 호출합니다.
어느 리전의 가격을 묻든 API 엔드포인트는 us-east-1 에 있습니다.

필요한 것: 일반적인 자격 증명 체인의 AWS 자격 증명 (환경 변수,
--profile 또는 AWS_PROFILE, SSO: SSO를 쓴다면 먼저 "aws sso login"
실행)으로, pricing:GetProducts 를 호출할 수 있어야 합니다 (AWS 관리형
정책 AWSPriceListServiceFullAccess 가 허용합니다). --target 은 무엇을
쓰든 상관없습니다: 가격은 언제나 AWS에서 가져옵니다.

드는 비용: 없습니다. Price List Query API 는 무료입니다. 공개된 정가를
읽을 뿐 리소스를 만들지 않습니다.

바꾸는 것: 캐시 파일 <state-dir>/pricing/<region>.json 하나뿐입니다
(state dir: --state-dir, 없으면 $AWSTUTOR_STATE_DIR, 없으면
~/.local/state/awstutor). 모든 조회가 응답한 뒤 파일 전체를 한 번에
씁니다. 무엇이든 실패하면 (자격 증명, 네트워크, 취소) 아무것도 쓰지
않고 이전 캐시가 그대로 남습니다. API가 확실하게 답하지 못하는 가격
(제품이 없거나, 가격이 다른 제품이 여럿이거나, 단위가 다르거나,
무료가 아닌 가격이 $0이거나, 다섯 배 넘게 차이 나는 경우)은 내장
가격을 그대로 쓰고, 표에 그 이유를 보여 줍니다.

내장 가격으로 돌아가려면 캐시 파일을 지우세요:
  rm <state-dir>/pricing/<region>.json

--json 은 보고서를 출력합니다: {region, price_date, source,
base_price_date, updated, unchanged, kept, requests, dimensions: [{name,
status, old, new, unit, was_approximate, reason, detail, evidence:
{service_code, sku, usage_type, rate_code, description, unit,
price_per_unit, scale, effective_date, tier, products}}], file}.

테스트용: AWSTUTOR_PRICING_ENDPOINT=http://127.0.0.1:PORT 를 설정하면
호출을 로컬의 대역 API로 보냅니다. 자격 증명이 설정되어 있지 않으면
가짜 자격 증명을 씁니다.`,
	},
	"awstutor progress": {
		Short: "지금까지 읽은 것과 통과한 것을 보여 줍니다",
		Long: `학습자의 진행 상황을 보여 줍니다: 레슨마다 읽었는지, 퀴즈 점수,
실행한 실습. 진행 상황은 상태 디렉터리의 progress.json 에 있습니다.`,
	},
	"awstutor report": {
		Short: "학습자의 하루: 레슨, 퀴즈, 실습 검사, 리소스, 비용",
		Long: `하루 동안의 학습을 요약합니다 (기본은 오늘, 현지 시각 기준): 읽은
레슨, 퀴즈 점수, 통과한 실습 검사, apply 하고 destroy 한 실습, 만든
리소스, 삭제한 리소스, 아직 실행 중인 리소스, 그리고 그날 리소스의
예상 비용. 샌드박스 비용은 시뮬레이션입니다: 같은 리소스를 AWS에서
실행하면 드는 비용입니다. 계산할 수 없는 비용은 그렇다고 알려 주며,
절대 $0으로 표시하지 않습니다.

Markdown 은 화면 언어(--lang)로 쓰고, JSON 은 정밀도를 그대로
유지합니다. report 는 로컬 파일만 읽습니다.`,
	},
	"awstutor resources": {
		Short: "실습이 대상에 만든, 실행 중인 리소스를 실습별로 보여 줍니다",
		Long: `대상에서 실행 중인 것 중 실습이 만든 것을 보여 줍니다: 실습이 쓰는
모든 서비스에서 Project=awstutor 태그가 붙은 리소스를 모두, Lab
태그별로 묶어 경과 시간과 함께 보여 줍니다. --all 을 주면 태그가 없는
리소스도 표시를 붙여 함께 보여 줍니다. cleanup 은 그런 리소스를 절대
건드리지 않습니다. --json 은
{type, id, arn, region, lab, created_at, attrs} 의 배열을 출력합니다.

sandbox 대상에서는 실행 중인 샌드박스 (또는 --endpoint)를 읽습니다.
실행 중이 아닌 샌드박스에는 아무것도 없습니다: moto는 state를
메모리에만 둡니다.`,
	},
	"awstutor sandbox": {
		Short: "무료 로컬 AWS 에뮬레이터(moto)를 시작, 중지하고 상태를 봅니다",
		Long: `샌드박스는 127.0.0.1 에서 실행되는 moto_server 로, awstutor가
시작하고 멈춥니다. 실습은 기본으로 이 샌드박스에서 무료로 실행됩니다.
pid, 포트, 로그는 <state dir>/sandbox/ 아래에 있습니다.
127.0.0.1:4566 에서 이미 LocalStack 이 대기 중이면 그것을 찾아 대신
씁니다.`,
	},
	"awstutor sandbox reset": {
		Short: "샌드박스 에뮬레이터의 모든 것을 지웁니다 (먼저 묻습니다)",
	},
	"awstutor sandbox start": {
		Short: "샌드박스를 시작합니다 (이미 실행 중이면 그것을 그대로 씁니다)",
	},
	"awstutor sandbox status": {
		Short: "샌드박스가 실행 중인지, 어디서인지 알려 줍니다 (--json: {running, kind, endpoint, pid})",
	},
	"awstutor sandbox stop": {
		Short: "awstutor가 시작한 샌드박스를 멈춥니다 (다른 프로세스는 절대 건드리지 않음)",
	},
	"awstutor status": {
		Short: "지금 배포된 것과 시간당 비용 (로컬 상태만 읽음)",
		Long: `작업 공간의 state에 리소스가 기록된 실습을 모두 보여 줍니다: 대상,
리소스 수, 언제부터인지, 시간당 비용, 다음 수업이 시작할 때까지 그대로
두면 드는 비용, 그리고 그것을 지우는 명령.

status 는 progress.json 과 작업 공간마다의 terraform.tfstate 만
읽습니다: terraform을 실행하지도, 샌드박스를 띄우지도, AWS를
호출하지도, 잠금을 잡지도 않으므로 언제든, 실습을 실행하는 도중에도
안전하게 실행할 수 있습니다.

--short 는 셸 프롬프트용 한 줄을 출력합니다. 예:
  awstutor: 3 live · $0.05/h
(sandbox 실습: "3 live (sandbox) · $0.05/h simulated"). 배포된 것이
없으면 아무것도 출력하지 않으며, 언제나 0으로 종료합니다. --short 가
없으면 status 는 cleanup 처럼 리소스가 남아 있을 때 4로 종료합니다.`,
	},
	"awstutor version": {
		Short: "awstutor의 버전을 출력합니다",
	},
}

// flagHelpKo holds the Korean usage of every flag, by "<command path>
// --<flag>" of the command that defines it. Persistent flags are listed
// once, under the command that defines them. Cobra's own -h/--help is not
// listed: every command gets helpFlagKo.
var flagHelpKo = map[string]string{
	"awstutor --target":      "실습을 실행할 곳: sandbox (로컬 moto, 무료) 또는 aws (내 계정, 비용 발생)",
	"awstutor --region":      "실습과 가격에 쓰는 AWS 리전",
	"awstutor --profile":     "--target aws 에서 쓰는 AWS 공유 설정(shared config) 프로필",
	"awstutor --endpoint":    "샌드박스 엔드포인트 URL (기본값: awstutor가 127.0.0.1 에 띄우는 샌드박스)",
	"awstutor --state-dir":   "진행 상황과 실습 작업 공간을 두는 곳 (기본값: $AWSTUTOR_STATE_DIR, 없으면 ~/.local/state/awstutor)",
	"awstutor --labs-dir":    "내장 실습 대신 이 디렉터리에서 실습을 읽습니다",
	"awstutor --lessons-dir": "내장 레슨 대신 이 디렉터리에서 레슨을 읽습니다",
	"awstutor --lang":        "화면 언어: ko 또는 en (레슨은 언제나 한국어)",
	"awstutor --json":        "표 대신 기계가 읽을 수 있는 JSON 으로 출력합니다",
	"awstutor --no-color":    "색을 쓰지 않습니다 (NO_COLOR 가 설정되어 있을 때도 색을 끕니다)",

	"awstutor cleanup --account":   "--target aws 에서: 정리할 AWS 계정의 12자리 id. 설정 파일에서 아직 확인하지 않은 계정을 이것으로 확인합니다",
	"awstutor cleanup --dry-run":   "destroy 하고 sweep 할 것을 보여 주기만 하고, 아무것도 삭제하지 않습니다 (--target aws 에서는 기본)",
	"awstutor cleanup --terraform": "사용할 terraform 바이너리 (기본값: $AWSTUTOR_TERRAFORM, 없으면 PATH 의 terraform)",
	"awstutor cleanup --yes":       "--target aws 에서: 실제로 삭제합니다 (샌드박스에는 --yes 가 필요 없음)",

	"awstutor completion bash --no-descriptions":       "자동 완성 후보에 설명을 붙이지 않습니다",
	"awstutor completion fish --no-descriptions":       "자동 완성 후보에 설명을 붙이지 않습니다",
	"awstutor completion powershell --no-descriptions": "자동 완성 후보에 설명을 붙이지 않습니다",
	"awstutor completion zsh --no-descriptions":        "자동 완성 후보에 설명을 붙이지 않습니다",

	"awstutor cost course --plan-labs":     "작업 공간에 저장된 plan을 읽는 대신 지금 모든 실습을 plan 합니다",
	"awstutor cost course --terraform":     "사용할 terraform 바이너리 (기본값: $AWSTUTOR_TERRAFORM, 없으면 PATH 의 terraform)",
	"awstutor cost estimate --duration":    "리소스를 실행하는 시간, 예: 1h, 90m (기본값: 실습 시간, --plan 이면 1h)",
	"awstutor cost estimate --plan":        "실습 대신 이 plan JSON 파일(`terraform show -json PLANFILE` 의 출력)의 가격을 매깁니다",
	"awstutor cost estimate --terraform":   "사용할 terraform 바이너리 (기본값: $AWSTUTOR_TERRAFORM, 없으면 PATH 의 terraform)",
	"awstutor doctor --terraform":          "확인할 terraform 바이너리 (기본값: $AWSTUTOR_TERRAFORM, 없으면 PATH)",
	"awstutor lab --terraform":             "사용할 terraform 바이너리 (기본값: $AWSTUTOR_TERRAFORM, 없으면 PATH 의 terraform)",
	"awstutor lab down --account":          "--target aws 에서: 변경할 AWS 계정의 12자리 id. 설정 파일에서 아직 확인하지 않은 계정을 이것으로 확인합니다",
	"awstutor lab down --yes":              "destroy 하기 전에 묻지 않습니다",
	"awstutor lab reset --yes":             "묻지 않습니다",
	"awstutor lab solve --step":            "이 단계와 그 앞 단계들의 정답만 복사합니다",
	"awstutor lab solve --yes":             "묻지 않습니다",
	"awstutor lab up --account":            "--target aws 에서: 변경할 AWS 계정의 12자리 id. 설정 파일에서 아직 확인하지 않은 계정을 이것으로 확인합니다",
	"awstutor lab up --yes":                "apply 하기 전에 묻지 않습니다",
	"awstutor lab verify --simulate-image": "sandbox 전용: 먼저 실습의 ECR 저장소에 시뮬레이션이라고 표시한 작은 이미지 매니페스트를 등록합니다 (Day 3: 실제 이미지를 push 할 Docker가 없으므로)",
	"awstutor lab verify --step":           "이 단계의 검사만 실행합니다",
	"awstutor lesson show --width":         "이 열 수에서 줄을 바꿉니다 (기본값: 터미널 너비)",
	"awstutor report --date":               "보고할 날짜, YYYY-MM-DD (기본값: 오늘)",
	"awstutor report --format":             "md (Markdown) 또는 json",
	"awstutor resources --all":             "Project=awstutor 태그가 없는 리소스도 보여 줍니다",
	"awstutor sandbox reset --yes":         "묻지 않습니다",
	"awstutor sandbox start --port":        "이 루프백 포트에서 대기합니다 (기본값: 비어 있는 포트)",
	"awstutor status --short":              "셸 프롬프트용 한 줄. 배포된 것이 없으면 아무것도 출력하지 않고, 언제나 0으로 종료합니다",
}
