package pricing

import (
	"errors"

	"awstutor/resource"
)

func init() { register("aws_api_gateway_stage", priceAPIGatewayStage) }

// priceAPIGatewayStage decides whether a REST API stage costs anything: a
// stage is free unless it runs a cache, which is charged by the hour and
// size and is not in the catalogue.
func priceAPIGatewayStage(r resource.Resource, _ Context) ([]Component, error) {
	if boolean(r, "cache_cluster_enabled") {
		return nil, errors.New("the stage's API cache has no price in the catalogue")
	}
	return nil, freeBecause("a stage without a cache is free")
}
