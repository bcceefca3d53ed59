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
				} else if want := clean(s); v["image"] != want {
					t.Errorf("%q: JSON ref decodes to %q, want %q", s, v["image"], want)
				}
			case Terraform:
				body, ok := strings.CutPrefix(r.Value, "image = ")
				if !ok {
					t.Fatalf("%q: Terraform ref %q", s, r.Value)
				}
				if got, want := decodeHCL(t, body), clean(s); got != want {
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
