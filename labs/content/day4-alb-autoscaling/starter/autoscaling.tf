# 5단계: Application Auto Scaling
#
# TODO(5단계): 아래 두 리소스를 만드세요. 값은 문자열로 적지 말고 참조로 연결합니다.
#
# resource "aws_appautoscaling_target" "web"
#   service_namespace  = "ecs"
#   resource_id        = "service/<클러스터 이름>/<서비스 이름>"
#                        -> "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.web.name}"
#   scalable_dimension = "ecs:service:DesiredCount"
#   min_capacity       = var.min_capacity   (1)
#   max_capacity       = var.max_capacity   (4)
#
# resource "aws_appautoscaling_policy" "cpu"
#   name               = "${local.name}-cpu${var.cpu_target}"
#   policy_type        = "TargetTrackingScaling"
#   service_namespace, resource_id, scalable_dimension
#                      = 위 scalable target의 같은 이름 속성 (참조가 곧 순서)
#   target_tracking_scaling_policy_configuration {
#     target_value       = var.cpu_target (50)
#     scale_out_cooldown = 60
#     scale_in_cooldown  = 300
#     predefined_metric_specification {
#       predefined_metric_type = "ECSServiceAverageCPUUtilization"
#     }
#   }
