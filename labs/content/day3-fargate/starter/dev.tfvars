# 2단계: dev 환경의 값
#
# dev는 Fargate 최소 크기로, Task 1개, 로그 1일 보관입니다.
# 변수 기본값과 같은 값이어야 "아무것도 고르지 않으면 dev"가 됩니다.
#   terraform plan -var-file=dev.tfvars
environment = "dev"

# TODO(2단계): task_cpu, task_memory, desired_count, log_retention_days를
#   dev 값(256, 512, 1, 1)으로 적으세요. tfvars에는 블록 없이 `이름 = 값`만 씁니다.
