variable "region" {
  description = "리소스를 만들 AWS 리전"
  type        = string
  default     = "ap-northeast-2"
}

variable "prefix" {
  description = "리소스 이름의 앞부분 (클러스터, 역할, 규칙, 큐)"
  type        = string
  default     = "awstutor-d5"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,19}$", var.prefix))
    error_message = "prefix는 소문자로 시작하는 3~20자의 소문자, 숫자, 하이픈이어야 합니다."
  }
}

# 파라미터 이름은 aws나 ssm으로 시작할 수 없다(대소문자 무시, 맨 앞 / 다음부터).
# 그래서 /awstutor-d5/... 가 아니라 /tutor/... 아래에 둔다.
variable "parameter_prefix" {
  description = "Parameter Store 계층의 앞부분. /로 시작하고 /로 끝나지 않으며, 예약된 aws, ssm으로 시작하면 안 된다."
  type        = string
  default     = "/tutor/day5"

  validation {
    condition     = can(regex("^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", var.parameter_prefix)) && !can(regex("^/(?i:aws|ssm)", var.parameter_prefix))
    error_message = "parameter_prefix는 /tutor/day5처럼 /로 시작하고 /로 끝나지 않아야 하며, aws나 ssm으로 시작할 수 없습니다(예약됨)."
  }
}

variable "log_level" {
  description = "앱 로그 레벨. 평문 String 파라미터로 저장한다."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["debug", "info", "warn", "error"], var.log_level)
    error_message = "log_level은 debug, info, warn, error 중 하나여야 합니다."
  }
}

# 실습용 가짜 값. 실제 비밀번호는 코드, tfvars, 기본값에 절대 두지 않는다.
#
# TODO(1단계): 이 변수는 지금 plan 출력에 값이 그대로 보입니다.
#   sensitive = true를 추가해 출력에서 가리세요. (state에는 여전히 평문으로
#   남는다는 것도 기억하세요.)
variable "db_password" {
  description = "SecureString으로 저장할 DB 비밀번호. 실습용 가짜 값이 기본값이다."
  type        = string
  default     = "change-me-in-the-lab"
}

variable "job_image" {
  description = "스케줄로 도는 작업 컨테이너 이미지. 설정을 읽어 출력하고 몇 초 뒤 끝나야 한다(계속 떠 있으면 매일 Task가 쌓인다)."
  type        = string
  default     = "public.ecr.aws/docker/library/busybox:1.36"
}

variable "log_retention_days" {
  description = "작업 로그 보존 기간(일)"
  type        = number
  default     = 1
}
