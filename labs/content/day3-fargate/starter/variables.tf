# 1단계: 변수에 type, description, validation 달기
#
# 이 파일의 변수는 모두 "값을 받을 자리"만 있고, 잘못된 값을 막아 주는 장치가
# 없습니다. 아래 TODO를 채워서 잘못된 값이 plan 단계에서 멈추게 하세요.
# 다른 .tf 파일이 이 변수들을 쓰므로 변수 이름은 바꾸지 마세요.

variable "region" {
  description = "리소스를 만들 AWS 리전"
  type        = string
  default     = "ap-northeast-2"
}

variable "prefix" {
  description = "모든 리소스 이름의 앞부분 (뒤에 -<environment>가 붙는다)"
  type        = string
  default     = "awstutor-d3"
}

variable "environment" {
  description = "배포 환경. 기본값은 가장 안전한 dev이고, prod는 -var-file=prod.tfvars로만 고른다."
  type        = string
  default     = "dev"

  # TODO(1단계): "dev"와 "prod"만 받도록 validation 블록을 추가하세요.
  #   힌트: contains(["dev", "prod"], var.environment)
}

variable "task_cpu" {
  description = "Task CPU 단위 (1024 = 1 vCPU). dev는 Fargate 최소값 256."
  type        = number
  default     = 256

  # TODO(1단계): 256, 512, 1024만 허용하는 validation을 추가하세요.
}

variable "task_memory" {
  description = "Task 메모리 (MiB). task_cpu와 유효한 Fargate 조합이어야 한다. dev는 최소값 512."
  type        = number
  default     = 512

  # TODO(1단계): 512, 1024, 2048, 3072, 4096만 허용하는 validation을 추가하세요.
}

# TODO(1단계): 아래 변수에는 type과 description도 없습니다.
#   type = number, description을 적고, 0~2의 정수만 허용하는 validation을
#   추가하세요. (비용 상한: 오타 하나로 Task가 20개 뜨는 사고를 막습니다.)
variable "desired_count" {
  default = 1
}

# TODO(1단계): type, description, 그리고 1, 3, 5, 7만 허용하는 validation.
variable "log_retention_days" {
  default = 1
}

variable "image" {
  description = "컨테이너 이미지. 기본값은 80 포트에서 200을 돌려주는 공개 nginx 이미지이고, ECR에 푸시한 뒤에는 <리포지토리 URL>:<태그>로 바꾼다."
  type        = string
  default     = "public.ecr.aws/nginx/nginx:stable-alpine"
}

variable "container_port" {
  description = "컨테이너가 듣는 포트 (nginx는 80)"
  type        = number
  default     = 80
}

variable "my_ip_cidr" {
  description = "Task의 퍼블릭 IP에 직접 접속을 허용할 내 IP 대역. 기본값은 문서용 주소라 아무도 접속할 수 없다."
  type        = string
  default     = "203.0.113.10/32"

  # 더 해보기: 0.0.0.0/0처럼 넓은 대역을 막는 validation을 직접 써 보세요.
}
