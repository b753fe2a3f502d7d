package pricing

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"awstutor/resource"
)

// The part of Terraform's JSON plan format (`terraform show -json PLAN`,
// format_version 1.x) that pricing reads: the format version, the root aws
// provider's region, and of each resource change its address, type, mode,
// actions, after and after_unknown, with its configuration block's
// expressions. Everything else (planned_values, prior_state, before, the
// sensitivity maps) is checked, since a malformed plan must be refused, but
// never decoded. A 10,000-resource plan is some 13 MB; decoding all of it,
// even into json.RawMessage, took most of an estimate's time and memory.
type wirePlan struct {
	FormatVersion string
	Variables     map[string]wireVariable
	Configuration wireConfiguration
}

type wireVariable struct {
	Value json.RawMessage `json:"value"`
}

type wireConfiguration struct {
	ProviderConfig map[string]wireProvider
	RootModule     wireModule
}

// wireProvider is a provider block. Its expressions stay raw: nested
// blocks such as default_tags are lists, not expressions.
type wireProvider struct {
	Name        string
	Alias       string
	Expressions map[string]json.RawMessage
}

type wireExpr struct {
	ConstantValue json.RawMessage `json:"constant_value"`
	References    []string        `json:"references"`
}

type wireModule struct {
	Resources   []wireConfigResource
	ModuleCalls map[string]wireModuleCall
}

type wireModuleCall struct {
	Module wireModule
}

type wireConfigResource struct {
	Address     string
	Mode        string
	Expressions exprParts
}

// exprParts is a resource block's "expressions" object, left raw: the
// objects that, merged in order, make the map encoding/json would decode.
// There is one unless a block repeats the member, so the first is kept
// apart from the rest. Most blocks are never asked about, so none is
// decoded up front.
type exprParts struct {
	first json.RawMessage
	more  []json.RawMessage
}

func (p *exprParts) add(raw json.RawMessage) {
	if p.first == nil {
		p.first = raw
	} else {
		p.more = append(p.more, raw)
	}
}

// each calls fn with each part, in order.
func (p exprParts) each(fn func(json.RawMessage)) {
	if p.first != nil {
		fn(p.first)
	}
	for _, raw := range p.more {
		fn(raw)
	}
}

// planChange is what decodePlan keeps of a resource change that leaves a
// managed resource in place.
type planChange struct {
	address   string
	typ       string
	moduleRaw []byte // raw module_address
	nameRaw   []byte // raw name
	after     []byte
	unknown   []byte
	attrs     map[string]any // after, when decoded already
	decoded   bool
}

// decodePlan reads plan JSON and returns the managed resources that will
// exist after apply, and the region the plan's root aws provider names.
//
// It reads the plan in one pass with a jsonReader, which checks the whole
// document, as json.Unmarshal would, and takes only the members pricing
// reads. The attributes of the resources that will be priced are decoded
// by an attrPool on the other CPUs as the pass goes on. Of a member the
// plan repeats, the last counts, as it did when the plan was decoded with
// encoding/json; an error in one it replaces is no error.
func decodePlan(raw []byte) (*resourceSet, string, error) {
	var (
		r                  = jsonReader{data: raw}
		p                  wirePlan
		formatRaw, varsRaw []byte
		changes            changeList
		changesErr, cfgErr error
		in                 = newInterner()
		pool               attrPool
	)
	defer pool.finish(false)
	r.ws()
	if r.peek() != '{' {
		return nil, "", errors.New("decode plan json: not a JSON object")
	}
	if err := r.openObject(); err != nil {
		return nil, "", fmt.Errorf("decode plan json: %w", err)
	}
	for first := true; ; first = false {
		name, ok, err := r.member(first)
		if err != nil {
			return nil, "", fmt.Errorf("decode plan json: %w", err)
		}
		if !ok {
			break
		}
		switch {
		case nameIs(name, "format_version"):
			formatRaw, err = r.value()
		case nameIs(name, "variables"):
			varsRaw, err = r.value()
		case nameIs(name, "configuration"):
			// Decoded as it is checked, in one pass. A value of the wrong
			// type inside stops the decoding but not the checking: the
			// reader goes back and steps over the whole configuration.
			start, depth := r.pos, r.depth
			p.Configuration = wireConfiguration{}
			if cfgErr = r.configuration(&p.Configuration); cfgErr != nil {
				r.pos, r.depth = start, depth
				err = r.skip()
			}
		case nameIs(name, "resource_changes"):
			changes, changesErr, err = r.changes(in, &pool)
		default:
			err = r.skip()
		}
		if err != nil {
			return nil, "", fmt.Errorf("decode plan json: %w", err)
		}
	}
	if err := r.end(); err != nil {
		return nil, "", fmt.Errorf("decode plan json: %w", err)
	}
	changes.flush()

	if formatRaw != nil {
		if err := json.Unmarshal(formatRaw, &p.FormatVersion); err != nil {
			return nil, "", fmt.Errorf("decode plan json: format_version: %w", err)
		}
	}
	if varsRaw != nil {
		if err := json.Unmarshal(varsRaw, &p.Variables); err != nil {
			return nil, "", fmt.Errorf("decode plan json: variables: %w", err)
		}
	}
	if cfgErr != nil {
		return nil, "", fmt.Errorf("decode plan json: configuration: %w", cfgErr)
	}
	if changesErr != nil {
		return nil, "", fmt.Errorf("decode plan json: resource_changes: %w", changesErr)
	}
	if p.FormatVersion == "" {
		return nil, "", errors.New("not a terraform plan: no format_version (make it with `terraform show -json PLANFILE`)")
	}
	if major, _, _ := strings.Cut(p.FormatVersion, "."); major != "1" {
		return nil, "", fmt.Errorf("plan format_version %s is not supported (want 1.x)", p.FormatVersion)
	}

	exprs := make(map[string]exprParts, countConfig(&p.Configuration.RootModule))
	indexConfig(exprs, "", &p.Configuration.RootModule)

	pool.finish(true)
	set := newResourceSet(changes.n)
	var key []byte
	for _, chunk := range changes.chunks {
		for i := range chunk {
			c := &chunk[i]
			e := setEntry{
				res:        resource.Resource{Type: c.typ, Address: c.address, Attrs: c.attrs},
				rawAfter:   c.after,
				rawUnknown: c.unknown,
				decoded:    c.decoded,
			}
			if !isNull(c.moduleRaw) {
				e.moduleAddr = in.string(c.moduleRaw)
			}
			// Only a builder asks for its resource's configuration.
			if _, priced := builders[c.typ]; priced {
				key = appendConfigKey(key[:0], e.moduleAddr, c.typ, c.nameRaw)
				e.exprs = exprs[string(key)]
			}
			set.add(e)
		}
	}
	return set, providerRegion(&p), nil
}

// changeList collects changes in chunks, which a plan of many thousands
// fills without copying what it holds already, and hands each full chunk
// to a pool that decodes the attributes pricing will read.
type changeList struct {
	chunks [][]planChange
	n      int
	pool   *attrPool
}

// changeChunk is how many changes a chunk holds: enough that a chunk is
// worth a goroutine's attention.
const changeChunk = 256

func (l *changeList) add(c planChange) {
	if len(l.chunks) == 0 || len(l.chunks[len(l.chunks)-1]) == changeChunk {
		if len(l.chunks) > 0 {
			l.pool.submit(l.chunks[len(l.chunks)-1])
		}
		l.chunks = append(l.chunks, make([]planChange, 0, changeChunk))
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = append(*last, c)
	l.n++
}

// flush hands the last chunk to the pool, if the pool has started: a plan
// too small to start it is decoded where it is priced.
func (l *changeList) flush() {
	if len(l.chunks) > 0 && l.pool != nil && l.pool.work != nil {
		l.pool.submit(l.chunks[len(l.chunks)-1])
	}
}

// changes reads resource_changes and returns the changes that leave a
// managed resource in place. A change that is not shaped like one makes
// shapeErr, which is returned rather than raised so that the reader goes
// on to check the rest of the plan: a later resource_changes member would
// replace this one.
func (r *jsonReader) changes(in *interner, pool *attrPool) (out changeList, shapeErr error, err error) {
	out.pool = pool
	switch r.peek() {
	case 'n':
		return out, nil, r.skip()
	case '[':
	default:
		return out, errors.New("not a JSON array"), r.skip()
	}
	if err := r.openArray(); err != nil {
		return out, nil, err
	}
	for first := true; ; first = false {
		ok, err := r.element(first)
		if err != nil {
			return out, nil, err
		}
		if !ok {
			return out, shapeErr, nil
		}
		if shapeErr != nil {
			if err := r.skip(); err != nil {
				return out, nil, err
			}
			continue
		}
		c, keep, cerr, err := r.change(in)
		if err != nil {
			return out, nil, err
		}
		if cerr != nil {
			shapeErr = cerr
			out = changeList{pool: pool}
		} else if keep {
			out.add(c)
		}
	}
}

// change reads one resource change. keep says whether it leaves a managed
// resource in place. Of a repeated member the last counts, and the string
// members must be strings or null.
func (r *jsonReader) change(in *interner) (c planChange, keep bool, shapeErr error, err error) {
	if r.peek() != '{' {
		return c, false, errors.New("not a JSON object"), r.skip()
	}
	var (
		addr, mode, typ       []byte
		actions, after, unk   []byte
		haveChange, changeObj bool
	)
	if err := r.openObject(); err != nil {
		return c, false, nil, err
	}
	for first := true; ; first = false {
		name, ok, err := r.member(first)
		if err != nil {
			return c, false, nil, err
		}
		if !ok {
			break
		}
		switch {
		case nameIs(name, "address"):
			addr, err = r.value()
		case nameIs(name, "module_address"):
			c.moduleRaw, err = r.value()
		case nameIs(name, "mode"):
			mode, err = r.value()
		case nameIs(name, "type"):
			typ, err = r.value()
		case nameIs(name, "name"):
			c.nameRaw, err = r.value()
		case nameIs(name, "change"):
			haveChange = true
			actions, after, unk = nil, nil, nil
			if changeObj = r.peek() == '{'; changeObj {
				actions, after, unk, err = r.changeBody()
			} else {
				err = r.skip()
			}
		default:
			err = r.skip()
		}
		if err != nil {
			return c, false, nil, err
		}
	}

	for _, f := range []struct {
		name string
		raw  []byte
	}{{"address", addr}, {"module_address", c.moduleRaw}, {"mode", mode}, {"type", typ}, {"name", c.nameRaw}} {
		if !isNull(f.raw) && f.raw[0] != '"' {
			return c, false, fmt.Errorf("%s: %w", f.name, typeError(f.raw, (*string)(nil))), nil
		}
	}
	if haveChange && !changeObj {
		return c, false, fmt.Errorf("%s: change: not a JSON object", mustRawString(addr)), nil
	}
	survive, ok := survivingActions(actions)
	if !ok {
		return c, false, fmt.Errorf("%s: change.actions: %w", mustRawString(addr), typeError(actions, (*[]string)(nil))), nil
	}
	if !rawStringIs(mode, "managed") || !survive || len(after) == 0 || after[0] != '{' {
		// An after of null: the resource will not exist.
		return c, false, nil, nil
	}
	c.address = mustRawString(addr)
	if !isNull(typ) && !hasByte(typ, '\\') {
		c.typ = in.string(typ)
	} else {
		c.typ = mustRawString(typ)
	}
	c.after, c.unknown = after, unk
	return c, true, nil, nil
}

// changeBody reads the change object of a resource change, of which
// pricing wants actions, after and after_unknown.
func (r *jsonReader) changeBody() (actions, after, unknown []byte, err error) {
	if err := r.openObject(); err != nil {
		return nil, nil, nil, err
	}
	for first := true; ; first = false {
		name, ok, err := r.member(first)
		if err != nil {
			return nil, nil, nil, err
		}
		if !ok {
			return actions, after, unknown, nil
		}
		switch {
		case nameIs(name, "actions"):
			actions, err = r.value()
		case nameIs(name, "after"):
			after, err = r.value()
		case nameIs(name, "after_unknown"):
			unknown, err = r.value()
		default:
			err = r.skip()
		}
		if err != nil {
			return nil, nil, nil, err
		}
	}
}

// survivingActions reads checked actions, absent, null or a list of
// strings, and reports whether a resource with these planned actions
// exists after apply: created, updated, replaced or left alone; not
// deleted, forgotten or only read. ok is false when they are not a list
// of strings.
func survivingActions(raw []byte) (survive, ok bool) {
	if isNull(raw) {
		return false, true
	}
	if raw[0] != '[' {
		return false, false
	}
	r := jsonReader{data: raw}
	r.openArray()
	for first := true; ; first = false {
		more, err := r.element(first)
		if err != nil || !more {
			return survive, err == nil
		}
		switch r.peek() {
		case '"':
			start := r.pos
			r.skipString()
			s := raw[start:r.pos]
			survive = survive || stringIs(s, "create") || stringIs(s, "update") || stringIs(s, "no-op")
		case 'n':
			r.skip()
		default:
			return false, false
		}
	}
}

// stringIs reports whether a checked, quoted JSON string decodes to want.
func stringIs(quoted []byte, want string) bool {
	s := quoted[1 : len(quoted)-1]
	if plainPrefix(s) == len(s) {
		return string(s) == want
	}
	return unquote(quoted) == want
}

// rawStringIs reports whether rawString(raw) is want.
func rawStringIs(raw []byte, want string) bool {
	if isNull(raw) {
		return want == ""
	}
	if !hasByte(raw, '\\') {
		return string(raw[1:len(raw)-1]) == want
	}
	return mustRawString(raw) == want
}

// mustRawString is rawString for a checked string or null.
func mustRawString(raw []byte) string {
	s, _ := rawString(raw)
	return s
}

func hasByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

// countConfig counts the resource blocks of a module and its children.
func countConfig(m *wireModule) int {
	n := len(m.Resources)
	for _, call := range m.ModuleCalls {
		n += countConfig(&call.Module)
	}
	return n
}

// indexConfig records every managed resource block's expressions under its
// module path (instance keys removed) and module-relative address.
func indexConfig(out map[string]exprParts, path string, m *wireModule) {
	for _, r := range m.Resources {
		if r.Mode == "managed" || r.Mode == "" {
			out[configKey(path, r.Address)] = r.Expressions
		}
	}
	for name, call := range m.ModuleCalls {
		child := "module." + name
		if path != "" {
			child = path + "." + child
		}
		indexConfig(out, child, &call.Module)
	}
}

// configKey names a resource block: its module path without instance keys
// ("module.net" for "module.net[0]") and its address inside the module.
func configKey(modulePath, addr string) string {
	if modulePath == "" {
		return addr
	}
	return string(appendModulePath(nil, modulePath)) + "|" + addr
}

// appendConfigKey appends configKey(modulePath, typ+"."+name) for the raw
// name of a resource change, without allocating.
func appendConfigKey(b []byte, modulePath, typ string, nameRaw []byte) []byte {
	if modulePath != "" {
		b = append(appendModulePath(b, modulePath), '|')
	}
	b = append(append(b, typ...), '.')
	if !isNull(nameRaw) && !hasByte(nameRaw, '\\') {
		return append(b, nameRaw[1:len(nameRaw)-1]...)
	}
	return append(b, mustRawString(nameRaw)...)
}

func appendModulePath(b []byte, modulePath string) []byte {
	depth := 0
	for _, r := range modulePath {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0:
			b = appendRune(b, r)
		}
	}
	return b
}

// appendRune is strings.Builder.WriteRune's encoding: invalid UTF-8, read
// by range as U+FFFD, is written as U+FFFD.
func appendRune(b []byte, r rune) []byte {
	if r < 0x80 {
		return append(b, byte(r))
	}
	return append(b, string(r)...)
}

// providerRegion returns the region of the root, unaliased aws provider: a
// literal, or a variable whose value the plan records.
func providerRegion(p *wirePlan) string {
	pc, ok := p.Configuration.ProviderConfig["aws"]
	if !ok {
		return ""
	}
	var expr wireExpr
	if raw, ok := pc.Expressions["region"]; !ok || json.Unmarshal(raw, &expr) != nil {
		return ""
	}
	var s string
	if len(expr.ConstantValue) > 0 && json.Unmarshal(expr.ConstantValue, &s) == nil && s != "" {
		return s
	}
	for _, ref := range expr.References {
		name, ok := strings.CutPrefix(ref, "var.")
		if !ok {
			continue
		}
		if v, ok := p.Variables[name]; ok && json.Unmarshal(v.Value, &s) == nil && s != "" {
			return s
		}
	}
	return ""
}

// interner shares the strings a plan repeats (types, module addresses),
// so that each is allocated once.
type interner map[string]string

func newInterner() *interner {
	m := interner{}
	return &m
}

// string returns raw, the inside of a checked string without escapes or
// null, as rawString would, shared.
func (in *interner) string(raw []byte) string {
	if isNull(raw) {
		return ""
	}
	if hasByte(raw, '\\') {
		return mustRawString(raw)
	}
	b := raw[1 : len(raw)-1]
	if s, ok := (*in)[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(*in) < maxInterned {
		(*in)[s] = s
	}
	return s
}

// maxInterned bounds an interner, which a plan of a million distinct module
// addresses would otherwise grow without use.
const maxInterned = 4096
