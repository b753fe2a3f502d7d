# 단계 3 (fanout): SNS 토픽 하나에서 큐 두 개로 Fan-out.
#
#   order-events --(raw delivery, 필터 없음)-------------------> orders
#                \-(SNS 봉투, filter: type = ORDER_PAID)-------> notify
#
# TODO 3-1: 토픽 resource "aws_sns_topic" "order_events"
#   - 이름: "${var.prefix}-order-events"
#
# TODO 3-2: 두 번째 큐 resource "aws_sqs_queue" "notify"
#   - 이름: "${var.prefix}-notify", visibility timeout 30초, long polling 20초
#
# TODO 3-3: 큐마다 queue policy (레슨 d1-s2의 "1) Queue policy" 참고)
#   - data "aws_iam_policy_document" 두 개: "orders_from_topic", "notify_from_topic"
#       actions = ["sqs:SendMessage"], resources = [그 큐의 ARN]
#       principals: type "Service", identifiers ["sns.amazonaws.com"]
#       condition:  test "ArnEquals", variable "aws:SourceArn", values [토픽 ARN]
#   - resource "aws_sqs_queue_policy" "orders"와 "notify"
#       queue_url = 큐 URL, policy = data.aws_iam_policy_document.<이름>.json
#   - orders 정책에는 depends_on = [aws_sqs_queue_redrive_policy.orders]를 넣어
#     단계 2의 redrive policy 다음에 적용되게 합니다(같은 큐 속성을 바꾸므로).
#
# TODO 3-4: 구독 두 개, resource "aws_sns_topic_subscription"
#   - "orders": protocol "sqs", endpoint = orders 큐 ARN,
#               raw_message_delivery = true
#   - "notify": protocol "sqs", endpoint = notify 큐 ARN,
#               filter_policy = jsonencode({ type = ["ORDER_PAID"] })
#               (raw delivery는 켜지 않습니다: 봉투와 raw의 차이를 비교해 봅니다)
#   - 각 구독에 depends_on = [그 큐의 aws_sqs_queue_policy]
#
# TODO 3-5: output "notify_queue_url" (notify 큐 URL),
#           output "events_topic_arn" (토픽 ARN)
