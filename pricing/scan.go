package pricing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// topLevel splits a JSON object into the raw values of the wanted members,
// without decoding or fully validating the others. A plan's planned_values
// and prior_state repeat what resource_changes says and make up a third of
// a large plan; walking past them by brackets is several times faster than
// encoding/json's scanner, which would check every byte of them twice. The
// members returned are decoded, and so validated, by encoding/json.
func topLevel(raw []byte, want ...string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(want))
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, errors.New("not a JSON object")
	}
	i++
	for {
		i = skipSpace(raw, i)
		if i < len(raw) && raw[i] == '}' {
			i++
			break
		}
		if i >= len(raw) || raw[i] != '"' {
			return nil, fmt.Errorf("expected a member name at offset %d", i)
		}
		end, err := skipString(raw, i)
		if err != nil {
			return nil, err
		}
		key := string(raw[i+1 : end-1])
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return nil, fmt.Errorf("expected ':' at offset %d", i)
		}
		i = skipSpace(raw, i+1)
		vend, err := skipValue(raw, i)
		if err != nil {
			return nil, err
		}
		for _, w := range want {
			if key == w {
				out[key] = raw[i:vend]
			}
		}
		i = skipSpace(raw, vend)
		if i < len(raw) && raw[i] == ',' {
			i++
			continue
		}
		if i < len(raw) && raw[i] == '}' {
			i++
			break
		}
		return nil, fmt.Errorf("expected ',' or '}' at offset %d", i)
	}
	if i = skipSpace(raw, i); i != len(raw) {
		return nil, fmt.Errorf("unexpected data after the object at offset %d", i)
	}
	return out, nil
}

func skipSpace(raw []byte, i int) int {
	for i < len(raw) {
		switch raw[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the offset just past the string that starts at i. It
// jumps from quote to quote with bytes.IndexByte and counts the
// backslashes before each: an odd number escapes the quote.
func skipString(raw []byte, i int) (int, error) {
	j := i + 1
	for {
		k := bytes.IndexByte(raw[j:], '"')
		if k < 0 {
			return 0, fmt.Errorf("unterminated string at offset %d", i)
		}
		q := j + k
		backslashes := 0
		for b := q - 1; b > i && raw[b] == '\\'; b-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return q + 1, nil
		}
		j = q + 1
	}
}

// skipValue returns the offset just past the value that starts at i,
// matching brackets and stepping over strings.
func skipValue(raw []byte, i int) (int, error) {
	if i >= len(raw) {
		return 0, errors.New("unexpected end of input")
	}
	switch raw[i] {
	case '"':
		return skipString(raw, i)
	case '{', '[':
		var stack []byte
		for j := i; j < len(raw); j++ {
			switch c := raw[j]; c {
			case '"':
				end, err := skipString(raw, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				stack = append(stack, c)
			case '}', ']':
				open := byte('{')
				if c == ']' {
					open = '['
				}
				if len(stack) == 0 || stack[len(stack)-1] != open {
					return 0, fmt.Errorf("unbalanced %q at offset %d", c, j)
				}
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errors.New("unexpected end of input")
	default:
		j := i
		for j < len(raw) {
			switch raw[j] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				return j, nil
			}
			j++
		}
		return j, nil
	}
}

// eachElement calls fn with the raw bytes of each element of a JSON array.
func eachElement(raw []byte, fn func(elem []byte) error) error {
	i := skipSpace(raw, 0)
	if i < len(raw) && raw[i] == 'n' && string(raw[i:skipSpace(raw, len(raw))]) == "null" {
		return nil
	}
	if i >= len(raw) || raw[i] != '[' {
		return errors.New("not a JSON array")
	}
	i++
	for {
		i = skipSpace(raw, i)
		if i < len(raw) && raw[i] == ']' {
			return nil
		}
		end, err := skipValue(raw, i)
		if err != nil {
			return err
		}
		if err := fn(raw[i:end]); err != nil {
			return err
		}
		i = skipSpace(raw, end)
		if i < len(raw) && raw[i] == ',' {
			i++
			continue
		}
		if i < len(raw) && raw[i] == ']' {
			return nil
		}
		return fmt.Errorf("expected ',' or ']' at offset %d", i)
	}
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
