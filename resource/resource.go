// Package resource holds the neutral description of one cloud resource that
// the rest of awstutor passes around. Terraform plans and state (tfrun) and
// the live inventory (cloud) produce it; pricing consumes it. Keeping it in a
// package of its own lets pricing and cloud speak to each other without
// importing each other.
package resource

import "time"

// Resource is one AWS resource, planned or live, named by its Terraform
// resource type (for example "aws_lb") so that a plan entry and a live item
// of the same kind price the same way.
type Resource struct {
	// Type is the Terraform resource type, such as "aws_sqs_queue".
	Type string `json:"type"`
	// Address is the Terraform address ("aws_sqs_queue.orders") when the
	// resource comes from a plan or state; empty for live inventory items.
	Address string `json:"address,omitempty"`
	// ID is the provider's identifier (an ARN, URL or name), when known.
	ID string `json:"id,omitempty"`
	// Region is the AWS region the resource lives in.
	Region string `json:"region"`
	// Lab is the value of the resource's Lab tag, when it has one.
	Lab string `json:"lab,omitempty"`
	// Attrs holds the attributes that pricing needs, keyed the way the
	// hashicorp/aws provider names them (for example "desired_count",
	// "cpu", "memory", "load_balancer_type"). Values are JSON-shaped:
	// string, float64, bool, []any, map[string]any or nil.
	Attrs map[string]any `json:"attrs,omitempty"`
	// CreatedAt is when the resource came into being, in UTC; zero when
	// unknown (a planned resource, or a service that does not report it).
	CreatedAt time.Time `json:"created_at,omitzero"`
}
