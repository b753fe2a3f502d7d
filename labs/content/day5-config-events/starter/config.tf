# 1단계: Parameter Store
#   /tutor/day5/app/log_level   String        (평문)
#   /tutor/day5/db/password     SecureString  (기본 키 alias/aws/ssm으로 암호화)

resource "aws_ssm_parameter" "log_level" {
  name        = "${var.parameter_prefix}/app/log_level"
  description = "App log level (plain text)"
  type        = "String"
  value       = var.log_level
}

# TODO(1단계): DB 비밀번호를 SecureString 파라미터로 만드세요.
#   resource "aws_ssm_parameter" "db_password"
#     name  = "${var.parameter_prefix}/db/password"
#     type  = "SecureString"   (key_id를 주지 않으면 alias/aws/ssm으로 암호화)
#     value = var.db_password  (값을 여기에 직접 적지 마세요)
#   그리고 outputs.tf의 TODO(1단계) output 두 개를 추가하세요.
