package pricing

import "awstutor/resource"

func init() { register("aws_secretsmanager_secret", priceSecret) }

// priceSecret prices a secret per month and its API calls per use. The
// 30-day trial for new secrets is not applied: it is per secret, not per
// month.
func priceSecret(_ resource.Resource, ctx Context) ([]Component, error) {
	month, err := ctx.fixed("secret", "secrets.secret_month", qty(1))
	if err != nil {
		return nil, err
	}
	calls, err := ctx.usage("API calls", "secrets.api_10k")
	if err != nil {
		return nil, err
	}
	return []Component{month, calls}, nil
}
