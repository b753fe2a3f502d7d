# 단계 3 (http-api): GET /me를 처리할 Lambda 함수.
#
# 함수 코드는 src/handler.py에 이미 있습니다(JWT 클레임을 JSON으로 돌려줌).
# 아래 코드의 주석(# )을 풀고 TODO를 채우세요.

# data "aws_iam_policy_document" "lambda_assume" {
#   statement {
#     actions = ["sts:AssumeRole"]
#
#     principals {
#       type        = "Service"
#       identifiers = ["lambda.amazonaws.com"]
#     }
#   }
# }
#
# resource "aws_iam_role" "lambda" {
#   name               = "${var.prefix}-me-lambda"
#   assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
# }
#
# # CloudWatch Logs에 로그를 쓸 권한만 주는 AWS 관리형 정책.
# resource "aws_iam_role_policy_attachment" "lambda_logs" {
#   role       = aws_iam_role.lambda.name
#   policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
# }
#
# # 로그 그룹을 Terraform이 만들면 보존 기간을 정할 수 있고 destroy 때 함께 지워진다.
# resource "aws_cloudwatch_log_group" "me" {
#   name              = "/aws/lambda/${var.prefix}-me"
#   retention_in_days = 1
# }
#
# # src/handler.py를 zip으로 묶는다(archive provider, AWS를 부르지 않음).
# data "archive_file" "me" {
#   type        = "zip"
#   source_file = "${path.module}/src/handler.py"
#   output_path = "${path.module}/build/me.zip"
# }
#
# resource "aws_lambda_function" "me" {
#   function_name = "${var.prefix}-me"
#   role          = aws_iam_role.lambda.arn
#   runtime       = "python3.13"
#   handler       = "handler.handler"
#   architectures = ["arm64"]
#
#   filename         = data.archive_file.me.output_path
#   source_code_hash = data.archive_file.me.output_base64sha256
#
#   # TODO 3-1: 가장 작은 메모리 128MB(memory_size)와 짧은 timeout 5초를 적으세요.
#
#   depends_on = [
#     aws_iam_role_policy_attachment.lambda_logs,
#     aws_cloudwatch_log_group.me,
#   ]
# }
#
# output "function_name" {
#   description = "GET /me를 처리하는 Lambda 함수 이름"
#   value       = aws_lambda_function.me.function_name
# }
