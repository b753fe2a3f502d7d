package pricing

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"reflect"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonReader walks JSON text and checks every byte of it against the
// grammar encoding/json accepts, so that a plan is refused exactly when
// json.Valid would refuse it. It is not a decoder: the caller asks for each
// value what it wants, the raw bytes of a member, the members of an object,
// or nothing (skip). Most of a plan is what pricing never reads:
// planned_values and prior_state repeat the resources, and a change
// carries its before and sensitivity maps along with its after. Checking
// them here in one pass is several times faster than encoding/json, which
// checks a document before it decodes it, and then decodes all of it.
type jsonReader struct {
	data  []byte
	pos   int
	depth int    // open objects and arrays, limited like encoding/json's
	stack []byte // skip's, kept from one value to the next
}

// maxNesting is encoding/json's limit on nested objects and arrays. What
// recurses once per level (the configuration's modules, attrDecoder) works
// on checked JSON, so the limit also bounds their stacks.
const maxNesting = 10000

func (r *jsonReader) errorf(format string, args ...any) error {
	return fmt.Errorf(format+" at offset %d", append(args, r.pos)...)
}

func (r *jsonReader) eof() error { return errors.New("unexpected end of JSON input") }

// ws steps over whitespace.
func (r *jsonReader) ws() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\r', '\n':
			r.pos++
		default:
			return
		}
	}
}

// peek returns the byte at the reader, or 0 at the end.
func (r *jsonReader) peek() byte {
	if r.pos < len(r.data) {
		return r.data[r.pos]
	}
	return 0
}

// value checks the value at the reader and returns its bytes.
func (r *jsonReader) value() ([]byte, error) {
	start := r.pos
	if r.peek() == '"' { // most values the reader is asked for
		end, err := r.stringEnd(start)
		if err != nil {
			return nil, err
		}
		r.pos = end
		return r.data[start:end], nil
	}
	if err := r.skip(); err != nil {
		return nil, err
	}
	return r.data[start:r.pos], nil
}

// skip checks the value at the reader and steps past it. It is the inner
// loop of the reader, which spends most of its time stepping over what
// pricing does not read, so it keeps its own stack of open brackets rather
// than recurse, and handles a token at a time without calls but for
// strings.
func (r *jsonReader) skip() error {
	if r.peek() == '"' { // the commonest value, and the cheapest
		return r.skipString()
	}
	d := r.data
	i := r.pos
	stack := r.stack[:0] // the open brackets, '{' or '['
	defer func() { r.stack = stack[:0] }()
values:
	for {
		// A value starts at i.
		if i >= len(d) {
			r.pos = i
			return r.eof()
		}
		switch c := d[i]; c {
		case '"':
			end, err := r.stringEnd(i)
			if err != nil {
				return err
			}
			i = end
		case '{', '[':
			if r.depth+len(stack) >= maxNesting {
				r.pos = i
				return r.errorf("exceeded max depth")
			}
			stack = append(stack, c)
			i = skipSpace(d, i+1)
			if i < len(d) && d[i] == c+2 { // '}' or ']'
				stack = stack[:len(stack)-1]
				i++
				break
			}
			if c == '{' {
				var err error
				if i, err = r.memberName(i); err != nil {
					return err
				}
			}
			continue values
		case 't', 'f', 'n':
			r.pos = i
			if err := r.literal(literals[c]); err != nil {
				return err
			}
			i = r.pos
		default:
			if c != '-' && (c < '0' || c > '9') {
				r.pos = i
				return r.errorf("invalid character %q looking for beginning of value", c)
			}
			r.pos = i
			if err := r.skipNumber(); err != nil {
				return err
			}
			i = r.pos
		}
		// A value ended at i: what follows closes brackets or starts the
		// next value.
		for {
			if len(stack) == 0 {
				r.pos = i
				return nil
			}
			i = skipSpace(d, i)
			if i >= len(d) {
				r.pos = i
				return r.eof()
			}
			open := stack[len(stack)-1]
			switch c := d[i]; {
			case c == ',':
				i = skipSpace(d, i+1)
				if open == '{' {
					var err error
					if i, err = r.memberName(i); err != nil {
						return err
					}
				}
				continue values
			case c == open+2:
				stack = stack[:len(stack)-1]
				i++
			default:
				r.pos = i
				if open == '{' {
					return r.errorf("invalid character %q after object member", c)
				}
				return r.errorf("invalid character %q after array element", c)
			}
		}
	}
}

var literals = [256]string{'t': "true", 'f': "false", 'n': "null"}

// memberName steps over the name of an object member that starts at i,
// the colon after it and the space after that, and returns where the
// value starts.
func (r *jsonReader) memberName(i int) (int, error) {
	d := r.data
	if i >= len(d) {
		r.pos = i
		return 0, r.eof()
	}
	if d[i] != '"' {
		r.pos = i
		return 0, r.errorf("invalid character %q looking for beginning of object member name", d[i])
	}
	i, err := r.stringEnd(i)
	if err != nil {
		return 0, err
	}
	i = skipSpace(d, i)
	if i >= len(d) {
		r.pos = i
		return 0, r.eof()
	}
	if d[i] != ':' {
		r.pos = i
		return 0, r.errorf("invalid character %q after object member name", d[i])
	}
	return skipSpace(d, i+1), nil
}

func skipSpace(d []byte, i int) int {
	for i < len(d) && (d[i] == ' ' || d[i] == '\n' || d[i] == '\t' || d[i] == '\r') {
		i++
	}
	return i
}

func (r *jsonReader) literal(word string) error {
	if len(r.data)-r.pos < len(word) {
		if string(r.data[r.pos:]) == word[:len(r.data)-r.pos] {
			return r.eof()
		}
	} else if string(r.data[r.pos:r.pos+len(word)]) == word {
		r.pos += len(word)
		return nil
	}
	return r.errorf("invalid literal, want %s", word)
}

// skipNumber steps over -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
// What follows is the caller's to check: "01" fails there, as a 0
// followed by something that is not a comma or a bracket.
func (r *jsonReader) skipNumber() error {
	d, i := r.data, r.pos
	if d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		i = digits(d, i+1)
	default:
		return r.numberError(i)
	}
	if i < len(d) && d[i] == '.' {
		j := digits(d, i+1)
		if j == i+1 {
			return r.numberError(j)
		}
		i = j
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := digits(d, i)
		if j == i {
			return r.numberError(j)
		}
		i = j
	}
	r.pos = i
	return nil
}

func (r *jsonReader) numberError(i int) error {
	if i >= len(r.data) {
		return r.eof()
	}
	r.pos = i
	return r.errorf("invalid character %q in numeric literal", r.data[i])
}

func digits(d []byte, i int) int {
	for i < len(d) && '0' <= d[i] && d[i] <= '9' {
		i++
	}
	return i
}

// plainInString marks the bytes a string may hold without a second look:
// not a quote, a backslash or a control character. Bytes from 0x80 are
// plain: like encoding/json, the reader does not insist on UTF-8, which
// decoding later coerces.
var plainInString = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// stringEnd checks the string that starts at i and returns where it ends.
func (r *jsonReader) stringEnd(i int) (int, error) {
	if end := scanString(r.data, i); end >= 0 {
		return end, nil
	}
	r.pos = i
	return 0, r.stringError()
}

// skipString checks the string at the reader and steps past it.
func (r *jsonReader) skipString() error {
	end, err := r.stringEnd(r.pos)
	if err != nil {
		return err
	}
	r.pos = end
	return nil
}

// scanString returns the offset just past the string that starts at i, or
// -1 when it is not well formed. Strings are most of a plan's bytes (some
// 85%), so it looks at sixteen at a time for the three kinds of byte that
// need a second look: a quote, a backslash, a control character.
func scanString(d []byte, i int) int {
	i++
	for {
		for i+16 <= len(d) {
			m1 := specialBytes(binary.LittleEndian.Uint64(d[i:]))
			m2 := specialBytes(binary.LittleEndian.Uint64(d[i+8:]))
			if m1|m2 != 0 {
				if m1 != 0 {
					i += bits.TrailingZeros64(m1) / 8
				} else {
					i += 8 + bits.TrailingZeros64(m2)/8
				}
				break
			}
			i += 16
		}
		for i < len(d) && plainInString[d[i]] {
			i++
		}
		if i >= len(d) {
			return -1
		}
		switch d[i] {
		case '"':
			return i + 1
		case '\\':
			if i+1 >= len(d) {
				return -1
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d) || !isHex(d[i+2]) || !isHex(d[i+3]) || !isHex(d[i+4]) || !isHex(d[i+5]) {
					return -1
				}
				i += 6
			default:
				return -1
			}
		default:
			return -1
		}
	}
}

// stringError says what is wrong with the string at the reader, which
// scanString refused.
func (r *jsonReader) stringError() error {
	d := r.data
	for i := r.pos + 1; i < len(d); i++ {
		switch c := d[i]; {
		case c == '"':
			return r.errorf("invalid string") // not reached: scanString accepts it
		case c == '\\':
			if i+1 >= len(d) {
				return r.eof()
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				for k := i + 2; k < i+6; k++ {
					if k >= len(d) {
						return r.eof()
					}
					if !isHex(d[k]) {
						r.pos = k
						return r.errorf("invalid character %q in \\u hexadecimal character escape", d[k])
					}
				}
				i += 5
			default:
				r.pos = i + 1
				return r.errorf("invalid character %q in string escape code", d[i+1])
			}
		case c < 0x20:
			r.pos = i
			return r.errorf("invalid character %q in string literal", c)
		}
	}
	return r.eof()
}

// ones and highs are the byte-wise constants of the word-at-a-time tests:
// zeroBytes(w) has the high bit set in the lowest zero byte of w (and
// perhaps above it), and (w-ones*n)&^w&highs, for n up to 0x80, in the
// lowest byte below n.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

func zeroBytes(w uint64) uint64 { return (w - ones) &^ w & highs }

// specialBytes marks the quotes, backslashes and control characters of w.
func specialBytes(w uint64) uint64 {
	return zeroBytes(w^(ones*'"')) | zeroBytes(w^(ones*'\\')) | (w-ones*0x20)&^w&highs
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// openObject steps into the object at the reader.
func (r *jsonReader) openObject() error {
	if r.depth++; r.depth > maxNesting {
		return r.errorf("exceeded max depth")
	}
	r.pos++
	return nil
}

// openArray steps into the array at the reader.
func (r *jsonReader) openArray() error {
	if r.depth++; r.depth > maxNesting {
		return r.errorf("exceeded max depth")
	}
	r.pos++
	return nil
}

// member steps to the next member of an object the reader is in and
// returns its name, still quoted, leaving the reader at its value; ok is
// false, and the reader past the object, at the closing brace. first says
// whether this is the first member, which no comma comes before.
func (r *jsonReader) member(first bool) (name []byte, ok bool, err error) {
	r.ws()
	if r.pos >= len(r.data) {
		return nil, false, r.eof()
	}
	switch c := r.data[r.pos]; {
	case c == '}':
		r.pos++
		r.depth--
		return nil, false, nil
	case !first && c == ',':
		r.pos++
		r.ws()
	case !first:
		return nil, false, r.errorf("invalid character %q after object member", c)
	}
	if r.pos >= len(r.data) {
		return nil, false, r.eof()
	}
	if r.data[r.pos] != '"' {
		return nil, false, r.errorf("invalid character %q looking for beginning of object member name", r.data[r.pos])
	}
	start := r.pos
	if err := r.skipString(); err != nil {
		return nil, false, err
	}
	name = r.data[start:r.pos]
	r.ws()
	if r.pos >= len(r.data) {
		return nil, false, r.eof()
	}
	if r.data[r.pos] != ':' {
		return nil, false, r.errorf("invalid character %q after object member name", r.data[r.pos])
	}
	r.pos++
	r.ws()
	return name, true, nil
}

// element steps to the next element of an array the reader is in, like
// member.
func (r *jsonReader) element(first bool) (ok bool, err error) {
	r.ws()
	if r.pos >= len(r.data) {
		return false, r.eof()
	}
	switch c := r.data[r.pos]; {
	case c == ']':
		r.pos++
		r.depth--
		return false, nil
	case !first && c == ',':
		r.pos++
		r.ws()
		if r.pos >= len(r.data) {
			return false, r.eof()
		}
		if r.data[r.pos] == ']' {
			// "[1,]": the comma promised an element.
			return false, r.errorf("invalid character ']' looking for beginning of value")
		}
	case !first:
		return false, r.errorf("invalid character %q after array element", c)
	}
	return true, nil
}

// end checks that nothing but whitespace follows the reader.
func (r *jsonReader) end() error {
	r.ws()
	if r.pos != len(r.data) {
		return fmt.Errorf("unexpected data after the object at offset %d", r.pos)
	}
	return nil
}

// Reading values from bytes a jsonReader has checked.

// isNull reports whether raw, a checked value, is null; absent (nil)
// counts as null.
func isNull(raw []byte) bool { return len(raw) == 0 || raw[0] == 'n' }

// nameIs reports whether a quoted member name, as member returns it, is
// exactly want, escapes and all.
func nameIs(quoted []byte, want string) bool {
	return len(quoted) == len(want)+2 && string(quoted[1:len(quoted)-1]) == want
}

// unquote decodes a checked JSON string as encoding/json does: escapes
// resolved, invalid UTF-8 and lone surrogates replaced by U+FFFD.
func unquote(quoted []byte) string {
	s := quoted[1 : len(quoted)-1]
	if plainPrefix(s) == len(s) {
		return string(s)
	}
	return string(unquoteSlow(s))
}

// plainPrefix is the length of the start of s, a string's contents, that
// needs no decoding: no escape and valid UTF-8.
func plainPrefix(s []byte) int {
	i := 0
	for i < len(s) {
		c := s[i]
		if c == '\\' {
			return i
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return i
}

// unquoteSlow is encoding/json's unquoteBytes for contents a jsonReader has
// checked, so that every escape is well formed.
func unquoteSlow(s []byte) []byte {
	r := plainPrefix(s)
	b := make([]byte, 0, len(s)+2*utf8.UTFMax)
	b = append(b, s[:r]...)
	for r < len(s) {
		switch c := s[r]; {
		case c == '\\':
			switch e := s[r+1]; e {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := hex4(s[r+2:])
				r += 6
				if utf16.IsSurrogate(rr) {
					if r+6 <= len(s) && s[r] == '\\' && s[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, hex4(s[r+2:])); dec != unicode.ReplacementChar {
							r += 6
							b = utf8.AppendRune(b, dec)
							continue
						}
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // '"', '\\', '/'
				b = append(b, e)
			}
			r += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return b
}

// hex4 reads the four hexadecimal digits of a \u escape.
func hex4(s []byte) rune {
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r*16 + rune(c)
	}
	return r
}

// rawString decodes a JSON string value; one without escapes, as every
// address and type is, is sliced rather than decoded. Null and absent are
// "".
func rawString(raw []byte) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && !bytes.ContainsRune(raw, '\\') {
		return string(raw[1 : len(raw)-1]), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", err
	}
	return s, nil
}

// typeError is the error encoding/json gives for decoding raw, a checked
// value, into what sample, a nil pointer, points to, which raw does not
// fit. The sample is typed nil so that it costs nothing until an error.
func typeError(raw []byte, sample any) error {
	dst := reflect.New(reflect.TypeOf(sample).Elem()).Interface()
	if err := json.Unmarshal(raw, dst); err != nil {
		return err
	}
	return fmt.Errorf("unexpected %.20q", raw)
}
