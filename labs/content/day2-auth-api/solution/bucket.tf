# 단계 1 (first-bucket): 첫 리소스. S3 버킷과 부속 설정.
#
# aws provider v4부터 버킷 설정은 기능별 리소스로 나뉩니다(v6도 같음).
# aws_s3_bucket 안에 versioning { ... } 블록을 넣는 것은 옛날 문법입니다.

resource "aws_s3_bucket" "site" {
  # 버킷 이름은 전 세계에서 유일해야 하므로 접두사만 주고 나머지는
  # Terraform이 붙이게 한다. (known after apply)
  bucket_prefix = "${var.prefix}-site-"

  # 실습용: 객체(과거 버전 포함)가 남아 있어도 destroy 때 함께 지운다.
  # 운영 버킷에는 쓰지 않는다.
  force_destroy = true
}

resource "aws_s3_bucket_versioning" "site" {
  bucket = aws_s3_bucket.site.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket = aws_s3_bucket.site.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "site" {
  bucket = aws_s3_bucket.site.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

output "site_bucket" {
  description = "S3 버킷 이름 (bucket_prefix 뒤에 고유한 접미사가 붙은 값)"
  value       = aws_s3_bucket.site.id
}
