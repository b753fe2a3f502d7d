package labs

import (
	"context"
	"sync"
	"time"
)

// Op is the terraform operation a run performed.
type Op string

// The operations recorded for a lab.
const (
	OpPlan    Op = "plan"
	OpApply   Op = "apply"
	OpDestroy Op = "destroy"
)

// Result is how a run ended.
type Result string

// The results recorded for a run.
const (
	ResultOK          Result = "ok"
	ResultFailed      Result = "failed"
	ResultInterrupted Result = "interrupted"
)

// Run is the record of a lab's last terraform operation in one target, as
// kept in the learner's progress.
type Run struct {
	Target    string `json:"target"`
	Lab       string `json:"lab"`
	Workspace string `json:"workspace"`
	LastOp    Op     `json:"last_op"`
	Result    Result `json:"result"`
	// AppliedAt is when the lab's resources were first deployed and have
	// existed since (the start of cost accrual); zero while none exist.
	AppliedAt time.Time `json:"applied_at,omitzero"`
	// UpdatedAt is when this run ended.
	UpdatedAt time.Time `json:"updated_at"`
	// Resources is the number of managed resources in the state afterwards.
	Resources int `json:"resources"`
}

// Recorder stores lab runs. The progress package implements it for the
// real program; MemoryRecorder serves tests and embedders.
type Recorder interface {
	// RecordRun stores run as the latest for its target and lab.
	RecordRun(ctx context.Context, run Run) error
	// LastRun returns the latest run for target and lab; ok is false when
	// there is none.
	LastRun(ctx context.Context, target, lab string) (run Run, ok bool, err error)
}

// MemoryRecorder is a Recorder that keeps runs in memory. It is safe for
// concurrent use.
type MemoryRecorder struct {
	mu   sync.Mutex
	runs map[[2]string]Run
	all  []Run
}

// RecordRun implements Recorder.
func (m *MemoryRecorder) RecordRun(_ context.Context, run Run) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.runs == nil {
		m.runs = make(map[[2]string]Run)
	}
	m.runs[[2]string{run.Target, run.Lab}] = run
	m.all = append(m.all, run)
	return nil
}

// LastRun implements Recorder.
func (m *MemoryRecorder) LastRun(_ context.Context, target, lab string) (Run, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.runs[[2]string{target, lab}]
	return r, ok, nil
}

// History returns every run recorded, oldest first.
func (m *MemoryRecorder) History() []Run {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Run(nil), m.all...)
}
