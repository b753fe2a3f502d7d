package labs

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	apigwv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cognito "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	cognitotypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"awstutor/cloud"
)

// day2Prefix is the default of the lab's var.prefix.
const day2Prefix = "awstutor-d2"

// day2Options change how the fixture creates things that cannot be
// changed afterwards (Terraform would replace them).
type day2Options struct {
	// usernameAttributes are the pool's sign-in aliases (email sign-in).
	usernameAttributes []cognitotypes.UsernameAttributeType
}

// day2Fixture is what labs/content/day2-auth-api/solution creates, made
// through the SDK on moto with the same names, settings and default tags.
type day2Fixture struct {
	t   testing.TB
	ctx context.Context
	c   *cloud.Clients

	bucket           string
	pool, client     string
	role, function   string
	functionARN      string
	httpAPI, httpURL string
	authorizer       string
	integration      string
	route            string
	restAPI          string
	ordersResource   string
	apiKey           string
	plan             string
}

func newDay2Fixture(t testing.TB, ctx context.Context, c *cloud.Clients, opts day2Options) *day2Fixture {
	t.Helper()
	f := &day2Fixture{t: t, ctx: ctx, c: c}
	tags := courseTags(day2)

	// bucket.tf: bucket_prefix gets Terraform's 26-digit unique suffix.
	f.bucket = day2Prefix + "-site-20261128091500123400000001"
	_, err := c.S3.CreateBucket(ctx, &s3.CreateBucketInput{
		Bucket:                    aws.String(f.bucket),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(testRegion)},
	})
	f.must("create bucket", err)
	var s3tags []s3types.Tag
	for k, v := range tags {
		s3tags = append(s3tags, s3types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	_, err = c.S3.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String(f.bucket), Tagging: &s3types.Tagging{TagSet: s3tags}})
	f.must("tag bucket", err)
	f.setVersioning(s3types.BucketVersioningStatusEnabled)
	_, err = c.S3.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{
		Bucket: aws.String(f.bucket),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true),
			IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true),
		},
	})
	f.must("block public access", err)
	_, err = c.S3.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{
		Bucket: aws.String(f.bucket),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{{
			ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAes256},
		}}},
	})
	f.must("encrypt bucket", err)

	// cognito.tf
	pool, err := c.Cognito.CreateUserPool(ctx, &cognito.CreateUserPoolInput{
		PoolName: aws.String(day2Prefix + "-users"),
		Policies: &cognitotypes.UserPoolPolicyType{PasswordPolicy: &cognitotypes.PasswordPolicyType{
			MinimumLength:                 aws.Int32(10),
			RequireLowercase:              true,
			RequireNumbers:                true,
			RequireSymbols:                false,
			RequireUppercase:              false,
			TemporaryPasswordValidityDays: 7,
		}},
		UsernameAttributes: opts.usernameAttributes,
		UserPoolTags:       tags,
	})
	f.must("create user pool", err)
	f.pool = aws.ToString(pool.UserPool.Id)
	client, err := c.Cognito.CreateUserPoolClient(ctx, &cognito.CreateUserPoolClientInput{
		UserPoolId:     aws.String(f.pool),
		ClientName:     aws.String(day2Prefix + "-spa"),
		GenerateSecret: false,
		ExplicitAuthFlows: []cognitotypes.ExplicitAuthFlowsType{
			cognitotypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth,
			cognitotypes.ExplicitAuthFlowsTypeAllowRefreshTokenAuth,
		},
	})
	f.must("create user pool client", err)
	f.client = aws.ToString(client.UserPoolClient.ClientId)

	// lambda.tf
	var iamTags []iamtypes.Tag
	for k, v := range tags {
		iamTags = append(iamTags, iamtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	role, err := c.IAM.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName:                 aws.String(day2Prefix + "-me-lambda"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"lambda.amazonaws.com"}}]}`),
		Tags:                     iamTags,
	})
	f.must("create role", err)
	f.role = aws.ToString(role.Role.Arn)
	_, err = c.IAM.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{
		RoleName:  role.Role.RoleName,
		PolicyArn: aws.String("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
	})
	f.must("attach AWSLambdaBasicExecutionRole", err)
	_, err = c.Logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/aws/lambda/" + day2Prefix + "-me"), Tags: tags})
	f.must("create log group", err)
	_, err = c.Logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/aws/lambda/" + day2Prefix + "-me"), RetentionInDays: aws.Int32(1)})
	f.must("set log retention", err)
	handler, err := os.ReadFile("content/day2-auth-api/solution/src/handler.py")
	f.must("read the solution's handler", err)
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("handler.py")
	w.Write(handler)
	f.must("zip handler", zw.Close())
	fn, err := c.Lambda.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName:  aws.String(day2Prefix + "-me"),
		Role:          aws.String(f.role),
		Runtime:       lambdatypes.RuntimePython313,
		Handler:       aws.String("handler.handler"),
		Architectures: []lambdatypes.Architecture{lambdatypes.ArchitectureArm64},
		Code:          &lambdatypes.FunctionCode{ZipFile: zipped.Bytes()},
		MemorySize:    aws.Int32(128),
		Timeout:       aws.Int32(5),
		Tags:          tags,
	})
	f.must("create function", err)
	f.function, f.functionARN = aws.ToString(fn.FunctionName), aws.ToString(fn.FunctionArn)

	// http_api.tf
	api, err := c.APIGatewayV2.CreateApi(ctx, &apigatewayv2.CreateApiInput{Name: aws.String(day2Prefix + "-http"), ProtocolType: apigwv2types.ProtocolTypeHttp, Tags: tags})
	f.must("create http api", err)
	f.httpAPI, f.httpURL = aws.ToString(api.ApiId), aws.ToString(api.ApiEndpoint)
	auth, err := c.APIGatewayV2.CreateAuthorizer(ctx, &apigatewayv2.CreateAuthorizerInput{
		ApiId:          aws.String(f.httpAPI),
		Name:           aws.String("cognito-jwt"),
		AuthorizerType: apigwv2types.AuthorizerTypeJwt,
		IdentitySource: []string{"$request.header.Authorization"},
		JwtConfiguration: &apigwv2types.JWTConfiguration{
			Issuer:   aws.String(poolIssuer(testRegion, f.pool)),
			Audience: []string{f.client},
		},
	})
	f.must("create authorizer", err)
	f.authorizer = aws.ToString(auth.AuthorizerId)
	integ, err := c.APIGatewayV2.CreateIntegration(ctx, &apigatewayv2.CreateIntegrationInput{
		ApiId:                aws.String(f.httpAPI),
		IntegrationType:      apigwv2types.IntegrationTypeAwsProxy,
		IntegrationUri:       aws.String(fmt.Sprintf("arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations", testRegion, f.functionARN)),
		PayloadFormatVersion: aws.String("2.0"),
	})
	f.must("create integration", err)
	f.integration = aws.ToString(integ.IntegrationId)
	route, err := c.APIGatewayV2.CreateRoute(ctx, &apigatewayv2.CreateRouteInput{
		ApiId:             aws.String(f.httpAPI),
		RouteKey:          aws.String("GET /me"),
		Target:            aws.String("integrations/" + f.integration),
		AuthorizationType: apigwv2types.AuthorizationTypeJwt,
		AuthorizerId:      aws.String(f.authorizer),
	})
	f.must("create route", err)
	f.route = aws.ToString(route.RouteId)
	_, err = c.APIGatewayV2.CreateStage(ctx, &apigatewayv2.CreateStageInput{
		ApiId:      aws.String(f.httpAPI),
		StageName:  aws.String("$default"),
		AutoDeploy: aws.Bool(true),
		DefaultRouteSettings: &apigwv2types.RouteSettings{
			ThrottlingBurstLimit: aws.Int32(10),
			ThrottlingRateLimit:  aws.Float64(5),
		},
		Tags: tags,
	})
	f.must("create stage", err)
	f.addPermission()

	// rest_api.tf
	rest, err := c.APIGateway.CreateRestApi(ctx, &apigateway.CreateRestApiInput{
		Name:                  aws.String(day2Prefix + "-partner"),
		EndpointConfiguration: &apigwtypes.EndpointConfiguration{Types: []apigwtypes.EndpointType{apigwtypes.EndpointTypeRegional}},
		Tags:                  tags,
	})
	f.must("create rest api", err)
	f.restAPI = aws.ToString(rest.Id)
	res, err := c.APIGateway.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: rest.Id, ParentId: rest.RootResourceId, PathPart: aws.String("orders")})
	f.must("create resource", err)
	f.ordersResource = aws.ToString(res.Id)
	_, err = c.APIGateway.PutMethod(ctx, &apigateway.PutMethodInput{
		RestApiId: rest.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"),
		AuthorizationType: aws.String("NONE"), ApiKeyRequired: true,
	})
	f.must("put method", err)
	_, err = c.APIGateway.PutIntegration(ctx, &apigateway.PutIntegrationInput{
		RestApiId: rest.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), Type: apigwtypes.IntegrationTypeMock,
		RequestTemplates: map[string]string{"application/json": `{"statusCode":200}`},
	})
	f.must("put integration", err)
	_, err = c.APIGateway.PutMethodResponse(ctx, &apigateway.PutMethodResponseInput{RestApiId: rest.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), StatusCode: aws.String("200")})
	f.must("put method response", err)
	_, err = c.APIGateway.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{
		RestApiId: rest.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), StatusCode: aws.String("200"),
		ResponseTemplates: map[string]string{"application/json": `{"orders":[],"source":"mock"}`},
	})
	f.must("put integration response", err)
	dep, err := c.APIGateway.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: rest.Id})
	f.must("create deployment", err)
	_, err = c.APIGateway.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: rest.Id, DeploymentId: dep.Id, StageName: aws.String("prod"), Tags: tags})
	f.must("create stage prod", err)
	key, err := c.APIGateway.CreateApiKey(ctx, &apigateway.CreateApiKeyInput{Name: aws.String(day2Prefix + "-partner-a"), Enabled: true, Tags: tags})
	f.must("create api key", err)
	f.apiKey = aws.ToString(key.Id)
	plan, err := c.APIGateway.CreateUsagePlan(ctx, &apigateway.CreateUsagePlanInput{
		Name:      aws.String(day2Prefix + "-basic"),
		ApiStages: []apigwtypes.ApiStage{{ApiId: rest.Id, Stage: aws.String("prod")}},
		Throttle:  &apigwtypes.ThrottleSettings{BurstLimit: 5, RateLimit: 2},
		Quota:     &apigwtypes.QuotaSettings{Limit: 1000, Period: apigwtypes.QuotaPeriodTypeDay},
		Tags:      tags,
	})
	f.must("create usage plan", err)
	f.plan = aws.ToString(plan.Id)
	_, err = c.APIGateway.CreateUsagePlanKey(ctx, &apigateway.CreateUsagePlanKeyInput{UsagePlanId: plan.Id, KeyId: key.Id, KeyType: aws.String("API_KEY")})
	f.must("create usage plan key", err)
	return f
}

// addPermission is the solution's aws_lambda_permission.http_api, as
// Terraform creates it in the sandbox: the provider does not look the
// account up there, so the API's execution_arn has an empty account.
func (f *day2Fixture) addPermission() {
	f.t.Helper()
	_, err := f.c.Lambda.AddPermission(f.ctx, &lambda.AddPermissionInput{
		FunctionName: aws.String(f.function),
		StatementId:  aws.String("AllowHttpApiInvoke"),
		Action:       aws.String("lambda:InvokeFunction"),
		Principal:    aws.String("apigateway.amazonaws.com"),
		SourceArn:    aws.String(fmt.Sprintf("arn:aws:execute-api:%s::%s/*/*", testRegion, f.httpAPI)),
	})
	f.must("add lambda permission", err)
}

func (f *day2Fixture) setVersioning(status s3types.BucketVersioningStatus) {
	f.t.Helper()
	_, err := f.c.S3.PutBucketVersioning(f.ctx, &s3.PutBucketVersioningInput{
		Bucket:                  aws.String(f.bucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: status},
	})
	f.must("set versioning", err)
}

// outputs are the solution's outputs as the state file holds them.
func (f *day2Fixture) outputs() map[string]any {
	return map[string]any{
		"site_bucket":         f.bucket,
		"user_pool_id":        f.pool,
		"user_pool_client_id": f.client,
		"function_name":       f.function,
		"http_api_id":         f.httpAPI,
		"http_api_endpoint":   f.httpURL,
		"rest_api_id":         f.restAPI,
		"usage_plan_id":       f.plan,
	}
}

func (f *day2Fixture) must(what string, err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("fixture: %s: %v", what, err)
	}
}

// jsonString marshals v, failing the test on error.
func jsonString(t testing.TB, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
