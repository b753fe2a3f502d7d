package pricing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzEstimatePlan feeds arbitrary bytes to EstimatePlan, which reads the
// plan JSON of `awstutor cost estimate --plan FILE` (any file a learner
// names) as well as terraform's own. It must not panic; a refusal must
// name the plan; an accepted plan's totals must be the sums of its lines,
// never negative, and a resource that cannot be priced must say so rather
// than pass as free.
func FuzzEstimatePlan(f *testing.F) {
	plans, _ := filepath.Glob(filepath.Join("testdata", "plans", "*.json"))
	for _, p := range plans {
		raw, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add(bigPlan(10))
	for _, seed := range []string{
		`{"format_version": "1.2", "resource_changes": [` + change("aws_eip.a", "aws_eip", "create", `{"tags": {"k": "v\"}"}}`) + `]}`,
		`{"format_version": "1.2", "resource_changes": [{"address": "x", "mode": "managed", "type": "aws_lb", "change": {"actions": ["create"], "after": {"load_balancer_type": 7}}}]}`,
		`{"format_version": "1.2", "configuration": {"provider_config": {"aws": {"expressions": {"region": {"references": ["var.r"]}}}}}, "variables": {"r": {"value": "us-east-1"}}}`,
		`{"format_version": "1.2", "resource_changes": [`,
		`{"format_version": "2.0"}`,
		`{"version": 4, "resources": []}`,
		`[]`,
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		est, err := EstimatePlan(data, EstimateOptions{Name: "fuzz.json", FreeTier: len(data)%2 == 0})
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.json") {
				t.Fatalf("error does not name the plan: %v", err)
			}
			return
		}
		sum := est.HourlyTotal.Sub(est.HourlyTotal)
		for _, rc := range est.Resources {
			if rc.Hourly.IsNegative() || rc.Total.IsNegative() {
				t.Fatalf("%s costs less than nothing: %s", rc.Address, rc.Hourly)
			}
			if rc.Unpriced && rc.Reason == "" {
				t.Fatalf("%s is unpriced without a reason", rc.Address)
			}
			sum = sum.Add(rc.Hourly)
		}
		if !sum.Equal(est.HourlyTotal) {
			t.Fatalf("hourly total %s is not the sum of its lines %s", est.HourlyTotal, sum)
		}
	})
}
