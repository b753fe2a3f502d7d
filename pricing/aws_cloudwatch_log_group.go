package pricing

import (
	"errors"

	"awstutor/resource"
)

func init() { register("aws_cloudwatch_log_group", priceLogGroup) }

// priceLogGroup prices what is written to a log group and what it keeps;
// an empty group costs nothing.
func priceLogGroup(r resource.Resource, ctx Context) ([]Component, error) {
	if class := str(r, "log_group_class"); class != "" && class != "STANDARD" {
		return nil, errors.New("the infrequent access log class has no price in the catalogue")
	}
	ingest, err := ctx.usage("ingestion", "logs.ingest_gb")
	if err != nil {
		return nil, err
	}
	store, err := ctx.usage("storage", "logs.storage_gb_month")
	if err != nil {
		return nil, err
	}
	if days, ok, _ := number(r.Attrs, "retention_in_days"); ok && days.IsPositive() {
		store.Note = "kept " + plural(days, "day", "days")
	} else {
		store.Note = "kept forever: set retention_in_days"
	}
	return []Component{ingest, store}, nil
}
