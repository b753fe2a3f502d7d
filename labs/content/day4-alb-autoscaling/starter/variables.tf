variable "region" {
  description = "리소스를 만들 AWS 리전"
  type        = string
  default     = "ap-northeast-2"
}

variable "prefix" {
  description = "모든 리소스 이름의 앞부분. ALB와 target group 이름은 32자 제한이 있어 짧게 둔다."
  type        = string
  default     = "awstutor-d4"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,19}$", var.prefix))
    error_message = "prefix는 소문자로 시작하는 3~20자의 소문자, 숫자, 하이픈이어야 합니다."
  }
}

variable "vpc_cidr" {
  description = "이 랩이 만드는 VPC의 주소 범위. 서브넷은 여기서 /24 두 개를 잘라 쓴다."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && try(tonumber(split("/", var.vpc_cidr)[1]) <= 20, false)
    error_message = "vpc_cidr는 /16~/20 정도의 IPv4 CIDR이어야 합니다 (예: 10.0.0.0/16)."
  }
}

variable "image" {
  description = "컨테이너 이미지. 기본값은 80 포트의 / 에서 200을 돌려주는 공개 nginx 이미지."
  type        = string
  default     = "public.ecr.aws/nginx/nginx:stable-alpine"
}

variable "container_port" {
  description = "컨테이너가 듣는 포트. target group과 보안 그룹 규칙이 이 값을 쓴다."
  type        = number
  default     = 80
}

variable "health_check_path" {
  description = "ALB가 target을 확인할 경로. 200을 돌려주는 가벼운 경로여야 한다."
  type        = string
  default     = "/"

  validation {
    condition     = startswith(var.health_check_path, "/")
    error_message = "health_check_path는 /로 시작해야 합니다."
  }
}

variable "desired_count" {
  description = "서비스를 처음 만들 때의 Task 수. 이후에는 Auto Scaling이 정한다."
  type        = number
  default     = 1
}

variable "min_capacity" {
  description = "Auto Scaling 최소 Task 수. 운영은 2 이상(AZ 두 개), 실습은 비용 때문에 1."
  type        = number
  default     = 1
}

variable "max_capacity" {
  description = "Auto Scaling 최대 Task 수. 곧 비용 상한이다."
  type        = number
  default     = 4

  validation {
    condition     = var.max_capacity >= 1 && var.max_capacity <= 4
    error_message = "이 랩에서 max_capacity는 1~4입니다 (비용 상한)."
  }
}

variable "cpu_target" {
  description = "target tracking이 유지할 서비스 평균 CPU 사용률(%)"
  type        = number
  default     = 50

  validation {
    condition     = var.cpu_target >= 10 && var.cpu_target <= 90
    error_message = "cpu_target은 10~90 사이여야 합니다."
  }
}

variable "log_retention_days" {
  description = "CloudWatch Logs 보존 기간(일)"
  type        = number
  default     = 1
}
