# 2단계: 보안 그룹 체인  인터넷 -> ALB SG(80) -> task SG(컨테이너 포트)
resource "aws_security_group" "alb" {
  name        = "${local.name}-alb"
  description = "Internet to the ALB"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group" "task" {
  name        = "${local.name}-task"
  description = "ALB to the ECS tasks"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTP from anywhere"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

# Task는 ECR에서 이미지를 받고 CloudWatch Logs에 써야 한다.
resource "aws_vpc_security_group_egress_rule" "task_all" {
  security_group_id = aws_security_group.task.id
  description       = "ECR, CloudWatch Logs"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

# TODO(2단계): 두 보안 그룹을 잇는 규칙 두 개를 추가하세요. IP 대역이 아니라
#   보안 그룹 ID(referenced_security_group_id)로 출처와 목적지를 지정합니다.
#   - aws_vpc_security_group_egress_rule "alb_to_task":
#       ALB SG에서 task SG로, tcp var.container_port
#   - aws_vpc_security_group_ingress_rule "task_from_alb":
#       task SG로 ALB SG에서만, tcp var.container_port
#   cidr_ipv4와 referenced_security_group_id는 한 규칙에 하나만 씁니다.
#   Task SG를 0.0.0.0/0으로 열어 "일단 되게" 만드는 것은 정답이 아닙니다.
