variable "region" {
  description = "리소스를 만들 AWS 리전. JWT issuer 주소에도 쓰입니다."
  type        = string
  default     = "ap-northeast-2"
}

variable "prefix" {
  description = "모든 리소스 이름 앞에 붙는 접두사. 한 계정을 여럿이 쓰면 이니셜 등을 넣어 겹치지 않게 합니다(예: awstutor-d2-kim). S3 버킷은 이 값에 고유한 접미사가 붙습니다."
  type        = string
  default     = "awstutor-d2"

  validation {
    condition     = can(regex("^[a-z0-9-]{1,30}$", var.prefix))
    error_message = "prefix는 영문 소문자, 숫자, 하이픈으로 된 1~30자여야 합니다(S3 bucket_prefix 길이 제한)."
  }
}
