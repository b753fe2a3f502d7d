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

# 최소 권한: 이 Task가 쓰는 파라미터 두 개만, 필요한 액션 하나만.
# - ECS가 secrets를 읽을 때 쓰는 액션은 ssm:GetParameters(복수형) 하나다.
#   ssm:GetParameter*로 줄이면 GetParameterHistory(과거 값)까지 열린다.
# - kms:Decrypt는 넣지 않는다. SecureString이 AWS 관리형 키(alias/aws/ssm)로
#   암호화되어 있으면, 그 키의 정책이 같은 계정에서 SSM을 거친 복호화를 이미
#   허용한다. 고객 관리형 키(CMK)를 쓴다면 그 키 ARN 하나에 대해 kms:Decrypt를
#   kms:ViaService = ssm.<리전>.amazonaws.com 조건과 함께 추가한다.
resource "aws_iam_role_policy" "execution_params" {
  name = "read-day5-parameters"
  role = aws_iam_role.execution.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "ReadTaskSecrets"
      Effect = "Allow"
      Action = ["ssm:GetParameters"]
      Resource = [
        aws_ssm_parameter.log_level.arn,
        aws_ssm_parameter.db_password.arn,
      ]
    }]
  })
}
