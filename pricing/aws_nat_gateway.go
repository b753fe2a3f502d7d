package pricing

import "awstutor/resource"

func init() { register("aws_nat_gateway", priceNATGateway) }

// priceNATGateway prices a NAT gateway: an hourly charge whether or not
// traffic flows, and each GB it processes. The Elastic IP a public NAT
// gateway uses is priced on its aws_eip.
func priceNATGateway(_ resource.Resource, ctx Context) ([]Component, error) {
	hour, err := ctx.fixed("NAT gateway", "nat.hour", qty(1))
	if err != nil {
		return nil, err
	}
	data, err := ctx.usage("data processed", "nat.gb")
	if err != nil {
		return nil, err
	}
	return []Component{hour, data}, nil
}
