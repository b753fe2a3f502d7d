package tfrun

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// EventKind says what an Event reports.
type EventKind string

// The kinds of Event, in the order a resource normally goes through them.
const (
	// EventStarted: Terraform began creating, updating or deleting a resource.
	EventStarted EventKind = "started"
	// EventProgress: still working (a periodic "Still creating…"), a
	// provisioner's output, or a message not tied to one resource (Address
	// is empty), such as "Stopping operation..." after an interrupt.
	EventProgress EventKind = "progress"
	// EventDone: the resource operation finished; Elapsed says how long it took.
	EventDone EventKind = "done"
	// EventFailed: the resource operation failed; the reason follows as an
	// EventDiagnostic with the same Address.
	EventFailed EventKind = "failed"
	// EventDiagnostic: an error or warning from Terraform, with file and line.
	EventDiagnostic EventKind = "diagnostic"
	// EventSummary: the whole run's counts ("3 added, 0 changed, 0 destroyed"),
	// or, from the lab manager, the plan's counts before apply starts.
	EventSummary EventKind = "summary"
)

// Event is one step of a Terraform run, taken from its -json output.
type Event struct {
	// Kind says what happened.
	Kind EventKind `json:"kind"`
	// Address is the resource address, such as "aws_sqs_queue.orders";
	// empty for messages about the whole run.
	Address string `json:"address,omitempty"`
	// Action is what Terraform does to the resource: create, update,
	// delete, read or noop.
	Action string `json:"action,omitempty"`
	// Elapsed is how long the resource operation has run (progress) or took
	// (done, failed).
	Elapsed time.Duration `json:"elapsed,omitempty"`
	// Message is Terraform's own one-line text for the event.
	Message string `json:"message,omitempty"`
	// Diagnostic is set for EventDiagnostic.
	Diagnostic *Diagnostic `json:"diagnostic,omitempty"`
	// Changes is set for EventSummary.
	Changes *ChangeCounts `json:"changes,omitempty"`
	// Plan is set on the summary the lab manager sends once a plan is
	// made, before apply starts, so a consumer can size its progress
	// (NewProgress(e.Plan, …)). After `lab plan` it also carries the plan
	// JSON for the cost estimate; during up and down the JSON is still
	// being read (HasJSON is false) and comes with the returned plan.
	Plan *Plan `json:"-"`
	// Time is when Terraform emitted the event, in UTC; zero when unknown.
	Time time.Time `json:"time,omitzero"`
}

// Diagnostic is an error or warning from Terraform.
type Diagnostic struct {
	// Severity is "error" or "warning".
	Severity string `json:"severity"`
	// Summary is the one-line headline.
	Summary string `json:"summary"`
	// Detail explains; it may span lines.
	Detail string `json:"detail,omitempty"`
	// Address is the resource the diagnostic is about, when there is one.
	Address string `json:"address,omitempty"`
	// File and Line point into the learner's configuration, when known.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
}

// String renders the diagnostic on one line for error messages and logs.
func (d Diagnostic) String() string {
	s := d.Summary
	if d.Detail != "" {
		s += ": " + firstLine(d.Detail)
	}
	if d.File != "" {
		s += fmt.Sprintf(" (%s:%d)", d.File, d.Line)
	}
	return s
}

// ChangeCounts are the totals of a finished run, as Terraform reports them.
type ChangeCounts struct {
	Add       int    `json:"add"`
	Change    int    `json:"change"`
	Remove    int    `json:"remove"`
	Import    int    `json:"import,omitempty"`
	Operation string `json:"operation,omitempty"`
}

// wireMessage is the part of Terraform's machine-readable UI message
// (https://developer.hashicorp.com/terraform/internals/machine-readable-ui)
// that awstutor reads. Fields absent from a line stay zero.
type wireMessage struct {
	Level      string          `json:"@level"`
	Message    string          `json:"@message"`
	Timestamp  string          `json:"@timestamp"`
	Type       string          `json:"type"`
	Hook       *wireHook       `json:"hook"`
	Diagnostic *wireDiagnostic `json:"diagnostic"`
	Changes    *ChangeCounts   `json:"changes"`
	Change     *wireChange     `json:"change"`
}

// wireChange is a planned_change message's body.
type wireChange struct {
	Resource struct {
		Addr string `json:"addr"`
		Type string `json:"resource_type"`
	} `json:"resource"`
	Action string `json:"action"`
}

type wireHook struct {
	Resource struct {
		Addr string `json:"addr"`
	} `json:"resource"`
	Action         string  `json:"action"`
	ElapsedSeconds float64 `json:"elapsed_seconds"`
}

type wireDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
	Range    *struct {
		Filename string `json:"filename"`
		Start    struct {
			Line int `json:"line"`
		} `json:"start"`
	} `json:"range"`
}

// Parser turns Terraform's -json lines into Events. It remembers when each
// resource operation started so that Elapsed is measured from Terraform's
// own timestamps rather than its whole-second "elapsed_seconds". The zero
// value is ready to use; a Parser is not safe for concurrent use.
type Parser struct {
	starts map[string]time.Time
}

// Line parses one line of Terraform's -json output. It returns false for
// lines that carry nothing awstutor shows (the version banner, planned
// changes, outputs) and for anything that is not a Terraform message:
// junk is skipped, never fatal.
func (p *Parser) Line(line []byte) (Event, bool) {
	var m wireMessage
	if err := json.Unmarshal(line, &m); err != nil {
		return Event{}, false
	}
	ev := Event{Message: m.Message}
	if t, err := time.Parse(time.RFC3339Nano, m.Timestamp); err == nil {
		ev.Time = t.UTC()
	}
	if m.Hook != nil {
		ev.Address = m.Hook.Resource.Addr
		ev.Action = m.Hook.Action
	}
	key := ev.Address + "\x00" + ev.Action
	switch m.Type {
	case "apply_start":
		if m.Hook == nil {
			return Event{}, false
		}
		ev.Kind = EventStarted
		if !ev.Time.IsZero() {
			if p.starts == nil {
				p.starts = make(map[string]time.Time)
			}
			p.starts[key] = ev.Time
		}
	case "apply_progress":
		if m.Hook == nil {
			return Event{}, false
		}
		ev.Kind = EventProgress
		ev.Elapsed = seconds(m.Hook.ElapsedSeconds)
	case "apply_complete", "apply_errored":
		if m.Hook == nil {
			return Event{}, false
		}
		ev.Kind = EventDone
		if m.Type == "apply_errored" {
			ev.Kind = EventFailed
		}
		ev.Elapsed = seconds(m.Hook.ElapsedSeconds)
		if start, ok := p.starts[key]; ok && !ev.Time.IsZero() && ev.Time.After(start) {
			ev.Elapsed = ev.Time.Sub(start)
		}
		delete(p.starts, key)
	case "provision_start", "provision_progress", "provision_complete", "provision_errored",
		"refresh_start", "refresh_complete", "ephemeral_op_start", "ephemeral_op_complete":
		if m.Hook == nil {
			return Event{}, false
		}
		ev.Kind = EventProgress
		ev.Action = ""
	case "log":
		if m.Message == "" {
			return Event{}, false
		}
		ev.Kind = EventProgress
	case "diagnostic":
		if m.Diagnostic == nil {
			return Event{}, false
		}
		d := &Diagnostic{
			Severity: m.Diagnostic.Severity,
			Summary:  m.Diagnostic.Summary,
			Detail:   m.Diagnostic.Detail,
			Address:  m.Diagnostic.Address,
		}
		if r := m.Diagnostic.Range; r != nil {
			d.File, d.Line = r.Filename, r.Start.Line
		}
		ev.Kind, ev.Diagnostic, ev.Address = EventDiagnostic, d, d.Address
	case "change_summary":
		if m.Changes == nil {
			return Event{}, false
		}
		ev.Kind, ev.Changes = EventSummary, m.Changes
	default:
		return Event{}, false
	}
	return ev, true
}

// seconds converts Terraform's elapsed_seconds, ignoring nonsense values.
func seconds(s float64) time.Duration {
	if s <= 0 || s > 1e6 {
		return 0
	}
	return time.Duration(s * float64(time.Second))
}

// ParseEvents reads Terraform's -json lines from r until EOF and calls emit
// for every Event, in order. Lines that are not Terraform messages are
// skipped. It returns only a read error.
func ParseEvents(r io.Reader, emit func(Event)) error {
	var p Parser
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			if ev, ok := p.Line(line); ok {
				emit(ev)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read terraform events: %w", err)
		}
	}
}
