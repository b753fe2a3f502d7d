package pricing

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"awstutor/resource"
)

func init() { register("aws_ecs_service", priceECSService) }

// fargateFreeStorageGiB is the ephemeral storage every Fargate task gets
// without charge.
const fargateFreeStorageGiB = 20

var mib = decimal.NewFromInt(1024)

// priceECSService prices a service's running tasks: Fargate vCPU and memory
// (x86 or ARM) from its task definition, times the desired count, plus a
// public IPv4 address per task when tasks get one. Tasks on EC2 capacity
// cost nothing beyond the instances, which are priced as instances.
func priceECSService(r resource.Resource, ctx Context) ([]Component, error) {
	if ctx.Unknown("desired_count") {
		return nil, errors.New("desired_count is known only after apply")
	}
	tasks, err := count(r.Attrs, "desired_count", 0)
	if err != nil {
		return nil, err
	}
	launch, err := ecsLaunchType(r, ctx)
	if err != nil {
		return nil, err
	}
	if launch != "FARGATE" {
		c := Component{
			Name: "tasks on " + launch + " capacity", Unit: "task-hour", Price: decimal.Zero,
			Quantity: tasks, Billing: BillingHour,
			Note: "the container instances are priced as instances",
		}
		c.bill()
		return []Component{c}, nil
	}

	td, err := ecsTaskDefinition(r, ctx)
	if err != nil {
		return nil, err
	}
	comps, err := fargateTasks(ctx, td, tasks)
	if err != nil {
		return nil, err
	}
	if nc := block(r.Attrs, "network_configuration"); nc != nil {
		if pub, _ := nc["assign_public_ip"].(bool); pub {
			c, err := ctx.fixed("public IPv4", "ipv4.hour", tasks)
			if err != nil {
				return nil, err
			}
			c.Note = "assign_public_ip: one address a task"
			comps = append(comps, c)
		}
	}
	return comps, nil
}

// fargateTasks prices tasks of a task definition running on Fargate: vCPU
// and memory at the x86 or ARM rate, and ephemeral storage above the free
// 20 GB.
func fargateTasks(ctx Context, td resource.Resource, tasks decimal.Decimal) ([]Component, error) {
	cpu, okCPU, err := number(td.Attrs, "cpu")
	if err != nil {
		return nil, fmt.Errorf("task definition %s: %w", nameOf(td), err)
	}
	mem, okMem, err := number(td.Attrs, "memory")
	if err != nil {
		return nil, fmt.Errorf("task definition %s: %w", nameOf(td), err)
	}
	if !okCPU || !okMem {
		return nil, fmt.Errorf("task definition %s sets no task-level cpu and memory, which Fargate needs", nameOf(td))
	}
	platform := block(td.Attrs, "runtime_platform")
	if os, _ := platform["operating_system_family"].(string); os != "" && os != "LINUX" {
		return nil, fmt.Errorf("Fargate %s tasks are not in the catalogue (they add an OS licence fee)", os)
	}
	family := "fargate"
	arch := "x86"
	if a, _ := platform["cpu_architecture"].(string); strings.EqualFold(a, "ARM64") {
		family, arch = "fargate_arm", "ARM"
	}

	vcpu := cpu.DivRound(mib, derivedPlaces)
	gb := mem.DivRound(mib, derivedPlaces)
	each := fmt.Sprintf("%s × %s vCPU, %s GB (%s)", plural(tasks, "task", "tasks"), fmtQty(vcpu), fmtQty(gb), arch)
	cpuC, err := ctx.fixed("Fargate vCPU", family+".vcpu_hour", tasks.Mul(vcpu))
	if err != nil {
		return nil, err
	}
	cpuC.Note = each
	memC, err := ctx.fixed("Fargate memory", family+".gb_hour", tasks.Mul(gb))
	if err != nil {
		return nil, err
	}
	comps := []Component{cpuC, memC}

	if eph := block(td.Attrs, "ephemeral_storage"); eph != nil {
		size, ok, err := number(eph, "size_in_gib")
		if err != nil {
			return nil, fmt.Errorf("task definition %s: ephemeral_storage: %w", nameOf(td), err)
		}
		if extra := size.Sub(qty(fargateFreeStorageGiB)); ok && extra.IsPositive() {
			c, err := ctx.fixed("Fargate ephemeral storage", "fargate.ephemeral_gb_hour", tasks.Mul(extra))
			if err != nil {
				return nil, err
			}
			c.Note = fmt.Sprintf("%s GB a task above the free %d GB", fmtQty(extra), fargateFreeStorageGiB)
			comps = append(comps, c)
		}
	}
	return comps, nil
}

// ecsLaunchType says where the service's tasks run: FARGATE, EC2 or
// EXTERNAL. Fargate Spot prices move with demand, so a service that uses it
// is unpriced rather than priced at on-demand rates.
func ecsLaunchType(r resource.Resource, ctx Context) (string, error) {
	if lt := str(r, "launch_type"); lt != "" {
		return lt, nil
	}
	strategy, _ := list(r, "capacity_provider_strategy")
	if len(strategy) == 0 {
		return "", errors.New("no launch_type or capacity provider strategy: the cluster's default capacity provider decides where tasks run")
	}
	launch := ""
	for _, s := range strategy {
		m, _ := s.(map[string]any)
		cp, _ := m["capacity_provider"].(string)
		var kind string
		switch cp {
		case "FARGATE":
			kind = "FARGATE"
		case "FARGATE_SPOT":
			return "", errors.New("uses Fargate Spot, whose prices change with demand")
		default:
			kind = "EC2"
		}
		if launch != "" && launch != kind {
			return "", errors.New("mixes Fargate and EC2 capacity providers, which split tasks by weight")
		}
		launch = kind
	}
	return launch, nil
}

// ecsTaskDefinition finds the task definition the service runs.
func ecsTaskDefinition(r resource.Resource, ctx Context) (resource.Resource, error) {
	return findTaskDefinition(r, ctx, "task_definition", str(r, "task_definition"))
}

// findTaskDefinition finds the task definition that attr (a path such as
// "task_definition" or "ecs_target.task_definition_arn") names. In a plan
// the value is usually unknown until apply (it is the ARN of a task
// definition created in the same apply), so the configuration's reference
// is followed first; a known value is matched by ARN, family:revision or
// family.
func findTaskDefinition(r resource.Resource, ctx Context, attr, want string) (resource.Resource, error) {
	var tds []resource.Resource
	for _, ref := range ctx.Referenced(attr) {
		if ref.Type == "aws_ecs_task_definition" {
			tds = append(tds, ref)
		}
	}
	if len(tds) > 1 {
		// A counted service naming a counted task definition by
		// count.index: take the instance with the service's own key.
		if i := strings.LastIndexByte(r.Address, '['); i >= 0 {
			key := r.Address[i:]
			for _, td := range tds {
				if strings.HasSuffix(td.Address, key) {
					return td, nil
				}
			}
		}
		return resource.Resource{}, fmt.Errorf("task_definition refers to %d task definitions; cannot tell which one runs", len(tds))
	}
	if len(tds) == 1 {
		return tds[0], nil
	}
	if want == "" {
		return resource.Resource{}, errors.New("its task definition is not in this plan or inventory")
	}
	found := ctx.Find("aws_ecs_task_definition", func(td resource.Resource) bool {
		family := str(td, "family")
		rev, _, _ := number(td.Attrs, "revision")
		return want == td.ID || want == str(td, "arn") || want == str(td, "arn_without_revision") ||
			want == family+":"+rev.String() || want == family
	})
	if len(found) == 0 {
		return resource.Resource{}, fmt.Errorf("its task definition %s is not in this plan or inventory", want)
	}
	return found[0], nil
}

// nameOf is a resource's address, else its ID, for messages.
func nameOf(r resource.Resource) string {
	if r.Address != "" {
		return r.Address
	}
	return r.ID
}
