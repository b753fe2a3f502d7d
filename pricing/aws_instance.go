package pricing

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"awstutor/resource"
)

func init() { register("aws_instance", priceInstance) }

// defaultRootGiB is the root volume of the Amazon Linux AMIs the course
// uses, assumed when the plan leaves the size to the AMI.
const defaultRootGiB = 8

// priceInstance prices a Linux on-demand EC2 instance: its instance hours,
// its EBS volumes and a public IPv4 address when it asks for one.
func priceInstance(r resource.Resource, ctx Context) ([]Component, error) {
	typ := str(r, "instance_type")
	if typ == "" {
		return nil, errors.New("instance_type is not known in the plan")
	}
	hours, err := ctx.fixed("instance "+typ, "ec2."+typ, qty(1))
	if err != nil {
		return nil, fmt.Errorf("instance type %s has no price in the catalogue (it has the small types the course uses)", typ)
	}
	hours.Note = "Linux, on demand"
	comps := []Component{hours}

	root, err := ebsVolume(ctx, "root volume", block(r.Attrs, "root_block_device"))
	if err != nil {
		return nil, err
	}
	comps = append(comps, root)
	if vols, ok := list(r, "ebs_block_device"); ok {
		for i, v := range vols {
			m, _ := v.(map[string]any)
			c, err := ebsVolume(ctx, fmt.Sprintf("EBS volume %d", i+1), m)
			if err != nil {
				return nil, err
			}
			comps = append(comps, c)
		}
	}
	if boolean(r, "associate_public_ip_address") {
		c, err := ctx.fixed("public IPv4", "ipv4.hour", qty(1))
		if err != nil {
			return nil, err
		}
		comps = append(comps, c)
	}
	return comps, nil
}

// ebsVolume prices one EBS volume block. The AMI decides a root volume the
// plan does not describe; Amazon Linux 2023 gives 8 GB of gp3.
func ebsVolume(ctx Context, name string, vol map[string]any) (Component, error) {
	size, okSize, err := number(vol, "volume_size")
	if err != nil {
		return Component{}, fmt.Errorf("%s: %w", name, err)
	}
	kind, _ := vol["volume_type"].(string)
	assumed := !okSize || kind == ""
	if !okSize {
		size = decimal.NewFromInt(defaultRootGiB)
	}
	if kind == "" {
		kind = "gp3"
	}
	switch kind {
	case "gp2", "gp3":
	default:
		return Component{}, fmt.Errorf("%s: EBS volume type %s has no price in the catalogue", name, kind)
	}
	c, err := ctx.fixed(name+" "+kind, "ebs."+kind+"_gb_month", size)
	if err != nil {
		return Component{}, err
	}
	if assumed {
		c.Approximate = true
		c.Note = fmt.Sprintf("the AMI decides; %s GB %s assumed", size, kind)
	}
	return c, nil
}
