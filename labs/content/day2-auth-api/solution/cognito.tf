# 단계 2 (user-pool): Cognito User Pool과 공개(public) 앱 클라이언트.

resource "aws_cognito_user_pool" "this" {
  name = "${var.prefix}-users"

  # 가입할 때 비밀번호가 지켜야 할 규칙.
  password_policy {
    minimum_length                   = 10
    require_lowercase                = true
    require_numbers                  = true
    require_symbols                  = false
    require_uppercase                = false
    temporary_password_validity_days = 7
  }
}

# SPA·모바일 앱처럼 코드가 사용자 기기에 배포되는 클라이언트는 secret을 숨길 수
# 없으므로 secret 없이 만든다. USER_PASSWORD_AUTH는 CLI로 로그인해 보기 쉬운
# 흐름이고, REFRESH_TOKEN_AUTH는 refresh token으로 새 토큰을 받는 흐름이다.
resource "aws_cognito_user_pool_client" "spa" {
  name            = "${var.prefix}-spa"
  user_pool_id    = aws_cognito_user_pool.this.id
  generate_secret = false

  explicit_auth_flows = [
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
  ]
}

output "user_pool_id" {
  description = "Cognito User Pool ID (예: ap-northeast-2_AbCdEf123)"
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_client_id" {
  description = "앱 클라이언트 ID. JWT authorizer의 audience가 이 값입니다."
  value       = aws_cognito_user_pool_client.spa.id
}
