package pricing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Origin says where one region's prices come from: the embedded
// catalogue, or a cache file written by `awstutor pricing update`.
type Origin struct {
	// PriceDate is the day the region's refreshed prices were taken, or
	// the embedded catalogue's date, as YYYY-MM-DD.
	PriceDate string `json:"price_date"`
	// Source says where the prices come from.
	Source string `json:"source"`
	// File is the cache file whose prices override the embedded ones;
	// empty when the region's prices are all embedded.
	File string `json:"file,omitempty"`
	// Refreshed names, sorted, the dimensions whose price comes from the
	// Price List (the cache); the region's other dimensions keep the
	// embedded catalogue's price and date.
	Refreshed []string `json:"refreshed,omitempty"`
	// Dimensions is how many prices the region has in all.
	Dimensions int `json:"dimensions"`
}

// Cached reports whether the region's prices come (in part) from a cache
// file rather than all from the embedded catalogue.
func (o Origin) Cached() bool { return o.File != "" }

// IsRefreshed reports whether the named dimension's price comes from the
// Price List rather than the embedded catalogue.
func (o Origin) IsRefreshed(name string) bool {
	_, ok := slices.BinarySearch(o.Refreshed, name)
	return ok
}

// Origin returns where region's prices come from: its entry in Origins,
// else the catalogue's own date and source.
func (c *Catalog) Origin(region string) Origin {
	if o, ok := c.Origins[region]; ok {
		return o
	}
	return Origin{PriceDate: c.PriceDate, Source: c.Source, Dimensions: len(c.Regions[region])}
}

// PriceDateFor returns the price date to print beside a figure priced in
// region: the refresh's date for a region refreshed from the Price List,
// else the catalogue's.
func (c *Catalog) PriceDateFor(region string) string { return c.Origin(region).PriceDate }

// clone copies the catalogue deeply enough that the copy's regions,
// dimensions and origins can be changed without touching c. Free-tier
// allowances are shared: nothing changes them.
func (c *Catalog) clone() *Catalog {
	out := *c
	out.Regions = make(map[string]map[string]Dimension, len(c.Regions))
	for r, dims := range c.Regions {
		out.Regions[r] = maps.Clone(dims)
	}
	out.Origins = make(map[string]Origin, len(c.Origins))
	for r, o := range c.Origins {
		o.Refreshed = slices.Clone(o.Refreshed)
		out.Origins[r] = o
	}
	return &out
}

// cacheSchema is the version of the cache file format.
const cacheSchema = 1

// CacheDir is the directory of the price cache in a state dir.
func CacheDir(stateDir string) string { return filepath.Join(stateDir, "pricing") }

// CachePath is the cache file of one region's refreshed prices.
func CachePath(stateDir, region string) string {
	return filepath.Join(CacheDir(stateDir), region+".json")
}

// cacheFile is the content of <state-dir>/pricing/<region>.json. It holds
// only the prices the Price List confirmed; every other price of the
// region stays the embedded one, so a newer awstutor's embedded prices are
// not shadowed by copies an older one wrote.
type cacheFile struct {
	Schema    int       `json:"schema"`
	Region    string    `json:"region"`
	PriceDate string    `json:"price_date"`
	FetchedAt time.Time `json:"fetched_at"`
	Currency  string    `json:"currency"`
	Source    string    `json:"source"`
	// Dimensions maps a dimension name to its refreshed price.
	Dimensions map[string]cachedDimension `json:"dimensions"`
}

// cachedDimension is one refreshed price. Unit and billing are kept to
// check, on loading, that the price still means what the embedded
// catalogue means by the name.
type cachedDimension struct {
	Price    decimal.Decimal `json:"price"`
	Unit     string          `json:"unit"`
	Billing  Billing         `json:"billing"`
	Evidence *PriceEvidence  `json:"evidence,omitempty"`
}

// ErrNothingRefreshed is returned by SaveCache for an update in which the
// Price List confirmed no price: such a cache would change nothing.
var ErrNothingRefreshed = errors.New("the Price List confirmed no price, so there is nothing to cache")

// SaveCache writes the prices that Update refreshed (those updated or
// unchanged in rep) to the region's cache file under stateDir and returns
// its path. Directories are created 0700 and the file 0600. The write is
// atomic (a temp file in the same directory, synced, renamed over the old
// one), so a crash or a full disk leaves the previous cache whole.
func SaveCache(stateDir string, cat *Catalog, rep UpdateReport, now time.Time) (string, error) {
	dims := cat.Regions[rep.Region]
	cf := cacheFile{
		Schema:     cacheSchema,
		Region:     rep.Region,
		PriceDate:  rep.PriceDate,
		FetchedAt:  now.UTC(),
		Currency:   "USD",
		Source:     rep.Source,
		Dimensions: map[string]cachedDimension{},
	}
	for _, u := range rep.Dimensions {
		if u.Status != StatusUpdated && u.Status != StatusUnchanged {
			continue
		}
		d, ok := dims[u.Name]
		if !ok {
			return "", fmt.Errorf("save price cache: %s is in the report but not in the catalogue", u.Name)
		}
		cf.Dimensions[u.Name] = cachedDimension{Price: d.Price, Unit: d.Unit, Billing: d.Billing, Evidence: u.Evidence}
	}
	if len(cf.Dimensions) == 0 {
		return "", ErrNothingRefreshed
	}
	raw, err := json.MarshalIndent(cf, "", "  ")
	if err != nil {
		return "", fmt.Errorf("save price cache: %w", err)
	}
	path := CachePath(stateDir, rep.Region)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("save price cache: %w", err)
	}
	if err := writeFileAtomic(path, append(raw, '\n')); err != nil {
		return "", fmt.Errorf("save price cache %s: %w", path, err)
	}
	return path, nil
}

// writeFileAtomic replaces path with data so that a reader, or a crash,
// sees the old content or the new, never a part. The temp file's name
// starts with a dot, which the loader skips, so a leftover from a crash is
// never read as a cache.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close() // may be closed already; the first error is the news
			_ = os.Remove(tmp)
		}
	}()
	// CreateTemp makes 0600 before the umask; set it exactly anyway.
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	// The rename is done and visible; a failed directory sync only puts
	// its durability across a power cut in doubt, so it is not an error.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// CacheError reports a cache file that cannot be used. The file is left
// where it is: it may be the only copy of prices the learner fetched, and
// what to do with it is theirs to decide.
type CacheError struct {
	// File is the cache file.
	File string
	// Region is the region it is for.
	Region string
	// Err says what is wrong with it.
	Err error
}

func (e *CacheError) Error() string {
	return fmt.Sprintf("the price cache %s cannot be used (%v): delete it or run awstutor pricing update --region %s again", e.File, e.Err, e.Region)
}

func (e *CacheError) Unwrap() error { return e.Err }

// CacheNoteKind names something in the cache that was left out.
type CacheNoteKind string

// The things LoadCatalog leaves out of a cache, with a note.
const (
	// NoteUnknownRegion: a cache file for a region the embedded
	// catalogue does not have.
	NoteUnknownRegion CacheNoteKind = "unknown_region"
	// NoteUnknownDimension: a cached price whose name the embedded
	// catalogue does not have (an older awstutor's name).
	NoteUnknownDimension CacheNoteKind = "unknown_dimension"
	// NoteUnitChanged: a cached price in another unit or billing than the
	// embedded catalogue's price of that name.
	NoteUnitChanged CacheNoteKind = "unit_changed"
	// NoteStale: a cache older than the embedded catalogue, whose prices
	// are newer.
	NoteStale CacheNoteKind = "stale"
)

// CacheNote says what LoadCatalog left out of the cache and why. Nothing
// in it is an error: the embedded price is used instead.
type CacheNote struct {
	Kind CacheNoteKind `json:"kind"`
	// File is the cache file.
	File string `json:"file"`
	// Region is the file's region.
	Region string `json:"region"`
	// Dimension is the price concerned, for the dimension kinds.
	Dimension string `json:"dimension,omitempty"`
	// Have and Want are the cached and the embedded unit (NoteUnitChanged)
	// or date (NoteStale).
	Have string `json:"have,omitempty"`
	Want string `json:"want,omitempty"`
}

// String says the note in one English sentence.
func (n CacheNote) String() string {
	switch n.Kind {
	case NoteUnknownRegion:
		return fmt.Sprintf("%s: the built-in catalogue has no region %s, so its prices are not used", n.File, n.Region)
	case NoteUnknownDimension:
		return fmt.Sprintf("%s: %s is not a price awstutor knows, so it is not used", n.File, n.Dimension)
	case NoteUnitChanged:
		return fmt.Sprintf("%s: %s is cached per %s but awstutor prices it per %s, so the built-in price is used", n.File, n.Dimension, n.Have, n.Want)
	case NoteStale:
		return fmt.Sprintf("%s: its prices of %s are older than the built-in prices of %s, so the built-in ones are used; run awstutor pricing update --region %s to refresh", n.File, n.Have, n.Want, n.Region)
	}
	return fmt.Sprintf("%s: %s", n.File, n.Kind)
}

// LoadCatalog returns the embedded catalogue with the prices cached under
// stateDir laid over it; see MergeCache.
func LoadCatalog(stateDir string) (*Catalog, []CacheNote, error) {
	base, err := DefaultCatalog()
	if err != nil {
		return nil, nil, err
	}
	return MergeCache(base, stateDir)
}

// MergeCache returns base with each region's cached prices (the files
// <stateDir>/pricing/<region>.json that `awstutor pricing update` writes)
// laid over it, and the catalogue's Origins saying, per region, which
// prices come from which file and date. It only reads: a missing state dir
// or cache dir is no cache, and base itself is returned, unchanged (callers
// must not modify it). A file that cannot be read or parsed is a
// *CacheError and is left in place. Cached prices that no longer fit the
// embedded catalogue (unknown region or name, another unit, older than the
// embedded prices) are left out with a note.
func MergeCache(base *Catalog, stateDir string) (*Catalog, []CacheNote, error) {
	dir := CacheDir(stateDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return base, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read the price cache %s: %w", dir, err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		// Dot files are temp files of a write in progress or interrupted.
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".json") {
			continue
		}
		files = append(files, name)
	}
	if len(files) == 0 {
		return base, nil, nil
	}
	slices.Sort(files)
	out := base.clone()
	var notes []CacheNote
	for _, name := range files {
		region := strings.TrimSuffix(name, ".json")
		path := filepath.Join(dir, name)
		dims, ok := out.Regions[region]
		if !ok {
			notes = append(notes, CacheNote{Kind: NoteUnknownRegion, File: path, Region: region})
			continue
		}
		cf, err := readCacheFile(path, region)
		if err != nil {
			return nil, nil, &CacheError{File: path, Region: region, Err: err}
		}
		builtIn := base.Origin(region).PriceDate
		if cf.PriceDate < builtIn {
			notes = append(notes, CacheNote{Kind: NoteStale, File: path, Region: region, Have: cf.PriceDate, Want: builtIn})
			continue
		}
		var refreshed []string
		for _, dn := range slices.Sorted(maps.Keys(cf.Dimensions)) {
			cd := cf.Dimensions[dn]
			d, ok := dims[dn]
			switch {
			case !ok:
				notes = append(notes, CacheNote{Kind: NoteUnknownDimension, File: path, Region: region, Dimension: dn})
				continue
			case cd.Unit != d.Unit || cd.Billing != d.Billing:
				notes = append(notes, CacheNote{Kind: NoteUnitChanged, File: path, Region: region, Dimension: dn,
					Have: cd.Unit + " (" + string(cd.Billing) + ")", Want: d.Unit + " (" + string(d.Billing) + ")"})
				continue
			}
			d.Price, d.Approximate = cd.Price, false
			dims[dn] = d
			refreshed = append(refreshed, dn)
		}
		if len(refreshed) == 0 {
			continue
		}
		out.Origins[region] = Origin{PriceDate: cf.PriceDate, Source: cf.Source, File: path, Refreshed: refreshed, Dimensions: len(dims)}
	}
	return out, notes, nil
}

// readCacheFile reads and checks one cache file; its errors say what is
// wrong in a few words, for CacheError's sentence.
func readCacheFile(path, region string) (cacheFile, error) {
	var cf cacheFile
	raw, err := os.ReadFile(path)
	if err != nil {
		return cf, err
	}
	if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&cf); err != nil {
		return cf, fmt.Errorf("not valid JSON: %w", err)
	}
	switch {
	case cf.Schema != cacheSchema:
		return cf, fmt.Errorf("format version %d, this awstutor reads %d", cf.Schema, cacheSchema)
	case cf.Region != region:
		return cf, fmt.Errorf("it holds prices for %q", cf.Region)
	case cf.Currency != "USD":
		return cf, fmt.Errorf("currency %q is not USD", cf.Currency)
	case cf.Source == "":
		return cf, errors.New("no source")
	}
	if _, err := time.Parse(time.DateOnly, cf.PriceDate); err != nil {
		return cf, fmt.Errorf("price date %q is not YYYY-MM-DD", cf.PriceDate)
	}
	for name, d := range cf.Dimensions {
		switch {
		case d.Price.IsNegative():
			return cf, fmt.Errorf("%s has a negative price", name)
		case d.Unit == "":
			return cf, fmt.Errorf("%s has no unit", name)
		}
	}
	return cf, nil
}
