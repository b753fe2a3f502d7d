# 단계 1 (queues): 첫 resource. 주문 큐(Standard)와 FIFO 큐.
#
# 이 파일만 고쳐도 plan/apply를 할 수 있습니다. 먼저 그대로 plan을 돌려
# "1 to add"가 나오는지 보고, 아래 TODO를 채운 뒤 다시 plan을 보세요.

# 주문 이벤트를 받는 Standard 큐.
resource "aws_sqs_queue" "orders" {
  name = "${var.prefix}-orders"

  # TODO 1-1: 레슨(d1-s1)에서 본 세 인자를 더하세요.
  #   - visibility timeout 30초   (visibility_timeout_seconds)
  #   - long polling 20초         (receive_wait_time_seconds)
  #   - 보존 기간 4일 = 345600초  (message_retention_seconds)

  # 이 큐의 redrive policy는 단계 2에서 만들 aws_sqs_queue_redrive_policy가
  # 관리합니다. 여기서는 그 값을 비교하지 않게 해 두 리소스가 서로 값을
  # 되돌리지 않게 합니다. 이 블록은 그대로 두세요.
  lifecycle {
    ignore_changes = [redrive_policy]
  }
}

# TODO 1-2: FIFO 큐 resource "aws_sqs_queue" "orders_fifo"를 만드세요.
#   - 이름: "${var.prefix}-orders.fifo"   (FIFO 큐 이름은 .fifo로 끝나야 함)
#   - FIFO로 만들기: fifo_queue = true
#   - 본문 기반 중복 제거 켜기: content_based_deduplication = true
#   - visibility timeout 30초, long polling 20초 (orders와 같게)

output "orders_queue_url" {
  description = "주문 큐(Standard)의 URL"
  value       = aws_sqs_queue.orders.url
}

# TODO 1-3: FIFO 큐의 URL을 output "orders_fifo_queue_url"로 내보내세요.
#   (위 orders_queue_url과 같은 모양, 값은 aws_sqs_queue.orders_fifo.url)
