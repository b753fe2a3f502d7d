package cloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go"
	"golang.org/x/sync/errgroup"

	"awstutor/resource"
)

// The tags every lab resource carries (the provider's default_tags). Only
// resources tagged ProjectTag=ProjectValue are listed by default and only
// they are ever swept.
const (
	ProjectTag   = "Project"
	ProjectValue = "awstutor"
	LabTag       = "Lab"
)

// Concurrency limits. Listers run side by side; inside a lister, the calls
// made per resource (reading a queue's tags, describing a task definition)
// run a few at a time. moto answers from one Python process, so more
// parallel calls than this only queue there, and on AWS they would start
// hitting request-rate limits.
const (
	listerConcurrency  = 8
	perItemConcurrency = 6
)

// Item is one live resource found by Inventory: the neutral Resource that
// pricing reads, plus what cleanup and the resources command need.
type Item struct {
	resource.Resource
	// ARN is the resource's ARN; empty for kinds that have none (EC2
	// resources are named by id, SQS queues by URL).
	ARN string
	// Tagged is true when the resource carries Project=awstutor.
	Tagged bool
	// Tags are the resource's own tags, or, for a resource that cannot be
	// tagged (an SNS subscription, a Cognito app client, a scaling
	// policy), those of the resource it belongs to.
	Tags map[string]string

	// markTagged makes the JSON form carry "tagged", which listings made
	// with InventoryOptions.All need to tell the two kinds apart.
	markTagged bool
}

// itemJSON fixes the JSON form and its field order:
// {type, id, arn, region, lab, created_at, attrs} (+ tagged with All).
type itemJSON struct {
	Type      string         `json:"type"`
	ID        string         `json:"id"`
	ARN       string         `json:"arn,omitempty"`
	Region    string         `json:"region"`
	Lab       string         `json:"lab,omitempty"`
	CreatedAt *time.Time     `json:"created_at,omitempty"`
	Attrs     map[string]any `json:"attrs,omitempty"`
	Tagged    *bool          `json:"tagged,omitempty"`
}

// MarshalJSON writes {type, id, arn, region, lab, created_at, attrs}, plus
// tagged when the item comes from a listing that includes untagged ones.
func (it Item) MarshalJSON() ([]byte, error) {
	j := itemJSON{Type: it.Type, ID: it.ID, ARN: it.ARN, Region: it.Region, Lab: it.Lab, Attrs: it.Attrs}
	if !it.CreatedAt.IsZero() {
		t := it.CreatedAt.UTC()
		j.CreatedAt = &t
	}
	if it.markTagged {
		j.Tagged = &it.Tagged
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the form MarshalJSON writes. Tags are not part of it,
// so an item read back carries its tagged flag but not its tags.
func (it *Item) UnmarshalJSON(b []byte) error {
	var j itemJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*it = Item{Resource: resource.Resource{Type: j.Type, ID: j.ID, Region: j.Region, Lab: j.Lab, Attrs: j.Attrs}, ARN: j.ARN, Tagged: true}
	if j.CreatedAt != nil {
		it.CreatedAt = j.CreatedAt.UTC()
	}
	if j.Tagged != nil {
		it.Tagged, it.markTagged = *j.Tagged, true
	}
	return nil
}

// newItem builds an item and derives Lab and Tagged from tags.
func newItem(typ, id, arn, region string, created time.Time, tags map[string]string, attrs map[string]any) Item {
	if tags == nil {
		tags = map[string]string{}
	}
	if attrs == nil {
		attrs = map[string]any{}
	}
	it := Item{
		Resource: resource.Resource{Type: typ, ID: id, Region: region, Lab: tags[LabTag], Attrs: attrs},
		ARN:      arn,
		Tagged:   tags[ProjectTag] == ProjectValue,
		Tags:     tags,
	}
	if !created.IsZero() {
		it.CreatedAt = created.UTC()
	}
	return it
}

// isProject reports whether tags mark a resource as awstutor's.
func isProject(tags map[string]string) bool { return tags[ProjectTag] == ProjectValue }

// Lister lists the resources of one service that the labs create. It
// returns every resource it can see, tagged or not, with its tags; the
// caller filters.
type Lister interface {
	// Service names the service in errors ("sqs", "ecs").
	Service() string
	// List pages through the service's resources.
	List(ctx context.Context) ([]Item, error)
}

// Listers returns a lister for every service the labs use.
func Listers(c *Clients) []Lister {
	region := c.Config.Region
	return []Lister{
		sqsLister{c.SQS, region},
		snsLister{c.SNS, region},
		cognitoLister{c.Cognito, region},
		apiGatewayLister{c.APIGateway, c.APIGatewayV2, region},
		lambdaLister{c.Lambda, region},
		iamLister{c.IAM, region},
		s3Lister{c.S3, region},
		ecrLister{c.ECR, region},
		ecsLister{c.ECS, region},
		ec2Lister{c.EC2, region},
		elbv2Lister{c.ELBv2, region},
		autoScalingLister{c.AutoScaling, c.ECS, region, isSandbox(c.Target)},
		cloudWatchLister{c.CloudWatch, c.Logs, region},
		ssmLister{c.SSM, region},
		secretsLister{c.Secrets, region},
		eventsLister{c.Events, region},
	}
}

// InventoryOptions configures Inventory.
type InventoryOptions struct {
	// All lists resources without Project=awstutor too; their Tagged is
	// false and their JSON carries "tagged": false.
	All bool
	// Listers replaces the default listers (tests).
	Listers []Lister
}

// Inventory lists the live resources of every service in the target,
// concurrently, and keeps those tagged Project=awstutor (all of them with
// opts.All). Items are sorted by lab, type and id.
//
// A failure of one service (on AWS, typically a permission the learner's
// identity lacks) is reported in the returned errors, one per service,
// beside the items of the services that worked. A sandbox that stops
// answering fails the whole listing at once: the first ErrSandboxDown
// cancels the other listers and is the only error returned, so a dead
// emulator costs seconds, not one timeout per service. ErrCredentials is
// handled the same way.
func Inventory(ctx context.Context, c *Clients, opts InventoryOptions) ([]Item, []error) {
	listers := opts.Listers
	if listers == nil {
		listers = Listers(c)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	var (
		mu    sync.Mutex
		items []Item
		errs  []error
		down  error
	)
	g := new(errgroup.Group)
	g.SetLimit(listerConcurrency)
	for _, l := range listers {
		g.Go(func() error {
			found, err := l.List(ctx)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				err = Classify(err)
				switch {
				// Without an emulator or credentials no service can
				// answer: one error for all, at once.
				case errors.Is(err, ErrSandboxDown), errors.Is(err, ErrCredentials):
					if down == nil {
						down = err
						cancel(err)
					}
				case ctx.Err() != nil:
					// Cancelled by a sibling's ErrSandboxDown or by the
					// caller; reported below, once.
				default:
					errs = append(errs, serviceError(l.Service(), err))
				}
				return nil
			}
			for _, it := range found {
				if it.Tagged || opts.All {
					it.markTagged = opts.All
					items = append(items, it)
				}
			}
			return nil
		})
	}
	g.Wait()
	if down != nil {
		return nil, []error{down}
	}
	if err := ctx.Err(); err != nil {
		return nil, []error{err}
	}
	SortItems(items)
	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return items, errs
}

// SortItems orders items by lab, then type, then id, the order listings
// show them in.
func SortItems(items []Item) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Lab != b.Lab {
			return a.Lab < b.Lab
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.ID < b.ID
	})
}

// ServiceError is a failure to list one service. The inventory goes on
// without it; the message says which service is missing and why.
type ServiceError struct {
	Service string
	Err     error
}

func (e *ServiceError) Error() string {
	if code := accessDeniedCode(e.Err); code != "" {
		return fmt.Sprintf("list %s: your AWS identity is not allowed to read it (%s), so its resources are not shown", e.Service, code)
	}
	return fmt.Sprintf("list %s: %v", e.Service, brief(e.Err))
}

func (e *ServiceError) Unwrap() error { return e.Err }

func serviceError(service string, err error) error {
	return &ServiceError{Service: service, Err: err}
}

// brief shortens an SDK error to what a person needs: for an API error,
// the service's message and code ("The vpc has dependencies and cannot be
// deleted (DependencyViolation)") instead of the SDK's operation, status
// and request id. Other errors are returned as they are.
func brief(err error) error {
	var ae smithy.APIError
	if err == nil || !errors.As(err, &ae) || errors.Is(err, ErrSandboxDown) || errors.Is(err, ErrCredentials) {
		return err
	}
	return &briefError{err: err, code: ae.ErrorCode(), msg: ae.ErrorMessage()}
}

// briefError keeps the full error reachable with errors.Is and errors.As.
type briefError struct {
	err       error
	code, msg string
}

func (e *briefError) Error() string {
	if e.msg == "" {
		return e.code
	}
	return strings.TrimRight(e.msg, ".") + " (" + e.code + ")"
}

func (e *briefError) Unwrap() error { return e.err }

// accessDeniedCode returns the API error code when err is a permission
// refusal, else "".
func accessDeniedCode(err error) string {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return ""
	}
	switch code := ae.ErrorCode(); {
	case strings.Contains(code, "AccessDenied"), code == "UnauthorizedOperation",
		code == "AuthorizationError", code == "UnauthorizedException", code == "AuthFailure":
		return code
	}
	return ""
}

// isNotFound reports an API error saying the resource does not exist. The
// services spell it in many ways (NoSuchEntity, ResourceNotFoundException,
// InvalidVpcID.NotFound, AWS.SimpleQueueService.NonExistentQueue, ...).
func isNotFound(err error) bool {
	if errors.Is(err, errGone) {
		return true
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	code := ae.ErrorCode()
	for _, s := range []string{"NotFound", "NoSuch", "NonExistent", "DoesNotExist"} {
		if strings.Contains(code, s) {
			return true
		}
	}
	return false
}

// errGone is returned by tag readers when a describe call answers with
// the resource in a deleted state (an INACTIVE ECS service) or in a
// failures list rather than with an error.
var errGone = errors.New("the resource no longer exists")

// forEach calls fn for each index in [0, n), a few at a time, and returns
// the first error; the others are cancelled through ctx.
func forEach(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(perItemConcurrency)
	for i := range n {
		g.Go(func() error { return fn(ctx, i) })
	}
	return g.Wait()
}

// numAttr returns n as the float64 the JSON-shaped Attrs use for numbers.
func numAttr[T ~int32 | ~int64 | ~int](n T) float64 { return float64(n) }

// block wraps a nested block the way the provider writes one: a list of
// one object.
func block(m map[string]any) []any { return []any{m} }

// strings2any converts a list of strings to the []any Attrs use.
func strings2any(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// skipGone turns "not found" into nil: a resource deleted between being
// listed and being described is simply not there any more.
func skipGone(err error) error {
	if isNotFound(err) {
		return nil
	}
	return err
}

// compact drops the zero items that per-item lookups leave for resources
// that vanished while being listed.
func compact(items []Item) []Item {
	out := items[:0]
	for _, it := range items {
		if it.Type != "" {
			out = append(out, it)
		}
	}
	return out
}

// zeroTime is the CreatedAt of items whose service reports no creation
// time.
var zeroTime time.Time
