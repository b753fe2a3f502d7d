package tfrun

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func parseAll(t *testing.T, input []byte) []Event {
	t.Helper()
	var got []Event
	if err := ParseEvents(bytes.NewReader(input), func(e Event) { got = append(got, e) }); err != nil {
		t.Fatalf("ParseEvents: %v", err)
	}
	return got
}

// TestParseEventsRealStream reads the -json output of a real apply in
// which one resource's provisioner failed, and checks the events come out
// in Terraform's order with the failure's diagnostic.
func TestParseEventsRealStream(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/apply-failed.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	got := parseAll(t, raw)
	type step struct {
		kind EventKind
		addr string
	}
	want := []step{
		{EventStarted, "terraform_data.c"},
		{EventStarted, "terraform_data.a"},
		{EventDone, "terraform_data.a"},
		{EventProgress, "terraform_data.c"}, // provisioning with local-exec
		{EventProgress, "terraform_data.c"}, // executing
		{EventStarted, "terraform_data.b"},
		{EventProgress, "terraform_data.c"}, // provisioning errored
		{EventFailed, "terraform_data.c"},
		{EventProgress, "terraform_data.b"},
		{EventProgress, "terraform_data.b"},
		{EventProgress, "terraform_data.b"},
		{EventDone, "terraform_data.b"},
		{EventDiagnostic, "terraform_data.c"},
	}
	if len(got) != len(want) {
		for _, e := range got {
			t.Logf("%s %s %q", e.Kind, e.Address, e.Message)
		}
		t.Fatalf("got %d events, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Kind != w.kind || got[i].Address != w.addr {
			t.Errorf("event %d = %s %s, want %s %s", i, got[i].Kind, got[i].Address, w.kind, w.addr)
		}
	}
	b := got[11]
	// Terraform says "after 1s"; the timestamps give the real duration of
	// the one-second sleep.
	if b.Elapsed < 900*time.Millisecond || b.Elapsed > 3*time.Second || b.Action != "create" {
		t.Errorf("b done = %+v, want create taking about 1s", b)
	}
	d := got[12].Diagnostic
	if d == nil || d.Severity != "error" || d.Summary != "local-exec provisioner error" || d.File != "main.tf" || d.Line != 12 {
		t.Errorf("diagnostic = %+v, want the local-exec error at main.tf:12", d)
	}
	if !strings.Contains(d.String(), "exit status 3") {
		t.Errorf("diagnostic text %q does not say why", d.String())
	}
	if got[0].Time.IsZero() || got[0].Time.Location() != time.UTC {
		t.Errorf("event time = %v, want Terraform's timestamp in UTC", got[0].Time)
	}
}

func TestParserLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		line string
		ok   bool
		want Event
	}{
		{"junk", `not json`, false, Event{}},
		{"empty object", `{}`, false, Event{}},
		{"wrong types", `{"type":"apply_start","hook":5}`, false, Event{}},
		{"start without hook", `{"type":"apply_start"}`, false, Event{}},
		{"version banner", `{"type":"version","@message":"Terraform 1.11.4"}`, false, Event{}},
		{"planned change", `{"type":"planned_change","change":{"resource":{"addr":"x.y"},"action":"create"}}`, false, Event{}},
		{
			"still creating", `{"type":"apply_progress","@message":"x.y: Still creating... [10s elapsed]","hook":{"resource":{"addr":"x.y"},"action":"create","elapsed_seconds":10}}`,
			true, Event{Kind: EventProgress, Address: "x.y", Action: "create", Elapsed: 10 * time.Second, Message: "x.y: Still creating... [10s elapsed]"},
		},
		{
			"interrupt log", `{"type":"log","@message":"Stopping operation..."}`,
			true, Event{Kind: EventProgress, Message: "Stopping operation..."},
		},
		{
			"summary", `{"type":"change_summary","@message":"Apply complete!","changes":{"add":3,"change":0,"remove":1,"operation":"apply"}}`,
			true, Event{Kind: EventSummary, Message: "Apply complete!", Changes: &ChangeCounts{Add: 3, Remove: 1, Operation: "apply"}},
		},
		{
			"diagnostic without range", `{"type":"diagnostic","diagnostic":{"severity":"error","summary":"execution halted"}}`,
			true, Event{Kind: EventDiagnostic, Diagnostic: &Diagnostic{Severity: "error", Summary: "execution halted"}},
		},
		{
			"absurd elapsed", `{"type":"apply_complete","hook":{"resource":{"addr":"x.y"},"action":"delete","elapsed_seconds":-4}}`,
			true, Event{Kind: EventDone, Address: "x.y", Action: "delete"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var p Parser
			got, ok := p.Line([]byte(tt.line))
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if got.Kind != tt.want.Kind || got.Address != tt.want.Address || got.Action != tt.want.Action ||
				got.Elapsed != tt.want.Elapsed || got.Message != tt.want.Message {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if (got.Changes == nil) != (tt.want.Changes == nil) || (got.Changes != nil && *got.Changes != *tt.want.Changes) {
				t.Errorf("changes = %+v, want %+v", got.Changes, tt.want.Changes)
			}
			if (got.Diagnostic == nil) != (tt.want.Diagnostic == nil) || (got.Diagnostic != nil && *got.Diagnostic != *tt.want.Diagnostic) {
				t.Errorf("diagnostic = %+v, want %+v", got.Diagnostic, tt.want.Diagnostic)
			}
		})
	}
}

// TestParseEventsLongLine makes sure a diagnostic bigger than bufio's
// default token size is not lost.
func TestParseEventsLongLine(t *testing.T) {
	t.Parallel()
	detail := strings.Repeat("x", 200_000)
	line := `{"type":"diagnostic","diagnostic":{"severity":"error","summary":"big","detail":"` + detail + `"}}`
	got := parseAll(t, []byte("junk\n"+line))
	if len(got) != 1 || got[0].Diagnostic == nil || len(got[0].Diagnostic.Detail) != len(detail) {
		t.Fatalf("got %d events, want the one long diagnostic", len(got))
	}
}

func FuzzParseEvents(f *testing.F) {
	raw, err := os.ReadFile("testdata/apply-failed.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte(`{"type":"apply_complete","hook":{"resource":{"addr":1}}}`))
	f.Add([]byte("{\"type\":\"diagnostic\",\"diagnostic\":{\"range\":null}}\n\x00\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := NewProgress(nil, func() time.Time { return time.Unix(0, 0) })
		err := ParseEvents(bytes.NewReader(data), func(e Event) {
			p.Observe(e)
			if e.Kind == "" {
				t.Errorf("event without a kind: %+v", e)
			}
		})
		if err != nil {
			t.Errorf("ParseEvents on an in-memory reader: %v", err)
		}
		if p.Done() > p.Total() {
			t.Errorf("done %d of %d", p.Done(), p.Total())
		}
		p.Remaining()
		p.Resources()
	})
}
