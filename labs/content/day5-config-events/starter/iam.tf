# 2단계: execution role과 최소 권한 정책

# execution role: ECS가 Task를 "시작하기 위해" 쓰는 역할
# (이미지 pull, 로그 쓰기, secrets에 적힌 파라미터 읽기)
resource "aws_iam_role" "execution" {
  name = "${local.name}-exec"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# ECR pull과 CloudWatch Logs 쓰기 (Parameter Store 권한은 들어 있지 않다)
resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

# TODO(2단계): 관리형 정책에는 Parameter Store 권한이 없습니다. 이대로면 Task가
#   시작할 때 secrets를 읽지 못해 ResourceInitializationError로 멈춥니다.
#   aws_iam_role_policy "execution_params"를 만들어 최소 권한만 주세요.
#   - role   = aws_iam_role.execution.id
#   - Action = ["ssm:GetParameters"]   (복수형 하나만. "ssm:*"나 "ssm:GetParameter*" 금지)
#   - Resource = 파라미터 두 개의 ARN (aws_ssm_parameter.<이름>.arn). "*" 금지
#   - kms:Decrypt는 필요 없습니다(기본 키 alias/aws/ssm). 가이드에서 이유를 확인하세요.
