# 알람이 울리면 SNS 토픽으로 알린다. 구독(이메일 등)은 가이드의 CLI로 추가한다.
resource "aws_sns_topic" "alerts" {
  name = "${local.name}-alerts"
}

# target group에 unhealthy target이 2분 연속 하나라도 있으면 ALARM.
# 데이터가 없을 때(트래픽 없음, target 없음)는 정상으로 본다.
resource "aws_cloudwatch_metric_alarm" "unhealthy_targets" {
  alarm_name          = "${local.name}-unhealthy-targets"
  alarm_description   = "ECS tasks behind ${aws_lb.main.name} are failing ALB health checks"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 2
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    LoadBalancer = aws_lb.main.arn_suffix
    TargetGroup  = aws_lb_target_group.web.arn_suffix
  }

  alarm_actions = [aws_sns_topic.alerts.arn]
  ok_actions    = [aws_sns_topic.alerts.arn]
}
