# 단계 1 (first-bucket): 첫 리소스. S3 버킷과 부속 설정.
#
# 버킷 자체는 이미 적어 두었습니다. 먼저 이대로 init, plan -out, show, apply를
# 해 보고(guide.md 1단계), 그다음 아래 TODO를 채워 다시 plan을 보세요.

resource "aws_s3_bucket" "site" {
  # 버킷 이름은 전 세계에서 유일해야 하므로 접두사만 주고 나머지는
  # Terraform이 붙이게 한다. (known after apply)
  bucket_prefix = "${var.prefix}-site-"

  # 실습용: 객체(과거 버전 포함)가 남아 있어도 destroy 때 함께 지운다.
  # 운영 버킷에는 쓰지 않는다.
  force_destroy = true
}

# TODO 1-1: 버전 관리를 켜세요.
#   resource "aws_s3_bucket_versioning" "site"
#   - bucket = aws_s3_bucket.site.id
#   - versioning_configuration 블록 안에 status = "Enabled"
#
# TODO 1-2: 퍼블릭 접근을 모두 막으세요.
#   resource "aws_s3_bucket_public_access_block" "site"
#   - bucket = aws_s3_bucket.site.id
#   - block_public_acls, block_public_policy, ignore_public_acls,
#     restrict_public_buckets 네 인자 모두 true
#
# TODO 1-3: 기본 암호화를 코드에 명시하세요(새 버킷의 기본값과 같지만 의도를 남김).
#   resource "aws_s3_bucket_server_side_encryption_configuration" "site"
#   - bucket = aws_s3_bucket.site.id
#   - rule { apply_server_side_encryption_by_default { sse_algorithm = "AES256" } }

output "site_bucket" {
  description = "S3 버킷 이름 (bucket_prefix 뒤에 고유한 접미사가 붙은 값)"
  value       = aws_s3_bucket.site.id
}
