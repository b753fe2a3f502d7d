package pricing

import "awstutor/resource"

func init() { register("aws_sqs_queue", priceSQSQueue) }

// priceSQSQueue prices a queue's requests: FIFO queues cost more per
// request than standard ones. A queue that nobody uses costs nothing.
func priceSQSQueue(r resource.Resource, ctx Context) ([]Component, error) {
	dim := "sqs.standard_million"
	if boolean(r, "fifo_queue") {
		dim = "sqs.fifo_million"
	}
	c, err := ctx.usage("requests", dim)
	if err != nil {
		return nil, err
	}
	c.Note = "every 64 KB chunk of a send, receive or delete is one request"
	return []Component{c}, nil
}
