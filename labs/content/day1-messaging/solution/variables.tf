variable "region" {
  description = "리소스를 만들 AWS 리전"
  type        = string
  default     = "ap-northeast-2"
}

variable "prefix" {
  description = "모든 큐·토픽·알람 이름 앞에 붙는 접두사. 한 계정을 여럿이 쓰면 이니셜 등을 넣어 겹치지 않게 합니다(예: awstutor-d1-kim)."
  type        = string
  default     = "awstutor-d1"

  validation {
    condition     = can(regex("^[a-z0-9-]{1,40}$", var.prefix))
    error_message = "prefix는 영문 소문자, 숫자, 하이픈으로 된 1~40자여야 합니다."
  }
}
