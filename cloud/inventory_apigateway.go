package cloud

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
)

func init() {
	registerKind("aws_api_gateway_rest_api", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			out, err := c.APIGateway.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: aws.String(it.ID)})
			if err != nil {
				return nil, err
			}
			return out.Tags, nil
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.APIGateway.DeleteRestApi(ctx, &apigateway.DeleteRestApiInput{RestApiId: aws.String(it.ID)})
			return err
		},
	})
	registerKind("aws_apigatewayv2_api", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			out, err := c.APIGatewayV2.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: aws.String(it.ID)})
			if err != nil {
				return nil, err
			}
			return out.Tags, nil
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.APIGatewayV2.DeleteApi(ctx, &apigatewayv2.DeleteApiInput{ApiId: aws.String(it.ID)})
			return err
		},
	})
}

// apiGatewayLister lists API Gateway REST APIs (v1,
// aws_api_gateway_rest_api) and HTTP/WebSocket APIs (v2,
// aws_apigatewayv2_api), both by API id. Stages, routes and integrations
// belong to their API and go with it.
type apiGatewayLister struct {
	v1     *apigateway.Client
	v2     *apigatewayv2.Client
	region string
}

func (apiGatewayLister) Service() string { return "apigateway" }

func (l apiGatewayLister) List(ctx context.Context) ([]Item, error) {
	var items []Item
	p := apigateway.NewGetRestApisPaginator(l.v1, &apigateway.GetRestApisInput{Limit: aws.Int32(500)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, api := range page.Items {
			id := aws.ToString(api.Id)
			items = append(items, newItem("aws_api_gateway_rest_api", id,
				fmt.Sprintf("arn:aws:apigateway:%s::/restapis/%s", l.region, id), l.region,
				aws.ToTime(api.CreatedDate), api.Tags, map[string]any{"name": aws.ToString(api.Name)}))
		}
	}
	// GetApis has no paginator in the SDK; NextToken is followed by hand.
	var token *string
	for {
		page, err := l.v2.GetApis(ctx, &apigatewayv2.GetApisInput{NextToken: token, MaxResults: aws.String("500")})
		if err != nil {
			return nil, err
		}
		for _, api := range page.Items {
			id := aws.ToString(api.ApiId)
			items = append(items, newItem("aws_apigatewayv2_api", id,
				fmt.Sprintf("arn:aws:apigateway:%s::/apis/%s", l.region, id), l.region,
				aws.ToTime(api.CreatedDate), api.Tags, map[string]any{
					"name":          aws.ToString(api.Name),
					"protocol_type": string(api.ProtocolType),
					"api_endpoint":  aws.ToString(api.ApiEndpoint),
				}))
		}
		if aws.ToString(page.NextToken) == "" {
			return items, nil
		}
		token = page.NextToken
	}
}
