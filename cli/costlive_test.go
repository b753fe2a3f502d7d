package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"awstutor/progress"
)

// TestCostLive: bare `awstutor cost` prices what is deployed, from the
// workspaces' state files: $/h, so far, until 09:00 tomorrow and a month.
func TestCostLive(t *testing.T) {
	dir := isolate(t)
	applied := time.Date(2026, 11, 23, 11, 5, 0, 0, kst)
	writeDesk(t, filepath.Join(dir, "state"), progress.NewState(),
		deskLabFixture{target: "sandbox", lab: "day4-alb-autoscaling", state: fargateALBState, run: appliedRun(applied, fixtureLive)})
	hourly := fixtureHourly(t)

	code, out, errs := runAt(t, monday15, "cost", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got costLive
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("cost --json: %v\n%s", err, out)
	}
	if len(got.Labs) != 1 || !got.Hourly.Equal(hourly) || !got.Labs[0].Simulated {
		t.Fatalf("cost --json = %+v, want one simulated lab at %s/h", got, hourly)
	}
	if want := hourly.Mul(decimal.NewFromInt(18)); !got.UntilMorning.Round(6).Equal(want.Round(6)) {
		t.Errorf("until 09:00 tomorrow %s, want %s (18 hours)", got.UntilMorning, want)
	}
	if want := hourly.Mul(decimal.NewFromInt(730)); !got.Month.Equal(want) {
		t.Errorf("month %s, want %s", got.Month, want)
	}

	code, out, _ = runAt(t, monday15, "cost")
	if code != 0 || !strings.Contains(out, "day4-alb-autoscaling") || !strings.Contains(out, "$"+hourly.StringFixed(4)) {
		t.Errorf("cost table: exit %d\n%s", code, out)
	}
}

func TestCostLiveNothingRunning(t *testing.T) {
	isolate(t)
	code, out, _ := runAt(t, monday15, "cost")
	if code != 0 || !strings.Contains(out, "nothing awstutor deployed is running") {
		t.Errorf("exit %d, %q", code, out)
	}
}
