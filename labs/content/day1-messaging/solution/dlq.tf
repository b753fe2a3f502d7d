# 단계 2 (dlq): Dead Letter Queue.

# 세 번 처리에 실패한 메시지가 옮겨질 큐. DLQ도 평범한 Standard 큐입니다.
resource "aws_sqs_queue" "orders_dlq" {
  name                      = "${var.prefix}-orders-dlq"
  message_retention_seconds = 1209600 # 14일: 원본 큐(4일)보다 길게
}

# 원본 큐에 redrive policy를 건다. 레슨에서 본 aws_sqs_queue의 redrive_policy
# 인자와 같은 큐 속성(RedrivePolicy)을 별도 리소스로 설정하는 방법입니다.
# 단계 1의 큐 코드를 건드리지 않고 이 파일만 더하면 되도록 이 방식을 씁니다.
# 한 큐에 두 방법을 함께 쓰지는 마세요(서로 값을 덮어씁니다).
resource "aws_sqs_queue_redrive_policy" "orders" {
  queue_url = aws_sqs_queue.orders.url

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn
    maxReceiveCount     = 3 # 세 번 받고도 지워지지 않으면 DLQ로
  })
}

output "orders_dlq_url" {
  description = "주문 큐의 DLQ URL"
  value       = aws_sqs_queue.orders_dlq.url
}
