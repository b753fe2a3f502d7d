package pricing

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// refreshed runs an update of region against the fixture server.
func refreshed(t *testing.T, region string) (*Catalog, UpdateReport) {
	t.Helper()
	base, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	srv := newPriceListServer(t, withPrice(t, loadPriceListDocs(t), region, "USE1-Fargate-vCPU-Hours:perCPU", "0.0390000000"))
	srv.pageSize = 100
	cat, rep, err := Update(context.Background(), srv.client(), region, base, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return cat, rep
}

func TestSaveAndMergeCache(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state")
	cat, rep := refreshed(t, "us-east-1")
	path, err := SaveCache(state, cat, rep, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(state, "pricing", "us-east-1.json") {
		t.Errorf("path %s", path)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700, state: 0o700} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s has mode %o, want %o", p, got, want)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(state, "pricing", ".*")); len(left) != 0 {
		t.Errorf("temp files left: %v", left)
	}

	base, _ := DefaultCatalog()
	merged, notes, err := MergeCache(base, state)
	if err != nil || len(notes) != 0 {
		t.Fatalf("merge: %v, notes %v", err, notes)
	}
	d := merged.Regions["us-east-1"]["fargate.vcpu_hour"]
	if !d.Price.Equal(plDecimal(t, "0.039")) || d.Approximate || d.Unit != "vCPU-hour" {
		t.Errorf("fargate.vcpu_hour merged as %+v", d)
	}
	o := merged.Origin("us-east-1")
	if !o.Cached() || o.File != path || o.PriceDate != "2026-12-03" || !strings.Contains(o.Source, "AWS Price List Query API") ||
		!o.IsRefreshed("fargate.vcpu_hour") || o.IsRefreshed("cloudfront.gb") || len(o.Refreshed) != rep.Updated+rep.Unchanged {
		t.Errorf("origin %+v", o)
	}
	if merged.PriceDateFor("us-east-1") != "2026-12-03" || merged.PriceDateFor("ap-northeast-2") != base.PriceDate {
		t.Errorf("price dates %s, %s", merged.PriceDateFor("us-east-1"), merged.PriceDateFor("ap-northeast-2"))
	}
	// Kept prices stay embedded, approximate or not; the other region is
	// untouched; the embedded catalogue itself is not modified.
	if merged.Regions["us-east-1"]["cloudfront.gb"] != base.Regions["us-east-1"]["cloudfront.gb"] {
		t.Error("a kept price changed")
	}
	if o := merged.Origin("ap-northeast-2"); o.Cached() || o.PriceDate != base.PriceDate {
		t.Errorf("ap-northeast-2 origin %+v", o)
	}
	if !base.Regions["us-east-1"]["fargate.vcpu_hour"].Price.Equal(plDecimal(t, "0.04048")) || len(base.Origins) != 0 {
		t.Error("the embedded catalogue was modified")
	}

	// A second save replaces the file whole.
	if _, err := SaveCache(state, cat, rep, testNow); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(state, "pricing", "*")); len(m) != 1 {
		t.Errorf("files after a second save: %v", m)
	}
}

func TestMergeCacheWithoutCache(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state")
	base, _ := DefaultCatalog()
	got, notes, err := MergeCache(base, state)
	if err != nil || got != base || notes != nil {
		t.Fatalf("no cache: %v %v %v", got == base, notes, err)
	}
	if _, err := os.Stat(state); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("reading created the state dir: %v", err)
	}
	// An empty cache dir, or one with only temp files, is no cache either.
	if err := os.MkdirAll(filepath.Join(state, "pricing"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(state, "pricing", ".us-east-1.json.tmp-123"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, _, err := MergeCache(base, state); err != nil || got != base {
		t.Errorf("temp file only: %v", err)
	}
}

func TestDamagedCache(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, content, want string }{
		{"truncated", `{"schema": 1, "region": "us-east-1", "dimen`, "not valid JSON"},
		{"not JSON", "price list\n", "not valid JSON"},
		{"newer format", `{"schema": 2, "region": "us-east-1"}`, "format version 2"},
		{"another region", `{"schema": 1, "region": "ap-northeast-2", "price_date": "2026-12-03", "currency": "USD", "source": "x", "dimensions": {}}`, `"ap-northeast-2"`},
		{"bad date", `{"schema": 1, "region": "us-east-1", "price_date": "yesterday", "currency": "USD", "source": "x", "dimensions": {}}`, "YYYY-MM-DD"},
		{"negative price", `{"schema": 1, "region": "us-east-1", "price_date": "2026-12-03", "currency": "USD", "source": "x", "dimensions": {"nat.hour": {"price": "-1", "unit": "gateway-hour", "billing": "hour"}}}`, "negative"},
		{"bad price", `{"schema": 1, "region": "us-east-1", "price_date": "2026-12-03", "currency": "USD", "source": "x", "dimensions": {"nat.hour": {"price": "cheap", "unit": "gateway-hour", "billing": "hour"}}}`, "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			state := t.TempDir()
			path := CachePath(state, "us-east-1")
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			base, _ := DefaultCatalog()
			cat, _, err := MergeCache(base, state)
			var ce *CacheError
			if cat != nil || !errors.As(err, &ce) || ce.File != path || ce.Region != "us-east-1" {
				t.Fatalf("catalogue %v, err %v: want a *CacheError for %s", cat != nil, err, path)
			}
			msg := err.Error()
			for _, want := range []string{path, tt.want, "delete it or run awstutor pricing update --region us-east-1 again"} {
				if !strings.Contains(msg, want) {
					t.Errorf("%q lacks %q", msg, want)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("not one line: %q", msg)
			}
			if b, _ := os.ReadFile(path); string(b) != tt.content {
				t.Error("the damaged cache was changed or deleted")
			}
		})
	}
}

func TestCacheNotes(t *testing.T) {
	t.Parallel()
	state := t.TempDir()
	dir := CacheDir(state)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		// One good price, one unknown name, one unit that changed meaning.
		"us-east-1.json": `{"schema": 1, "region": "us-east-1", "price_date": "2026-12-03", "currency": "USD", "source": "AWS Price List Query API, 2026-12-03",
			"dimensions": {
				"nat.hour": {"price": "0.046", "unit": "gateway-hour", "billing": "hour"},
				"nat.minute": {"price": "0.001", "unit": "gateway-minute", "billing": "hour"},
				"ipv4.hour": {"price": "3.6", "unit": "IPv4-month", "billing": "month"}}}`,
		// Older than the embedded prices.
		"ap-northeast-2.json": `{"schema": 1, "region": "ap-northeast-2", "price_date": "2026-01-15", "currency": "USD", "source": "AWS Price List Query API, 2026-01-15",
			"dimensions": {"nat.hour": {"price": "0.06", "unit": "gateway-hour", "billing": "hour"}}}`,
		"eu-west-1.json": `not even read`,
		"README.txt":     `not a cache`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	base, _ := DefaultCatalog()
	cat, notes, err := MergeCache(base, state)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[CacheNoteKind]CacheNote{}
	for _, n := range notes {
		kinds[n.Kind] = n
		if !strings.Contains(n.String(), n.File) {
			t.Errorf("note %q does not name its file", n.String())
		}
	}
	if len(notes) != 4 {
		t.Errorf("notes %v, want four", notes)
	}
	if n := kinds[NoteUnknownDimension]; n.Dimension != "nat.minute" {
		t.Errorf("unknown dimension note %+v", n)
	}
	if n := kinds[NoteUnitChanged]; n.Dimension != "ipv4.hour" || n.Have != "IPv4-month (month)" || n.Want != "IPv4-hour (hour)" {
		t.Errorf("unit note %+v", n)
	}
	if n := kinds[NoteStale]; n.Region != "ap-northeast-2" || n.Have != "2026-01-15" || n.Want != base.PriceDate || !strings.Contains(n.String(), "pricing update --region ap-northeast-2") {
		t.Errorf("stale note %+v", n)
	}
	if n := kinds[NoteUnknownRegion]; n.Region != "eu-west-1" {
		t.Errorf("region note %+v", n)
	}
	if got := cat.Regions["us-east-1"]["nat.hour"].Price; !got.Equal(plDecimal(t, "0.046")) {
		t.Errorf("nat.hour = %s, want the cached 0.046", got)
	}
	if got := cat.Regions["us-east-1"]["ipv4.hour"].Price; !got.Equal(plDecimal(t, "0.005")) {
		t.Errorf("ipv4.hour = %s, want the embedded 0.005", got)
	}
	if o := cat.Origin("us-east-1"); len(o.Refreshed) != 1 || o.Refreshed[0] != "nat.hour" {
		t.Errorf("us-east-1 origin %+v", o)
	}
	if o := cat.Origin("ap-northeast-2"); o.Cached() || !cat.Regions["ap-northeast-2"]["nat.hour"].Price.Equal(plDecimal(t, "0.059")) {
		t.Errorf("a stale cache was used: %+v", o)
	}
}

func TestSaveCacheNothingRefreshed(t *testing.T) {
	t.Parallel()
	state := t.TempDir()
	cat, rep := refreshed(t, "us-east-1")
	for i := range rep.Dimensions {
		rep.Dimensions[i].Status = StatusKept
	}
	if _, err := SaveCache(state, cat, rep, testNow); !errors.Is(err, ErrNothingRefreshed) {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(CacheDir(state)); !errors.Is(err, os.ErrNotExist) {
		t.Error("an empty update created the cache dir")
	}
}
