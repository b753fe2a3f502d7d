package pricing

import "awstutor/resource"

func init() { register("aws_eip", priceEIP) }

// priceEIP prices an Elastic IP: since February 2024 every public IPv4
// address costs the same per hour, attached or not.
func priceEIP(_ resource.Resource, ctx Context) ([]Component, error) {
	c, err := ctx.fixed("public IPv4", "ipv4.hour", qty(1))
	if err != nil {
		return nil, err
	}
	c.Note = "charged attached or idle"
	return []Component{c}, nil
}
