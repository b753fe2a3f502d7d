# 인터넷용 ALB: 두 AZ의 퍼블릭 서브넷에 노드가 하나씩 뜬다.
resource "aws_lb" "main" {
  name               = "${local.name}-alb"
  load_balancer_type = "application"
  internal           = false
  security_groups    = [aws_security_group.alb.id]
  subnets            = [aws_subnet.public_a.id, aws_subnet.public_b.id]
}

# Fargate(awsvpc)는 Task마다 IP를 가지므로 target_type은 반드시 "ip"다.
resource "aws_lb_target_group" "web" {
  name                 = "${local.name}-web"
  port                 = var.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = aws_vpc.main.id
  deregistration_delay = 30

  # 새 Task는 15초 x 2번 = 약 30초 뒤 healthy, 고장은 15초 x 3번 = 약 45초 뒤 감지
  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.main.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
