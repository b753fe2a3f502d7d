// Package pricing turns neutral resource descriptions into money: an
// embedded price catalogue per region, one builder per priced Terraform
// resource type, cost estimates of Terraform plans (`terraform show -json`)
// and a live meter of what running resources cost.
//
// All money is decimal (shopspring/decimal), never float. A month is 730
// hours. Every figure carries the region it was priced in and the
// catalogue's price date. A resource type with no price is "unpriced" with a
// reason, never $0; types that AWS does not charge for are an explicit list.
// Usage-based charges (per request, per GB) cannot be known from a plan, so
// they appear as lines that say what the usage would cost instead of a
// figure.
package pricing
