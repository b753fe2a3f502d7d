terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

# 엔드포인트와 자격 증명은 여기에 쓰지 않습니다. sandbox에서는 awstutor가
# awstutor_override.tf를 워크스페이스에 만들어 이 블록에 합칩니다.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "awstutor"
      Lab       = "day5-config-events"
      ManagedBy = "terraform"
    }
  }
}
