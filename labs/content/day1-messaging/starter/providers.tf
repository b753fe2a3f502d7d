# Terraform과 provider 설정.
#
# required_providers는 "어떤 provider를 어느 버전 범위로" 쓸지 정합니다.
# "~> 6.0"은 6.x는 받아들이고 7.0은 받아들이지 않는다는 뜻입니다.
terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

# provider 블록에는 리전과 공통 설정만 둡니다. 자격 증명은 절대 적지 않습니다.
# 샌드박스에서는 awstutor가 awstutor_override.tf를 작업 공간에 써서 이 블록에
# 엔드포인트(127.0.0.1)와 가짜 키를 덧붙입니다. 이 파일은 그대로 둡니다.
provider "aws" {
  region = var.region

  # 이 provider로 만드는 모든 리소스에 붙는 태그 (plan에서는 tags_all에 보임).
  # awstutor cleanup은 Project = "awstutor" 태그로 남은 리소스를 찾습니다.
  default_tags {
    tags = {
      Project   = "awstutor"
      Lab       = "day1-messaging"
      ManagedBy = "terraform"
    }
  }
}
