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
// time an estimate takes.
type resourceSet struct {
	entries []setEntry
	byAddr  map[string]int
	byBase  map[string][]int // address without its final index -> instances
	byType  map[string][]int
}

// setEntry is one resource and, for plan resources, its raw plan data.
type setEntry struct {
	res         resource.Resource
	rawAfter    json.RawMessage
	rawUnknown  json.RawMessage
	decoded     bool
	unknown     map[string]bool // nil until unknownDone
	unknownDone bool
	moduleAddr  string
	exprs       map[string]json.RawMessage // configuration expressions, by attribute
}

func newResourceSet(n int) *resourceSet {
	return &resourceSet{
		entries: make([]setEntry, 0, n),
		byAddr:  make(map[string]int, n),
		byBase:  make(map[string][]int),
		byType:  make(map[string][]int),
	}
}

func (s *resourceSet) add(e setEntry) {
	i := len(s.entries)
	s.entries = append(s.entries, e)
	if a := e.res.Address; a != "" {
		s.byAddr[a] = i
		base := baseAddress(a)
		s.byBase[base] = append(s.byBase[base], i)
	}
	s.byType[e.res.Type] = append(s.byType[e.res.Type], i)
}

// resource returns entry i with its attributes decoded.
func (s *resourceSet) resource(i int) resource.Resource {
	e := &s.entries[i]
	if !e.decoded {
		e.decoded = true
		var attrs map[string]any
		// The raw message comes from a document that decoded already, so
		// an error here can only mean a non-object "after", which has no
		// attributes to give.
		if json.Unmarshal(e.rawAfter, &attrs) == nil {
			e.res.Attrs = attrs
		}
	}
	return e.res
}

// unknown reports whether entry i's plan marks attr as known only after
// apply. after_unknown is decoded on the first question, since few
// builders ask.
func (s *resourceSet) unknown(i int, attr string) bool {
	e := &s.entries[i]
	if !e.unknownDone {
		e.unknownDone = true
		var unk map[string]json.RawMessage
		if len(e.rawUnknown) > 0 && json.Unmarshal(e.rawUnknown, &unk) == nil {
			for k, v := range unk {
				if string(v) == "true" {
					if e.unknown == nil {
						e.unknown = map[string]bool{}
					}
					e.unknown[k] = true
				}
			}
		}
	}
	return e.unknown[attr]
}

// predecode decodes, on all CPUs, the attributes of the entries that
// pricing will read: those of priced types and task definitions. Each
// goroutine writes only its own entries, and pricing starts after all are
// done, so nothing is shared.
func (s *resourceSet) predecode() {
	var todo []int
	for i := range s.entries {
		t := s.entries[i].res.Type
		if _, priced := builders[t]; (priced || t == "aws_ecs_task_definition") && !s.entries[i].decoded {
			todo = append(todo, i)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(todo)/minPerWorker+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := w; k < len(todo); k += workers {
				s.resource(todo[k])
			}
		})
	}
	wg.Wait()
}

// minPerWorker keeps small plans on one goroutine, where starting more
// would cost more than it saves.
const minPerWorker = 256

func (s *resourceSet) find(typ string, match func(resource.Resource) bool) []resource.Resource {
	var out []resource.Resource
	for _, i := range s.byType[typ] {
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
	var expr struct {
		References []string `json:"references"`
	}
	if json.Unmarshal(raw, &expr) != nil {
		return nil // a nested block, not an expression: no references to follow
	}
	prefix := ""
	if e.moduleAddr != "" {
		prefix = e.moduleAddr + "."
	}
	seen := map[int]bool{}
	var out []resource.Resource
	for _, ref := range expr.References {
		addr, ok := refAddress(ref)
		if !ok {
			continue
		}
		addr = prefix + addr
		var hits []int
		if j, ok := s.byAddr[addr]; ok {
			hits = []int{j}
		} else {
			hits = s.byBase[addr]
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

// exprAt finds the expression at a dotted path in a resource block's
// expressions, where a nested block appears as a list of objects.
func exprAt(exprs map[string]json.RawMessage, path string) json.RawMessage {
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
	return exprAt(blocks[0], rest)
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
