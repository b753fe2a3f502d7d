package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"

	"awstutor/resource"
)

// The attribute readers below accept what the AWS provider writes into a
// plan or state: strings, float64 numbers (and numbers as strings, as for
// a task definition's "cpu"), bools, and nested blocks as lists of objects.

// str returns a string attribute, or "" when it is absent or not a string.
func str(r resource.Resource, key string) string {
	s, _ := r.Attrs[key].(string)
	return s
}

// boolean returns a bool attribute, or false.
func boolean(r resource.Resource, key string) bool {
	b, _ := r.Attrs[key].(bool)
	return b
}

// number returns a numeric attribute. ok is false when it is absent or
// null; an error means it is there but not a number.
func number(attrs map[string]any, key string) (decimal.Decimal, bool, error) {
	switch v := attrs[key].(type) {
	case nil:
		return decimal.Zero, false, nil
	case float64:
		return decimal.NewFromFloat(v), true, nil
	case int:
		return decimal.NewFromInt(int64(v)), true, nil
	case int64:
		return decimal.NewFromInt(v), true, nil
	case string:
		if v == "" {
			return decimal.Zero, false, nil
		}
		d, err := decimal.NewFromString(v)
		if err != nil {
			return decimal.Zero, false, fmt.Errorf("%s %q is not a number", key, v)
		}
		return d, true, nil
	default:
		return decimal.Zero, false, fmt.Errorf("%s is a %T, not a number", key, v)
	}
}

// count is number for a whole, non-negative count such as desired_count,
// with a default when the attribute is absent.
func count(attrs map[string]any, key string, def int64) (decimal.Decimal, error) {
	d, ok, err := number(attrs, key)
	if err != nil {
		return decimal.Zero, err
	}
	if !ok {
		return decimal.NewFromInt(def), nil
	}
	if d.IsNegative() || !d.IsInteger() {
		return decimal.Zero, fmt.Errorf("%s %s is not a whole number of at least 0", key, d)
	}
	return d, nil
}

// block returns the first object of a nested block attribute (the provider
// writes a block as a list of objects), or nil.
func block(attrs map[string]any, key string) map[string]any {
	switch v := attrs[key].(type) {
	case []any:
		if len(v) > 0 {
			m, _ := v[0].(map[string]any)
			return m
		}
	case map[string]any:
		return v
	}
	return nil
}

// list returns a list attribute and whether it is a list.
func list(r resource.Resource, key string) ([]any, bool) {
	v, ok := r.Attrs[key].([]any)
	return v, ok
}

// qty is shorthand for a decimal quantity.
func qty(n int64) decimal.Decimal { return decimal.NewFromInt(n) }

// fmtQty writes a quantity without trailing zeros, for notes.
func fmtQty(d decimal.Decimal) string { return d.String() }

// plural writes "1 task" or "2 tasks".
func plural(n decimal.Decimal, one, many string) string {
	if n.Equal(decimal.NewFromInt(1)) {
		return "1 " + one
	}
	return n.String() + " " + many
}
