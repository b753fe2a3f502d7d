locals {
  # 모든 이름의 뿌리: awstutor-d3-dev, awstutor-d3-prod
  name = "${var.prefix}-${var.environment}"

  # Fargate(Linux)에서 task_cpu마다 허용되는 task_memory 값 (이 랩의 범위만)
  fargate_memory_options = {
    "256"  = [512, 1024, 2048]
    "512"  = [1024, 2048, 3072, 4096]
    "1024" = [2048, 3072, 4096]
  }
}
