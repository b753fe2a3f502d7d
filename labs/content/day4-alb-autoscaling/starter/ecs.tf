# 4단계: ECS 서비스를 target group에 연결하기
#
# 클러스터, execution role, 로그 그룹, Task Definition은 완성되어 있습니다.
# 고칠 곳은 맨 아래 aws_ecs_service 하나입니다.
data "aws_region" "current" {}

resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "disabled"
  }
}

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

# 이 연결은 아무도 참조하지 않는다. 그래서 서비스에 depends_on으로 순서를 적는다.
resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_cloudwatch_log_group" "web" {
  name              = "/ecs/${local.name}-web"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_task_definition" "web" {
  family                   = "${local.name}-web"
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
      name         = "web"
      image        = var.image
      essential    = true
      portMappings = [{ containerPort = var.container_port, protocol = "tcp" }]
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
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = [aws_subnet.public_a.id, aws_subnet.public_b.id]
    security_groups = [aws_security_group.task.id]
    # NAT 게이트웨이가 없으므로 ECR에 닿으려면 퍼블릭 IP가 필요하다.
    # 인바운드는 task SG가 ALB SG에서 오는 것만 허용한다.
    assign_public_ip = true
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # TODO(4단계): 서비스가 아직 ALB와 연결되어 있지 않습니다.
  #   1. load_balancer 블록: target_group_arn = target group의 arn,
  #      container_name = "web", container_port = var.container_port
  #   2. health_check_grace_period_seconds = 60 (load_balancer가 있어야 쓸 수 있음)
  #   3. depends_on = [aws_lb_listener.http, aws_iam_role_policy_attachment.execution]
  #      서비스는 listener를 참조하지 않지만, listener가 없으면 target group이
  #      ALB에 연결되지 않아 서비스 생성이 실패합니다.
  #   4. lifecycle { ignore_changes = [desired_count] }
  #      5단계의 Auto Scaling이 바꾼 Task 수를 apply가 되돌리지 않게 합니다.
}
