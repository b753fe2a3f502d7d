package cloud

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

func init() {
	registerKind("aws_ssm_parameter", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			return ssmTags(ctx, c.SSM, it.ID)
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.SSM.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String(it.ID)})
			return err
		},
	})
}

// ssmLister lists Parameter Store parameters (aws_ssm_parameter, id =
// name). SSM reports when a parameter last changed; for a parameter still
// at version 1 that is when it was created.
type ssmLister struct {
	c      *ssm.Client
	region string
}

func (ssmLister) Service() string { return "ssm" }

func (l ssmLister) List(ctx context.Context) ([]Item, error) {
	var params []ssmtypes.ParameterMetadata
	p := ssm.NewDescribeParametersPaginator(l.c, &ssm.DescribeParametersInput{MaxResults: aws.Int32(50)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		params = append(params, page.Parameters...)
	}
	items := make([]Item, len(params))
	err := forEach(ctx, len(params), func(ctx context.Context, i int) error {
		pm := params[i]
		name := aws.ToString(pm.Name)
		tags, err := ssmTags(ctx, l.c, name)
		if err != nil {
			return skipGone(err)
		}
		var created time.Time
		if pm.Version == 1 {
			created = aws.ToTime(pm.LastModifiedDate)
		}
		tier := string(pm.Tier)
		if tier == "" {
			tier = string(ssmtypes.ParameterTierStandard)
		}
		items[i] = newItem("aws_ssm_parameter", name, aws.ToString(pm.ARN), l.region, created, tags, map[string]any{
			"name": name,
			"type": string(pm.Type),
			"tier": tier,
		})
		return nil
	})
	return compact(items), err
}

func ssmTags(ctx context.Context, c *ssm.Client, name string) (map[string]string, error) {
	out, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{
		ResourceType: ssmtypes.ResourceTypeForTaggingParameter, ResourceId: aws.String(name),
	})
	if err != nil {
		return nil, err
	}
	tags := map[string]string{}
	for _, t := range out.TagList {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}
