package tfrun

import (
	"os"
	"reflect"
	"testing"
)

func readPlan(t *testing.T, name string) *Plan {
	t.Helper()
	raw, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePlan(raw)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return p
}

func TestParsePlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file                              string
		adds, changes, destroys, replaces int
		total                             int
		text                              string
		resources                         []PlannedChange
	}{
		{
			file: "plan-create.json", adds: 3, total: 3, text: "3 to add, 0 to change, 0 to destroy",
			resources: []PlannedChange{
				{"terraform_data.a", "terraform_data", ActionCreate},
				{"terraform_data.b", "terraform_data", ActionCreate},
				{"terraform_data.c", "terraform_data", ActionCreate},
			},
		},
		{
			// a replaced on request, c replaced because its provisioner
			// failed (tainted), b updated because a's output changes.
			file: "plan-replace.json", changes: 1, replaces: 2, total: 3, text: "2 to add, 1 to change, 2 to destroy",
			resources: []PlannedChange{
				{"terraform_data.a", "terraform_data", ActionReplace},
				{"terraform_data.b", "terraform_data", ActionUpdate},
				{"terraform_data.c", "terraform_data", ActionReplace},
			},
		},
		{
			// No-ops and data source reads are not work for apply.
			file: "plan-aws.json", adds: 1, destroys: 1, total: 2, text: "1 to add, 0 to change, 1 to destroy",
			resources: []PlannedChange{
				{"aws_lb.web", "aws_lb", ActionCreate},
				{"aws_ecs_service.old", "aws_ecs_service", ActionDelete},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			p := readPlan(t, tt.file)
			got := [4]int{p.Adds, p.Changes, p.Destroys, p.Replaces}
			if want := [4]int{tt.adds, tt.changes, tt.destroys, tt.replaces}; got != want {
				t.Errorf("adds, changes, destroys, replaces = %v, want %v", got, want)
			}
			if p.Total() != tt.total {
				t.Errorf("Total() = %d, want %d", p.Total(), tt.total)
			}
			if p.String() != tt.text {
				t.Errorf("String() = %q, want %q", p.String(), tt.text)
			}
			if !reflect.DeepEqual(p.Resources, tt.resources) {
				t.Errorf("Resources = %+v, want %+v", p.Resources, tt.resources)
			}
			if len(p.JSON) == 0 {
				t.Error("JSON is empty; the cost estimate needs it")
			}
		})
	}
}

func TestParsePlanRejectsJunk(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{``, `{`, `[]`, `{"format_version":"99.0"}`} {
		if _, err := ParsePlan([]byte(raw)); err == nil {
			t.Errorf("ParsePlan(%q) = nil error, want one", raw)
		}
	}
}

func TestAfterResources(t *testing.T) {
	t.Parallel()
	p := readPlan(t, "plan-aws.json")
	got := p.AfterResources("ap-northeast-2")
	if len(got) != 2 {
		t.Fatalf("AfterResources = %+v, want the load balancer and the queue", got)
	}
	lb, q := got[0], got[1]
	// The provider block's region comes from var.region, which the plan
	// records; it beats the caller's default.
	if lb.Type != "aws_lb" || lb.Address != "aws_lb.web" || lb.Region != "us-east-1" {
		t.Errorf("load balancer = %+v, want aws_lb.web in us-east-1", lb)
	}
	if lb.Attrs["load_balancer_type"] != "application" {
		t.Errorf("load balancer attrs = %v, want change.after", lb.Attrs)
	}
	// A resource's own region argument (provider v6) beats the provider's.
	if q.Region != "eu-west-1" || q.ID != "https://sqs/orders" {
		t.Errorf("queue = %+v, want region eu-west-1 and its id", q)
	}

	created := readPlan(t, "plan-create.json").AfterResources("ap-northeast-2")
	if len(created) != 3 || created[0].Region != "ap-northeast-2" {
		t.Errorf("without an aws provider the default region applies, got %+v", created)
	}
}
