package pricing

import (
	"os"
	"testing"

	"github.com/shopspring/decimal"

	"awstutor/resource"
)

// priceAll prices resources as a live inventory in region, without a plan.
func priceAll(t *testing.T, region string, freeTier bool, rs ...resource.Resource) []ResourceCost {
	t.Helper()
	cat, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	set := newResourceSet(len(rs))
	for _, r := range rs {
		set.add(setEntry{res: r, decoded: true})
	}
	out := make([]ResourceCost, len(rs))
	for i := range rs {
		out[i] = priceOne(set, i, Context{Region: region, FreeTier: freeTier, catalog: cat})
	}
	if freeTier {
		applyFreeTier(out)
	}
	for i := range out {
		out[i].sum(decimal.NewFromInt(1))
	}
	return out
}

func dec(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func requireDecimal(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(dec(t, want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
