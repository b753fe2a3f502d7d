variable "region" {
  description = "리소스를 만들 AWS 리전"
  type        = string
  default     = "ap-northeast-2"
}

variable "prefix" {
  description = "모든 리소스 이름의 앞부분 (뒤에 -<environment>가 붙는다)"
  type        = string
  default     = "awstutor-d3"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,19}$", var.prefix))
    error_message = "prefix는 소문자로 시작하는 3~20자의 소문자, 숫자, 하이픈이어야 합니다."
  }
}

variable "environment" {
  description = "배포 환경. 기본값은 가장 안전한 dev이고, prod는 -var-file=prod.tfvars로만 고른다."
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment는 \"dev\" 또는 \"prod\"여야 합니다."
  }
}

variable "task_cpu" {
  description = "Task CPU 단위 (1024 = 1 vCPU). dev는 Fargate 최소값 256."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024], var.task_cpu)
    error_message = "이 랩에서는 task_cpu로 256, 512, 1024만 허용합니다."
  }
}

variable "task_memory" {
  description = "Task 메모리 (MiB). task_cpu와 유효한 Fargate 조합이어야 한다. dev는 최소값 512."
  type        = number
  default     = 512

  validation {
    condition     = contains([512, 1024, 2048, 3072, 4096], var.task_memory)
    error_message = "이 랩에서는 task_memory로 512, 1024, 2048, 3072, 4096만 허용합니다."
  }
}

variable "desired_count" {
  description = "Service가 항상 띄워 둘 Task 수. 비용 상한을 위해 0~2만 허용한다."
  type        = number
  default     = 1

  validation {
    condition     = var.desired_count >= 0 && var.desired_count <= 2 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count는 0, 1, 2 중 하나여야 합니다."
  }
}

variable "log_retention_days" {
  description = "CloudWatch Logs 보존 기간(일). 실습이라 짧게 둔다."
  type        = number
  default     = 1

  validation {
    condition     = contains([1, 3, 5, 7], var.log_retention_days)
    error_message = "log_retention_days는 1, 3, 5, 7 중 하나여야 합니다."
  }
}

variable "image" {
  description = "컨테이너 이미지. 기본값은 80 포트에서 200을 돌려주는 공개 nginx 이미지이고, ECR에 푸시한 뒤에는 <리포지토리 URL>:<태그>로 바꾼다."
  type        = string
  default     = "public.ecr.aws/nginx/nginx:stable-alpine"

  validation {
    condition     = length(trimspace(var.image)) > 0 && !endswith(var.image, ":latest")
    error_message = "image는 비어 있으면 안 되고, 무엇이 배포됐는지 알 수 없는 :latest 태그는 쓰지 않습니다."
  }
}

variable "container_port" {
  description = "컨테이너가 듣는 포트 (nginx는 80)"
  type        = number
  default     = 80

  validation {
    condition     = var.container_port >= 1 && var.container_port <= 65535
    error_message = "container_port는 1~65535 사이여야 합니다."
  }
}

variable "my_ip_cidr" {
  description = "Task의 퍼블릭 IP에 직접 접속을 허용할 내 IP 대역. 기본값은 문서용 주소라 아무도 접속할 수 없다."
  type        = string
  default     = "203.0.113.10/32"

  validation {
    condition     = can(cidrnetmask(var.my_ip_cidr)) && try(tonumber(split("/", var.my_ip_cidr)[1]) >= 24, false)
    error_message = "my_ip_cidr는 /24보다 좁은 IPv4 CIDR이어야 합니다 (예: 198.51.100.7/32). 0.0.0.0/0은 허용하지 않습니다."
  }
}
