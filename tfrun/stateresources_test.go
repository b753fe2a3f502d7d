package tfrun

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// A state in Terraform's format (version 4) as the day-4 lab leaves it:
// values trimmed to what pricing and ReadDeployed read, plus a data source,
// a module, an indexed instance, an IAM role (global: no region in its ARN)
// and a provider-6 resource that records its own region.
const fargateState = `{
  "version": 4, "terraform_version": "1.11.4", "serial": 12, "lineage": "x",
  "outputs": {},
  "resources": [
    {"mode": "data", "type": "aws_availability_zones", "name": "all",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"schema_version": 0, "attributes": {"id": "ap-northeast-2"}}]},
    {"mode": "managed", "type": "aws_lb", "name": "web",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"schema_version": 0, "attributes": {
       "id": "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
       "arn": "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
       "load_balancer_type": "application", "internal": false,
       "subnets": ["subnet-a", "subnet-b"],
       "tags": {}, "tags_all": {"Project": "awstutor", "Lab": "day4-alb-autoscaling", "ManagedBy": "terraform"}}}]},
    {"mode": "managed", "type": "aws_iam_role", "name": "exec",
     "instances": [{"attributes": {"id": "exec", "arn": "arn:aws:iam::123456789012:role/exec",
       "tags": {"Lab": "day4-alb-autoscaling"}}}]},
    {"module": "module.app", "mode": "managed", "type": "aws_ecs_service", "name": "web",
     "instances": [{"index_key": 0, "status": "tainted", "attributes": {"id": "arn:aws:ecs:us-east-1:1:service/c/web",
       "region": "us-east-1", "desired_count": 2, "launch_type": "FARGATE"}}]},
    {"mode": "managed", "type": "aws_sqs_queue", "name": "q",
     "instances": [{"index_key": "orders", "attributes": null}]}
  ]
}`

func TestReadDeployed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{StateFile: fargateState})
	d, err := ReadDeployed(filepath.Join(dir, StateFile), "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	if !d.Exists || d.ModTime.IsZero() {
		t.Errorf("exists %v modtime %v, want an existing file with its time", d.Exists, d.ModTime)
	}
	type row struct{ addr, typ, region, lab, id string }
	var got []row
	for _, r := range d.Resources {
		got = append(got, row{r.Address, r.Type, r.Region, r.Lab, r.ID})
	}
	want := []row{
		{"aws_lb.web", "aws_lb", "ap-northeast-2", "day4-alb-autoscaling",
			"arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/web/50dc6c495c0c9188"},
		{"aws_iam_role.exec", "aws_iam_role", "eu-west-1", "day4-alb-autoscaling", "exec"},
		{"module.app.aws_ecs_service.web[0]", "aws_ecs_service", "us-east-1", "", "arn:aws:ecs:us-east-1:1:service/c/web"},
		{`aws_sqs_queue.q["orders"]`, "aws_sqs_queue", "eu-west-1", "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadDeployed =\n%+v\nwant\n%+v", got, want)
	}
	if lt := d.Resources[0].Attrs["load_balancer_type"]; lt != "application" {
		t.Errorf("aws_lb attrs lost: load_balancer_type = %v", lt)
	}
	if n, _ := d.Resources[2].Attrs["desired_count"].(float64); n != 2 {
		t.Errorf("desired_count = %v, want 2 as a JSON number", d.Resources[2].Attrs["desired_count"])
	}
	if d.Resources[3].Attrs == nil {
		t.Error("a null attributes object should become an empty map, so pricing can index it")
	}

	// Both readers must name every instance alike: status joins them.
	st, err := ReadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Resources) != len(d.Resources) {
		t.Fatalf("ReadState sees %d resources, ReadDeployed %d", len(st.Resources), len(d.Resources))
	}
	for i := range st.Resources {
		if st.Resources[i].Address != d.Resources[i].Address {
			t.Errorf("resource %d: ReadState %q, ReadDeployed %q", i, st.Resources[i].Address, d.Resources[i].Address)
		}
	}
}

func TestReadDeployedEdges(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if d, err := ReadDeployed(filepath.Join(dir, StateFile), "x"); err != nil || d.Exists || len(d.Resources) != 0 {
		t.Errorf("missing file: %+v, %v; want nothing and no error", d, err)
	}
	writeFiles(t, dir, map[string]string{"empty": "", "bad": "{", "v3": `{"version": 3}`})
	lock, err := LockWorkspace(dir, "apply")
	if err != nil {
		t.Fatal(err)
	}
	if d, err := ReadDeployed(filepath.Join(dir, "empty"), "x"); err != nil || !d.Exists || len(d.Resources) != 0 {
		t.Errorf("empty file mid-write: %+v, %v; want an existing, empty state", d, err)
	}
	lock.Unlock()
	if _, err := ReadDeployed(filepath.Join(dir, "empty"), "x"); err == nil {
		t.Error("empty file with no run going on: no error")
	}
	for _, name := range []string{"bad", "v3"} {
		if _, err := ReadDeployed(filepath.Join(dir, name), "x"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestReadDeployedRealApply reads a state written by the real terraform,
// so a change in the file format shows up here rather than in a prompt.
func TestReadDeployedRealApply(t *testing.T) {
	t.Parallel()
	bin := needTerraform(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `
resource "terraform_data" "one" { input = "a" }
resource "terraform_data" "many" {
  count = 2
  input = { lab = "day1-messaging", n = count.index }
}
`})
	for _, args := range [][]string{{"init", "-input=false", "-no-color"}, {"apply", "-auto-approve", "-input=false", "-no-color"}} {
		cmd := exec.CommandContext(t.Context(), bin.Path, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
		}
	}
	d, err := ReadDeployed(filepath.Join(dir, StateFile), "ap-northeast-2")
	if err != nil {
		t.Fatal(err)
	}
	var addrs []string
	for _, r := range d.Resources {
		addrs = append(addrs, r.Address)
		if r.ID == "" || r.Region != "ap-northeast-2" {
			t.Errorf("%s: id %q region %q; want the id terraform assigned and the fallback region", r.Address, r.ID, r.Region)
		}
	}
	if want := []string{"terraform_data.many[0]", "terraform_data.many[1]", "terraform_data.one"}; !reflect.DeepEqual(addrs, want) {
		t.Errorf("addresses %v, want %v", addrs, want)
	}
	// terraform_data keeps a dynamic value as {"type": ..., "value": ...}.
	in, _ := d.Resources[1].Attrs["input"].(map[string]any)
	val, _ := in["value"].(map[string]any)
	if val["n"] != float64(1) {
		t.Errorf("attributes of many[1]: input = %v, want n = 1", d.Resources[1].Attrs["input"])
	}
}
