# 5단계: 알람과 SNS 알림
#
# TODO(5단계): 아래 두 리소스를 만드세요.
#
# resource "aws_sns_topic" "alerts"
#   name = "${local.name}-alerts"
#
# resource "aws_cloudwatch_metric_alarm" "unhealthy_targets"
#   alarm_name          = "${local.name}-unhealthy-targets"
#   namespace           = "AWS/ApplicationELB"
#   metric_name         = "UnHealthyHostCount"
#   statistic           = "Maximum"
#   period              = 60
#   evaluation_periods  = 2
#   threshold           = 0
#   comparison_operator = "GreaterThanThreshold"
#   treat_missing_data  = "notBreaching"
#   dimensions = {
#     LoadBalancer = ALB의 arn_suffix
#     TargetGroup  = target group의 arn_suffix
#   }
#   alarm_actions = [SNS 토픽의 arn]
#   ok_actions    = [SNS 토픽의 arn]
