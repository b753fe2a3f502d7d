# 단계 3 (http-api): GET /me를 처리할 Lambda 함수.

# Lambda 서비스가 이 역할을 맡을(assume) 수 있게 하는 신뢰 정책.
data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  name               = "${var.prefix}-me-lambda"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

# CloudWatch Logs에 로그를 쓸 권한만 주는 AWS 관리형 정책.
resource "aws_iam_role_policy_attachment" "lambda_logs" {
  role       = aws_iam_role.lambda.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# 로그 그룹을 Terraform이 만들어 두면 보존 기간을 정할 수 있고, destroy 때
# 함께 지워진다. (없으면 Lambda가 첫 실행 때 보존 기간 없이 만들고 남긴다.)
resource "aws_cloudwatch_log_group" "me" {
  name              = "/aws/lambda/${var.prefix}-me"
  retention_in_days = 1
}

# src/handler.py를 zip으로 묶는다. archive provider가 로컬에서 하는 일이라
# AWS를 부르지 않는다.
data "archive_file" "me" {
  type        = "zip"
  source_file = "${path.module}/src/handler.py"
  output_path = "${path.module}/build/me.zip"
}

resource "aws_lambda_function" "me" {
  function_name = "${var.prefix}-me"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.13"
  handler       = "handler.handler" # 파일 handler.py의 함수 handler
  architectures = ["arm64"]         # Graviton: x86보다 GB-초 단가가 낮다

  filename         = data.archive_file.me.output_path
  source_code_hash = data.archive_file.me.output_base64sha256 # 코드가 바뀌면 다시 올린다

  memory_size = 128 # 가장 작은 크기(MB)
  timeout     = 5   # 초

  depends_on = [
    aws_iam_role_policy_attachment.lambda_logs,
    aws_cloudwatch_log_group.me,
  ]
}

output "function_name" {
  description = "GET /me를 처리하는 Lambda 함수 이름"
  value       = aws_lambda_function.me.function_name
}
