package pricing

import (
	"errors"
	"fmt"

	"awstutor/resource"
)

func init() { register("aws_db_instance", priceDBInstance) }

// priceDBInstance prices an RDS instance: instance hours for its engine and
// class, and its allocated storage. A Multi-AZ instance keeps a standby of
// the same class and storage, so both double.
func priceDBInstance(r resource.Resource, ctx Context) ([]Component, error) {
	var engine string
	switch e := str(r, "engine"); e {
	case "mysql", "mariadb":
		engine = "mysql" // MariaDB has MySQL's list prices
	case "postgres":
		engine = "postgres"
	case "":
		return nil, errors.New("engine is not known in the plan")
	default:
		return nil, fmt.Errorf("engine %s has no price in the catalogue (it has mysql, mariadb and postgres)", e)
	}
	class := str(r, "instance_class")
	copies := qty(1)
	note := "single-AZ"
	if boolean(r, "multi_az") {
		copies, note = qty(2), "Multi-AZ: primary and standby"
	}
	hours, err := ctx.fixed("instance "+class, "rds."+engine+"."+class, copies)
	if err != nil {
		return nil, fmt.Errorf("instance class %s for %s has no price in the catalogue", class, engine)
	}
	hours.Note = note
	comps := []Component{hours}

	size, ok, err := number(r.Attrs, "allocated_storage")
	if err != nil {
		return nil, err
	}
	if ok {
		kind := str(r, "storage_type")
		assumed := kind == ""
		if assumed {
			kind = "gp2" // what RDS picks when the plan does not say
		}
		if kind != "gp2" && kind != "gp3" {
			return nil, fmt.Errorf("storage type %s has no price in the catalogue", kind)
		}
		c, err := ctx.fixed("storage "+kind, "rds."+kind+"_gb_month", size.Mul(copies))
		if err != nil {
			return nil, err
		}
		c.Note = fmt.Sprintf("%s GB, %s", size, note)
		if assumed {
			c.Approximate = true
			c.Note += "; storage type unknown, gp2 assumed"
		}
		comps = append(comps, c)
	}
	return comps, nil
}
