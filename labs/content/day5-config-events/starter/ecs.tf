# 2단계: 설정을 secrets로 받는 작업 Task Definition
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

      # TODO(2단계): LOG_LEVEL이 Task Definition에 하드코딩되어 있고, DB_PASSWORD는
      #   아예 없습니다. environment에서 LOG_LEVEL을 빼고 secrets를 추가하세요.
      #   secrets = [
      #     { name = "LOG_LEVEL",   valueFrom = <log_level 파라미터의 arn> },
      #     { name = "DB_PASSWORD", valueFrom = <db_password 파라미터의 arn> },
      #   ]
      #   그리고 Task Definition 블록 끝에
      #   depends_on = [aws_iam_role_policy.execution_params]를 추가하세요.
      environment = [
        { name = "APP_ENV", value = "lab" },
        { name = "LOG_LEVEL", value = "info" },
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
}
