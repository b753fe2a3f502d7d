"""GET /me: API Gateway HTTP API(payload 2.0)가 넘긴 JWT 클레임을 그대로 돌려준다.

JWT authorizer가 토큰을 이미 검증했으므로 함수는 다시 검증하지 않고
event.requestContext.authorizer.jwt.claims를 읽기만 한다.
"""

import json


def handler(event, context):
    request_context = event.get("requestContext") or {}
    authorizer = request_context.get("authorizer") or {}
    claims = (authorizer.get("jwt") or {}).get("claims") or {}

    body = {
        "route": event.get("routeKey"),
        "sub": claims.get("sub"),
        "username": claims.get("cognito:username"),
        "claims": claims,
    }
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, ensure_ascii=False),
    }
