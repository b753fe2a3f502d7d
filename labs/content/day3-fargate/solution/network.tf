# 기본 VPC와 그 기본 서브넷을 "읽기만" 한다. destroy해도 기본 VPC는 남는다.
data "aws_vpc" "default" {
  default = true
}

data "aws_subnets" "default" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default.id]
  }

  filter {
    name   = "default-for-az"
    values = ["true"]
  }
}

resource "aws_security_group" "task" {
  name        = "${local.name}-task"
  description = "Fargate tasks of ${local.name}"
  vpc_id      = data.aws_vpc.default.id
}

# 인바운드: 내 IP에서 컨테이너 포트로만 (기본값은 아무도 접속할 수 없는 문서용 주소)
resource "aws_vpc_security_group_ingress_rule" "task_from_me" {
  security_group_id = aws_security_group.task.id
  description       = "HTTP from my IP only"
  cidr_ipv4         = var.my_ip_cidr
  ip_protocol       = "tcp"
  from_port         = var.container_port
  to_port           = var.container_port
}

# 아웃바운드: ECR에서 이미지를 받고 CloudWatch Logs로 로그를 보내야 한다.
# Terraform은 새 보안 그룹의 기본 egress 규칙을 지우므로 꼭 적어야 한다.
resource "aws_vpc_security_group_egress_rule" "task_all" {
  security_group_id = aws_security_group.task.id
  description       = "ECR, CloudWatch Logs"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}
