package pricing

import "github.com/shopspring/decimal"

// applyFreeTier lets fixed-charge components draw on their dimension's
// monthly free-tier pool, in the order given (plan order), and re-bills
// them. The allowance is monthly, so it is spread over the month: 10 free
// alarms cover 10 alarms all month; 750 free instance-hours cover
// 750/730 = 1.027 instances running all month. Usage lines are not figures,
// so their allowance is only stated in their note.
func applyFreeTier(costs []ResourceCost) {
	left := map[string]decimal.Decimal{}
	for i := range costs {
		for j := range costs[i].Components {
			c := &costs[i].Components[j]
			f := c.dim.Free
			if f == nil || c.IsUsage() {
				continue
			}
			pool, ok := left[f.Pool]
			if !ok {
				pool = f.Quantity
				if c.Billing == BillingHour {
					pool = f.Quantity.DivRound(hoursPerMonth, derivedPlaces)
				}
			}
			free := decimal.Min(c.Quantity, pool)
			c.FreeQuantity = free
			left[f.Pool] = pool.Sub(free)
			c.bill()
		}
	}
}
