package pricing

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzPriceListEntry: a Price List answer is outside input. Whatever an
// entry holds, reading it and choosing a price from it must not panic, a
// price chosen is never negative, and a refusal says why.
func FuzzPriceListEntry(f *testing.F) {
	raw, err := os.ReadFile(filepath.Join("testdata", "pricelist", "products.json"))
	if err != nil {
		f.Fatal(err)
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(raw, &docs); err != nil {
		f.Fatal(err)
	}
	for _, d := range docs {
		f.Add(string(d))
	}
	f.Add(`{"product":{"sku":"X","attributes":{"usagetype":"USE1-Fargate-vCPU-Hours:perCPU"}},"terms":{"OnDemand":{"X.Y":{"priceDimensions":{"X.Y.Z":{"unit":"hours","pricePerUnit":{"USD":"-1"},"beginRange":"0","endRange":"Inf"}}}}}}`)
	f.Add(`{"product":{"sku":"X"},"terms":{"OnDemand":{}}}`)
	f.Add(`{"product":{"sku":""}}`)
	f.Add(`not json`)

	cat, err := DefaultCatalog()
	if err != nil {
		f.Fatal(err)
	}
	old, err := cat.Dimension("us-east-1", "fargate.vcpu_hour")
	if err != nil {
		f.Fatal(err)
	}
	queries, _ := priceQueries("fargate.vcpu_hour")
	if len(queries) == 0 {
		f.Fatal("no query for fargate.vcpu_hour")
	}
	f.Fuzz(func(t *testing.T, entry string) {
		p, err := parseProduct(entry)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "parse price list entry") {
				t.Fatalf("error does not say what it read: %v", err)
			}
			return
		}
		for _, pq := range queries {
			matched := matchUsageType([]priceListProduct{p}, pq.usageType, "us-east-1")
			if len(matched) == 0 {
				continue
			}
			price, _, refused := choosePrice(matched, pq, old)
			if refused != nil {
				if refused.Error() == "" {
					t.Fatal("a refusal without a reason")
				}
				continue
			}
			if price.IsNegative() {
				t.Fatalf("chose a negative price %s from %q", price, entry)
			}
		}
	})
}

// FuzzLoadCache: a cache file is outside input too (a disk, an editor, a
// newer awstutor). Loading one must not panic; a file that cannot be used
// is a CacheError naming it, and a file that loads leaves no negative
// price in the catalogue.
func FuzzLoadCache(f *testing.F) {
	f.Add([]byte(`{"schema":1,"region":"us-east-1","price_date":"2026-12-03","fetched_at":"2026-12-03T09:30:00Z","currency":"USD","source":"AWS Price List Query API","dimensions":{"fargate.vcpu_hour":{"price":"0.039","unit":"vCPU-hour","billing":"hour"}}}`))
	f.Add([]byte(`{"schema":1,"region":"us-east-1","price_date":"2026-12-03","currency":"USD","source":"x","dimensions":{"nope":{"price":"1","unit":"u","billing":"hour"}}}`))
	f.Add([]byte(`{"schema":2}`))
	f.Add([]byte(`{`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		dir := t.TempDir()
		path := CachePath(dir, "us-east-1")
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		cat, _, err := LoadCatalog(dir)
		if err != nil {
			var ce *CacheError
			if !errors.As(err, &ce) || ce.File != path {
				t.Fatalf("error %v does not name the cache file", err)
			}
			return
		}
		for region, dims := range cat.Regions {
			for name, d := range dims {
				if d.Price.IsNegative() {
					t.Fatalf("%s %s loaded with a negative price %s", region, name, d.Price)
				}
			}
		}
	})
}
