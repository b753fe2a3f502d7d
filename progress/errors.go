package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// ErrNewerSchema means progress.json was written by a newer awstutor. The
// file is left untouched; the user has to upgrade awstutor.
var ErrNewerSchema = errors.New("progress was saved by a newer awstutor, upgrade awstutor to use it")

// CorruptError reports that progress.json could not be used and was moved
// aside. Load and Update return it together with a usable fresh state, so a
// caller checks for it with errors.As, tells the user, and carries on.
type CorruptError struct {
	// Path is where the damaged file was.
	Path string
	// MovedTo is where the damaged file is now, byte for byte unchanged.
	MovedTo string
	// Err is what was wrong with the content.
	Err error
}

// Error returns one sentence for a person: what happened and where the old
// file is now.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("progress file %s %s, so it was kept as %s and progress starts fresh",
		e.Path, describe(e.Err), e.MovedTo)
}

// Unwrap returns the underlying decode error.
func (e *CorruptError) Unwrap() error { return e.Err }

// describe turns a decode error into a short phrase without the parser's
// jargon, since the sentence is read by a learner, not a developer.
func describe(err error) string {
	var syntaxErr *json.SyntaxError
	switch {
	case errors.Is(err, errEmpty):
		return "was empty"
	case errors.Is(err, errNotObject):
		return "did not hold a progress record"
	case errors.Is(err, errNoSchema), errors.Is(err, errBadSchema):
		return "had no valid schema version"
	case errors.As(err, &syntaxErr) && strings.Contains(syntaxErr.Error(), "unexpected end"):
		return "was cut short"
	case errors.As(err, &syntaxErr):
		return "was not valid JSON"
	case errors.Is(err, errBadValue):
		return "held a value of the wrong type or format"
	default:
		return "could not be read"
	}
}
