# 단계 3 (http-api): HTTP API + Cognito JWT authorizer + Lambda 통합.
#
#   GET /me --> [stage $default: throttling] --> [JWT authorizer] --> Lambda
#
# lambda.tf와 함께 이 파일의 주석(# )을 풀고 TODO를 채우세요.

# resource "aws_apigatewayv2_api" "http" {
#   name          = "${var.prefix}-http"
#   protocol_type = "HTTP"
# }
#
# resource "aws_apigatewayv2_authorizer" "cognito" {
#   api_id           = aws_apigatewayv2_api.http.id
#   name             = "cognito-jwt"
#   authorizer_type  = "JWT"
#   identity_sources = ["$request.header.Authorization"]
#
#   jwt_configuration {
#     # TODO 3-2: issuer는 "https://cognito-idp.<리전>.amazonaws.com/<User Pool ID>"
#     #   var.region과 aws_cognito_user_pool.this.id로 만드세요. 끝에 / 없이.
#     # TODO 3-3: audience는 앱 클라이언트 ID의 목록입니다(User Pool ID가 아님).
#   }
# }
#
# resource "aws_apigatewayv2_integration" "me" {
#   api_id                 = aws_apigatewayv2_api.http.id
#   integration_type       = "AWS_PROXY"
#   integration_uri        = aws_lambda_function.me.invoke_arn
#   payload_format_version = "2.0"
# }
#
# resource "aws_apigatewayv2_route" "me" {
#   api_id    = aws_apigatewayv2_api.http.id
#   route_key = "GET /me"
#   target    = "integrations/${aws_apigatewayv2_integration.me.id}"
#
#   # TODO 3-4: 이 라우트에 JWT authorizer를 거세요.
#   #   authorization_type = "JWT", authorizer_id = 위 authorizer의 id
# }
#
# resource "aws_apigatewayv2_stage" "default" {
#   api_id      = aws_apigatewayv2_api.http.id
#   name        = "$default"
#   auto_deploy = true
#
#   # TODO 3-5: default_route_settings 블록으로 모든 라우트의 기본 한도를 거세요.
#   #   throttling_burst_limit = 10, throttling_rate_limit = 5
# }
#
# # TODO 3-6: API Gateway가 함수를 부를 수 있게 허락하세요(없으면 500).
# #   resource "aws_lambda_permission" "http_api"
# #   - statement_id  = "AllowHttpApiInvoke"
# #   - action        = "lambda:InvokeFunction"
# #   - function_name = aws_lambda_function.me.function_name
# #   - principal     = "apigateway.amazonaws.com"
# #   - source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
#
# output "http_api_id" {
#   description = "HTTP API ID"
#   value       = aws_apigatewayv2_api.http.id
# }
#
# output "http_api_endpoint" {
#   description = "HTTP API 기본 URL. 뒤에 /me를 붙여 호출합니다."
#   value       = aws_apigatewayv2_api.http.api_endpoint
# }
