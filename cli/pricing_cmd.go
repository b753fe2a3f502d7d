package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"awstutor/i18n"
	"awstutor/pricing"
)

func newPricingCmd(o *Options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pricing",
		Short: "The price catalogue behind every cost figure",
		Long: `awstutor prices resources from a catalogue of AWS list prices built into the
binary: one snapshot, dated, for the regions the course runs in. Every cost
figure names that date and its region.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newPricingShowCmd(o))
	return cmd
}

// catalogJSON is what `pricing show --json` prints.
type catalogJSON struct {
	PriceDate string `json:"price_date"`
	Currency  string `json:"currency"`
	Source    string `json:"source"`
	// Regions maps a region code to its prices, sorted by name.
	Regions map[string][]dimensionJSON `json:"regions"`
}

// dimensionJSON is one price of `pricing show --json`.
type dimensionJSON struct {
	Name        string          `json:"name"`
	Price       decimal.Decimal `json:"price"`
	Unit        string          `json:"unit"`
	Billing     pricing.Billing `json:"billing"`
	Approximate bool            `json:"approximate"`
	// FreeTier is the monthly free-tier allowance; null when there is none.
	FreeTier *pricing.FreeTier `json:"free_tier"`
}

func newPricingShowCmd(o *Options) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Show the price catalogue: date, source and every price per region",
		Long: `Print the catalogue's price date and source, then for each region (or only
--region, when given) every price: its name, price in USD, unit, whether it
is charged per hour, per month or per use, the free-tier allowance and
whether the price is approximate (not checked against the region's offer
file). --json prints {price_date, currency, source, regions: {<region>:
[{name, price, unit, billing, approximate, free_tier}]}}.`,
		Example: `  awstutor pricing show
  awstutor pricing show --region us-east-1 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := pricing.DefaultCatalog()
			if err != nil {
				return err
			}
			regions := cat.RegionNames()
			// The global --region has a default; only a region the user
			// names narrows the listing.
			if cmd.Flags().Changed("region") {
				if !slices.Contains(regions, o.Region) {
					return usageError("%s", o.printer.T(i18n.CLIPricingNoRegion, o.Region, strings.Join(regions, ", ")))
				}
				regions = []string{o.Region}
			}
			out := catalogJSON{PriceDate: cat.PriceDate, Currency: cat.Currency, Source: cat.Source, Regions: map[string][]dimensionJSON{}}
			for _, r := range regions {
				out.Regions[r] = regionDimensions(cat, r)
			}
			if o.JSON {
				return writeJSON(o.stdout, out)
			}
			return writeCatalog(o.stdout, o.printer, out, regions)
		},
	}
}

// regionDimensions lists a region's prices sorted by name.
func regionDimensions(cat *pricing.Catalog, region string) []dimensionJSON {
	dims := cat.Regions[region]
	names := make([]string, 0, len(dims))
	for n := range dims {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]dimensionJSON, 0, len(names))
	for _, n := range names {
		d := dims[n]
		out = append(out, dimensionJSON{Name: n, Price: d.Price, Unit: d.Unit, Billing: d.Billing, Approximate: d.Approximate, FreeTier: d.Free})
	}
	return out
}

// writeCatalog prints the catalogue for people, one table per region. The
// names, units, billing kinds and free-tier notes are the catalogue's own.
func writeCatalog(w io.Writer, p i18n.Printer, c catalogJSON, regions []string) error {
	var b strings.Builder
	b.WriteString(p.T(i18n.CLIPricingHead, c.PriceDate, c.Currency) + "\n")
	b.WriteString(p.T(i18n.CLIPricingSource, c.Source) + "\n")
	b.WriteString(p.T(i18n.CLIPricingLegend) + "\n")
	for _, r := range regions {
		b.WriteString("\n" + p.T(i18n.CLIPricingRegion, r, len(c.Regions[r]), c.PriceDate) + "\n")
		t := &table{}
		t.add(p.T(i18n.CLIColName), p.T(i18n.CLIColPrice), p.T(i18n.CLIColUnit), p.T(i18n.CLIColBilling), p.T(i18n.CLIColFreeTier))
		for _, d := range c.Regions[r] {
			price := listPrice(d.Price)
			if d.Approximate {
				price = "~" + price
			}
			free := "-"
			if d.FreeTier != nil {
				free = d.FreeTier.Note
			}
			t.add(d.Name, price, d.Unit, string(d.Billing), free)
		}
		if err := t.write(&b); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write price catalogue: %w", err)
	}
	return nil
}

// listPrice writes a list price in dollars with every place the catalogue
// gives and at least two, as prices are written: "$1.00", "$0.0225".
func listPrice(d decimal.Decimal) string {
	return "$" + d.StringFixed(max(2, -d.Exponent()))
}
