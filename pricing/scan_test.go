package pricing

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestEstimatePlanRefusesMalformedParts: the parts of a plan that pricing
// does not read are still checked, so a damaged plan is an error rather
// than a partial estimate.
func TestEstimatePlanRefusesMalformedParts(t *testing.T) {
	t.Parallel()
	good := change("aws_eip.a", "aws_eip", "create", `{}`)
	free := change("aws_vpc.a", "aws_vpc", "create", `{}`)
	for name, raw := range map[string]string{
		"planned_values":        `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [1,]}}}`,
		"prior_state":           `{"format_version": "1.2", "prior_state": {"values": tru}}`,
		"unknown member":        `{"format_version": "1.2", "timestamp": "2025-01-01T00:00:00Z` + "\x01" + `"}`,
		"before":                `{"format_version": "1.2", "resource_changes": [` + strings.Replace(good, `"before": null`, `"before": {"a": 01}`, 1) + `]}`,
		"after of a free type":  `{"format_version": "1.2", "resource_changes": [` + strings.Replace(free, `"after": {}`, `"after": {"cidr_block": "10.0.0.0/16\q"}`, 1) + `]}`,
		"after_unknown":         `{"format_version": "1.2", "resource_changes": [` + strings.Replace(good, `"id": true`, `"id": true,, "x": 1`, 1) + `]}`,
		"configuration":         `{"format_version": "1.2", "configuration": {"root_module": {"resources": [{"expressions": {"x": {"constant_value": [1 2]}}}]}}}`,
		"too deep":              `{"format_version": "1.2", "x": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`,
		"unterminated string":   `{"format_version": "1.2", "x": "abc`,
		"bad unicode escape":    `{"format_version": "1.2", "x": "\u12g4"}`,
		"number without digits": `{"format_version": "1.2", "x": -}`,
	} {
		if json.Valid([]byte(raw)) {
			t.Fatalf("%s: test plan is valid JSON", name)
		}
		_, err := EstimatePlan([]byte(raw), EstimateOptions{Name: "bad.json", Region: "us-east-1"})
		if err == nil || !strings.Contains(err.Error(), "estimate bad.json: decode plan json") {
			t.Errorf("%s: err = %v, want a decode error", name, err)
		}
	}
}

// FuzzJSONReader holds jsonReader to encoding/json's idea of valid JSON.
func FuzzJSONReader(f *testing.F) {
	for _, seed := range []string{
		`{"a": [1, -2.5e+3, "x\"\\\/\b\f\n\r\t\u00e9", true, false, null, {}]}`,
		`[1,]`, `{"a":1,}`, `01`, `1.`, `-`, `"\x"`, `"` + "\x01" + `"`, `"\ud800"`, "\"\xff\"",
		` {"a" : { "b" : [ ] } } `, `{"a" 1}`, `[[[[]]]]`, `"abc`, `tru`, `nul`, `1e`, `1e+`,
		`"0123456789abcdef0123456789abcdef\"0123456789abcdef"`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := jsonReader{data: data}
		r.ws()
		err := r.skip()
		if err == nil {
			r.ws()
			if r.pos != len(data) {
				err = r.errorf("trailing data")
			}
		}
		if valid := json.Valid(data); valid != (err == nil) {
			t.Fatalf("json.Valid = %v, reader err = %v", valid, err)
		}
	})
}

// FuzzAttrDecoder holds attrDecoder to json.Unmarshal's decoding of an
// object into map[string]any, run twice to go through its shared values.
func FuzzAttrDecoder(f *testing.F) {
	for _, seed := range []string{
		`{"a": "x\u00e9\ud83d\ude00\ud800 \"q\" \\ \/ \b\f\n\r\t", "b": [1, 2.5, -0, 1e400, true, false, null, {}], "c": {"d": "é` + "\xff\xfe" + `"}, "a": 3}`,
		`{"n": 1023, "m": 1024, "o": 0, "p": 100000, "q": 0.5, "r": 1E2}`,
		`{"k\u0041": [[], [[]]], "": ""}`,
		`{"x": 1e-400}`,
		`{"s": "0123456789012345678901234567890123456789", "t": "0123456789012345678901234567890"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		r := jsonReader{data: data}
		r.ws()
		if r.peek() != '{' {
			return
		}
		raw, _ := r.value()
		var want map[string]any
		wantErr := json.Unmarshal(raw, &want)
		d := newAttrDecoder()
		for range 2 {
			got, err := d.object(raw)
			if (err == nil) != (wantErr == nil) {
				t.Fatalf("err = %v, json.Unmarshal's = %v", err, wantErr)
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("got %#v, want %#v", got, want)
			}
		}
	})
}

// TestReferences holds references to json.Unmarshal's decoding, down to
// what a repeated member does to the list.
func TestReferences(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		`{"references": ["aws_subnet.a", "aws_subnet.b[0]"]}`,
		`{"REFERENCES": ["a"]}`,
		`{"refer\u0065nces": ["x\u0041"]}`,
		`{"references": ["a", "b"], "references": [null, "c"]}`,
		`{"references": ["a", "b", "c"], "references": [], "references": [null, null]}`,
		`{"references": null, "references": [null]}`,
		`{"references": [1]}`,
		`{"references": "a"}`,
		`{"constant_value": 7}`,
		`[{"task_definition_arn": {"references": ["a"]}}]`,
		`null`,
		`{}`,
	} {
		var want struct {
			References []string `json:"references"`
		}
		err := json.Unmarshal([]byte(raw), &want)
		got, ok := references([]byte(raw))
		if ok != (err == nil) || ok && !reflect.DeepEqual(got, want.References) {
			t.Errorf("references(%s) = %#v, %v; json.Unmarshal: %#v, %v", raw, got, ok, want.References, err)
		}
	}
}

// TestConfigurationDecoding holds the configuration reader to
// encoding/json's decoding into the same types, repeated members and all.
func TestConfigurationDecoding(t *testing.T) {
	t.Parallel()
	type module struct {
		Resources []struct {
			Address     string
			Mode        string
			Expressions map[string]json.RawMessage
		}
		ModuleCalls map[string]struct{ Module json.RawMessage } `json:"module_calls"`
	}
	for _, raw := range []string{
		`{"resources": [{"address": "a.b", "mode": "managed", "expressions": {"x": 1}}]}`,
		`{"RESOURCES": [{"ADDRESS": "a.b", "Mode": null, "expressions": {"x": 1}, "expressions": {"y": 2}}]}`,
		`{"resources": [{"address": "a.b"}, {"address": "c.d"}], "resources": [{"mode": "data"}]}`,
		`{"resources": [{"address": "a.b"}, {"address": "c.d"}], "resources": [], "resources": [null, {"mode": "x"}]}`,
		`{"resources": [{"expressions": {"x": 1}}], "resources": [{"expressions": null}]}`,
		`{"reſources": [{"addreſs": "k"}], "module_calls": {"m": {"module": {}}}}`,
		`{"resources": [{"address": 7}]}`,
		`{"resources": [{"expressions": [1]}]}`,
		`{"resources": {}}`,
		`{"module_calls": []}`,
	} {
		var want module
		wantErr := json.Unmarshal([]byte(raw), &want)
		var got wireModule
		r := jsonReader{data: []byte(raw)}
		err := r.module(&got)
		if (err == nil) != (wantErr == nil) {
			t.Errorf("%s: err = %v, json.Unmarshal's = %v", raw, err, wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if len(got.Resources) != len(want.Resources) || (got.Resources == nil) != (want.Resources == nil) {
			t.Errorf("%s: %d resources, want %d", raw, len(got.Resources), len(want.Resources))
			continue
		}
		for i, w := range want.Resources {
			g := got.Resources[i]
			exprs := map[string]json.RawMessage{}
			if g.Expressions.first == nil {
				exprs = nil
			}
			g.Expressions.each(func(part json.RawMessage) {
				var m map[string]json.RawMessage
				if err := json.Unmarshal(part, &m); err != nil {
					t.Fatal(err)
				}
				for k, v := range m {
					exprs[k] = v
				}
			})
			if g.Address != w.Address || g.Mode != w.Mode || !reflect.DeepEqual(exprs, w.Expressions) {
				t.Errorf("%s: resource %d = %q %q %s, want %q %q %s", raw, i, g.Address, g.Mode, exprs, w.Address, w.Mode, w.Expressions)
			}
		}
		if len(got.ModuleCalls) != len(want.ModuleCalls) {
			t.Errorf("%s: %d module calls, want %d", raw, len(got.ModuleCalls), len(want.ModuleCalls))
		}
	}
}
