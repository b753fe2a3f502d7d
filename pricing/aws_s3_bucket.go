package pricing

import "awstutor/resource"

func init() { register("aws_s3_bucket", priceS3Bucket) }

// priceS3Bucket prices a bucket's Standard storage and requests; an empty
// bucket costs nothing.
func priceS3Bucket(_ resource.Resource, ctx Context) ([]Component, error) {
	var comps []Component
	for _, u := range []struct{ name, dim string }{
		{"Standard storage", "s3.standard_gb_month"},
		{"PUT, COPY, POST, LIST requests", "s3.put_1k"},
		{"GET requests", "s3.get_1k"},
	} {
		c, err := ctx.usage(u.name, u.dim)
		if err != nil {
			return nil, err
		}
		comps = append(comps, c)
	}
	return comps, nil
}
