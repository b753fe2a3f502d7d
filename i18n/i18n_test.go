package i18n

import (
	"slices"
	"strings"
	"testing"
)

// TestCataloguesMatch proves both languages say everything: a string added
// to one catalogue and forgotten in the other fails here.
func TestCataloguesMatch(t *testing.T) {
	t.Parallel()
	k, e := Keys(Korean), Keys(English)
	for _, key := range k {
		if !slices.Contains(e, key) {
			t.Errorf("%s: in the Korean catalogue, missing from English", key)
		}
	}
	for _, key := range e {
		if !slices.Contains(k, key) {
			t.Errorf("%s: in the English catalogue, missing from Korean", key)
		}
	}
	for _, key := range k {
		if strings.Count(ko[key], "%") != strings.Count(en[key], "%") {
			t.Errorf("%s: the two languages take different arguments: %q vs %q", key, ko[key], en[key])
		}
	}
	for d := 1; d <= 5; d++ {
		if !slices.Contains(k, Weekday(d)) {
			t.Errorf("weekday %d missing", d)
		}
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	p, err := New("")
	if err != nil || p.Lang() != Korean || p.T(HelpQuit) != "종료" {
		t.Fatalf("default printer: %v %v %q", err, p.Lang(), p.T(HelpQuit))
	}
	p, _ = New("en")
	if got := p.T(ReadCount, 3, 18); got != "3/18 read" {
		t.Errorf("T(ReadCount) = %q", got)
	}
	if _, err := New("fr"); err == nil {
		t.Error("New(fr) gave no error")
	}
}
