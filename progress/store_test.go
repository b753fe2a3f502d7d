package progress

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fixedNow is the clock of every test store, so moved-aside names are known.
var fixedNow = time.Date(2026, 11, 28, 17, 45, 1, 0, time.UTC)

// newStore opens a store in a fresh temp dir with the fixed clock.
func newStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s.Now = func() time.Time { return fixedNow }
	return s
}

// dirNames lists the names in dir, sorted.
func dirNames(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// writeRaw puts data in progress.json as a crashed or foreign writer might.
func writeRaw(t testing.TB, s *Store, data []byte) {
	t.Helper()
	if err := os.WriteFile(s.Path(), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func readRaw(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// sample is a state with one record of every kind.
func sample() State {
	st := NewState()
	st.Lessons["d1-s1"] = LessonRecord{OpenedAt: fixedNow, ReadAt: fixedNow.Add(time.Minute)}
	st.Lessons["d1-s2"] = LessonRecord{OpenedAt: fixedNow}
	st.Quizzes["d1-s1"] = QuizRecord{
		Answers: map[string]string{"q1": "b", "q2": "서울"},
		Score:   1, Total: 2, Attempts: 3, PassedAt: fixedNow, UpdatedAt: fixedNow,
	}
	st.Labs[LabKey("sandbox", "day1-messaging")] = LabRun{
		Target: "sandbox", Lab: "day1-messaging", Workspace: "/state/workspaces/sandbox/day1-messaging",
		LastOp: "apply", Result: "ok", AppliedAt: fixedNow, UpdatedAt: fixedNow, Resources: 7,
	}
	st.Checks[CheckKey("sandbox", "day1-messaging", "queue-exists")] = CheckResult{Status: "pass", Message: "큐가 있습니다", At: fixedNow}
	st.Checklist["budget-alarm"] = ManualTick{At: fixedNow, Note: "set at $5"}
	return st
}

func TestOpen(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		dir     string
		wantErr string
	}{
		{"creates nested dir", filepath.Join(base, "a", "b", "awstutor"), ""},
		{"existing dir", base, ""},
		{"empty path", "", "state dir is empty"},
		{"path is a file", file, "not a directory"},
		{"parent is a file", filepath.Join(file, "awstutor"), "create state dir"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(tc.dir)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Open(%q) err = %v, want it to contain %q", tc.dir, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open(%q): %v", tc.dir, err)
			}
			if want := filepath.Join(tc.dir, "progress.json"); s.Path() != want {
				t.Errorf("Path() = %q, want %q", s.Path(), want)
			}
			if now := s.Now(); now.Location() != time.UTC {
				t.Errorf("default clock is in %v, want UTC", now.Location())
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	st, err := s.Load(t.Context())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !reflect.DeepEqual(st, NewState()) {
		t.Errorf("Load of missing file = %+v, want NewState()", st)
	}
	if st.Lessons == nil || st.Quizzes == nil || st.Labs == nil || st.Checks == nil || st.Checklist == nil {
		t.Error("Load left a nil map")
	}
	if names := dirNames(t, filepath.Dir(s.Path())); len(names) != 0 {
		t.Errorf("Load of a missing file created %v", names)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	want := sample()
	saved, err := s.Update(t.Context(), func(st *State) error {
		*st = sample()
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if !reflect.DeepEqual(saved, want) {
		t.Errorf("Update returned %+v, want %+v", saved, want)
	}
	// A second store on the same dir stands in for another process.
	other, err := Open(filepath.Dir(s.Path()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := other.Load(t.Context())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load = %+v, want %+v", got, want)
	}
	if !got.IsRead("d1-s1") || got.IsRead("d1-s2") {
		t.Error("IsRead after round trip is wrong")
	}
}

func TestFilesAndPermissions(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "state", "awstutor")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := s.Update(t.Context(), func(st *State) error {
			st.Lessons["l"] = LessonRecord{OpenedAt: fixedNow.Add(time.Duration(i) * time.Second)}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	// Only the document and the lock: no temp file survives a save.
	if got, want := dirNames(t, dir), []string{"progress.json", "progress.lock"}; !slices.Equal(got, want) {
		t.Errorf("state dir holds %v, want %v", got, want)
	}
	modes := []struct {
		path string
		want os.FileMode
	}{
		{dir, os.ModeDir | 0o700},
		{filepath.Dir(dir), os.ModeDir | 0o700}, // created by Open too
		{s.Path(), 0o600},
		{filepath.Join(dir, "progress.lock"), 0o600},
	}
	for _, m := range modes {
		info, err := os.Stat(m.path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != m.want {
			t.Errorf("mode of %s = %v, want %v", m.path, info.Mode(), m.want)
		}
	}
}

func TestUpdateSeesOtherWriters(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	other, err := Open(filepath.Dir(s.Path()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(t.Context(), func(st *State) error {
		st.Lessons["a"] = LessonRecord{ReadAt: fixedNow}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// other never loaded; its update must still start from s's change.
	got, err := other.Update(t.Context(), func(st *State) error {
		st.Lessons["b"] = LessonRecord{ReadAt: fixedNow}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !got.IsRead("a") || !got.IsRead("b") {
		t.Errorf("after two writers: lessons %v, want a and b read", got.Lessons)
	}
}

func TestUpdateFuncError(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	if _, err := s.Update(t.Context(), func(st *State) error { *st = sample(); return nil }); err != nil {
		t.Fatal(err)
	}
	before := readRaw(t, s.Path())
	errQuit := errors.New("learner quit")
	_, err := s.Update(t.Context(), func(st *State) error {
		st.Lessons["half-done"] = LessonRecord{ReadAt: fixedNow}
		clear(st.Quizzes)
		return errQuit
	})
	if !errors.Is(err, errQuit) {
		t.Fatalf("Update err = %v, want %v", err, errQuit)
	}
	if after := readRaw(t, s.Path()); !bytes.Equal(before, after) {
		t.Errorf("a failed update changed the file:\n%s", after)
	}
}

func TestUpdateRestoresNilMaps(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	got, err := s.Update(t.Context(), func(st *State) error {
		*st = State{Quizzes: map[string]QuizRecord{"q": {Attempts: 1}}}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Schema != SchemaVersion || got.Lessons == nil || got.Checklist == nil || got.Quizzes["q"].Answers == nil {
		t.Errorf("Update returned %+v, want schema set and no nil maps", got)
	}
	loaded, err := s.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(loaded, got) {
		t.Errorf("Load = %+v, want %+v", loaded, got)
	}
}

// TestStaleTempFile: a writer that crashed between creating its temp file
// and renaming it leaves the temp file behind. It must not count as the
// state, and the next save must still work.
func TestStaleTempFile(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	if _, err := s.Update(t.Context(), func(st *State) error { *st = sample(); return nil }); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(filepath.Dir(s.Path()), "progress.json.tmp-123456")
	if err := os.WriteFile(stale, []byte(`{"schema":1,"lessons":{"ghost":{"read_at":"2026-`), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(t.Context())
	if err != nil {
		t.Fatalf("Load with a stale temp file: %v", err)
	}
	if !reflect.DeepEqual(got, sample()) {
		t.Errorf("Load = %+v, want the last saved state", got)
	}
	got, err = s.Update(t.Context(), func(st *State) error {
		st.Checklist["x"] = ManualTick{At: fixedNow}
		return nil
	})
	if err != nil {
		t.Fatalf("Update with a stale temp file: %v", err)
	}
	if _, ghost := got.Lessons["ghost"]; ghost || len(got.Lessons) != 2 {
		t.Errorf("lessons after update = %v, want the two saved ones", got.Lessons)
	}
}

// TestReadersNeverSeePartialFile runs readers (raw and through Load) while
// another goroutine saves many times. With in-place writes a reader would
// sooner or later catch a truncated file.
func TestReadersNeverSeePartialFile(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	if _, err := s.Update(ctx, func(st *State) error { *st = sample(); return nil }); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var reads int
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			data, err := os.ReadFile(s.Path())
			if err != nil {
				t.Errorf("read during updates: %v", err)
				return
			}
			if !json.Valid(data) {
				t.Errorf("reader saw invalid JSON (%d bytes)", len(data))
				return
			}
			if _, err := s.Load(ctx); err != nil {
				t.Errorf("Load during updates: %v", err)
				return
			}
			reads++
		}
	})
	for i := range 300 {
		if _, err := s.Update(ctx, func(st *State) error {
			// Vary the size so a torn write could not look whole by luck.
			st.Checks[CheckKey("sandbox", "lab", "c")] = CheckResult{Status: "pass", Message: strings.Repeat("x", i%97)}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	if reads == 0 {
		t.Error("the reader never ran")
	}
	t.Logf("%d reads during 300 updates", reads)
}

func TestCorrupt(t *testing.T) {
	t.Parallel()
	valid, err := encode(sample())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		data   []byte
		phrase string // how the message describes the damage
	}{
		{"empty", nil, "was empty"},
		{"whitespace", []byte(" \n\t"), "was empty"},
		{"garbage", []byte("\x00\xff\xfe this is not json"), "was not valid JSON"},
		{"truncated", valid[:len(valid)/2], "was cut short"},
		{"trailing garbage", []byte(`{"schema":1}}`), "was not valid JSON"},
		{"wrong types", []byte(`{"schema":1,"lessons":{"d1":{"read_at":42}}}`), "wrong type"},
		{"bad time", []byte(`{"schema":1,"lessons":{"d1":{"read_at":"yesterday"}}}`), "wrong type or format"},
		{"map as list", []byte(`{"schema":1,"quizzes":[1,2]}`), "wrong type"},
		{"null", []byte("null"), "did not hold a progress record"},
		{"array", []byte("[]"), "did not hold a progress record"},
		{"no schema", []byte(`{"lessons":{}}`), "no valid schema"},
		{"schema zero", []byte(`{"schema":0}`), "no valid schema"},
		{"schema string", []byte(`{"schema":"1"}`), "no valid schema"},
	}
	for _, tc := range tests {
		for _, via := range []string{"Load", "Update"} {
			t.Run(tc.name+"/"+via, func(t *testing.T) {
				t.Parallel()
				s := newStore(t)
				writeRaw(t, s, tc.data)

				var got State
				var err error
				if via == "Load" {
					got, err = s.Load(t.Context())
				} else {
					got, err = s.Update(t.Context(), func(st *State) error {
						st.Lessons["after"] = LessonRecord{ReadAt: fixedNow}
						return nil
					})
				}

				var ce *CorruptError
				if !errors.As(err, &ce) {
					t.Fatalf("%s err = %v, want *CorruptError", via, err)
				}
				wantMoved := s.Path() + ".corrupt-20261128T174501Z"
				if ce.Path != s.Path() || ce.MovedTo != wantMoved {
					t.Errorf("CorruptError{Path %q, MovedTo %q}, want {%q, %q}", ce.Path, ce.MovedTo, s.Path(), wantMoved)
				}
				if moved := readRaw(t, ce.MovedTo); !bytes.Equal(moved, tc.data) {
					t.Errorf("moved file = %q, want the original %q", moved, tc.data)
				}
				checkSentence(t, ce, tc.phrase)

				want := NewState()
				if via == "Update" {
					// The update went through on a fresh state and was saved.
					want.Lessons["after"] = LessonRecord{ReadAt: fixedNow}
					saved, err := s.Load(t.Context())
					if err != nil || !reflect.DeepEqual(saved, want) {
						t.Errorf("after Update, Load = %+v, %v; want %+v", saved, err, want)
					}
				} else if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("after Load, progress.json: %v, want it moved away", err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s returned %+v, want %+v", via, got, want)
				}
			})
		}
	}
}

// checkSentence asserts that a CorruptError reads as one sentence naming
// both files and the kind of damage.
func checkSentence(t *testing.T, ce *CorruptError, phrase string) {
	t.Helper()
	msg := ce.Error()
	if !strings.Contains(msg, ce.MovedTo) || !strings.Contains(msg, ce.Path) || !strings.Contains(msg, phrase) {
		t.Errorf("message %q does not name %s, %s and %q", msg, ce.Path, ce.MovedTo, phrase)
	}
	// Paths aside, one sentence has no full stop and no line break inside.
	rest := strings.ReplaceAll(strings.ReplaceAll(msg, ce.MovedTo, ""), ce.Path, "")
	if strings.ContainsAny(rest, ".\n") {
		t.Errorf("message %q is not one sentence", msg)
	}
}

// TestCorruptNeverOverwritesEarlierCorrupt: two damaged files in the same
// second must both survive.
func TestCorruptNeverOverwritesEarlierCorrupt(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	var moved []string
	for i, data := range []string{"first", "second", "third"} {
		writeRaw(t, s, []byte(data))
		_, err := s.Load(t.Context())
		var ce *CorruptError
		if !errors.As(err, &ce) {
			t.Fatalf("load %d: err = %v, want *CorruptError", i, err)
		}
		moved = append(moved, ce.MovedTo)
	}
	base := s.Path() + ".corrupt-20261128T174501Z"
	if want := []string{base, base + "-2", base + "-3"}; !slices.Equal(moved, want) {
		t.Fatalf("moved to %v, want %v", moved, want)
	}
	for i, data := range []string{"first", "second", "third"} {
		if got := readRaw(t, moved[i]); string(got) != data {
			t.Errorf("%s = %q, want %q", moved[i], got, data)
		}
	}
}

// TestCorruptRecheckedUnderLock: Load reads a damaged file without the
// lock; if a writer replaces it before Load gets the lock, the good file
// must be returned, not moved aside.
func TestCorruptRecheckedUnderLock(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	writeRaw(t, s, []byte("{broken"))
	unlock, err := lock(t.Context(), s.lockPath)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		st  State
		err error
	}
	res := make(chan result)
	go func() {
		st, err := s.Load(t.Context())
		res <- result{st, err}
	}()
	// Give Load time to read the broken file and queue for the lock. If it
	// is slower than this, it reads the good file first and the test
	// proves less, but it cannot fail wrongly.
	time.Sleep(100 * time.Millisecond)
	good, err := encode(sample())
	if err != nil {
		t.Fatal(err)
	}
	if err := writeAtomic(s.Path(), good); err != nil {
		t.Fatal(err)
	}
	unlock()
	r := <-res
	if r.err != nil {
		t.Fatalf("Load: %v", r.err)
	}
	if !reflect.DeepEqual(r.st, sample()) {
		t.Errorf("Load = %+v, want the replaced good state", r.st)
	}
	for _, name := range dirNames(t, filepath.Dir(s.Path())) {
		if strings.Contains(name, "corrupt") {
			t.Errorf("good file was moved aside as %s", name)
		}
	}
}

func TestNewerSchema(t *testing.T) {
	t.Parallel()
	// The newer document uses a shape this build cannot decode, which must
	// still be reported as "newer", never as damage.
	data := []byte(`{"schema": 2, "lessons": ["a new shape"]}`)
	tests := []struct {
		name string
		call func(*Store) error
	}{
		{"Load", func(s *Store) error { _, err := s.Load(t.Context()); return err }},
		{"Update", func(s *Store) error {
			_, err := s.Update(t.Context(), func(*State) error {
				t.Error("update func called on a newer schema")
				return nil
			})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			writeRaw(t, s, data)
			err := tc.call(s)
			if !errors.Is(err, ErrNewerSchema) {
				t.Fatalf("err = %v, want ErrNewerSchema", err)
			}
			var ce *CorruptError
			if errors.As(err, &ce) {
				t.Errorf("newer schema reported as corrupt: %v", err)
			}
			for _, want := range []string{"upgrade awstutor", s.Path(), "schema 2"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("message %q lacks %q", err, want)
				}
			}
			if got := readRaw(t, s.Path()); !bytes.Equal(got, data) {
				t.Errorf("file changed to %q", got)
			}
			if got, want := dirNames(t, filepath.Dir(s.Path())), []string{"progress.json", "progress.lock"}; tc.name == "Update" && !slices.Equal(got, want) {
				t.Errorf("state dir holds %v, want %v", got, want)
			}
		})
	}
}

func TestConcurrentGoroutines(t *testing.T) {
	t.Parallel()
	const workers, each = 2, 100
	tests := []struct {
		name   string
		shared bool
	}{
		{"one shared store", true},
		{"a store per goroutine", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			var wg sync.WaitGroup
			for range workers {
				w := s
				if !tc.shared {
					var err error
					if w, err = Open(filepath.Dir(s.Path())); err != nil {
						t.Fatal(err)
					}
				}
				wg.Go(func() {
					for range each {
						if err := increment(t.Context(), w); err != nil {
							t.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			assertAttempts(t, s, workers*each)
		})
	}
}

// increment adds one quiz attempt: a read-modify-write that loses counts
// if two writers interleave.
func increment(ctx context.Context, s *Store) error {
	_, err := s.Update(ctx, func(st *State) error {
		q := st.Quizzes["d1-s1"]
		q.Attempts++
		st.Quizzes["d1-s1"] = q
		return nil
	})
	return err
}

func assertAttempts(t *testing.T, s *Store, want int) {
	t.Helper()
	st, err := s.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Quizzes["d1-s1"].Attempts; got != want {
		t.Errorf("attempts = %d, want %d", got, want)
	}
}

func TestLockWaitCancelled(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	held, release := make(chan struct{}), make(chan struct{})
	holderDone := make(chan error)
	go func() {
		_, err := s.Update(t.Context(), func(st *State) error {
			close(held)
			<-release
			return nil
		})
		holderDone <- err
	}()
	<-held

	// Readers do not wait for the lock.
	if _, err := s.Load(t.Context()); err != nil {
		t.Errorf("Load while another update holds the lock: %v", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := s.Update(ctx, func(*State) error {
		t.Error("update func ran without the lock")
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Update err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelled Update returned after %v", d)
	}

	close(release)
	if err := <-holderDone; err != nil {
		t.Errorf("holder Update: %v", err)
	}
}

func TestCancelledBeforeStart(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.Load(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Load err = %v, want context.Canceled", err)
	}
	if _, err := s.Update(ctx, func(*State) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Update err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("cancelled Update wrote the file: %v", err)
	}
}
