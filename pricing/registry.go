package pricing

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/shopspring/decimal"

	"awstutor/resource"
)

// Builder turns one resource into its cost components. An error means the
// resource cannot be priced; its message is shown as the reason, so it says
// what is missing ("task definition is not in the plan"). A builder whose
// resource costs nothing as configured (a standard-tier parameter) returns
// the error of freeBecause instead, so that "free" is always a decision.
type Builder func(r resource.Resource, ctx Context) ([]Component, error)

// freeAsConfigured is returned by a builder for a resource of a priced type
// that costs nothing as configured.
type freeAsConfigured struct{ why string }

// Error returns why the resource is free.
func (f freeAsConfigured) Error() string { return f.why }

// freeBecause says a resource costs nothing as configured, and why.
func freeBecause(why string) error { return freeAsConfigured{why: why} }

// builders maps a Terraform resource type to its builder. Each priced type
// registers itself from its own file (aws_lb.go and so on), so adding a
// type touches one file.
var builders = map[string]Builder{}

// register adds a builder at init time. A second builder for one type is a
// programming error.
func register(typ string, b Builder) {
	if _, dup := builders[typ]; dup {
		panic("pricing: two builders for " + typ)
	}
	if _, free := freeTypes[typ]; free {
		panic("pricing: " + typ + " is both priced and free")
	}
	builders[typ] = b
}

// freeTypes are resource types AWS does not charge for by themselves. They
// are listed one by one, rather than assumed, so that a type nobody has
// looked at is "unpriced" and never silently $0. Some of them make other
// things cost (a subnet that maps public IPs, a service's tasks): those
// costs are priced on the resource that incurs them.
var freeTypes = setOf(
	// Networking.
	"aws_vpc", "aws_default_vpc", "aws_subnet", "aws_default_subnet",
	"aws_route_table", "aws_default_route_table", "aws_route",
	"aws_route_table_association", "aws_main_route_table_association",
	"aws_internet_gateway", "aws_egress_only_internet_gateway",
	"aws_security_group", "aws_default_security_group", "aws_security_group_rule",
	"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
	"aws_network_acl", "aws_network_acl_rule", "aws_default_network_acl",
	"aws_vpc_dhcp_options", "aws_vpc_dhcp_options_association",
	// IAM.
	"aws_iam_role", "aws_iam_policy", "aws_iam_role_policy",
	"aws_iam_role_policy_attachment", "aws_iam_policy_attachment",
	"aws_iam_instance_profile", "aws_iam_service_linked_role",
	"aws_iam_openid_connect_provider",
	// ECS and load balancing: the cluster, task definitions and listeners
	// are free; tasks and load balancers are priced.
	"aws_ecs_cluster", "aws_ecs_cluster_capacity_providers", "aws_ecs_task_definition",
	"aws_lb_target_group", "aws_alb_target_group", "aws_lb_listener", "aws_alb_listener",
	"aws_lb_listener_rule", "aws_alb_listener_rule", "aws_lb_target_group_attachment",
	"aws_lb_listener_certificate",
	"aws_appautoscaling_target", "aws_appautoscaling_policy", "aws_appautoscaling_scheduled_action",
	// Messaging and events: charged per message on the queue, topic or bus.
	"aws_sns_topic_subscription", "aws_sns_topic_policy",
	"aws_sqs_queue_policy", "aws_sqs_queue_redrive_policy", "aws_sqs_queue_redrive_allow_policy",
	"aws_cloudwatch_event_rule",
	// Lambda and API Gateway parts: charged per request on the function
	// and the API.
	"aws_lambda_permission", "aws_lambda_event_source_mapping", "aws_lambda_alias",
	"aws_apigatewayv2_route", "aws_apigatewayv2_integration", "aws_apigatewayv2_stage",
	"aws_apigatewayv2_authorizer", "aws_apigatewayv2_deployment",
	"aws_api_gateway_resource", "aws_api_gateway_method", "aws_api_gateway_integration",
	"aws_api_gateway_method_response", "aws_api_gateway_integration_response",
	"aws_api_gateway_deployment", "aws_api_gateway_usage_plan", "aws_api_gateway_api_key",
	"aws_api_gateway_usage_plan_key", "aws_api_gateway_method_settings",
	"aws_api_gateway_authorizer", "aws_api_gateway_account",
	// Cognito parts: charged per active user on the pool.
	"aws_cognito_user_pool_client", "aws_cognito_user_pool_domain",
	"aws_cognito_user", "aws_cognito_user_group",
	// S3 bucket settings: charged per GB and request on the bucket.
	"aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block",
	"aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_ownership_controls",
	"aws_s3_bucket_policy", "aws_s3_bucket_lifecycle_configuration",
	"aws_s3_bucket_cors_configuration", "aws_s3_bucket_website_configuration",
	"aws_s3_bucket_notification",
	// Other settings and containers of settings.
	"aws_ecr_lifecycle_policy", "aws_ecr_repository_policy",
	"aws_cloudwatch_log_stream", "aws_secretsmanager_secret_version", "aws_kms_alias",
	"aws_cloudfront_origin_access_control", "aws_cloudfront_origin_access_identity",
	"aws_db_subnet_group", "aws_db_parameter_group", "aws_elasticache_subnet_group",
	"aws_elasticache_parameter_group", "aws_key_pair",
	// Not AWS at all: Terraform's own and utility providers.
	"terraform_data", "null_resource", "random_id", "random_string", "random_password",
	"random_pet", "random_integer", "random_uuid", "random_shuffle", "time_sleep",
	"time_static", "local_file", "local_sensitive_file", "tls_private_key",
)

func setOf(names ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(names))
	for _, n := range names {
		m[n] = struct{}{}
	}
	return m
}

// PricedTypes lists the resource types that have a builder, sorted.
func PricedTypes() []string { return slices.Sorted(maps.Keys(builders)) }

// FreeTypes lists the resource types known to cost nothing, sorted.
func FreeTypes() []string { return slices.Sorted(maps.Keys(freeTypes)) }

// IsFree reports whether typ is on the list of types AWS does not charge for.
func IsFree(typ string) bool {
	_, ok := freeTypes[typ]
	return ok
}

// Context is what a builder may know besides the resource: where it runs,
// the prices there, whether to apply the free tier, and the other resources
// of the same plan or inventory.
type Context struct {
	// Region is the region being priced.
	Region string
	// FreeTier is true when free-tier allowances apply.
	FreeTier bool

	catalog *Catalog
	dims    *dimCache // when not nil, remembers the lookups in Region
	set     *resourceSet
	self    int // index of the resource being priced in set
}

// dimCache remembers, for one region and free-tier setting, the dimensions
// looked up and the usage notes written. An estimate prices thousands of
// resources from a few dozen dimensions: asking the catalogue each time,
// which checks the region first, and formatting the same notes again was
// several percent of a large plan's estimate. A Context that changes its
// Region or FreeTier must not keep the cache of another.
type dimCache struct {
	dims  map[string]Dimension
	notes map[string]string // usage notes, by dimension name
}

func newDimCache() *dimCache {
	return &dimCache{dims: map[string]Dimension{}, notes: map[string]string{}}
}

// dimension looks up a price in the context's region.
func (c Context) dimension(name string) (Dimension, error) {
	if c.dims == nil {
		return c.catalog.Dimension(c.Region, name)
	}
	if d, ok := c.dims.dims[name]; ok {
		return d, nil
	}
	d, err := c.catalog.Dimension(c.Region, name)
	if err == nil {
		c.dims.dims[name] = d
	}
	return d, err
}

// fixed builds a component charged while the resource exists, from the
// dimension of that name in the context's region.
func (c Context) fixed(name, dim string, qty decimal.Decimal) (Component, error) {
	d, err := c.dimension(dim)
	if err != nil {
		return Component{}, err
	}
	return newFixed(d, name, qty)
}

// usage builds a usage line from the dimension of that name.
func (c Context) usage(name, dim string) (Component, error) {
	d, err := c.dimension(dim)
	if err != nil {
		return Component{}, err
	}
	if c.dims == nil {
		return newUsage(d, name, c.FreeTier), nil
	}
	note, ok := c.dims.notes[dim]
	if !ok {
		note = usageNote(d, c.FreeTier)
		c.dims.notes[dim] = note
	}
	return usageLine(d, name, note), nil
}

// Unknown reports whether the plan says attr is known only after apply, so
// that a builder can tell "not set" from "not known yet".
func (c Context) Unknown(attr string) bool {
	if c.set == nil {
		return false
	}
	return c.set.unknown(c.self, attr)
}

// Referenced returns the resources of the same plan that the resource's attr
// expression refers to in the configuration (for example the task
// definition an ECS service's task_definition names), each instance once.
// It is empty for live inventory, which has no configuration.
func (c Context) Referenced(attr string) []resource.Resource {
	if c.set == nil {
		return nil
	}
	return c.set.referenced(c.self, attr)
}

// Find returns the resources of type typ in the same plan or inventory for
// which match is true.
func (c Context) Find(typ string, match func(resource.Resource) bool) []resource.Resource {
	if c.set == nil {
		return nil
	}
	return c.set.find(typ, match)
}

// priceOne prices the resource at index i of set: free, priced or unpriced
// with a reason. It never returns a priced resource without components.
func priceOne(set *resourceSet, i int, ctx Context) ResourceCost {
	// The type alone decides free and unpriced, so their attributes are
	// never decoded.
	head := set.entries[i].res
	rc := ResourceCost{Address: nameOf(head), Type: head.Type, ID: head.ID, Components: []Component{}}
	if _, ok := freeTypes[head.Type]; ok {
		rc.Free = true
		return rc
	}
	b, ok := builders[head.Type]
	if !ok {
		rc.Unpriced = true
		rc.Reason = fmt.Sprintf("awstutor has no price for %s", head.Type)
		return rc
	}
	ctx.set, ctx.self = set, i
	comps, err := b(set.resource(i), ctx)
	var free freeAsConfigured
	if errors.As(err, &free) {
		rc.Free = true
		rc.Reason = free.why
		return rc
	}
	if err != nil {
		rc.Unpriced = true
		rc.Reason = err.Error()
		return rc
	}
	if len(comps) == 0 {
		rc.Unpriced = true
		rc.Reason = "no cost components"
		return rc
	}
	rc.Components = comps
	return rc
}
