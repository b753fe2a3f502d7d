package tfrun

import (
	"maps"
	"os"
	"strings"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// PlanFile is the name of the saved plan inside a workspace. Up applies
// exactly this file, so what the learner saw in the plan is what runs.
const PlanFile = "awstutor.tfplan"

// PlanSpec describes one `terraform plan` run. It is a plain value so the
// command line can be built and tested without a binary and shown to the
// learner ("this is what awstutor ran").
type PlanSpec struct {
	// Out is the plan file to write, relative to the workspace.
	Out string
	// VarFiles are passed as -var-file, in order, relative to the workspace.
	VarFiles []string
	// Destroy plans the removal of everything in the state.
	Destroy bool
}

// Args returns the terraform command line for the spec, as a learner would
// type it to do the same by hand. -json is part of it because the runner
// reads the plan's summary from the machine-readable stream.
func (s PlanSpec) Args() []string {
	args := []string{"plan", "-input=false", "-json", "-out=" + s.Out}
	for _, f := range s.VarFiles {
		args = append(args, "-var-file="+f)
	}
	if s.Destroy {
		args = append(args, "-destroy")
	}
	return args
}

// options turns the spec into terraform-exec options. It is the one place
// besides Args that reads the spec, so the two stay side by side.
func (s PlanSpec) options() []tfexec.PlanOption {
	opts := []tfexec.PlanOption{tfexec.Out(s.Out)}
	for _, f := range s.VarFiles {
		opts = append(opts, tfexec.VarFile(f))
	}
	if s.Destroy {
		opts = append(opts, tfexec.Destroy(true))
	}
	return opts
}

// ApplySpec describes one `terraform apply` of a saved plan.
type ApplySpec struct {
	// Plan is the saved plan file, relative to the workspace.
	Plan string
}

// Args returns the terraform command line for the spec. -json is part of
// it because the runner reads the machine-readable event stream.
func (s ApplySpec) Args() []string {
	return []string{"apply", "-input=false", "-auto-approve", "-json", s.Plan}
}

func (s ApplySpec) options() []tfexec.ApplyOption {
	return []tfexec.ApplyOption{tfexec.DirOrPlan(s.Plan)}
}

// InitArgs returns the command line of the init the runner performs.
func InitArgs() []string {
	return []string{"init", "-input=false"}
}

// Environment variables the runner sets for every terraform it starts.
const (
	envPluginCache = "TF_PLUGIN_CACHE_DIR"
	// Since Terraform 1.4 the plugin cache is used for a provider only if
	// the lock file already holds its checksums; a fresh lab workspace has
	// no lock file, so without this every lab would download the AWS
	// provider again. Workspaces are private to one machine, so a lock
	// file holding only the local package hash is what we want.
	envCacheMayBreakLock = "TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE"
)

// sandboxEnv is the AWS part of terraform's environment in the sandbox
// target that does not depend on where the emulator is: its fake keys and
// nothing that could lead to real credentials or to a real AWS endpoint.
var sandboxEnv = map[string]string{
	"AWS_ACCESS_KEY_ID":           "test",
	"AWS_SECRET_ACCESS_KEY":       "test",
	"AWS_CONFIG_FILE":             os.DevNull,
	"AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	"AWS_EC2_METADATA_DISABLED":   "true",
}

// Environment variables that send a sandbox run's AWS calls to the
// emulator. AWS_ENDPOINT_URL is the global endpoint of every current SDK
// and of the aws CLI: with it, any service the run calls (STS included)
// goes to the emulator, which is what keeps a learner's local-exec
// `aws ...` or an external data source off real AWS. The service-specific
// AWS_ENDPOINT_URL_<SERVICE> variables, and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS,
// which would switch it off, are AWS_* variables of the caller and so
// removed. The aws CLI reads AWS_DEFAULT_REGION, the SDKs AWS_REGION.
const (
	envEndpoint      = "AWS_ENDPOINT_URL"
	envRegion        = "AWS_REGION"
	envDefaultRegion = "AWS_DEFAULT_REGION"
)

// noEmulator is the endpoint a sandbox run gets when no emulator is
// running (a lab that uses no AWS resource runs without one): a loopback
// port nothing listens on, so an AWS call fails at once on this machine
// rather than leaving it for the SDK's default, real AWS.
const noEmulator = "http://127.0.0.1:1"

// sandboxTarget says where a sandbox run's AWS calls go.
type sandboxTarget struct {
	// endpoint is the emulator's URL, on loopback; "" when none runs.
	endpoint string
	// region is the target's region; "" leaves it unset, and an SDK call
	// then fails for want of one before it is sent.
	region string
}

// buildEnv is buildTargetEnv for a caller that says only whether the run
// is in the sandbox, not where the emulator is: a sandbox run's AWS calls
// then go to noEmulator.
func buildEnv(environ []string, pluginCacheDir string, sandbox bool) map[string]string {
	var sb *sandboxTarget
	if sandbox {
		sb = &sandboxTarget{}
	}
	return buildTargetEnv(environ, pluginCacheDir, sb)
}

// buildTargetEnv returns the environment for terraform: the caller's own
// environment, less the variables terraform-exec manages itself (it sets
// TF_IN_AUTOMATION=1 and refuses TF_LOG, TF_CLI_ARGS, TF_VAR_* and the like,
// which would also make a lab behave differently from one machine to the
// next), plus the shared provider plugin cache.
//
// With a sandbox target (nil for the aws target, whose environment is the
// learner's own and how they sign in), every AWS_* variable of the caller
// is removed and the emulator's fake keys put in their place, with the
// shared config files and the instance metadata service out of reach, and
// AWS_ENDPOINT_URL set to the emulator (noEmulator when none runs or the
// endpoint is not on loopback). The provider gets its keys and endpoints
// from the override file too; whatever else Terraform runs (a local-exec
// provisioner calling the aws CLI, an external data source) must not find
// the learner's real credentials, nor send even fake keys to real AWS:
// the sandbox never reaches it.
func buildTargetEnv(environ []string, pluginCacheDir string, sandbox *sandboxTarget) map[string]string {
	env := make(map[string]string, len(environ)+8)
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			continue
		}
		env[k] = v
	}
	env = tfexec.CleanEnv(env)
	if sandbox != nil {
		for k := range env {
			if strings.HasPrefix(strings.ToUpper(k), "AWS_") {
				delete(env, k)
			}
		}
		maps.Copy(env, sandboxEnv)
		env[envEndpoint] = noEmulator
		if sandbox.endpoint != "" && CheckLoopback(sandbox.endpoint) == nil {
			env[envEndpoint] = sandbox.endpoint
		}
		if sandbox.region != "" {
			env[envRegion] = sandbox.region
			env[envDefaultRegion] = sandbox.region
		}
	}
	if pluginCacheDir != "" {
		env[envPluginCache] = pluginCacheDir
		if _, set := env[envCacheMayBreakLock]; !set {
			env[envCacheMayBreakLock] = "1"
		}
	}
	return env
}
