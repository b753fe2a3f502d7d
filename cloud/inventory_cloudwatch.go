package cloud

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

func init() {
	registerKind("aws_cloudwatch_metric_alarm", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			out, err := c.CloudWatch.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{it.ID}})
			if err != nil {
				return nil, err
			}
			if len(out.MetricAlarms) == 0 {
				return nil, errGone
			}
			return alarmTags(ctx, c.CloudWatch, it.ARN)
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.CloudWatch.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{it.ID}})
			return err
		},
	})
	registerKind("aws_cloudwatch_log_group", kind{
		phase: phaseServices,
		tags: func(ctx context.Context, c *Clients, it Item) (map[string]string, error) {
			return logGroupTags(ctx, c.Logs, it.ARN)
		},
		del: func(ctx context.Context, c *Clients, it Item) error {
			_, err := c.Logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(it.ID)})
			return err
		},
	})
}

// cloudWatchLister lists metric alarms (aws_cloudwatch_metric_alarm, id =
// alarm name) and log groups (aws_cloudwatch_log_group, id = group name).
// Composite alarms are not listed: the labs create none.
type cloudWatchLister struct {
	cw     *cloudwatch.Client
	logs   *cloudwatchlogs.Client
	region string
}

func (cloudWatchLister) Service() string { return "cloudwatch" }

func (l cloudWatchLister) List(ctx context.Context) ([]Item, error) {
	var alarms []cwtypes.MetricAlarm
	p := cloudwatch.NewDescribeAlarmsPaginator(l.cw, &cloudwatch.DescribeAlarmsInput{
		AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm}, MaxRecords: aws.Int32(100),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range page.MetricAlarms {
			if !managedAlarm(a) {
				alarms = append(alarms, a)
			}
		}
	}
	items := make([]Item, len(alarms))
	err := forEach(ctx, len(alarms), func(ctx context.Context, i int) error {
		a := alarms[i]
		tags, err := alarmTags(ctx, l.cw, aws.ToString(a.AlarmArn))
		if err != nil {
			return skipGone(err)
		}
		attrs := map[string]any{
			"alarm_name":  aws.ToString(a.AlarmName),
			"metric_name": aws.ToString(a.MetricName),
			"namespace":   aws.ToString(a.Namespace),
		}
		if a.Period != nil {
			attrs["period"] = numAttr(*a.Period)
		}
		// Pricing counts the metrics of a metric-math alarm; their ids
		// are enough for that.
		if len(a.Metrics) > 0 {
			var qs []any
			for _, m := range a.Metrics {
				q := map[string]any{"id": aws.ToString(m.Id)}
				if m.MetricStat != nil {
					q["period"] = numAttr(aws.ToInt32(m.MetricStat.Period))
				}
				qs = append(qs, q)
			}
			attrs["metric_query"] = qs
		}
		items[i] = newItem("aws_cloudwatch_metric_alarm", aws.ToString(a.AlarmName), aws.ToString(a.AlarmArn), l.region,
			zeroTime, tags, attrs)
		return nil
	})
	if err != nil {
		return nil, err
	}
	items = compact(items)
	groups, err := l.logGroups(ctx)
	if err != nil {
		return nil, err
	}
	return append(items, groups...), nil
}

func (l cloudWatchLister) logGroups(ctx context.Context) ([]Item, error) {
	var items []Item
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(l.logs, &cloudwatchlogs.DescribeLogGroupsInput{Limit: aws.Int32(50)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range page.LogGroups {
			attrs := map[string]any{
				"name":         aws.ToString(g.LogGroupName),
				"stored_bytes": numAttr(aws.ToInt64(g.StoredBytes)),
			}
			if g.RetentionInDays != nil {
				attrs["retention_in_days"] = numAttr(*g.RetentionInDays)
			}
			if g.LogGroupClass != "" {
				attrs["log_group_class"] = string(g.LogGroupClass)
			}
			var created time.Time
			if g.CreationTime != nil {
				created = time.UnixMilli(*g.CreationTime)
			}
			items = append(items, newItem("aws_cloudwatch_log_group", aws.ToString(g.LogGroupName), logGroupARN(g.LogGroupArn, g.Arn),
				l.region, created, nil, attrs))
		}
	}
	err := forEach(ctx, len(items), func(ctx context.Context, i int) error {
		tags, err := logGroupTags(ctx, l.logs, items[i].ARN)
		if err != nil {
			if isNotFound(err) {
				items[i].Type = ""
				return nil
			}
			return err
		}
		it := items[i]
		items[i] = newItem(it.Type, it.ID, it.ARN, it.Region, it.CreatedAt, tags, it.Attrs)
		return nil
	})
	return compact(items), err
}

// managedAlarm reports an alarm that Application Auto Scaling created for a
// target-tracking policy. It belongs to the policy, goes away with it, and
// must not be deleted on its own ("DO NOT EDIT OR DELETE").
func managedAlarm(a cwtypes.MetricAlarm) bool {
	if !strings.HasPrefix(aws.ToString(a.AlarmName), "TargetTracking-") {
		return false
	}
	for _, action := range a.AlarmActions {
		if strings.Contains(action, ":scalingPolicy:") {
			return true
		}
	}
	return false
}

// logGroupARN is the group's ARN without the ":*" suffix of its older
// form, which the tagging call does not accept.
func logGroupARN(arn, legacy *string) string {
	if s := aws.ToString(arn); s != "" {
		return s
	}
	return strings.TrimSuffix(aws.ToString(legacy), ":*")
}

func alarmTags(ctx context.Context, c *cloudwatch.Client, arn string) (map[string]string, error) {
	out, err := c.ListTagsForResource(ctx, &cloudwatch.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	tags := map[string]string{}
	for _, t := range out.Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}

func logGroupTags(ctx context.Context, c *cloudwatchlogs.Client, arn string) (map[string]string, error) {
	out, err := c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	return out.Tags, nil
}
