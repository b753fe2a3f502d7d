# 4단계: 클러스터, execution role, 로그 그룹, Fargate Task Definition
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

resource "aws_cloudwatch_log_group" "web" {
  name = "/ecs/${local.name}-web"

  # TODO(4단계): 보존 기간이 없으면 로그가 영원히 쌓입니다.
  #   retention_in_days를 변수 log_retention_days로 정하세요.
}

resource "aws_ecs_task_definition" "web" {
  family                   = "${local.name}-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"

  # TODO(4단계): 하드코딩된 크기를 변수 task_cpu, task_memory로 바꾸세요.
  #   Task 수준 cpu/memory는 문자열이므로 tostring(...)으로 감쌉니다.
  cpu                = "256"
  memory             = "512"
  execution_role_arn = aws_iam_role.execution.arn

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

      # TODO(4단계): logConfiguration을 추가해 stdout/stderr를 CloudWatch Logs로 보내세요.
      #   logDriver = "awslogs", options 안에
      #   "awslogs-group"         = 위 로그 그룹의 name (참조)
      #   "awslogs-region"        = data.aws_region.current.region
      #   "awslogs-stream-prefix" = "ecs"
    }
  ])
}
