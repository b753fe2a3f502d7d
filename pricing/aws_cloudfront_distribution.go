package pricing

import "awstutor/resource"

func init() { register("aws_cloudfront_distribution", priceCloudFrontDistribution) }

// priceCloudFrontDistribution prices what a distribution serves. The
// price depends on where viewers are, not on a region; the catalogue keeps
// under each region the rate for viewers there (North America for
// us-east-1, Korea for ap-northeast-2).
func priceCloudFrontDistribution(_ resource.Resource, ctx Context) ([]Component, error) {
	out, err := ctx.usage("data transfer out", "cloudfront.gb")
	if err != nil {
		return nil, err
	}
	reqs, err := ctx.usage("HTTPS requests", "cloudfront.https_10k")
	if err != nil {
		return nil, err
	}
	return []Component{out, reqs}, nil
}
