package pricing

import (
	"fmt"

	"awstutor/resource"
)

func init() { register("aws_ssm_parameter", priceSSMParameter) }

// priceSSMParameter prices an Advanced parameter per month; Standard
// parameters are free, which is why the course uses them.
func priceSSMParameter(r resource.Resource, ctx Context) ([]Component, error) {
	switch tier := str(r, "tier"); tier {
	case "Advanced":
		c, err := ctx.fixed("advanced parameter", "ssm.advanced_param_month", qty(1))
		if err != nil {
			return nil, err
		}
		return []Component{c}, nil
	case "", "Standard":
		return nil, freeBecause("standard tier parameters are free")
	case "Intelligent-Tiering":
		return nil, freeBecause("intelligent tiering keeps a small parameter on the free standard tier")
	default:
		return nil, fmt.Errorf("tier %s is not Standard, Advanced or Intelligent-Tiering", tier)
	}
}
