package tui

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"charm.land/bubbles/v2/viewport"
	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	xansi "github.com/charmbracelet/x/ansi"

	"awstutor/lessons"
)

// renderKey identifies one rendering of a lesson: the same lesson at another
// width or theme is another rendering.
type renderKey struct {
	id    string
	width int
	theme string
}

// page is a rendered lesson: its terminal text and, for the table of
// contents, the line each heading landed on.
type page struct {
	text string
	// vp holds the text already measured: setting a viewport's content
	// walks every grapheme of the page to find its widest line, which is
	// too slow for the update loop, so it is done once, in the render
	// command, and reopening a lesson copies the prepared viewport.
	vp viewport.Model
	// partial marks the quick first-screen rendering; the whole page
	// replaces it when ready.
	partial  bool
	headings []lessons.Heading
	lines    []int // lines[i] is the rendered line of headings[i], -1 if not found
}

// renderCache keeps rendered lessons so that going back to a lesson, or
// resizing back to a width seen before, costs nothing. It is shared between
// the model and the render commands, which run on other goroutines; it is
// the only state they share, hence the mutex.
type renderCache struct {
	mu    sync.Mutex
	pages map[renderKey]page
}

func newRenderCache() *renderCache { return &renderCache{pages: map[renderKey]page{}} }

func (c *renderCache) get(k renderKey) (page, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[k]
	return p, ok
}

func (c *renderCache) put(k renderKey, p page) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages[k] = p
}

// RenderMarkdown renders Markdown for a terminal width with a glamour style.
// It is what both the lesson screen and `awstutor lesson show` print.
func RenderMarkdown(md string, width int, style ansi.StyleConfig) (string, error) {
	if width < 20 {
		width = 20
	}
	r, err := glamour.NewTermRenderer(
		glamour.WithStyles(style),
		glamour.WithWordWrap(width),
		glamour.WithTableWrap(true),
	)
	if err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	out, err := r.Render(md)
	if err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return strings.TrimRight(out, "\n") + "\n", nil
}

// LessonMarkdown is the full page of a lesson: a title block made from the
// front matter, then the body.
func LessonMarkdown(l lessons.Lesson) string {
	var b strings.Builder
	body := strings.TrimLeft(l.Body, "\n")
	// The front matter's title is the page title; a body that repeats it
	// as its own first heading would print it twice.
	if strings.HasPrefix(body, "# ") {
		if i := strings.IndexByte(body, '\n'); i >= 0 {
			body = strings.TrimLeft(body[i+1:], "\n")
		} else {
			body = ""
		}
	}
	fmt.Fprintf(&b, "# %s\n\n", l.Title)
	if len(l.Objectives) > 0 {
		b.WriteString("**학습 목표**\n\n")
		for _, o := range l.Objectives {
			fmt.Fprintf(&b, "- %s\n", o)
		}
		b.WriteString("\n")
	}
	b.WriteString(body)
	return b.String()
}

// renderPage renders a lesson and finds its headings in the output, so the
// table of contents can jump to them.
//
// Glamour renders a long lesson in tens of milliseconds, most of it in
// wrapping and syntax highlighting, and a Markdown section at a "##"
// heading does not depend on the sections around it. So the page is cut at
// its "##" headings and the pieces are rendered in parallel, which brings
// the first render of the longest lesson under the 50 ms the reader aims for.
func renderPage(l lessons.Lesson, width int, style ansi.StyleConfig) (page, error) {
	return renderSections(l, lessons.Sections(LessonMarkdown(l)), width, style)
}

// firstScreenSections is how many sections the first, quick rendering of
// a lesson covers: the title, objectives and introduction, and the first
// section, which fill more than a screen.
const firstScreenSections = 2

// renderFirstScreen renders only the head of a lesson, so the reader has
// something to read in a few milliseconds while the whole page renders.
func renderFirstScreen(l lessons.Lesson, width int, style ansi.StyleConfig) (page, error) {
	parts := lessons.Sections(LessonMarkdown(l))
	if len(parts) > firstScreenSections {
		parts = parts[:firstScreenSections]
	}
	p, err := renderSections(l, parts, width, style)
	p.partial = true
	return p, err
}

func renderSections(l lessons.Lesson, parts []string, width int, style ansi.StyleConfig) (page, error) {
	out := make([]string, len(parts))
	errs := make([]error, len(parts))
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for i, md := range parts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i], errs[i] = RenderMarkdown(md, width, style)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return page{}, fmt.Errorf("render lesson %s: %w", l.ID, err)
	}
	// Each piece is a whole glamour document with its own blank margins;
	// trimmed to their content and joined with one blank line, the pieces
	// show what the whole rendering shows.
	for i := range out {
		out[i] = trimBlankLines(out[i], i > 0)
	}
	text := strings.Join(out, "\n\n") + "\n"
	p := page{text: text, headings: l.Headings(), vp: viewport.New()}
	p.vp.SetContent(text)
	p.lines = locateHeadings(text, p.headings)
	return p, nil
}

// trimBlankLines drops the lines that show nothing (only spaces and escape
// codes) from the end of s and, when leading is set, from its start.
func trimBlankLines(s string, leading bool) string {
	lines := strings.Split(s, "\n")
	blank := func(l string) bool { return strings.TrimSpace(xansi.Strip(l)) == "" }
	for len(lines) > 0 && blank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	for leading && len(lines) > 0 && blank(lines[0]) {
		lines = lines[1:]
	}
	return strings.Join(lines, "\n")
}

// locateHeadings finds each heading's line in rendered text by searching
// forward from the previous heading, so two headings with the same words
// land on their own lines.
func locateHeadings(text string, hs []lessons.Heading) []int {
	lines := strings.Split(xansi.Strip(text), "\n")
	out := make([]int, len(hs))
	from := 0
	for i, h := range hs {
		out[i] = -1
		want := plainHeading(h.Text)
		for j := from; j < len(lines); j++ {
			if strings.Contains(lines[j], want) {
				out[i], from = j, j+1
				break
			}
		}
	}
	return out
}

// plainHeading drops inline Markdown marks that glamour does not print, and
// keeps the head of a long heading that glamour may wrap.
func plainHeading(s string) string {
	s = strings.NewReplacer("`", "", "**", "", "__", "", "*", "").Replace(s)
	if r := []rune(s); len(r) > 24 {
		s = string(r[:24])
	}
	return s
}
