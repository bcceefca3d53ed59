package refs

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/text"
)

const uuid = "3b29a4c1-5e6f-4a7b-8c9d-0e1f2a3b8724"

func ptr(s string) *string { return &s }

func TestKinds(t *testing.T) {
	if got, want := Kinds.Names(), []string{"id", "slug", "slug-version", "terraform", "json"}; !slices.Equal(got, want) {
		t.Errorf("Kinds = %q, want %q", got, want)
	}
}

func TestAll(t *testing.T) {
	tests := []struct {
		name string
		im   *api.Image
		want []Ref
	}{
		{
			name: "nil image",
			im:   nil,
			want: nil,
		},
		{
			name: "snapshot without slug: ID, Terraform by ID, JSON",
			im:   &api.Image{ID: uuid, Name: "my snapshot", Slug: nil, Versions: []string{"20240423"}},
			want: []Ref{
				{ID, "ID", uuid},
				{Terraform, "Terraform", `image = "` + uuid + `"`},
				{JSON, "JSON", `"image": "` + uuid + `"`},
			},
		},
		{
			name: "empty slug counts as none",
			im:   &api.Image{ID: uuid, Slug: ptr("")},
			want: []Ref{
				{ID, "ID", uuid},
				{Terraform, "Terraform", `image = "` + uuid + `"`},
				{JSON, "JSON", `"image": "` + uuid + `"`},
			},
		},
		{
			name: "slug without versions",
			im:   &api.Image{ID: uuid, Slug: ptr("ubuntu-24.04"), Versions: nil},
			want: []Ref{
				{ID, "ID", uuid},
				{Slug, "Slug", "ubuntu-24.04"},
				{Terraform, "Terraform", `image = "ubuntu-24.04"`},
				{JSON, "JSON", `"image": "` + uuid + `"`},
			},
		},
		{
			name: "several versions: newest first, duplicates and blanks dropped",
			im: &api.Image{ID: uuid, Slug: ptr("ubuntu-ml-nvidia-pytorch"),
				Versions: []string{"20240101", "20240423", "", "20231201", "20240423", " \n"}},
			want: []Ref{
				{ID, "ID", uuid},
				{Slug, "Slug", "ubuntu-ml-nvidia-pytorch"},
				{Terraform, "Terraform", `image = "ubuntu-ml-nvidia-pytorch"`},
				{JSON, "JSON", `"image": "` + uuid + `"`},
				{SlugVersion, "slug:version 20240423", "ubuntu-ml-nvidia-pytorch:20240423"},
				{SlugVersion, "slug:version 20240101", "ubuntu-ml-nvidia-pytorch:20240101"},
				{SlugVersion, "slug:version 20231201", "ubuntu-ml-nvidia-pytorch:20231201"},
			},
		},
		{
			// The tester's case: sanitised, it is another image's slug.
			name: "slug with an escape sequence and a line break is not offered",
			im:   &api.Image{ID: uuid, Slug: ptr("ubuntu-\x1b[31m24.04\n"), Versions: []string{"20240423"}},
			want: []Ref{
				{ID, "ID", uuid},
				{Terraform, "Terraform", `image = "` + uuid + `"`},
				{JSON, "JSON", `"image": "` + uuid + `"`},
			},
		},
		{
			name: "slug with surrounding spaces is not offered, nor are unclean versions",
			im:   &api.Image{ID: uuid, Slug: ptr(" debian-12 "), Versions: []string{"1"}},
			want: []Ref{
				{ID, "ID", uuid},
				{Terraform, "Terraform", `image = "` + uuid + `"`},
				{JSON, "JSON", `"image": "` + uuid + `"`},
			},
		},
		{
			name: "a version that is not clean text is left out",
			im:   &api.Image{ID: uuid, Slug: ptr("debian-12"), Versions: []string{"2024\x1b[2J0101", "20240423"}},
			want: []Ref{
				{ID, "ID", uuid},
				{Slug, "Slug", "debian-12"},
				{Terraform, "Terraform", `image = "debian-12"`},
				{JSON, "JSON", `"image": "` + uuid + `"`},
				{SlugVersion, "slug:version 20240423", "debian-12:20240423"},
			},
		},
		{
			name: "an ID that is not clean text: only a clean slug is offered",
			im:   &api.Image{ID: uuid + "\x1b[0m", Slug: ptr("debian-12")},
			want: []Ref{
				{Slug, "Slug", "debian-12"},
				{Terraform, "Terraform", `image = "debian-12"`},
			},
		},
		{
			name: "slug that sanitises to nothing counts as none",
			im:   &api.Image{ID: uuid, Slug: ptr("\x1b]52;c;aGk=\x07"), Versions: []string{"1"}},
			want: []Ref{
				{ID, "ID", uuid},
				{Terraform, "Terraform", `image = "` + uuid + `"`},
				{JSON, "JSON", `"image": "` + uuid + `"`},
			},
		},
		{
			name: "no ID and no slug: nothing to copy",
			im:   &api.Image{Name: "broken"},
			want: []Ref{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := All(tt.im)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("All() =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

// TestMenu: the copy menu offers All's refs and the name as the API sent
// it, after the forms every image has and before the versions; a name
// that is not clean text is never offered.
func TestMenu(t *testing.T) {
	tests := []struct {
		name string
		im   *api.Image
		want []Ref
	}{
		{"nil image", nil, nil},
		{
			name: "a name between the fixed forms and the versions",
			im:   &api.Image{ID: uuid, Name: "Ubuntu ML JAX for NVIDIA®", Slug: ptr("ubuntu-ml-jax"), Versions: []string{"20240101", "20250101"}},
			want: []Ref{
				{ID, "ID", uuid},
				{Slug, "Slug", "ubuntu-ml-jax"},
				{Terraform, "Terraform", `image = "ubuntu-ml-jax"`},
				{JSON, "JSON", `"image": "` + uuid + `"`},
				{Name, "Name", "Ubuntu ML JAX for NVIDIA®"},
				{SlugVersion, "slug:version 20250101", "ubuntu-ml-jax:20250101"},
				{SlugVersion, "slug:version 20240101", "ubuntu-ml-jax:20240101"},
			},
		},
		{
			name: "an empty name is not offered",
			im:   &api.Image{ID: uuid},
			want: []Ref{{ID, "ID", uuid}, {Terraform, "Terraform", `image = "` + uuid + `"`}, {JSON, "JSON", `"image": "` + uuid + `"`}},
		},
	}
	for _, bad := range []string{"clip \x1b]52;c;aGk=\x07", "line\nbreak", " padded ", "bidi \u202egnp.exe", "lost \ufffd byte"} {
		tests = append(tests, struct {
			name string
			im   *api.Image
			want []Ref
		}{"not verbatim: " + text.Quote(bad), &api.Image{ID: uuid, Name: bad}, []Ref{{ID, "ID", uuid}, {Terraform, "Terraform", `image = "` + uuid + `"`}, {JSON, "JSON", `"image": "` + uuid + `"`}}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Menu(tt.im); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Menu() =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
	if _, err := Kinds.Parse(string(Name)); err == nil {
		t.Error("the name is a print format: no config takes it")
	}
}

// hostileSlug is the tester's image: its slug, sanitised, is
// "ubuntu-24.04", another image's.
var hostileSlug = &api.Image{ID: uuid, Name: "Hostile", Slug: ptr("ubuntu-\x1b[31m24.04\n"), Versions: []string{"20240423"}}

func TestFor(t *testing.T) {
	full := &api.Image{ID: uuid, Name: "Ubuntu 24.04", Slug: ptr("ubuntu-24.04"),
		Versions: []string{"20240423", "20241001", "20240101"}}
	noSlug := &api.Image{ID: uuid, Name: "my snapshot", Versions: []string{"20240423"}}
	noVersions := &api.Image{ID: uuid, Name: "Debian 12", Slug: ptr("debian-12")}

	tests := []struct {
		name    string
		im      *api.Image
		kind    Kind
		want    string
		wantErr []string // substrings the error must hold
	}{
		{"id", full, ID, uuid, nil},
		{"slug", full, Slug, "ubuntu-24.04", nil},
		{"slug-version takes the lexically greatest", full, SlugVersion, "ubuntu-24.04:20241001", nil},
		{"terraform prefers the slug", full, Terraform, `image = "ubuntu-24.04"`, nil},
		{"json uses the ID", full, JSON, `"image": "` + uuid + `"`, nil},

		{"id without slug", noSlug, ID, uuid, nil},
		{"slug when null names the image and suggests --print id", noSlug, Slug, "",
			[]string{`"my snapshot"`, uuid, "no slug", "--print id"}},
		{"slug-version when slug is null", noSlug, SlugVersion, "",
			[]string{`"my snapshot"`, "no slug", "--print id"}},
		{"terraform falls back to the ID", noSlug, Terraform, `image = "` + uuid + `"`, nil},
		{"json without slug", noSlug, JSON, `"image": "` + uuid + `"`, nil},

		{"slug without versions", noVersions, Slug, "debian-12", nil},
		{"slug-version without versions", noVersions, SlugVersion, "",
			[]string{`"Debian 12"`, "no versions", "--print slug"}},

		{"unknown kind", full, Kind("uuid"), "", []string{`"uuid"`, "slug-version"}},
		{"a kind's name, not the kind", full, Kind("ID"), "", []string{`"ID"`, "slug-version"}},
		{"nil image", nil, ID, "", []string{"no image"}},
		{"no ID", &api.Image{Name: "x"}, ID, "", []string{`"x"`, "no ID"}},
		{"hostile name in the error is sanitised", &api.Image{ID: uuid, Name: "evil\x1b[2J\nname"}, Slug, "",
			[]string{`"evil name"`}},

		// An identifier that is not clean text is never printed cleaned:
		// the error shows it escaped and says what to use instead.
		{"hostile slug", hostileSlug, Slug, "", []string{`"ubuntu-\x1b[31m24.04\n"`, "cannot be printed as it is", "--print id"}},
		{"hostile slug, slug-version", hostileSlug, SlugVersion, "", []string{`"ubuntu-\x1b[31m24.04\n"`, "--print id"}},
		{"hostile slug, terraform falls back to the ID", hostileSlug, Terraform, `image = "` + uuid + `"`, nil},
		{"hostile slug, the ID is fine", hostileSlug, ID, uuid, nil},
		{"hostile ID", &api.Image{ID: "abc\x1b]52;c;aGk=\x07", Name: "x"}, ID, "", []string{`"abc\x1b]52;c;aGk=\a"`, "cannot be printed as it is"}},
		{"hostile ID, json", &api.Image{ID: "abc\n", Name: "x"}, JSON, "", []string{`"abc\n"`}},
		{"only unclean versions", &api.Image{ID: uuid, Name: "x", Slug: ptr("s"), Versions: []string{"1\x07"}}, SlugVersion, "", []string{"no versions that can be printed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := For(tt.im, tt.kind)
			if tt.wantErr == nil {
				if err != nil || got != tt.want {
					t.Fatalf("For() = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("For() = %q, want an error", got)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			if text.Sanitize(err.Error()) != err.Error() {
				t.Errorf("error %q is not clean text", err)
			}
		})
	}
}

// TestEveryKind checks that For and All agree for every kind on an image
// that has them all, so the menu and `pick --print` never disagree.
func TestEveryKind(t *testing.T) {
	im := &api.Image{ID: uuid, Slug: ptr("ubuntu-22.04"), Versions: []string{"20230101", "20240423"}}
	first := map[Kind]string{}
	for _, r := range All(im) {
		if _, ok := first[r.Kind]; !ok {
			first[r.Kind] = r.Value
		}
	}
	for _, k := range Kinds.Values() {
		got, err := For(im, k)
		if err != nil {
			t.Errorf("For(%s): %v", k, err)
			continue
		}
		if got != first[k] {
			t.Errorf("For(%s) = %q, but the menu's first %s is %q", k, got, k, first[k])
		}
	}
}

var hostile = []string{
	"ubuntu\x1b]52;c;cm0gLXJmIH4=\x07-24.04", // OSC 52 clipboard write
	"deb\x1b[2J\x1b[Hian",                    // screen clear
	"a\"b",                                   // quote
	`a\b`,                                    // backslash
	`x\"; evil = "y`,                         // break out of the string
	"${file(\"/etc/passwd\")}",               // Terraform interpolation
	"%{ if true }x%{ endif }",                // Terraform directive
	"$${already}",                            // an escape that must stay literal
	"line1\nimage = \"other\"",               // newline injection
	"\u202Egnp.exe",                          // bidi override
	"<script>&amp;</script>",                 // HTML-ish
	"naïve-\u00e9\u0301-😀",                   // non-ASCII is kept
	"\xff\xfe bad utf8",                      // invalid UTF-8
	"\u0085nel\u2028ls",                      // other line breaks
	"tab\there",                              // tab
	"trailing\\",                             // backslash at the end
	"$",                                      // lone sigils
	"%",
}

func TestHostileValuesAreSafe(t *testing.T) {
	for _, s := range hostile {
		im := &api.Image{ID: s, Name: s, Slug: ptr(s), Versions: []string{s, "v" + s}}
		for _, r := range All(im) {
			if text.Sanitize(r.Value) != r.Value || text.Sanitize(r.Label) != r.Label {
				t.Errorf("%q: %s ref %q / label %q is not clean", s, r.Kind, r.Value, r.Label)
			}
			if strings.ContainsAny(r.Value, "\n\r\x1b") {
				t.Errorf("%q: %s ref %q holds a control character", s, r.Kind, r.Value)
			}
			switch r.Kind {
			case JSON:
				var v map[string]string
				if err := json.Unmarshal([]byte("{"+r.Value+"}"), &v); err != nil {
					t.Errorf("%q: JSON ref %q does not parse: %v", s, r.Value, err)
				} else if want := s; v["image"] != want {
					t.Errorf("%q: JSON ref decodes to %q, want %q", s, v["image"], want)
				}
			case Terraform:
				body, ok := strings.CutPrefix(r.Value, "image = ")
				if !ok {
					t.Fatalf("%q: Terraform ref %q", s, r.Value)
				}
				if got, want := decodeHCL(t, body), s; got != want {
					t.Errorf("%q: Terraform ref %q decodes to %q, want %q", s, r.Value, got, want)
				}
			}
		}
	}
}

// decodeHCL is a small decoder for the HCL quoted strings terraformString
// writes, strict enough to catch an unescaped quote, backslash or
// template sequence.
func decodeHCL(t *testing.T, q string) string {
	t.Helper()
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		t.Fatalf("not a quoted string: %q", q)
	}
	s := q[1 : len(q)-1]
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			t.Fatalf("unescaped quote in %q", q)
		case c == '\\':
			i++
			if i == len(s) {
				t.Fatalf("dangling backslash in %q", q)
			}
			switch s[i] {
			case '\\', '"':
				b.WriteByte(s[i])
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			default:
				t.Fatalf("unknown escape \\%c in %q", s[i], q)
			}
		case (c == '$' || c == '%') && strings.HasPrefix(s[i+1:], string(c)+"{"):
			b.WriteString(string(c) + "{") // $${ and %%{ are literal
			i += 2
		case (c == '$' || c == '%') && strings.HasPrefix(s[i+1:], "{"):
			t.Fatalf("live template sequence in %q", q)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// TestTerraformStringWithTerraform asks a real Terraform, when one is
// installed, to decode what terraformString writes.
func TestTerraformStringWithTerraform(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform not installed")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	// One expression: piped into the console, only the last line's
	// value is printed.
	var quoted, want []string
	for _, s := range hostile {
		quoted = append(quoted, terraformString(clean(s)))
		want = append(want, clean(s))
	}
	cmd := exec.Command(tf, "console")
	cmd.Dir = t.TempDir()
	cmd.Env = append(cmd.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	cmd.Stdin = strings.NewReader("jsonencode([" + strings.Join(quoted, ", ") + "])\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("terraform console: %v", err)
	}
	// The console prints the JSON as a quoted string: unquote both layers.
	var js string
	if err := json.Unmarshal(bytes.TrimSpace(out), &js); err != nil {
		t.Fatalf("console output %q: %v", out, err)
	}
	var got []string
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatalf("jsonencode output %q: %v", js, err)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Errorf("Terraform decodes %s to %q, want %q", quoted[i], got[i], want[i])
			}
		}
		if len(got) != len(want) {
			t.Errorf("got %d values, want %d", len(got), len(want))
		}
	}
}

func TestJSONStringKeepsHTML(t *testing.T) {
	if got := jsonString("<a&b>"); got != `"<a&b>"` {
		t.Errorf("jsonString = %s", got)
	}
}

func TestShow(t *testing.T) {
	for in, want := range map[string]string{
		"ubuntu-24.04":           "ubuntu-24.04",
		"ubuntu-\x1b[31m24.04\n": `"ubuntu-\x1b[31m24.04\n"`,
		" debian-12 ":            `" debian-12 "`,
		"naïve":                  "naïve",
		"\u202egnp":              `"\u202egnp"`,
		"":                       "",
		" \n":                    "",
		"\x1b[2J":                "",
	} {
		if got := Show(in); got != want {
			t.Errorf("Show(%+q) = %q, want %q", in, got, want)
		}
		if got := Show(in); text.Sanitize(got) != got {
			t.Errorf("Show(%+q) = %+q is not clean text", in, got)
		}
	}
}

func TestWarning(t *testing.T) {
	status := func(s api.SnapshotStatus) *api.SnapshotStatus { return &s }
	for _, c := range []struct {
		im   *api.Image
		want string
	}{
		{&api.Image{ID: uuid, Name: "public"}, ""},
		{&api.Image{ID: uuid, Name: "ready", Status: status(api.SnapshotCreated)}, ""},
		{&api.Image{ID: uuid, Name: "nightly", Status: status(api.SnapshotCreating)},
			`snapshot "nightly" is creating: an instance cannot start from it yet`},
		{&api.Image{ID: uuid, Name: "x", Status: status("")}, "is in an unknown state"},
		{&api.Image{ID: uuid, Name: "x", Status: status("restoring\x1b[2J")}, "is restoring:"},
		{nil, ""},
	} {
		got := Warning(c.im)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("Warning(%+v) = %q, want %q", c.im, got, c.want)
		}
		if text.Sanitize(got) != got {
			t.Errorf("Warning is not clean text: %q", got)
		}
	}
}

// FuzzEmittedIsVerbatim: whatever the API sends, every value All and For
// give holds the API's identifier byte for byte (the ID, the slug,
// slug:version, inside Terraform's or JSON's quoting), or the ID where
// Terraform has no usable slug; and nothing else.
func FuzzEmittedIsVerbatim(f *testing.F) {
	f.Add(uuid, "ubuntu-\x1b[31m24.04\n", "20240423", "")
	f.Add("id\n", "ubuntu-24.04", "v\x07", "2")
	f.Add(uuid, " s ", "", "x")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, id, slug, v1, v2 string) {
		im := &api.Image{ID: id, Slug: &slug, Versions: []string{v1, v2}}
		idents := []string{id, slug}
		check := func(k Kind, value string) {
			t.Helper()
			var inner []string
			switch k {
			case ID, Slug:
				inner = []string{value}
			case SlugVersion:
				s, v, ok := strings.Cut(value, ":")
				for ok && s != slug { // a slug may hold a colon
					var more string
					more, v, ok = strings.Cut(v, ":")
					s += ":" + more
				}
				if !ok || (v != v1 && v != v2) {
					t.Fatalf("%s %q: version is not one the API sent", k, value)
				}
				inner = []string{s}
			case Terraform:
				inner = []string{decodeHCL(t, strings.TrimPrefix(value, "image = "))}
			case JSON:
				var m map[string]string
				if err := json.Unmarshal([]byte("{"+value+"}"), &m); err != nil {
					t.Fatalf("JSON %q: %v", value, err)
				}
				inner = []string{m["image"]}
			}
			for _, s := range inner {
				if !slices.Contains(idents, s) || !text.Verbatim(s) {
					t.Fatalf("%s %q holds %q, which is not the API's ID or slug as sent (%+q, %+q)", k, value, s, id, slug)
				}
			}
		}
		for _, r := range All(im) {
			check(r.Kind, r.Value)
		}
		for _, k := range Kinds.Values() {
			if v, err := For(im, k); err == nil {
				check(k, v)
			} else if text.Sanitize(err.Error()) != err.Error() {
				t.Fatalf("error %+q is not clean text", err)
			}
		}
	})
}
