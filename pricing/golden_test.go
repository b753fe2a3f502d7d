package pricing

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
)

// labs are the course's labs, each with a plan fixture of its solution in
// testdata/plans and the length it runs in class.
var labs = []struct {
	id       string
	duration time.Duration
}{
	{"day1-messaging", time.Hour},
	{"day2-auth-api", time.Hour},
	{"day3-fargate", time.Hour},
	{"day4-alb-autoscaling", time.Hour},
	{"day5-config-events", time.Hour},
}

func readPlan(t testing.TB, id string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "plans", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestGoldenTables renders each lab solution's cost table, in the course's
// region and in us-east-1, with and without the free tier. Regenerate with
// `go test ./pricing -run TestGoldenTables -update`.
func TestGoldenTables(t *testing.T) {
	t.Parallel()
	for _, lab := range labs {
		for _, v := range []struct {
			name     string
			region   string
			freeTier bool
		}{
			{"seoul", "", false},
			{"virginia-free-tier", "us-east-1", true},
		} {
			t.Run(lab.id+"/"+v.name, func(t *testing.T) {
				t.Parallel()
				est, err := EstimatePlan(readPlan(t, lab.id), EstimateOptions{
					Name: lab.id, Region: v.region, Duration: lab.duration, FreeTier: v.freeTier,
				})
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := est.WriteTable(&b); err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, b.Bytes())
			})
		}
	}
}

// TestGoldenJSON keeps the --json shape of one estimate, which the CLI
// prints as it is.
func TestGoldenJSON(t *testing.T) {
	t.Parallel()
	est, err := EstimatePlan(readPlan(t, "day3-fargate"), EstimateOptions{Name: "day3-fargate"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(est, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, append(out, '\n'))
}
