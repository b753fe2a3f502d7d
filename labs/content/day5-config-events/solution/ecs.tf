# ECS: 클러스터, 로그 그룹, 설정을 secrets로 받는 작업 Task Definition
data "aws_region" "current" {}

# 클러스터에는 Service가 없다. 작업은 EventBridge 스케줄이 RunTask로 띄운다.
resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "disabled"
  }
}

resource "aws_cloudwatch_log_group" "job" {
  name              = "/ecs/${local.name}-job"
  retention_in_days = var.log_retention_days
}

# 설정을 읽어 출력하고 몇 초 뒤 끝나는 작업. 비밀번호 값은 출력하지 않고 길이만 찍는다.
resource "aws_ecs_task_definition" "job" {
  family                   = "${local.name}-job"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name      = "job"
      image     = var.job_image
      essential = true
      command = [
        "sh", "-c",
        "echo \"job started: LOG_LEVEL=$LOG_LEVEL, DB_PASSWORD has $${#DB_PASSWORD} characters\"; sleep 5; echo \"job done\"",
      ]

      # environment에는 값이 Task Definition에 그대로 적힌다(콘솔, describe에 보임).
      environment = [
        { name = "APP_ENV", value = "lab" }
      ]

      # secrets에는 "어디서 읽을지"만 적는다. ECS가 Task 시작 때 execution role로
      # 읽어 환경 변수로 넣는다. valueFrom은 파라미터의 전체 ARN.
      secrets = [
        { name = "LOG_LEVEL", valueFrom = aws_ssm_parameter.log_level.arn },
        { name = "DB_PASSWORD", valueFrom = aws_ssm_parameter.db_password.arn },
      ]

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.job.name
          "awslogs-region"        = data.aws_region.current.region
          "awslogs-stream-prefix" = "ecs"
        }
      }
    }
  ])

  # 정책이 붙기 전에 Task가 뜨면 secrets를 읽지 못한다.
  depends_on = [aws_iam_role_policy.execution_params]
}
