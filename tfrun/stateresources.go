package tfrun

import (
	"fmt"
	"strings"
	"time"

	"awstutor/resource"
)

// StateBackupFile is the copy of the previous state Terraform keeps beside
// the state file; after a destroy it holds what was destroyed.
const StateBackupFile = StateFile + ".backup"

// Deployed is what a state file records, with each managed resource's
// attributes, in the neutral form pricing consumes.
type Deployed struct {
	// Exists is false when there is no such state file.
	Exists bool
	// ModTime is when the file was last written, in UTC.
	ModTime time.Time
	// Resources lists managed resource instances in state order, with the
	// same addresses ReadState gives; data sources are left out.
	Resources []resource.Resource
}

// wireStateDetail is the part of the state format (version 4) that
// ReadDeployed reads: wireState plus each instance's attributes.
type wireStateDetail struct {
	Version   int `json:"version"`
	Resources []struct {
		Module    string `json:"module"`
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Instances []struct {
			IndexKey   any            `json:"index_key"`
			Deposed    string         `json:"deposed"`
			Attributes map[string]any `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

func (w *wireStateDetail) version() int { return w.Version }

// ReadDeployed reads the state file at path (a workspace's StateFile, or
// its StateBackupFile) straight from disk, as ReadState does and for the
// same reasons: it needs no terraform, no init and no lock, so a shell
// prompt can call it. Each resource's region is the one its attributes
// name (the provider's per-resource "region", else the region in its ARN),
// else region: the state does not record the provider's configuration. Its
// Lab is its Lab tag. CreatedAt is left zero: the state does not say when
// a resource was made, and the caller knows when the lab was applied.
func ReadDeployed(path, region string) (Deployed, error) {
	var w wireStateDetail
	f, err := readStateFile(path, &w)
	if err != nil {
		return Deployed{}, err
	}
	if !f.decoded {
		return Deployed{Exists: f.exists, ModTime: f.modTime}, nil
	}
	d := Deployed{Exists: true, ModTime: f.modTime}
	for _, r := range w.Resources {
		if r.Mode != "managed" {
			continue
		}
		for _, in := range r.Instances {
			attrs := in.Attributes
			if attrs == nil {
				attrs = map[string]any{}
			}
			res := resource.Resource{
				Type:    r.Type,
				Address: instanceAddress(r.Module, r.Type, r.Name, in.IndexKey),
				Region:  attrRegion(attrs, region),
				Lab:     labTag(attrs),
				Attrs:   attrs,
			}
			res.ID, _ = attrs["id"].(string)
			d.Resources = append(d.Resources, res)
		}
	}
	return d, nil
}

// instanceAddress builds an instance address the way ReadState does, so a
// resource keeps one name whichever reader saw it.
func instanceAddress(module, typ, name string, key any) string {
	addr := typ + "." + name
	if module != "" {
		addr = module + "." + addr
	}
	switch k := key.(type) {
	case float64:
		addr += fmt.Sprintf("[%d]", int(k))
	case string:
		addr += fmt.Sprintf("[%q]", k)
	}
	return addr
}

// attrRegion is the region a resource's attributes name. hashicorp/aws 6
// records "region" on every resource; older versions do not, but most
// resources carry an ARN, whose fourth field is the region (empty for
// global services such as IAM, which then take the fallback).
func attrRegion(attrs map[string]any, fallback string) string {
	if r, ok := attrs["region"].(string); ok && r != "" {
		return r
	}
	if arn, ok := attrs["arn"].(string); ok && strings.HasPrefix(arn, "arn:") {
		if parts := strings.SplitN(arn, ":", 5); len(parts) == 5 && parts[3] != "" {
			return parts[3]
		}
	}
	return fallback
}

// labTag is the resource's Lab tag: from tags_all, which includes the
// provider's default_tags that every lab sets, else from tags.
func labTag(attrs map[string]any) string {
	for _, key := range []string{"tags_all", "tags"} {
		if tags, ok := attrs[key].(map[string]any); ok {
			if lab, ok := tags["Lab"].(string); ok {
				return lab
			}
		}
	}
	return ""
}
