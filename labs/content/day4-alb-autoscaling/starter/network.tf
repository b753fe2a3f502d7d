# 1단계: VPC, 두 AZ의 퍼블릭 서브넷, 인터넷 게이트웨이, 라우트
#
# 이 랩은 기본 VPC를 읽어 오지 않고 자기 VPC를 만든다. NAT 게이트웨이는 없다.
data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = "${local.name}-vpc" }
}

resource "aws_subnet" "public_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, 1) # 10.0.1.0/24
  availability_zone       = local.azs[0]
  map_public_ip_on_launch = true

  tags = { Name = "${local.name}-public-a" }
}

resource "aws_subnet" "public_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, 2) # 10.0.2.0/24
  availability_zone       = local.azs[1]
  map_public_ip_on_launch = true

  tags = { Name = "${local.name}-public-b" }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id

  tags = { Name = "${local.name}-igw" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  tags = { Name = "${local.name}-public" }
}

# 지금 두 서브넷은 이름만 "public"입니다. 인터넷으로 가는 경로가 없고,
# 라우트 테이블과 연결되지도 않아 VPC의 main 라우트 테이블을 씁니다.
#
# TODO(1단계): 아래 세 리소스를 추가하세요. 모두 다른 리소스의 속성을 참조해야
#   Terraform이 순서(VPC -> IGW, 라우트 테이블 -> 라우트, 연결)를 계산합니다.
#   - aws_route "internet": route_table_id, destination_cidr_block = "0.0.0.0/0",
#     gateway_id = 인터넷 게이트웨이의 id
#   - aws_route_table_association "public_a": subnet_id, route_table_id
#   - aws_route_table_association "public_b": subnet_id, route_table_id
#   (라우트 테이블 안에 inline route 블록을 쓰지 말고 aws_route를 쓰세요.
#    둘을 섞으면 apply할 때마다 서로의 경로를 지웁니다.)
