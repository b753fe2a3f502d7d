# 스케줄 작업은 기본 VPC의 퍼블릭 서브넷에서 퍼블릭 IP로 돈다(NAT 없음).
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

# 작업 Task는 요청을 받지 않으므로 인바운드 규칙이 없다.
resource "aws_security_group" "job" {
  name        = "${local.name}-job"
  description = "Scheduled job tasks: outbound only"
  vpc_id      = data.aws_vpc.default.id
}

# 이미지 pull, Parameter Store, CloudWatch Logs로 나가는 길
resource "aws_vpc_security_group_egress_rule" "job_all" {
  security_group_id = aws_security_group.job.id
  description       = "ECR Public, SSM, CloudWatch Logs"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}
