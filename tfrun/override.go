package tfrun

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// OverrideFile is the file awstutor writes into a sandbox workspace. The
// "_override.tf" suffix makes Terraform merge it into the lab's own
// provider "aws" block (which keeps region and default_tags), so the
// learner's files are the same for both targets.
const OverrideFile = "awstutor_override.tf"

// serviceByPrefix maps resource type prefixes to the AWS provider (v6)
// endpoint names. A type matches a prefix when it equals it or continues
// with "_"; the longest match wins, so aws_cloudwatch_log_group goes to
// logs while aws_cloudwatch_metric_alarm goes to cloudwatch. An empty
// service marks a type that makes no AWS call (computed locally).
var serviceByPrefix = map[string]string{
	"aws_acm":                          "acm",
	"aws_alb":                          "elbv2",
	"aws_ami":                          "ec2",
	"aws_api_gateway":                  "apigateway",
	"aws_apigatewayv2":                 "apigatewayv2",
	"aws_appautoscaling":               "applicationautoscaling",
	"aws_arn":                          "",
	"aws_autoscaling":                  "autoscaling",
	"aws_availability_zone":            "ec2",
	"aws_availability_zones":           "ec2",
	"aws_caller_identity":              "sts",
	"aws_cloudformation":               "cloudformation",
	"aws_cloudfront":                   "cloudfront",
	"aws_cloudwatch":                   "cloudwatch",
	"aws_cloudwatch_event":             "events",
	"aws_cloudwatch_log":               "logs",
	"aws_cognito":                      "cognitoidp",
	"aws_cognito_identity_pool":        "cognitoidentity",
	"aws_customer_gateway":             "ec2",
	"aws_db":                           "rds",
	"aws_default_network_acl":          "ec2",
	"aws_default_route_table":          "ec2",
	"aws_default_security_group":       "ec2",
	"aws_default_subnet":               "ec2",
	"aws_default_tags":                 "",
	"aws_default_vpc":                  "ec2",
	"aws_dynamodb":                     "dynamodb",
	"aws_ebs":                          "ec2",
	"aws_ec2":                          "ec2",
	"aws_ecr":                          "ecr",
	"aws_ecs":                          "ecs",
	"aws_efs":                          "efs",
	"aws_egress_only_internet_gateway": "ec2",
	"aws_eip":                          "ec2",
	"aws_elasticache":                  "elasticache",
	"aws_elb":                          "elb",
	"aws_flow_log":                     "ec2",
	"aws_iam":                          "iam",
	"aws_iam_policy_document":          "",
	"aws_instance":                     "ec2",
	"aws_internet_gateway":             "ec2",
	"aws_key_pair":                     "ec2",
	"aws_kinesis":                      "kinesis",
	"aws_kinesis_firehose":             "firehose",
	"aws_kms":                          "kms",
	"aws_lambda":                       "lambda",
	"aws_launch_template":              "ec2",
	"aws_lb":                           "elbv2",
	"aws_main_route_table_association": "ec2",
	"aws_nat_gateway":                  "ec2",
	"aws_network_acl":                  "ec2",
	"aws_network_interface":            "ec2",
	"aws_partition":                    "",
	"aws_pipes":                        "pipes",
	"aws_prefix_list":                  "ec2",
	"aws_rds":                          "rds",
	"aws_region":                       "",
	"aws_route":                        "ec2",
	"aws_route53":                      "route53",
	"aws_route_table":                  "ec2",
	"aws_s3":                           "s3",
	"aws_scheduler":                    "scheduler",
	"aws_secretsmanager":               "secretsmanager",
	"aws_security_group":               "ec2",
	"aws_security_groups":              "ec2",
	"aws_service_discovery":            "servicediscovery",
	"aws_ses":                          "ses",
	"aws_sesv2":                        "sesv2",
	"aws_sfn":                          "sfn",
	"aws_sns":                          "sns",
	"aws_sqs":                          "sqs",
	"aws_ssm":                          "ssm",
	"aws_subnet":                       "ec2",
	"aws_subnets":                      "ec2",
	"aws_vpc":                          "ec2",
	"aws_vpcs":                         "ec2",
	"aws_vpn":                          "ec2",
	"aws_wafv2":                        "wafv2",
	"aws_xray":                         "xray",
}

// ServiceFor returns the endpoint name for a resource or data source type.
// ok is false for a type awstutor does not know; service is "" (and ok
// true) for a type that makes no AWS call.
func ServiceFor(typ string) (service string, ok bool) {
	best := ""
	for prefix := range serviceByPrefix {
		if (typ == prefix || strings.HasPrefix(typ, prefix+"_")) && len(prefix) > len(best) {
			best = prefix
		}
	}
	if best == "" {
		return "", false
	}
	return serviceByPrefix[best], true
}

// awsBlock finds `resource "aws_x"` and `data "aws_x"` block headers; HCL
// also allows the label without quotes.
var awsBlock = regexp.MustCompile(`(?m)^[ \t]*(?:resource|data)[ \t]+"?(aws_[A-Za-z0-9_]+)"?`)

// TypeUse is an AWS resource or data source type found in a workspace.
type TypeUse struct {
	Type string
	File string // the first file, relative to the workspace, that uses it
}

// AWSTypes lists the aws_* resource and data source types used by the .tf
// files in dir and its module subdirectories (not .terraform/), sorted by
// type. The override file itself is skipped.
func AWSTypes(dir string) ([]TypeUse, error) {
	seen := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".tf") || d.Name() == OverrideFile {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for _, m := range awsBlock.FindAllSubmatch(src, -1) {
			if _, dup := seen[string(m[1])]; !dup {
				seen[string(m[1])] = filepath.ToSlash(rel)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan workspace for aws types: %w", err)
	}
	out := make([]TypeUse, 0, len(seen))
	for t, f := range seen {
		out = append(out, TypeUse{Type: t, File: f})
	}
	slices.SortFunc(out, func(a, b TypeUse) int { return strings.Compare(a.Type, b.Type) })
	return out, nil
}

// Services returns the sorted endpoint names the types need, always
// including sts (the provider asks it who the caller is). A type with no
// known endpoint is an error: left out, the provider would send that
// service's calls to real AWS, which a sandbox must never do.
func Services(types []TypeUse) ([]string, error) {
	set := map[string]bool{"sts": true}
	for _, u := range types {
		svc, ok := ServiceFor(u.Type)
		if !ok {
			return nil, fmt.Errorf("no sandbox endpoint is known for %s in %s: run this lab with --target aws, or add the type to tfrun/override.go", u.Type, u.File)
		}
		if svc != "" {
			set[svc] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	slices.Sort(out)
	return out, nil
}

// CheckLoopback refuses an emulator endpoint that is not an http(s) URL on
// this machine's loopback interface: the sandbox must never reach real AWS
// or anyone else's server.
func CheckLoopback(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("sandbox endpoint %q is not an http URL such as http://127.0.0.1:5000", endpoint)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("sandbox endpoint %q is not on this machine: the sandbox only talks to 127.0.0.1, ::1 or localhost", endpoint)
}

// SandboxOverride renders the override file for an emulator at endpoint
// serving the given services. The output is what `terraform fmt` would
// write, so a learner who runs fmt sees no change.
func SandboxOverride(endpoint string, services []string) ([]byte, error) {
	if err := CheckLoopback(endpoint); err != nil {
		return nil, err
	}
	if len(services) == 0 {
		return nil, errors.New("render sandbox override: no services")
	}
	var b bytes.Buffer
	b.WriteString("# Written by awstutor for the sandbox target: it points the AWS provider at the\n")
	b.WriteString("# local emulator with fake credentials. Terraform merges it into the lab's own\n")
	b.WriteString("# provider \"aws\" block. Do not edit: awstutor rewrites it before every run\n")
	b.WriteString("# and removes it when the lab runs against real AWS.\n")
	b.WriteString("provider \"aws\" {\n")
	writeAligned(&b, "  ", [][2]string{
		{"access_key", `"test"`},
		{"secret_key", `"test"`},
		{"skip_credentials_validation", "true"},
		{"skip_requesting_account_id", "true"},
		{"skip_metadata_api_check", "true"},
		{"s3_use_path_style", "true"},
	})
	b.WriteString("\n  endpoints {\n")
	quoted := fmt.Sprintf("%q", endpoint)
	pairs := make([][2]string, 0, len(services))
	for _, s := range services {
		pairs = append(pairs, [2]string{s, quoted})
	}
	writeAligned(&b, "    ", pairs)
	b.WriteString("  }\n}\n")
	return b.Bytes(), nil
}

// writeAligned writes attributes with their "=" aligned, as terraform fmt
// does for consecutive one-line attributes.
func writeAligned(b *bytes.Buffer, indent string, pairs [][2]string) {
	width := 0
	for _, p := range pairs {
		width = max(width, len(p[0]))
	}
	for _, p := range pairs {
		fmt.Fprintf(b, "%s%-*s = %s\n", indent, width, p[0], p[1])
	}
}

// SyncOverride makes dir's override file match the target. With a sandbox
// endpoint it writes the file for the AWS types the workspace uses, or
// removes it when the workspace uses no AWS types (an override of a
// provider the lab never configures is an error in Terraform). With an
// empty endpoint (the aws target) it removes the file. It reports whether
// the file now exists.
func SyncOverride(dir, endpoint string) (bool, error) {
	path := filepath.Join(dir, OverrideFile)
	if endpoint == "" {
		return false, removeOverride(path)
	}
	if err := CheckLoopback(endpoint); err != nil {
		return false, err
	}
	types, err := AWSTypes(dir)
	if err != nil {
		return false, err
	}
	if len(types) == 0 {
		return false, removeOverride(path)
	}
	services, err := Services(types)
	if err != nil {
		return false, err
	}
	content, err := SandboxOverride(endpoint, services)
	if err != nil {
		return false, err
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, content) {
		return true, nil
	}
	if err := os.WriteFile(path, content, 0o600); err != nil {
		return false, fmt.Errorf("write sandbox override: %w", err)
	}
	return true, nil
}

func removeOverride(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove sandbox override: %w", err)
	}
	return nil
}
