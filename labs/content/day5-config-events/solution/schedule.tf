# 매일 09:00 KST에 작업 Task를 한 번 띄우는 EventBridge 스케줄 규칙.
# 규칙의 cron은 항상 UTC다: 09:00 KST(UTC+9) = 00:00 UTC.
resource "aws_cloudwatch_event_rule" "daily_job" {
  name                = "${local.name}-daily-job"
  description         = "Daily 09:00 KST (= 00:00 UTC): run the config job"
  schedule_expression = "cron(0 0 * * ? *)"
}

# EventBridge가 ecs:RunTask를 부를 때 맡는 역할
resource "aws_iam_role" "events_run_task" {
  name = "${local.name}-events-run-task"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# 이 Task Definition을 이 클러스터에서만 실행하고, 그 Task에 execution role을
# 넘길(PassRole) 수 있다. 그 이상은 없다.
resource "aws_iam_role_policy" "events_run_task" {
  name = "run-day5-job"
  role = aws_iam_role.events_run_task.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RunTheJobOnThisCluster"
        Effect    = "Allow"
        Action    = "ecs:RunTask"
        Resource  = aws_ecs_task_definition.job.arn
        Condition = { ArnEquals = { "ecs:cluster" = aws_ecs_cluster.main.arn } }
      },
      {
        Sid       = "PassTheExecutionRole"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = aws_iam_role.execution.arn
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
    ]
  })
}

resource "aws_cloudwatch_event_target" "daily_job" {
  rule      = aws_cloudwatch_event_rule.daily_job.name
  target_id = "run-config-job"
  arn       = aws_ecs_cluster.main.arn
  role_arn  = aws_iam_role.events_run_task.arn

  ecs_target {
    task_definition_arn = aws_ecs_task_definition.job.arn
    task_count          = 1
    launch_type         = "FARGATE"
    platform_version    = "LATEST"

    network_configuration {
      subnets          = data.aws_subnets.default.ids
      security_groups  = [aws_security_group.job.id]
      assign_public_ip = true
    }
  }

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 3
  }

  # 역할에 정책이 붙기 전에 규칙이 발화하면 RunTask가 거부된다.
  depends_on = [aws_iam_role_policy.events_run_task]
}
