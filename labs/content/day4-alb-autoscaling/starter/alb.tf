# 3단계: ALB, target group, listener
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

  # TODO(3단계): health_check 블록을 추가하세요. 기본값 그대로면 새 Task가
  #   30초 x 5번 = 150초가 지나야 트래픽을 받습니다.
  #   path = var.health_check_path, matcher = "200", interval = 15,
  #   timeout = 5, healthy_threshold = 2, unhealthy_threshold = 3
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.main.arn
  port              = 80
  protocol          = "HTTP"

  # TODO(3단계): 지금은 모든 요청에 503을 돌려줍니다. default_action을
  #   type = "forward", target_group_arn = 위 target group의 arn으로 바꾸세요.
  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "listener is not forwarding yet"
      status_code  = "503"
    }
  }
}
