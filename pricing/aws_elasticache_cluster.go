package pricing

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"awstutor/resource"
)

func init() {
	register("aws_elasticache_cluster", priceElastiCacheCluster)
	register("aws_elasticache_replication_group", priceElastiCacheReplicationGroup)
}

// priceElastiCacheCluster prices a cache cluster's nodes.
func priceElastiCacheCluster(r resource.Resource, ctx Context) ([]Component, error) {
	nodes, err := count(r.Attrs, "num_cache_nodes", 1)
	if err != nil {
		return nil, err
	}
	return cacheNodes(r, ctx, nodes)
}

// priceElastiCacheReplicationGroup prices a replication group's nodes: its
// cache clusters, or for cluster mode its shards times (replicas + 1).
func priceElastiCacheReplicationGroup(r resource.Resource, ctx Context) ([]Component, error) {
	nodes, ok, err := number(r.Attrs, "num_cache_clusters")
	if err != nil {
		return nil, err
	}
	if !ok || nodes.IsZero() {
		shards, err := count(r.Attrs, "num_node_groups", 1)
		if err != nil {
			return nil, err
		}
		replicas, err := count(r.Attrs, "replicas_per_node_group", 0)
		if err != nil {
			return nil, err
		}
		nodes = shards.Mul(replicas.Add(qty(1)))
	}
	return cacheNodes(r, ctx, nodes)
}

// cacheNodes prices nodes of the resource's node type. Redis OSS and
// Memcached nodes cost the same; Valkey nodes are cheaper and not in the
// catalogue.
func cacheNodes(r resource.Resource, ctx Context, nodes decimal.Decimal) ([]Component, error) {
	switch e := str(r, "engine"); e {
	case "", "redis", "memcached":
	default:
		return nil, fmt.Errorf("engine %s has no price in the catalogue (it has redis and memcached)", e)
	}
	nodeType := str(r, "node_type")
	if nodeType == "" {
		return nil, errors.New("node_type is not known in the plan")
	}
	c, err := ctx.fixed("nodes "+nodeType, "elasticache."+nodeType, nodes)
	if err != nil {
		return nil, fmt.Errorf("node type %s has no price in the catalogue", nodeType)
	}
	c.Note = plural(nodes, "node", "nodes")
	return []Component{c}, nil
}
