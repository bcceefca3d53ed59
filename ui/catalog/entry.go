package catalog

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// Entry is one image as the UI holds it. Everything derived from the
// image's strings is computed once, when the page arrives, so that
// filtering and rendering never sanitise or lower-case per keystroke or
// per frame.
type Entry struct {
	// Image is the one copy of the image; the UI never copies it again.
	// When a later listing has the image too, the feed replaces it by
	// the merged copy (see Feed); what rows are built on stays.
	Image *api.Image
	// Name, Family and Type are sanitised for display ("" when the API
	// sent null). Slug, an identifier, is as the API sent it or, when
	// that is not clean text, escaped (refs.Show): sanitised, it could
	// read as another image's slug.
	Name, Family, Slug, Type string
	// Regions are sanitised, in upper case (codes are compared without
	// regard to case, and the provider spells them in upper case),
	// interned and deduplicated, in API order.
	Regions []string
	// Key is the lower-cased search key: name, slug, family and ID joined
	// by '\n', which no sanitised string or query term contains, so a
	// match cannot span fields.
	Key string
	// Seq is the arrival order within the entry's feed.
	Seq int

	// nameKey and idKey are the name and ID parts of Key.
	nameKey, idKey string
	// collKey is the name's primary collation key, for the name sort
	// (collation.go).
	collKey string
	// ascii reports that Name, Slug and Family are ASCII, so their parts
	// of Key have the same byte offsets and the matcher can search Key.
	ascii bool
	// rec is what a scan of Results reads, in one allocation: for an ASCII
	// entry the name, slug and family as shown, joined by '\n', then a
	// NUL, then Key (which is a part of rec); for any other entry just
	// the NUL and Key. See recFields.
	rec string
}

// Interner shares one copy of strings that repeat across entries (region
// codes, types, families), so 100k snapshots do not hold 100k copies of
// "NORD-NO-KRS-1". A nil *Interner interns nothing. It is not safe for
// concurrent use.
type Interner struct {
	m      map[string]string
	ptrs   map[string]*string
	status map[api.SnapshotStatus]*api.SnapshotStatus
	sizes  map[int64]*int64

	// slab is where NewEntry writes each entry's rec, one after another,
	// so that a scan of entries in arrival order reads memory in order
	// instead of wherever the allocator put each rec between the garbage
	// of decoding its page. Written bytes are never changed; a full slab
	// is left to the recs in it and a new one started.
	slab strings.Builder
}

// slabSize is the size of one slab of recs: about a hundred entries.
const slabSize = 16 << 10

// recBuilder returns the builder to write a rec of about n bytes into:
// the slab, with room for it, or, without an Interner, a new builder.
func (in *Interner) recBuilder(n int) *strings.Builder {
	if in == nil || n > slabSize/4 {
		b := new(strings.Builder)
		b.Grow(n)
		return b
	}
	if in.slab.Cap()-in.slab.Len() < n {
		in.slab = strings.Builder{}
		in.slab.Grow(slabSize)
	}
	return &in.slab
}

// NewInterner returns an empty Interner.
func NewInterner() *Interner {
	return &Interner{
		m: make(map[string]string), ptrs: make(map[string]*string),
		status: make(map[api.SnapshotStatus]*api.SnapshotStatus), sizes: make(map[int64]*int64),
	}
}

// internPtr returns a shared pointer to the shared copy of *p, for the
// image's nullable fields: every snapshot of an Ubuntu box points at one
// "Ubuntu". Nothing writes through these pointers.
func (in *Interner) internPtr(p *string) *string {
	if in == nil || p == nil {
		return p
	}
	if q, ok := in.ptrs[*p]; ok {
		return q
	}
	q := new(string)
	*q = in.Intern(*p)
	in.ptrs[*q] = q
	return q
}

// Intern returns the shared copy of s.
func (in *Interner) Intern(s string) string {
	if in == nil || s == "" {
		return s
	}
	if v, ok := in.m[s]; ok {
		return v
	}
	in.m[s] = s
	return s
}

// NewEntry builds the entry for im, which becomes the entry's own copy.
// The strings images repeat (type, OS, family, regions, versions) are
// replaced by their interned copies, so the ones decoded from each page
// are freed; the values do not change.
func NewEntry(im api.Image, seq int, in *Interner) *Entry {
	in.intern(&im)
	e := &Entry{
		Image: &im,
		Name:  strings.TrimSpace(text.Sanitize(im.Name)),
		Slug:  refs.Show(im.SlugOr("")),
		Type:  in.Intern(text.Sanitize(string(im.Type))),
		Seq:   seq,
	}
	if im.Family != nil {
		e.Family = in.Intern(text.Sanitize(*im.Family))
	}
	if len(im.Regions) > 0 {
		regions := make([]string, 0, len(im.Regions))
		for _, r := range im.Regions {
			r = in.Intern(strings.ToUpper(text.Sanitize(r)))
			if r != "" && !slices.Contains(regions, r) {
				regions = append(regions, r)
			}
		}
		if slices.Equal(regions, im.Regions) {
			regions = im.Regions // clean and distinct already: share it
		}
		e.Regions = regions
	}
	id := text.Sanitize(im.ID)
	e.ascii = isASCII(e.Name) && isASCII(e.Slug) && isASCII(e.Family)

	// Lower-casing a rune can lengthen it by a byte at most (U+023A, two
	// bytes, is U+2C65, three), and only a rune of two bytes or more.
	shown := len(e.Name) + len(e.Slug) + len(e.Family)
	b := in.recBuilder(shown + shown*3/2 + len(id)*3/2 + 6)
	start := b.Len()
	if e.ascii {
		b.WriteString(e.Name)
		b.WriteByte('\n')
		b.WriteString(e.Slug)
		b.WriteByte('\n')
		b.WriteString(e.Family)
	}
	b.WriteByte(0) // sanitised text holds no NUL
	keyAt := b.Len() - start
	appendLower(b, e.Name)
	nameEnd := b.Len() - start
	b.WriteByte('\n')
	appendLower(b, e.Slug)
	b.WriteByte('\n')
	appendLower(b, e.Family)
	b.WriteByte('\n')
	idStart := b.Len() - start
	appendLower(b, id)
	e.rec = b.String()[start:]
	e.collKey = collationKey(e.Name)
	e.Key = e.rec[keyAt:]
	e.nameKey = e.rec[keyAt:nameEnd]
	e.idKey = e.rec[idStart:]
	return e
}

// intern replaces the strings images repeat (type, OS, family, regions,
// versions, a snapshot's status) and the sizes snapshots share by
// interned copies; the values do not change.
func (in *Interner) intern(im *api.Image) {
	im.Type = api.ImageType(in.Intern(string(im.Type)))
	im.OSType = in.Intern(im.OSType)
	im.Family = in.internPtr(im.Family)
	im.Regions = internAll(in, im.Regions)
	im.Versions = internAll(in, im.Versions)
	if im.Status != nil && in != nil {
		q, ok := in.status[*im.Status]
		if !ok {
			q = new(api.SnapshotStatus)
			*q = api.SnapshotStatus(in.Intern(string(*im.Status)))
			in.status[*q] = q
		}
		im.Status = q
	}
	if im.SizeGiB != nil && in != nil {
		q, ok := in.sizes[*im.SizeGiB]
		if !ok {
			q = new(int64)
			*q = *im.SizeGiB
			in.sizes[*q] = q
		}
		im.SizeGiB = q
	}
}

// internAll returns a copy of list (never the caller's array, which may be
// shared) holding interned strings; nil stays nil.
func internAll(in *Interner, list []string) []string {
	if list == nil || in == nil {
		return list
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = in.Intern(s)
	}
	return out
}

// lowFields returns the lower-cased name, slug and family as parts of
// Key, for an ASCII entry (see Entry.ascii).
func (e *Entry) lowFields() (name, slug, family string) {
	slugAt := len(e.nameKey) + 1
	famAt := slugAt + len(e.Slug) + 1
	return e.nameKey, e.Key[slugAt : slugAt+len(e.Slug)], e.Key[famAt : famAt+len(e.Family)]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendLower writes s lower-cased rune by rune with the same folding the
// matcher uses, so that the prefilter over Key never rejects what the
// field matcher would accept.
func appendLower(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(lower(r))
		i += size
	}
}
