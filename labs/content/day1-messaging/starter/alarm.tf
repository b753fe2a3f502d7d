# 단계 4 (alarm): DLQ에 메시지가 쌓이면 alerts 토픽으로 알린다.
#
# TODO 4-1: 운영 알림 토픽 resource "aws_sns_topic" "alerts"
#   - 이름: "${var.prefix}-alerts"
#
# TODO 4-2: resource "aws_cloudwatch_metric_alarm" "dlq_not_empty"
#   - alarm_name          = "${var.prefix}-orders-dlq-not-empty"
#   - namespace           = "AWS/SQS"
#   - metric_name         = "ApproximateNumberOfMessagesVisible"
#   - dimensions          = { QueueName = DLQ의 이름 (aws_sqs_queue.orders_dlq.name) }
#   - statistic "Maximum", period 60, evaluation_periods 1
#   - threshold 1, comparison_operator "GreaterThanOrEqualToThreshold"
#   - treat_missing_data  = "notBreaching"
#   - alarm_actions와 ok_actions = [alerts 토픽 ARN]
#
# TODO 4-3: output "alerts_topic_arn" (alerts 토픽 ARN)
