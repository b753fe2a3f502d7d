# 단계 2 (user-pool): Cognito User Pool과 공개(public) 앱 클라이언트.
#
# 아래 코드의 주석(# )을 풀고 TODO를 채우세요. 레슨 d2-s2의
# "Terraform으로 User Pool과 앱 클라이언트 만들기"와 같은 모양입니다.

# resource "aws_cognito_user_pool" "this" {
#   name = "${var.prefix}-users"
#
#   # TODO 2-1: password_policy 블록을 쓰세요.
#   #   minimum_length = 10, require_lowercase = true, require_numbers = true,
#   #   require_symbols = false, require_uppercase = false,
#   #   temporary_password_validity_days = 7
# }
#
# resource "aws_cognito_user_pool_client" "spa" {
#   name         = "${var.prefix}-spa"
#   user_pool_id = aws_cognito_user_pool.this.id
#
#   # TODO 2-2: 공개 클라이언트이므로 secret을 만들지 않습니다 (generate_secret).
#   # TODO 2-3: explicit_auth_flows에 비밀번호 로그인과 refresh token 흐름을 넣으세요.
#   #   "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"
# }
#
# output "user_pool_id" {
#   description = "Cognito User Pool ID"
#   value       = aws_cognito_user_pool.this.id
# }
#
# output "user_pool_client_id" {
#   description = "앱 클라이언트 ID. JWT authorizer의 audience가 이 값입니다."
#   value       = aws_cognito_user_pool_client.spa.id
# }
