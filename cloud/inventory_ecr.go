package cloud

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
)

func init() {
	registerKind("aws_ecr_repository", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			return ecrTags(ctx, c.ECR, it.ARN)
		},
		// Force deletes the images with the repository; a lab's pushed
		// images are what cost money in it.
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.ECR.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String(it.ID), Force: true})
			return err
		},
	})
}

// ecrLister lists ECR repositories (aws_ecr_repository, id = name) with
// the number and total size of their images, which is what ECR charges
// for.
type ecrLister struct {
	c      *ecr.Client
	region string
}

func (ecrLister) Service() string { return "ecr" }

func (l ecrLister) List(ctx context.Context) ([]Item, error) {
	var repos []ecrtypes.Repository
	p := ecr.NewDescribeRepositoriesPaginator(l.c, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		repos = append(repos, page.Repositories...)
	}
	items := make([]Item, len(repos))
	err := forEach(ctx, len(repos), func(ctx context.Context, i int) error {
		r := repos[i]
		name, arn := aws.ToString(r.RepositoryName), aws.ToString(r.RepositoryArn)
		tags, err := ecrTags(ctx, l.c, arn)
		if err != nil {
			return skipGone(err)
		}
		var count, bytes int64
		pi := ecr.NewDescribeImagesPaginator(l.c, &ecr.DescribeImagesInput{RepositoryName: r.RepositoryName, MaxResults: aws.Int32(1000)})
		for pi.HasMorePages() {
			page, err := pi.NextPage(ctx)
			if err != nil {
				return skipGone(err)
			}
			for _, img := range page.ImageDetails {
				count++
				bytes += aws.ToInt64(img.ImageSizeInBytes)
			}
		}
		items[i] = newItem("aws_ecr_repository", name, arn, l.region, aws.ToTime(r.CreatedAt), tags, map[string]any{
			"name":             name,
			"repository_url":   aws.ToString(r.RepositoryUri),
			"image_count":      numAttr(count),
			"image_size_bytes": numAttr(bytes),
		})
		return nil
	})
	return compact(items), err
}

func ecrTags(ctx context.Context, c *ecr.Client, arn string) (map[string]string, error) {
	out, err := c.ListTagsForResource(ctx, &ecr.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	tags := map[string]string{}
	for _, t := range out.Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}
