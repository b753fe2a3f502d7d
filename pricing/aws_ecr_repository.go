package pricing

import "awstutor/resource"

func init() { register("aws_ecr_repository", priceECRRepository) }

// priceECRRepository prices the images a repository stores. Pulls from
// the same region are free.
func priceECRRepository(_ resource.Resource, ctx Context) ([]Component, error) {
	c, err := ctx.usage("image storage", "ecr.storage_gb_month")
	if err != nil {
		return nil, err
	}
	return []Component{c}, nil
}
