package pricing

import (
	"strings"
	"testing"
)

// TestEmbeddedCatalog: a price date and source, and the same dimensions in
// every region, so no region silently lacks a price the other has.
func TestEmbeddedCatalog(t *testing.T) {
	t.Parallel()
	c, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if c.PriceDate == "" || c.Source == "" {
		t.Fatalf("price date %q, source %q", c.PriceDate, c.Source)
	}
	if got := strings.Join(c.RegionNames(), ","); got != "ap-northeast-2,us-east-1" {
		t.Fatalf("regions = %s", got)
	}
	seoul, virginia := c.Regions["ap-northeast-2"], c.Regions["us-east-1"]
	for name := range seoul {
		if _, ok := virginia[name]; !ok {
			t.Errorf("%s is priced in ap-northeast-2 but not us-east-1", name)
		}
	}
	for name := range virginia {
		if _, ok := seoul[name]; !ok {
			t.Errorf("%s is priced in us-east-1 but not ap-northeast-2", name)
		}
	}
	d, err := c.Dimension("ap-northeast-2", "ipv4.hour")
	if err != nil || d.Name != "ipv4.hour" || d.Price.String() != "0.005" {
		t.Errorf("ipv4.hour = %+v, %v", d, err)
	}
}

func TestParseCatalogRejects(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, raw, want string }{
		{"unknown field", `{"price_date": "x", "source": "y", "currency": "USD", "regions": {}, "extra": 1}`, "unknown field"},
		{"missing date", `{"source": "y", "currency": "USD", "regions": {"r": {}}}`, "price_date is missing"},
		{"bad billing", `{"price_date": "x", "source": "y", "currency": "USD", "regions": {"r": {"d": {"price": "1", "unit": "u", "billing": "day"}}}}`, `billing "day"`},
		{"negative price", `{"price_date": "x", "source": "y", "currency": "USD", "regions": {"r": {"d": {"price": "-1", "unit": "u", "billing": "hour"}}}}`, "negative"},
		{"free tier without pool", `{"price_date": "x", "source": "y", "currency": "USD", "regions": {"r": {"d": {"price": "1", "unit": "u", "billing": "usage", "free": {"quantity": "1"}}}}}`, "free tier needs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseCatalog([]byte(tt.raw))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
