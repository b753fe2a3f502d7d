package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"awstutor/tfrun"
)

// emulatorMain is a lab whose resources talk to the sandbox while they are
// created. No AWS provider can be downloaded here, so each terraform_data
// resource's local-exec provisioner stands in for the provider's API
// calls: it creates an SNS topic with the aws CLI, naming no endpoint or
// region, as a learner's own provisioner would; the sandbox's environment
// (AWS_ENDPOINT_URL, AWS_REGION) sends the call to the emulator, as the
// override file does a real provider's. (SNS, not SQS: aws CLI v1 sends
// sqs, rds, emr, docdb and neptune calls to its own regional hostnames
// unless --endpoint-url is on the command line, whatever the environment
// says; aws/aws-cli#8737.) The second waits for a file the test creates
// once it has killed the emulator, so its call is the one that finds
// nothing answering.
const emulatorMain = `resource "terraform_data" "first" {
  input = "first"

  provisioner "local-exec" {
    command = "AWS_MAX_ATTEMPTS=1 aws --cli-connect-timeout 3 sns create-topic --name awstutor-fault-first"
  }
}

resource "terraform_data" "second" {
  input = terraform_data.first.output

  provisioner "local-exec" {
    command = "while [ ! -e %[1]s ]; do sleep 0.1; done; AWS_MAX_ATTEMPTS=1 aws --cli-connect-timeout 3 sns create-topic --name awstutor-fault-second"
  }
}
`

// TestFaultSandboxKilledDuringApply starts awstutor's own sandbox, runs
// `lab up` of a lab whose resources call it, and kills the emulator (by
// the pid in the sandbox record) after the first resource is created.
// lab up must fail with one sentence saying the sandbox stopped answering
// and what to do (sandbox start, then lab up again), exit 1, keep in the
// state what was created; and once the sandbox is started again, on
// another port, the same lab up must finish the lab against it.
func TestFaultSandboxKilledDuringApply(t *testing.T) {
	needTerraform(t)
	dir := isolate(t)
	stateDir := filepath.Join(dir, "state")
	seedLessonRead(t, stateDir)
	cont := filepath.Join(dir, "continue")
	labsDir := filepath.Join(dir, "labs")
	if err := os.CopyFS(filepath.Join(labsDir, "emu"), os.DirFS(filepath.Join(fixtureLabs(t), "slow"))); err != nil {
		t.Fatal(err)
	}
	main := fmt.Sprintf(emulatorMain, cont)
	faultWriteFile(t, filepath.Join(labsDir, "emu", "starter", "main.tf"), main)
	faultWriteFile(t, filepath.Join(labsDir, "emu", "solution", "main.tf"), main)
	yaml, err := os.ReadFile(filepath.Join(labsDir, "emu", "lab.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	y := strings.Replace(string(yaml), "id: slow", "id: emu", 1)
	faultWriteFile(t, filepath.Join(labsDir, "emu", "lab.yaml"), strings.Replace(y, "outputs: [fast_id]", "outputs: []", 1))
	run := func(args ...string) (int, string, string) {
		t.Helper()
		return runCLI(t, append(args, "--labs-dir", labsDir, "--lang", "en")...)
	}
	// The sandbox is started on a port of the test's choosing, so the
	// endpoint is known and the second start can move to another: the
	// lab bakes in no endpoint, each run's environment carries it.
	startSandbox := func(port int) (pid int, endpoint string) {
		t.Helper()
		endpoint = fmt.Sprintf("http://127.0.0.1:%d", port)
		if code, out, errs := run("sandbox", "start", "--port", fmt.Sprint(port)); code != 0 {
			t.Fatalf("sandbox start: exit %d\n%s\n%s", code, out, errs)
		}
		code, out, errs := run("sandbox", "status", "--json")
		var st struct {
			Running  bool   `json:"running"`
			Endpoint string `json:"endpoint"`
			PID      int    `json:"pid"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &st) != nil || !st.Running || st.Endpoint != endpoint || st.PID <= 0 {
			t.Fatalf("sandbox status: exit %d\n%s\n%s", code, out, errs)
		}
		return st.PID, endpoint
	}
	first := freePort(t)
	pid, endpoint := startSandbox(first)
	t.Cleanup(func() { run("sandbox", "stop") })

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := make(chan struct{})
	out := &watchWriter{want: "+ terraform_data.first ... done", seen: seen}
	var errb watchWriter
	done := make(chan int, 1)
	go func() {
		done <- Execute(ctx, []string{"lab", "up", "emu", "--yes", "--labs-dir", labsDir, "--lang", "en"}, out, &errb)
	}()
	select {
	case <-seen:
	case code := <-done:
		t.Fatalf("lab up ended (exit %d) before the first resource was created:\n%s\n%s", code, out, errb.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("the first resource was not created:\n%s\n%s", out, errb.String())
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill moto (pid %d): %v", pid, err)
	}
	for deadline := time.Now().Add(10 * time.Second); alive(pid); {
		if time.Now().After(deadline) {
			t.Fatalf("moto (pid %d) outlived SIGKILL", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	faultWriteFile(t, cont, "")
	var code int
	select {
	case code = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatalf("lab up did not end after the sandbox died:\n%s\n%s", out, errb.String())
	}
	sentence := "awstutor: the sandbox at " + endpoint + " stopped answering during the apply of lab emu: start it again with `awstutor sandbox start`, " +
		"then run `awstutor lab up emu` again; what was already created is kept in the lab's state\n"
	if code != ExitFailure || errb.String() != sentence {
		t.Errorf("lab up with the sandbox killed: exit %d, stderr %q\nwant exit 1 and %q\nstdout:\n%s", code, errb.String(), sentence, out)
	}
	st, err := tfrun.ReadState(filepath.Join(stateDir, "workspaces", "sandbox", "emu"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(st.Resources, func(r tfrun.StateResource) bool { return r.Address == "terraform_data.first" && !r.Tainted }) {
		t.Errorf("the state lost the resource created before the sandbox died: %+v", st.Resources)
	}
	if rec := labRun(t, stateDir, "emu"); rec.LastOp != "apply" || rec.Result != "failed" {
		t.Errorf("the run is recorded as %+v, want apply failed", rec)
	}

	// As the sentence says: start the sandbox, run lab up again. It comes
	// back on another port, which the next run's environment follows.
	second := freePort(t)
	for second == first {
		second = freePort(t)
	}
	_, endpoint = startSandbox(second)
	code, text, errs := run("lab", "up", "emu", "--yes")
	if code != 0 {
		t.Fatalf("lab up after the sandbox is back: exit %d\n%s\n%s", code, text, errs)
	}
	st, err = tfrun.ReadState(filepath.Join(stateDir, "workspaces", "sandbox", "emu"))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Resources) != 2 || slices.ContainsFunc(st.Resources, func(r tfrun.StateResource) bool { return r.Tainted }) {
		t.Errorf("after lab up again the state holds %+v, want both resources, none tainted", st.Resources)
	}
	// The second resource's call reached the new emulator, on its new
	// port, through AWS_ENDPOINT_URL alone. (The first topic went with the
	// killed one: moto keeps everything in memory, and terraform_data
	// cannot tell; a real provider would notice on refresh.)
	c := sandboxClients(t, endpoint)
	topics, err := c.SNS.ListTopics(context.Background(), &sns.ListTopicsInput{})
	if err != nil || !slices.ContainsFunc(topics.Topics, func(tp snstypes.Topic) bool {
		return strings.HasSuffix(aws.ToString(tp.TopicArn), ":awstutor-fault-second")
	}) {
		t.Errorf("the second topic is not in the restarted sandbox: %v", err)
	}
	lessonStillRead(t, stateDir)
}

// freePort returns a loopback port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
