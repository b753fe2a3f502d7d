package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"awstutor/class"
	"awstutor/progress"
	"awstutor/tui"
)

// runTUI opens the classroom. Nothing may print to the terminal while it
// runs, so logging goes to <state dir>/logs/awstutor.log.
func runTUI(ctx context.Context, o *Options) error {
	if !isTerminal(os.Stdin) || !isTerminal(o.stdout) {
		return usageError("the classroom needs a terminal; for scripts use awstutor lesson list, lesson show or progress")
	}
	cat, err := o.loadCatalog()
	if err != nil {
		return err
	}
	store, err := progress.Open(o.StateDir)
	if err != nil {
		return err
	}
	closeLog, err := openLog(o.StateDir)
	if err != nil {
		return err
	}
	defer closeLog()
	tt := class.Default()
	notice := ""
	if o.Config.ClassStart != "" {
		if tt, err = tt.ParseStart(o.Config.ClassStart); err != nil {
			notice = fmt.Sprintf("%s: %v", o.ConfigPath, err)
			tt = class.Default()
		}
	}
	m := tui.New(tui.Config{
		Catalog:   cat,
		Store:     store,
		Printer:   o.printer,
		Timetable: tt,
		NoColor:   o.NoColor,
		Theme:     os.Getenv("AWSTUTOR_THEME"),
		Target:    o.Target,
		Region:    o.Region,
		Notice:    notice,
	})
	p := tea.NewProgram(m, tea.WithContext(ctx))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("run the classroom: %w", err)
	}
	return ctx.Err()
}

// openLog sends slog output to the log file for the life of the TUI.
func openLog(stateDir string) (func(), error) {
	dir := filepath.Join(stateDir, "logs")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create log dir: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "awstutor.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open log file: %w", err)
	}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(f, nil)))
	return func() {
		slog.SetDefault(prev)
		f.Close()
	}, nil
}
