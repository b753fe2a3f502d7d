package pricing

import (
	"github.com/shopspring/decimal"

	"awstutor/resource"
)

func init() { register("aws_cloudwatch_metric_alarm", priceMetricAlarm) }

// highResolutionPeriod is the longest period, in seconds, of a
// high-resolution alarm, which costs three times a standard one.
const highResolutionPeriod = 60

// priceMetricAlarm prices an alarm by the metrics it watches: one for a
// plain alarm, one for each metric of a metric-math alarm (expressions are
// free).
func priceMetricAlarm(r resource.Resource, ctx Context) ([]Component, error) {
	metrics := qty(1)
	period, _, err := number(r.Attrs, "period")
	if err != nil {
		return nil, err
	}
	if queries, ok := list(r, "metric_query"); ok && len(queries) > 0 {
		metrics = decimal.Zero
		for _, q := range queries {
			m, _ := q.(map[string]any)
			if mb := block(m, "metric"); mb != nil {
				metrics = metrics.Add(qty(1))
				if p, ok, _ := number(mb, "period"); ok {
					period = p
				}
			}
		}
	}
	dim, name := "cw.alarm_month", "alarm metrics"
	if period.IsPositive() && period.LessThan(qty(highResolutionPeriod)) {
		dim, name = "cw.alarm_high_res_month", "high-resolution alarm metrics"
	}
	c, err := ctx.fixed(name, dim, metrics)
	if err != nil {
		return nil, err
	}
	return []Component{c}, nil
}
