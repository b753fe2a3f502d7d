locals {
  name = var.prefix

  # 서로 다른 AZ 두 개 (서울이면 ap-northeast-2a, ap-northeast-2b)
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}
