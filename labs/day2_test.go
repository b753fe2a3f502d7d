package labs

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	apigwv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	cognito "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	cognitotypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// TestDay2SolutionPasses builds what the solution creates and verifies it
// through the workspace's state: every check passes except the call to
// the deployed API, which the sandbox reports as not provable.
func TestDay2SolutionPasses(t *testing.T) {
	ctx := testCtx(t)
	c := sandboxClients(t)
	f := newDay2Fixture(t, ctx, c, day2Options{})
	results := verifyWorkspace(t, ctx, c, day2, f.outputs())
	_, lab := contentLab(t, day2)
	if want := stepChecks(lab); len(results) != len(want) {
		t.Fatalf("got %d results, want one for each of %v", len(results), want)
	}
	wantOnlyFailing(t, day2, results, "", "api-401-200")
	if msg := results["api-401-200"].Message; !strings.Contains(msg, "execute-api") {
		t.Errorf("api-401-200 not provable without the reason: %q", msg)
	}
	f.assertNoTestLeftovers()
}

// TestDay2Breaks breaks, for each check the sandbox can prove, exactly the
// thing it proves and expects that check alone to fail with its first
// hint. api-401-200 is covered by TestDay2APICall.
func TestDay2Breaks(t *testing.T) {
	cases := []struct {
		check string
		opts  day2Options
		brk   func(t *testing.T, f *day2Fixture)
		found string
	}{
		{"bucket-versioned-private", day2Options{}, func(t *testing.T, f *day2Fixture) {
			f.setVersioning(s3types.BucketVersioningStatusSuspended)
		}, "found versioning Suspended"},
		{"user-pool-password-auth", day2Options{}, func(t *testing.T, f *day2Fixture) {
			// moto signs users in whatever the client's flows say, so
			// only the configuration check sees this; real AWS would
			// refuse the sign-in as well.
			_, err := f.c.Cognito.UpdateUserPoolClient(f.ctx, &cognito.UpdateUserPoolClientInput{
				UserPoolId: aws.String(f.pool), ClientId: aws.String(f.client), ClientName: aws.String(day2Prefix + "-spa"),
				ExplicitAuthFlows: []cognitotypes.ExplicitAuthFlowsType{cognitotypes.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
			})
			f.must("update client", err)
		}, "found ALLOW_REFRESH_TOKEN_AUTH"},
		{"user-signin-token", day2Options{usernameAttributes: []cognitotypes.UsernameAttributeType{cognitotypes.UsernameAttributeTypeEmail}}, func(t *testing.T, f *day2Fixture) {
			// Email sign-in (username_attributes) is fixed when the pool is
			// made, so the fixture made it that way; nothing to change.
		}, "refused to sign up"},
		{"authorizer-matches-pool", day2Options{}, func(t *testing.T, f *day2Fixture) {
			_, err := f.c.APIGatewayV2.UpdateAuthorizer(f.ctx, &apigatewayv2.UpdateAuthorizerInput{
				ApiId: aws.String(f.httpAPI), AuthorizerId: aws.String(f.authorizer),
				JwtConfiguration: &apigwv2types.JWTConfiguration{Issuer: aws.String(poolIssuer(testRegion, f.pool)), Audience: []string{f.pool}},
			})
			f.must("update authorizer", err)
		}, "audience"},
		{"route-requires-jwt", day2Options{}, func(t *testing.T, f *day2Fixture) {
			_, err := f.c.APIGatewayV2.UpdateRoute(f.ctx, &apigatewayv2.UpdateRouteInput{
				ApiId: aws.String(f.httpAPI), RouteId: aws.String(f.route), AuthorizationType: apigwv2types.AuthorizationTypeNone,
			})
			f.must("update route", err)
		}, "expected JWT, found NONE"},
		{"lambda-permission-api", day2Options{}, func(t *testing.T, f *day2Fixture) {
			_, err := f.c.Lambda.RemovePermission(f.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(f.function), StatementId: aws.String("AllowHttpApiInvoke")})
			f.must("remove permission", err)
		}, "apigateway.amazonaws.com"},
		{"stage-throttling", day2Options{}, func(t *testing.T, f *day2Fixture) {
			_, err := f.c.APIGatewayV2.DeleteStage(f.ctx, &apigatewayv2.DeleteStageInput{ApiId: aws.String(f.httpAPI), StageName: aws.String("$default")})
			f.must("delete stage", err)
			_, err = f.c.APIGatewayV2.CreateStage(f.ctx, &apigatewayv2.CreateStageInput{ApiId: aws.String(f.httpAPI), StageName: aws.String("$default"), AutoDeploy: aws.Bool(true)})
			f.must("create stage", err)
		}, "no throttling"},
		{"api-key-required", day2Options{}, func(t *testing.T, f *day2Fixture) {
			_, err := f.c.APIGateway.PutMethod(f.ctx, &apigateway.PutMethodInput{
				RestApiId: aws.String(f.restAPI), ResourceId: aws.String(f.ordersResource), HttpMethod: aws.String("GET"),
				AuthorizationType: aws.String("NONE"), ApiKeyRequired: false,
			})
			f.must("put method", err)
		}, "api_key_required: expected true, found false"},
		{"usage-plan-limits", day2Options{}, func(t *testing.T, f *day2Fixture) {
			_, err := f.c.APIGateway.UpdateUsagePlan(f.ctx, &apigateway.UpdateUsagePlanInput{
				UsagePlanId:     aws.String(f.plan),
				PatchOperations: []apigwtypes.PatchOperation{{Op: apigwtypes.OpReplace, Path: aws.String("/throttle/burstLimit"), Value: aws.String("50")}},
			})
			f.must("update usage plan", err)
		}, "found burst 50"},
	}
	_, lab := contentLab(t, day2)
	if got, want := len(cases), len(stepChecks(lab))-1; got != want {
		t.Errorf("%d breaking cases for %d sandbox-provable checks: every check needs one", got, want)
	}
	for _, tc := range cases {
		t.Run(tc.check, func(t *testing.T) {
			ctx := testCtx(t)
			c := sandboxClients(t)
			f := newDay2Fixture(t, ctx, c, tc.opts)
			tc.brk(t, f)
			results := verifyWorkspace(t, ctx, c, day2, f.outputs())
			wantOnlyFailing(t, day2, results, tc.check, "api-401-200")
			if msg := results[tc.check].Message; !strings.Contains(msg, tc.found) {
				t.Errorf("%s: message %q does not say %q", tc.check, msg, tc.found)
			}
			f.assertNoTestLeftovers()
		})
	}
}

// TestDay2APICall runs the real-AWS-only check against a stand-in for the
// deployed API (an HTTP server that plays the JWT authorizer) with
// sign-in on moto: it passes on 401 then 200, fails when the route lets a
// call without a token through or refuses the pool's token, and deletes
// its test user either way.
func TestDay2APICall(t *testing.T) {
	cases := []struct {
		name   string
		api    func(client string) http.HandlerFunc
		status CheckStatus
		found  string
	}{
		{"authorizer", func(client string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				claims, err := decodeJWT(r.Header.Get("Authorization"))
				if r.URL.Path != "/me" || err != nil || !strings.Contains(strings.Join(claims.audiences(), " "), client) {
					w.WriteHeader(http.StatusUnauthorized)
					return
				}
				w.WriteHeader(http.StatusOK)
			}
		}, CheckPass, "401 without a token and 200"},
		{"no authorizer", func(string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }
		}, CheckFail, "status of GET /me without a token: expected 401, found 200"},
		{"wrong audience", func(string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) }
		}, CheckFail, "with a test user's ID token: expected 200, found 401"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := testCtx(t)
			c := sandboxClients(t)
			f := newDay2Fixture(t, ctx, c, day2Options{})
			srv := httptest.NewServer(tc.api(f.client))
			defer srv.Close()
			outs := f.outputs()
			outs["http_api_endpoint"] = srv.URL
			check, _ := LookupCheck(day2, "api-401-200")
			got := check.Run(ctx, Env{Target: TargetAWS, Region: testRegion, Lab: day2, Outputs: toOutputs(t, outs), Clients: c, HTTP: srv.Client()})
			if got.Status != tc.status || !strings.Contains(got.Message, tc.found) {
				t.Errorf("got %s %q, want %s saying %q", got.Status, got.Message, tc.status, tc.found)
			}
			f.assertNoTestLeftovers()
		})
	}
}

// assertNoTestLeftovers fails when a check left its test user or test
// object behind.
func (f *day2Fixture) assertNoTestLeftovers() {
	f.t.Helper()
	users, err := f.c.Cognito.ListUsers(f.ctx, &cognito.ListUsersInput{UserPoolId: aws.String(f.pool)})
	f.must("list users", err)
	for _, u := range users.Users {
		f.t.Errorf("test user %s left in the pool", aws.ToString(u.Username))
	}
	vs, err := f.c.S3.ListObjectVersions(f.ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(f.bucket)})
	f.must("list object versions", err)
	for _, v := range vs.Versions {
		f.t.Errorf("test object %s (version %s) left in the bucket", aws.ToString(v.Key), aws.ToString(v.VersionId))
	}
	for _, m := range vs.DeleteMarkers {
		f.t.Errorf("delete marker of %s left in the bucket", aws.ToString(m.Key))
	}
}

// toOutputs turns fixture outputs into Outputs as Terraform's JSON.
func toOutputs(t testing.TB, m map[string]any) Outputs {
	t.Helper()
	o := Outputs{}
	for k, v := range m {
		o[k] = []byte(jsonString(t, v))
	}
	return o
}
