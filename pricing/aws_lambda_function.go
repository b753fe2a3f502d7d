package pricing

import (
	"fmt"

	"awstutor/resource"
)

func init() { register("aws_lambda_function", priceLambdaFunction) }

// lambdaDefaultMemoryMB is the memory a function gets when it sets none.
const lambdaDefaultMemoryMB = 128

// priceLambdaFunction prices invocations and compute time, both per use;
// the compute price depends on the architecture, and the compute used on
// the memory size.
func priceLambdaFunction(r resource.Resource, ctx Context) ([]Component, error) {
	mem, err := count(r.Attrs, "memory_size", lambdaDefaultMemoryMB)
	if err != nil {
		return nil, err
	}
	dim, arch := "lambda.gb_second", "x86_64"
	if archs, _ := list(r, "architectures"); len(archs) > 0 && archs[0] == "arm64" {
		dim, arch = "lambda_arm.gb_second", "arm64"
	}
	reqs, err := ctx.usage("requests", "lambda.million_requests")
	if err != nil {
		return nil, err
	}
	compute, err := ctx.usage("compute", dim)
	if err != nil {
		return nil, err
	}
	gb := mem.DivRound(mib, derivedPlaces)
	compute.Note = fmt.Sprintf("%s MB (%s GB) %s: %s per second of run time",
		mem, gb, arch, formatPrice(compute.Price.Mul(gb)))
	return []Component{reqs, compute}, nil
}
