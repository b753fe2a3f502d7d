# ECR 리포지토리: 푸시할 때 스캔하고, 이미지는 몇 개만 남긴다.
resource "aws_ecr_repository" "web" {
  name                 = "${local.name}/web"
  image_tag_mutability = "IMMUTABLE"

  # 실습용: 이미지가 남아 있어도 destroy가 리포지토리를 지울 수 있게 한다.
  # 운영 리포지토리에는 켜지 마세요.
  force_delete = true

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "web" {
  repository = aws_ecr_repository.web.name

  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "untagged images expire one day after push"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 1
        }
        action = { type = "expire" }
      },
      {
        # tagStatus = "any" 규칙은 가장 큰 rulePriority여야 한다.
        rulePriority = 2
        description  = "keep only the 5 most recent images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = 5
        }
        action = { type = "expire" }
      },
    ]
  })
}
