# 단계 4 (alarm): DLQ에 메시지가 쌓이면 alerts 토픽으로 알린다.

# 운영 알림을 모으는 토픽. 실제 AWS에서는 여기에 이메일 등을 구독시킵니다.
resource "aws_sns_topic" "alerts" {
  name = "${var.prefix}-alerts"
}

resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  alarm_name        = "${var.prefix}-orders-dlq-not-empty"
  alarm_description = "주문 DLQ에 처리 실패 메시지가 있습니다"

  namespace   = "AWS/SQS"
  metric_name = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = aws_sqs_queue.orders_dlq.name
  }

  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching" # 지표가 없으면 정상으로 본다

  alarm_actions = [aws_sns_topic.alerts.arn] # OK -> ALARM 때 발행
  ok_actions    = [aws_sns_topic.alerts.arn] # ALARM -> OK 때 발행
}

output "alerts_topic_arn" {
  description = "운영 알림 SNS 토픽의 ARN (DLQ 알람이 발행)"
  value       = aws_sns_topic.alerts.arn
}
