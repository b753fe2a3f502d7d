# Application Auto Scaling: "무엇을"(scalable target) "어떤 기준으로"(policy)
resource "aws_appautoscaling_target" "web" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.web.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_capacity
  max_capacity       = var.max_capacity
}

# 온도 조절기처럼: 서비스 평균 CPU를 cpu_target(50%) 근처로 유지한다.
resource "aws_appautoscaling_policy" "cpu" {
  name               = "${local.name}-cpu${var.cpu_target}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  resource_id        = aws_appautoscaling_target.web.resource_id
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target
    scale_out_cooldown = 60  # 늘릴 때는 빠르게
    scale_in_cooldown  = 300 # 줄일 때는 천천히

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
