package pricing

import (
	"fmt"

	"awstutor/resource"
)

func init() {
	register("aws_lb", priceLB)
	register("aws_alb", priceLB) // the provider's older name for the same resource
}

// lbMinSubnets is the fewest subnets (Availability Zones) an application
// load balancer accepts, assumed when the plan does not say how many.
const lbMinSubnets = 2

// priceLB prices a load balancer by its type: the hourly charge, capacity
// units as a usage line, and for an internet-facing one a public IPv4
// address in each subnet it spans.
func priceLB(r resource.Resource, ctx Context) ([]Component, error) {
	var hourDim, unitDim, unitName string
	switch t := str(r, "load_balancer_type"); t {
	case "", "application":
		hourDim, unitDim, unitName = "alb.hour", "alb.lcu_hour", "load balancer capacity units (LCU)"
	case "network":
		hourDim, unitDim, unitName = "nlb.hour", "nlb.nlcu_hour", "network load balancer capacity units (NLCU)"
	case "gateway":
		hourDim, unitDim, unitName = "gwlb.hour", "gwlb.gclu_hour", "gateway load balancer capacity units (GLCU)"
	default:
		return nil, fmt.Errorf("load_balancer_type %q is not application, network or gateway", t)
	}
	hour, err := ctx.fixed("load balancer", hourDim, qty(1))
	if err != nil {
		return nil, err
	}
	units, err := ctx.usage(unitName, unitDim)
	if err != nil {
		return nil, err
	}
	comps := []Component{hour, units}

	public := !boolean(r, "internal") && str(r, "load_balancer_type") != "gateway" &&
		str(r, "ip_address_type") != "dualstack-without-public-ipv4"
	if public {
		n, how, approx := lbSubnetCount(r, ctx)
		c, err := ctx.fixed("public IPv4", "ipv4.hour", qty(int64(n)))
		if err != nil {
			return nil, err
		}
		c.Note = "internet-facing: one address a subnet (" + how + ")"
		c.Approximate = c.Approximate || approx
		comps = append(comps, c)
	}
	return comps, nil
}

// lbSubnetCount says how many subnets the load balancer spans: from the
// plan's values when known, else from the subnets its configuration refers
// to, else the minimum an application load balancer allows.
func lbSubnetCount(r resource.Resource, ctx Context) (n int, how string, approximate bool) {
	if subnets, ok := list(r, "subnets"); ok && len(subnets) > 0 && !hasNil(subnets) {
		return len(subnets), fmt.Sprintf("%d subnets", len(subnets)), false
	}
	if mappings, ok := list(r, "subnet_mapping"); ok && len(mappings) > 0 {
		return len(mappings), fmt.Sprintf("%d subnet mappings", len(mappings)), false
	}
	var refs int
	for _, ref := range ctx.Referenced("subnets") {
		if ref.Type == "aws_subnet" || ref.Type == "aws_default_subnet" {
			refs++
		}
	}
	if refs > 0 {
		return refs, fmt.Sprintf("%d subnets in the plan", refs), false
	}
	return lbMinSubnets, fmt.Sprintf("subnets unknown, %d assumed", lbMinSubnets), true
}

func hasNil(xs []any) bool {
	for _, x := range xs {
		if x == nil {
			return true
		}
	}
	return false
}
