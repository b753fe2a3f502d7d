# 단계 4 (rest-api): REST API + API Key + Usage Plan.
#
# 파트너용 API를 흉내 낸다: GET /orders는 API Key가 있어야 하고, 키마다
# 초당 요청 수와 하루 호출량이 제한된다. 백엔드는 MOCK 통합이라 Lambda가
# 필요 없다(API Gateway가 고정 응답을 돌려준다).

resource "aws_api_gateway_rest_api" "partner" {
  name = "${var.prefix}-partner"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.partner.id
  parent_id   = aws_api_gateway_rest_api.partner.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "get_orders" {
  rest_api_id      = aws_api_gateway_rest_api.partner.id
  resource_id      = aws_api_gateway_resource.orders.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = true # x-api-key 헤더가 없거나 틀리면 403
}

# MOCK 통합: 요청 매핑 템플릿이 돌려줄 상태 코드를 고른다.
resource "aws_api_gateway_integration" "get_orders" {
  rest_api_id = aws_api_gateway_rest_api.partner.id
  resource_id = aws_api_gateway_resource.orders.id
  http_method = aws_api_gateway_method.get_orders.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

resource "aws_api_gateway_method_response" "get_orders_200" {
  rest_api_id = aws_api_gateway_rest_api.partner.id
  resource_id = aws_api_gateway_resource.orders.id
  http_method = aws_api_gateway_method.get_orders.http_method
  status_code = "200"
}

resource "aws_api_gateway_integration_response" "get_orders_200" {
  rest_api_id = aws_api_gateway_rest_api.partner.id
  resource_id = aws_api_gateway_resource.orders.id
  http_method = aws_api_gateway_method.get_orders.http_method
  status_code = aws_api_gateway_method_response.get_orders_200.status_code

  response_templates = {
    "application/json" = jsonencode({ orders = [], source = "mock" })
  }

  depends_on = [aws_api_gateway_integration.get_orders]
}

# REST API는 바꾼 뒤 deployment를 새로 만들어야 반영된다. triggers의 값이
# 바뀌면 새 deployment를 만들고(create_before_destroy), 스테이지가 그쪽을 가리킨다.
resource "aws_api_gateway_deployment" "partner" {
  rest_api_id = aws_api_gateway_rest_api.partner.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.orders.id,
      aws_api_gateway_method.get_orders.id,
      aws_api_gateway_integration.get_orders.id,
      aws_api_gateway_integration_response.get_orders_200.id,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

# provider v6에서는 deployment에 stage_name이 없으므로 스테이지를 따로 선언한다.
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.partner.id
  deployment_id = aws_api_gateway_deployment.partner.id
  stage_name    = "prod"
}

# 파트너 A에게 줄 키. 키 값은 State에 평문으로 저장된다(output으로 내보내지 않음).
resource "aws_api_gateway_api_key" "partner_a" {
  name = "${var.prefix}-partner-a"
}

resource "aws_api_gateway_usage_plan" "basic" {
  name = "${var.prefix}-basic"

  api_stages {
    api_id = aws_api_gateway_rest_api.partner.id
    stage  = aws_api_gateway_stage.prod.stage_name
  }

  throttle_settings {
    burst_limit = 5 # 키 하나가 한꺼번에 보낼 수 있는 양
    rate_limit  = 2 # 키 하나의 초당 평균 요청 수
  }

  quota_settings {
    limit  = 1000 # 키 하나가 하루에 부를 수 있는 총 횟수
    period = "DAY"
  }
}

resource "aws_api_gateway_usage_plan_key" "partner_a" {
  key_id        = aws_api_gateway_api_key.partner_a.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.basic.id
}

output "rest_api_id" {
  description = "REST API ID. 호출 URL은 https://<id>.execute-api.<region>.amazonaws.com/prod/orders"
  value       = aws_api_gateway_rest_api.partner.id
}

output "usage_plan_id" {
  description = "Usage Plan ID (aws apigateway get-usage-plan-keys로 키를 찾을 때)"
  value       = aws_api_gateway_usage_plan.basic.id
}
