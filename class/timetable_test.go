package class

import (
	"testing"
	"time"
)

func TestAt(t *testing.T) {
	t.Parallel()
	seoul := time.FixedZone("KST", 9*3600)
	// 2026-11-23 is a Monday.
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, 22+day, h, m, 0, 0, seoul) }
	tests := []struct {
		name      string
		at        time.Time
		day       int
		block     Block
		remaining time.Duration
	}{
		{"monday before class", at(1, 8, 59), 1, BeforeClass, 0},
		{"monday first minute", at(1, 9, 0), 1, Session1, 40 * time.Minute},
		{"tuesday session 2", at(2, 9, 45), 2, Session2, 35 * time.Minute},
		{"wednesday 10:59", at(3, 10, 59), 3, Session3, time.Minute},
		{"thursday lab starts", at(4, 11, 0), 4, Lab, 60 * time.Minute},
		{"friday 11:50", at(5, 11, 50), 5, Lab, 10 * time.Minute},
		{"friday noon", at(5, 12, 0), 5, AfterClass, 0},
		{"monday 15:00", at(1, 15, 0), 1, AfterClass, 0},
		{"saturday", at(6, 9, 30), 0, Session1, 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n := Default().At(tt.at)
			if n.Day != tt.day || n.Block != tt.block || n.Remaining(tt.at) != tt.remaining {
				t.Errorf("At(%s) = day %d block %d remaining %s; want day %d block %d remaining %s",
					tt.at.Format("Mon 15:04"), n.Day, n.Block, n.Remaining(tt.at), tt.day, tt.block, tt.remaining)
			}
		})
	}
	if n := Default().At(at(6, 9, 30)); n.InClass() {
		t.Errorf("a Saturday session is not class")
	}
}

func TestParseStart(t *testing.T) {
	t.Parallel()
	tt, err := Default().ParseStart("13:30")
	if err != nil {
		t.Fatal(err)
	}
	seoul := time.FixedZone("KST", 9*3600)
	n := tt.At(time.Date(2026, 11, 23, 15, 20, 0, 0, seoul))
	if n.Block != Session3 {
		t.Errorf("with class at 13:30, 15:20 is block %d, want Session3", n.Block)
	}
	if _, err := Default().ParseStart("9am"); err == nil {
		t.Error("ParseStart(9am) gave no error")
	}
	s, e := tt.Span(time.Date(2026, 11, 23, 0, 0, 0, 0, seoul), Lab)
	if s.Format("15:04") != "15:30" || e.Format("15:04") != "16:30" {
		t.Errorf("lab span %s-%s, want 15:30-16:30", s.Format("15:04"), e.Format("15:04"))
	}
}
