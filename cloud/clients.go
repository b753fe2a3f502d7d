package cloud

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	tagschemas "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/schemas"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"
)

// Clients holds the service clients for one target, all built from one
// aws.Config. Services that need no emulator-specific option can be built
// by callers from Config with the service's NewFromConfig; those that do
// (see NewCloudWatch) must be built here.
type Clients struct {
	// Config is the configuration every client was built from.
	Config aws.Config
	// Target is where the clients point.
	Target Target

	// STS answers who the credentials belong to (the account guard).
	STS *sts.Client
	// SQS is used by the day 1 messaging lab's checks.
	SQS *sqs.Client
	// SNS is used by the day 1 messaging lab's checks.
	SNS *sns.Client
	// CloudWatch carries the sandbox protocol override (NewCloudWatch).
	CloudWatch *cloudwatch.Client
	// Tagging lists tagged resources for inventory and sweep; it carries
	// the sandbox protocol override (NewTagging).
	Tagging *resourcegroupstaggingapi.Client
}

// Connect builds the configuration and clients for the target.
func Connect(ctx context.Context, t Target) (*Clients, error) {
	cfg, err := NewConfig(ctx, t)
	if err != nil {
		return nil, err
	}
	return NewClients(cfg, t), nil
}

// NewClients builds every client from cfg for target t.
func NewClients(cfg aws.Config, t Target) *Clients {
	return &Clients{
		Config:     cfg,
		Target:     t,
		STS:        sts.NewFromConfig(cfg),
		SQS:        sqs.NewFromConfig(cfg),
		SNS:        sns.NewFromConfig(cfg),
		CloudWatch: NewCloudWatch(cfg, t),
		Tagging:    NewTagging(cfg, t),
	}
}

// NewCloudWatch builds a CloudWatch client. Current SDK versions speak
// Smithy RPC v2 CBOR to CloudWatch, which moto does not serve (it answers
// 404, and the SDK then fails to decode); on the sandbox the client is set
// back to the awsQuery protocol that moto and older SDKs use. Real AWS gets
// the SDK's default.
func NewCloudWatch(cfg aws.Config, t Target) *cloudwatch.Client {
	return cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) {
		if isSandbox(t) {
			o.Protocol = awsquery.New(cwschemas.GraniteServiceVersion20100801)
		}
	})
}

// NewTagging builds a Resource Groups Tagging API client; like CloudWatch
// it moved to RPC v2 CBOR, so on the sandbox it is set back to awsJson 1.1,
// which moto serves.
func NewTagging(cfg aws.Config, t Target) *resourcegroupstaggingapi.Client {
	return resourcegroupstaggingapi.NewFromConfig(cfg, func(o *resourcegroupstaggingapi.Options) {
		if isSandbox(t) {
			o.Protocol = awsjson.New11(tagschemas.ResourceGroupsTaggingAPI_20170126)
		}
	})
}

func isSandbox(t Target) bool { return t.Name == TargetSandbox || t.Name == "" }
