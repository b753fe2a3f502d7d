# 5단계: 기본 VPC의 퍼블릭 서브넷에 Fargate Service 띄우기
#
# 지금은 Task를 하나도 띄우지 않고(desired_count = 0), 퍼블릭 IP도 꺼져 있습니다.
# 퍼블릭 서브넷인데 퍼블릭 IP가 없으면 Task는 ECR에 닿지 못해
# CannotPullContainerError로 멈춥니다.
resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  launch_type     = "FARGATE"

  # TODO(5단계): 하드코딩된 0 대신 변수 desired_count를 쓰세요.
  desired_count = 0

  network_configuration {
    subnets = data.aws_subnets.default.ids

    # TODO(5단계): network.tf의 보안 그룹을 security_groups로 지정하세요.
    #   지정하지 않으면 VPC의 default 보안 그룹이 붙습니다.

    # TODO(5단계): 퍼블릭 IP를 켜세요 (NAT 게이트웨이가 없으므로 필요합니다).
    assign_public_ip = false
  }

  # 정책이 붙기 전에 Task가 뜨면 이미지를 받지 못한다(Day 4에서 자세히).
  depends_on = [aws_iam_role_policy_attachment.execution]
}
