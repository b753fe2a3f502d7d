package pricing

import (
	"errors"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// attrDecoder decodes JSON that a jsonReader has checked into the values
// encoding/json gives an `any`: map[string]any, []any, string, float64,
// bool and nil, with strings unescaped and coerced to UTF-8 the same way
// and a number too large for a float64 an error. It does not check the
// grammar again, which is what makes it several times faster than
// json.Unmarshal on the attributes of a plan's priced resources.
//
// Member names and short values repeat from resource to resource
// ("tags_all", "FARGATE", a project tag), so the decoder keeps one copy of
// each, ready boxed; one decoder serves one goroutine. What it shares are
// strings and numbers, which nobody can change.
type attrDecoder struct {
	data   []byte
	pos    int
	names  map[string]string
	values map[string]any // short plain strings, boxed once
}

func newAttrDecoder() *attrDecoder {
	return &attrDecoder{names: map[string]string{}, values: map[string]any{}}
}

// maxSharedValue is the longest string value a decoder shares: names,
// enumerations and tags repeat from resource to resource, descriptions and
// policies do not.
const maxSharedValue = 32

// smallNumbers are the whole numbers up to 1023 as boxed float64s: counts,
// ports, periods and sizes, which need no parsing and no allocation.
var smallNumbers = func() (t [1024]any) {
	for i := range t {
		t[i] = float64(i)
	}
	return t
}()

// errNumberRange is encoding/json's refusal of a number that does not fit
// a float64; the attributes it is in go undecoded.
var errNumberRange = errors.New("number out of range")

// object decodes raw, a checked JSON object, into a map.
func (d *attrDecoder) object(raw []byte) (map[string]any, error) {
	if len(raw) == 0 || raw[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	d.data, d.pos = raw, 0
	v, err := d.value()
	d.data = nil
	if err != nil {
		return nil, err
	}
	return v.(map[string]any), nil
}

func (d *attrDecoder) ws() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\r', '\n':
			d.pos++
		default:
			return
		}
	}
}

// value decodes the value at the decoder, which stands on its first byte.
func (d *attrDecoder) value() (any, error) {
	switch c := d.data[d.pos]; c {
	case '{':
		d.pos++
		m := make(map[string]any)
		for {
			d.ws()
			if d.data[d.pos] == '}' {
				d.pos++
				return m, nil
			}
			if d.data[d.pos] == ',' {
				d.pos++
				d.ws()
			}
			name := d.name()
			d.ws()
			d.pos++ // ':'
			d.ws()
			v, err := d.value()
			if err != nil {
				return nil, err
			}
			m[name] = v
		}
	case '[':
		d.pos++
		a := make([]any, 0)
		for {
			d.ws()
			if d.data[d.pos] == ']' {
				d.pos++
				return a, nil
			}
			if d.data[d.pos] == ',' {
				d.pos++
				d.ws()
			}
			v, err := d.value()
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case '"':
		start := d.pos
		plain := d.stringEnd()
		if !plain {
			return unquote(d.data[start:d.pos]), nil
		}
		b := d.data[start+1 : d.pos-1]
		if len(b) > maxSharedValue {
			return string(b), nil
		}
		if v, ok := d.values[string(b)]; ok {
			return v, nil
		}
		var v any = string(b)
		if len(d.values) < maxInterned {
			d.values[v.(string)] = v
		}
		return v, nil
	case 't':
		d.pos += 4
		return true, nil
	case 'f':
		d.pos += 5
		return false, nil
	case 'n':
		d.pos += 4
		return nil, nil
	default:
		start := d.pos
		n, digitsOnly := 0, true
		for d.pos < len(d.data) && isNumberByte(d.data[d.pos]) {
			c := d.data[d.pos]
			if digitsOnly = digitsOnly && '0' <= c && c <= '9'; digitsOnly {
				n = n*10 + int(c-'0')
			}
			d.pos++
		}
		// JSON has no leading zeros, so digits alone are the number.
		if digitsOnly && d.pos-start <= 4 && n < len(smallNumbers) {
			return smallNumbers[n], nil
		}
		f, err := strconv.ParseFloat(string(d.data[start:d.pos]), 64)
		if err != nil {
			return nil, errNumberRange
		}
		return f, nil
	}
}

// name decodes a member name, keeping one copy of each.
func (d *attrDecoder) name() string {
	start := d.pos
	if !d.stringEnd() {
		return unquote(d.data[start:d.pos])
	}
	b := d.data[start+1 : d.pos-1]
	if s, ok := d.names[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(d.names) < maxInterned {
		d.names[s] = s
	}
	return s
}

// stringEnd steps past the string at the decoder and reports whether it is
// plain ASCII without escapes, whose bytes are its value.
func (d *attrDecoder) stringEnd() (plain bool) {
	plain = true
	i := d.pos + 1
	for {
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return plain
		case c == '\\':
			plain = false
			i += 2
		case c >= 0x80:
			plain = false
			i++
		default:
			i++
		}
	}
}

func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// attrPool decodes, on the other CPUs, the attributes of the changes that
// pricing will read (those of priced types and task definitions) while the
// reader goes on through the plan, which takes longer. A worker writes
// only the attrs and decoded fields of the changes of the chunks it is
// given, which nothing else touches until finish has waited for it.
type attrPool struct {
	work     chan []planChange
	wg       sync.WaitGroup
	stop     atomic.Bool
	finished bool
}

func (p *attrPool) submit(chunk []planChange) {
	if p.work == nil {
		workers := runtime.GOMAXPROCS(0) - 1
		if workers < 1 {
			return // resourceSet.predecode decodes them later
		}
		p.work = make(chan []planChange, 64)
		for range workers {
			p.wg.Go(func() {
				d := newAttrDecoder()
				for chunk := range p.work {
					if !p.stop.Load() {
						decodeChunk(chunk, d)
					}
				}
			})
		}
	}
	p.work <- chunk
}

// finish waits for the workers; with help, the calling goroutine decodes
// chunks still waiting, else they are dropped.
func (p *attrPool) finish(help bool) {
	if p.work == nil || p.finished {
		return
	}
	p.finished = true
	close(p.work)
	if help {
		d := newAttrDecoder()
		for chunk := range p.work {
			decodeChunk(chunk, d)
		}
	} else {
		p.stop.Store(true)
	}
	p.wg.Wait()
}

func decodeChunk(chunk []planChange, d *attrDecoder) {
	for i := range chunk {
		c := &chunk[i]
		if !predecoded(c.typ) || c.decoded {
			continue
		}
		c.decoded = true
		// A number too large for a float64 leaves the attributes
		// undecoded, as json.Unmarshal's error did.
		if attrs, err := d.object(c.after); err == nil {
			c.attrs = attrs
		}
	}
}
