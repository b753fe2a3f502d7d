package progress

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Reasons a file is damaged. They end up in CorruptError.Err.
var (
	errEmpty     = errors.New("file is empty")
	errNotObject = errors.New("document is not a JSON object")
	errNoSchema  = errors.New("document has no schema version")
	errBadSchema = errors.New("document has an invalid schema version")
	errBadValue  = errors.New("document has a value of the wrong type or format")
)

// damage marks a decode error as "the file's content is unusable", as
// opposed to "the file is fine but not for this build" (ErrNewerSchema).
// Only damaged files are moved aside.
type damage struct{ err error }

func (d *damage) Error() string { return d.err.Error() }
func (d *damage) Unwrap() error { return d.err }

// migration upgrades a raw progress document from schema n to n+1 in place.
// It works on raw JSON because an old document need not fit today's types.
type migration func(doc map[string]json.RawMessage) error

// migrations holds the upgrade from schema n to n+1 at key n. There are
// none yet: schema 1 is the first. When SchemaVersion is bumped, add the
// step here; TestMigrations fails until every step exists.
var migrations = map[int]migration{}

// decode parses a progress document. Unusable content is reported as
// *damage; a document from a newer build as ErrNewerSchema.
func decode(data []byte) (State, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return State{}, &damage{errEmpty}
	}
	// The common case, a sound file of the current schema, takes a single
	// pass. Anything else is looked at again below, step by step.
	var st State
	if err := json.Unmarshal(data, &st); err == nil && st.Schema == SchemaVersion {
		st.normalize()
		return st, nil
	}
	// Read the document shape and version before the typed decode: a newer
	// schema may use types this build cannot decode, and such a file must be
	// refused untouched rather than mistaken for a damaged one.
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return State{}, &damage{errNotObject}
		}
		return State{}, &damage{err}
	}
	if doc == nil { // the document is JSON null
		return State{}, &damage{errNotObject}
	}
	rawSchema, ok := doc["schema"]
	if !ok {
		return State{}, &damage{errNoSchema}
	}
	var version int
	if err := json.Unmarshal(rawSchema, &version); err != nil || version < 1 {
		return State{}, &damage{errBadSchema}
	}
	if version > SchemaVersion {
		return State{}, fmt.Errorf("schema %d, this build reads up to %d: %w", version, SchemaVersion, ErrNewerSchema)
	}
	if version < SchemaVersion {
		if err := upgrade(doc, version, SchemaVersion, migrations); err != nil {
			return State{}, err
		}
		var err error
		if data, err = json.Marshal(doc); err != nil {
			return State{}, fmt.Errorf("encode migrated progress: %w", err)
		}
	}
	st = State{}
	if err := json.Unmarshal(data, &st); err != nil {
		// The syntax is known good here, so this is a field of the wrong
		// type or a value (such as a time) its type rejects.
		return State{}, &damage{fmt.Errorf("%w: %w", errBadValue, err)}
	}
	st.normalize()
	return st, nil
}

// upgrade applies migs[from], migs[from+1], ... until doc is at schema to,
// and records the new version in doc.
func upgrade(doc map[string]json.RawMessage, from, to int, migs map[int]migration) error {
	for v := from; v < to; v++ {
		m, ok := migs[v]
		if !ok {
			return fmt.Errorf("migrate progress from schema %d: no migration to %d", v, v+1)
		}
		if err := m(doc); err != nil {
			// A document of a known old version that its migration rejects
			// is damaged for this build.
			return &damage{fmt.Errorf("migrate progress from schema %d: %w", v, err)}
		}
		doc["schema"] = json.RawMessage(fmt.Sprint(v + 1))
	}
	return nil
}

// encode renders the state as indented JSON: the file is small and people
// do look at it.
func encode(st State) ([]byte, error) {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode progress: %w", err)
	}
	return append(data, '\n'), nil
}
