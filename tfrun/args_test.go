package tfrun

import (
	"reflect"
	"testing"
)

func TestPlanSpecArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		spec PlanSpec
		want []string
	}{
		{"plain", PlanSpec{Out: PlanFile}, []string{"plan", "-input=false", "-json", "-out=awstutor.tfplan"}},
		{"var files in order", PlanSpec{Out: "p", VarFiles: []string{"a.tfvars", "b.tfvars.json"}},
			[]string{"plan", "-input=false", "-json", "-out=p", "-var-file=a.tfvars", "-var-file=b.tfvars.json"}},
		{"destroy", PlanSpec{Out: "p", Destroy: true}, []string{"plan", "-input=false", "-json", "-out=p", "-destroy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.spec.Args(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Args() = %q, want %q", got, tt.want)
			}
			// Every flag shown has a terraform-exec option behind it.
			if got, want := len(tt.spec.options()), 1+len(tt.spec.VarFiles)+map[bool]int{true: 1}[tt.spec.Destroy]; got != want {
				t.Errorf("options() has %d options, want %d", got, want)
			}
		})
	}
	if got, want := (ApplySpec{Plan: PlanFile}).Args(), []string{"apply", "-input=false", "-auto-approve", "-json", "awstutor.tfplan"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ApplySpec.Args() = %q, want %q", got, want)
	}
}

func TestBuildEnv(t *testing.T) {
	t.Parallel()
	environ := []string{
		"PATH=/usr/bin",
		"HOME=/home/learner",
		"TF_CLI_CONFIG_FILE=/nowhere/.terraformrc",
		"AWS_PROFILE=class",
		"TF_LOG=TRACE",            // would flood stderr
		"TF_VAR_region=us-west-2", // would make labs differ between machines
		"TF_CLI_ARGS_plan=-refresh=false",
		"TF_IN_AUTOMATION=0",
		"WEIRD",
		"=nokey",
	}
	env := buildEnv(environ, "/state/plugin-cache", false)
	for k, want := range map[string]string{
		"PATH":                "/usr/bin",
		"HOME":                "/home/learner",
		"TF_CLI_CONFIG_FILE":  "/nowhere/.terraformrc",
		"AWS_PROFILE":         "class",
		"TF_PLUGIN_CACHE_DIR": "/state/plugin-cache",
		envCacheMayBreakLock:  "1",
	} {
		if env[k] != want {
			t.Errorf("env[%s] = %q, want %q", k, env[k], want)
		}
	}
	for _, k := range []string{"TF_LOG", "TF_VAR_region", "TF_CLI_ARGS_plan", "TF_IN_AUTOMATION", "WEIRD", ""} {
		if v, ok := env[k]; ok {
			t.Errorf("env[%s] = %q, want it removed", k, v)
		}
	}

	// A learner's own choice about the lock file stands; no cache dir, no cache settings.
	env = buildEnv([]string{envCacheMayBreakLock + "=0"}, "/c", false)
	if env[envCacheMayBreakLock] != "0" {
		t.Errorf("%s overridden: %q", envCacheMayBreakLock, env[envCacheMayBreakLock])
	}
	env = buildEnv(nil, "", false)
	if _, ok := env[envPluginCache]; ok {
		t.Error("plugin cache set without a directory")
	}
}
