provider "aws" {
  region = "ap-northeast-2"
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

data "aws_caller_identity" "me" {}

output "queue_url" {
  value = aws_sqs_queue.orders.url
}

resource "aws_sns_topic" "orders" {
  name = "orders"
}
