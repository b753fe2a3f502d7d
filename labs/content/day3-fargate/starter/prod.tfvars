# 2단계: prod 환경의 값
#
# prod는 dev보다 큰 Task(0.5 vCPU = 512, 1 GB = 1024)를 2개 띄우고
# 로그를 7일 보관합니다. 이 파일은 `-var-file=prod.tfvars`로 고를 때만 쓰이고,
# 이 랩에서는 plan으로 dev와 비교만 합니다(apply하지 않습니다).
#
# TODO(2단계): environment, task_cpu, task_memory, desired_count,
#   log_retention_days 다섯 값을 적으세요. 1단계의 validation을 통과해야 합니다.
