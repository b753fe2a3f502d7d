package pricing

import "awstutor/resource"

func init() { register("aws_kms_key", priceKMSKey) }

// priceKMSKey prices a customer managed key per month, which it costs
// until it is deleted, used or not.
func priceKMSKey(_ resource.Resource, ctx Context) ([]Component, error) {
	c, err := ctx.fixed("customer managed key", "kms.key_month", qty(1))
	if err != nil {
		return nil, err
	}
	return []Component{c}, nil
}
