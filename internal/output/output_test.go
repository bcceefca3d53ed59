package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/text"
)

func ptr(s string) *string { return &s }

func day(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

const (
	idUbuntu   = "0b9d2a2e-4d1f-4c52-9c43-5bd7c5e1a001"
	idSnapshot = "0b9d2a2e-4d1f-4c52-9c43-5bd7c5e1a002"
	idHostile  = "0b9d2a2e-4d1f-4c52-9c43-5bd7c5e1a003"
	idWide     = "0b9d2a2e-4d1f-4c52-9c43-5bd7c5e1a004"
)

func ubuntu() api.Image {
	return api.Image{
		ID:        idUbuntu,
		Name:      "Ubuntu 22.04 with NVIDIA driver 535",
		Type:      api.TypeBaseOS,
		Family:    ptr("ubuntu"),
		Slug:      ptr("ubuntu-22.04-nvidia-535"),
		OSType:    api.OSLinux,
		Versions:  []string{"22.04"},
		Regions:   []string{"EUC-DE-MUC-1", "NORD-NO-KRS-1"},
		CreatedAt: day("2024-03-05T10:00:00Z"),
		UpdatedAt: day("2024-04-01T08:00:00Z"),
	}
}

// snapshot has every nullable field null.
func snapshot() api.Image {
	return api.Image{
		ID:        idSnapshot,
		Name:      "my snapshot",
		Type:      api.TypeSnapshot,
		OSType:    api.OSLinux,
		CreatedAt: day("2025-01-02T23:30:00Z"),
		UpdatedAt: day("2025-01-02T23:30:00Z"),
	}
}

// hostile is an entry someone crafted to attack the terminal reading it.
func hostile() api.Image {
	return api.Image{
		ID:        idHostile,
		Name:      "evil\x1b]52;c;Y3VybCBldmlsLnNo\x07\x1b[2J\nname\u202Egnp.exe",
		Type:      "preconfigured\x1bc",
		Family:    ptr("\u009b31mfam"),
		Slug:      ptr("\x1b]0;title\x07"),
		OSType:    api.OSLinux,
		Regions:   []string{"EUW-GB-MNC-1\x1b[0m"},
		CreatedAt: day("2023-11-20T00:00:00Z"),
	}
}

// wide has East Asian text and emoji in every free-text column.
func wide() api.Image {
	return api.Image{
		ID:        idWide,
		Name:      "日本語イメージ 👩\u200D💻 🇯🇵",
		Type:      api.TypeCloudImage,
		Family:    ptr("ファミリー"),
		Slug:      ptr("nihongo"),
		OSType:    api.OSLinux,
		Regions:   []string{"NA-CA-FTS-1"},
		CreatedAt: day("2024-12-31T12:00:00Z"),
	}
}

func all() []api.Image { return []api.Image{ubuntu(), snapshot(), hostile(), wide()} }

func write(t *testing.T, images []api.Image, f Format, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, images, f, o); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return b.String()
}

func TestFormats(t *testing.T) {
	if got, want := Formats.Names(), []string{"table", "tsv", "json", "ids", "slugs"}; !slices.Equal(got, want) {
		t.Errorf("Formats = %q, want %q", got, want)
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	// "JSON" is a name Formats.Parse accepts, but not a Format.
	for _, f := range []Format{"yaml", "JSON"} {
		if err := Write(&bytes.Buffer{}, all(), f, Options{}); err == nil {
			t.Errorf("Write with format %q succeeded", f)
		}
	}
}

func TestTable(t *testing.T) {
	got := write(t, all(), Table, Options{})
	want := "" +
		"NAME                                 SLUG                     TYPE           REGIONS                     CREATED     ID\n" +
		"Ubuntu 22.04 with NVIDIA driver 535  ubuntu-22.04-nvidia-535  base-os        EUC-DE-MUC-1,NORD-NO-KRS-1  2024-03-05  " + idUbuntu + "\n" +
		"my snapshot                          -                        snapshot       -                           2025-01-02  " + idSnapshot + "\n" +
		"evil namegnp.exe                     -                        preconfigured  EUW-GB-MNC-1                2023-11-20  " + idHostile + "\n" +
		"日本語イメージ 👩\u200D💻 🇯🇵" + strings.Repeat(" ", 35-20+2) + "nihongo                  cloud-image    NA-CA-FTS-1                 2024-12-31  " + idWide + "\n"
	if got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
	checkTable(t, got, 0)
}

func TestTableNoHeader(t *testing.T) {
	got := write(t, []api.Image{snapshot()}, Table, Options{NoHeader: true})
	want := "my snapshot  -  snapshot  -  2025-01-02  " + idSnapshot + "\n"
	if got != want {
		t.Errorf("table:\n%q\nwant:\n%q", got, want)
	}
}

func TestTableEmpty(t *testing.T) {
	if got, want := write(t, nil, Table, Options{}), "NAME  SLUG  TYPE  REGIONS  CREATED  ID\n"; got != want {
		t.Errorf("empty table = %q, want %q", got, want)
	}
	if got := write(t, nil, Table, Options{NoHeader: true}); got != "" {
		t.Errorf("empty table without header = %q, want nothing", got)
	}
}

func TestTableDatesInTheCallersZone(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	got := write(t, []api.Image{snapshot()}, Table, Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, berlin), NoHeader: true})
	if !strings.Contains(got, "2025-01-03") {
		t.Errorf("23:30 UTC should be the next day in UTC+1: %q", got)
	}
	noDate := snapshot()
	noDate.CreatedAt = time.Time{}
	if got := write(t, []api.Image{noDate}, Table, Options{NoHeader: true}); !strings.Contains(got, "  -  "+idSnapshot) {
		t.Errorf("a zero created date should show as -: %q", got)
	}
}

func TestTableNarrow(t *testing.T) {
	tests := []struct {
		width  int
		header string
	}{
		// NAME is cut to 12, then REGIONS, before anything is left out.
		{120, "NAME          SLUG                     TYPE           REGIONS           CREATED     ID"},
		// Without REGIONS and CREATED, NAME grows back as far as it can.
		{100, "NAME                    SLUG                     TYPE           ID"},
		// Without REGIONS, CREATED and TYPE, NAME only shrinks as far as needed.
		{80, "NAME               SLUG                     ID"},
		// NAME and SLUG both cut.
		{60, "NAME      SLUG          ID"},
		// SLUG dropped so that NAME keeps 12 cells.
		{50, "NAME          ID"},
		// NAME down to two cells; ID still whole.
		{40, "N…  ID"},
	}
	for _, tt := range tests {
		got := write(t, all(), Table, Options{Width: tt.width})
		if header, _, _ := strings.Cut(got, "\n"); header != tt.header {
			t.Errorf("width %d: header\n%q\nwant\n%q\ntable:\n%s", tt.width, header, tt.header, got)
		}
		checkTable(t, got, tt.width)
	}
}

func TestTableNarrowGolden(t *testing.T) {
	got := write(t, all(), Table, Options{Width: 60})
	want := "" +
		"NAME      SLUG          ID\n" +
		"Ubuntu…   ubuntu-22.0…  " + idUbuntu + "\n" +
		"my snap…  -             " + idSnapshot + "\n" +
		"evil na…  -             " + idHostile + "\n" +
		"日本語…   nihongo       " + idWide + "\n"
	if got != want {
		t.Errorf("table at 60 cells:\n%s\nwant:\n%s", got, want)
	}
}

// TestTableEveryWidth checks that the table fits and stays aligned at every
// width a terminal could have, not only the ones pinned above.
func TestTableEveryWidth(t *testing.T) {
	for w := 1; w <= 200; w++ {
		checkTable(t, write(t, all(), Table, Options{Width: w}), w)
	}
}

func TestTableFitsWithoutTruncatingWhenItCan(t *testing.T) {
	natural := write(t, all(), Table, Options{})
	widest := 0
	for _, line := range strings.Split(strings.TrimSuffix(natural, "\n"), "\n") {
		widest = max(widest, text.Width(line))
	}
	if got := write(t, all(), Table, Options{Width: widest}); got != natural {
		t.Errorf("a terminal exactly as wide as the table changed it:\n%s", got)
	}
}

// checkTable asserts the table's invariants: no control characters, no
// trailing spaces, every ID whole, the ID column starting in the same cell
// on every line and, given a width that can hold NAME and ID, no line
// wider than it.
func checkTable(t *testing.T, out string, width int) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	idStart := -1
	for i, line := range lines {
		checkNoControls(t, line)
		if strings.HasSuffix(line, " ") {
			t.Errorf("width %d: trailing space in %q", width, line)
		}
		if width > 0 && width >= 1+len(gap)+len(idUbuntu) && text.Width(line) > width {
			t.Errorf("width %d: line is %d cells: %q", width, text.Width(line), line)
		}
		id := "ID"
		if i > 0 {
			id = []string{idUbuntu, idSnapshot, idHostile, idWide}[i-1]
		}
		at := strings.LastIndex(line, id)
		if at < 0 || at+len(id) != len(line) {
			t.Errorf("width %d: line does not end with the whole ID %s: %q", width, id, line)
			continue
		}
		start := text.Width(line[:at])
		if idStart < 0 {
			idStart = start
		} else if start != idStart {
			t.Errorf("width %d: ID column starts at cell %d, want %d: %q", width, start, idStart, line)
		}
	}
}

func checkNoControls(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("invalid UTF-8: %q", s)
	}
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			t.Errorf("%U in %q", r, s)
		}
	}
}

func TestTableWideRunesAlign(t *testing.T) {
	out := write(t, []api.Image{wide(), ubuntu()}, Table, Options{})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	cols := []string{"SLUG", "TYPE", "REGIONS", "CREATED", "ID"}
	starts := func(line string, cells []string) []int {
		var at []int
		rest, off := line, 0
		for _, c := range cells {
			i := strings.Index(rest, c)
			if i < 0 {
				t.Fatalf("%q not found in %q", c, line)
			}
			at = append(at, text.Width(line[:off+i]))
			rest, off = rest[i+len(c):], off+i+len(c)
		}
		return at
	}
	header := starts(lines[0], cols)
	for i, cells := range [][]string{
		{"nihongo", "cloud-image", "NA-CA-FTS-1", "2024-12-31", idWide},
		{"ubuntu-22.04-nvidia-535", "base-os", "EUC-DE-MUC-1", "2024-03-05", idUbuntu},
	} {
		if got := starts(lines[i+1], cells); !reflect.DeepEqual(got, header) {
			t.Errorf("line %d columns start at cells %v, header at %v:\n%s", i+1, got, header, out)
		}
	}
}

func TestTableHostileNamesAreInert(t *testing.T) {
	out := write(t, []api.Image{hostile()}, Table, Options{Width: 100})
	for _, bad := range []string{"\x1b", "\u009b", "\u202e", "\a", "Y3VybCBldmlsLnNo", "title"} {
		if strings.Contains(out, bad) {
			t.Errorf("table contains %q:\n%q", bad, out)
		}
	}
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("a newline in a name must not add a line; got %d lines:\n%s", n, out)
	}
}

func TestJSON(t *testing.T) {
	got := write(t, []api.Image{ubuntu(), snapshot()}, JSON, Options{Width: 20})
	want := `[
  {
    "id": "` + idUbuntu + `",
    "name": "Ubuntu 22.04 with NVIDIA driver 535",
    "type": "base-os",
    "family": "ubuntu",
    "slug": "ubuntu-22.04-nvidia-535",
    "os_type": "linux",
    "versions": [
      "22.04"
    ],
    "regions": [
      "EUC-DE-MUC-1",
      "NORD-NO-KRS-1"
    ],
    "created_at": "2024-03-05T10:00:00Z",
    "updated_at": "2024-04-01T08:00:00Z"
  },
  {
    "id": "` + idSnapshot + `",
    "name": "my snapshot",
    "type": "snapshot",
    "family": null,
    "slug": null,
    "os_type": "linux",
    "versions": null,
    "regions": null,
    "created_at": "2025-01-02T23:30:00Z",
    "updated_at": "2025-01-02T23:30:00Z"
  }
]
`
	if got != want {
		t.Errorf("json:\n%s\nwant:\n%s", got, want)
	}
}

func TestJSONEmpty(t *testing.T) {
	for _, images := range [][]api.Image{nil, {}} {
		if got := write(t, images, JSON, Options{}); got != "[]\n" {
			t.Errorf("json of %#v = %q, want \"[]\\n\"", images, got)
		}
	}
}

// TestJSONHostileRoundTrips checks that JSON keeps hostile strings exactly
// (it is data, not display) while the bytes on the terminal stay inert.
func TestJSONHostileRoundTrips(t *testing.T) {
	in := hostile()
	in.Name += "\x7f\u0085\u200b\U000E0041 👩\u200D💻"
	got := write(t, []api.Image{in}, JSON, Options{})
	checkNoControls(t, strings.ReplaceAll(got, "\n", " "))
	for _, bad := range []string{"\u200b", "\U000E0041"} {
		if strings.Contains(got, bad) {
			t.Errorf("json contains raw %+q:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, "👩\u200D💻") {
		t.Errorf("json escaped an emoji ZWJ sequence:\n%s", got)
	}
	var back []api.Image
	if err := json.Unmarshal([]byte(got), &back); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, got)
	}
	if len(back) != 1 || !reflect.DeepEqual(back[0], in) {
		t.Errorf("round trip changed the image:\n got %+v\nwant %+v", back, in)
	}
}

func TestIDs(t *testing.T) {
	if got := write(t, []api.Image{ubuntu(), snapshot()}, IDs, Options{}); got != idUbuntu+"\n"+idSnapshot+"\n" {
		t.Errorf("ids = %q", got)
	}
	if got := write(t, nil, IDs, Options{}); got != "" {
		t.Errorf("ids of nothing = %q, want nothing", got)
	}
	// An ID that is not clean text is not printed cleaned (it could be
	// another image's): the image is left out, said, and Write fails.
	evil := snapshot()
	evil.ID = idUbuntu + "\n\x1b[2J"
	var b bytes.Buffer
	var warned []string
	err := Write(&b, []api.Image{evil, ubuntu()}, IDs, Options{Warn: func(s string) { warned = append(warned, s) }})
	var left *LeftOutError
	if !errors.As(err, &left) || left.N != 1 || b.String() != idUbuntu+"\n" {
		t.Errorf("ids = %q, %v; want only the clean one and a LeftOutError", b.String(), err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], `"`+idUbuntu+`\n\x1b[2J"`) || !strings.Contains(warned[0], "left out") {
		t.Errorf("warnings %q", warned)
	}
}

func TestSlugs(t *testing.T) {
	empty := wide()
	empty.Slug = ptr("")
	got := write(t, []api.Image{ubuntu(), snapshot(), hostile(), empty}, Slugs, Options{})
	want := "ubuntu-22.04-nvidia-535\n" +
		idSnapshot + "\n" + // null slug
		idHostile + "\n" + // slug that sanitises to nothing
		idWide + "\n" // empty slug
	if got != want {
		t.Errorf("slugs = %q, want %q", got, want)
	}
	if got := write(t, nil, Slugs, Options{}); got != "" {
		t.Errorf("slugs of nothing = %q, want nothing", got)
	}
	// The tester's case: sanitised, these slugs are "ubuntu-22.04",
	// another image's. The ID is printed instead, and that is said.
	for _, slug := range []string{"ubuntu\u202e-22.04\n", "ubuntu-\x1b[31m22.04\n", " ubuntu-22.04"} {
		odd := ubuntu()
		odd.Slug = ptr(slug)
		var warned []string
		got := write(t, []api.Image{odd}, Slugs, Options{Warn: func(s string) { warned = append(warned, s) }})
		if got != idUbuntu+"\n" {
			t.Errorf("slug %+q printed as %q, want the ID", slug, got)
		}
		if len(warned) != 1 || !strings.Contains(warned[0], "printed its ID") || text.Sanitize(warned[0]) != warned[0] {
			t.Errorf("slug %+q: warnings %q", slug, warned)
		}
	}
}

// FuzzLinesAreVerbatim: every line -o ids and -o slugs print is, byte for
// byte, the slug or the ID of the image it stands for, as the API sent
// it; an image they cannot name that way is left out and counted.
func FuzzLinesAreVerbatim(f *testing.F) {
	f.Add(idUbuntu, "ubuntu-\x1b[31m24.04\n", false)
	f.Add("id\n", "ubuntu-24.04", true)
	f.Add("", " s ", false)
	f.Fuzz(func(t *testing.T, id, slug string, nullSlug bool) {
		im := api.Image{ID: id, Slug: &slug, Name: "x"}
		if nullSlug {
			im.Slug = nil
		}
		for _, format := range []Format{IDs, Slugs} {
			var b bytes.Buffer
			err := Write(&b, []api.Image{im}, format, Options{})
			var left *LeftOutError
			switch line := b.String(); {
			case errors.As(err, &left):
				if line != "" || left.N != 1 {
					t.Fatalf("%s: %q and %v", format, line, err)
				}
			case err != nil:
				t.Fatal(err)
			case line != id+"\n" && (format != Slugs || nullSlug || line != slug+"\n"):
				t.Fatalf("%s printed %q for ID %+q, slug %+q", format, line, id, slug)
			case !text.Verbatim(strings.TrimSuffix(line, "\n")):
				t.Fatalf("%s printed %+q, which is not clean text", format, line)
			}
		}
	})
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteReportsWriteErrors(t *testing.T) {
	for _, f := range Formats.Values() {
		if err := Write(failWriter{}, all(), f, Options{}); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: Write error = %v, want the writer's error", f, err)
		}
	}
}
