package pricing

import (
	"fmt"

	"awstutor/resource"
)

func init() { register("aws_apigatewayv2_api", priceAPIGatewayV2API) }

// priceAPIGatewayV2API prices an HTTP API's requests. WebSocket APIs are
// charged per message and connection minute, which the catalogue does not
// hold.
func priceAPIGatewayV2API(r resource.Resource, ctx Context) ([]Component, error) {
	switch p := str(r, "protocol_type"); p {
	case "HTTP":
	default:
		return nil, fmt.Errorf("%s APIs have no price in the catalogue (it has HTTP APIs)", p)
	}
	c, err := ctx.usage("requests", "apigw.http_million")
	if err != nil {
		return nil, err
	}
	c.Note = "every 512 KB of a request is one request"
	return []Component{c}, nil
}
