# ECS Task State Change 이벤트 중 "이 클러스터의 Task가 STOPPED"만 SQS 큐로 보낸다.
resource "aws_sqs_queue" "task_events" {
  name                      = "${local.name}-task-events"
  message_retention_seconds = 86400 # 1일
}

resource "aws_cloudwatch_event_rule" "task_stopped" {
  name        = "${local.name}-task-stopped"
  description = "ECS tasks of ${aws_ecs_cluster.main.name} that reached STOPPED"

  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Task State Change"]
    detail = {
      clusterArn = [aws_ecs_cluster.main.arn]
      lastStatus = ["STOPPED"]
    }
  })
}

resource "aws_cloudwatch_event_target" "task_stopped_queue" {
  rule      = aws_cloudwatch_event_rule.task_stopped.name
  target_id = "task-events-queue"
  arn       = aws_sqs_queue.task_events.arn
}

# SQS 타깃은 역할이 아니라 큐의 리소스 정책으로 허용한다.
# 이 규칙(aws:SourceArn)만 이 큐에 보낼 수 있다.
resource "aws_sqs_queue_policy" "task_events" {
  queue_url = aws_sqs_queue.task_events.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowTaskStoppedRule"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.task_events.arn
      Condition = {
        ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.task_stopped.arn }
      }
    }]
  })
}
