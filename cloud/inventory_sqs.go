package cloud

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

func init() {
	registerKind("aws_sqs_queue", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			return sqsTags(ctx, c.SQS, it.ID)
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.SQS.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: aws.String(it.ID)})
			return err
		},
	})
}

// sqsLister lists SQS queues (aws_sqs_queue, id = queue URL).
type sqsLister struct {
	c      *sqs.Client
	region string
}

func (sqsLister) Service() string { return "sqs" }

func (l sqsLister) List(ctx context.Context) ([]Item, error) {
	var urls []string
	p := sqs.NewListQueuesPaginator(l.c, &sqs.ListQueuesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		urls = append(urls, page.QueueUrls...)
	}
	items := make([]Item, len(urls))
	err := forEach(ctx, len(urls), func(ctx context.Context, i int) error {
		url := urls[i]
		tags, err := sqsTags(ctx, l.c, url)
		if err != nil {
			return skipGone(err)
		}
		attrs, err := l.c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
			QueueUrl: aws.String(url),
			AttributeNames: []sqstypes.QueueAttributeName{
				sqstypes.QueueAttributeNameQueueArn,
				sqstypes.QueueAttributeNameCreatedTimestamp,
				sqstypes.QueueAttributeNameFifoQueue,
			},
		})
		if err != nil {
			return skipGone(err)
		}
		a := attrs.Attributes
		name := url[strings.LastIndexByte(url, '/')+1:]
		var created time.Time
		// AWS writes whole seconds; moto writes a fraction too.
		if secs, err := strconv.ParseFloat(a["CreatedTimestamp"], 64); err == nil && secs > 0 {
			created = time.Unix(int64(secs), 0)
		}
		items[i] = newItem("aws_sqs_queue", url, a["QueueArn"], l.region, created, tags, map[string]any{
			"name":       name,
			"fifo_queue": a["FifoQueue"] == "true" || strings.HasSuffix(name, ".fifo"),
		})
		return nil
	})
	return compact(items), err
}

func sqsTags(ctx context.Context, c *sqs.Client, url string) (map[string]string, error) {
	out, err := c.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: aws.String(url)})
	if err != nil {
		return nil, err
	}
	return out.Tags, nil
}
