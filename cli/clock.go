package cli

import (
	"context"
	"time"
)

// clockKey is the context key of an injected clock.
type clockKey struct{}

// WithClock returns a context whose commands read the time from now
// instead of the wall clock. The clock's location is the learner's: "today"
// in a report and "09:00 tomorrow" in status are decided in it. Tests use
// it to run status and report at any moment; Execute passes the context to
// every command.
func WithClock(ctx context.Context, now func() time.Time) context.Context {
	return context.WithValue(ctx, clockKey{}, now)
}

// clockFrom returns the clock injected into ctx, else the wall clock in
// local time.
func clockFrom(ctx context.Context) func() time.Time {
	if ctx != nil {
		if now, ok := ctx.Value(clockKey{}).(func() time.Time); ok && now != nil {
			return now
		}
	}
	return time.Now
}
