package cloud

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

func init() {
	registerKind("aws_iam_role", kind{
		phase: phaseIAM,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			return iamRoleTags(ctx, c.IAM, it.ID)
		},
		del: deleteRole,
	})
}

// iamLister lists IAM roles (aws_iam_role, id = role name). IAM is
// global; the items carry the target's region so that listings group
// them with the lab that made them. Service-linked roles are left out:
// AWS creates and owns them, and only the service may delete them.
type iamLister struct {
	c      *iam.Client
	region string
}

func (iamLister) Service() string { return "iam" }

func (l iamLister) List(ctx context.Context) ([]Item, error) {
	var items []Item
	p := iam.NewListRolesPaginator(l.c, &iam.ListRolesInput{MaxItems: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Roles {
			if strings.HasPrefix(aws.ToString(r.Path), "/aws-service-role/") {
				continue
			}
			items = append(items, newItem("aws_iam_role", aws.ToString(r.RoleName), aws.ToString(r.Arn),
				l.region, aws.ToTime(r.CreateDate), nil, map[string]any{"name": aws.ToString(r.RoleName)}))
		}
	}
	// ListRoles leaves tags out on AWS, so each role's are read.
	err := forEach(ctx, len(items), func(ctx context.Context, i int) error {
		tags, err := iamRoleTags(ctx, l.c, items[i].ID)
		if err != nil {
			if isNotFound(err) {
				items[i].Type = ""
				return nil
			}
			return err
		}
		items[i] = newItem(items[i].Type, items[i].ID, items[i].ARN, l.region, items[i].CreatedAt, tags, items[i].Attrs)
		return nil
	})
	return compact(items), err
}

func iamRoleTags(ctx context.Context, c *iam.Client, name string) (map[string]string, error) {
	tags := map[string]string{}
	p := iam.NewListRoleTagsPaginator(c, &iam.ListRoleTagsInput{RoleName: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range page.Tags {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return tags, nil
}

// deleteRole removes what IAM requires gone before DeleteRole: attached
// managed policies, inline policies and instance-profile memberships.
func deleteRole(ctx context.Context, c *Clients, it Item) error {
	name := aws.String(it.ID)
	attached := iam.NewListAttachedRolePoliciesPaginator(c.IAM, &iam.ListAttachedRolePoliciesInput{RoleName: name})
	for attached.HasMorePages() {
		page, err := attached.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, p := range page.AttachedPolicies {
			if _, err := c.IAM.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: name, PolicyArn: p.PolicyArn}); err != nil && !isNotFound(err) {
				return err
			}
		}
	}
	inline := iam.NewListRolePoliciesPaginator(c.IAM, &iam.ListRolePoliciesInput{RoleName: name})
	for inline.HasMorePages() {
		page, err := inline.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, p := range page.PolicyNames {
			if _, err := c.IAM.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: name, PolicyName: aws.String(p)}); err != nil && !isNotFound(err) {
				return err
			}
		}
	}
	profiles := iam.NewListInstanceProfilesForRolePaginator(c.IAM, &iam.ListInstanceProfilesForRoleInput{RoleName: name})
	for profiles.HasMorePages() {
		page, err := profiles.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, p := range page.InstanceProfiles {
			if _, err := c.IAM.RemoveRoleFromInstanceProfile(ctx, &iam.RemoveRoleFromInstanceProfileInput{
				RoleName: name, InstanceProfileName: p.InstanceProfileName,
			}); err != nil && !isNotFound(err) {
				return err
			}
		}
	}
	_, err := c.IAM.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: name})
	return err
}
