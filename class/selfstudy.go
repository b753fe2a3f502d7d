package class

import "time"

// Days is the number of course days in the week.
const Days = 5

// ProgressDay returns the course day a learner studying on their own time
// is on: the first day, in course order, with a lesson not yet read. sessions
// lists each day's lesson ids (sessions[0] is Day 1); read says whether a
// lesson is marked read. When every listed lesson is read, it returns the
// last listed day and done is true. A day with no lessons listed is skipped
// rather than counted as finished or unfinished: there is nothing to study
// on it.
//
// The package stays pure by taking plain ids and a function, not the
// lessons catalogue or the progress state.
func ProgressDay(sessions [][]string, read func(id string) bool) (day int, done bool) {
	last := 0
	for i, ids := range sessions {
		if len(ids) == 0 {
			continue
		}
		last = i + 1
		for _, id := range ids {
			if !read(id) {
				return i + 1, false
			}
		}
	}
	if last == 0 {
		return 1, false
	}
	return last, true
}

// Day is the course day to show at at (local time): the weekday's (Monday is Day 1)
// in class mode, and progressDay (from ProgressDay) when studying on one's
// own time or at the weekend, when the calendar names no course day.
func (s Schedule) Day(at time.Time, progressDay int) int {
	if d := courseDay(at.Weekday()); !s.SelfStudy && d != 0 {
		return d
	}
	return progressDay
}
