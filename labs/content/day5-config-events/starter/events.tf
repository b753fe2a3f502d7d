# 4단계: ECS Task 이벤트를 SQS 큐로
resource "aws_sqs_queue" "task_events" {
  name                      = "${local.name}-task-events"
  message_retention_seconds = 86400 # 1일
}

# TODO(4단계): 지금 패턴은 계정의 모든 ECS 이벤트(다른 클러스터, 서비스 변경,
#   배포 상태...)를 다 받습니다. 다음 네 조건으로 좁히세요.
#     source        = ["aws.ecs"]
#     "detail-type" = ["ECS Task State Change"]
#     detail = {
#       clusterArn = [이 랩 클러스터의 arn]   (문자열로 적지 말고 참조)
#       lastStatus = ["STOPPED"]
#     }
#   jsonencode 안에서 하이픈이 들어간 키는 따옴표로 감쌉니다("detail-type").
resource "aws_cloudwatch_event_rule" "task_stopped" {
  name        = "${local.name}-task-stopped"
  description = "ECS tasks of ${aws_ecs_cluster.main.name} that reached STOPPED"

  event_pattern = jsonencode({
    source = ["aws.ecs"]
  })
}

# TODO(4단계): 리소스 두 개를 더 만드세요.
#
# 1) resource "aws_cloudwatch_event_target" "task_stopped_queue"
#      rule = 위 규칙의 name, target_id = "task-events-queue", arn = 큐의 arn
#      (SQS 타깃에는 role_arn이 필요 없습니다)
#
# 2) resource "aws_sqs_queue_policy" "task_events"
#      queue_url = aws_sqs_queue.task_events.id
#      policy: Principal = { Service = "events.amazonaws.com" },
#              Action = "sqs:SendMessage", Resource = 큐의 arn,
#              Condition = { ArnEquals = { "aws:SourceArn" = 규칙의 arn } }
#      이 정책이 없으면 규칙과 타깃은 멀쩡한데 메시지가 오지 않습니다.
