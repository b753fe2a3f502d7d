package pricing

import (
	"testing"

	"awstutor/resource"
)

// TestFreeTierAlarms: ten standard alarms a month are free, the eleventh
// and twelfth are billed, in plan order.
func TestFreeTierAlarms(t *testing.T) {
	t.Parallel()
	var rs []resource.Resource
	for range 12 {
		rs = append(rs, resource.Resource{Type: "aws_cloudwatch_metric_alarm", Attrs: map[string]any{"period": float64(60)}})
	}
	for _, tt := range []struct {
		freeTier bool
		monthly  string
	}{{false, "1.20"}, {true, "0.20"}} {
		costs := priceAll(t, "us-east-1", tt.freeTier, rs...)
		var sum, free int
		monthly := costs[0].Monthly.Sub(costs[0].Monthly)
		for i, c := range costs {
			monthly = monthly.Add(c.Monthly)
			if c.Components[0].FreeQuantity.IsPositive() {
				free++
				if i >= 10 {
					t.Errorf("alarm %d got free quantity; the first ten should", i)
				}
			}
			sum++
		}
		requireDecimal(t, "monthly", monthly, tt.monthly)
		if tt.freeTier && free != 10 {
			t.Errorf("free alarms = %d, want 10", free)
		}
	}
}

// TestFreeTierInstanceHours: 750 free hours of t2.micro or t3.micro a month
// cover 750/730 instances running all month, shared between the two types;
// a t3.small is not eligible.
func TestFreeTierInstanceHours(t *testing.T) {
	t.Parallel()
	inst := func(typ string) resource.Resource {
		return resource.Resource{Type: "aws_instance", Attrs: map[string]any{"instance_type": typ,
			"root_block_device": []any{map[string]any{"volume_size": float64(8), "volume_type": "gp3"}}}}
	}
	costs := priceAll(t, "us-east-1", true, inst("t3.micro"), inst("t2.micro"), inst("t3.small"))
	first, second, small := costs[0].Components[0], costs[1].Components[0], costs[2].Components[0]
	requireDecimal(t, "t3.micro billed hourly", first.Hourly, "0")
	// 20/730 of an instance is left for the t2.micro.
	requireDecimal(t, "t2.micro free quantity", second.FreeQuantity, "0.027397260274")
	requireDecimal(t, "t2.micro hourly", second.Hourly, "0.0112821917808216") // 0.0116 × (1 − 0.027397260274)
	requireDecimal(t, "t3.small hourly", small.Hourly, "0.0208")
	// Both 8 GB root volumes fit in the 30 GB EBS allowance.
	requireDecimal(t, "root volume monthly", costs[1].Components[1].Monthly, "0")
}

func TestFreeTierUsageNotes(t *testing.T) {
	t.Parallel()
	q := resource.Resource{Type: "aws_sqs_queue"}
	with := priceAll(t, "us-east-1", true, q)[0].Components[0].Usage
	without := priceAll(t, "us-east-1", false, q)[0].Components[0].Usage
	if with != "$0.40 per 1M requests after 1M requests a month free" || without != "$0.40 per 1M requests" {
		t.Errorf("usage notes: with free tier %q, without %q", with, without)
	}
}
