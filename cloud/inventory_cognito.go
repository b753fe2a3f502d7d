package cloud

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	cognito "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	cogtypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func init() {
	registerKind("aws_cognito_user_pool", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			pool, err := describePool(ctx, c.Cognito, it.ID)
			if err != nil {
				return nil, err
			}
			return pool.UserPoolTags, nil
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			pool, err := describePool(ctx, c.Cognito, it.ID)
			if err != nil {
				return err
			}
			// A pool with a hosted-UI domain cannot be deleted until the
			// domain is.
			if d := aws.ToString(pool.Domain); d != "" {
				if _, err := c.Cognito.DeleteUserPoolDomain(ctx, &cognito.DeleteUserPoolDomainInput{
					Domain: aws.String(d), UserPoolId: aws.String(it.ID),
				}); err != nil && !isNotFound(err) {
					return err
				}
			}
			_, err = c.Cognito.DeleteUserPool(ctx, &cognito.DeleteUserPoolInput{UserPoolId: aws.String(it.ID)})
			return err
		},
	})
	// An app client cannot be tagged: it is awstutor's when its pool is.
	registerKind("aws_cognito_user_pool_client", kind{
		phase: phaseChildren,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			poolID, _ := it.Attrs["user_pool_id"].(string)
			pool, err := describePool(ctx, c.Cognito, poolID)
			if err != nil {
				return nil, err
			}
			return pool.UserPoolTags, nil
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			poolID, _ := it.Attrs["user_pool_id"].(string)
			_, err := c.Cognito.DeleteUserPoolClient(ctx, &cognito.DeleteUserPoolClientInput{
				UserPoolId: aws.String(poolID), ClientId: aws.String(it.ID),
			})
			return err
		},
	})
}

// cognitoLister lists Cognito user pools (aws_cognito_user_pool, id = pool
// id) and their app clients (aws_cognito_user_pool_client, id = client
// id). A pool's tags and tier come from DescribeUserPool.
type cognitoLister struct {
	c      *cognito.Client
	region string
}

func (cognitoLister) Service() string { return "cognito-idp" }

func (l cognitoLister) List(ctx context.Context) ([]Item, error) {
	var ids []string
	p := cognito.NewListUserPoolsPaginator(l.c, &cognito.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, up := range page.UserPools {
			ids = append(ids, aws.ToString(up.Id))
		}
	}
	perPool := make([][]Item, len(ids))
	err := forEach(ctx, len(ids), func(ctx context.Context, i int) error {
		pool, err := describePool(ctx, l.c, ids[i])
		if err != nil {
			return skipGone(err)
		}
		attrs := map[string]any{
			"name":                      aws.ToString(pool.Name),
			"estimated_number_of_users": numAttr(pool.EstimatedNumberOfUsers),
		}
		// The tier decides the price per active user; an emulator that does
		// not report one leaves pricing to assume the default.
		if pool.UserPoolTier != "" {
			attrs["user_pool_tier"] = string(pool.UserPoolTier)
		}
		items := []Item{newItem("aws_cognito_user_pool", ids[i], aws.ToString(pool.Arn), l.region,
			aws.ToTime(pool.CreationDate), pool.UserPoolTags, attrs)}
		pc := cognito.NewListUserPoolClientsPaginator(l.c, &cognito.ListUserPoolClientsInput{
			UserPoolId: aws.String(ids[i]), MaxResults: aws.Int32(60),
		})
		for pc.HasMorePages() {
			page, err := pc.NextPage(ctx)
			if err != nil {
				return skipGone(err)
			}
			for _, cl := range page.UserPoolClients {
				items = append(items, newItem("aws_cognito_user_pool_client", aws.ToString(cl.ClientId), "", l.region,
					zeroTime, pool.UserPoolTags, map[string]any{
						"name":         aws.ToString(cl.ClientName),
						"user_pool_id": ids[i],
					}))
			}
		}
		perPool[i] = items
		return nil
	})
	var items []Item
	for _, p := range perPool {
		items = append(items, p...)
	}
	return items, err
}

func describePool(ctx context.Context, c *cognito.Client, id string) (*cogtypes.UserPoolType, error) {
	out, err := c.DescribeUserPool(ctx, &cognito.DescribeUserPoolInput{UserPoolId: aws.String(id)})
	if err != nil {
		return nil, err
	}
	if out.UserPool == nil {
		return &cogtypes.UserPoolType{}, nil
	}
	return out.UserPool, nil
}
