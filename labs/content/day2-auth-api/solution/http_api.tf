# 단계 3 (http-api): HTTP API + Cognito JWT authorizer + Lambda 통합.
#
#   GET /me --> [stage $default: throttling] --> [JWT authorizer] --> Lambda

resource "aws_apigatewayv2_api" "http" {
  name          = "${var.prefix}-http"
  protocol_type = "HTTP"
}

# Cognito가 발급한 토큰만 통과시키는 authorizer.
# issuer는 User Pool의 주소, audience는 앱 클라이언트 ID(User Pool ID가 아님).
resource "aws_apigatewayv2_authorizer" "cognito" {
  api_id           = aws_apigatewayv2_api.http.id
  name             = "cognito-jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = "https://cognito-idp.${var.region}.amazonaws.com/${aws_cognito_user_pool.this.id}"
    audience = [aws_cognito_user_pool_client.spa.id]
  }
}

# Lambda proxy 통합. payload 2.0이면 함수가 requestContext.authorizer.jwt.claims를 받는다.
resource "aws_apigatewayv2_integration" "me" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.me.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "me" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "GET /me"
  target             = "integrations/${aws_apigatewayv2_integration.me.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.cognito.id
}

# $default 스테이지 + auto_deploy: 라우트를 바꾸면 바로 반영되고 URL에 스테이지
# 이름이 붙지 않는다. 모든 라우트의 기본 한도를 작게 걸어 둔다.
resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = 10 # 한꺼번에 몰려도 받아 주는 양(token bucket 크기)
    throttling_rate_limit  = 5  # 초당 평균 요청 수
  }
}

# API Gateway가 이 함수를 호출해도 된다는 허락(함수의 리소스 기반 정책).
# 없으면 라우트와 통합이 맞아도 500이 난다. source_arn으로 이 API만 허용한다.
resource "aws_lambda_permission" "http_api" {
  statement_id  = "AllowHttpApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.me.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
}

output "http_api_id" {
  description = "HTTP API ID"
  value       = aws_apigatewayv2_api.http.id
}

output "http_api_endpoint" {
  description = "HTTP API 기본 URL. $default 스테이지라 뒤에 /me를 붙여 호출합니다."
  value       = aws_apigatewayv2_api.http.api_endpoint
}
