package cloud

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

func init() {
	registerKind("aws_s3_bucket", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			return s3Tags(ctx, c.S3, it.ID)
		},
		del: deleteBucket,
	})
}

// s3Lister lists the S3 buckets in the target's region (aws_s3_bucket, id
// = bucket name). ListBuckets is global; asking for one region's buckets
// keeps the tag reads on the regional endpoint that can answer them.
type s3Lister struct {
	c      *s3.Client
	region string
}

func (s3Lister) Service() string { return "s3" }

func (l s3Lister) List(ctx context.Context) ([]Item, error) {
	var buckets []s3types.Bucket
	p := s3.NewListBucketsPaginator(l.c, &s3.ListBucketsInput{BucketRegion: aws.String(l.region), MaxBuckets: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		buckets = append(buckets, page.Buckets...)
	}
	items := make([]Item, len(buckets))
	err := forEach(ctx, len(buckets), func(ctx context.Context, i int) error {
		b := buckets[i]
		name := aws.ToString(b.Name)
		tags, err := s3Tags(ctx, l.c, name)
		if err != nil {
			return skipGone(err)
		}
		arn := aws.ToString(b.BucketArn)
		if arn == "" {
			arn = "arn:aws:s3:::" + name
		}
		items[i] = newItem("aws_s3_bucket", name, arn, l.region, aws.ToTime(b.CreationDate), tags,
			map[string]any{"bucket": name})
		return nil
	})
	return compact(items), err
}

// s3Tags reads a bucket's tags. A bucket without tags answers
// NoSuchTagSet, which is an empty set, not a missing bucket.
func s3Tags(ctx context.Context, c *s3.Client, bucket string) (map[string]string, error) {
	out, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(bucket)})
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "NoSuchTagSet" {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	tags := map[string]string{}
	for _, t := range out.TagSet {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}

// deleteBucket empties the bucket, every version and delete marker
// included (a versioned bucket keeps them after a plain delete), then
// deletes it.
func deleteBucket(ctx context.Context, c *Clients, it Item) error {
	bucket := aws.String(it.ID)
	p := s3.NewListObjectVersionsPaginator(c.S3, &s3.ListObjectVersionsInput{Bucket: bucket})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		var ids []s3types.ObjectIdentifier
		for _, v := range page.Versions {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		// A page holds at most 1000 entries, DeleteObjects' limit.
		if len(ids) == 0 {
			continue
		}
		out, err := c.S3.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: bucket,
			Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)},
		})
		if err != nil {
			return err
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return errors.New("empty bucket: delete " + aws.ToString(e.Key) + ": " + aws.ToString(e.Message))
		}
	}
	_, err := c.S3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: bucket})
	return err
}
