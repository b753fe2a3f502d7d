// Package class is the class clock: the daily timetable (three 40-minute
// sessions and a 60-minute lab from 09:00 local time), which course day and
// which block is on at a given moment. It is pure: the caller passes the
// time, so every rule is testable with any clock.
package class

import (
	"fmt"
	"time"
)

// Block identifies one part of the class day.
type Block int

// The four blocks of a class day, in order, and the states around them.
const (
	BeforeClass Block = iota - 1
	Session1
	Session2
	Session3
	Lab
	AfterClass
)

// Timetable is when class starts and how long each block lasts.
type Timetable struct {
	// StartHour and StartMinute give the local time the first session
	// starts (09:00 by default).
	StartHour, StartMinute int
	// Minutes holds the length of Session 1, 2, 3 and the Lab.
	Minutes [4]int
}

// Default is the course's timetable: 09:00-09:40, 09:40-10:20,
// 10:20-11:00, 11:00-12:00.
func Default() Timetable {
	return Timetable{StartHour: 9, Minutes: [4]int{40, 40, 40, 60}}
}

// ParseStart sets the start time from "HH:MM".
func (t Timetable) ParseStart(s string) (Timetable, error) {
	at, err := time.Parse("15:04", s)
	if err != nil {
		return t, fmt.Errorf("class start %q: want HH:MM, such as 09:00", s)
	}
	t.StartHour, t.StartMinute = at.Hour(), at.Minute()
	return t, nil
}

// Now says where in the week a moment falls.
type Now struct {
	// Day is the course day (1 on Monday to 5 on Friday), 0 at the weekend.
	Day int
	// Block is the block on now, BeforeClass or AfterClass outside it.
	Block Block
	// Start and End bound the current block (zero outside class).
	Start, End time.Time
}

// Remaining is the time left in the current block.
func (n Now) Remaining(at time.Time) time.Duration {
	if n.End.IsZero() || at.After(n.End) {
		return 0
	}
	return n.End.Sub(at)
}

// InClass reports whether a block of a course day is on.
func (n Now) InClass() bool { return n.Day != 0 && n.Block >= Session1 && n.Block <= Lab }

// At places a moment in the timetable, in the moment's own location (pass
// local time: class runs on the learner's wall clock).
func (t Timetable) At(at time.Time) Now {
	n := Now{Day: courseDay(at.Weekday()), Block: BeforeClass}
	start := time.Date(at.Year(), at.Month(), at.Day(), t.StartHour, t.StartMinute, 0, 0, at.Location())
	if at.Before(start) {
		return n
	}
	for i, m := range t.Minutes {
		end := start.Add(time.Duration(m) * time.Minute)
		if at.Before(end) {
			n.Block, n.Start, n.End = Block(i), start, end
			return n
		}
		start = end
	}
	n.Block = AfterClass
	return n
}

// Span returns the start and end of block b on the day of at.
func (t Timetable) Span(at time.Time, b Block) (start, end time.Time) {
	start = time.Date(at.Year(), at.Month(), at.Day(), t.StartHour, t.StartMinute, 0, 0, at.Location())
	for i := Session1; i < b; i++ {
		start = start.Add(time.Duration(t.Minutes[i]) * time.Minute)
	}
	return start, start.Add(time.Duration(t.Minutes[b]) * time.Minute)
}

func courseDay(w time.Weekday) int {
	if w >= time.Monday && w <= time.Friday {
		return int(w)
	}
	return 0
}
