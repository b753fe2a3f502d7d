package labs

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigatewaytypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	apigwv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	cognito "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	cognitotypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Day 2, day2-auth-api: a first S3 bucket, a Cognito user pool with a
// public app client, an HTTP API whose GET /me route needs a JWT from the
// pool and calls a Lambda function, and a REST API behind an API key and
// a usage plan. The sign-in checks create a throw-away user with a random
// password, never print the password or the tokens, and delete the user.

const day2 = "day2-auth-api"

// The lab's contract, from its guide and solution: the route the learner
// protects, and the limits the stage and the usage plan set.
const (
	day2Route         = "GET /me"
	day2StageBurst    = 10
	day2StageRate     = 5.0
	day2PlanBurst     = 5
	day2PlanRate      = 2.0
	day2QuotaLimit    = 1000
	day2QuotaPeriod   = "DAY"
	day2RESTPath      = "/orders"
	day2RESTStage     = "prod"
	day2PasswordMin   = 10
	day2ExecuteAPIFmt = "arn:aws:execute-api:%s:%s:%s/*/*"
)

// notProvableCall is why the sandbox cannot call the deployed API.
const notProvableCall = "not provable in sandbox: moto does not serve the execute-api URLs of deployed APIs (the call would reach its S3 emulation), so calling GET /me without and with a token needs --target aws"

func init() {
	both := []string{TargetSandbox, TargetAWS}
	Register(day2,
		Check{
			ID:      "bucket-versioned-private",
			Step:    "first-bucket",
			Title:   "S3 버킷이 버전을 쌓고(versioning), 퍼블릭 접근을 모두 막고, 암호화한다",
			Targets: both,
			Hints: []string{
				"bucket.tf에 aws_s3_bucket_versioning(versioning_configuration { status = \"Enabled\" }), aws_s3_bucket_public_access_block(네 인자 모두 true), aws_s3_bucket_server_side_encryption_configuration을 더하세요.",
				"세 리소스 모두 bucket = aws_s3_bucket.site.id로 버킷을 가리킵니다. 검사는 같은 키에 객체를 두 번 올려 버전이 두 개 생기는지 봅니다.",
				"output \"site_bucket\" { value = aws_s3_bucket.site.id }가 있는지, apply가 끝났는지 확인하세요.",
			},
			Run: checkBucket,
		},
		Check{
			ID:      "user-pool-password-auth",
			Step:    "user-pool",
			Title:   "앱 클라이언트가 secret 없이 비밀번호 로그인을 허용하고, 풀의 비밀번호 규칙이 맞다",
			Targets: both,
			Hints: []string{
				"aws_cognito_user_pool_client.spa에 generate_secret = false와 explicit_auth_flows = [\"ALLOW_USER_PASSWORD_AUTH\", \"ALLOW_REFRESH_TOKEN_AUTH\"]를 넣으세요.",
				"password_policy는 minimum_length = 10, require_lowercase = true, require_numbers = true입니다.",
				"generate_secret은 만든 뒤 바꿀 수 없어 클라이언트를 새로 만듭니다(plan에 -/+로 보임). output user_pool_client_id도 새 ID가 됩니다.",
			},
			Run: checkPoolClient,
		},
		Check{
			ID:      "user-signin-token",
			Step:    "user-pool",
			Title:   "테스트 사용자가 가입·확인·로그인해 이 풀과 클라이언트의 ID 토큰을 받는다",
			Targets: both,
			Hints: []string{
				"검사는 사용자 이름과 비밀번호로 SignUp한 뒤 AdminConfirmSignUp과 InitiateAuth(USER_PASSWORD_AUTH)를 합니다. 풀에 username_attributes(이메일 로그인)를 넣지 마세요.",
				"직접 해 보세요: aws cognito-idp sign-up --client-id <user_pool_client_id> --username test1 --password <비밀번호>, 그다음 admin-confirm-sign-up, initiate-auth --auth-flow USER_PASSWORD_AUTH.",
				"user_pool_id와 user_pool_client_id output이 같은 풀의 값인지 확인하세요.",
			},
			Run: checkSignIn,
		},
		Check{
			ID:      "authorizer-matches-pool",
			Step:    "http-api",
			Title:   "JWT authorizer의 issuer와 audience가 풀이 발급한 ID 토큰과 맞다",
			Targets: both,
			Hints: []string{
				"aws_apigatewayv2_authorizer.cognito의 jwt_configuration에 issuer와 audience를 채우세요. authorizer_type = \"JWT\"입니다.",
				"issuer = \"https://cognito-idp.${var.region}.amazonaws.com/${aws_cognito_user_pool.this.id}\" (끝에 / 없음). 토큰의 iss와 글자 하나까지 같아야 합니다.",
				"audience = [aws_cognito_user_pool_client.spa.id]. User Pool ID를 넣으면 토큰의 aud와 달라 모든 요청이 401입니다.",
			},
			Run: checkAuthorizer,
		},
		Check{
			ID:      "route-requires-jwt",
			Step:    "http-api",
			Title:   "GET /me 라우트가 JWT authorizer를 요구하고 Lambda 함수로 이어진다",
			Targets: both,
			Hints: []string{
				"aws_apigatewayv2_route.me에 authorization_type = \"JWT\"와 authorizer_id = aws_apigatewayv2_authorizer.cognito.id를 넣으세요.",
				"route_key는 \"GET /me\", target은 \"integrations/${aws_apigatewayv2_integration.me.id}\"입니다.",
				"통합(aws_apigatewayv2_integration.me)은 integration_type = \"AWS_PROXY\", integration_uri = aws_lambda_function.me.invoke_arn입니다.",
			},
			Run: checkRoute,
		},
		Check{
			ID:      "lambda-permission-api",
			Step:    "http-api",
			Title:   "이 HTTP API만 Lambda 함수를 호출할 수 있게 허락되어 있다",
			Targets: both,
			Hints: []string{
				"aws_lambda_permission이 필요합니다. 없으면 라우트와 통합이 맞아도 호출이 500으로 끝납니다.",
				"principal = \"apigateway.amazonaws.com\", action = \"lambda:InvokeFunction\", function_name = aws_lambda_function.me.function_name.",
				"source_arn = \"${aws_apigatewayv2_api.http.execution_arn}/*/*\"로 이 API에서 오는 호출만 허락합니다.",
			},
			Run: checkLambdaPermission,
		},
		Check{
			ID:      "stage-throttling",
			Step:    "http-api",
			Title:   "$default 스테이지가 모든 라우트를 burst 10, 초당 5로 제한한다",
			Targets: both,
			Hints: []string{
				"aws_apigatewayv2_stage.default 안에 default_route_settings 블록을 넣으세요.",
				"default_route_settings { throttling_burst_limit = 10  throttling_rate_limit = 5 }",
				"스테이지 이름은 \"$default\"이고 auto_deploy = true입니다. 다른 이름의 스테이지를 만들면 URL에 스테이지 이름이 붙습니다.",
			},
			Run: checkStageThrottling,
		},
		Check{
			ID:         "api-401-200",
			Step:       "http-api",
			Title:      "토큰 없이 GET /me를 부르면 401, ID 토큰을 주면 200이다",
			Targets:    []string{TargetAWS},
			Unprovable: notProvableCall,
			Hints: []string{
				"토큰 없이 401이 아니라 200이면 라우트에 authorizer가 없습니다. 토큰이 있어도 401이면 issuer/audience가 토큰과 다릅니다.",
				"토큰이 있는데 500이면 aws_lambda_permission이 없거나 source_arn이 이 API가 아닙니다. 403이면 토큰 앞에 Bearer를 붙였는지, Authorization 헤더인지 보세요.",
				"직접 해 보세요: curl -i \"$(terraform output -raw http_api_endpoint)/me\" -H \"Authorization: <IdToken>\"",
			},
			Run: checkAPICall,
		},
		Check{
			ID:      "api-key-required",
			Step:    "rest-api",
			Title:   "REST API의 GET /orders가 API 키를 요구하고, 사용량 계획에 키가 연결되어 있다",
			Targets: both,
			Hints: []string{
				"aws_api_gateway_method.get_orders에 api_key_required = true를 넣으세요. 없으면 키 없이도 호출됩니다.",
				"키와 사용량 계획을 잇는 aws_api_gateway_usage_plan_key가 있어야 그 키로 호출할 수 있습니다: key_id, key_type = \"API_KEY\", usage_plan_id.",
				"메서드를 바꾼 뒤에는 새 deployment가 필요합니다. triggers의 redeployment 목록에 메서드가 들어 있는지 확인하세요.",
			},
			Run: checkAPIKeyRequired,
		},
		Check{
			ID:      "usage-plan-limits",
			Step:    "rest-api",
			Title:   "사용량 계획이 prod 스테이지에 burst 5, 초당 2, 하루 1000회 한도를 건다",
			Targets: both,
			Hints: []string{
				"aws_api_gateway_usage_plan.basic에 throttle_settings { burst_limit = 5  rate_limit = 2 }와 quota_settings { limit = 1000  period = \"DAY\" }를 넣으세요.",
				"api_stages { api_id = aws_api_gateway_rest_api.partner.id  stage = aws_api_gateway_stage.prod.stage_name }로 계획을 prod 스테이지에 연결합니다.",
				"output \"usage_plan_id\" { value = aws_api_gateway_usage_plan.basic.id }가 있는지 확인하세요.",
			},
			Run: checkUsagePlan,
		},
	)
}

func checkBucket(ctx context.Context, env Env) Outcome {
	bucket, err := env.Output("site_bucket")
	if err != nil {
		return OutputFailed(err)
	}
	c := env.Clients.S3
	pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
	if err != nil && !isAPIError(err, "NoSuchPublicAccessBlockConfiguration") {
		return Errored("read the public access block of bucket "+bucket, err)
	}
	if pab == nil || pab.PublicAccessBlockConfiguration == nil {
		return Mismatch("bucket "+bucket+" public access block", "all four settings true", "none")
	}
	cfg := pab.PublicAccessBlockConfiguration
	var open []string
	for name, on := range map[string]*bool{
		"block_public_acls":       cfg.BlockPublicAcls,
		"block_public_policy":     cfg.BlockPublicPolicy,
		"ignore_public_acls":      cfg.IgnorePublicAcls,
		"restrict_public_buckets": cfg.RestrictPublicBuckets,
	} {
		if !aws.ToBool(on) {
			open = append(open, name)
		}
	}
	if len(open) > 0 {
		slices.Sort(open)
		return Mismatch("bucket "+bucket+" public access block", "all four settings true", strings.Join(open, ", ")+" false")
	}
	if _, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)}); err != nil {
		if isAPIError(err, "ServerSideEncryptionConfigurationNotFoundError") {
			return Mismatch("bucket "+bucket+" default encryption", "a server-side encryption rule (AES256)", "none")
		}
		return Errored("read the encryption of bucket "+bucket, err)
	}
	return bucketKeepsVersions(ctx, env, bucket)
}

// bucketKeepsVersions writes one test key twice and lists its versions:
// a versioned bucket keeps both. Every version (and delete marker) of the
// key is deleted afterwards.
func bucketKeepsVersions(ctx context.Context, env Env, bucket string) Outcome {
	c := env.Clients.S3
	key := "awstutor-check/" + Marker("bucket-versioned-private") + ".txt"
	defer Cleanup(ctx, func(ctx context.Context) {
		out, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(key)})
		if err != nil {
			return
		}
		var ids []*string
		for _, v := range out.Versions {
			ids = append(ids, v.VersionId)
		}
		for _, m := range out.DeleteMarkers {
			ids = append(ids, m.VersionId)
		}
		for _, id := range ids {
			_, _ = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), VersionId: id})
		}
	})
	for i := range 2 {
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{
			Bucket: aws.String(bucket),
			Key:    aws.String(key),
			Body:   bytes.NewReader(fmt.Appendf(nil, "awstutor versioning check, write %d\n", i+1)),
		}); err != nil {
			return Errored("write a test object to bucket "+bucket, err)
		}
	}
	out, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(key)})
	if err != nil {
		return Errored("list the versions of the test object", err)
	}
	// An unversioned (or suspended) bucket keeps one object whose
	// version id is "null"; each write replaces it.
	kept, versions := 0, 0
	for _, v := range out.Versions {
		if aws.ToString(v.Key) != key {
			continue
		}
		kept++
		if aws.ToString(v.VersionId) != "null" {
			versions++
		}
	}
	if versions < 2 {
		status := "not enabled"
		if v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)}); err == nil && v.Status != "" {
			status = string(v.Status)
		}
		return Fail("writing one key twice kept %d version(s) in bucket %s (expected 2: versioning Enabled; found versioning %s)", kept, bucket, status)
	}
	if v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)}); err == nil && v.Status != s3types.BucketVersioningStatusEnabled {
		return Mismatch("bucket "+bucket+" versioning", "Enabled", orNone(string(v.Status)))
	}
	return Pass("%s keeps every version (2 versions of one key), blocks all public access and encrypts by default", bucket)
}

// poolAndClient reads the pool and client outputs.
func poolAndClient(env Env) (pool, client string, failed *Outcome) {
	pool, err := env.Output("user_pool_id")
	if err != nil {
		o := OutputFailed(err)
		return "", "", &o
	}
	client, err = env.Output("user_pool_client_id")
	if err != nil {
		o := OutputFailed(err)
		return "", "", &o
	}
	return pool, client, nil
}

func checkPoolClient(ctx context.Context, env Env) Outcome {
	pool, client, failed := poolAndClient(env)
	if failed != nil {
		return *failed
	}
	out, err := env.Clients.Cognito.DescribeUserPoolClient(ctx, &cognito.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(client)})
	if err != nil {
		return Errored("read app client "+client+" of user pool "+pool, err)
	}
	uc := out.UserPoolClient
	flows := make([]string, 0, len(uc.ExplicitAuthFlows))
	for _, f := range uc.ExplicitAuthFlows {
		flows = append(flows, string(f))
	}
	switch {
	case aws.ToString(uc.ClientSecret) != "":
		return Mismatch("app client secret", "none (generate_secret = false)", "a client secret")
	case !slices.Contains(flows, string(cognitotypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth)):
		return Mismatch("app client explicit_auth_flows", "ALLOW_USER_PASSWORD_AUTH among them", orNone(strings.Join(flows, ", ")))
	}
	p, err := env.Clients.Cognito.DescribeUserPool(ctx, &cognito.DescribeUserPoolInput{UserPoolId: aws.String(pool)})
	if err != nil {
		return Errored("read user pool "+pool, err)
	}
	var pp cognitotypes.PasswordPolicyType
	if p.UserPool.Policies != nil && p.UserPool.Policies.PasswordPolicy != nil {
		pp = *p.UserPool.Policies.PasswordPolicy
	}
	switch {
	case aws.ToInt32(pp.MinimumLength) != day2PasswordMin:
		return Mismatch("password_policy minimum_length", day2PasswordMin, aws.ToInt32(pp.MinimumLength))
	case !pp.RequireLowercase:
		return Mismatch("password_policy require_lowercase", true, false)
	case !pp.RequireNumbers:
		return Mismatch("password_policy require_numbers", true, false)
	}
	return Pass("client %s has no secret and allows USER_PASSWORD_AUTH; passwords need 10 characters with lower case and numbers", client)
}

// testUser is a throw-away user a check signed in; its password and tokens
// never leave the check.
type testUser struct {
	name    string
	idToken string
	claims  jwtClaims
}

// jwtClaims are the ID token claims the checks compare.
type jwtClaims struct {
	Issuer   string `json:"iss"`
	Audience any    `json:"aud"` // a string, or a list in general JWTs
	TokenUse string `json:"token_use"`
}

// audiences returns aud as a list.
func (c jwtClaims) audiences() []string {
	switch a := c.Audience.(type) {
	case string:
		return []string{a}
	case []any:
		var out []string
		for _, v := range a {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// signInTestUser signs a fresh user up with a random password that meets
// the pool's policy, confirms it as an administrator and signs it in with
// USER_PASSWORD_AUTH. The returned cleanup deletes the user; call it even
// when signing in failed (the user may exist). The failure says which step
// failed, in one sentence, without the password.
func signInTestUser(ctx context.Context, env Env, checkID, pool, client string) (*testUser, func(context.Context), *Outcome) {
	c := env.Clients.Cognito
	name := Marker(checkID)
	cleanup := func(ctx context.Context) {
		_, _ = c.AdminDeleteUser(ctx, &cognito.AdminDeleteUserInput{UserPoolId: aws.String(pool), Username: aws.String(name)})
	}
	fail := func(o Outcome) (*testUser, func(context.Context), *Outcome) { return nil, cleanup, &o }
	minLen := 0
	if p, err := c.DescribeUserPool(ctx, &cognito.DescribeUserPoolInput{UserPoolId: aws.String(pool)}); err == nil &&
		p.UserPool.Policies != nil && p.UserPool.Policies.PasswordPolicy != nil {
		minLen = int(aws.ToInt32(p.UserPool.Policies.PasswordPolicy.MinimumLength))
	}
	password, err := randomPassword(max(minLen, 20))
	if err != nil {
		return fail(Errored("make a test password", err))
	}
	if _, err := c.SignUp(ctx, &cognito.SignUpInput{ClientId: aws.String(client), Username: aws.String(name), Password: aws.String(password)}); err != nil {
		return fail(Fail("the pool refused to sign up a test user with a username and password (expected SignUp to succeed): %s", errorSentence(err)))
	}
	if _, err := c.AdminConfirmSignUp(ctx, &cognito.AdminConfirmSignUpInput{UserPoolId: aws.String(pool), Username: aws.String(name)}); err != nil {
		return fail(Errored("confirm the test user", err))
	}
	auth, err := c.InitiateAuth(ctx, &cognito.InitiateAuthInput{
		ClientId:       aws.String(client),
		AuthFlow:       cognitotypes.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password},
	})
	if err != nil {
		return fail(Fail("signing the test user in with USER_PASSWORD_AUTH failed (expected tokens): %s", errorSentence(err)))
	}
	if auth.AuthenticationResult == nil || aws.ToString(auth.AuthenticationResult.IdToken) == "" {
		return fail(Fail("signing the test user in returned the challenge %s instead of tokens (expected an ID token at once: no MFA, no password change)", orNone(string(auth.ChallengeName))))
	}
	token := aws.ToString(auth.AuthenticationResult.IdToken)
	claims, err := decodeJWT(token)
	if err != nil {
		return fail(Fail("the ID token from the pool is not a readable JWT (%v)", err))
	}
	return &testUser{name: name, idToken: token, claims: claims}, cleanup, nil
}

// decodeJWT reads a JWT's payload without verifying its signature: the
// checks compare claims with the authorizer's settings, and API Gateway
// itself verifies the signature on real AWS.
func decodeJWT(token string) (jwtClaims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return jwtClaims{}, errors.New("it does not have three parts")
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return jwtClaims{}, fmt.Errorf("its payload is not base64url: %w", err)
	}
	var c jwtClaims
	if err := json.Unmarshal(raw, &c); err != nil {
		return jwtClaims{}, fmt.Errorf("its payload is not JSON: %w", err)
	}
	return c, nil
}

// randomPassword returns n characters with lower and upper case letters,
// digits and a symbol, which meets any Cognito password policy of length
// n or less.
func randomPassword(n int) (string, error) {
	sets := []string{"abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "!#%+-=?_"}
	all := strings.Join(sets, "")
	b := make([]byte, 0, n)
	for i := range n {
		set := all
		if i < len(sets) {
			set = sets[i]
		}
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
		if err != nil {
			return "", err
		}
		b = append(b, set[k.Int64()])
	}
	return string(b), nil
}

// poolIssuer is the issuer of the pool's tokens on AWS.
func poolIssuer(region, pool string) string {
	return fmt.Sprintf("https://cognito-idp.%s.amazonaws.com/%s", region, pool)
}

func checkSignIn(ctx context.Context, env Env) Outcome {
	pool, client, failed := poolAndClient(env)
	if failed != nil {
		return *failed
	}
	u, cleanup, failed := signInTestUser(ctx, env, "user-signin-token", pool, client)
	defer Cleanup(ctx, cleanup)
	if failed != nil {
		return *failed
	}
	switch want := poolIssuer(env.Region, pool); {
	case u.claims.Issuer != want:
		return Mismatch("ID token issuer (iss)", want, orNone(u.claims.Issuer))
	case !slices.Contains(u.claims.audiences(), client):
		return Mismatch("ID token audience (aud)", client, orNone(strings.Join(u.claims.audiences(), ", ")))
	case u.claims.TokenUse != "id":
		return Mismatch("ID token token_use", "id", orNone(u.claims.TokenUse))
	}
	return Pass("a test user signed up, was confirmed and got an ID token from pool %s for client %s (user deleted)", pool, client)
}

// meRoute finds the lab's route on the HTTP API.
func meRoute(ctx context.Context, env Env, api string) (*apigwv2types.Route, []string, error) {
	var keys []string
	var found *apigwv2types.Route
	var next *string
	for {
		out, err := env.Clients.APIGatewayV2.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: aws.String(api), NextToken: next})
		if err != nil {
			return nil, nil, err
		}
		for _, r := range out.Items {
			keys = append(keys, aws.ToString(r.RouteKey))
			if aws.ToString(r.RouteKey) == day2Route {
				found = &r
			}
		}
		if next = out.NextToken; next == nil {
			return found, keys, nil
		}
	}
}

// jwtAuthorizers returns the HTTP API's JWT authorizers. moto answers the
// list call (GetAuthorizers) with a server error, so on the sandbox the
// authorizers are found through the routes that name one and read one by
// one with GetAuthorizer, which moto serves.
func jwtAuthorizers(ctx context.Context, env Env, api string) ([]apigwv2types.Authorizer, error) {
	var all []apigwv2types.Authorizer
	if env.Target == TargetAWS {
		var next *string
		for {
			out, err := env.Clients.APIGatewayV2.GetAuthorizers(ctx, &apigatewayv2.GetAuthorizersInput{ApiId: aws.String(api), NextToken: next})
			if err != nil {
				return nil, err
			}
			all = append(all, out.Items...)
			if next = out.NextToken; next == nil {
				break
			}
		}
	} else {
		ids := map[string]bool{}
		var next *string
		for {
			out, err := env.Clients.APIGatewayV2.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: aws.String(api), NextToken: next})
			if err != nil {
				return nil, err
			}
			for _, r := range out.Items {
				if id := aws.ToString(r.AuthorizerId); id != "" && !ids[id] {
					ids[id] = true
					a, err := env.Clients.APIGatewayV2.GetAuthorizer(ctx, &apigatewayv2.GetAuthorizerInput{ApiId: aws.String(api), AuthorizerId: aws.String(id)})
					if err != nil {
						return nil, err
					}
					all = append(all, apigwv2types.Authorizer{
						AuthorizerId:     a.AuthorizerId,
						AuthorizerType:   a.AuthorizerType,
						Name:             a.Name,
						JwtConfiguration: a.JwtConfiguration,
						IdentitySource:   a.IdentitySource,
					})
				}
			}
			if next = out.NextToken; next == nil {
				break
			}
		}
	}
	return slices.DeleteFunc(all, func(a apigwv2types.Authorizer) bool { return a.AuthorizerType != apigwv2types.AuthorizerTypeJwt }), nil
}

func checkAuthorizer(ctx context.Context, env Env) Outcome {
	pool, client, failed := poolAndClient(env)
	if failed != nil {
		return *failed
	}
	api, err := env.Output("http_api_id")
	if err != nil {
		return OutputFailed(err)
	}
	auths, err := jwtAuthorizers(ctx, env, api)
	if err != nil {
		return Errored("read the authorizers of HTTP API "+api, err)
	}
	if len(auths) == 0 {
		where := "among the API's authorizers"
		if env.Target != TargetAWS {
			where = "on the API's routes (the sandbox finds authorizers through the routes that use them)"
		}
		return Fail("expected a JWT authorizer on HTTP API %s, found none %s", api, where)
	}
	// The expectation is the pool's issuer URL and the app client's id:
	// user-signin-token proves that the pool's ID tokens carry exactly
	// these as iss and aud, so together the two prove that the authorizer
	// accepts the pool's tokens.
	issuerWant := poolIssuer(env.Region, pool)
	var why []string
	for _, a := range auths {
		name := aws.ToString(a.Name)
		var issuer string
		var audience []string
		if a.JwtConfiguration != nil {
			issuer, audience = aws.ToString(a.JwtConfiguration.Issuer), a.JwtConfiguration.Audience
		}
		switch {
		case issuer != issuerWant:
			why = append(why, fmt.Sprintf("authorizer %s: issuer expected %s (the pool's tokens' iss), found %s", name, issuerWant, orNone(issuer)))
		case !slices.Contains(audience, client):
			why = append(why, fmt.Sprintf("authorizer %s: audience expected %s (the app client id, the tokens' aud), found %s", name, client, orNone(strings.Join(audience, ", "))))
		case !slices.Contains(a.IdentitySource, "$request.header.Authorization"):
			why = append(why, fmt.Sprintf("authorizer %s: identity source expected $request.header.Authorization, found %s", name, orNone(strings.Join(a.IdentitySource, ", "))))
		default:
			return Pass("authorizer %s accepts the pool's ID tokens: issuer %s, audience %s", name, issuer, client)
		}
	}
	return Fail("%s", strings.Join(why, "; "))
}

func checkRoute(ctx context.Context, env Env) Outcome {
	api, err := env.Output("http_api_id")
	if err != nil {
		return OutputFailed(err)
	}
	fn, err := env.Output("function_name")
	if err != nil {
		return OutputFailed(err)
	}
	route, keys, err := meRoute(ctx, env, api)
	if err != nil {
		return Errored("read the routes of HTTP API "+api, err)
	}
	if route == nil {
		return Mismatch("route", day2Route, orNone(strings.Join(keys, ", ")))
	}
	if route.AuthorizationType != apigwv2types.AuthorizationTypeJwt {
		return Mismatch("route "+day2Route+" authorization_type", "JWT", orNone(string(route.AuthorizationType)))
	}
	authID := aws.ToString(route.AuthorizerId)
	if authID == "" {
		return Mismatch("route "+day2Route+" authorizer_id", "the JWT authorizer's id", "none")
	}
	a, err := env.Clients.APIGatewayV2.GetAuthorizer(ctx, &apigatewayv2.GetAuthorizerInput{ApiId: aws.String(api), AuthorizerId: aws.String(authID)})
	if err != nil {
		return Errored("read authorizer "+authID+" of the route", err)
	}
	if a.AuthorizerType != apigwv2types.AuthorizerTypeJwt {
		return Mismatch("type of the route's authorizer "+aws.ToString(a.Name), "JWT", a.AuthorizerType)
	}
	target := aws.ToString(route.Target)
	integID, ok := strings.CutPrefix(target, "integrations/")
	if !ok {
		return Mismatch("route "+day2Route+" target", "integrations/<id>", orNone(target))
	}
	integ, err := env.Clients.APIGatewayV2.GetIntegration(ctx, &apigatewayv2.GetIntegrationInput{ApiId: aws.String(api), IntegrationId: aws.String(integID)})
	if err != nil {
		return Errored("read the route's integration "+integID, err)
	}
	f, err := env.Clients.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(fn)})
	if err != nil {
		return Errored("read Lambda function "+fn, err)
	}
	fnARN := aws.ToString(f.Configuration.FunctionArn)
	switch uri := aws.ToString(integ.IntegrationUri); {
	case integ.IntegrationType != apigwv2types.IntegrationTypeAwsProxy:
		return Mismatch("route integration type", "AWS_PROXY", orNone(string(integ.IntegrationType)))
	case uri != fnARN && !strings.Contains(uri, "/functions/"+fnARN+"/invocations"):
		return Mismatch("route integration_uri", "the invoke ARN of function "+fn, orNone(uri))
	}
	return Pass("%s requires JWT authorizer %s and calls function %s", day2Route, aws.ToString(a.Name), fn)
}

func checkLambdaPermission(ctx context.Context, env Env) Outcome {
	api, err := env.Output("http_api_id")
	if err != nil {
		return OutputFailed(err)
	}
	fn, err := env.Output("function_name")
	if err != nil {
		return OutputFailed(err)
	}
	out, err := env.Clients.Lambda.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(fn)})
	if isAPIError(err, "ResourceNotFoundException") {
		return Mismatch("resource policy of function "+fn, "a statement allowing apigateway.amazonaws.com to invoke it", "no policy")
	}
	if err != nil {
		return Errored("read the resource policy of function "+fn, err)
	}
	f, err := env.Clients.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(fn)})
	if err != nil {
		return Errored("read Lambda function "+fn, err)
	}
	account := arnPart(aws.ToString(f.Configuration.FunctionArn), 4)
	// The execute-api ARN an invocation of any stage, method and route of
	// this API carries; the permission's source ARN must cover it.
	probes := []string{fmt.Sprintf("arn:aws:execute-api:%s:%s:%s/$default/GET/me", env.Region, account, api)}
	if env.Target == "sandbox" {
		// In the sandbox the provider skips looking up the account id
		// (awstutor's override sets skip_requesting_account_id), so the
		// API's execution_arn, and the permission built from it, has an
		// empty account field.
		probes = append(probes, fmt.Sprintf("arn:aws:execute-api:%s::%s/$default/GET/me", env.Region, api))
	}
	var doc iamPolicy
	if err := json.Unmarshal([]byte(aws.ToString(out.Policy)), &doc); err != nil {
		return Fail("the resource policy of function %s is not valid JSON", fn)
	}
	var stmts []iamStatement
	if json.Unmarshal(doc.Statement, &stmts) != nil {
		var one iamStatement
		_ = json.Unmarshal(doc.Statement, &one)
		stmts = []iamStatement{one}
	}
	var seen []string
	for _, s := range stmts {
		if s.Effect != "Allow" || !principalIs(s.Principal, "apigateway.amazonaws.com") {
			continue
		}
		if !slices.ContainsFunc(oneOrMany(s.Action), func(a string) bool { return a == "lambda:InvokeFunction" || a == "lambda:*" }) {
			continue
		}
		sources := conditionValues(s.Condition, "AWS:SourceArn")
		seen = append(seen, orNone(strings.Join(sources, ", ")))
		for _, src := range sources {
			if slices.ContainsFunc(probes, func(p string) bool { return wildcardMatch(src, p) }) {
				return Pass("function %s may be invoked by API Gateway from HTTP API %s only (source ARN %s)", fn, api, src)
			}
		}
	}
	want := fmt.Sprintf(day2ExecuteAPIFmt, env.Region, account, api)
	if len(seen) == 0 {
		return Mismatch("resource policy of function "+fn, "a statement allowing apigateway.amazonaws.com lambda:InvokeFunction from "+want, "none for apigateway.amazonaws.com")
	}
	return Mismatch("source ARN of the API Gateway permission on "+fn, want, strings.Join(seen, "; "))
}

// principalIs reports whether a policy principal is the service (as a
// Service principal, or the bare string Lambda's GetPolicy sometimes gives).
func principalIs(raw json.RawMessage, service string) bool {
	if slices.Contains(oneOrMany(raw), service) {
		return true
	}
	var p map[string]json.RawMessage
	if json.Unmarshal(raw, &p) != nil {
		return false
	}
	return slices.Contains(oneOrMany(p["Service"]), service)
}

// conditionValues returns the values a condition gives a key, under any
// operator (keys compared without regard to case, as IAM does).
func conditionValues(cond map[string]map[string]json.RawMessage, key string) []string {
	var out []string
	for _, kv := range cond {
		for k, v := range kv {
			if strings.EqualFold(k, key) {
				out = append(out, oneOrMany(v)...)
			}
		}
	}
	return out
}

// arnPart returns the i-th colon-separated field of an ARN.
func arnPart(arn string, i int) string {
	parts := strings.SplitN(arn, ":", 6)
	if i < len(parts) {
		return parts[i]
	}
	return ""
}

func checkStageThrottling(ctx context.Context, env Env) Outcome {
	api, err := env.Output("http_api_id")
	if err != nil {
		return OutputFailed(err)
	}
	st, err := env.Clients.APIGatewayV2.GetStage(ctx, &apigatewayv2.GetStageInput{ApiId: aws.String(api), StageName: aws.String("$default")})
	if isAPIError(err, "NotFoundException") {
		return Mismatch("stage of HTTP API "+api, "$default", "none")
	}
	if err != nil {
		return Errored("read the $default stage of HTTP API "+api, err)
	}
	rs := st.DefaultRouteSettings
	if rs == nil || rs.ThrottlingBurstLimit == nil && rs.ThrottlingRateLimit == nil {
		return Mismatch("$default stage default_route_settings", fmt.Sprintf("throttling burst %d, rate %g", day2StageBurst, day2StageRate), "no throttling")
	}
	if b, r := aws.ToInt32(rs.ThrottlingBurstLimit), aws.ToFloat64(rs.ThrottlingRateLimit); b != day2StageBurst || r != day2StageRate {
		return Mismatch("$default stage throttling", fmt.Sprintf("burst %d, rate %g", day2StageBurst, day2StageRate), fmt.Sprintf("burst %d, rate %g", b, r))
	}
	return Pass("$default stage limits every route to burst %d, %g requests a second", day2StageBurst, day2StageRate)
}

func checkAPICall(ctx context.Context, env Env) Outcome {
	pool, client, failed := poolAndClient(env)
	if failed != nil {
		return *failed
	}
	endpoint, err := env.Output("http_api_endpoint")
	if err != nil {
		return OutputFailed(err)
	}
	url := strings.TrimRight(endpoint, "/") + "/me"
	code, err := httpGet(ctx, env, url, "")
	if err != nil {
		return Errored("call GET "+url, err)
	}
	if code != http.StatusUnauthorized {
		return Mismatch("status of GET /me without a token", http.StatusUnauthorized, code)
	}
	u, cleanup, failed := signInTestUser(ctx, env, "api-401-200", pool, client)
	defer Cleanup(ctx, cleanup)
	if failed != nil {
		return *failed
	}
	code, err = httpGet(ctx, env, url, u.idToken)
	if err != nil {
		return Errored("call GET "+url+" with the test user's ID token", err)
	}
	if code != http.StatusOK {
		return Mismatch("status of GET /me with a test user's ID token", http.StatusOK, code)
	}
	return Pass("GET %s answered 401 without a token and 200 with a test user's ID token (user deleted)", url)
}

// httpGet calls url, with the token in the Authorization header when
// given, and returns the status code. The body is drained, not shown.
func httpGet(ctx context.Context, env Env, url, token string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := env.httpClient().Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}

func checkAPIKeyRequired(ctx context.Context, env Env) Outcome {
	api, err := env.Output("rest_api_id")
	if err != nil {
		return OutputFailed(err)
	}
	plan, err := env.Output("usage_plan_id")
	if err != nil {
		return OutputFailed(err)
	}
	gw := env.Clients.APIGateway
	var resourceID string
	var paths []string
	p := apigateway.NewGetResourcesPaginator(gw, &apigateway.GetResourcesInput{RestApiId: aws.String(api)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return Errored("read the resources of REST API "+api, err)
		}
		for _, r := range page.Items {
			paths = append(paths, aws.ToString(r.Path))
			if aws.ToString(r.Path) == day2RESTPath {
				resourceID = aws.ToString(r.Id)
			}
		}
	}
	if resourceID == "" {
		return Mismatch("resource of REST API "+api, day2RESTPath, orNone(strings.Join(paths, ", ")))
	}
	m, err := gw.GetMethod(ctx, &apigateway.GetMethodInput{RestApiId: aws.String(api), ResourceId: aws.String(resourceID), HttpMethod: aws.String("GET")})
	if isAPIError(err, "NotFoundException") {
		return Mismatch("method on "+day2RESTPath, "GET", "none")
	}
	if err != nil {
		return Errored("read GET "+day2RESTPath, err)
	}
	if !aws.ToBool(m.ApiKeyRequired) {
		return Mismatch("GET "+day2RESTPath+" api_key_required", true, false)
	}
	keys, err := gw.GetUsagePlanKeys(ctx, &apigateway.GetUsagePlanKeysInput{UsagePlanId: aws.String(plan)})
	if err != nil {
		return Errored("read the keys of usage plan "+plan, err)
	}
	var enabled []string
	for _, k := range keys.Items {
		key, err := gw.GetApiKey(ctx, &apigateway.GetApiKeyInput{ApiKey: k.Id})
		if err != nil {
			return Errored("read API key "+aws.ToString(k.Id), err)
		}
		if key.Enabled {
			enabled = append(enabled, aws.ToString(key.Name))
		}
	}
	if len(enabled) == 0 {
		return Mismatch("API keys of usage plan "+plan, "one enabled key (aws_api_gateway_usage_plan_key)", fmt.Sprintf("%d keys, none enabled", len(keys.Items)))
	}
	return Pass("GET %s requires an API key; the usage plan admits %s", day2RESTPath, strings.Join(enabled, ", "))
}

func checkUsagePlan(ctx context.Context, env Env) Outcome {
	api, err := env.Output("rest_api_id")
	if err != nil {
		return OutputFailed(err)
	}
	id, err := env.Output("usage_plan_id")
	if err != nil {
		return OutputFailed(err)
	}
	plan, err := env.Clients.APIGateway.GetUsagePlan(ctx, &apigateway.GetUsagePlanInput{UsagePlanId: aws.String(id)})
	if err != nil {
		return Errored("read usage plan "+id, err)
	}
	if !slices.ContainsFunc(plan.ApiStages, func(s apigatewaytypes.ApiStage) bool {
		return aws.ToString(s.ApiId) == api && aws.ToString(s.Stage) == day2RESTStage
	}) {
		var stages []string
		for _, s := range plan.ApiStages {
			stages = append(stages, aws.ToString(s.ApiId)+"/"+aws.ToString(s.Stage))
		}
		return Mismatch("stages of usage plan "+id, api+"/"+day2RESTStage, orNone(strings.Join(stages, ", ")))
	}
	if t := plan.Throttle; t == nil || t.BurstLimit != day2PlanBurst || t.RateLimit != day2PlanRate {
		found := "no throttle_settings"
		if t != nil {
			found = fmt.Sprintf("burst %d, rate %g", t.BurstLimit, t.RateLimit)
		}
		return Mismatch("usage plan throttle_settings", fmt.Sprintf("burst %d, rate %g", day2PlanBurst, day2PlanRate), found)
	}
	if q := plan.Quota; q == nil || q.Limit != day2QuotaLimit || string(q.Period) != day2QuotaPeriod {
		found := "no quota_settings"
		if q != nil {
			found = fmt.Sprintf("%d per %s", q.Limit, q.Period)
		}
		return Mismatch("usage plan quota_settings", fmt.Sprintf("%d per %s", day2QuotaLimit, day2QuotaPeriod), found)
	}
	return Pass("usage plan %s on %s/%s: burst %d, %g a second, %d a day per key", aws.ToString(plan.Name), api, day2RESTStage, day2PlanBurst, day2PlanRate, day2QuotaLimit)
}

// isAPIError reports whether err is the API error with the given code.
func isAPIError(err error, code string) bool {
	var api interface{ ErrorCode() string }
	return err != nil && errors.As(err, &api) && api.ErrorCode() == code
}
