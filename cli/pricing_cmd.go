package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awspricing "github.com/aws/aws-sdk-go-v2/service/pricing"
	"github.com/aws/smithy-go"
	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"awstutor/cloud"
	"awstutor/i18n"
	"awstutor/pricing"
)

func newPricingCmd(o *Options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pricing",
		Short: "The price catalogue behind every cost figure",
		Long: `awstutor prices resources from a catalogue of AWS list prices built into the
binary: one snapshot, dated, for the regions the course runs in. Every cost
figure names that date and its region. "pricing update" fetches a region's
current prices from the AWS Price List Query API into a local cache, which
then takes the place of the built-in prices for that region.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newPricingShowCmd(o), newPricingUpdateCmd(o))
	return cmd
}

// catalogJSON is what `pricing show --json` prints.
type catalogJSON struct {
	PriceDate string `json:"price_date"`
	Currency  string `json:"currency"`
	Source    string `json:"source"`
	// Regions maps a region code to its prices, sorted by name.
	Regions map[string][]dimensionJSON `json:"regions"`
	// Origins says, per region listed, where its prices come from: its
	// date and source, and the cache file when some are refreshed.
	Origins map[string]pricing.Origin `json:"origins"`
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
	// Refreshed is true when the price comes from the cache of the AWS
	// Price List Query API rather than the built-in catalogue.
	Refreshed bool `json:"refreshed"`
}

func newPricingShowCmd(o *Options) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Show the price catalogue: date, source and every price per region",
		Long: `Print the catalogue's price date and source, then for each region (or only
--region, when given) where its prices come from (built in, or refreshed by
"awstutor pricing update" into a cache file, with its date and path) and
every price: its name, price in USD, unit, whether it is charged per hour,
per month or per use, the free-tier allowance and whether the price is
approximate (not checked against the region's offer file). --json prints
{price_date, currency, source, regions: {<region>: [{name, price, unit,
billing, approximate, free_tier, refreshed}]}, origins: {<region>:
{price_date, source, file, refreshed, dimensions}}}.`,
		Example: `  awstutor pricing show
  awstutor pricing show --region us-east-1 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := o.catalog()
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
			out := catalogJSON{PriceDate: cat.PriceDate, Currency: cat.Currency, Source: cat.Source,
				Regions: map[string][]dimensionJSON{}, Origins: map[string]pricing.Origin{}}
			for _, r := range regions {
				out.Regions[r] = regionDimensions(cat, r)
				out.Origins[r] = cat.Origin(r)
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
	origin := cat.Origin(region)
	names := make([]string, 0, len(dims))
	for n := range dims {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]dimensionJSON, 0, len(names))
	for _, n := range names {
		d := dims[n]
		out = append(out, dimensionJSON{Name: n, Price: d.Price, Unit: d.Unit, Billing: d.Billing, Approximate: d.Approximate,
			FreeTier: d.Free, Refreshed: origin.IsRefreshed(n)})
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
		origin := c.Origins[r]
		b.WriteString("\n" + p.T(i18n.CLIPricingRegion, r, len(c.Regions[r]), origin.PriceDate) + "\n")
		if origin.Cached() {
			b.WriteString(p.T(i18n.CLIPricingOriginCached, len(origin.Refreshed), origin.File, origin.Source,
				len(c.Regions[r])-len(origin.Refreshed), c.PriceDate) + "\n")
		} else {
			b.WriteString(p.T(i18n.CLIPricingOriginBuiltIn, origin.PriceDate, r) + "\n")
		}
		t := &table{}
		t.add(p.T(i18n.CLIColName), p.T(i18n.CLIColPrice), p.T(i18n.CLIColUnit), p.T(i18n.CLIColBilling), p.T(i18n.CLIColFreeTier))
		for _, d := range c.Regions[r] {
			price := listPrice(d.Price)
			switch {
			case d.Approximate:
				price = "~" + price
			case d.Refreshed:
				price = "*" + price
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

// pricingEndpointEnv names the environment variable that sends the Price
// List calls to another endpoint: a local stand-in of the API, for tests.
const pricingEndpointEnv = "AWSTUTOR_PRICING_ENDPOINT"

// priceListEndpoint is the real endpoint, as error messages name it.
const priceListEndpoint = "https://api.pricing." + pricing.PriceListRegion + ".amazonaws.com"

// pricingProgressAfter is how long an update runs before it reports
// progress: a refresh that answers at once needs no running commentary.
// Tests set it to zero.
var pricingProgressAfter = time.Second

// updateJSON is what `pricing update --json` prints: the report, and the
// cache file written (empty when nothing was).
type updateJSON struct {
	pricing.UpdateReport
	File string `json:"file"`
}

func newPricingUpdateCmd(o *Options) *cobra.Command {
	return &cobra.Command{
		Use:   "update",
		Short: "Fetch a region's current prices from the AWS Price List Query API into a local cache",
		Long: `Ask the AWS Price List Query API for the current on-demand list price of
every price in the catalogue that awstutor knows how to look up, for --region
(default ap-northeast-2), and cache them. From then on every cost figure
(cost, cost estimate, cost course, report, the classroom) uses the cached
prices for that region and names their date; "awstutor pricing show" says
which prices come from the cache.

What it calls: pricing:GetProducts, the call behind "aws pricing
get-products", once or a few times per AWS service (Fargate, EC2, ELB, NAT
gateway, public IPv4, SQS, SNS, Lambda, CloudWatch, ...), filtered by the
region code and the product's attributes (instance type, Linux, shared
tenancy, ...). The API's endpoint is in us-east-1 whatever region's prices
you ask for.

What it needs: AWS credentials from the usual chain (environment variables,
--profile or AWS_PROFILE, SSO: run "aws sso login" first if you use SSO),
allowed to call pricing:GetProducts (the AWS managed policy
AWSPriceListServiceFullAccess allows it). It does not matter which --target
you use: prices always come from AWS.

What it costs: nothing. The Price List Query API is free of charge; it reads
public list prices and creates no resource.

What it changes: only the cache file <state-dir>/pricing/<region>.json
(state dir: --state-dir, else $AWSTUTOR_STATE_DIR, else
~/.local/state/awstutor), written whole once every query has answered. If
anything fails (credentials, network, cancellation) nothing is written and
the previous cache stays. A price the API cannot answer for without doubt
(no product, several products with different prices, another unit, $0 for a
price that is not free, more than five times off) keeps its built-in price,
and the table says why.

To go back to the built-in prices, delete the cache file:
  rm <state-dir>/pricing/<region>.json

--json prints the report: {region, price_date, source, base_price_date,
updated, unchanged, kept, requests, dimensions: [{name, status, old, new,
unit, was_approximate, reason, detail, evidence: {service_code, sku,
usage_type, rate_code, description, unit, price_per_unit, scale,
effective_date, tier, products}}], file}.

For tests: AWSTUTOR_PRICING_ENDPOINT=http://127.0.0.1:PORT sends the calls to
a local stand-in of the API, with fake credentials when none are set.`,
		Example: `  aws sso login && awstutor pricing update
  awstutor pricing update --region us-east-1 --profile course
  awstutor pricing update --region us-east-1 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.runPricingUpdate(cmd.Context())
		},
	}
}

func (o *Options) runPricingUpdate(ctx context.Context) error {
	p := o.printer
	base, err := pricing.DefaultCatalog()
	if err != nil {
		return err
	}
	if _, ok := base.Regions[o.Region]; !ok {
		return usageError("%s", p.T(i18n.CLIPricingNoRegion, o.Region, strings.Join(base.RegionNames(), ", ")))
	}
	client, endpoint, err := o.priceListClient(ctx)
	if err != nil {
		return o.priceListError(err, endpoint)
	}
	now := clockFrom(ctx)
	start := time.Now()
	var last time.Time
	progress := func(done, total int, dim string) {
		// Progress goes to stderr, one line a second at most, once the
		// refresh has taken long enough for a learner to wonder.
		t := time.Now()
		if dim == "" || t.Sub(start) < pricingProgressAfter || t.Sub(last) < pricingProgressAfter {
			return
		}
		last = t
		fmt.Fprintln(o.stderr, p.T(i18n.CLIPriceUpdProgress, done+1, total, dim))
	}
	cat, rep, err := pricing.Update(ctx, client, o.Region, base, now(), pricing.WithProgress(progress))
	if err != nil {
		return o.priceListError(err, endpoint)
	}
	path, err := pricing.SaveCache(o.StateDir, cat, rep, now())
	switch {
	case errors.Is(err, pricing.ErrNothingRefreshed):
		if o.JSON {
			if werr := writeJSON(o.stdout, updateJSON{UpdateReport: rep}); werr != nil {
				return werr
			}
		} else if werr := writeUpdate(o.stdout, p, rep, ""); werr != nil {
			return werr
		}
		return &ExitError{Code: ExitFailure, Err: &saidError{msg: p.T(i18n.CLIPriceUpdNothing, o.Region), err: err}}
	case err != nil:
		return &saidError{msg: p.T(i18n.CLIPriceUpdSaveFail, err), err: err}
	}
	if o.JSON {
		return writeJSON(o.stdout, updateJSON{UpdateReport: rep, File: path})
	}
	return writeUpdate(o.stdout, p, rep, path)
}

// priceListClient builds the Price List client: region us-east-1 (where
// the API is), credentials from the standard chain with --profile. With
// AWSTUTOR_PRICING_ENDPOINT set it calls that endpoint instead, and signs
// with fake keys unless credentials were given, so tests need none. It
// returns the endpoint the messages name.
func (o *Options) priceListClient(ctx context.Context) (*awspricing.Client, string, error) {
	endpoint := os.Getenv(pricingEndpointEnv)
	if endpoint == "" {
		cfg, err := cloud.NewConfig(ctx, cloud.Target{Name: cloud.TargetAWS, Region: pricing.PriceListRegion, Profile: o.Profile})
		if err != nil {
			return nil, priceListEndpoint, err
		}
		return awspricing.NewFromConfig(cfg, func(po *awspricing.Options) { po.Region = pricing.PriceListRegion }), priceListEndpoint, nil
	}
	if u, err := url.Parse(endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, endpoint, &saidError{msg: o.printer.T(i18n.CLIPriceUpdEndpoint, endpoint), err: errors.New("bad endpoint")}
	}
	opts := []func(*awsconfig.LoadOptions) error{awsconfig.WithRegion(pricing.PriceListRegion)}
	switch {
	case o.Profile != "":
		opts = append(opts, awsconfig.WithSharedConfigProfile(o.Profile))
	case os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_PROFILE") == "":
		opts = append(opts, awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDAWSTUTORTEST", "awstutor-test-secret", "")))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, endpoint, fmt.Errorf("load AWS config: %w", err)
	}
	client := awspricing.NewFromConfig(cfg, func(po *awspricing.Options) {
		po.Region = pricing.PriceListRegion
		po.BaseEndpoint = aws.String(endpoint)
	})
	return client, endpoint, nil
}

// credentialCodes are the API error codes that mean the credentials are
// expired, unknown or not allowed to call the Price List: the learner's
// fix is the same for all of them.
var credentialCodes = []string{
	"ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
	"InvalidToken", "AccessDenied", "AccessDeniedException", "InvalidSignatureException",
	"SignatureDoesNotMatch", "IncompleteSignatureException", "MissingAuthenticationToken",
}

// priceListError turns a failed refresh into one sentence a learner can act
// on: credentials, network, a refusal by the API, or the error itself.
// Every failure happens before the cache is written, so each says the
// cache is unchanged. Cancellation passes through (exit 130).
func (o *Options) priceListError(err error, endpoint string) error {
	p := o.printer
	if errors.Is(err, context.Canceled) {
		return err
	}
	var se *saidError
	if errors.As(err, &se) {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	var ae smithy.APIError
	isAPI := errors.As(err, &ae)
	var msg string
	switch {
	case isAPI && slices.Contains(credentialCodes, ae.ErrorCode()):
		msg = p.T(i18n.CLIPriceUpdCreds, ae.ErrorCode())
	case errors.Is(cloud.Classify(err), cloud.ErrCredentials):
		msg = p.T(i18n.CLIPriceUpdCreds, credentialsCause(p, err))
	case isAPI:
		msg = p.T(i18n.CLIPriceUpdAPI, ae.ErrorCode(), ae.ErrorMessage())
	case networkFailure(err):
		msg = p.T(i18n.CLIPriceUpdNetwork, endpoint)
	default:
		msg = p.T(i18n.CLIPriceUpdFailed, err)
	}
	return &ExitError{Code: ExitFailure, Err: &saidError{msg: msg, err: err}}
}

// credentialsCause says in a few words why the credential chain failed,
// without the chain's account of every provider it tried. The SDK gives
// these failures no types, only text; the words it uses are stable.
func credentialsCause(p i18n.Printer, err error) string {
	s := strings.ToLower(err.Error())
	switch {
	case strings.Contains(s, "profile") && strings.Contains(s, "not"):
		return p.T(i18n.CLIPriceUpdCauseProfile)
	case strings.Contains(s, "sso"):
		return p.T(i18n.CLIPriceUpdCauseSSO)
	}
	return p.T(i18n.CLIPriceUpdCauseNone)
}

// networkFailure reports a failure to reach the endpoint at all: refused,
// reset, unresolvable or timed out, or a connection dropped mid-answer.
func networkFailure(err error) bool {
	var ue *url.Error
	var oe *net.OpError
	var de *net.DNSError
	var te interface{ Timeout() bool }
	return errors.As(err, &ue) || errors.As(err, &oe) || errors.As(err, &de) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		(errors.As(err, &te) && te.Timeout())
}

// writeUpdate prints an update for people: the counts, the prices that
// changed, the prices kept and why, and where the cache went.
func writeUpdate(w io.Writer, p i18n.Printer, rep pricing.UpdateReport, path string) error {
	var b strings.Builder
	b.WriteString(p.T(i18n.CLIPriceUpdHead, rep.Region, rep.PriceDate, rep.Updated, rep.Unchanged, rep.Kept, rep.BasePriceDate) + "\n")
	changed := &table{}
	changed.add(p.T(i18n.CLIColName), p.T(i18n.CLIPriceUpdColOld), p.T(i18n.CLIPriceUpdColNew), p.T(i18n.CLIPriceUpdColChange), p.T(i18n.CLIColUnit))
	kept := &table{}
	kept.add(p.T(i18n.CLIColName), p.T(i18n.CLIColPrice), p.T(i18n.CLIPriceUpdColReason))
	confirmed := 0
	for _, u := range rep.Dimensions {
		switch u.Status {
		case pricing.StatusUpdated:
			changed.add(u.Name, listPrice(u.Old), listPrice(*u.New), priceChange(u.Old, *u.New), u.Unit)
		case pricing.StatusKept:
			old := listPrice(u.Old)
			if u.WasApproximate {
				old = "~" + old
			}
			kept.add(u.Name, old, p.T(i18n.Key("cli.pricingupdate.reason."+string(u.Reason)))+": "+u.Detail)
		}
		if u.Status != pricing.StatusKept && u.WasApproximate {
			confirmed++
		}
	}
	b.WriteString("\n")
	if rep.Updated == 0 {
		b.WriteString(p.T(i18n.CLIPriceUpdNoChange) + "\n")
	} else {
		b.WriteString(p.T(i18n.CLIPriceUpdChanged) + "\n")
		if err := changed.write(&b); err != nil {
			return err
		}
	}
	if rep.Kept > 0 {
		b.WriteString("\n" + p.T(i18n.CLIPriceUpdKept) + "\n")
		if err := kept.write(&b); err != nil {
			return err
		}
	}
	b.WriteString("\n")
	if confirmed > 0 {
		b.WriteString(p.T(i18n.CLIPriceUpdConfirmed, confirmed) + "\n")
	}
	if path != "" {
		b.WriteString(p.T(i18n.CLIPriceUpdSaved, path) + "\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write price update: %w", err)
	}
	return nil
}

// priceChange writes the change from old to new in percent, one decimal:
// "+2.5%", "-3.6%".
func priceChange(old, new decimal.Decimal) string {
	if old.IsZero() {
		return "-"
	}
	pct := new.Sub(old).Div(old).Mul(decimal.NewFromInt(100)).Round(1)
	s := pct.StringFixed(1) + "%"
	if pct.IsPositive() {
		s = "+" + s
	}
	return s
}
