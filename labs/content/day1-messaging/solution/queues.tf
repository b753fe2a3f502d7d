# 단계 1 (queues): 첫 resource. 주문 큐(Standard)와 FIFO 큐.

# 주문 이벤트를 받는 Standard 큐. 단계 3에서 SNS 토픽이 이 큐로 메시지를 넣습니다.
resource "aws_sqs_queue" "orders" {
  name                       = "${var.prefix}-orders"
  visibility_timeout_seconds = 30     # 받은 메시지를 30초 동안 다른 consumer에게 숨김
  receive_wait_time_seconds  = 20     # long polling: 빈 응답 요청을 줄인다
  message_retention_seconds  = 345600 # 4일 (기본값과 같지만 코드에 남긴다)

  # 이 큐의 redrive policy는 단계 2의 aws_sqs_queue_redrive_policy가 관리한다.
  # 여기서는 그 값을 비교하지 않도록 해 두 리소스가 서로 되돌리지 않게 한다.
  lifecycle {
    ignore_changes = [redrive_policy]
  }
}

# 같은 주문의 이벤트 순서가 중요한 흐름을 위한 FIFO 큐.
# 이름은 반드시 .fifo로 끝나야 하고, fifo_queue는 만든 뒤 바꿀 수 없습니다.
resource "aws_sqs_queue" "orders_fifo" {
  name                        = "${var.prefix}-orders.fifo"
  fifo_queue                  = true
  content_based_deduplication = true # 본문의 SHA-256을 중복 제거 ID로 쓴다 (5분)
  visibility_timeout_seconds  = 30
  receive_wait_time_seconds   = 20
}

output "orders_queue_url" {
  description = "주문 큐(Standard)의 URL"
  value       = aws_sqs_queue.orders.url
}

output "orders_fifo_queue_url" {
  description = "주문 FIFO 큐의 URL"
  value       = aws_sqs_queue.orders_fifo.url
}
