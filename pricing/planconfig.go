package pricing

import (
	"encoding/json"
	"strings"
)

// Decoding a plan's configuration. The configuration of a large plan holds
// an expressions object for every resource block, which encoding/json
// would decode into a map each; pricing looks at a handful. The functions
// below decode the checked configuration into wireConfiguration by
// encoding/json's rules for decoding into Go values, which a plan
// repeating a member can tell apart: member names match fields without
// regard to case, null leaves a struct or string as it is and clears a map
// or slice, an object decoded into an existing map adds to it, and an array
// decoded into an existing slice decodes into its elements in place. A
// value of the wrong type is an error, as encoding/json's would be.

func (r *jsonReader) configuration(c *wireConfiguration) error {
	if ok, err := r.openStruct((*wireConfiguration)(nil)); !ok || err != nil {
		return err
	}
	for first := true; ; first = false {
		name, more, err := r.member(first)
		if err != nil || !more {
			return err
		}
		switch {
		case fieldIs(name, "provider_config"):
			err = r.providers(&c.ProviderConfig)
		case fieldIs(name, "root_module"):
			err = r.module(&c.RootModule)
		default:
			err = r.skip()
		}
		if err != nil {
			return err
		}
	}
}

func (r *jsonReader) providers(m *map[string]wireProvider) error {
	if ok, err := r.openMap((*map[string]wireProvider)(nil), func() { *m = nil }); !ok || err != nil {
		return err
	}
	if *m == nil {
		*m = map[string]wireProvider{}
	}
	for first := true; ; first = false {
		name, more, err := r.member(first)
		if err != nil || !more {
			return err
		}
		var p wireProvider
		if err := r.provider(&p); err != nil {
			return err
		}
		(*m)[unquote(name)] = p
	}
}

func (r *jsonReader) provider(p *wireProvider) error {
	if ok, err := r.openStruct((*wireProvider)(nil)); !ok || err != nil {
		return err
	}
	for first := true; ; first = false {
		name, more, err := r.member(first)
		if err != nil || !more {
			return err
		}
		switch {
		case fieldIs(name, "name"):
			err = r.stringField(&p.Name)
		case fieldIs(name, "alias"):
			err = r.stringField(&p.Alias)
		case fieldIs(name, "expressions"):
			err = r.rawMap(&p.Expressions)
		default:
			err = r.skip()
		}
		if err != nil {
			return err
		}
	}
}

func (r *jsonReader) module(m *wireModule) error {
	if ok, err := r.openStruct((*wireModule)(nil)); !ok || err != nil {
		return err
	}
	for first := true; ; first = false {
		name, more, err := r.member(first)
		if err != nil || !more {
			return err
		}
		switch {
		case fieldIs(name, "resources"):
			err = r.configResources(&m.Resources)
		case fieldIs(name, "module_calls"):
			err = r.moduleCalls(&m.ModuleCalls)
		default:
			err = r.skip()
		}
		if err != nil {
			return err
		}
	}
}

func (r *jsonReader) moduleCalls(m *map[string]wireModuleCall) error {
	if ok, err := r.openMap((*map[string]wireModuleCall)(nil), func() { *m = nil }); !ok || err != nil {
		return err
	}
	if *m == nil {
		*m = map[string]wireModuleCall{}
	}
	for first := true; ; first = false {
		name, more, err := r.member(first)
		if err != nil || !more {
			return err
		}
		var call wireModuleCall
		if err := r.moduleCall(&call); err != nil {
			return err
		}
		(*m)[unquote(name)] = call
	}
}

func (r *jsonReader) moduleCall(c *wireModuleCall) error {
	if ok, err := r.openStruct((*wireModuleCall)(nil)); !ok || err != nil {
		return err
	}
	for first := true; ; first = false {
		name, more, err := r.member(first)
		if err != nil || !more {
			return err
		}
		if fieldIs(name, "module") {
			err = r.module(&c.Module)
		} else {
			err = r.skip()
		}
		if err != nil {
			return err
		}
	}
}

// configResources decodes into a slice the way encoding/json does: the
// elements of the array decode into the slice's elements, reusing those it
// has, and the slice ends at the array's length.
func (r *jsonReader) configResources(s *[]wireConfigResource) error {
	switch r.peek() {
	case 'n':
		*s = nil
		return r.skip()
	case '[':
	default:
		raw, err := r.value()
		if err != nil {
			return err
		}
		return typeError(raw, (*[]wireConfigResource)(nil))
	}
	if err := r.openArray(); err != nil {
		return err
	}
	v := *s
	i := 0
	for first := true; ; first = false {
		more, err := r.element(first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if i >= cap(v) {
			v = append(v[:cap(v)], wireConfigResource{})
		}
		if i >= len(v) {
			v = v[:i+1]
		}
		if err := r.configResource(&v[i]); err != nil {
			return err
		}
		i++
	}
	if i == 0 {
		v = []wireConfigResource{}
	}
	*s = v[:i]
	return nil
}

func (r *jsonReader) configResource(c *wireConfigResource) error {
	if ok, err := r.openStruct((*wireConfigResource)(nil)); !ok || err != nil {
		return err
	}
	for first := true; ; first = false {
		name, more, err := r.member(first)
		if err != nil || !more {
			return err
		}
		switch {
		case fieldIs(name, "address"):
			err = r.stringField(&c.Address)
		case fieldIs(name, "mode"):
			err = r.stringField(&c.Mode)
		case fieldIs(name, "expressions"):
			err = r.exprParts(&c.Expressions)
		default:
			err = r.skip()
		}
		if err != nil {
			return err
		}
	}
}

// exprParts keeps an expressions object raw, as one more part of the map
// it stands for; null clears the map.
func (r *jsonReader) exprParts(p *exprParts) error {
	switch r.peek() {
	case 'n':
		*p = exprParts{}
		return r.skip()
	case '{':
		raw, err := r.value()
		if err != nil {
			return err
		}
		p.add(raw)
		return nil
	default:
		raw, err := r.value()
		if err != nil {
			return err
		}
		return typeError(raw, (*map[string]json.RawMessage)(nil))
	}
}

// rawMap decodes an object of raw values, as into a
// map[string]json.RawMessage.
func (r *jsonReader) rawMap(m *map[string]json.RawMessage) error {
	if ok, err := r.openMap((*map[string]json.RawMessage)(nil), func() { *m = nil }); !ok || err != nil {
		return err
	}
	if *m == nil {
		*m = map[string]json.RawMessage{}
	}
	for first := true; ; first = false {
		name, more, err := r.member(first)
		if err != nil || !more {
			return err
		}
		raw, err := r.value()
		if err != nil {
			return err
		}
		(*m)[unquote(name)] = raw
	}
}

// stringField decodes a string; null leaves dst as it is.
func (r *jsonReader) stringField(dst *string) error {
	raw, err := r.value()
	if err != nil {
		return err
	}
	switch raw[0] {
	case 'n':
		return nil
	case '"':
		// A block's mode is one of two words: no need for a copy.
		switch string(raw) {
		case `"managed"`:
			*dst = "managed"
		case `"data"`:
			*dst = "data"
		default:
			*dst = unquote(raw)
		}
		return nil
	default:
		return typeError(raw, (*string)(nil))
	}
}

// openStruct steps into an object to be decoded into a struct. ok is false
// when the value is null, which the reader steps over and which leaves the
// struct as it is; a value of another type is an error like the one
// encoding/json gives for decoding it into what sample, a nil pointer,
// points to.
func (r *jsonReader) openStruct(sample any) (ok bool, err error) {
	switch r.peek() {
	case 'n':
		return false, r.skip()
	case '{':
		return true, r.openObject()
	default:
		raw, err := r.value()
		if err != nil {
			return false, err
		}
		return false, typeError(raw, sample)
	}
}

// openMap is openStruct for an object to be decoded into a map, which null
// clears.
func (r *jsonReader) openMap(sample any, clear func()) (ok bool, err error) {
	if r.peek() == 'n' {
		clear()
	}
	return r.openStruct(sample)
}

// fieldIs reports whether a quoted member name matches a struct field's
// name as encoding/json matches them: after unescaping, equal but for
// case.
func fieldIs(quoted []byte, field string) bool {
	s := quoted[1 : len(quoted)-1]
	if len(s) == len(field) && asciiEqualFold(s, field) {
		return true
	}
	// Only an escape or a non-ASCII letter (U+212A, the Kelvin sign, for k)
	// can make a name of another length or other bytes match.
	for _, c := range s {
		if c >= 0x80 || c == '\\' {
			return strings.EqualFold(unquote(quoted), field)
		}
	}
	return false
}

// asciiEqualFold reports whether s and t, of the same length, are equal
// but for the case of ASCII letters.
func asciiEqualFold(s []byte, t string) bool {
	for i := range s {
		a, b := s[i], t[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}
