package cloud

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// natDeleteWait bounds the wait for a NAT gateway to finish deleting. AWS
// takes about a minute, and until it is done its elastic IP cannot be
// released nor its subnet deleted.
const natDeleteWait = 5 * time.Minute

func init() {
	registerKind("aws_vpc", kind{
		phase: phaseVPCs,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			out, err := c.EC2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{it.ID}})
			if err != nil {
				return nil, err
			}
			if len(out.Vpcs) == 0 {
				return nil, errGone
			}
			return ec2Tags(out.Vpcs[0].Tags), nil
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.EC2.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(it.ID)})
			return err
		},
	})
	registerKind("aws_subnet", kind{
		phase: phaseSubnets,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			out, err := c.EC2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{it.ID}})
			if err != nil {
				return nil, err
			}
			if len(out.Subnets) == 0 {
				return nil, errGone
			}
			return ec2Tags(out.Subnets[0].Tags), nil
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.EC2.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(it.ID)})
			return err
		},
	})
	registerKind("aws_security_group", kind{
		phase: phaseSecurityGroups,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			sg, err := describeSecurityGroup(ctx, c.EC2, it.ID)
			if err != nil {
				return nil, err
			}
			return ec2Tags(sg.Tags), nil
		},
		del: deleteSecurityGroup,
	})
	registerKind("aws_route_table", kind{
		phase: phaseSecurityGroups,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			rt, err := describeRouteTable(ctx, c.EC2, it.ID)
			if err != nil {
				return nil, err
			}
			return ec2Tags(rt.Tags), nil
		},
		del: deleteRouteTable,
	})
	registerKind("aws_internet_gateway", kind{
		phase: phaseInternetGateways,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			igw, err := describeInternetGateway(ctx, c.EC2, it.ID)
			if err != nil {
				return nil, err
			}
			return ec2Tags(igw.Tags), nil
		},
		del: deleteInternetGateway,
	})
	registerKind("aws_nat_gateway", kind{
		phase: phaseNATGateways,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			nat, err := describeNAT(ctx, c.EC2, it.ID)
			if err != nil {
				return nil, err
			}
			return ec2Tags(nat.Tags), nil
		},
		del: deleteNAT,
	})
	registerKind("aws_eip", kind{
		phase: phaseElasticIPs,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			out, err := c.EC2.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{it.ID}})
			if err != nil {
				return nil, err
			}
			if len(out.Addresses) == 0 {
				return nil, errGone
			}
			return ec2Tags(out.Addresses[0].Tags), nil
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.EC2.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: aws.String(it.ID)})
			return err
		},
	})
}

// ec2Lister lists the labs' network: VPCs, subnets, security groups,
// route tables, internet and NAT gateways and elastic IPs, each by its EC2
// id. EC2 returns tags with every describe call. Default VPCs and the
// default security group and main route table of each VPC come and go
// with their VPC, so they are left out.
type ec2Lister struct {
	c      *ec2.Client
	region string
}

func (ec2Lister) Service() string { return "ec2" }

func (l ec2Lister) List(ctx context.Context) ([]Item, error) {
	// The six describe calls are independent; running them side by side
	// keeps EC2, the slowest service on moto, from dominating the
	// inventory's time.
	parts := []func(context.Context) ([]Item, error){
		l.vpcs, l.subnets, l.securityGroups, l.routeTables, l.internetGateways, l.natGateways, l.addresses,
	}
	found := make([][]Item, len(parts))
	err := forEach(ctx, len(parts), func(ctx context.Context, i int) error {
		items, err := parts[i](ctx)
		found[i] = items
		return err
	})
	if err != nil {
		return nil, err
	}
	var items []Item
	for _, f := range found {
		items = append(items, f...)
	}
	return items, nil
}

func (l ec2Lister) arn(owner, kind, id string) string {
	if owner == "" {
		return ""
	}
	return fmt.Sprintf("arn:aws:ec2:%s:%s:%s/%s", l.region, owner, kind, id)
}

func (l ec2Lister) vpcs(ctx context.Context) ([]Item, error) {
	var items []Item
	p := ec2.NewDescribeVpcsPaginator(l.c, &ec2.DescribeVpcsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, v := range page.Vpcs {
			if aws.ToBool(v.IsDefault) {
				continue
			}
			id := aws.ToString(v.VpcId)
			items = append(items, newItem("aws_vpc", id, l.arn(aws.ToString(v.OwnerId), "vpc", id), l.region, zeroTime,
				ec2Tags(v.Tags), map[string]any{"cidr_block": aws.ToString(v.CidrBlock)}))
		}
	}
	return items, nil
}

func (l ec2Lister) subnets(ctx context.Context) ([]Item, error) {
	var items []Item
	p := ec2.NewDescribeSubnetsPaginator(l.c, &ec2.DescribeSubnetsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range page.Subnets {
			if aws.ToBool(s.DefaultForAz) {
				continue
			}
			id := aws.ToString(s.SubnetId)
			arn := aws.ToString(s.SubnetArn)
			if arn == "" {
				arn = l.arn(aws.ToString(s.OwnerId), "subnet", id)
			}
			items = append(items, newItem("aws_subnet", id, arn, l.region, zeroTime, ec2Tags(s.Tags), map[string]any{
				"vpc_id":                  aws.ToString(s.VpcId),
				"cidr_block":              aws.ToString(s.CidrBlock),
				"availability_zone":       aws.ToString(s.AvailabilityZone),
				"map_public_ip_on_launch": aws.ToBool(s.MapPublicIpOnLaunch),
			}))
		}
	}
	return items, nil
}

func (l ec2Lister) securityGroups(ctx context.Context) ([]Item, error) {
	var items []Item
	p := ec2.NewDescribeSecurityGroupsPaginator(l.c, &ec2.DescribeSecurityGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range page.SecurityGroups {
			if aws.ToString(g.GroupName) == "default" {
				continue
			}
			id := aws.ToString(g.GroupId)
			arn := aws.ToString(g.SecurityGroupArn)
			if arn == "" {
				arn = l.arn(aws.ToString(g.OwnerId), "security-group", id)
			}
			items = append(items, newItem("aws_security_group", id, arn, l.region, zeroTime, ec2Tags(g.Tags), map[string]any{
				"name":   aws.ToString(g.GroupName),
				"vpc_id": aws.ToString(g.VpcId),
			}))
		}
	}
	return items, nil
}

func (l ec2Lister) routeTables(ctx context.Context) ([]Item, error) {
	var items []Item
	p := ec2.NewDescribeRouteTablesPaginator(l.c, &ec2.DescribeRouteTablesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, rt := range page.RouteTables {
			if isMainRouteTable(rt) {
				continue
			}
			id := aws.ToString(rt.RouteTableId)
			items = append(items, newItem("aws_route_table", id, l.arn(aws.ToString(rt.OwnerId), "route-table", id), l.region,
				zeroTime, ec2Tags(rt.Tags), map[string]any{"vpc_id": aws.ToString(rt.VpcId)}))
		}
	}
	return items, nil
}

func (l ec2Lister) internetGateways(ctx context.Context) ([]Item, error) {
	var items []Item
	p := ec2.NewDescribeInternetGatewaysPaginator(l.c, &ec2.DescribeInternetGatewaysInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range page.InternetGateways {
			id := aws.ToString(g.InternetGatewayId)
			attrs := map[string]any{}
			if len(g.Attachments) > 0 {
				attrs["vpc_id"] = aws.ToString(g.Attachments[0].VpcId)
			}
			items = append(items, newItem("aws_internet_gateway", id, l.arn(aws.ToString(g.OwnerId), "internet-gateway", id),
				l.region, zeroTime, ec2Tags(g.Tags), attrs))
		}
	}
	return items, nil
}

func (l ec2Lister) natGateways(ctx context.Context) ([]Item, error) {
	var items []Item
	p := ec2.NewDescribeNatGatewaysPaginator(l.c, &ec2.DescribeNatGatewaysInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, n := range page.NatGateways {
			// Deleted NAT gateways stay visible for about an hour; they
			// neither cost nor need deleting.
			if n.State == ec2types.NatGatewayStateDeleted || n.State == ec2types.NatGatewayStateFailed {
				continue
			}
			attrs := map[string]any{
				"subnet_id":         aws.ToString(n.SubnetId),
				"vpc_id":            aws.ToString(n.VpcId),
				"connectivity_type": string(n.ConnectivityType),
				"state":             string(n.State),
			}
			if len(n.NatGatewayAddresses) > 0 {
				attrs["allocation_id"] = aws.ToString(n.NatGatewayAddresses[0].AllocationId)
				attrs["public_ip"] = aws.ToString(n.NatGatewayAddresses[0].PublicIp)
			}
			items = append(items, newItem("aws_nat_gateway", aws.ToString(n.NatGatewayId), "", l.region,
				aws.ToTime(n.CreateTime), ec2Tags(n.Tags), attrs))
		}
	}
	return items, nil
}

func (l ec2Lister) addresses(ctx context.Context) ([]Item, error) {
	// DescribeAddresses returns every address at once; it has no pages.
	out, err := l.c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
	if err != nil {
		return nil, err
	}
	var items []Item
	for _, a := range out.Addresses {
		id := aws.ToString(a.AllocationId)
		if id == "" {
			continue // an EC2-Classic address: none exist since 2023
		}
		items = append(items, newItem("aws_eip", id, "", l.region, zeroTime, ec2Tags(a.Tags), map[string]any{
			"public_ip":      aws.ToString(a.PublicIp),
			"domain":         string(a.Domain),
			"association_id": aws.ToString(a.AssociationId),
		}))
	}
	return items, nil
}

func ec2Tags(tags []ec2types.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

func isMainRouteTable(rt ec2types.RouteTable) bool {
	for _, a := range rt.Associations {
		if aws.ToBool(a.Main) {
			return true
		}
	}
	return false
}

func describeSecurityGroup(ctx context.Context, c *ec2.Client, id string) (ec2types.SecurityGroup, error) {
	out, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{id}})
	if err != nil {
		return ec2types.SecurityGroup{}, err
	}
	if len(out.SecurityGroups) == 0 {
		return ec2types.SecurityGroup{}, errGone
	}
	return out.SecurityGroups[0], nil
}

// deleteSecurityGroup first revokes the group's own rules that name other
// groups. Two groups that refer to each other (an ALB's group and its
// tasks' group) can otherwise never be deleted: each is in use by the
// other. With its references gone, the other group can go, then this one
// in the next round.
func deleteSecurityGroup(ctx context.Context, c *Clients, it Item) error {
	sg, err := describeSecurityGroup(ctx, c.EC2, it.ID)
	if err != nil {
		return err
	}
	if in := groupRefs(sg.IpPermissions); len(in) > 0 {
		if _, err := c.EC2.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{
			GroupId: aws.String(it.ID), IpPermissions: in,
		}); err != nil && !isNotFound(err) {
			return err
		}
	}
	if out := groupRefs(sg.IpPermissionsEgress); len(out) > 0 {
		if _, err := c.EC2.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{
			GroupId: aws.String(it.ID), IpPermissions: out,
		}); err != nil && !isNotFound(err) {
			return err
		}
	}
	_, err = c.EC2.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: aws.String(it.ID)})
	return err
}

// groupRefs returns the permissions that refer to security groups, with
// only those references in them.
func groupRefs(perms []ec2types.IpPermission) []ec2types.IpPermission {
	var out []ec2types.IpPermission
	for _, p := range perms {
		if len(p.UserIdGroupPairs) == 0 {
			continue
		}
		pairs := make([]ec2types.UserIdGroupPair, len(p.UserIdGroupPairs))
		for i, g := range p.UserIdGroupPairs {
			pairs[i] = ec2types.UserIdGroupPair{GroupId: g.GroupId}
		}
		out = append(out, ec2types.IpPermission{
			IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort, UserIdGroupPairs: pairs,
		})
	}
	return out
}

func describeRouteTable(ctx context.Context, c *ec2.Client, id string) (ec2types.RouteTable, error) {
	out, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{id}})
	if err != nil {
		return ec2types.RouteTable{}, err
	}
	if len(out.RouteTables) == 0 {
		return ec2types.RouteTable{}, errGone
	}
	return out.RouteTables[0], nil
}

// deleteRouteTable removes the table's subnet associations, which would
// otherwise keep it in use, then the table; its routes go with it.
func deleteRouteTable(ctx context.Context, c *Clients, it Item) error {
	rt, err := describeRouteTable(ctx, c.EC2, it.ID)
	if err != nil {
		return err
	}
	for _, a := range rt.Associations {
		if aws.ToBool(a.Main) {
			continue
		}
		if _, err := c.EC2.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{
			AssociationId: a.RouteTableAssociationId,
		}); err != nil && !isNotFound(err) {
			return err
		}
	}
	_, err = c.EC2.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: aws.String(it.ID)})
	return err
}

func describeInternetGateway(ctx context.Context, c *ec2.Client, id string) (ec2types.InternetGateway, error) {
	out, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{InternetGatewayIds: []string{id}})
	if err != nil {
		return ec2types.InternetGateway{}, err
	}
	if len(out.InternetGateways) == 0 {
		return ec2types.InternetGateway{}, errGone
	}
	return out.InternetGateways[0], nil
}

// deleteInternetGateway detaches the gateway from its VPC first, which
// EC2 requires.
func deleteInternetGateway(ctx context.Context, c *Clients, it Item) error {
	igw, err := describeInternetGateway(ctx, c.EC2, it.ID)
	if err != nil {
		return err
	}
	for _, a := range igw.Attachments {
		if _, err := c.EC2.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{
			InternetGatewayId: aws.String(it.ID), VpcId: a.VpcId,
		}); err != nil && !isNotFound(err) {
			return err
		}
	}
	_, err = c.EC2.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: aws.String(it.ID)})
	return err
}

func describeNAT(ctx context.Context, c *ec2.Client, id string) (ec2types.NatGateway, error) {
	out, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}})
	if err != nil {
		return ec2types.NatGateway{}, err
	}
	if len(out.NatGateways) == 0 || out.NatGateways[0].State == ec2types.NatGatewayStateDeleted {
		return ec2types.NatGateway{}, errGone
	}
	return out.NatGateways[0], nil
}

// deleteNAT deletes a NAT gateway and waits until it is gone: its elastic
// IP and subnet, swept next, stay in use until then.
func deleteNAT(ctx context.Context, c *Clients, it Item) error {
	if _, err := c.EC2.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: aws.String(it.ID)}); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, natDeleteWait)
	defer cancel()
	for wait := 200 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		_, err := describeNAT(ctx, c.EC2, it.ID)
		if isNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for NAT gateway %s to be deleted: %w", it.ID, ctx.Err())
		case <-time.After(wait):
		}
	}
}
