# 단계 3 (fanout): SNS 토픽 하나에서 큐 두 개로 Fan-out.
#
#   order-events --(raw delivery, 필터 없음)-------------------> orders
#                \-(SNS 봉투, filter: type = ORDER_PAID)-------> notify

resource "aws_sns_topic" "order_events" {
  name = "${var.prefix}-order-events"
}

# 결제 완료 알림을 보낼 worker가 읽는 큐.
resource "aws_sqs_queue" "notify" {
  name                       = "${var.prefix}-notify"
  visibility_timeout_seconds = 30
  receive_wait_time_seconds  = 20
}

# 1) Queue policy: 이 토픽만 각 큐에 SendMessage를 할 수 있게 허용한다.
data "aws_iam_policy_document" "orders_from_topic" {
  statement {
    sid       = "AllowOrderEventsTopic"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.orders.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.order_events.arn]
    }
  }
}

data "aws_iam_policy_document" "notify_from_topic" {
  statement {
    sid       = "AllowOrderEventsTopic"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.notify.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.order_events.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.url
  policy    = data.aws_iam_policy_document.orders_from_topic.json

  # 단계 2의 redrive policy도 같은 큐의 속성을 바꾼다. 두 설정을 한 번에 하나씩
  # 적용하도록 순서를 정해 둔다(샌드박스 moto는 속성을 바꿀 때 함께 보내지 않은
  # Policy를 지워 버리므로, 정책을 나중에 넣어야 남는다).
  depends_on = [aws_sqs_queue_redrive_policy.orders]
}

resource "aws_sqs_queue_policy" "notify" {
  queue_url = aws_sqs_queue.notify.url
  policy    = data.aws_iam_policy_document.notify_from_topic.json
}

# 2) orders 구독: 모든 주문 이벤트를 받는다. raw delivery로 본문만 그대로.
resource "aws_sns_topic_subscription" "orders" {
  topic_arn            = aws_sns_topic.order_events.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.orders.arn
  raw_message_delivery = true

  # 정책이 먼저 있어야 첫 메시지를 잃지 않는다.
  depends_on = [aws_sqs_queue_policy.orders]
}

# 3) notify 구독: 메시지 속성 type이 ORDER_PAID인 것만 받는다.
#    raw delivery를 켜지 않았으므로 큐에는 SNS 봉투(JSON)가 들어간다.
resource "aws_sns_topic_subscription" "notify" {
  topic_arn = aws_sns_topic.order_events.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.notify.arn

  filter_policy = jsonencode({
    type = ["ORDER_PAID"]
  })

  depends_on = [aws_sqs_queue_policy.notify]
}

output "notify_queue_url" {
  description = "결제 완료(type = ORDER_PAID) 이벤트만 받는 큐의 URL"
  value       = aws_sqs_queue.notify.url
}

output "events_topic_arn" {
  description = "주문 이벤트 SNS 토픽의 ARN"
  value       = aws_sns_topic.order_events.arn
}
