package cloud

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

func init() {
	registerKind("aws_secretsmanager_secret", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			out, err := c.Secrets.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(it.ARN)})
			if err != nil {
				return nil, err
			}
			if out.DeletedDate != nil {
				return nil, errGone
			}
			return secretTags(out.Tags), nil
		},
		// Without recovery: a secret merely scheduled for deletion keeps
		// its name taken for up to 30 days, and the next lab run that
		// creates it again would fail.
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.Secrets.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{
				SecretId: aws.String(it.ARN), ForceDeleteWithoutRecovery: aws.Bool(true),
			})
			return err
		},
	})
}

// secretsLister lists Secrets Manager secrets (aws_secretsmanager_secret,
// id = ARN, the provider's id). Secrets scheduled for deletion are not
// listed: they cost nothing and cannot be used.
type secretsLister struct {
	c      *secretsmanager.Client
	region string
}

func (secretsLister) Service() string { return "secretsmanager" }

func (l secretsLister) List(ctx context.Context) ([]Item, error) {
	var items []Item
	p := secretsmanager.NewListSecretsPaginator(l.c, &secretsmanager.ListSecretsInput{MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range page.SecretList {
			if s.DeletedDate != nil {
				continue
			}
			arn := aws.ToString(s.ARN)
			items = append(items, newItem("aws_secretsmanager_secret", arn, arn, l.region, aws.ToTime(s.CreatedDate),
				secretTags(s.Tags), map[string]any{"name": aws.ToString(s.Name)}))
		}
	}
	return items, nil
}

func secretTags(tags []smtypes.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}
