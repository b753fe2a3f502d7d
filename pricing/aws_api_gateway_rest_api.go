package pricing

import "awstutor/resource"

func init() { register("aws_api_gateway_rest_api", priceAPIGatewayRestAPI) }

// priceAPIGatewayRestAPI prices a REST API's requests. Its stages' caches
// are priced on the stages.
func priceAPIGatewayRestAPI(_ resource.Resource, ctx Context) ([]Component, error) {
	c, err := ctx.usage("requests", "apigw.rest_million")
	if err != nil {
		return nil, err
	}
	return []Component{c}, nil
}
