# awstutor lab verify는 이 output 이름으로 리소스를 찾습니다. 이름을 바꾸지 마세요.

output "vpc_id" {
  description = "이 랩이 만든 VPC"
  value       = aws_vpc.main.id
}

output "public_subnet_ids" {
  description = "두 AZ의 퍼블릭 서브넷 (ALB와 Task가 함께 쓴다)"
  value       = [aws_subnet.public_a.id, aws_subnet.public_b.id]
}

output "alb_security_group_id" {
  description = "인터넷에서 80을 받는 ALB의 보안 그룹"
  value       = aws_security_group.alb.id
}

output "task_security_group_id" {
  description = "ALB에서만 들어올 수 있는 Task의 보안 그룹"
  value       = aws_security_group.task.id
}

output "alb_arn" {
  description = "ALB ARN"
  value       = aws_lb.main.arn
}

output "alb_dns_name" {
  description = "브라우저나 curl로 접속할 주소 (http://)"
  value       = aws_lb.main.dns_name
}

output "target_group_arn" {
  description = "ECS 서비스가 Task를 등록하는 target group"
  value       = aws_lb_target_group.web.arn
}

output "listener_arn" {
  description = "80 포트 HTTP listener"
  value       = aws_lb_listener.http.arn
}

output "cluster_name" {
  description = "ECS 클러스터 이름"
  value       = aws_ecs_cluster.main.name
}

output "service_name" {
  description = "ECS 서비스 이름"
  value       = aws_ecs_service.web.name
}

output "log_group_name" {
  description = "aws logs tail에 쓸 로그 그룹"
  value       = aws_cloudwatch_log_group.web.name
}

output "scaling_policy_arn" {
  description = "CPU target tracking 정책"
  value       = aws_appautoscaling_policy.cpu.arn
}

output "alarm_name" {
  description = "unhealthy target 알람"
  value       = aws_cloudwatch_metric_alarm.unhealthy_targets.alarm_name
}

output "alarm_topic_arn" {
  description = "알람이 알림을 보내는 SNS 토픽 (구독은 aws sns subscribe로)"
  value       = aws_sns_topic.alerts.arn
}
