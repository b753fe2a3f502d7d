# awstutor lab verify는 이 output 이름으로 리소스를 찾습니다. 이름을 바꾸지 마세요.

# TODO(3단계): ECR 리포지토리의 두 값을 output으로 내보내세요. docker push와
#   awstutor의 검사가 이 값을 씁니다. description도 적으세요.
#   - output "ecr_repository_url"  : aws_ecr_repository.web.repository_url
#   - output "ecr_repository_name" : aws_ecr_repository.web.name

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

# TODO(4단계): 로그 그룹 이름을 output "log_group_name"으로 내보내세요.
#   aws logs tail "$(terraform output -raw log_group_name)" --follow 에 씁니다.

output "environment" {
  description = "이 state가 담고 있는 환경 (dev 또는 prod)"
  value       = var.environment
}
