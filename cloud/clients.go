package cloud

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	tagschemas "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/schemas"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
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

	// The clients below serve the inventory and the sweep, one for each
	// service whose resources the labs create.

	// Cognito manages the day 2 lab's user pools and app clients.
	Cognito *cognitoidentityprovider.Client
	// APIGateway is API Gateway v1 (REST APIs).
	APIGateway *apigateway.Client
	// APIGatewayV2 is API Gateway v2 (HTTP APIs).
	APIGatewayV2 *apigatewayv2.Client
	// Lambda lists and deletes functions.
	Lambda *lambda.Client
	// IAM lists and deletes the labs' roles.
	IAM *iam.Client
	// S3 uses path-style addressing on the sandbox (NewS3).
	S3 *s3.Client
	// ECR lists repositories and their image sizes.
	ECR *ecr.Client
	// ECS lists clusters, services and task definitions.
	ECS *ecs.Client
	// EC2 lists the network: VPCs, subnets, security groups, gateways,
	// elastic IPs.
	EC2 *ec2.Client
	// ELBv2 lists load balancers, target groups and listeners.
	ELBv2 *elasticloadbalancingv2.Client
	// AutoScaling is Application Auto Scaling (ECS service scaling).
	AutoScaling *applicationautoscaling.Client
	// Logs is CloudWatch Logs.
	Logs *cloudwatchlogs.Client
	// SSM is Systems Manager Parameter Store.
	SSM *ssm.Client
	// Secrets is Secrets Manager.
	Secrets *secretsmanager.Client
	// Events is EventBridge.
	Events *eventbridge.Client
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

		Cognito:      cognitoidentityprovider.NewFromConfig(cfg),
		APIGateway:   apigateway.NewFromConfig(cfg),
		APIGatewayV2: apigatewayv2.NewFromConfig(cfg),
		Lambda:       lambda.NewFromConfig(cfg),
		IAM:          iam.NewFromConfig(cfg),
		S3:           NewS3(cfg, t),
		ECR:          ecr.NewFromConfig(cfg),
		ECS:          ecs.NewFromConfig(cfg),
		EC2:          ec2.NewFromConfig(cfg),
		ELBv2:        elasticloadbalancingv2.NewFromConfig(cfg),
		AutoScaling:  applicationautoscaling.NewFromConfig(cfg),
		Logs:         cloudwatchlogs.NewFromConfig(cfg),
		SSM:          ssm.NewFromConfig(cfg),
		Secrets:      secretsmanager.NewFromConfig(cfg),
		Events:       eventbridge.NewFromConfig(cfg),
	}
}

// NewS3 builds an S3 client. On the sandbox it uses path-style addresses
// (http://127.0.0.1:PORT/bucket): virtual-hosted style would put the
// bucket name in the host name, which does not resolve to the emulator.
func NewS3(cfg aws.Config, t Target) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if isSandbox(t) {
			o.UsePathStyle = true
		}
	})
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
