package mototest_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"awstutor/cloud"
	"awstutor/cloud/mototest"
)

// TestManagedPoliciesAttach proves moto runs with AWS's managed policies
// loaded: the labs attach them by ARN, and without them moto refuses the
// apply with "policy does not exist".
func TestManagedPoliciesAttach(t *testing.T) {
	srv := mototest.Start(t)
	ctx := context.Background()
	cfg, err := cloud.NewConfig(ctx, cloud.Target{Name: cloud.TargetSandbox, Region: cloud.DefaultRegion, Endpoint: srv.Endpoint()})
	if err != nil {
		t.Fatal(err)
	}
	c := iam.NewFromConfig(cfg)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	if _, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("exec"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	for _, arn := range []string{
		"arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
		"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
	} {
		if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("exec"), PolicyArn: aws.String(arn)}); err != nil {
			t.Errorf("attach %s: %v", arn, err)
		}
	}
}
