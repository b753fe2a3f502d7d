package cloud

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

func init() {
	registerKind("aws_lambda_function", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			return lambdaTags(ctx, c.Lambda, it.ARN)
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.Lambda.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(it.ID)})
			return err
		},
	})
}

// lambdaLister lists Lambda functions (aws_lambda_function, id = function
// name). Lambda reports when a function last changed, not when it was
// created, so CreatedAt stays unknown.
type lambdaLister struct {
	c      *lambda.Client
	region string
}

func (lambdaLister) Service() string { return "lambda" }

func (l lambdaLister) List(ctx context.Context) ([]Item, error) {
	var items []Item
	p := lambda.NewListFunctionsPaginator(l.c, &lambda.ListFunctionsInput{MaxItems: aws.Int32(50)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, f := range page.Functions {
			archs := make([]any, len(f.Architectures))
			for i, a := range f.Architectures {
				archs[i] = string(a)
			}
			attrs := map[string]any{
				"function_name": aws.ToString(f.FunctionName),
				"runtime":       string(f.Runtime),
				"architectures": archs,
			}
			if f.MemorySize != nil {
				attrs["memory_size"] = numAttr(*f.MemorySize)
			}
			if f.Timeout != nil {
				attrs["timeout"] = numAttr(*f.Timeout)
			}
			items = append(items, newItem("aws_lambda_function", aws.ToString(f.FunctionName),
				aws.ToString(f.FunctionArn), l.region, zeroTime, nil, attrs))
		}
	}
	err := forEach(ctx, len(items), func(ctx context.Context, i int) error {
		tags, err := lambdaTags(ctx, l.c, items[i].ARN)
		if err != nil {
			if isNotFound(err) {
				items[i].Type = ""
				return nil
			}
			return err
		}
		items[i] = newItem(items[i].Type, items[i].ID, items[i].ARN, l.region, zeroTime, tags, items[i].Attrs)
		return nil
	})
	return compact(items), err
}

func lambdaTags(ctx context.Context, c *lambda.Client, arn string) (map[string]string, error) {
	out, err := c.ListTags(ctx, &lambda.ListTagsInput{Resource: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	return out.Tags, nil
}
