# awstutor lab verify는 이 output 이름으로 리소스를 찾습니다. 이름을 바꾸지 마세요.

output "log_level_parameter_name" {
  description = "String 파라미터 이름"
  value       = aws_ssm_parameter.log_level.name
}

output "log_level_parameter_arn" {
  description = "String 파라미터 ARN (Task Definition의 valueFrom)"
  value       = aws_ssm_parameter.log_level.arn
}

output "db_password_parameter_name" {
  description = "SecureString 파라미터 이름 (값은 output으로 내보내지 않는다)"
  value       = aws_ssm_parameter.db_password.name
}

output "db_password_parameter_arn" {
  description = "SecureString 파라미터 ARN (Task Definition의 valueFrom)"
  value       = aws_ssm_parameter.db_password.arn
}

output "cluster_name" {
  description = "작업 Task가 도는 ECS 클러스터"
  value       = aws_ecs_cluster.main.name
}

output "cluster_arn" {
  description = "스케줄 타깃과 이벤트 패턴이 가리키는 클러스터 ARN"
  value       = aws_ecs_cluster.main.arn
}

output "task_definition_arn" {
  description = "secrets로 설정을 받는 작업 Task Definition"
  value       = aws_ecs_task_definition.job.arn
}

output "execution_role_name" {
  description = "파라미터 두 개만 읽을 수 있는 execution role"
  value       = aws_iam_role.execution.name
}

output "log_group_name" {
  description = "작업 로그 (aws logs tail)"
  value       = aws_cloudwatch_log_group.job.name
}

output "schedule_rule_name" {
  description = "매일 09:00 KST 작업을 띄우는 스케줄 규칙"
  value       = aws_cloudwatch_event_rule.daily_job.name
}

output "events_rule_name" {
  description = "이 클러스터의 Task STOPPED 이벤트를 고르는 규칙"
  value       = aws_cloudwatch_event_rule.task_stopped.name
}

output "events_queue_url" {
  description = "Task 이벤트가 쌓이는 SQS 큐 (aws sqs receive-message)"
  value       = aws_sqs_queue.task_events.url
}

output "events_queue_arn" {
  description = "Task 이벤트 큐 ARN"
  value       = aws_sqs_queue.task_events.arn
}

output "subnet_ids" {
  description = "작업 Task를 손으로 띄울 때(aws ecs run-task) 쓸 서브넷"
  value       = data.aws_subnets.default.ids
}

output "job_security_group_id" {
  description = "작업 Task를 손으로 띄울 때 쓸 보안 그룹"
  value       = aws_security_group.job.id
}
