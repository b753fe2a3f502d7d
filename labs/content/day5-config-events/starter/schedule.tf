# 3단계: EventBridge 스케줄 규칙으로 작업 Task 실행하기
#
# 목표: 매일 한국 시간(KST) 09:00에 작업 Task를 한 번 띄운다.

# TODO(3단계): 이 식에는 한국 팀이 가장 자주 내는 버그가 있습니다.
#   규칙의 cron은 KST가 아니라 항상 UTC로 해석됩니다. 지금 식은 매일 UTC 09:00,
#   즉 KST 18:00에 돕니다. KST 09:00(= UTC 00:00)이 되도록 고치고 description도
#   맞게 고치세요. (필드는 6개: 분 시 일 월 요일 연도, 일과 요일 중 하나는 ?)
resource "aws_cloudwatch_event_rule" "daily_job" {
  name                = "${local.name}-daily-job"
  description         = "Daily 09:00 KST: run the config job"
  schedule_expression = "cron(0 9 * * ? *)"
}

# TODO(3단계): 규칙에 ECS 타깃을 붙이세요. 리소스 세 개가 필요합니다.
#
# 1) resource "aws_iam_role" "events_run_task"
#      name = "${local.name}-events-run-task"
#      신뢰 정책의 Principal = { Service = "events.amazonaws.com" }
#
# 2) resource "aws_iam_role_policy" "events_run_task"
#      - ecs:RunTask       Resource = aws_ecs_task_definition.job.arn
#                          Condition = { ArnEquals = { "ecs:cluster" = <클러스터 arn> } }
#      - iam:PassRole      Resource = aws_iam_role.execution.arn
#                          Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
#
# 3) resource "aws_cloudwatch_event_target" "daily_job"
#      rule      = 위 규칙의 name
#      target_id = "run-config-job"
#      arn       = 클러스터의 arn          (타깃은 Task Definition이 아니라 클러스터)
#      role_arn  = 1)의 역할 arn
#      ecs_target {
#        task_definition_arn = aws_ecs_task_definition.job.arn
#        task_count          = 1
#        launch_type         = "FARGATE"
#        platform_version    = "LATEST"
#        network_configuration {
#          subnets          = data.aws_subnets.default.ids
#          security_groups  = [aws_security_group.job.id]
#          assign_public_ip = true
#        }
#      }
#      retry_policy { maximum_event_age_in_seconds = 3600, maximum_retry_attempts = 3 }
#      depends_on = [aws_iam_role_policy.events_run_task]
