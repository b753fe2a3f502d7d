package pricing

import (
	"encoding/json"
	"runtime"
	"strings"
	"sync"

	"awstutor/resource"
)

// resourceSet is every resource of one estimate or meter, with what a
// builder may ask about the others. Attributes from a plan are decoded only
// when a builder needs them: most resources of a large plan are free types
// whose attributes nobody reads, and decoding them all would double the
// time an estimate takes. For the same reason each index is built on the
// first question that needs it; nil means not yet.
type resourceSet struct {
	entries []setEntry
	byAddr  map[string]int
	byBase  map[string][]int // address without its final index -> instances
	byType  map[string][]int
}

// setEntry is one resource and, for plan resources, its raw plan data: a
// slice of the checked plan JSON.
type setEntry struct {
	res         resource.Resource
	rawAfter    json.RawMessage
	rawUnknown  json.RawMessage
	decoded     bool
	unknown     map[string]bool // nil until unknownDone
	unknownDone bool
	moduleAddr  string
	exprs       exprParts // the configuration block's expressions, raw
}

func newResourceSet(n int) *resourceSet {
	return &resourceSet{entries: make([]setEntry, 0, n)}
}

func (s *resourceSet) add(e setEntry) {
	s.entries = append(s.entries, e)
	i := len(s.entries) - 1
	if s.byAddr != nil {
		s.indexAddr(i)
	}
	if s.byBase != nil {
		s.indexBase(i)
	}
	if s.byType != nil {
		s.indexType(i)
	}
}

// addrs returns the index by address.
func (s *resourceSet) addrs() map[string]int {
	if s.byAddr == nil {
		s.byAddr = make(map[string]int, len(s.entries))
		for i := range s.entries {
			s.indexAddr(i)
		}
	}
	return s.byAddr
}

// bases returns the index by address without the final instance key.
func (s *resourceSet) bases() map[string][]int {
	if s.byBase == nil {
		s.byBase = make(map[string][]int)
		for i := range s.entries {
			s.indexBase(i)
		}
	}
	return s.byBase
}

// types returns the index by type.
func (s *resourceSet) types() map[string][]int {
	if s.byType == nil {
		s.byType = make(map[string][]int)
		for i := range s.entries {
			s.indexType(i)
		}
	}
	return s.byType
}

func (s *resourceSet) indexAddr(i int) {
	if a := s.entries[i].res.Address; a != "" {
		s.byAddr[a] = i
	}
}

func (s *resourceSet) indexBase(i int) {
	if a := s.entries[i].res.Address; a != "" {
		base := baseAddress(a)
		s.byBase[base] = append(s.byBase[base], i)
	}
}

func (s *resourceSet) indexType(i int) {
	t := s.entries[i].res.Type
	s.byType[t] = append(s.byType[t], i)
}

// resource returns entry i with its attributes decoded.
func (s *resourceSet) resource(i int) resource.Resource {
	return s.decode(i, nil)
}

// decode is resource with a decoder to use, for goroutines that decode
// many entries; nil makes one.
func (s *resourceSet) decode(i int, d *attrDecoder) resource.Resource {
	e := &s.entries[i]
	if !e.decoded {
		e.decoded = true
		if d == nil {
			d = newAttrDecoder()
		}
		// A number too large for a float64 leaves the attributes
		// undecoded, as json.Unmarshal's error did.
		if attrs, err := d.object(e.rawAfter); err == nil {
			e.res.Attrs = attrs
		}
	}
	return e.res
}

// unknown reports whether entry i's plan marks attr as known only after
// apply. after_unknown is read on the first question, since few builders
// ask; what counts is the last value of a member, and only true.
func (s *resourceSet) unknown(i int, attr string) bool {
	e := &s.entries[i]
	if !e.unknownDone {
		e.unknownDone = true
		if len(e.rawUnknown) > 0 && e.rawUnknown[0] == '{' {
			r := jsonReader{data: e.rawUnknown}
			r.openObject()
			for first := true; ; first = false {
				name, more, err := r.member(first)
				if err != nil || !more {
					break
				}
				v, _ := r.value()
				k := unquote(name)
				if string(v) == "true" {
					if e.unknown == nil {
						e.unknown = map[string]bool{}
					}
					e.unknown[k] = true
				} else {
					delete(e.unknown, k)
				}
			}
		}
	}
	return e.unknown[attr]
}

// predecode decodes, on all CPUs, the attributes of the entries that
// pricing will read: those of priced types and task definitions, unless
// decodePlan's attrPool did already. Each goroutine writes only its own
// entries, and pricing starts after all are done, so nothing is shared.
func (s *resourceSet) predecode() {
	var todo []int
	for i := range s.entries {
		if predecoded(s.entries[i].res.Type) && !s.entries[i].decoded {
			todo = append(todo, i)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(todo)/minPerWorker+1)
	if workers == 1 {
		d := newAttrDecoder()
		for _, i := range todo {
			s.decode(i, d)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			d := newAttrDecoder()
			for k := w; k < len(todo); k += workers {
				s.decode(todo[k], d)
			}
		})
	}
	wg.Wait()
}

// predecoded says whether pricing will read the attributes of resources
// of type typ: it prices them, or, for task definitions, the services that
// run them.
func predecoded(typ string) bool {
	_, priced := builders[typ]
	return priced || typ == "aws_ecs_task_definition"
}

// minPerWorker keeps small plans on one goroutine, where starting more
// would cost more than it saves.
const minPerWorker = 256

func (s *resourceSet) find(typ string, match func(resource.Resource) bool) []resource.Resource {
	var out []resource.Resource
	for _, i := range s.types()[typ] {
		if r := s.resource(i); match == nil || match(r) {
			out = append(out, r)
		}
	}
	return out
}

// referenced resolves the configuration references of entry i's attr to the
// resource instances of this set, in the module instance of entry i. The
// attr may be a path through nested blocks, "ecs_target.task_definition_arn",
// which follows each block's first instance.
func (s *resourceSet) referenced(i int, attr string) []resource.Resource {
	e := &s.entries[i]
	raw := exprAt(e.exprs, attr)
	if raw == nil {
		return nil
	}
	refs, ok := references(raw)
	if !ok {
		return nil // a nested block, not an expression: no references to follow
	}
	prefix := ""
	if e.moduleAddr != "" {
		prefix = e.moduleAddr + "."
	}
	seen := map[int]bool{}
	var out []resource.Resource
	for _, ref := range refs {
		addr, ok := refAddress(ref)
		if !ok {
			continue
		}
		addr = prefix + addr
		var hits []int
		if j, ok := s.addrs()[addr]; ok {
			hits = []int{j}
		} else {
			hits = s.bases()[addr]
		}
		for _, j := range hits {
			if !seen[j] {
				seen[j] = true
				out = append(out, s.resource(j))
			}
		}
	}
	return out
}

// references reads the references of an expression, raw checked JSON, as
// json.Unmarshal would decode it into a struct{ References []string }: ok
// is false where that would fail, as for a nested block, which is a list.
// Expressions are read for every service of a plan, and this spares them
// json.Unmarshal's second check of the JSON and its reflection.
func references(raw []byte) (refs []string, ok bool) {
	r := jsonReader{data: raw}
	r.ws()
	if open, err := r.openStruct((*struct{ References []string })(nil)); !open || err != nil {
		return nil, err == nil
	}
	for first := true; ; first = false {
		name, more, err := r.member(first)
		if err != nil {
			return nil, false
		}
		if !more {
			return refs, true
		}
		if !fieldIs(name, "references") {
			r.skip()
			continue
		}
		switch r.peek() {
		case 'n':
			refs = nil
			r.skip()
			continue
		case '[':
		default:
			return nil, false
		}
		// Into the slice there is, as encoding/json decodes an array:
		// a null element leaves the string that was there.
		r.openArray()
		n := 0
		for first := true; ; first = false {
			more, err := r.element(first)
			if err != nil {
				return nil, false
			}
			if !more {
				break
			}
			if n >= cap(refs) {
				refs = append(refs[:cap(refs)], "")
			}
			if n >= len(refs) {
				refs = refs[:n+1]
			}
			switch r.peek() {
			case '"':
				v, _ := r.value()
				refs[n] = unquote(v)
			case 'n':
				r.skip()
			default:
				return nil, false
			}
			n++
		}
		if n == 0 {
			refs = []string{}
		}
		refs = refs[:n]
	}
}

// exprAt finds the expression at a dotted path in a resource block's
// expressions, where a nested block appears as a list of objects.
func exprAt(parts exprParts, path string) json.RawMessage {
	head, rest, nested := strings.Cut(path, ".")
	raw := partsMember(parts, head)
	if raw == nil || !nested {
		return raw
	}
	var blocks []map[string]json.RawMessage
	if json.Unmarshal(raw, &blocks) != nil || len(blocks) == 0 {
		return nil
	}
	return exprAtMap(blocks[0], rest)
}

// partsMember is the value of the member name in the map that parts,
// merged, make: its last occurrence.
func partsMember(parts exprParts, name string) json.RawMessage {
	var found json.RawMessage
	parts.each(func(part json.RawMessage) {
		r := jsonReader{data: part}
		r.openObject()
		for first := true; ; first = false {
			key, more, err := r.member(first)
			if err != nil || !more {
				return
			}
			v, _ := r.value()
			if stringIs(key, name) {
				found = v
			}
		}
	})
	return found
}

func exprAtMap(exprs map[string]json.RawMessage, path string) json.RawMessage {
	head, rest, nested := strings.Cut(path, ".")
	raw, ok := exprs[head]
	if !ok {
		return nil
	}
	if !nested {
		return raw
	}
	var blocks []map[string]json.RawMessage
	if json.Unmarshal(raw, &blocks) != nil || len(blocks) == 0 {
		return nil
	}
	return exprAtMap(blocks[0], rest)
}

// refAddress turns a configuration reference ("aws_subnet.public[0].id",
// "aws_ecs_task_definition.app") into the managed resource address it
// names ("aws_subnet.public[0]"). Variables, locals, data sources, module
// outputs and the like are not managed resources of this module.
func refAddress(ref string) (string, bool) {
	typ, rest, ok := strings.Cut(ref, ".")
	if !ok || !strings.Contains(typ, "_") {
		// Managed resource types are provider_name; "var", "local",
		// "data", "module", "each", "count", "path", "self" have no "_".
		return "", false
	}
	end := len(rest)
	for j := 0; j < len(rest); j++ {
		if rest[j] == '.' {
			end = j
			break
		}
		if rest[j] == '[' {
			// Keep the index, which may be a quoted key with dots in it.
			k := strings.IndexByte(rest[j:], ']')
			if k < 0 {
				return "", false
			}
			end = j + k + 1
			break
		}
	}
	if end == 0 {
		return "", false
	}
	return typ + "." + rest[:end], true
}

// baseAddress strips a trailing instance key: "aws_subnet.public[1]" is an
// instance of "aws_subnet.public".
func baseAddress(addr string) string {
	if !strings.HasSuffix(addr, "]") {
		return addr
	}
	// Scan back to the "[" that opens the final key; keys of for_each may
	// contain "]" inside quotes, so count quotes.
	inQuote := false
	for j := len(addr) - 2; j >= 0; j-- {
		switch addr[j] {
		case '"':
			if j == 0 || addr[j-1] != '\\' {
				inQuote = !inQuote
			}
		case '[':
			if !inQuote {
				return addr[:j]
			}
		}
	}
	return addr
}
