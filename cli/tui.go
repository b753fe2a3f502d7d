package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"awstutor/class"
	"awstutor/cloud"
	"awstutor/config"
	"awstutor/labs"
	"awstutor/progress"
	"awstutor/tfrun"
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
	// A broken lab catalogue (a bad --labs-dir) must not keep the learner
	// from the lessons: the lab screens say what is wrong instead.
	labCat, labErr := o.LabCatalog()
	tt := class.Default()
	notice := ""
	if o.Config.ClassStart != "" {
		if tt, err = tt.ParseStart(o.Config.ClassStart); err != nil {
			notice = fmt.Sprintf("%s: %v", o.ConfigPath, err)
			tt = class.Default()
		}
	}
	// The prices `pricing update` cached, if any; a damaged cache leaves the
	// embedded prices in use and says so, rather than closing the class.
	prices, priceNotes, err := o.catalogNotes()
	switch {
	case err != nil:
		notice = cmp.Or(notice, err.Error())
	case len(priceNotes) > 0:
		notice = cmp.Or(notice, o.cacheNote(priceNotes[0]))
	}
	schedule := class.NewSchedule(tt)
	schedule.SelfStudy = o.Config.SelfStudy
	m := tui.New(tui.Config{
		Prices:         prices,
		FreeTier:       o.freeTier(),
		Catalog:        cat,
		Store:          store,
		Printer:        o.printer,
		Timetable:      tt,
		NoColor:        o.NoColor,
		Theme:          os.Getenv("AWSTUTOR_THEME"),
		Target:         o.Target,
		Region:         o.Region,
		Notice:         notice,
		Labs:           labCat,
		LabsErr:        labErr,
		LabRunner:      o.tuiLabRunner,
		Live:           o.tuiLive,
		Verify:         o.tuiVerify,
		StopSandbox:    o.tuiStopSandbox,
		ConfirmAccount: o.tuiConfirmAccount,
		SimulateImage:  o.tuiSimulateImage(),
		Schedule:       schedule,
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

// tuiLabRunner builds the lab lifecycle for the classroom: like
// LabManagerFor, but it prints nothing (the TUI owns the terminal) and
// says that it started the sandbox in a sentence for the status bar.
func (o *Options) tuiLabRunner(ctx context.Context, labID string) (tui.LabRunner, string, error) {
	if o.Target == labs.TargetAWS {
		// Real money: the classroom runs labs only in an account the
		// learner has confirmed (listed in the config file's
		// accounts.confirmed) and never in a blocklisted one. The guard
		// writes its one line about the account nowhere: the TUI owns
		// the terminal.
		err := o.guardAWSAccount(ctx, io.Discard, "")
		var need *cloud.NeedsConfirmation
		if errors.As(err, &need) {
			// The classroom asks the learner to type the id.
			return nil, "", &tui.NeedsAccount{Account: need.Identity.Account, ARN: need.Identity.ARN, Region: need.Identity.Region}
		}
		if err != nil {
			return nil, "", err
		}
	}
	m, err := o.LabManager(ctx)
	if err != nil {
		return nil, "", err
	}
	if o.Target != labs.TargetSandbox || o.runningSandbox(ctx) != "" {
		return m, "", nil
	}
	cat, err := o.LabCatalog()
	if err != nil {
		return nil, "", err
	}
	lab, err := cat.Lab(labID)
	if err != nil {
		return nil, "", err
	}
	if need, err := needsEmulator(m, lab, labs.OpApply); err != nil || !need {
		return m, "", err
	}
	sb, err := cloud.NewSandbox(o.StateDir)
	if err != nil {
		return nil, "", err
	}
	st, err := sb.Start(ctx, cloud.StartOptions{})
	if err != nil {
		return nil, "", err
	}
	bin, err := tfrun.Find(ctx, tfrun.FindOptions{Path: o.Terraform})
	if err != nil {
		return nil, "", err
	}
	m, err = o.newLabManager(cat, bin, st.Endpoint)
	return m, fmt.Sprintf("started the sandbox at %s (awstutor sandbox stop stops it)", st.Endpoint), err
}

// tuiLive reads what is deployed for the classroom's meter, reminders and
// quit confirmation: the target's inventory when it can be listed (the
// workspaces' state files otherwise), priced by one meter per account that
// the classroom re-reads every second.
func (o *Options) tuiLive(ctx context.Context) (tui.Live, error) {
	accounts, err := o.readLive(ctx, true, true)
	if err != nil {
		return tui.Live{}, err
	}
	live := tui.Live{RefreshEvery: o.liveRefresh()}
	for _, a := range accounts {
		live.Accounts = append(live.Accounts, tui.LiveAccount{Target: a.Target, Meter: a.Meter})
		if a.Target == o.Target && a.Source != liveFromInventory {
			live.Note = a.Note
		}
	}
	return live.Reread(), nil
}

// tuiVerify runs a lab's checks for the classroom and records the results
// in progress (which ticks the checklist), as lab verify does, printing
// nothing.
func (o *Options) tuiVerify(ctx context.Context, labID string) ([]labs.CheckResult, error) {
	store, err := progress.Open(o.StateDir)
	if err != nil {
		return nil, err
	}
	target, running, err := o.inventoryTarget(ctx)
	if err != nil {
		return nil, err
	}
	if !running {
		return nil, cloud.ErrSandboxDown
	}
	clients, err := cloud.Connect(ctx, target)
	if err != nil {
		return nil, err
	}
	m, err := o.LabManager(ctx)
	if err != nil {
		return nil, err
	}
	results, err := m.Verify(ctx, labID, clients, labs.VerifyOptions{})
	if err != nil {
		return nil, labError(err)
	}
	return results, NewCheckRecorder(store).RecordChecks(ctx, o.Target, labID, results)
}

// tuiStopSandbox stops the sandbox awstutor started, for the classroom's
// offer on quit.
func (o *Options) tuiStopSandbox(ctx context.Context) error {
	sb, err := cloud.NewSandbox(o.StateDir)
	if err != nil {
		return err
	}
	if err := sb.Stop(ctx); err != nil && !errors.Is(err, cloud.ErrNotRunning) {
		return err
	}
	return nil
}

// tuiConfirmAccount confirms the aws target's account by the id the learner
// typed in the classroom: it must equal the id STS reports, and it is then
// saved in the config file (and in this run's options) so the guard lets
// the labs run.
func (o *Options) tuiConfirmAccount(ctx context.Context, typed string) error {
	clients, err := cloud.Connect(ctx, cloud.Target{Name: cloud.TargetAWS, Region: o.Region, Profile: o.Profile})
	if err != nil {
		return err
	}
	g := cloud.Guard{STS: clients.STS, Confirmed: o.Config.Accounts.Confirmed, Blocklist: o.Config.Accounts.Blocklist}
	id, err := g.Check(ctx, o.Region)
	var need *cloud.NeedsConfirmation
	switch {
	case errors.As(err, &need):
		id = need.Identity
	case err != nil:
		return err
	}
	if err := cloud.Confirm(id, typed); err != nil {
		return err
	}
	if err := config.AddConfirmedAccount(o.ConfigPath, id.Account); err != nil {
		return err
	}
	o.Config.Accounts.Confirmed = append(o.Config.Accounts.Confirmed, id.Account)
	return nil
}

// tuiSimulateImage is the classroom's i key on Day 3: the simulated image
// of lab verify --simulate-image, in the sandbox only.
func (o *Options) tuiSimulateImage() func(context.Context, string) (string, error) {
	if o.Target != cloud.TargetSandbox {
		return nil
	}
	return o.putSimulatedImage
}
