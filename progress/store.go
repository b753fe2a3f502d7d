package progress

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// File names inside the state dir.
const (
	fileName  = "progress.json"
	lockName  = "progress.lock"
	tempGlob  = fileName + ".tmp-*"
	corruptAt = "20060102T150405Z" // UTC, so names sort by time
)

// Store reads and writes progress.json in one state dir. A Store is safe for
// concurrent use by goroutines, and any number of Stores, in any number of
// processes, may share a dir.
type Store struct {
	// Now is the clock; Store uses it (in UTC) to name moved-aside files,
	// and callers use it to stamp records. Open sets it to the wall clock;
	// tests replace it before first use.
	Now func() time.Time

	dir, path, lockPath string
}

// Open returns a Store for the state dir, creating the dir (0700) if it does
// not exist. It does not read progress.json.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("open progress store: state dir is empty")
	}
	// An absolute path keeps the Store valid if the process changes its
	// working directory, and makes every error name the full path.
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open progress store %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("open progress store: create state dir: %w", err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("open progress store: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("open progress store: %s is not a directory", abs)
	}
	return &Store{
		Now:      func() time.Time { return time.Now().UTC() },
		dir:      abs,
		path:     filepath.Join(abs, fileName),
		lockPath: filepath.Join(abs, lockName),
	}, nil
}

// Path returns the absolute path of progress.json.
func (s *Store) Path() string { return s.path }

// Load reads the state. A missing file is an empty state, not an error.
//
// If the file is damaged (empty, cut short, not JSON, wrong types), Load
// renames it to progress.json.corrupt-<UTC time> and returns a fresh state
// together with a *CorruptError; the state is usable and the caller should
// tell the user. A file written by a newer awstutor is left alone and gives
// an error wrapping ErrNewerSchema.
//
// Load takes no lock when the file is sound: writers replace the file by
// rename, so a reader sees the old or the new file, never a mix.
func (s *Store) Load(ctx context.Context) (State, error) {
	if err := ctx.Err(); err != nil {
		return State{}, err
	}
	st, err := s.read()
	var d *damage
	if !errors.As(err, &d) {
		return st, err
	}
	// Moving the file aside is a write, so it happens under the lock, and
	// only if the file is still damaged once we hold it: another process
	// may have replaced it since we read it, and its good file must not be
	// moved aside in its place.
	unlock, err := lock(ctx, s.lockPath)
	if err != nil {
		return State{}, fmt.Errorf("load progress: %w", err)
	}
	defer unlock()
	st, corrupt, err := s.readOrMoveAside()
	if err != nil {
		return State{}, err
	}
	if corrupt != nil {
		return st, corrupt
	}
	return st, nil
}

// Update changes the state with fn and saves it, as one step no other
// awstutor process can interleave with. It waits for the lock while ctx
// allows (a cancelled wait returns an error wrapping ctx.Err()), re-reads
// the file under the lock so another process's change is kept, calls fn,
// and replaces the file atomically. It returns the state as saved.
//
// fn runs under the lock and should be quick; it must not keep the pointer.
// If fn returns an error, nothing is written and Update returns that error.
//
// If the file was damaged, Update moves it aside as Load does, applies fn to
// a fresh state, saves it, and returns the saved state together with a
// *CorruptError: the update did succeed, and the caller should tell the
// user. If fn also fails, both errors are returned joined.
//
// A failed save (read-only dir, disk full) leaves the previous file intact
// and no temporary file behind.
func (s *Store) Update(ctx context.Context, fn func(*State) error) (State, error) {
	if err := ctx.Err(); err != nil {
		return State{}, err
	}
	unlock, err := lock(ctx, s.lockPath)
	if err != nil {
		return State{}, fmt.Errorf("update progress: %w", err)
	}
	defer unlock()

	st, corrupt, err := s.readOrMoveAside()
	if err != nil {
		return State{}, fmt.Errorf("update progress: %w", err)
	}
	if err := fn(&st); err != nil {
		if corrupt != nil {
			return State{}, errors.Join(err, corrupt)
		}
		return State{}, err
	}
	st.normalize()
	data, err := encode(st)
	if err != nil {
		return State{}, fmt.Errorf("update progress: %w", err)
	}
	if err := writeAtomic(s.path, data); err != nil {
		if corrupt != nil {
			return State{}, errors.Join(fmt.Errorf("save progress %s: %w", s.path, err), corrupt)
		}
		return State{}, fmt.Errorf("save progress %s: %w", s.path, err)
	}
	if corrupt != nil {
		return st, corrupt
	}
	return st, nil
}

// read reads and decodes the file without moving anything. A missing file
// is an empty state. Damage is returned as *damage for the caller to act on.
func (s *Store) read() (State, error) {
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return NewState(), nil
	}
	if err != nil {
		return State{}, fmt.Errorf("read progress: %w", err)
	}
	st, err := decode(data)
	var d *damage
	if errors.As(err, &d) {
		return State{}, err
	}
	if err != nil {
		return State{}, fmt.Errorf("read progress %s: %w", s.path, err)
	}
	return st, nil
}

// readOrMoveAside reads the state and, if the file is damaged, moves it
// aside and returns a fresh state with a *CorruptError. The caller must
// hold the lock.
func (s *Store) readOrMoveAside() (State, *CorruptError, error) {
	st, err := s.read()
	var d *damage
	if !errors.As(err, &d) {
		return st, nil, err
	}
	movedTo, err := s.moveAside()
	if err != nil {
		// Without the file out of the way a later save would overwrite it,
		// so this is a hard error rather than a fresh start.
		return State{}, nil, fmt.Errorf("move aside damaged progress %s: %w", s.path, err)
	}
	return NewState(), &CorruptError{Path: s.path, MovedTo: movedTo, Err: d.err}, nil
}

// moveAside renames progress.json to progress.json.corrupt-<time>, adding
// -2, -3, ... if that name is taken, so an older damaged file is never
// overwritten. The caller must hold the lock, which makes the check-then-
// rename safe between awstutor processes.
func (s *Store) moveAside() (string, error) {
	base := s.path + ".corrupt-" + s.Now().UTC().Format(corruptAt)
	dst := base
	for n := 2; ; n++ {
		_, err := os.Lstat(dst)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return "", err
		}
		dst = fmt.Sprintf("%s-%d", base, n)
	}
	if err := os.Rename(s.path, dst); err != nil {
		return "", err
	}
	// Once renamed, the move has happened and must be reported as such; a
	// failed dir sync only weakens its durability (see writeAtomic).
	_ = syncDir(s.dir)
	return dst, nil
}

// writeAtomic replaces the file at path with data so that a reader or a
// crash sees either the old content or the new, never a part: write a temp
// file in the same dir, fsync it, rename it over path, fsync the dir so the
// rename itself survives a crash. On failure the temp file is removed.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, tempGlob)
	if err != nil {
		return fmt.Errorf("create temp file: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close() // may already be closed; the error is not news
			_ = os.Remove(tmp)
		}
	}()
	// CreateTemp uses 0600 before the umask; set it exactly in case an
	// unusual umask took the owner's write bit.
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("set temp file mode: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write temp file: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync temp file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close temp file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("replace progress file: %w", err)
	}
	// The new file is now in place and every reader sees it. If the dir
	// sync fails, only durability across a power cut is in doubt (the old
	// file would come back whole), so reporting a failure here would tell
	// the caller that a change visible to everyone did not happen.
	_ = syncDir(dir)
	return nil
}

// syncDir flushes a directory's entries, which makes a rename durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open dir for sync: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync dir: %w", err)
	}
	return nil
}
