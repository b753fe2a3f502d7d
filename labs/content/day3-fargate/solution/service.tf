# 기본 VPC의 퍼블릭 서브넷에서 퍼블릭 IP를 받아 도는 Fargate Service
resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = data.aws_subnets.default.ids
    security_groups = [aws_security_group.task.id]
    # NAT 게이트웨이가 없으므로, ECR과 CloudWatch Logs에 닿으려면 퍼블릭 IP가 필요하다.
    assign_public_ip = true
  }

  # 정책이 붙기 전에 Task가 뜨면 이미지를 받지 못한다(Day 4에서 자세히).
  depends_on = [aws_iam_role_policy_attachment.execution]
}
