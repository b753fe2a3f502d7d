package pricing

import "awstutor/resource"

func init() { register("aws_sns_topic", priceSNSTopic) }

// priceSNSTopic prices a topic's publishes. Deliveries to SQS queues and
// Lambda functions are free; e-mail and SMS deliveries are not, and are
// not in the catalogue.
func priceSNSTopic(r resource.Resource, ctx Context) ([]Component, error) {
	dim := "sns.million_publishes"
	if boolean(r, "fifo_topic") {
		dim = "sns.fifo_million_publishes"
	}
	c, err := ctx.usage("publishes", dim)
	if err != nil {
		return nil, err
	}
	c.Note = "deliveries to SQS and Lambda are free"
	return []Component{c}, nil
}
