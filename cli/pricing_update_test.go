package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"awstutor/i18n"
	"awstutor/pricing"
)

// These tests run `awstutor pricing update` in process with the real SDK
// client pointed (AWSTUTOR_PRICING_ENDPOINT) at puServer, a stand-in for
// the Price List Query API on 127.0.0.1 that speaks its awsJson1_1
// protocol and serves the documents of pricing/testdata/pricelist.

// puNow is the clock of the update tests: after the embedded prices' date.
var puNow = time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)

type puServer struct {
	*httptest.Server
	docs []map[string]any
	// hook sees request n (from 1), with the page token it asks for, first
	// and may answer it itself.
	hook func(n int, token string, w http.ResponseWriter, r *http.Request) bool

	mu sync.Mutex
	n  int
}

func newPUServer(t *testing.T, docs []map[string]any) *puServer {
	t.Helper()
	s := &puServer{docs: docs}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *puServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.Header.Get("X-Amz-Target") != "AWSPriceListService.GetProducts" ||
		!strings.Contains(r.Header.Get("Authorization"), "/us-east-1/pricing/aws4_request") {
		puError(w, http.StatusBadRequest, "UnknownOperationException", "not a signed GetProducts call")
		return
	}
	s.mu.Lock()
	s.n++
	n := s.n
	s.mu.Unlock()
	// The body is read before the hook: only then does the server notice
	// a client that hangs up, which the cancellation test waits for.
	var req struct {
		ServiceCode string
		Filters     []struct{ Type, Field, Value string }
		NextToken   string
		MaxResults  int
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		puError(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	if s.hook != nil && s.hook(n, req.NextToken, w, r) {
		return
	}
	var match []map[string]any
	for _, d := range s.docs {
		product := d["product"].(map[string]any)
		attrs := product["attributes"].(map[string]any)
		ok := d["serviceCode"] == req.ServiceCode
		for _, f := range req.Filters {
			got := attrs[f.Field]
			if f.Field == "productFamily" {
				got = product["productFamily"]
			}
			ok = ok && f.Type == "TERM_MATCH" && got == f.Value
		}
		if ok {
			match = append(match, d)
		}
	}
	// Pages of three, to exercise pagination.
	start := 0
	if req.NextToken != "" {
		raw, _ := base64.StdEncoding.DecodeString(req.NextToken)
		start, _ = strconv.Atoi(string(raw))
	}
	end := min(start+3, len(match))
	list := []string{}
	for _, d := range match[start:end] {
		raw, _ := json.Marshal(d)
		list = append(list, string(raw))
	}
	out := map[string]any{"FormatVersion": "aws_v1", "PriceList": list}
	if end < len(match) {
		out["NextToken"] = base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(out)
}

func puError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": msg})
}

// puDocs reads the fixture and sets the price of the documents of region
// with each given usage type.
func puDocs(t *testing.T, region string, prices map[string]string) []map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "pricing", "testdata", "pricelist", "products.json"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		attrs := d["product"].(map[string]any)["attributes"].(map[string]any)
		usd, ok := prices[attrs["usagetype"].(string)]
		if !ok || attrs["regionCode"] != region {
			continue
		}
		for _, term := range d["terms"].(map[string]any)["OnDemand"].(map[string]any) {
			for _, pd := range term.(map[string]any)["priceDimensions"].(map[string]any) {
				pd.(map[string]any)["pricePerUnit"] = map[string]any{"USD": usd}
			}
		}
	}
	return docs
}

// puIsolate is isolate plus an AWS environment that can reach nothing but
// the stand-in: no credentials or profiles of the machine, no instance
// metadata, one attempt per call. It returns the state dir.
func puIsolate(t *testing.T, endpoint string) string {
	t.Helper()
	dir := isolate(t)
	t.Setenv(pricingEndpointEnv, endpoint)
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "no-aws-config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "no-aws-credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	return filepath.Join(dir, "state")
}

// puRun runs awstutor with the update tests' clock and a context.
func puRun(ctx context.Context, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Execute(WithClock(ctx, func() time.Time { return puNow }), args, &out, &errb)
	return code, out.String(), errb.String()
}

// quietProgress keeps progress lines out of stderr for a test that checks
// stderr is one sentence, however slow the machine.
func quietProgress(t *testing.T) {
	old := pricingProgressAfter
	pricingProgressAfter = time.Hour
	t.Cleanup(func() { pricingProgressAfter = old })
}

func TestPricingUpdateCacheAndShow(t *testing.T) {
	srv := newPUServer(t, puDocs(t, "us-east-1", map[string]string{"USE1-Fargate-vCPU-Hours:perCPU": "0.0390000000"}))
	state := puIsolate(t, srv.URL)
	old := pricingProgressAfter
	pricingProgressAfter = 0
	t.Cleanup(func() { pricingProgressAfter = old })

	code, out, errs := puRun(context.Background(), "--lang", "en", "pricing", "update", "--region", "us-east-1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	path := filepath.Join(state, "pricing", "us-east-1.json")
	for _, want := range []string{
		"Refreshed us-east-1 prices from the AWS Price List Query API (2026-12-03): 1 changed,",
		"compared with the built-in prices of 2026-11-01",
		"fargate.vcpu_hour", "$0.04048", "$0.039", "-3.7%",
		"Kept (the built-in price stays):", "cloudfront.gb", "not mapped: CloudFront is priced per edge-location group",
		"s3.put_1k", "no product: no AmazonS3 product with usage type Requests-Tier1",
		"Saved to " + path, "delete that file",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the update's output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "0.0390000000") {
		t.Errorf("the new price is written with the Price List's ten places:\n%s", out)
	}
	if !strings.Contains(errs, "fetching prices 1 of ") {
		t.Errorf("no progress on stderr: %q", errs)
	}
	for p, mode := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != mode {
			t.Errorf("%s has mode %o, want %o", p, fi.Mode().Perm(), mode)
		}
	}

	// o.catalog() lays the cache over the embedded prices.
	p, _ := i18n.New("en")
	var notes bytes.Buffer
	o := &Options{StateDir: state, printer: p, stderr: &notes}
	cat, err := o.catalog()
	if err != nil || notes.Len() != 0 {
		t.Fatalf("catalog: %v, notes %q", err, notes.String())
	}
	if d := cat.Regions["us-east-1"]["fargate.vcpu_hour"]; d.Price.String() != "0.039" || d.Approximate {
		t.Errorf("fargate.vcpu_hour = %+v, want the cached 0.039", d)
	}
	if cat.PriceDateFor("us-east-1") != "2026-12-03" || cat.PriceDateFor("ap-northeast-2") != "2026-11-01" {
		t.Errorf("price dates %s / %s", cat.PriceDateFor("us-east-1"), cat.PriceDateFor("ap-northeast-2"))
	}

	// pricing show says where each region's prices come from.
	code, out, errs = puRun(context.Background(), "--lang", "en", "pricing", "show")
	if code != 0 {
		t.Fatalf("show: exit %d: %s", code, errs)
	}
	base, _ := pricing.DefaultCatalog()
	n := len(base.Regions["us-east-1"])
	for _, want := range []string{
		fmt.Sprintf("us-east-1 (%d prices, 2026-12-03)", n), "from the cache " + path + " (AWS Price List Query API, 2026-12-03, marked *)",
		"*$0.039", fmt.Sprintf("ap-northeast-2 (%d prices, 2026-11-01)", n), "Built-in prices of 2026-11-01. To fetch current prices from AWS: awstutor pricing update --region ap-northeast-2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("pricing show lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = puRun(context.Background(), "pricing", "show", "--region", "us-east-1")
	if code != 0 || !strings.Contains(out, "캐시 "+path) || !strings.Contains(out, "*$0.039") {
		t.Errorf("Korean pricing show: exit %d\n%s", code, out)
	}
	code, out, _ = puRun(context.Background(), "pricing", "show", "--json")
	var c catalogJSON
	if err := json.Unmarshal([]byte(out), &c); code != 0 || err != nil {
		t.Fatalf("show --json: exit %d, %v", code, err)
	}
	if o := c.Origins["us-east-1"]; o.File != path || o.PriceDate != "2026-12-03" || !o.IsRefreshed("fargate.vcpu_hour") {
		t.Errorf("origins %+v", c.Origins)
	}
	for _, d := range c.Regions["us-east-1"] {
		if d.Name == "fargate.vcpu_hour" && (!d.Refreshed || d.Price.String() != "0.039") {
			t.Errorf("show --json: %+v", d)
		}
		if d.Name == "cloudfront.gb" && d.Refreshed {
			t.Errorf("show --json: %+v marked refreshed", d)
		}
	}
	if c.Origins["ap-northeast-2"].Cached() {
		t.Errorf("ap-northeast-2 shown as cached: %+v", c.Origins["ap-northeast-2"])
	}
}

// TestPricingUpdatePrices: the exact prices of the course's regions, read
// from the real response shape, in the --json report.
func TestPricingUpdatePrices(t *testing.T) {
	srv := newPUServer(t, puDocs(t, "", nil))
	state := puIsolate(t, srv.URL)
	want := map[string]map[string]string{
		"us-east-1":      {"fargate.vcpu_hour": "0.04048", "fargate.gb_hour": "0.004445", "ec2.t3.micro": "0.0104", "alb.hour": "0.0225", "nat.hour": "0.045", "ipv4.hour": "0.005"},
		"ap-northeast-2": {"fargate.vcpu_hour": "0.04656", "fargate.gb_hour": "0.00511", "ec2.t3.micro": "0.013", "alb.hour": "0.0225", "nat.hour": "0.059", "ipv4.hour": "0.005"},
	}
	for region, prices := range want {
		code, out, errs := puRun(context.Background(), "pricing", "update", "--region", region, "--json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", region, code, errs)
		}
		var rep updateJSON
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%s: not JSON: %v\n%s", region, err, out)
		}
		if rep.Region != region || rep.PriceDate != "2026-12-03" || rep.File != filepath.Join(state, "pricing", region+".json") || rep.Updated != 0 {
			t.Errorf("%s: report %s %s %s, %d updated", region, rep.Region, rep.PriceDate, rep.File, rep.Updated)
		}
		for _, u := range rep.Dimensions {
			p, ok := prices[u.Name]
			if !ok {
				continue
			}
			if u.Status != pricing.StatusUnchanged || u.New == nil || u.New.String() != p || u.Evidence == nil || u.Evidence.SKU == "" {
				t.Errorf("%s %s: %+v, want unchanged at %s", region, u.Name, u, p)
			}
		}
	}
}

// TestPricingUpdateFailures: every failure is one sentence and exit 1 (2
// for a region without prices), and the cache already there is untouched.
func TestPricingUpdateFailures(t *testing.T) {
	quietProgress(t)
	closed := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr
	}()
	tests := []struct {
		name string
		hook func(n int, token string, w http.ResponseWriter, r *http.Request) bool
		url  string
		args []string
		code int
		want string
	}{
		{name: "expired token", code: 1, want: "(ExpiredTokenException): run aws sso login or set AWS credentials",
			hook: func(_ int, _ string, w http.ResponseWriter, _ *http.Request) bool {
				puError(w, http.StatusBadRequest, "ExpiredTokenException", "The security token included in the request is expired")
				return true
			}},
		{name: "access denied", code: 1, want: "not allowed pricing:GetProducts (AccessDeniedException): run aws sso login or set AWS credentials",
			hook: func(n int, _ string, w http.ResponseWriter, _ *http.Request) bool {
				if n < 4 {
					return false
				}
				puError(w, http.StatusBadRequest, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/learner is not authorized to perform: pricing:GetProducts")
				return true
			}},
		{name: "server dies mid-pagination", code: 1, want: "could not reach the AWS Price List Query API at ",
			hook: func(_ int, token string, w http.ResponseWriter, _ *http.Request) bool {
				// The first request for a second page finds the server gone.
				if token == "" {
					return false
				}
				if hj, ok := w.(http.Hijacker); ok {
					if conn, _, err := hj.Hijack(); err == nil {
						conn.Close()
					}
				}
				return true
			}},
		{name: "unreachable", code: 1, url: closed, want: "could not reach the AWS Price List Query API at " + closed},
		{name: "throttled", code: 1, want: "refused the request (ThrottlingException: Rate exceeded)",
			hook: func(_ int, _ string, w http.ResponseWriter, _ *http.Request) bool {
				puError(w, http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
				return true
			}},
		{name: "region without prices", code: 2, args: []string{"--region", "eu-west-1"}, want: "eu-west-1"},
		{name: "bad endpoint", code: 1, url: "127.0.0.1:9", want: "AWSTUTOR_PRICING_ENDPOINT \"127.0.0.1:9\" is not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newPUServer(t, puDocs(t, "", nil))
			srv.hook = tt.hook
			url := srv.URL
			if tt.url != "" {
				url = tt.url
			}
			state := puIsolate(t, url)
			cache := filepath.Join(state, "pricing", "us-east-1.json")
			if err := os.MkdirAll(filepath.Dir(cache), 0o700); err != nil {
				t.Fatal(err)
			}
			const previous = `{"schema": 1, "region": "us-east-1", "price_date": "2026-11-20", "currency": "USD", "source": "AWS Price List Query API, 2026-11-20", "dimensions": {"nat.hour": {"price": "0.046", "unit": "gateway-hour", "billing": "hour"}}}`
			if err := os.WriteFile(cache, []byte(previous), 0o600); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"--lang", "en", "pricing", "update", "--region", "us-east-1"}, tt.args...)
			code, _, errs := puRun(context.Background(), args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d: %s", code, tt.code, errs)
			}
			oneSentence(t, errs)
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr %q lacks %q", errs, tt.want)
			}
			if tt.code == 1 && tt.name != "bad endpoint" && !strings.Contains(errs, "the price cache was not changed") {
				t.Errorf("stderr %q does not say the cache is unchanged", errs)
			}
			if b, _ := os.ReadFile(cache); string(b) != previous {
				t.Errorf("the previous cache changed:\n%s", b)
			}
			if m, _ := filepath.Glob(filepath.Join(state, "pricing", "*")); len(m) != 1 {
				t.Errorf("files in the cache dir: %v", m)
			}
		})
	}
}

// TestPricingUpdateKorean: the failure sentence in the default language.
func TestPricingUpdateKorean(t *testing.T) {
	quietProgress(t)
	srv := newPUServer(t, nil)
	srv.hook = func(_ int, _ string, w http.ResponseWriter, _ *http.Request) bool {
		puError(w, http.StatusBadRequest, "ExpiredTokenException", "The security token included in the request is expired")
		return true
	}
	puIsolate(t, srv.URL)
	code, _, errs := puRun(context.Background(), "pricing", "update")
	if code != 1 || !strings.Contains(errs, "aws sso login 을 실행하거나 AWS 자격 증명을 설정하세요") {
		t.Errorf("exit %d: %q", code, errs)
	}
	oneSentence(t, errs)
}

func TestPricingUpdateCancelled(t *testing.T) {
	quietProgress(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := newPUServer(t, puDocs(t, "", nil))
	srv.hook = func(n int, _ string, _ http.ResponseWriter, r *http.Request) bool {
		if n < 3 {
			return false
		}
		cancel()
		// Answer only once the client has hung up (or, should it not, after
		// a while, which the test then reports as not cancelled).
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		return true
	}
	state := puIsolate(t, srv.URL)
	code, _, errs := puRun(ctx, "pricing", "update", "--region", "us-east-1")
	if code != ExitCancelled {
		t.Errorf("exit %d, want %d: %s", code, ExitCancelled, errs)
	}
	if _, err := os.Stat(filepath.Join(state, "pricing")); !os.IsNotExist(err) {
		t.Errorf("a cancelled update left the cache dir: %v", err)
	}
}

// TestPricingUpdateNothingUsable: an API that knows no product of the
// region leaves nothing to cache, and says so.
func TestPricingUpdateNothingUsable(t *testing.T) {
	quietProgress(t)
	srv := newPUServer(t, nil)
	state := puIsolate(t, srv.URL)
	code, out, errs := puRun(context.Background(), "--lang", "en", "pricing", "update", "--region", "us-east-1")
	if code != 1 || !strings.Contains(errs, "gave no usable us-east-1 price, so nothing was saved") || !strings.Contains(out, "Kept") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(state, "pricing")); !os.IsNotExist(err) {
		t.Errorf("cache dir created: %v", err)
	}
}

// TestPricingCatalogDamagedCache: a damaged cache stops every command that
// prices (here pricing show) with one sentence naming the file and what to
// do, and stays where it is.
func TestPricingCatalogDamagedCache(t *testing.T) {
	dir := isolate(t)
	state := filepath.Join(dir, "state")
	cache := filepath.Join(state, "pricing", "us-east-1.json")
	if err := os.MkdirAll(filepath.Dir(cache), 0o700); err != nil {
		t.Fatal(err)
	}
	const damaged = `{"schema": 1, "region": "us-east-1", "dimensions": {"nat.ho`
	if err := os.WriteFile(cache, []byte(damaged), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "--lang", "en", "pricing", "show")
	if code != 1 || !strings.Contains(errs, "the price cache "+cache+" cannot be used") ||
		!strings.Contains(errs, "delete it or run awstutor pricing update --region us-east-1 again") {
		t.Errorf("exit %d: %q", code, errs)
	}
	oneSentence(t, errs)
	code, _, errs = runCLI(t, "pricing", "show")
	if code != 1 || !strings.Contains(errs, "가격 캐시 "+cache) {
		t.Errorf("Korean: exit %d: %q", code, errs)
	}
	if b, err := os.ReadFile(cache); err != nil || string(b) != damaged {
		t.Errorf("the damaged cache was changed or removed: %v", err)
	}
}

// TestPricingCatalogReadOnly: reading the catalogue without a state dir
// neither fails nor creates one, and a cache note goes to stderr.
func TestPricingCatalogReadOnly(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state")
	p, _ := i18n.New("en")
	var errb bytes.Buffer
	o := &Options{StateDir: state, printer: p, stderr: &errb}
	cat, err := o.catalog()
	if err != nil || cat.Origin("us-east-1").Cached() {
		t.Fatalf("catalog without a state dir: %v", err)
	}
	if _, err := os.Stat(state); !os.IsNotExist(err) {
		t.Errorf("reading the catalogue created the state dir: %v", err)
	}
	if err := os.MkdirAll(filepath.Join(state, "pricing"), 0o700); err != nil {
		t.Fatal(err)
	}
	stale := `{"schema": 1, "region": "us-east-1", "price_date": "2026-01-02", "currency": "USD", "source": "AWS Price List Query API, 2026-01-02", "dimensions": {"nat.hour": {"price": "0.046", "unit": "gateway-hour", "billing": "hour"}}}`
	if err := os.WriteFile(filepath.Join(state, "pricing", "us-east-1.json"), []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}
	cat, err = o.catalog()
	if err != nil || cat.Regions["us-east-1"]["nat.hour"].Price.String() != "0.045" {
		t.Fatalf("stale cache: %v", err)
	}
	if !strings.Contains(errb.String(), "note: the prices in ") || !strings.Contains(errb.String(), "are older than the built-in prices (2026-11-01)") {
		t.Errorf("no note on stderr: %q", errb.String())
	}
}

// TestPricingUpdateNoCredentials: without credentials the real client
// fails in the credential chain, before any request, with the credentials
// sentence. A proxy on a closed loopback port catches any request that
// would go out anyway, so the test never reaches AWS.
func TestPricingUpdateNoCredentials(t *testing.T) {
	quietProgress(t)
	puIsolate(t, "")
	for _, k := range []string{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "NO_PROXY", "no_proxy"} {
		t.Setenv(k, "")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	proxy := "http://" + l.Addr().String()
	l.Close()
	t.Setenv("HTTPS_PROXY", proxy)
	t.Setenv("HTTP_PROXY", proxy)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "(no credentials found): run aws sso login or set AWS credentials"},
		{[]string{"--profile", "nosuch"}, "(the profile is not in your AWS config): run aws sso login or set AWS credentials"},
	} {
		args := append([]string{"--lang", "en", "pricing", "update", "--region", "us-east-1"}, tt.args...)
		code, _, errs := puRun(context.Background(), args...)
		if code != 1 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, %q; want %q", tt.args, code, errs, tt.want)
		}
		oneSentence(t, errs)
	}
}

// TestCostUsesPriceCache: after `pricing update`, every cost figure uses
// the refreshed price: an estimate, and the live meter, name it.
func TestCostUsesPriceCache(t *testing.T) {
	quietProgress(t)
	srv := newPUServer(t, puDocs(t, "us-east-1", map[string]string{"USE1-Fargate-vCPU-Hours:perCPU": "0.0390000000"}))
	puIsolate(t, srv.URL)
	if code, _, errs := puRun(context.Background(), "pricing", "update", "--region", "us-east-1"); code != 0 {
		t.Fatalf("update: exit %d: %s", code, errs)
	}
	code, out, errs := puRun(context.Background(), "cost", "estimate", "--plan", planFixture(t, "day3-fargate"), "--region", "us-east-1", "--json")
	if code != 0 {
		t.Fatalf("estimate: exit %d: %s", code, errs)
	}
	var est pricing.Estimate
	if err := json.Unmarshal([]byte(out), &est); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range est.Resources {
		for _, c := range r.Components {
			if c.Name == "Fargate vCPU" {
				found = true
				if c.Price.String() != "0.039" {
					t.Errorf("Fargate vCPU priced at %s, want the cached 0.039", c.Price)
				}
			}
		}
	}
	if !found {
		t.Fatalf("no Fargate vCPU line in %s", out)
	}
	if est.PriceDate != "2026-12-03" || !strings.Contains(est.Source, "Price List") {
		t.Errorf("estimate names prices of %s from %q, want the refresh's date and source", est.PriceDate, est.Source)
	}
}
