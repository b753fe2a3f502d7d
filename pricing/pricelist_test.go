package pricing

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awspricing "github.com/aws/aws-sdk-go-v2/service/pricing"
	"github.com/aws/smithy-go"
	"github.com/shopspring/decimal"
)

// The Price List tests run the real SDK client against priceListServer, an
// in-process stand-in for the Price List Query API on 127.0.0.1 that speaks
// its awsJson1_1 protocol and serves documents of the real shape from
// testdata/pricelist/products.json (see the README beside it).

// testNow is the refresh's clock: after the embedded catalogue's date, so
// a cache written at it is not stale.
var testNow = time.Date(2026, 12, 3, 4, 5, 6, 0, time.UTC)

// plRequest is the JSON body of a GetProducts request.
type plRequest struct {
	ServiceCode string `json:"ServiceCode"`
	Filters     []struct {
		Type, Field, Value string
	} `json:"Filters"`
	FormatVersion string `json:"FormatVersion"`
	NextToken     string `json:"NextToken"`
	MaxResults    int    `json:"MaxResults"`
}

// priceListServer answers GetProducts from a list of documents: TERM_MATCH
// filters on the product family and attributes, pages of pageSize with an
// opaque NextToken, and the protocol's errors.
type priceListServer struct {
	*httptest.Server
	t        *testing.T
	docs     []map[string]any
	pageSize int
	// missing are service codes answered with NotFoundException.
	missing []string
	// hook, when set, sees each request (numbered from 1) before it is
	// answered and may answer it itself by returning true.
	hook func(n int, req plRequest, w http.ResponseWriter, r *http.Request) bool

	mu       sync.Mutex
	requests []plRequest
}

// loadPriceListDocs reads the fixture documents.
func loadPriceListDocs(t testing.TB) []map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "pricelist", "products.json"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	return docs
}

func newPriceListServer(t *testing.T, docs []map[string]any) *priceListServer {
	t.Helper()
	s := &priceListServer{t: t, docs: docs, pageSize: 2}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *priceListServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/" ||
		r.Header.Get("X-Amz-Target") != "AWSPriceListService.GetProducts" ||
		r.Header.Get("Content-Type") != "application/x-amz-json-1.1" {
		plError(w, http.StatusBadRequest, "UnknownOperationException", "not a GetProducts call")
		return
	}
	// The client must sign for the pricing service in us-east-1, whatever
	// region's prices it asks for.
	if auth := r.Header.Get("Authorization"); !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") || !strings.Contains(auth, "/us-east-1/pricing/aws4_request") {
		plError(w, http.StatusForbidden, "IncompleteSignatureException", "request not signed for pricing in us-east-1: "+auth)
		return
	}
	var req plRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		plError(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	n := len(s.requests)
	s.mu.Unlock()
	if s.hook != nil && s.hook(n, req, w, r) {
		return
	}
	if req.FormatVersion != "aws_v1" {
		plError(w, http.StatusBadRequest, "InvalidParameterException", "FormatVersion must be aws_v1")
		return
	}
	if slices.Contains(s.missing, req.ServiceCode) {
		plError(w, http.StatusBadRequest, "NotFoundException", "Requested service code "+req.ServiceCode+" not found")
		return
	}
	var match []map[string]any
	for _, d := range s.docs {
		if d["serviceCode"] == req.ServiceCode && plMatches(d, req) {
			match = append(match, d)
		}
	}
	size := s.pageSize
	if req.MaxResults > 0 && req.MaxResults < size {
		size = req.MaxResults
	}
	start := 0
	if req.NextToken != "" {
		raw, err := base64.StdEncoding.DecodeString(req.NextToken)
		off, ok := strings.CutPrefix(string(raw), "offset:")
		if start, err = strconv.Atoi(off); err != nil || !ok || start > len(match) {
			plError(w, http.StatusBadRequest, "InvalidNextTokenException", "The NextToken is invalid")
			return
		}
	}
	end := min(start+size, len(match))
	out := map[string]any{"FormatVersion": "aws_v1", "PriceList": []string{}}
	list := []string{}
	for _, d := range match[start:end] {
		raw, err := json.Marshal(d)
		if err != nil {
			s.t.Error(err)
		}
		list = append(list, string(raw))
	}
	out["PriceList"] = list
	if end < len(match) {
		out["NextToken"] = base64.StdEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(end)))
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-RequestId", fmt.Sprintf("req-%d", n))
	_ = json.NewEncoder(w).Encode(out)
}

// plMatches applies TERM_MATCH filters: productFamily is the product's
// family, every other field an attribute.
func plMatches(d map[string]any, req plRequest) bool {
	product, _ := d["product"].(map[string]any)
	attrs, _ := product["attributes"].(map[string]any)
	for _, f := range req.Filters {
		if f.Type != "TERM_MATCH" {
			return false
		}
		var got any
		if f.Field == "productFamily" {
			got = product["productFamily"]
		} else {
			got = attrs[f.Field]
		}
		if got != f.Value {
			return false
		}
	}
	return true
}

// plError answers with an awsJson1_1 error.
func plError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": msg})
}

// requestsFor counts the requests made for a service code.
func (s *priceListServer) requestsFor(service string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r.ServiceCode == service {
			n++
		}
	}
	return n
}

// client is the real SDK client pointed at the server, without retries so
// that failure tests fail at once.
func (s *priceListServer) client() *awspricing.Client {
	return awspricing.New(awspricing.Options{
		Region:           PriceListRegion,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDAWSTUTORTEST", "test-secret", ""),
		RetryMaxAttempts: 1,
	})
}

// withPrice returns a copy of docs in which the on-demand price of every
// document of region whose usage type is usageType is usd.
func withPrice(t *testing.T, docs []map[string]any, region, usageType, usd string) []map[string]any {
	t.Helper()
	out := cloneDocs(t, docs)
	n := 0
	for _, d := range out {
		product := d["product"].(map[string]any)
		attrs := product["attributes"].(map[string]any)
		if attrs["regionCode"] != region || attrs["usagetype"] != usageType {
			continue
		}
		for _, term := range d["terms"].(map[string]any)["OnDemand"].(map[string]any) {
			for _, pd := range term.(map[string]any)["priceDimensions"].(map[string]any) {
				pd.(map[string]any)["pricePerUnit"] = map[string]any{"USD": usd}
			}
		}
		n++
	}
	if n == 0 {
		t.Fatalf("no document of %s with usage type %s", region, usageType)
	}
	return out
}

func cloneDocs(t *testing.T, docs []map[string]any) []map[string]any {
	t.Helper()
	raw, err := json.Marshal(docs)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// findDoc returns the document of region with the usage type.
func findDoc(t *testing.T, docs []map[string]any, region, usageType string) map[string]any {
	t.Helper()
	for _, d := range docs {
		attrs := d["product"].(map[string]any)["attributes"].(map[string]any)
		if attrs["regionCode"] == region && attrs["usagetype"] == usageType {
			return d
		}
	}
	t.Fatalf("no document of %s with usage type %s", region, usageType)
	return nil
}

func plDecimal(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func updateOf(t *testing.T, rep UpdateReport, name string) DimensionUpdate {
	t.Helper()
	for _, u := range rep.Dimensions {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("%s is not in the report", name)
	return DimensionUpdate{}
}

func TestParseProductRealShape(t *testing.T) {
	t.Parallel()
	d := findDoc(t, loadPriceListDocs(t), "us-east-1", "USE1-Fargate-vCPU-Hours:perCPU")
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	p, err := parseProduct(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	if p.ServiceCode != "AmazonECS" || p.Product.ProductFamily != "Compute" || p.Product.Attributes["regionCode"] != "us-east-1" {
		t.Errorf("parsed %+v", p.Product)
	}
	term, ok := p.Terms.OnDemand[p.Product.SKU+".JRTCKXETXF"]
	if !ok || len(term.PriceDimensions) != 1 {
		t.Fatalf("on-demand terms %+v", p.Terms.OnDemand)
	}
	for key, pd := range term.PriceDimensions {
		if key != pd.RateCode || pd.Unit != "hours" || pd.PricePerUnit["USD"] != "0.0404800000" {
			t.Errorf("price dimension %s = %+v", key, pd)
		}
	}
	for _, bad := range []string{`{`, `{"product":{}}`, `[]`} {
		if _, err := parseProduct(bad); err == nil {
			t.Errorf("parseProduct(%s) gave no error", bad)
		}
	}
}

func TestUsageTypeIs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		got, want string
		ok        bool
	}{
		{"BoxUsage:t3.micro", "BoxUsage:t3.micro", true},
		{"APN2-BoxUsage:t3.micro", "BoxUsage:t3.micro", true},
		{"USE1-Fargate-vCPU-Hours:perCPU", "Fargate-vCPU-Hours:perCPU", true},
		{"EU-LoadBalancerUsage", "LoadBalancerUsage", true},
		{"us-east-1-KMS-Keys", "KMS-Keys", true},
		{"USE1-Fargate-ARM-vCPU-Hours:perCPU", "Fargate-vCPU-Hours:perCPU", false},
		{"USE1-SpotUsage:Fargate-vCPU-Hours:perCPU", "Fargate-vCPU-Hours:perCPU", false},
		{"USE1-BOS1-BoxUsage:t3.micro", "BoxUsage:t3.micro", false},
		{"CAN1-TS-LoadBalancerUsage", "LoadBalancerUsage", false},
		{"APN2-RegionalNatGateway-Hours", "NatGateway-Hours", false},
		{"apn2-BoxUsage:t3.micro", "BoxUsage:t3.micro", false},
		{"BoxUsage:t3.micro2", "BoxUsage:t3.micro", false},
	}
	for _, tt := range tests {
		if got := usageTypeIs(tt.got, tt.want, "us-east-1"); got != tt.ok {
			t.Errorf("usageTypeIs(%q, %q) = %v, want %v", tt.got, tt.want, got, tt.ok)
		}
	}
}

// TestUpdateFromPriceList refreshes both course regions from the fixture
// and checks the prices exactly, the choices made among decoys and tiers,
// and what stays as it was.
func TestUpdateFromPriceList(t *testing.T) {
	t.Parallel()
	base, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"us-east-1": {
			"fargate.vcpu_hour": "0.04048", "fargate.gb_hour": "0.004445",
			"fargate_arm.vcpu_hour": "0.03238", "fargate_arm.gb_hour": "0.00356",
			"ec2.t3.micro": "0.0104", "alb.hour": "0.0225", "alb.lcu_hour": "0.008",
			"nat.hour": "0.045", "nat.gb": "0.045", "ipv4.hour": "0.005",
			"ebs.gp3_gb_month": "0.08", "sqs.standard_million": "0.4", "sns.million_publishes": "0.5",
			"lambda.gb_second": "0.0000166667", "lambda.million_requests": "0.2", "cw.alarm_month": "0.1",
		},
		"ap-northeast-2": {
			"fargate.vcpu_hour": "0.04656", "fargate.gb_hour": "0.00511",
			"fargate_arm.vcpu_hour": "0.03725", "fargate_arm.gb_hour": "0.00409",
			"fargate.ephemeral_gb_hour": "0.000122", "ec2.t3.micro": "0.013", "ec2.t4g.nano": "0.0052",
			"alb.hour": "0.0225", "nat.hour": "0.059", "ipv4.hour": "0.005",
		},
	}
	for region, prices := range want {
		t.Run(region, func(t *testing.T) {
			t.Parallel()
			srv := newPriceListServer(t, loadPriceListDocs(t))
			var progress []int
			cat, rep, err := Update(context.Background(), srv.client(), region, base, testNow,
				WithProgress(func(done, total int, _ string) { progress = append(progress, done, total) }))
			if err != nil {
				t.Fatal(err)
			}
			dims := cat.Regions[region]
			for name, p := range prices {
				u := updateOf(t, rep, name)
				if u.Status != StatusUnchanged || u.New == nil || !u.New.Equal(plDecimal(t, p)) {
					t.Errorf("%s: %s %v (%s), want unchanged at %s", name, u.Status, u.New, u.Detail, p)
				}
				// Exactly the price, written with the places it needs, not
				// the Price List's ten.
				if d := dims[name]; !d.Price.Equal(plDecimal(t, p)) || d.Price.Exponent() != plDecimal(t, p).Exponent() || d.Approximate {
					t.Errorf("%s in the catalogue: %s (exponent %d) approximate=%v, want %s exact", name, d.Price, d.Price.Exponent(), d.Approximate, p)
				}
			}
			if len(cat.Regions) != 1 || len(dims) != len(base.Regions[region]) {
				t.Errorf("the update has %d regions and %d prices; want 1 region with all %d", len(cat.Regions), len(dims), len(base.Regions[region]))
			}
			o := cat.Origin(region)
			if o.PriceDate != "2026-12-03" || o.Source != "AWS Price List Query API, 2026-12-03" || cat.PriceDate != "2026-12-03" {
				t.Errorf("origin %+v, catalogue date %s", o, cat.PriceDate)
			}
			if rep.Updated+rep.Unchanged+rep.Kept != len(dims) || rep.Unchanged < len(prices) || len(o.Refreshed) != rep.Updated+rep.Unchanged {
				t.Errorf("report counts %d/%d/%d of %d, %d refreshed", rep.Updated, rep.Unchanged, rep.Kept, len(dims), len(o.Refreshed))
			}
			// Progress: 0..n-1 before each dimension, then n of n.
			if len(progress) != 2*(len(dims)+1) || progress[len(progress)-2] != len(dims) || progress[0] != 0 {
				t.Errorf("progress calls %v", progress)
			}
			// Pages of two: the Fargate query of seven products takes four
			// requests, made once for all five Fargate prices.
			if n := srv.requestsFor("AmazonECS"); n != 4 {
				t.Errorf("%d AmazonECS requests, want 4 (one paginated query)", n)
			}
			// Kept dimensions keep the embedded price and approximation.
			for _, name := range []string{"rds.mysql.db.t3.micro", "cloudfront.gb", "s3.put_1k"} {
				u := updateOf(t, rep, name)
				old := base.Regions[region][name]
				if u.Status != StatusKept || u.New != nil || u.Detail == "" || !dims[name].Price.Equal(old.Price) || dims[name].Approximate != old.Approximate {
					t.Errorf("%s: %+v, catalogue %+v; want kept with a reason, as embedded", name, u, dims[name])
				}
			}
			if u := updateOf(t, rep, "cloudfront.gb"); u.Reason != KeptNotMapped {
				t.Errorf("cloudfront.gb kept for %s, want not_mapped", u.Reason)
			}
			if u := updateOf(t, rep, "s3.put_1k"); u.Reason != KeptNoProduct || !strings.Contains(u.Detail, "Requests-Tier1") {
				t.Errorf("s3.put_1k: %s %q", u.Reason, u.Detail)
			}
			// The base catalogue is not modified.
			if base.Regions[region]["fargate.vcpu_hour"].Approximate != false || base.Origins != nil {
				t.Error("Update modified the base catalogue")
			}
		})
	}
}

// TestUpdateChoices covers how a price is chosen: the decoys the filters
// and usage types leave out, tiers, and the prefix rules.
func TestUpdateChoices(t *testing.T) {
	t.Parallel()
	base, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	srv := newPriceListServer(t, loadPriceListDocs(t))
	_, rep, err := Update(context.Background(), srv.client(), "us-east-1", base, testNow)
	if err != nil {
		t.Fatal(err)
	}
	linux := findDoc(t, srv.docs, "us-east-1", "BoxUsage:t3.micro")
	if ev := updateOf(t, rep, "ec2.t3.micro").Evidence; ev == nil || ev.SKU != linux["product"].(map[string]any)["sku"] || ev.Products != 1 || ev.Unit != "Hrs" {
		t.Errorf("ec2.t3.micro evidence %+v, want the one Linux product", ev)
	}
	sns := updateOf(t, rep, "sns.million_publishes").Evidence
	if sns == nil || !sns.PricePerUnit.Equal(plDecimal(t, "0.0000005")) || sns.Scale != 1_000_000 || !strings.Contains(sns.Tier, "free tier") {
		t.Errorf("sns evidence %+v: want the tier after the free first 1M", sns)
	}
	lambda := updateOf(t, rep, "lambda.gb_second").Evidence
	if lambda == nil || !strings.Contains(lambda.Tier, "first of 3 tiers") {
		t.Errorf("lambda evidence %+v: want the first of three tiers", lambda)
	}
	if ev := updateOf(t, rep, "ipv4.hour").Evidence; ev == nil || ev.UsageType != "USE1-PublicIPv4:InUseAddress" {
		t.Errorf("ipv4 evidence %+v", ev)
	}
	if ev := updateOf(t, rep, "alb.hour").Evidence; ev == nil || ev.ServiceCode != "AWSELB" {
		t.Errorf("alb evidence %+v", ev)
	}
	if u := updateOf(t, rep, "ec2.t3.micro"); u.Old.String() != "0.0104" {
		t.Errorf("old price %s", u.Old)
	}
}

// TestUpdateRefusals: each way an answer cannot be trusted keeps the
// embedded price and says why; a real change is taken.
func TestUpdateRefusals(t *testing.T) {
	t.Parallel()
	base, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	const region = "us-east-1"
	tests := []struct {
		name   string
		docs   func(t *testing.T, docs []map[string]any) []map[string]any
		dim    string
		status UpdateStatus
		reason KeptReason
		detail string
		price  string
	}{
		{
			name: "price change", dim: "ec2.t3.micro", status: StatusUpdated, price: "0.0112",
			docs: func(t *testing.T, d []map[string]any) []map[string]any {
				return withPrice(t, d, region, "BoxUsage:t3.micro", "0.0112000000")
			},
		},
		{
			name: "zero price for a priced dimension", dim: "nat.hour", status: StatusKept, reason: KeptZeroPrice, detail: "$0",
			docs: func(t *testing.T, d []map[string]any) []map[string]any {
				return withPrice(t, d, region, "NatGateway-Hours", "0.0000000000")
			},
		},
		{
			name: "implausible", dim: "ec2.t3.micro", status: StatusKept, reason: KeptImplausible, detail: "five times",
			docs: func(t *testing.T, d []map[string]any) []map[string]any {
				return withPrice(t, d, region, "BoxUsage:t3.micro", "0.1040000000")
			},
		},
		{
			name: "not a decimal", dim: "nat.gb", status: StatusKept, reason: KeptMalformed, detail: "not a decimal",
			docs: func(t *testing.T, d []map[string]any) []map[string]any {
				return withPrice(t, d, region, "NatGateway-Bytes", "0.045 USD")
			},
		},
		{
			name: "another unit", dim: "ipv4.hour", status: StatusKept, reason: KeptUnit, detail: `"GB-Mo"`,
			docs: func(t *testing.T, d []map[string]any) []map[string]any {
				out := cloneDocs(t, d)
				setDimField(findDoc(t, out, region, "USE1-PublicIPv4:InUseAddress"), "unit", "GB-Mo")
				return out
			},
		},
		{
			name: "two products, two prices", dim: "alb.hour", status: StatusKept, reason: KeptAmbiguous, detail: "different amounts",
			docs: func(t *testing.T, d []map[string]any) []map[string]any {
				out := cloneDocs(t, d)
				twin := cloneDocs(t, []map[string]any{findDoc(t, out, region, "LoadBalancerUsage")})[0]
				twin["product"].(map[string]any)["sku"] = "ZZZZTWINPRODUCT1"
				setDimField(twin, "pricePerUnit", map[string]any{"USD": "0.0250000000"})
				return append(out, twin)
			},
		},
		{
			name: "two products, one price", dim: "alb.hour", status: StatusUnchanged, price: "0.0225",
			docs: func(t *testing.T, d []map[string]any) []map[string]any {
				out := cloneDocs(t, d)
				twin := cloneDocs(t, []map[string]any{findDoc(t, out, region, "LoadBalancerUsage")})[0]
				twin["product"].(map[string]any)["sku"] = "ZZZZTWINPRODUCT1"
				return append(out, twin)
			},
		},
		{
			name: "tiers without a first", dim: "cw.alarm_month", status: StatusKept, reason: KeptAmbiguous, detail: "no tier beginning at 0",
			docs: func(t *testing.T, d []map[string]any) []map[string]any {
				out := cloneDocs(t, d)
				setDimField(findDoc(t, out, region, "CW:AlarmMonitorUsage"), "beginRange", "10")
				return out
			},
		},
		{
			name: "malformed entry", dim: "ipv4.hour", status: StatusKept, reason: KeptMalformed, detail: "parse price list entry",
			docs: func(t *testing.T, d []map[string]any) []map[string]any {
				out := cloneDocs(t, d)
				delete(findDoc(t, out, region, "USE1-PublicIPv4:InUseAddress")["product"].(map[string]any), "sku")
				return out
			},
		},
		{
			name: "no product", dim: "fargate.vcpu_hour", status: StatusKept, reason: KeptNoProduct, detail: "Fargate-vCPU-Hours:perCPU",
			docs: func(t *testing.T, d []map[string]any) []map[string]any {
				var out []map[string]any
				for _, doc := range cloneDocs(t, d) {
					if doc["serviceCode"] != "AmazonECS" {
						out = append(out, doc)
					}
				}
				return out
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newPriceListServer(t, tt.docs(t, loadPriceListDocs(t)))
			srv.pageSize = 100
			cat, rep, err := Update(context.Background(), srv.client(), region, base, testNow)
			if err != nil {
				t.Fatal(err)
			}
			u := updateOf(t, rep, tt.dim)
			if u.Status != tt.status || u.Reason != tt.reason || !strings.Contains(u.Detail, tt.detail) {
				t.Fatalf("%s: %s %s %q; want %s %s containing %q", tt.dim, u.Status, u.Reason, u.Detail, tt.status, tt.reason, tt.detail)
			}
			got := cat.Regions[region][tt.dim].Price
			want := base.Regions[region][tt.dim].Price
			if tt.price != "" {
				want = plDecimal(t, tt.price)
			}
			if !got.Equal(want) {
				t.Errorf("%s in the catalogue: %s, want %s", tt.dim, got, want)
			}
		})
	}
}

// setDimField sets a field of every price dimension of a document.
func setDimField(d map[string]any, field string, v any) {
	for _, term := range d["terms"].(map[string]any)["OnDemand"].(map[string]any) {
		for _, pd := range term.(map[string]any)["priceDimensions"].(map[string]any) {
			pd.(map[string]any)[field] = v
		}
	}
}

// TestUpdateELBFallback: a service code the API does not know is a
// rejected query, and the ELB prices are then looked for under AmazonEC2.
func TestUpdateELBFallback(t *testing.T) {
	t.Parallel()
	base, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	docs := loadPriceListDocs(t)
	for _, d := range docs {
		if d["serviceCode"] == "AWSELB" {
			d["serviceCode"] = "AmazonEC2"
			d["product"].(map[string]any)["attributes"].(map[string]any)["servicecode"] = "AmazonEC2"
		}
	}
	srv := newPriceListServer(t, docs)
	srv.missing = []string{"AWSELB"}
	_, rep, err := Update(context.Background(), srv.client(), "ap-northeast-2", base, testNow)
	if err != nil {
		t.Fatal(err)
	}
	u := updateOf(t, rep, "alb.lcu_hour")
	if u.Status != StatusUnchanged || u.Evidence == nil || u.Evidence.ServiceCode != "AmazonEC2" || u.Evidence.UsageType != "APN2-LCUUsage" {
		t.Errorf("alb.lcu_hour: %+v %+v", u, u.Evidence)
	}
	// The gateway load balancer is under neither: the last reason stands.
	if g := updateOf(t, rep, "gwlb.hour"); g.Status != StatusKept || g.Reason != KeptNoProduct || !strings.Contains(g.Detail, "AmazonEC2") {
		t.Errorf("gwlb.hour: %+v", g)
	}
}

// TestUpdateFailures: failures of the API stop the update with no
// catalogue, and the SDK's error stays reachable for the CLI to classify.
func TestUpdateFailures(t *testing.T) {
	t.Parallel()
	base, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		hook func(n int, req plRequest, w http.ResponseWriter, r *http.Request) bool
		code string
	}{
		{"expired token", func(_ int, _ plRequest, w http.ResponseWriter, _ *http.Request) bool {
			plError(w, http.StatusBadRequest, "ExpiredTokenException", "The security token included in the request is expired")
			return true
		}, "ExpiredTokenException"},
		{"access denied on a later query", func(n int, _ plRequest, w http.ResponseWriter, _ *http.Request) bool {
			if n < 5 {
				return false
			}
			plError(w, http.StatusBadRequest, "AccessDeniedException", "User is not authorized to perform: pricing:GetProducts")
			return true
		}, "AccessDeniedException"},
		{"throttled", func(_ int, _ plRequest, w http.ResponseWriter, _ *http.Request) bool {
			plError(w, http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
			return true
		}, "ThrottlingException"},
		{"dies mid-pagination", func(_ int, req plRequest, w http.ResponseWriter, _ *http.Request) bool {
			// The first request for a second page finds the server gone.
			if req.NextToken == "" {
				return false
			}
			hijackClose(t, w)
			return true
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newPriceListServer(t, loadPriceListDocs(t))
			srv.hook = tt.hook
			cat, rep, err := Update(context.Background(), srv.client(), "us-east-1", base, testNow)
			if err == nil || cat != nil || len(rep.Dimensions) != 0 {
				t.Fatalf("err %v, catalogue %v, %d dimensions: want an error and nothing else", err, cat, len(rep.Dimensions))
			}
			var ae smithy.APIError
			if tt.code != "" && (!errors.As(err, &ae) || ae.ErrorCode() != tt.code) {
				t.Errorf("err = %v, want the API error %s", err, tt.code)
			}
			if !strings.Contains(err.Error(), "update us-east-1 prices") {
				t.Errorf("err = %v: want the operation named", err)
			}
		})
	}
}

// hijackClose drops the connection without an answer, as a server that
// dies does.
func hijackClose(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("cannot hijack the connection")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	_ = conn.Close()
}

func TestUpdateCancelled(t *testing.T) {
	t.Parallel()
	base, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := newPriceListServer(t, loadPriceListDocs(t))
	srv.hook = func(n int, _ plRequest, _ http.ResponseWriter, r *http.Request) bool {
		if n == 3 {
			cancel()
			// Answer only once the client has hung up (or, should it not,
			// after a while, which the test then reports).
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
			return true
		}
		return false
	}
	cat, _, err := Update(ctx, srv.client(), "us-east-1", base, testNow)
	if !errors.Is(err, context.Canceled) || cat != nil {
		t.Fatalf("err %v, catalogue %v: want context.Canceled", err, cat)
	}
	// Cancelled before it starts: no request at all.
	srv2 := newPriceListServer(t, loadPriceListDocs(t))
	if _, _, err := Update(ctx, srv2.client(), "us-east-1", base, testNow); !errors.Is(err, context.Canceled) || len(srv2.requests) != 0 {
		t.Errorf("err %v after %d requests", err, len(srv2.requests))
	}
}

func TestUpdateArguments(t *testing.T) {
	t.Parallel()
	base, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	srv := newPriceListServer(t, nil)
	if _, _, err := Update(context.Background(), srv.client(), "eu-west-1", base, testNow); err == nil || !strings.Contains(err.Error(), "no prices for region eu-west-1") {
		t.Errorf("unknown region: %v", err)
	}
	if _, _, err := Update(context.Background(), nil, "us-east-1", base, testNow); err == nil {
		t.Error("nil client: no error")
	}
}

// TestPriceQueriesCoverCatalogue: every embedded dimension either has a
// query or a stated reason not to, and the course's key prices have
// queries.
func TestPriceQueriesCoverCatalogue(t *testing.T) {
	t.Parallel()
	base, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for name := range base.Regions["us-east-1"] {
		q, why := priceQueries(name)
		if len(q) == 0 && why == "" {
			t.Errorf("%s: no query and no reason", name)
		}
		for _, pq := range q {
			if pq.service == "" || pq.usageType == "" || len(pq.units) == 0 || pq.scale <= 0 {
				t.Errorf("%s: incomplete query %+v", name, pq)
			}
		}
	}
	for _, name := range []string{"fargate.vcpu_hour", "fargate_arm.gb_hour", "ec2.t3.micro", "ec2.t4g.small", "alb.hour", "alb.lcu_hour", "nat.hour", "ipv4.hour"} {
		if q, _ := priceQueries(name); len(q) == 0 {
			t.Errorf("%s has no Price List query", name)
		}
	}
	for name := range staticQueries {
		if _, ok := base.Regions["us-east-1"][name]; !ok {
			t.Errorf("the query table maps %s, which the catalogue does not have", name)
		}
	}
}

// TestUpdateTooManyPages: a query that never ends keeps its dimensions
// instead of failing the whole refresh.
func TestUpdateTooManyPages(t *testing.T) {
	t.Parallel()
	base, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	docs := loadPriceListDocs(t)
	ipv4 := findDoc(t, docs, "us-east-1", "USE1-PublicIPv4:InUseAddress")
	for i := range priceListMaxPages + 5 {
		twin := cloneDocs(t, []map[string]any{ipv4})[0]
		twin["product"].(map[string]any)["sku"] = fmt.Sprintf("ZZTWIN%010d", i)
		docs = append(docs, twin)
	}
	srv := newPriceListServer(t, docs)
	srv.pageSize = 1
	_, rep, err := Update(context.Background(), srv.client(), "us-east-1", base, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if u := updateOf(t, rep, "ipv4.hour"); u.Status != StatusKept || u.Reason != KeptRejected || !strings.Contains(u.Detail, "more than 50 pages") {
		t.Errorf("ipv4.hour: %+v", u)
	}
	if n := srv.requestsFor("AmazonVPC"); n != priceListMaxPages {
		t.Errorf("%d AmazonVPC requests, want %d", n, priceListMaxPages)
	}
	if u := updateOf(t, rep, "nat.hour"); u.Status != StatusUnchanged {
		t.Errorf("nat.hour: %+v", u)
	}
}
