package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"awstutor/cloud"
	"awstutor/i18n"
)

// Groups of items without a lab, in the resources listing. They stand
// where a lab id would, so they cannot be one; writeResources names them
// in the interface language.
const (
	groupNoLab    = "(no Lab tag)"
	groupUntagged = "(not tagged Project=awstutor)"
)

func newResourcesCmd(o *Options) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "resources",
		Short: "List the live resources the labs made in the target, grouped by lab",
		Long: `List what is running in the target that the labs made: every resource
tagged Project=awstutor, in every service the labs use, grouped by its Lab
tag, with its age. --all lists untagged resources too, marked; cleanup
never touches those. --json prints an array of
{type, id, arn, region, lab, created_at, attrs}.

In the sandbox target it reads the running sandbox (or --endpoint); a
sandbox that is not running holds nothing, since moto keeps its state in
memory.`,
		Example: `  awstutor resources
  awstutor resources --all
  awstutor --target aws --profile class resources --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.runResources(cmd.Context(), all)
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "also list resources without the Project=awstutor tag")
	return cmd
}

func (o *Options) runResources(ctx context.Context, all bool) error {
	target, running, err := o.inventoryTarget(ctx)
	if err != nil {
		return err
	}
	if !running {
		if o.JSON {
			return writeJSON(o.stdout, []cloud.Item{})
		}
		_, err := fmt.Fprintln(o.stdout, o.printer.T(i18n.CLIResSandboxDown))
		return err
	}
	clients, err := cloud.Connect(ctx, target)
	if err != nil {
		return err
	}
	items, errs := cloud.Inventory(ctx, clients, cloud.InventoryOptions{All: all})
	if len(errs) == 1 && (errors.Is(errs[0], cloud.ErrSandboxDown) || errors.Is(errs[0], context.Canceled) || errors.Is(errs[0], cloud.ErrCredentials)) {
		return errs[0]
	}
	if o.JSON {
		if items == nil {
			items = []cloud.Item{}
		}
		if err := writeJSON(o.stdout, items); err != nil {
			return err
		}
	} else if err := writeResources(o.stdout, o.printer, items, all, clients.Config.Region, target.Name, clockFrom(ctx)()); err != nil {
		return err
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	default:
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		return errors.New(o.printer.T(i18n.CLIResUnlisted, len(errs), strings.Join(msgs, "; ")))
	}
}

// inventoryTarget says where to list: AWS, --endpoint, or the running
// sandbox. running is false when the sandbox target has no emulator
// running and no --endpoint was given.
func (o *Options) inventoryTarget(ctx context.Context) (cloud.Target, bool, error) {
	t := cloud.Target{Name: o.Target, Region: o.Region, Profile: o.Profile}
	if o.Target == cloud.TargetAWS {
		return t, true, nil
	}
	if o.Endpoint != "" {
		t.Endpoint, t.EndpointExplicit = o.Endpoint, o.EndpointExplicit
		return t, true, nil
	}
	sb, err := cloud.NewSandbox(o.StateDir)
	if err != nil {
		return t, false, err
	}
	st, err := sb.Status(ctx)
	if err != nil {
		return t, false, err
	}
	if !st.Running {
		return t, false, nil
	}
	t.Endpoint = st.Endpoint
	return t, true, nil
}

// writeResources prints the items as one table per lab, each row with the
// resource's kind, name, age and what decides its price.
func writeResources(w io.Writer, p i18n.Printer, items []cloud.Item, all bool, region, target string, now time.Time) error {
	where := p.T(i18n.CLIResInSandbox)
	if target == cloud.TargetAWS {
		where = p.T(i18n.CLIResInAWS)
	}
	if len(items) == 0 {
		what := i18n.CLIResNothingOwn
		if all {
			what = i18n.CLIResNothing
		}
		_, err := fmt.Fprintln(w, p.T(what, where, region))
		return err
	}
	groups := map[string][]cloud.Item{}
	var order []string
	for _, it := range items {
		g := it.Lab
		switch {
		case !it.Tagged:
			g = groupUntagged
		case g == "":
			g = groupNoLab
		}
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		groups[g] = append(groups[g], it)
	}
	// Labs in course order (their ids sort by day), the unlabelled after.
	sortGroups(order)

	var b strings.Builder
	b.WriteString(p.T(i18n.CLIResCount, len(items), where, region) + "\n")
	for _, g := range order {
		name := g
		switch g {
		case groupNoLab:
			name = p.T(i18n.CLIResNoLab)
		case groupUntagged:
			name = p.T(i18n.CLIResUntagged)
		}
		fmt.Fprintf(&b, "\n%s (%d)\n", name, len(groups[g]))
		tb := &table{}
		tb.add("  "+p.T(i18n.CLIColType), p.T(i18n.CLIColName), p.T(i18n.CLIColAge), p.T(i18n.CLIColDetails))
		for _, it := range groups[g] {
			tb.add("  "+it.Type, itemName(it), age(it.CreatedAt, now), itemDetails(p, it))
		}
		if err := tb.write(&b); err != nil {
			return err
		}
	}
	// An empty last column leaves the table's padding at the end of the
	// line; trimmed, the output pastes and diffs cleanly.
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n"))
	return err
}

func sortGroups(order []string) {
	rank := func(g string) int {
		switch g {
		case groupNoLab:
			return 1
		case groupUntagged:
			return 2
		}
		return 0
	}
	slices.SortFunc(order, func(a, b string) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
}

// itemName is the short name people know a resource by: its name
// attribute, else the last part of its id (an ARN or URL).
func itemName(it cloud.Item) string {
	for _, k := range []string{"name", "function_name", "alarm_name", "bucket"} {
		if s, _ := it.Attrs[k].(string); s != "" {
			return s
		}
	}
	id := it.ID
	if i := strings.LastIndexAny(id, "/:"); i >= 0 && i < len(id)-1 && (strings.HasPrefix(id, "arn:") || strings.Contains(id, "://")) {
		return id[i+1:]
	}
	return id
}

// age writes how long ago t was, to the minute; "-" when unknown.
func age(t, now time.Time) string {
	if t.IsZero() {
		return "-"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "<1m"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	default:
		return fmt.Sprintf("%dd%dh", int(d.Hours())/24, int(d.Hours())%24)
	}
}

// itemDetails summarises what decides a resource's price. The values AWS
// names (a launch type, a tier, a state) stay as AWS writes them.
func itemDetails(p i18n.Printer, it cloud.Item) string {
	a := it.Attrs
	num := func(k string) (float64, bool) { f, ok := a[k].(float64); return f, ok }
	str := func(k string) string { s, _ := a[k].(string); return s }
	var parts []string
	switch it.Type {
	case "aws_ecs_service":
		d, _ := num("desired_count")
		r, _ := num("running_count")
		parts = append(parts, p.T(i18n.CLIResTasksRunning, r, d))
		if lt := str("launch_type"); lt != "" {
			parts = append(parts, lt)
		}
		if cpu, mem := str("cpu"), str("memory"); cpu != "" && mem != "" {
			parts = append(parts, p.T(i18n.CLIResCPUMem, cpu, mem))
		}
		if arch := nestedString(a, "runtime_platform", "cpu_architecture"); arch != "" {
			parts = append(parts, arch)
		}
		if pub, _ := nested(a, "network_configuration")["assign_public_ip"].(bool); pub {
			parts = append(parts, p.T(i18n.CLIResPublicIP))
		}
	case "aws_ecs_task_definition":
		if cpu, mem := str("cpu"), str("memory"); cpu != "" && mem != "" {
			parts = append(parts, p.T(i18n.CLIResCPUMem, cpu, mem))
		}
	case "aws_lb":
		subnets, _ := a["subnets"].([]any)
		scheme := "internet-facing"
		if internal, _ := a["internal"].(bool); internal {
			scheme = "internal"
		}
		parts = append(parts, str("load_balancer_type"), scheme, p.T(i18n.CLIResSubnets, len(subnets)))
	case "aws_ecr_repository":
		n, _ := num("image_count")
		size, _ := num("image_size_bytes")
		parts = append(parts, p.T(i18n.CLIResImages, n, bytesLabel(size)))
	case "aws_cloudwatch_log_group":
		if days, ok := num("retention_in_days"); ok {
			parts = append(parts, p.T(i18n.CLIResKeptDays, days))
		} else {
			parts = append(parts, p.T(i18n.CLIResKeptForever))
		}
		size, _ := num("stored_bytes")
		parts = append(parts, bytesLabel(size))
	case "aws_ssm_parameter":
		parts = append(parts, str("tier"), str("type"))
	case "aws_sqs_queue":
		if fifo, _ := a["fifo_queue"].(bool); fifo {
			parts = append(parts, "FIFO")
		}
	case "aws_lambda_function":
		if mem, ok := num("memory_size"); ok {
			parts = append(parts, fmt.Sprintf("%g MB", mem))
		}
	case "aws_nat_gateway":
		parts = append(parts, str("state"))
	case "aws_eip":
		if str("association_id") == "" {
			parts = append(parts, p.T(i18n.CLIResNotAttached))
		} else {
			parts = append(parts, p.T(i18n.CLIResAttached))
		}
	case "aws_appautoscaling_target":
		lo, _ := num("min_capacity")
		hi, _ := num("max_capacity")
		parts = append(parts, p.T(i18n.CLIResTaskRange, lo, hi))
	case "aws_cloudwatch_event_rule":
		parts = append(parts, str("schedule_expression"))
	}
	var out []string
	for _, part := range parts {
		if part != "" {
			out = append(out, part)
		}
	}
	return strings.Join(out, ", ")
}

// nested returns the first object of a block attribute.
func nested(attrs map[string]any, key string) map[string]any {
	if l, ok := attrs[key].([]any); ok && len(l) > 0 {
		m, _ := l[0].(map[string]any)
		return m
	}
	return nil
}

func nestedString(attrs map[string]any, key, field string) string {
	s, _ := nested(attrs, key)[field].(string)
	return s
}

// bytesLabel writes a size in B, KB, MB or GB (powers of 1024, as AWS
// bills storage).
func bytesLabel(n float64) string {
	units := []string{"B", "KB", "MB", "GB", "TB"}
	i := 0
	for n >= 1024 && i < len(units)-1 {
		n /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f B", n)
	}
	return fmt.Sprintf("%.1f %s", n, units[i])
}
