# 단계 4 (rest-api): REST API + API Key + Usage Plan.
#
# 파트너용 API: GET /orders는 API Key가 있어야 하고, 키마다 초당 요청 수와
# 하루 호출량이 제한됩니다. 백엔드는 MOCK 통합(API Gateway가 고정 응답을 줌).
# 아래 코드의 주석(# )을 풀고 TODO를 채우세요.

# resource "aws_api_gateway_rest_api" "partner" {
#   name = "${var.prefix}-partner"
#
#   endpoint_configuration {
#     types = ["REGIONAL"]
#   }
# }
#
# resource "aws_api_gateway_resource" "orders" {
#   rest_api_id = aws_api_gateway_rest_api.partner.id
#   parent_id   = aws_api_gateway_rest_api.partner.root_resource_id
#   path_part   = "orders"
# }
#
# resource "aws_api_gateway_method" "get_orders" {
#   rest_api_id   = aws_api_gateway_rest_api.partner.id
#   resource_id   = aws_api_gateway_resource.orders.id
#   http_method   = "GET"
#   authorization = "NONE"
#
#   # TODO 4-1: 이 메서드를 API Key 없이는 부를 수 없게 하세요 (api_key_required).
# }
#
# resource "aws_api_gateway_integration" "get_orders" {
#   rest_api_id = aws_api_gateway_rest_api.partner.id
#   resource_id = aws_api_gateway_resource.orders.id
#   http_method = aws_api_gateway_method.get_orders.http_method
#   type        = "MOCK"
#
#   request_templates = {
#     "application/json" = jsonencode({ statusCode = 200 })
#   }
# }
#
# resource "aws_api_gateway_method_response" "get_orders_200" {
#   rest_api_id = aws_api_gateway_rest_api.partner.id
#   resource_id = aws_api_gateway_resource.orders.id
#   http_method = aws_api_gateway_method.get_orders.http_method
#   status_code = "200"
# }
#
# resource "aws_api_gateway_integration_response" "get_orders_200" {
#   rest_api_id = aws_api_gateway_rest_api.partner.id
#   resource_id = aws_api_gateway_resource.orders.id
#   http_method = aws_api_gateway_method.get_orders.http_method
#   status_code = aws_api_gateway_method_response.get_orders_200.status_code
#
#   response_templates = {
#     "application/json" = jsonencode({ orders = [], source = "mock" })
#   }
#
#   depends_on = [aws_api_gateway_integration.get_orders]
# }
#
# resource "aws_api_gateway_deployment" "partner" {
#   rest_api_id = aws_api_gateway_rest_api.partner.id
#
#   triggers = {
#     redeployment = sha1(jsonencode([
#       aws_api_gateway_resource.orders.id,
#       aws_api_gateway_method.get_orders.id,
#       aws_api_gateway_integration.get_orders.id,
#       aws_api_gateway_integration_response.get_orders_200.id,
#     ]))
#   }
#
#   lifecycle {
#     create_before_destroy = true
#   }
# }
#
# resource "aws_api_gateway_stage" "prod" {
#   rest_api_id   = aws_api_gateway_rest_api.partner.id
#   deployment_id = aws_api_gateway_deployment.partner.id
#   stage_name    = "prod"
# }
#
# resource "aws_api_gateway_api_key" "partner_a" {
#   name = "${var.prefix}-partner-a"
# }
#
# resource "aws_api_gateway_usage_plan" "basic" {
#   name = "${var.prefix}-basic"
#
#   api_stages {
#     api_id = aws_api_gateway_rest_api.partner.id
#     stage  = aws_api_gateway_stage.prod.stage_name
#   }
#
#   # TODO 4-2: throttle_settings 블록: burst_limit = 5, rate_limit = 2
#   # TODO 4-3: quota_settings 블록: limit = 1000, period = "DAY"
# }
#
# # TODO 4-4: 키를 플랜에 묶으세요.
# #   resource "aws_api_gateway_usage_plan_key" "partner_a"
# #   - key_id = API Key의 id, key_type = "API_KEY", usage_plan_id = 플랜의 id
#
# output "rest_api_id" {
#   description = "REST API ID"
#   value       = aws_api_gateway_rest_api.partner.id
# }
#
# output "usage_plan_id" {
#   description = "Usage Plan ID"
#   value       = aws_api_gateway_usage_plan.basic.id
# }
