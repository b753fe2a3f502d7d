package pricing

import (
	"fmt"
	"testing"
	"time"

	"awstutor/resource"
)

var kst = time.FixedZone("KST", 9*60*60)

func clockAt(t time.Time) func() time.Time { return func() time.Time { return t } }

// TestMeterProjections: a NAT gateway created at 10:00 KST, read at 11:30,
// has run 1.5 hours, and has 21.5 hours until 09:00 tomorrow.
func TestMeterProjections(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 30, 10, 0, 0, 0, kst)
	rs := []resource.Resource{
		{Type: "aws_nat_gateway", ID: "nat-1", Region: "ap-northeast-2", CreatedAt: created.UTC()},
		{Type: "aws_vpc", ID: "vpc-1", Region: "ap-northeast-2", CreatedAt: created.UTC()},
		{Type: "aws_dynamodb_table", ID: "orders", Region: "ap-northeast-2"},
		{Type: "aws_eip", ID: "eipalloc-1", Region: "us-east-1"}, // no creation time
	}
	m, err := NewMeter(rs, MeterOptions{Clock: clockAt(time.Date(2026, 11, 30, 11, 30, 0, 0, kst)), Location: kst})
	if err != nil {
		t.Fatal(err)
	}
	rd := m.Tick()
	requireDecimal(t, "hourly", rd.Hourly, "0.064") // 0.059 + 0.005
	requireDecimal(t, "nat accrued", rd.Lines[0].Accrued, "0.0885")
	requireDecimal(t, "accrued", rd.Accrued, "0.0885") // the EIP's start is unknown
	if want := time.Date(2026, 12, 1, 9, 0, 0, 0, kst); !rd.MorningAt.Equal(want) {
		t.Errorf("morning = %s, want %s", rd.MorningAt, want)
	}
	requireDecimal(t, "until morning", rd.UntilMorning, "1.376") // 21.5 h × 0.064
	if want := time.Date(2026, 11, 30, 12, 0, 0, 0, kst); !rd.ClassEndAt.Equal(want) {
		t.Errorf("class end = %s, want %s", rd.ClassEndAt, want)
	}
	requireDecimal(t, "until class end", rd.UntilClassEnd, "0.032") // 0.5 h
	// AWS bills calendar months in UTC: November ends at 09:00 in Seoul.
	if want := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC); !rd.MonthEndAt.Equal(want) {
		t.Errorf("month end = %s, want %s", rd.MonthEndAt, want)
	}
	requireDecimal(t, "until month end", rd.UntilMonthEnd, "1.376")
	requireDecimal(t, "month", rd.Month, "46.72") // 730 h
	if rd.Unpriced != 1 || !rd.Lines[2].Cost.Unpriced {
		t.Errorf("unpriced = %d, want the DynamoDB table", rd.Unpriced)
	}
	if !rd.Lines[1].Cost.Free || !rd.Lines[1].Accrued.IsZero() {
		t.Errorf("vpc line = %+v", rd.Lines[1])
	}
}

func TestNextAt(t *testing.T) {
	t.Parallel()
	tests := []struct{ now, want time.Time }{
		{time.Date(2026, 11, 30, 2, 0, 0, 0, kst), time.Date(2026, 11, 30, 9, 0, 0, 0, kst)},
		{time.Date(2026, 11, 30, 9, 0, 0, 0, kst), time.Date(2026, 12, 1, 9, 0, 0, 0, kst)},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, kst), time.Date(2027, 1, 1, 9, 0, 0, 0, kst)},
	}
	for _, tt := range tests {
		if got := nextAt(tt.now, 9*time.Hour); !got.Equal(tt.want) {
			t.Errorf("nextAt(%s) = %s, want %s", tt.now, got, tt.want)
		}
	}
}

func TestMeterClockBeforeCreation(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	m, err := NewMeter([]resource.Resource{{Type: "aws_eip", Region: "us-east-1", CreatedAt: created}},
		MeterOptions{Clock: clockAt(created.Add(-time.Minute)), Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if a := m.Tick().Accrued; !a.IsZero() {
		t.Errorf("accrued = %s before creation, want 0", a)
	}
}

func TestMeterUnknownRegionIsUnpriced(t *testing.T) {
	t.Parallel()
	m, err := NewMeter([]resource.Resource{{Type: "aws_eip", Region: "eu-west-3"}}, MeterOptions{Clock: clockAt(time.Now())})
	if err != nil {
		t.Fatal(err)
	}
	if rd := m.Tick(); rd.Unpriced != 1 || !rd.Hourly.IsZero() {
		t.Errorf("reading = %+v", rd)
	}
}

func TestMeterRejectsBadMorning(t *testing.T) {
	t.Parallel()
	if _, err := NewMeter(nil, MeterOptions{Morning: 25 * time.Hour}); err == nil {
		t.Fatal("want an error for a morning of 25h")
	}
	if _, err := NewMeter(nil, MeterOptions{ClassEnd: -time.Hour}); err == nil {
		t.Fatal("want an error for a class end of -1h")
	}
}

// BenchmarkMeterTick is one tick over 500 live resources, free tier on
// (its ledger is the costlier path); the budget is 1 ms.
func BenchmarkMeterTick(b *testing.B) {
	m, err := NewMeter(liveInventory(500), MeterOptions{Clock: clockAt(time.Date(2026, 11, 30, 11, 30, 0, 0, kst)), FreeTier: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m.Tick()
	}
}

func liveInventory(n int) []resource.Resource {
	types := []string{"aws_nat_gateway", "aws_eip", "aws_lb", "aws_cloudwatch_metric_alarm", "aws_sqs_queue", "aws_vpc", "aws_instance"}
	created := time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)
	rs := make([]resource.Resource, n)
	for i := range rs {
		typ := types[i%len(types)]
		rs[i] = resource.Resource{Type: typ, ID: fmt.Sprintf("%s-%d", typ, i), Region: "ap-northeast-2",
			CreatedAt: created.Add(time.Duration(i) * time.Minute),
			Attrs:     map[string]any{"instance_type": "t3.micro", "period": float64(60)}}
	}
	return rs
}
