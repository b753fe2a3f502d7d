package cloud

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

func init() {
	registerKind("aws_ecs_service", kind{
		phase: phaseECSServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			svc, err := describeService(ctx, c.ECS, attrString(it, "cluster"), it.ID)
			if err != nil {
				return nil, err
			}
			return ecsTags(svc.Tags), nil
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			cluster := aws.String(attrString(it, "cluster"))
			// Scaling to zero first stops the tasks in an orderly way;
			// Force then deletes the service without waiting for them.
			if _, err := c.ECS.UpdateService(ctx, &ecs.UpdateServiceInput{
				Cluster: cluster, Service: aws.String(it.ID), DesiredCount: aws.Int32(0),
			}); err != nil {
				return err
			}
			_, err := c.ECS.DeleteService(ctx, &ecs.DeleteServiceInput{Cluster: cluster, Service: aws.String(it.ID), Force: aws.Bool(true)})
			return err
		},
	})
	registerKind("aws_ecs_cluster", kind{
		phase: phaseECSClusters,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			out, err := c.ECS.DescribeClusters(ctx, &ecs.DescribeClustersInput{
				Clusters: []string{it.ID}, Include: []ecstypes.ClusterField{ecstypes.ClusterFieldTags},
			})
			if err != nil {
				return nil, err
			}
			if len(out.Clusters) == 0 || aws.ToString(out.Clusters[0].Status) == "INACTIVE" {
				return nil, errGone
			}
			return ecsTags(out.Clusters[0].Tags), nil
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.ECS.DeleteCluster(ctx, &ecs.DeleteClusterInput{Cluster: aws.String(it.ID)})
			return err
		},
	})
	registerKind("aws_ecs_task_definition", kind{
		phase: phaseECSClusters,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			out, err := c.ECS.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{
				TaskDefinition: aws.String(it.ARN), Include: []ecstypes.TaskDefinitionField{ecstypes.TaskDefinitionFieldTags},
			})
			if err != nil {
				return nil, err
			}
			if out.TaskDefinition == nil || out.TaskDefinition.Status != ecstypes.TaskDefinitionStatusActive {
				return nil, errGone
			}
			return ecsTags(out.Tags), nil
		},
		// Deregistering is what "deleting" a revision means to Terraform;
		// an INACTIVE revision costs nothing and cannot start tasks.
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.ECS.DeregisterTaskDefinition(ctx, &ecs.DeregisterTaskDefinitionInput{TaskDefinition: aws.String(it.ARN)})
			return err
		},
	})
}

// ecsLister lists ECS clusters (aws_ecs_cluster, id = ARN), their
// services (aws_ecs_service, id = ARN) and active task definition
// revisions (aws_ecs_task_definition, id = family:revision). A service's
// attributes include its task definition's cpu, memory and
// runtime_platform, so that the service alone says what its tasks cost
// even when the task definition is not listed.
type ecsLister struct {
	c      *ecs.Client
	region string
}

func (ecsLister) Service() string { return "ecs" }

func (l ecsLister) List(ctx context.Context) ([]Item, error) {
	var items []Item
	tds, err := l.taskDefinitions(ctx)
	if err != nil {
		return nil, err
	}
	for _, td := range tds {
		items = append(items, td)
	}

	var clusterARNs []string
	p := ecs.NewListClustersPaginator(l.c, &ecs.ListClustersInput{MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		clusterARNs = append(clusterARNs, page.ClusterArns...)
	}
	var clusters []ecstypes.Cluster
	for batch := range slices.Chunk(clusterARNs, 100) {
		out, err := l.c.DescribeClusters(ctx, &ecs.DescribeClustersInput{
			Clusters: batch, Include: []ecstypes.ClusterField{ecstypes.ClusterFieldTags},
		})
		if err != nil {
			return nil, err
		}
		clusters = append(clusters, out.Clusters...)
	}
	perCluster := make([][]Item, len(clusters))
	err = forEach(ctx, len(clusters), func(ctx context.Context, i int) error {
		cl := clusters[i]
		if aws.ToString(cl.Status) == "INACTIVE" {
			return nil
		}
		arn := aws.ToString(cl.ClusterArn)
		found := []Item{newItem("aws_ecs_cluster", arn, arn, l.region, zeroTime, ecsTags(cl.Tags), map[string]any{
			"name": aws.ToString(cl.ClusterName),
		})}
		svcs, err := l.services(ctx, arn, tds)
		if err != nil {
			return err
		}
		perCluster[i] = append(found, svcs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range perCluster {
		items = append(items, c...)
	}
	return items, nil
}

// services lists a cluster's active services.
func (l ecsLister) services(ctx context.Context, cluster string, tds map[string]Item) ([]Item, error) {
	var arns []string
	p := ecs.NewListServicesPaginator(l.c, &ecs.ListServicesInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, skipGone(err)
		}
		arns = append(arns, page.ServiceArns...)
	}
	var items []Item
	for batch := range slices.Chunk(arns, 10) {
		out, err := l.c.DescribeServices(ctx, &ecs.DescribeServicesInput{
			Cluster: aws.String(cluster), Services: batch, Include: []ecstypes.ServiceField{ecstypes.ServiceFieldTags},
		})
		if err != nil {
			return nil, skipGone(err)
		}
		for _, s := range out.Services {
			if aws.ToString(s.Status) == "INACTIVE" {
				continue
			}
			td, ok := tds[aws.ToString(s.TaskDefinition)]
			if !ok && s.TaskDefinition != nil {
				// A service may run a revision that has since been
				// deregistered; it still runs, so its size still counts.
				if found, err := l.describeTaskDefinition(ctx, aws.ToString(s.TaskDefinition)); err == nil {
					td = found
				} else if !isNotFound(err) {
					return nil, err
				}
			}
			items = append(items, l.serviceItem(s, td))
		}
	}
	return items, nil
}

func (l ecsLister) serviceItem(s ecstypes.Service, td Item) Item {
	attrs := map[string]any{
		"name":            aws.ToString(s.ServiceName),
		"cluster":         aws.ToString(s.ClusterArn),
		"desired_count":   numAttr(s.DesiredCount),
		"running_count":   numAttr(s.RunningCount),
		"task_definition": aws.ToString(s.TaskDefinition),
	}
	if s.LaunchType != "" {
		attrs["launch_type"] = string(s.LaunchType)
	}
	if len(s.CapacityProviderStrategy) > 0 {
		var cps []any
		for _, cp := range s.CapacityProviderStrategy {
			cps = append(cps, map[string]any{
				"capacity_provider": aws.ToString(cp.CapacityProvider),
				"base":              numAttr(cp.Base),
				"weight":            numAttr(cp.Weight),
			})
		}
		attrs["capacity_provider_strategy"] = cps
	}
	if nc := s.NetworkConfiguration; nc != nil && nc.AwsvpcConfiguration != nil {
		v := nc.AwsvpcConfiguration
		attrs["network_configuration"] = block(map[string]any{
			"subnets":          strings2any(v.Subnets),
			"security_groups":  strings2any(v.SecurityGroups),
			"assign_public_ip": v.AssignPublicIp == ecstypes.AssignPublicIpEnabled,
		})
	}
	for _, k := range []string{"cpu", "memory", "runtime_platform"} {
		if v, ok := td.Attrs[k]; ok {
			attrs[k] = v
		}
	}
	arn := aws.ToString(s.ServiceArn)
	return newItem("aws_ecs_service", arn, arn, l.region, aws.ToTime(s.CreatedAt), ecsTags(s.Tags), attrs)
}

// taskDefinitions lists the active task definition revisions, keyed by
// ARN.
func (l ecsLister) taskDefinitions(ctx context.Context) (map[string]Item, error) {
	var arns []string
	p := ecs.NewListTaskDefinitionsPaginator(l.c, &ecs.ListTaskDefinitionsInput{
		Status: ecstypes.TaskDefinitionStatusActive, MaxResults: aws.Int32(100),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		arns = append(arns, page.TaskDefinitionArns...)
	}
	items := make([]Item, len(arns))
	err := forEach(ctx, len(arns), func(ctx context.Context, i int) error {
		it, err := l.describeTaskDefinition(ctx, arns[i])
		if err != nil {
			return skipGone(err)
		}
		items[i] = it
		return nil
	})
	if err != nil {
		return nil, err
	}
	byARN := map[string]Item{}
	for _, it := range compact(items) {
		byARN[it.ARN] = it
	}
	return byARN, nil
}

func (l ecsLister) describeTaskDefinition(ctx context.Context, arn string) (Item, error) {
	out, err := l.c.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{
		TaskDefinition: aws.String(arn), Include: []ecstypes.TaskDefinitionField{ecstypes.TaskDefinitionFieldTags},
	})
	if err != nil {
		return Item{}, err
	}
	td := out.TaskDefinition
	if td == nil {
		return Item{}, errGone
	}
	family := aws.ToString(td.Family)
	attrs := map[string]any{
		"arn":          aws.ToString(td.TaskDefinitionArn),
		"family":       family,
		"revision":     numAttr(td.Revision),
		"network_mode": string(td.NetworkMode),
	}
	// The provider keeps cpu and memory as strings ("256", "512").
	if td.Cpu != nil {
		attrs["cpu"] = aws.ToString(td.Cpu)
	}
	if td.Memory != nil {
		attrs["memory"] = aws.ToString(td.Memory)
	}
	if len(td.RequiresCompatibilities) > 0 {
		var rc []any
		for _, c := range td.RequiresCompatibilities {
			rc = append(rc, string(c))
		}
		attrs["requires_compatibilities"] = rc
	}
	if rp := td.RuntimePlatform; rp != nil {
		attrs["runtime_platform"] = block(map[string]any{
			"cpu_architecture":        string(rp.CpuArchitecture),
			"operating_system_family": string(rp.OperatingSystemFamily),
		})
	}
	if es := td.EphemeralStorage; es != nil {
		attrs["ephemeral_storage"] = block(map[string]any{"size_in_gib": numAttr(es.SizeInGiB)})
	}
	id := family + ":" + strconv.Itoa(int(td.Revision))
	return newItem("aws_ecs_task_definition", id, aws.ToString(td.TaskDefinitionArn), l.region,
		aws.ToTime(td.RegisteredAt), ecsTags(out.Tags), attrs), nil
}

func describeService(ctx context.Context, c *ecs.Client, cluster, service string) (ecstypes.Service, error) {
	out, err := c.DescribeServices(ctx, &ecs.DescribeServicesInput{
		Cluster: aws.String(cluster), Services: []string{service},
		Include: []ecstypes.ServiceField{ecstypes.ServiceFieldTags},
	})
	if err != nil {
		return ecstypes.Service{}, err
	}
	if len(out.Services) == 0 || aws.ToString(out.Services[0].Status) == "INACTIVE" {
		if len(out.Failures) > 0 && aws.ToString(out.Failures[0].Reason) != "MISSING" {
			return ecstypes.Service{}, fmt.Errorf("describe service %s: %s", service, aws.ToString(out.Failures[0].Reason))
		}
		return ecstypes.Service{}, errGone
	}
	return out.Services[0], nil
}

func ecsTags(tags []ecstypes.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// attrString returns a string attribute of an item, or "".
func attrString(it Item, key string) string {
	s, _ := it.Attrs[key].(string)
	return s
}
