# prod: 더 큰 Task(0.5 vCPU, 1 GB) 2개, 로그 7일 보관.
# 절대 기본값이 되지 않습니다. 명시적으로 고를 때만 쓰입니다.
#   terraform plan -var-file=prod.tfvars    (이 랩에서는 plan으로 비교만 합니다)
# prod를 실제로 올린다면 dev와 다른 state(workspace나 디렉터리)에서 해야 합니다.
environment        = "prod"
task_cpu           = 512
task_memory        = 1024
desired_count      = 2
log_retention_days = 7
