package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"

	"awstutor/resource"
)

func init() { register("aws_cloudwatch_event_target", priceEventTarget) }

// priceEventTarget prices the ECS tasks a target starts: while a task runs
// it costs what the same task costs in a service, but how often and how
// long it runs is usage. Other targets are free; their events are charged
// on the bus.
func priceEventTarget(r resource.Resource, ctx Context) ([]Component, error) {
	ecs := block(r.Attrs, "ecs_target")
	if ecs == nil {
		return nil, freeBecause("targets are free; events are charged on the bus")
	}
	if lt, _ := ecs["launch_type"].(string); lt != "" && lt != "FARGATE" {
		return nil, freeBecause("the tasks run on " + lt + " capacity, priced as instances")
	}
	want, _ := ecs["task_definition_arn"].(string)
	td, err := findTaskDefinition(r, ctx, "ecs_target.task_definition_arn", want)
	if err != nil {
		return nil, err
	}
	tasks, err := count(ecs, "task_count", 1)
	if err != nil {
		return nil, err
	}
	comps, err := fargateTasks(ctx, td, tasks)
	if err != nil {
		return nil, err
	}
	perHour := decimal.Zero
	approximate := false
	for _, c := range comps {
		perHour = perHour.Add(c.Hourly)
		approximate = approximate || c.Approximate
	}
	what := comps[0].Note
	if nc := block(ecs, "network_configuration"); nc != nil {
		if pub, _ := nc["assign_public_ip"].(bool); pub {
			ip, err := ctx.fixed("public IPv4", "ipv4.hour", tasks)
			if err != nil {
				return nil, err
			}
			perHour = perHour.Add(ip.Hourly)
			what += ", public IPv4"
		}
	}
	run := Component{
		Name: "scheduled Fargate tasks", Unit: "run-hour", Price: perHour,
		Quantity: decimal.Zero, Hourly: decimal.Zero, Monthly: decimal.Zero, Billing: BillingUsage,
		Usage:       fmt.Sprintf("%s per hour the tasks run (%s)", formatPrice(perHour), what),
		Approximate: approximate,
	}
	return []Component{run}, nil
}
