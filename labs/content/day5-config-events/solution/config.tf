# Parameter Store: /<앱>/<환경>/<구성요소>/<키> 계층
#   /tutor/day5/app/log_level   String        (평문)
#   /tutor/day5/db/password     SecureString  (기본 키 alias/aws/ssm으로 암호화)

resource "aws_ssm_parameter" "log_level" {
  name        = "${var.parameter_prefix}/app/log_level"
  description = "App log level (plain text)"
  type        = "String"
  value       = var.log_level
}

resource "aws_ssm_parameter" "db_password" {
  name        = "${var.parameter_prefix}/db/password"
  description = "Lab-only fake DB password (encrypted with alias/aws/ssm)"
  type        = "SecureString"
  # key_id를 주지 않으면 AWS 관리형 키 alias/aws/ssm으로 암호화된다.
  value = var.db_password
}
