# dev: Fargate 최소 크기, Task 1개, 로그 1일 보관.
# 변수 기본값과 같은 값이므로 이 파일이 없어도 결과는 dev입니다.
# 이 랩이 apply하는 환경은 dev 하나뿐입니다.
#   terraform plan -var-file=dev.tfvars
environment        = "dev"
task_cpu           = 256
task_memory        = 512
desired_count      = 1
log_retention_days = 1
