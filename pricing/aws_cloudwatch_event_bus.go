package pricing

import "awstutor/resource"

func init() { register("aws_cloudwatch_event_bus", priceEventBus) }

// priceEventBus prices the custom events put on a custom bus. Rules and
// targets are free, and so are the events AWS services send to the
// default bus.
func priceEventBus(_ resource.Resource, ctx Context) ([]Component, error) {
	c, err := ctx.usage("custom events", "events.custom_million")
	if err != nil {
		return nil, err
	}
	return []Component{c}, nil
}
