data "aws_region" "current" {}

# 클러스터 자체에는 요금이 없다. Container Insights는 실습에서 끈다.
resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "disabled"
  }
}

# execution role: ECS가 이미지를 받고 로그를 쓸 때 쓰는 역할
resource "aws_iam_role" "execution" {
  name = "${local.name}-exec"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

# 로그 그룹은 Terraform이 보존 기간과 함께 먼저 만든다.
resource "aws_cloudwatch_log_group" "web" {
  name              = "/ecs/${local.name}-web"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_task_definition" "web" {
  family                   = "${local.name}-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.task_cpu)
  memory                   = tostring(var.task_memory)
  execution_role_arn       = aws_iam_role.execution.arn

  # Graviton(ARM64)이 약 20% 싸지만, 이미지가 arm64용이어야 한다.
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name      = "web"
      image     = var.image
      essential = true
      portMappings = [
        { containerPort = var.container_port, protocol = "tcp" }
      ]
      environment = [
        { name = "APP_ENV", value = var.environment }
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.web.name
          "awslogs-region"        = data.aws_region.current.region
          "awslogs-stream-prefix" = "ecs"
        }
      }
    }
  ])

  # 두 변수를 함께 보는 검사는 validation 대신 precondition에 둔다.
  # (validation에서 다른 변수를 참조하려면 Terraform 1.9 이상이 필요하다.)
  lifecycle {
    precondition {
      condition     = contains(lookup(local.fargate_memory_options, tostring(var.task_cpu), []), var.task_memory)
      error_message = "task_cpu와 task_memory가 Fargate의 유효한 조합이 아닙니다 (예: 256/512, 512/1024)."
    }
  }
}
