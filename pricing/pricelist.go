package pricing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awspricing "github.com/aws/aws-sdk-go-v2/service/pricing"
	pricelisttypes "github.com/aws/aws-sdk-go-v2/service/pricing/types"
	"github.com/aws/smithy-go"
	"github.com/shopspring/decimal"
)

// PriceListRegion is the region of the Price List Query API endpoint that
// the refresh calls. AWS serves the API only from us-east-1, eu-central-1
// and ap-south-1, and each of them answers for every region's prices, so a
// client is built for this region whatever region's prices it fetches.
const PriceListRegion = "us-east-1"

// PriceListSource names the AWS Price List Query API as the source of
// refreshed prices.
const PriceListSource = "AWS Price List Query API"

// priceListPageSize is the most products GetProducts returns in one page.
const priceListPageSize = 100

// priceListMaxPages bounds the pages one query may take. The broadest query
// of the table (every AmazonCloudWatch product of a region) needs a few; a
// server that keeps returning tokens beyond this is not the Price List.
const priceListMaxPages = 50

// PriceLister is the one call of the Price List Query API that a refresh
// makes. *pricing.Client of github.com/aws/aws-sdk-go-v2/service/pricing
// implements it, so tests use the real client against a local server.
type PriceLister interface {
	GetProducts(ctx context.Context, params *awspricing.GetProductsInput, optFns ...func(*awspricing.Options)) (*awspricing.GetProductsOutput, error)
}

// UpdateStatus says what a refresh did to one dimension.
type UpdateStatus string

// What a refresh can do to a dimension.
const (
	// StatusUpdated: the Price List's price differs from the old one and
	// replaces it.
	StatusUpdated UpdateStatus = "updated"
	// StatusUnchanged: the Price List confirms the old price (which is no
	// longer approximate).
	StatusUnchanged UpdateStatus = "unchanged"
	// StatusKept: the old price stays, for the reason given.
	StatusKept UpdateStatus = "kept"
)

// KeptReason says why a dimension kept its old price.
type KeptReason string

// The reasons a refresh keeps a price. Each refuses a number that could be
// wrong rather than guess: a wrong price on screen is worse than a dated
// one, which at least says its date.
const (
	// KeptNotMapped: awstutor has no Price List query for the dimension.
	KeptNotMapped KeptReason = "not_mapped"
	// KeptNoProduct: the query found no product with the usage type.
	KeptNoProduct KeptReason = "no_product"
	// KeptAmbiguous: several products or tiers match with different prices.
	KeptAmbiguous KeptReason = "ambiguous"
	// KeptUnit: the Price List prices the product in another unit.
	KeptUnit KeptReason = "unit"
	// KeptZeroPrice: the Price List says $0 for a price that is not free.
	KeptZeroPrice KeptReason = "zero_price"
	// KeptImplausible: the new price is more than five times, or less than
	// a fifth of, the old one, which points at a different product.
	KeptImplausible KeptReason = "implausible"
	// KeptMalformed: the Price List entry is not of the documented shape.
	KeptMalformed KeptReason = "malformed"
	// KeptRejected: the API rejected the query (unknown service code or
	// parameter).
	KeptRejected KeptReason = "rejected"
)

// DimensionUpdate is what a refresh did to one dimension.
type DimensionUpdate struct {
	// Name is the dimension's name in the catalogue.
	Name string `json:"name"`
	// Status is updated, unchanged or kept.
	Status UpdateStatus `json:"status"`
	// Old is the price before the refresh, in the catalogue's unit.
	Old decimal.Decimal `json:"old"`
	// New is the Price List's price in the catalogue's unit; null when the
	// dimension was kept.
	New *decimal.Decimal `json:"new"`
	// Unit is the catalogue's unit of Old and New.
	Unit string `json:"unit"`
	// WasApproximate is true when the old price was marked approximate.
	WasApproximate bool `json:"was_approximate,omitempty"`
	// Reason says why a kept dimension was kept.
	Reason KeptReason `json:"reason,omitempty"`
	// Detail says it in words, naming the query and what came back.
	Detail string `json:"detail,omitempty"`
	// Evidence names the Price List entry the new price was read from.
	Evidence *PriceEvidence `json:"evidence,omitempty"`
}

// PriceEvidence names the Price List entry behind a refreshed price, so a
// learner can find the same number with the AWS CLI.
type PriceEvidence struct {
	// ServiceCode is the Price List service code ("AmazonECS").
	ServiceCode string `json:"service_code"`
	// SKU is the product's SKU; with several products of the same price,
	// the first by SKU.
	SKU string `json:"sku"`
	// UsageType is the product's usagetype attribute.
	UsageType string `json:"usage_type"`
	// RateCode is the price dimension's rate code.
	RateCode string `json:"rate_code"`
	// Description is the price dimension's description.
	Description string `json:"description"`
	// Unit is the Price List's unit ("Hrs", "Requests").
	Unit string `json:"unit"`
	// PricePerUnit is the price in USD per Unit, as published.
	PricePerUnit decimal.Decimal `json:"price_per_unit"`
	// Scale is how many Price List units make one catalogue unit
	// (1000000 for a price per 1M requests).
	Scale int64 `json:"scale"`
	// EffectiveDate is the on-demand term's effective date.
	EffectiveDate string `json:"effective_date,omitempty"`
	// Tier says which tier was taken when the price is tiered.
	Tier string `json:"tier,omitempty"`
	// Products is how many products matched (all at the same price).
	Products int `json:"products"`
}

// UpdateReport says what Update did, dimension by dimension.
type UpdateReport struct {
	// Region is the region whose prices were refreshed.
	Region string `json:"region"`
	// PriceDate is the day of the refresh, YYYY-MM-DD (UTC).
	PriceDate string `json:"price_date"`
	// Source names the API and the date.
	Source string `json:"source"`
	// BasePriceDate is the date of the prices compared against.
	BasePriceDate string `json:"base_price_date"`
	// Updated, Unchanged and Kept count the dimensions by status.
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Kept      int `json:"kept"`
	// Requests is how many GetProducts calls the refresh made.
	Requests int `json:"requests"`
	// Dimensions lists every dimension of the region, sorted by name.
	Dimensions []DimensionUpdate `json:"dimensions"`
}

// UpdateOption adjusts an Update.
type UpdateOption func(*updateConfig)

type updateConfig struct {
	progress func(done, total int, dim string)
}

// WithProgress has Update call f before each dimension it refreshes (done
// dimensions finished of total, dim the next one) and once at the end with
// done == total and dim "". f runs on Update's goroutine.
func WithProgress(f func(done, total int, dim string)) UpdateOption {
	return func(c *updateConfig) { c.progress = f }
}

// Update asks the Price List Query API for every price of region that it
// knows how to ask for, and returns a catalogue of that one region: the
// dimensions the API priced carry its price and are no longer approximate;
// the others keep base's price (approximate if they were), and the report
// says why. The region's price date is now's date (UTC) and its source
// names the API and that date.
//
// base is the catalogue compared against, normally the embedded one; it is
// not modified. A failure of the API (credentials, network, throttling) or
// of ctx fails the whole update, with no catalogue: a half-refreshed region
// would mix two snapshots without saying which price is which. A query the
// API rejects, or an answer that cannot be trusted, keeps only the
// dimensions that depend on it.
func Update(ctx context.Context, client PriceLister, region string, base *Catalog, now time.Time, opts ...UpdateOption) (*Catalog, UpdateReport, error) {
	if client == nil || base == nil {
		return nil, UpdateReport{}, errors.New("update prices: no Price List client or base catalogue")
	}
	if err := base.CheckRegion(region); err != nil {
		return nil, UpdateReport{}, fmt.Errorf("update prices: %w", err)
	}
	var cfg updateConfig
	for _, o := range opts {
		o(&cfg)
	}
	dims := base.Regions[region]
	names := make([]string, 0, len(dims))
	for n := range dims {
		names = append(names, n)
	}
	slices.Sort(names)

	date := now.UTC().Format(time.DateOnly)
	source := PriceListSource + ", " + date
	rep := UpdateReport{Region: region, PriceDate: date, Source: source, BasePriceDate: base.Origin(region).PriceDate}
	q := &querier{client: client, region: region, memo: map[string]queryResult{}}
	out := make(map[string]Dimension, len(dims))
	var refreshed []string
	for i, name := range names {
		if err := ctx.Err(); err != nil {
			return nil, UpdateReport{}, err
		}
		if cfg.progress != nil {
			cfg.progress(i, len(names), name)
		}
		old := dims[name]
		old.Name = name
		u, err := refreshDimension(ctx, q, old)
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, UpdateReport{}, ctxErr
			}
			return nil, UpdateReport{}, fmt.Errorf("update %s prices: %s: %w", region, name, err)
		}
		d := old
		switch u.Status {
		case StatusUpdated, StatusUnchanged:
			d.Price = *u.New
			d.Approximate = false
			refreshed = append(refreshed, name)
		}
		out[name] = d
		switch u.Status {
		case StatusUpdated:
			rep.Updated++
		case StatusUnchanged:
			rep.Unchanged++
		default:
			rep.Kept++
		}
		rep.Dimensions = append(rep.Dimensions, u)
	}
	if cfg.progress != nil {
		cfg.progress(len(names), len(names), "")
	}
	rep.Requests = q.requests
	cat := &Catalog{
		PriceDate: date,
		Currency:  "USD",
		Source:    source,
		Regions:   map[string]map[string]Dimension{region: out},
		Origins: map[string]Origin{region: {
			PriceDate:  date,
			Source:     source,
			Refreshed:  refreshed,
			Dimensions: len(names),
		}},
	}
	return cat, rep, nil
}

// refreshDimension asks the Price List for one dimension. It returns an
// error only for failures that must stop the whole update; everything the
// dimension alone suffers is a kept DimensionUpdate with the reason.
func refreshDimension(ctx context.Context, q *querier, old Dimension) (DimensionUpdate, error) {
	u := DimensionUpdate{Name: old.Name, Old: old.Price, Unit: old.Unit, WasApproximate: old.Approximate}
	kept := func(r *refusal) (DimensionUpdate, error) {
		u.Status, u.Reason, u.Detail = StatusKept, r.reason, r.detail
		return u, nil
	}
	queries, why := priceQueries(old.Name)
	if len(queries) == 0 {
		return kept(&refusal{KeptNotMapped, why})
	}
	var last *refusal
	for _, pq := range queries {
		products, err := q.products(ctx, pq)
		var r *refusal
		if errors.As(err, &r) {
			// A rejected or malformed query may have a fallback (the ELB
			// prices are under AWSELB, and once were under AmazonEC2).
			last = r
			continue
		}
		if err != nil {
			return u, err
		}
		matched := matchUsageType(products, pq.usageType, q.region)
		if len(matched) == 0 {
			last = &refusal{KeptNoProduct, fmt.Sprintf("no %s product with usage type %s (%s) in %s", pq.service, pq.usageType, pq.describeFilters(), q.region)}
			continue
		}
		// A product was found: its answer stands, even a refusal. A
		// fallback query would find a different record of the same
		// thing, which is no better evidence.
		price, ev, r := choosePrice(matched, pq, old)
		if r != nil {
			return kept(r)
		}
		if price.IsZero() && !old.Price.IsZero() {
			return kept(&refusal{KeptZeroPrice, fmt.Sprintf("%s %s is $0 per %s in the Price List, but this price is not free", pq.service, ev.SKU, ev.Unit)})
		}
		if old.Price.IsPositive() && (price.GreaterThan(old.Price.Mul(implausibleFactor)) || price.Mul(implausibleFactor).LessThan(old.Price)) {
			return kept(&refusal{KeptImplausible, fmt.Sprintf("%s %s gives $%s per %s, more than five times off $%s: probably a different product", pq.service, ev.SKU, price, old.Unit, old.Price)})
		}
		u.New, u.Evidence = &price, ev
		u.Status = StatusUnchanged
		if !price.Equal(old.Price) {
			u.Status = StatusUpdated
		}
		return u, nil
	}
	return kept(last)
}

// implausibleFactor is how far a refreshed price may move from the old one
// before it is taken for a mapping error rather than a price change. AWS
// list prices move by percents; a factor of five is a wrong unit or product.
var implausibleFactor = decimal.NewFromInt(5)

// refusal is a reason not to take a price.
type refusal struct {
	reason KeptReason
	detail string
}

func (r *refusal) Error() string { return string(r.reason) + ": " + r.detail }

// priceQuery is one way to ask the Price List for a dimension: a
// GetProducts query (service code, the region, TERM_MATCH filters) and the
// usage type, unit and scale that the answer must have.
type priceQuery struct {
	service string
	// filters are field/value pairs matched with TERM_MATCH, besides
	// regionCode, which every query has.
	filters []filterTerm
	// usageType is matched on the answer, not in the query: AWS prefixes
	// usage types with a region code ("APN2-", "USE1-") except, for older
	// services, in us-east-1, so the same product is "BoxUsage:t3.micro"
	// in one region and "APN2-BoxUsage:t3.micro" in another.
	usageType string
	// units are the Price List units accepted (compared ignoring case).
	units []string
	// scale is how many Price List units make one catalogue unit.
	scale int64
}

type filterTerm struct{ field, value string }

// key identifies the GetProducts query, so dimensions that share one (the
// five Fargate prices, the two NAT gateway prices) fetch it once.
func (pq priceQuery) key() string {
	var b strings.Builder
	b.WriteString(pq.service)
	for _, f := range pq.filters {
		b.WriteString("\x00" + f.field + "=" + f.value)
	}
	return b.String()
}

func (pq priceQuery) describeFilters() string {
	parts := make([]string, 0, len(pq.filters)+1)
	for _, f := range pq.filters {
		parts = append(parts, f.field+"="+f.value)
	}
	if len(parts) == 0 {
		return "regionCode only"
	}
	return strings.Join(parts, ", ")
}

func query(service, usageType string, units []string, scale int64, fieldValues ...string) priceQuery {
	pq := priceQuery{service: service, usageType: usageType, units: units, scale: scale}
	for i := 0; i+1 < len(fieldValues); i += 2 {
		pq.filters = append(pq.filters, filterTerm{fieldValues[i], fieldValues[i+1]})
	}
	return pq
}

// The Price List's units. Fargate writes "hours" where EC2 writes "Hrs".
var (
	unitsHours    = []string{"Hrs", "Hours"}
	unitsGBHours  = []string{"Hrs", "Hours", "GB-Hours"}
	unitsGBMonth  = []string{"GB-Mo"}
	unitsGB       = []string{"GB"}
	unitsRequests = []string{"Requests", "Request"}
	unitsGBSecond = []string{"Lambda-GB-Second", "GB-Seconds", "Second"}
)

// elbQueries asks AWSELB first; Elastic Load Balancing prices were once
// published under AmazonEC2, and some regions' records still are.
func elbQueries(family, usageType string, units []string) []priceQuery {
	return []priceQuery{
		query("AWSELB", usageType, units, 1, "productFamily", family),
		query("AmazonEC2", usageType, units, 1, "productFamily", family),
	}
}

// staticQueries maps the catalogue's fixed dimension names to their Price
// List queries. Instance classes (ec2.*, rds.*, elasticache.*) are built
// from the name in priceQueries.
var staticQueries = map[string][]priceQuery{
	"fargate.vcpu_hour":         {query("AmazonECS", "Fargate-vCPU-Hours:perCPU", unitsHours, 1)},
	"fargate.gb_hour":           {query("AmazonECS", "Fargate-GB-Hours", unitsGBHours, 1)},
	"fargate_arm.vcpu_hour":     {query("AmazonECS", "Fargate-ARM-vCPU-Hours:perCPU", unitsHours, 1)},
	"fargate_arm.gb_hour":       {query("AmazonECS", "Fargate-ARM-GB-Hours", unitsGBHours, 1)},
	"fargate.ephemeral_gb_hour": {query("AmazonECS", "Fargate-EphemeralStorage-GB-Hours", unitsGBHours, 1)},

	"ebs.gp3_gb_month": {query("AmazonEC2", "EBS:VolumeUsage.gp3", unitsGBMonth, 1, "productFamily", "Storage", "volumeApiName", "gp3")},
	"ebs.gp2_gb_month": {query("AmazonEC2", "EBS:VolumeUsage.gp2", unitsGBMonth, 1, "productFamily", "Storage", "volumeApiName", "gp2")},
	"rds.gp2_gb_month": {query("AmazonRDS", "RDS:GP2-Storage", unitsGBMonth, 1, "productFamily", "Database Storage", "deploymentOption", "Single-AZ")},
	"rds.gp3_gb_month": {query("AmazonRDS", "RDS:GP3-Storage", unitsGBMonth, 1, "productFamily", "Database Storage", "deploymentOption", "Single-AZ")},

	"alb.hour":             elbQueries("Load Balancer-Application", "LoadBalancerUsage", unitsHours),
	"alb.lcu_hour":         elbQueries("Load Balancer-Application", "LCUUsage", []string{"LCU-Hrs"}),
	"nlb.hour":             elbQueries("Load Balancer-Network", "LoadBalancerUsage", unitsHours),
	"nlb.nlcu_hour":        elbQueries("Load Balancer-Network", "LCUUsage", []string{"LCU-Hrs", "NLCU-Hrs"}),
	"gwlb.hour":            elbQueries("Load Balancer-Gateway", "LoadBalancerUsage", unitsHours),
	"gwlb.gclu_hour":       elbQueries("Load Balancer-Gateway", "LCUUsage", []string{"LCU-Hrs", "GLCU-Hrs"}),
	"nat.hour":             {query("AmazonEC2", "NatGateway-Hours", unitsHours, 1, "productFamily", "NAT Gateway")},
	"nat.gb":               {query("AmazonEC2", "NatGateway-Bytes", unitsGB, 1, "productFamily", "NAT Gateway")},
	"ipv4.hour":            {query("AmazonVPC", "PublicIPv4:InUseAddress", unitsHours, 1)},
	"ecr.storage_gb_month": {query("AmazonECR", "TimedStorage-ByteHrs", unitsGBMonth, 1)},

	"sqs.standard_million":    {query("AWSQueueService", "Requests-RBP", unitsRequests, 1_000_000, "productFamily", "API Request")},
	"sqs.fifo_million":        {query("AWSQueueService", "Requests-FIFO-RBP", unitsRequests, 1_000_000, "productFamily", "API Request")},
	"sns.million_publishes":   {query("AmazonSNS", "Requests-Tier1", unitsRequests, 1_000_000, "productFamily", "API Request")},
	"apigw.http_million":      {query("AmazonApiGateway", "ApiGatewayHttpRequest", unitsRequests, 1_000_000)},
	"apigw.rest_million":      {query("AmazonApiGateway", "ApiGatewayRequest", unitsRequests, 1_000_000)},
	"lambda.gb_second":        {query("AWSLambda", "Lambda-GB-Second", unitsGBSecond, 1, "productFamily", "Serverless")},
	"lambda_arm.gb_second":    {query("AWSLambda", "Lambda-GB-Second-ARM", unitsGBSecond, 1, "productFamily", "Serverless")},
	"lambda.million_requests": {query("AWSLambda", "Request", unitsRequests, 1_000_000, "productFamily", "Serverless")},

	"cw.alarm_month":          {query("AmazonCloudWatch", "CW:AlarmMonitorUsage", []string{"Alarms"}, 1, "productFamily", "Alarm")},
	"cw.alarm_high_res_month": {query("AmazonCloudWatch", "CW:HighResAlarmMonitorUsage", []string{"Alarms"}, 1, "productFamily", "Alarm")},
	"logs.ingest_gb":          {query("AmazonCloudWatch", "DataProcessing-Bytes", unitsGB, 1)},
	"logs.storage_gb_month":   {query("AmazonCloudWatch", "TimedStorage-ByteHrs", unitsGBMonth, 1)},

	"s3.standard_gb_month": {query("AmazonS3", "TimedStorage-ByteHrs", unitsGBMonth, 1, "productFamily", "Storage")},
	"s3.put_1k":            {query("AmazonS3", "Requests-Tier1", unitsRequests, 1000, "productFamily", "API Request")},
	"s3.get_1k":            {query("AmazonS3", "Requests-Tier2", unitsRequests, 1000, "productFamily", "API Request")},

	"secrets.secret_month": {query("AWSSecretsManager", "AWSSecretsManager-Secrets", []string{"Secrets", "Secret-Months"}, 1)},
	"secrets.api_10k":      {query("AWSSecretsManager", "AWSSecretsManagerAPIRequest", []string{"API Requests", "Requests"}, 10_000)},
	"kms.key_month":        {query("awskms", "KMS-Keys", []string{"Keys"}, 1)},
}

// unmappedWhy says, for dimensions left out of the table on purpose, why;
// the first entry whose prefix the name has answers.
var unmappedWhy = []struct{ prefix, why string }{
	{"cloudfront.", "CloudFront is priced per edge-location group, not per region, so a regionCode query cannot find it"},
	{"cognito.", "Cognito bills monthly active users per feature plan, in tiers the catalogue's one price per MAU does not follow"},
	{"events.", "EventBridge bills custom events in 64 KB chunks, a different unit from the catalogue's events"},
	{"ssm.", "Parameter Store prices have no usage type awstutor maps"},
	{"sns.fifo", "SNS FIFO publishes are billed by request and payload together; awstutor does not map them"},
}

// rdsEngines maps the engine in an rds.<engine>.<class> name to the Price
// List's databaseEngine.
var rdsEngines = map[string]string{"mysql": "MySQL", "postgres": "PostgreSQL"}

// priceQueries returns the queries for a dimension, in the order to try
// them, or none and the reason there are none.
func priceQueries(name string) ([]priceQuery, string) {
	if q, ok := staticQueries[name]; ok {
		return q, ""
	}
	switch {
	case strings.HasPrefix(name, "ec2."):
		// Linux on shared tenancy without pre-installed software, the
		// on-demand capacity actually used: the price the course's
		// instances pay. The filters leave one product per type.
		typ := strings.TrimPrefix(name, "ec2.")
		return []priceQuery{query("AmazonEC2", "BoxUsage:"+typ, unitsHours, 1,
			"instanceType", typ, "operatingSystem", "Linux", "tenancy", "Shared",
			"preInstalledSw", "NA", "capacitystatus", "Used",
			"licenseModel", "No License required", "operation", "RunInstances")}, ""
	case strings.HasPrefix(name, "rds."):
		engine, class, ok := strings.Cut(strings.TrimPrefix(name, "rds."), ".")
		if db := rdsEngines[engine]; ok && db != "" && strings.HasPrefix(class, "db.") {
			return []priceQuery{query("AmazonRDS", "InstanceUsage:"+class, unitsHours, 1,
				"instanceType", class, "databaseEngine", db, "deploymentOption", "Single-AZ")}, ""
		}
	case strings.HasPrefix(name, "elasticache.cache."):
		// Redis OSS and Memcached nodes cost the same; Valkey nodes cost
		// less and are not what the catalogue prices.
		class := strings.TrimPrefix(name, "elasticache.")
		return []priceQuery{query("AmazonElastiCache", "NodeUsage:"+class, unitsHours, 1,
			"instanceType", class, "cacheEngine", "Redis")}, ""
	}
	for _, u := range unmappedWhy {
		if strings.HasPrefix(name, u.prefix) {
			return nil, u.why
		}
	}
	return nil, "awstutor has no Price List query for this price"
}

// querier runs GetProducts queries for one region, each once.
type querier struct {
	client   PriceLister
	region   string
	memo     map[string]queryResult
	requests int
}

type queryResult struct {
	products []priceListProduct
	err      error
}

// products returns every product a query finds, across pages. A query the
// API rejects, or whose answer is malformed, is a *refusal; other errors
// stop the update.
func (q *querier) products(ctx context.Context, pq priceQuery) ([]priceListProduct, error) {
	key := pq.key()
	if r, ok := q.memo[key]; ok {
		return r.products, r.err
	}
	filters := []pricelisttypes.Filter{{Type: pricelisttypes.FilterTypeTermMatch, Field: aws.String("regionCode"), Value: aws.String(q.region)}}
	for _, f := range pq.filters {
		filters = append(filters, pricelisttypes.Filter{Type: pricelisttypes.FilterTypeTermMatch, Field: aws.String(f.field), Value: aws.String(f.value)})
	}
	in := &awspricing.GetProductsInput{
		ServiceCode:   aws.String(pq.service),
		Filters:       filters,
		FormatVersion: aws.String("aws_v1"),
		MaxResults:    aws.Int32(priceListPageSize),
	}
	pages := awspricing.NewGetProductsPaginator(q.client, in)
	var out []priceListProduct
	for n := 0; pages.HasMorePages(); n++ {
		if n == priceListMaxPages {
			// Too broad a query for a table entry to be trusted: keep its
			// dimensions rather than fail the whole refresh.
			r := &refusal{KeptRejected, fmt.Sprintf("the %s query (%s) returned more than %d pages of products", pq.service, pq.describeFilters(), priceListMaxPages)}
			q.memo[key] = queryResult{err: r}
			return nil, r
		}
		page, err := pages.NextPage(ctx)
		q.requests++
		if err != nil {
			var ae smithy.APIError
			if errors.As(err, &ae) && (ae.ErrorCode() == "NotFoundException" || ae.ErrorCode() == "InvalidParameterException") {
				r := &refusal{KeptRejected, fmt.Sprintf("the Price List rejected the %s query (%s): %s", pq.service, ae.ErrorCode(), ae.ErrorMessage())}
				q.memo[key] = queryResult{err: r}
				return nil, r
			}
			return nil, fmt.Errorf("query %s products: %w", pq.service, err)
		}
		for i, raw := range page.PriceList {
			p, err := parseProduct(raw)
			if err != nil {
				r := &refusal{KeptMalformed, fmt.Sprintf("entry %d of a %s page: %v", len(out)+i+1, pq.service, err)}
				q.memo[key] = queryResult{err: r}
				return nil, r
			}
			out = append(out, p)
		}
	}
	q.memo[key] = queryResult{products: out}
	return out, nil
}

// priceListProduct is one PriceList entry of GetProducts: a JSON document
// (sent as a string) describing a product and its terms.
type priceListProduct struct {
	Product struct {
		ProductFamily string            `json:"productFamily"`
		Attributes    map[string]string `json:"attributes"`
		SKU           string            `json:"sku"`
	} `json:"product"`
	ServiceCode string `json:"serviceCode"`
	Terms       struct {
		// OnDemand maps "<sku>.<offerTermCode>" to a term. Reserved terms
		// are not list prices for a lab and are ignored.
		OnDemand map[string]priceListTerm `json:"OnDemand"`
	} `json:"terms"`
	Version         string `json:"version"`
	PublicationDate string `json:"publicationDate"`
}

type priceListTerm struct {
	OfferTermCode string `json:"offerTermCode"`
	SKU           string `json:"sku"`
	EffectiveDate string `json:"effectiveDate"`
	// PriceDimensions maps "<sku>.<offerTermCode>.<rateCode>" to a price.
	PriceDimensions map[string]priceListDimension `json:"priceDimensions"`
}

type priceListDimension struct {
	RateCode     string            `json:"rateCode"`
	Description  string            `json:"description"`
	BeginRange   string            `json:"beginRange"`
	EndRange     string            `json:"endRange"`
	Unit         string            `json:"unit"`
	PricePerUnit map[string]string `json:"pricePerUnit"`
}

func parseProduct(raw string) (priceListProduct, error) {
	var p priceListProduct
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return p, fmt.Errorf("parse price list entry: %w", err)
	}
	if p.Product.SKU == "" {
		return p, errors.New("parse price list entry: no product sku")
	}
	return p, nil
}

// matchUsageType keeps the products whose usage type is want, alone or
// after a region prefix, sorted by SKU so that every choice below is
// deterministic.
func matchUsageType(products []priceListProduct, want, region string) []priceListProduct {
	var out []priceListProduct
	for _, p := range products {
		if usageTypeIs(p.Product.Attributes["usagetype"], want, region) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b priceListProduct) int { return strings.Compare(a.Product.SKU, b.Product.SKU) })
	return out
}

// usageTypeIs reports whether got is the usage type want: exactly, or with
// a region prefix ("APN2-", "USE1-", "EU-", or for KMS the region code
// itself, "us-east-1-"). A prefix with a dash of its own is something else:
// "USE1-BOS1-BoxUsage:t3.micro" is a Local Zone, "CAN1-TS-LoadBalancerUsage"
// a trust store.
func usageTypeIs(got, want, region string) bool {
	if got == want {
		return true
	}
	prefix, ok := strings.CutSuffix(got, "-"+want)
	if !ok {
		return false
	}
	if prefix == region {
		return true
	}
	if len(prefix) < 2 || len(prefix) > 6 || prefix[0] < 'A' || prefix[0] > 'Z' {
		return false
	}
	for _, c := range prefix {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// choosePrice reads the on-demand price of the matched products in the
// catalogue's unit. Several products are fine when they all say the same
// price (the first by SKU is named); different prices are ambiguous and
// refused, as is any product whose price cannot be read.
func choosePrice(matched []priceListProduct, pq priceQuery, old Dimension) (decimal.Decimal, *PriceEvidence, *refusal) {
	var picks []*PriceEvidence
	for _, p := range matched {
		if len(p.Terms.OnDemand) == 0 {
			return decimal.Zero, nil, &refusal{KeptMalformed, fmt.Sprintf("%s %s has no on-demand price", pq.service, p.Product.SKU)}
		}
		termKeys := make([]string, 0, len(p.Terms.OnDemand))
		for k := range p.Terms.OnDemand {
			termKeys = append(termKeys, k)
		}
		slices.Sort(termKeys)
		for _, k := range termKeys {
			ev, r := pickTier(p, p.Terms.OnDemand[k], pq, old)
			if r != nil {
				return decimal.Zero, nil, r
			}
			picks = append(picks, ev)
		}
	}
	first := picks[0]
	for _, ev := range picks[1:] {
		if !ev.PricePerUnit.Equal(first.PricePerUnit) {
			var list []string
			for i, e := range picks {
				if i == 4 {
					list = append(list, fmt.Sprintf("%d more", len(picks)-i))
					break
				}
				list = append(list, fmt.Sprintf("%s $%s", e.SKU, e.PricePerUnit))
			}
			return decimal.Zero, nil, &refusal{KeptAmbiguous, fmt.Sprintf("%d %s prices match %s with different amounts per %s: %s",
				len(picks), pq.service, pq.usageType, first.Unit, strings.Join(list, ", "))}
		}
	}
	first.Products = len(matched)
	// The Price List writes ten decimal places ("0.0404800000"); the
	// catalogue writes a price with the places it needs ("0.04048").
	price := first.PricePerUnit.Mul(decimal.NewFromInt(pq.scale))
	return decimal.RequireFromString(price.String()), first, nil
}

// pickTier reads one on-demand term's price. A term with one price
// dimension is that price. A tiered term (requests, storage, Lambda
// duration) is priced at its first tier, the one beginning at 0: the price
// a course's usage pays. When that first tier is $0 and ends exactly where
// the catalogue's free allowance ends (SNS publishes its first 1M requests
// at $0), the free tier is shown separately by the catalogue, so the next
// tier is the price.
func pickTier(p priceListProduct, t priceListTerm, pq priceQuery, old Dimension) (*PriceEvidence, *refusal) {
	type tier struct {
		d            priceListDimension
		begin, price decimal.Decimal
	}
	sku := p.Product.SKU
	var tiers []tier
	for _, d := range t.PriceDimensions {
		if !slices.ContainsFunc(pq.units, func(u string) bool { return strings.EqualFold(u, d.Unit) }) {
			return nil, &refusal{KeptUnit, fmt.Sprintf("%s %s is priced per %q, not per %s", pq.service, sku, d.Unit, strings.Join(pq.units, " or "))}
		}
		usd, ok := d.PricePerUnit["USD"]
		if !ok {
			return nil, &refusal{KeptMalformed, fmt.Sprintf("%s %s has no USD price", pq.service, sku)}
		}
		price, err := decimal.NewFromString(usd)
		if err != nil || price.IsNegative() {
			return nil, &refusal{KeptMalformed, fmt.Sprintf("%s %s has the price %q, not a decimal", pq.service, sku, usd)}
		}
		begin := decimal.Zero
		if d.BeginRange != "" {
			if begin, err = decimal.NewFromString(d.BeginRange); err != nil {
				return nil, &refusal{KeptMalformed, fmt.Sprintf("%s %s has a tier beginning at %q", pq.service, sku, d.BeginRange)}
			}
		}
		tiers = append(tiers, tier{d, begin, price})
	}
	if len(tiers) == 0 {
		return nil, &refusal{KeptMalformed, fmt.Sprintf("%s %s has no price dimensions", pq.service, sku)}
	}
	slices.SortFunc(tiers, func(a, b tier) int {
		if c := a.begin.Cmp(b.begin); c != 0 {
			return c
		}
		return strings.Compare(a.d.RateCode, b.d.RateCode)
	})
	if !tiers[0].begin.IsZero() {
		return nil, &refusal{KeptAmbiguous, fmt.Sprintf("%s %s has no tier beginning at 0", pq.service, sku)}
	}
	if len(tiers) > 1 && tiers[1].begin.IsZero() {
		return nil, &refusal{KeptAmbiguous, fmt.Sprintf("%s %s has several prices beginning at 0", pq.service, sku)}
	}
	chosen, note := tiers[0], ""
	if len(tiers) > 1 {
		note = fmt.Sprintf("first of %d tiers, %s to %s %s", len(tiers), chosen.d.BeginRange, chosen.d.EndRange, chosen.d.Unit)
		if chosen.price.IsZero() && old.Free != nil && old.Price.IsPositive() {
			freeEnd := old.Free.Quantity.Mul(decimal.NewFromInt(pq.scale))
			if end, err := decimal.NewFromString(chosen.d.EndRange); err == nil && end.Equal(freeEnd) && tiers[1].begin.Equal(end) {
				note = fmt.Sprintf("tier from %s %s: the first %s are the free tier, shown separately", tiers[1].d.BeginRange, chosen.d.Unit, chosen.d.EndRange)
				chosen = tiers[1]
			}
		}
	}
	return &PriceEvidence{
		ServiceCode:   pq.service,
		SKU:           sku,
		UsageType:     p.Product.Attributes["usagetype"],
		RateCode:      chosen.d.RateCode,
		Description:   chosen.d.Description,
		Unit:          chosen.d.Unit,
		PricePerUnit:  chosen.price,
		Scale:         pq.scale,
		EffectiveDate: t.EffectiveDate,
		Tier:          note,
	}, nil
}
