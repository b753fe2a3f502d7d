# awstutor lab verify는 이 output 이름으로 리소스를 찾습니다. 이름을 바꾸지 마세요.

output "ecr_repository_url" {
  description = "docker tag/push 대상 주소 (<계정>.dkr.ecr.<리전>.amazonaws.com/<이름>)"
  value       = aws_ecr_repository.web.repository_url
}

output "ecr_repository_name" {
  description = "aws ecr describe-images --repository-name에 쓸 이름"
  value       = aws_ecr_repository.web.name
}

output "ecs_cluster_name" {
  description = "Service가 속한 클러스터"
  value       = aws_ecs_cluster.main.name
}

output "ecs_service_name" {
  description = "Fargate Service 이름"
  value       = aws_ecs_service.web.name
}

output "task_definition_arn" {
  description = "Service가 쓰는 Task Definition 리비전"
  value       = aws_ecs_task_definition.web.arn
}

output "log_group_name" {
  description = "aws logs tail에 쓸 로그 그룹"
  value       = aws_cloudwatch_log_group.web.name
}

output "environment" {
  description = "이 state가 담고 있는 환경 (dev 또는 prod)"
  value       = var.environment
}
