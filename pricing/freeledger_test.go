package pricing

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"awstutor/resource"
)

func micro(created time.Time) resource.Resource {
	return resource.Resource{Type: "aws_instance", Region: "us-east-1", CreatedAt: created,
		Attrs: map[string]any{"instance_type": "t3.micro"}}
}

func freeMeter(t *testing.T, now time.Time, rs ...resource.Resource) Reading {
	t.Helper()
	m, err := NewMeter(rs, MeterOptions{Clock: clockAt(now), Location: time.UTC, FreeTier: true})
	if err != nil {
		t.Fatal(err)
	}
	return m.Tick()
}

// The t3.micro's compute line, at its us-east-1 list price.
var microHourly = decimal.RequireFromString("0.0104")

// TestFreeLedgerOneInstanceLastsTheMonth: one t3.micro all November uses
// 720 of its 750 free hours, so it costs nothing, and the reading says how
// much of the allowance is gone.
func TestFreeLedgerOneInstanceLastsTheMonth(t *testing.T) {
	t.Parallel()
	rd := freeMeter(t, time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), micro(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)))
	if got := rd.Lines[0].Cost.Components[0].Hourly; !got.Equal(microHourly) {
		t.Fatalf("list price = %s, want %s", got, microHourly)
	}
	// The 8 GB root volume is inside the 30 GB EBS allowance too.
	requireDecimal(t, "hourly", rd.Hourly, "0")
	requireDecimal(t, "accrued", rd.Accrued, "0")
	p := poolIn(t, rd, "ec2.micro")
	requireDecimal(t, "used", p.Used, "708")
	requireDecimal(t, "allowance", p.Allowance, "750")
	if p.Unit != "instance-hour" {
		t.Errorf("unit = %q", p.Unit)
	}
	if !p.RunsOutAt.IsZero() {
		t.Errorf("runs out at %s, want never this month", p.RunsOutAt)
	}
}

// TestFreeLedgerTwoInstancesRunOut: two t3.micro from 1 November use 750
// hours by 16 November 15:00 (375 hours each); every hour after is billed,
// and December starts a new allowance.
func TestFreeLedgerTwoInstancesRunOut(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rd := freeMeter(t, time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), micro(created), micro(created))
	if want := time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC); !poolIn(t, rd, "ec2.micro").RunsOutAt.Equal(want) {
		t.Errorf("runs out at %s, want %s", poolIn(t, rd, "ec2.micro").RunsOutAt, want)
	}
	// 333 billed hours each, from 16 Nov 15:00 to 30 Nov 12:00; the two
	// 8 GB root volumes stay inside the 30 GB EBS allowance.
	requireDecimal(t, "accrued", rd.Accrued, "6.9264")
	requireDecimal(t, "hourly", rd.Hourly, "0.0208")
	// Until 09:00 tomorrow: 12 billed hours in November, then December's
	// allowance covers the first 9 hours.
	requireDecimal(t, "until morning", rd.UntilMorning, "0.2496")
	requireDecimal(t, "until month end", rd.UntilMonthEnd, "0.2496")
	// It is 12:00: the next end of class is tomorrow 12:00, the same 12
	// billed hours.
	requireDecimal(t, "until class end", rd.UntilClassEnd, "0.2496")
}

// TestFreeLedgerStaggered: an instance alone for ten days, then a second
// one: the allowance runs out at 30 Nov 15:00, and each is billed after.
func TestFreeLedgerStaggered(t *testing.T) {
	t.Parallel()
	a := micro(time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC))
	b := micro(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
	rd := freeMeter(t, time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC), a, b)
	p := poolIn(t, rd, "ec2.micro")
	if want := time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC); !p.RunsOutAt.Equal(want) {
		t.Errorf("runs out at %s, want %s", p.RunsOutAt, want)
	}
	requireDecimal(t, "used", p.Used, "750")
	requireDecimal(t, "accrued", rd.Accrued, "0.0624") // 2 × 3 h
}

// TestFreeLedgerOff: without the free tier every hour is billed.
func TestFreeLedgerOff(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	m, err := NewMeter([]resource.Resource{micro(created)}, MeterOptions{Clock: clockAt(created.Add(10 * time.Hour)), Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	rd := m.Tick()
	// The compute line and the root volume, both at list price.
	requireDecimal(t, "accrued", rd.Accrued, rd.Lines[0].Cost.Hourly.Mul(decimal.NewFromInt(10)).String())
	if !rd.Lines[0].Cost.Hourly.GreaterThan(microHourly) {
		t.Errorf("hourly %s leaves out the root volume", rd.Lines[0].Cost.Hourly)
	}
	if len(rd.FreeTier) != 0 {
		t.Errorf("free tier = %+v with the free tier off", rd.FreeTier)
	}
}

// TestFreeLedgerAlarmsMonthly: ten alarms are free all month; twelve use
// the ten-alarm allowance (10 × 744 alarm-hours in December) by 26
// December 20:00, after which all twelve are billed.
func TestFreeLedgerAlarmsMonthly(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var rs []resource.Resource
	for range 12 {
		rs = append(rs, resource.Resource{Type: "aws_cloudwatch_metric_alarm", Region: "us-east-1", CreatedAt: created, Attrs: map[string]any{"period": float64(60)}})
	}
	rd := freeMeter(t, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), rs...)
	if p := poolIn(t, rd, "cw.alarm"); !p.RunsOutAt.Equal(time.Date(2026, 12, 26, 20, 0, 0, 0, time.UTC)) {
		t.Errorf("runs out at %s, want 26 Dec 20:00", p.RunsOutAt)
	}
	perAlarm := rd.Lines[0].Cost.Hourly
	want := perAlarm.Mul(decimal.NewFromInt(100 * 12))
	requireDecimal(t, "accrued", rd.Accrued, want.String())

	ten := freeMeter(t, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), rs[:10]...)
	requireDecimal(t, "ten alarms accrued", ten.Accrued, "0")
	requireDecimal(t, "ten alarms until month end", ten.UntilMonthEnd, "0")
}

func poolIn(t *testing.T, rd Reading, name string) FreePool {
	t.Helper()
	for _, p := range rd.FreeTier {
		if p.Pool == name {
			return p
		}
	}
	t.Fatalf("no free-tier pool %s in %+v", name, rd.FreeTier)
	return FreePool{}
}
