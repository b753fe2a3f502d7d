# 3단계: ECR 리포지토리
resource "aws_ecr_repository" "web" {
  name                 = "${local.name}/web"
  image_tag_mutability = "IMMUTABLE"

  # 실습용: 이미지가 남아 있어도 destroy가 리포지토리를 지울 수 있게 한다.
  # 운영 리포지토리에는 켜지 마세요.
  force_delete = true

  # TODO(3단계): 푸시할 때마다 기본 스캔이 돌도록
  #   image_scanning_configuration 블록을 추가하세요 (scan_on_push = true).
}

# TODO(3단계): aws_ecr_lifecycle_policy 리소스를 추가하세요.
#   - repository는 위 리포지토리의 name을 참조합니다(문자열로 적지 마세요).
#   - policy는 jsonencode({ rules = [...] })로 씁니다.
#   - 규칙 1: tagStatus "untagged"는 푸시 후 1일이 지나면 expire
#   - 규칙 2: tagStatus "any"는 최근 5개만 남기고 expire
#     (countType "imageCountMoreThan", "any" 규칙의 rulePriority가 가장 커야 함)
