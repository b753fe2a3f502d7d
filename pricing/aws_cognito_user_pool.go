package pricing

import (
	"fmt"
	"strings"

	"awstutor/resource"
)

func init() { register("aws_cognito_user_pool", priceCognitoUserPool) }

// priceCognitoUserPool prices a user pool's monthly active users by its
// feature plan. New pools are on Essentials unless they say otherwise.
func priceCognitoUserPool(r resource.Resource, ctx Context) ([]Component, error) {
	tier := strings.ToUpper(str(r, "user_pool_tier"))
	if tier == "" {
		tier = "ESSENTIALS"
	}
	var dim string
	switch tier {
	case "LITE":
		dim = "cognito.mau_lite"
	case "ESSENTIALS":
		dim = "cognito.mau_essentials"
	case "PLUS":
		dim = "cognito.mau_plus"
	default:
		return nil, fmt.Errorf("user_pool_tier %s is not LITE, ESSENTIALS or PLUS", tier)
	}
	c, err := ctx.usage("monthly active users", dim)
	if err != nil {
		return nil, err
	}
	c.Note = strings.ToLower(tier) + " plan; a user who signs in or refreshes a token in a month is active"
	return []Component{c}, nil
}
