package cli

import (
	"errors"
	"fmt"

	"awstutor/i18n"
	"awstutor/pricing"
)

// catalog returns the price catalogue every cost figure uses: the embedded
// one with the prices that `awstutor pricing update` cached under the state
// dir laid over it, each region carrying the date and source of its prices
// (Catalog.Origin). It only reads: without a state dir or cache there is
// nothing to lay over, and nothing is created. A damaged cache file is an
// error of one sentence naming the file and what to do; it is left in
// place. Cached prices left out (an unknown name, another unit, older than
// the built-in prices) are noted on stderr, in the interface language.
func (o *Options) catalog() (*pricing.Catalog, error) {
	cat, notes, err := o.catalogNotes()
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		fmt.Fprintln(o.stderr, o.cacheNote(n))
	}
	return cat, nil
}

// catalogNotes is catalog without printing the notes, for callers that
// must not write to the terminal (the TUI shows them itself).
func (o *Options) catalogNotes() (*pricing.Catalog, []pricing.CacheNote, error) {
	cat, notes, err := pricing.LoadCatalog(o.StateDir)
	var ce *pricing.CacheError
	if errors.As(err, &ce) {
		return nil, nil, &saidError{msg: o.printer.T(i18n.CLIPriceCacheDamaged, ce.File, ce.Err, ce.Region), err: err}
	}
	if err != nil {
		return nil, nil, err
	}
	return cat, notes, nil
}

// cacheNote says a cache note in the interface language.
func (o *Options) cacheNote(n pricing.CacheNote) string {
	p := o.printer
	switch n.Kind {
	case pricing.NoteUnknownRegion:
		return p.T(i18n.CLIPriceCacheNoteRegion, n.File, n.Region)
	case pricing.NoteUnknownDimension:
		return p.T(i18n.CLIPriceCacheNoteDim, n.File, n.Dimension)
	case pricing.NoteUnitChanged:
		return p.T(i18n.CLIPriceCacheNoteUnit, n.File, n.Dimension, n.Have, n.Want)
	case pricing.NoteStale:
		return p.T(i18n.CLIPriceCacheNoteStale, n.File, n.Have, n.Want, n.Region)
	}
	return n.String()
}

// saidError is an error told to the learner in the interface language; the
// error behind it stays reachable with errors.Is and errors.As.
type saidError struct {
	msg string
	err error
}

func (e *saidError) Error() string { return e.msg }
func (e *saidError) Unwrap() error { return e.err }
