package progress

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to Load. Whatever the file holds, Load
// must not panic; an error must name the file; a damaged file must be kept
// byte for byte; a refused file must be left alone; a usable result must be
// savable.
func FuzzLoad(f *testing.F) {
	valid, err := encode(sample())
	if err != nil {
		f.Fatal(err)
	}
	seeds := [][]byte{
		valid,
		valid[:len(valid)/3],
		[]byte(`{"schema":1}`),
		[]byte(`{"schema":2,"lessons":7}`),
		[]byte(`{"schema":1,"quizzes":{"q":{"answers":null,"attempts":-1}}}`),
		[]byte("\x00garbage\xff"),
		[]byte(""),
	}
	for _, seed := range seeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := newStore(t)
		writeRaw(t, s, data)
		st, err := s.Load(t.Context())

		var ce *CorruptError
		switch {
		case errors.As(err, &ce):
			if !strings.Contains(err.Error(), s.Path()) {
				t.Errorf("error %q does not name the file", err)
			}
			if moved := readRaw(t, ce.MovedTo); !bytes.Equal(moved, data) {
				t.Errorf("moved-aside file differs from the original")
			}
			if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("damaged file still in place: %v", err)
			}
		case err != nil:
			if !strings.Contains(err.Error(), s.Path()) {
				t.Errorf("error %q does not name the file", err)
			}
			if got := readRaw(t, s.Path()); !bytes.Equal(got, data) {
				t.Errorf("a refused file was changed")
			}
			return
		}

		if st.Schema != SchemaVersion || st.Lessons == nil || st.Quizzes == nil ||
			st.Labs == nil || st.Checks == nil || st.Checklist == nil {
			t.Fatalf("Load returned an unusable state: %+v", st)
		}
		// Whatever was accepted must encode and decode again: no accepted
		// input may produce a state that cannot be saved. (In memory: a
		// save here would add two fsyncs and slow fuzzing tenfold.)
		data2, err := encode(st)
		if err != nil {
			t.Fatalf("encode accepted state: %v", err)
		}
		if _, err := decode(data2); err != nil {
			t.Fatalf("decode re-encoded state: %v\n%s", err, data2)
		}
	})
}
