# Terraform과 provider 설정.
#
# 오늘은 provider가 두 개입니다. aws는 AWS API를 부르고, archive는 Lambda에
# 올릴 zip 파일을 로컬에서 만듭니다(AWS를 부르지 않음). terraform init이 둘 다
# 내려받고, 고른 버전을 .terraform.lock.hcl에 기록합니다.
terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.7"
    }
  }
}

# 샌드박스에서는 awstutor가 awstutor_override.tf로 이 블록에 엔드포인트와
# 가짜 키를 덧붙입니다. 자격 증명은 여기에 적지 않습니다.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "awstutor"
      Lab       = "day2-auth-api"
      ManagedBy = "terraform"
    }
  }
}
