package pricing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"awstutor/resource"
)

// The part of Terraform's JSON plan format (`terraform show -json PLAN`,
// format_version 1.x) that pricing reads. A decoder of our own, rather than
// terraform-json's, skips planned_values, prior_state and the before side
// of every change (see topLevel): on a 10,000-resource plan that halves the
// time and the memory an estimate needs.
type wirePlan struct {
	FormatVersion   string                  `json:"format_version"`
	Variables       map[string]wireVariable `json:"variables"`
	ResourceChanges []wireChange            `json:"resource_changes"`
	Configuration   struct {
		ProviderConfig map[string]wireProvider `json:"provider_config"`
		RootModule     wireModule              `json:"root_module"`
	} `json:"configuration"`
}

type wireVariable struct {
	Value json.RawMessage `json:"value"`
}

// wireProvider is a provider block. Its expressions stay raw: nested
// blocks such as default_tags are lists, not expressions.
type wireProvider struct {
	Name        string                     `json:"name"`
	Alias       string                     `json:"alias"`
	Expressions map[string]json.RawMessage `json:"expressions"`
}

type wireExpr struct {
	ConstantValue json.RawMessage `json:"constant_value"`
	References    []string        `json:"references"`
}

type wireModule struct {
	Resources   []wireConfigResource `json:"resources"`
	ModuleCalls map[string]struct {
		Module wireModule `json:"module"`
	} `json:"module_calls"`
}

type wireConfigResource struct {
	Address     string                     `json:"address"`
	Mode        string                     `json:"mode"`
	Expressions map[string]json.RawMessage `json:"expressions"`
}

type wireChange struct {
	Address       string `json:"address"`
	ModuleAddress string `json:"module_address"`
	Mode          string `json:"mode"`
	Type          string `json:"type"`
	Name          string `json:"name"`
	Change        struct {
		Actions      []string        `json:"actions"`
		After        json.RawMessage `json:"after"`
		AfterUnknown json.RawMessage `json:"after_unknown"`
	} `json:"change"`
}

// decodePlan reads plan JSON and returns the managed resources that will
// exist after apply, and the region the plan's root aws provider names.
func decodePlan(raw []byte) (*resourceSet, string, error) {
	var p wirePlan
	members, err := topLevel(raw, "format_version", "variables", "resource_changes", "configuration")
	if err != nil {
		return nil, "", fmt.Errorf("decode plan json: %w", err)
	}
	for name, dst := range map[string]any{
		"format_version": &p.FormatVersion, "variables": &p.Variables, "configuration": &p.Configuration,
	} {
		if v, ok := members[name]; ok {
			if err := json.Unmarshal(v, dst); err != nil {
				return nil, "", fmt.Errorf("decode plan json: %s: %w", name, err)
			}
		}
	}
	if v, ok := members["resource_changes"]; ok {
		if p.ResourceChanges, err = decodeChanges(v); err != nil {
			return nil, "", fmt.Errorf("decode plan json: resource_changes: %w", err)
		}
	}
	if p.FormatVersion == "" {
		return nil, "", errors.New("not a terraform plan: no format_version (make it with `terraform show -json PLANFILE`)")
	}
	if major, _, _ := strings.Cut(p.FormatVersion, "."); major != "1" {
		return nil, "", fmt.Errorf("plan format_version %s is not supported (want 1.x)", p.FormatVersion)
	}

	exprs := map[string]map[string]json.RawMessage{}
	indexConfig(exprs, "", p.Configuration.RootModule)

	set := newResourceSet(len(p.ResourceChanges))
	for _, rc := range p.ResourceChanges {
		if rc.Mode != "managed" || !survives(rc.Change.Actions) {
			continue
		}
		after := bytes.TrimSpace(rc.Change.After)
		if len(after) == 0 || after[0] != '{' {
			continue // null: the resource will not exist
		}
		set.add(setEntry{
			res:        resource.Resource{Type: rc.Type, Address: rc.Address},
			rawAfter:   after,
			rawUnknown: rc.Change.AfterUnknown,
			moduleAddr: rc.ModuleAddress,
			exprs:      exprs[configKey(rc.ModuleAddress, rc.Type+"."+rc.Name)],
		})
	}
	return set, providerRegion(&p), nil
}

// decodeChanges splits resource_changes by hand. The change's after and
// after_unknown stay raw slices of the input: they are decoded, and
// validated, only for the resources a builder reads, which in a large plan
// are few.
func decodeChanges(raw []byte) ([]wireChange, error) {
	var out []wireChange
	err := eachElement(raw, func(elem []byte) error {
		m, err := topLevel(elem, "address", "module_address", "mode", "type", "name", "change")
		if err != nil {
			return err
		}
		var c wireChange
		for key, dst := range map[string]*string{
			"address": &c.Address, "module_address": &c.ModuleAddress, "mode": &c.Mode, "type": &c.Type, "name": &c.Name,
		} {
			if *dst, err = rawString(m[key]); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
		}
		if ch, ok := m["change"]; ok {
			cm, err := topLevel(ch, "actions", "after", "after_unknown")
			if err != nil {
				return fmt.Errorf("%s: change: %w", c.Address, err)
			}
			if err := json.Unmarshal(cm["actions"], &c.Change.Actions); err != nil && cm["actions"] != nil {
				return fmt.Errorf("%s: change.actions: %w", c.Address, err)
			}
			c.Change.After, c.Change.AfterUnknown = cm["after"], cm["after_unknown"]
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// survives reports whether a resource with these planned actions exists
// after apply: created, updated, replaced or left alone; not deleted,
// forgotten or only read.
func survives(actions []string) bool {
	for _, a := range actions {
		switch a {
		case "create", "update", "no-op":
			return true
		}
	}
	return false
}

// indexConfig records every managed resource block's expressions under its
// module path (instance keys removed) and module-relative address.
func indexConfig(out map[string]map[string]json.RawMessage, path string, m wireModule) {
	for _, r := range m.Resources {
		if r.Mode == "managed" || r.Mode == "" {
			out[configKey(path, r.Address)] = r.Expressions
		}
	}
	for name, call := range m.ModuleCalls {
		child := "module." + name
		if path != "" {
			child = path + "." + child
		}
		indexConfig(out, child, call.Module)
	}
}

// configKey names a resource block: its module path without instance keys
// ("module.net" for "module.net[0]") and its address inside the module.
func configKey(modulePath, addr string) string {
	if modulePath == "" {
		return addr
	}
	var b strings.Builder
	depth := 0
	for _, r := range modulePath {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String() + "|" + addr
}

// providerRegion returns the region of the root, unaliased aws provider: a
// literal, or a variable whose value the plan records.
func providerRegion(p *wirePlan) string {
	pc, ok := p.Configuration.ProviderConfig["aws"]
	if !ok {
		return ""
	}
	var expr wireExpr
	if raw, ok := pc.Expressions["region"]; !ok || json.Unmarshal(raw, &expr) != nil {
		return ""
	}
	var s string
	if len(expr.ConstantValue) > 0 && json.Unmarshal(expr.ConstantValue, &s) == nil && s != "" {
		return s
	}
	for _, ref := range expr.References {
		name, ok := strings.CutPrefix(ref, "var.")
		if !ok {
			continue
		}
		if v, ok := p.Variables[name]; ok && json.Unmarshal(v.Value, &s) == nil && s != "" {
			return s
		}
	}
	return ""
}
