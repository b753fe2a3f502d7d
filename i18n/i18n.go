// Package i18n holds every interface string of awstutor in one catalogue per
// language. The interface speaks Korean by default and English with
// --lang en; lesson content stays Korean either way.
package i18n

import (
	"fmt"
	"slices"
)

// Lang is an interface language.
type Lang string

// The supported languages.
const (
	Korean  Lang = "ko"
	English Lang = "en"
)

// Key names one interface string.
type Key string

// Printer renders interface strings in one language.
type Printer struct {
	lang Lang
	cat  map[Key]string
}

// New returns a printer for lang ("" means Korean).
func New(lang string) (Printer, error) {
	switch Lang(lang) {
	case "", Korean:
		return Printer{lang: Korean, cat: ko}, nil
	case English:
		return Printer{lang: English, cat: en}, nil
	}
	return Printer{}, fmt.Errorf("language %q is not supported: use ko or en", lang)
}

// Lang returns the printer's language.
func (p Printer) Lang() Lang { return p.lang }

// T returns the string for k, formatted with args when there are any. A key
// missing from the catalogue shows as the key itself, which the catalogue
// test forbids.
func (p Printer) T(k Key, args ...any) string {
	s, ok := p.cat[k]
	if !ok {
		s = string(k)
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Keys returns every key of a language's catalogue, sorted; used by the
// catalogue test to prove both languages say everything.
func Keys(lang Lang) []Key {
	cat := ko
	if lang == English {
		cat = en
	}
	keys := make([]Key, 0, len(cat))
	for k := range cat {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
