package tui

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"awstutor/pricing"
	"awstutor/resource"
)

// TestMeterTicksWithoutReading: the status bar's meter moves on every clock
// tick by re-reading the meter, and the resources are asked for again only
// every RefreshEvery, not on every tick.
func TestMeterTicksWithoutReading(t *testing.T) {
	at := time.Date(2026, 11, 23, 11, 0, 0, 0, kst)
	var now atomic.Int64
	now.Store(at.UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).In(kst) }
	cfg := testConfig(t, "en", at)
	cfg.Now = clock
	// A NAT gateway created at 10:00: $0.059 an hour in ap-northeast-2.
	meter, err := pricing.NewMeter([]resource.Resource{{Type: "aws_nat_gateway", ID: "nat-1", Lab: "day4-alb-autoscaling",
		Region: "ap-northeast-2", CreatedAt: at.Add(-time.Hour).UTC()}}, pricing.MeterOptions{Clock: clock, Location: kst})
	if err != nil {
		t.Fatal(err)
	}
	var reads atomic.Int32
	cfg.Live = func(context.Context) (Live, error) {
		reads.Add(1)
		return Live{Accounts: []LiveAccount{{Target: "sandbox", Meter: meter}}, RefreshEvery: 10 * time.Second}.Reread(), nil
	}
	m := start(t, cfg)
	if !strings.Contains(m.meterText(), "so far $0.0590") || reads.Load() != 1 {
		t.Fatalf("at start: meter %q after %d reads", m.meterText(), reads.Load())
	}
	for i := 1; i <= 9; i++ {
		now.Store(at.Add(time.Duration(i) * time.Second).UnixNano())
		m = run(t, m, tickMsg(clock()))
	}
	if reads.Load() != 1 {
		t.Errorf("9 one-second ticks read the resources %d times, want once (at start)", reads.Load())
	}
	// 1 h 9 s at $0.059/h is $0.0591475.
	if !strings.Contains(m.meterText(), "so far $0.0591") {
		t.Errorf("after 9 s: meter %q", m.meterText())
	}
	if len(m.live.Labs) != 1 || m.live.Labs[0].Lab != "day4-alb-autoscaling" || m.live.Labs[0].Resources != 1 {
		t.Errorf("labs = %+v", m.live.Labs)
	}
	now.Store(at.Add(10 * time.Second).UnixNano())
	m = run(t, m, tickMsg(clock()))
	if reads.Load() != 2 {
		t.Errorf("after 10 s the resources were read %d times, want twice", reads.Load())
	}
	// An hour later: until the end of class at 12:00 is what is left of it.
	now.Store(at.Add(30 * time.Minute).UnixNano())
	m = run(t, m, tickMsg(clock()))
	if got := m.live.UntilClassEnd.StringFixed(4); got != "0.0295" {
		t.Errorf("until 12:00 at 11:30: $%s, want $0.0295", got)
	}
}
