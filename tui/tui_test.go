package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"awstutor/class"
	"awstutor/i18n"
	"awstutor/lessons"
	"awstutor/progress"
)

// kst is where the class meets; the tests pin the clock to a Monday there.
var kst = time.FixedZone("KST", 9*3600)

// monday0945 is Day 1, Session 2.
var monday0945 = time.Date(2026, 11, 23, 9, 45, 0, 0, kst)

func testCatalog(tb testing.TB) *lessons.Catalog {
	tb.Helper()
	cat, err := lessons.Load(lessons.Embedded())
	if err != nil {
		tb.Fatal(err)
	}
	return cat
}

func testConfig(tb testing.TB, lang string, at time.Time) Config {
	tb.Helper()
	p, err := i18n.New(lang)
	if err != nil {
		tb.Fatal(err)
	}
	store, err := progress.Open(filepath.Join(tb.TempDir(), "state"))
	if err != nil {
		tb.Fatal(err)
	}
	return Config{
		Catalog:   testCatalog(tb),
		Store:     store,
		Printer:   p,
		Timetable: class.Default(),
		Now:       func() time.Time { return at },
		NoColor:   true,
		Theme:     "dark",
		Target:    "sandbox",
		Region:    "ap-northeast-2",
		// No clock ticks: the tests step the model themselves, and a
		// pending 15-second tick would stall them.
		Tick: func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil },
	}
}

// run feeds msg to the model and then every message its commands produce,
// as the runtime would, so a test sees the settled screen. testConfig turns
// the clock ticks off, so every command answers.
func run(tb testing.TB, m Model, msg tea.Msg) Model {
	tb.Helper()
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		nm, cmd := m.Update(next)
		m = nm.(Model)
		queue = append(queue, collect(cmd)...)
	}
	return m
}

func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		switch msg := msg.(type) {
		case tea.BatchMsg:
			var out []tea.Msg
			for _, c := range msg {
				out = append(out, collect(c)...)
			}
			return out
		case nil, tickMsg:
			return nil
		default:
			return []tea.Msg{msg}
		}
	case <-time.After(30 * time.Second):
		// With ticks off every command answers; one that does not within
		// this long is a hang worth failing on, not a tick to skip.
		panic("a command did not answer within 30 seconds")
	}
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func start(tb testing.TB, cfg Config) Model {
	tb.Helper()
	m := New(cfg)
	m = run(tb, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	for _, msg := range collect(m.Init()) {
		m = run(tb, m, msg)
	}
	return m
}

func TestHomeGolden(t *testing.T) {
	m := start(t, testConfig(t, "ko", monday0945))
	out := m.View().Content
	if !strings.Contains(out, "◀ 지금") {
		t.Errorf("the block on now (Day 1 Session 2 at 09:45) is not marked:\n%s", out)
	}
	golden.RequireEqual(t, []byte(out))
}

func TestLessonGolden(t *testing.T) {
	m := start(t, testConfig(t, "ko", monday0945))
	// The cursor starts on the block on now: Day 1, Session 2.
	m = run(t, m, press("enter"))
	if m.screen != screenLesson || m.lesson.shown == (renderKey{}) {
		t.Fatalf("enter did not open and render a lesson")
	}
	golden.RequireEqual(t, []byte(m.View().Content))
}

func TestEnglishInterface(t *testing.T) {
	t.Parallel()
	m := start(t, testConfig(t, "en", monday0945))
	out := m.View().Content
	for _, want := range []string{"Day 1 (Mon)", "◀ now", "min left", "quit"} {
		if !strings.Contains(out, want) {
			t.Errorf("English home screen lacks %q", want)
		}
	}
}

func TestResizeReflowsAndCaches(t *testing.T) {
	t.Parallel()
	m := start(t, testConfig(t, "ko", monday0945))
	m = run(t, m, press("enter"))
	first := m.lesson.shown
	m = run(t, m, tea.WindowSizeMsg{Width: 60, Height: 30})
	if m.lesson.shown.width != 60 {
		t.Fatalf("after resize to 60 columns the lesson is rendered at %d", m.lesson.shown.width)
	}
	for i, line := range strings.Split(m.View().Content, "\n") {
		if w := xansi.StringWidth(line); w > 60 {
			t.Errorf("line %d is %d cells wide at width 60: %q", i, w, line)
		}
	}
	if _, ok := m.cache.get(first); !ok {
		t.Error("the first rendering was not kept in the cache")
	}
}

func TestMarkReadSaves(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t, "ko", monday0945)
	m := start(t, cfg)
	m = run(t, m, press("enter"))
	id := m.lesson.lesson.ID
	m = run(t, m, press("m"))
	if !m.st.IsRead(id) {
		t.Fatalf("m did not mark %s read", id)
	}
	st, err := cfg.Store.Load(t.Context())
	if err != nil || !st.IsRead(id) {
		t.Fatalf("the read mark was not saved: %v", err)
	}
	m = run(t, m, press("m"))
	if m.st.IsRead(id) {
		t.Error("a second m did not unmark the lesson")
	}
}

func TestCorruptProgressIsReported(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t, "ko", monday0945)
	path := cfg.Store.(*progress.Store).Path()
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := start(t, cfg)
	if !strings.Contains(m.View().Content, "progress") {
		t.Errorf("the status bar does not tell about the corrupt progress file:\n%s", m.View().Content)
	}
	matches, _ := filepath.Glob(path + ".corrupt-*")
	if len(matches) != 1 {
		t.Errorf("the corrupt file was not kept aside: %v", matches)
	}
}
