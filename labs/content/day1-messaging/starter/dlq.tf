# 단계 2 (dlq): Dead Letter Queue.
#
# TODO 2-1: DLQ로 쓸 Standard 큐 resource "aws_sqs_queue" "orders_dlq"를 만드세요.
#   - 이름: "${var.prefix}-orders-dlq"
#   - 보존 기간 14일 = 1209600초 (원본 큐의 4일보다 길게)
#
# TODO 2-2: 주문 큐에 redrive policy를 거세요.
#   resource "aws_sqs_queue_redrive_policy" "orders"
#   - queue_url      = 주문 큐의 URL (aws_sqs_queue.orders.url)
#   - redrive_policy = jsonencode({ ... }) 로 두 값을 넣습니다.
#       deadLetterTargetArn = DLQ의 ARN (문자열로 적지 말고 참조로)
#       maxReceiveCount     = 3
#   레슨에서는 aws_sqs_queue 안의 redrive_policy 인자로 썼습니다. 이 Lab은 같은
#   설정을 별도 리소스로 써서 queues.tf를 고치지 않아도 되게 합니다.
#
# TODO 2-3: DLQ의 URL을 output "orders_dlq_url"로 내보내세요.
