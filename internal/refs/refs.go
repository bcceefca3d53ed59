// Package refs turns one catalog image into the strings a config wants:
// the ID, the slug, slug:version, a Terraform line and a JSON member. The
// TUI's copy menu lists them with [All]; `gcimg pick --print <kind>` asks
// for one with [For].
//
// Every value comes from the API, so it is written by someone else. An
// identifier (the ID, the slug, a version) is used exactly as the API sent
// it, or not at all: one that is not clean text (text.Verbatim: it holds
// an escape sequence, a control character, a line break, surrounding
// spaces) is never offered, because sanitised it can spell another
// image's identifier ("ubuntu-\x1b[31m24.04\n" becomes "ubuntu-24.04").
// Show writes such an identifier visibly escaped, for the screen. So every
// value emitted holds the API's identifier byte for byte, or the image's
// ID in its place where a form allows it (Terraform without a usable
// slug). The Terraform and JSON forms are quoted by the rules of those
// languages, so a pasted value cannot break out of its string in a config
// file.
package refs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/enum"
	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// Kind names one way of referring to an image.
type Kind string

// The kinds, as spelled on the command line (`--print <kind>`).
const (
	ID          Kind = "id"
	Slug        Kind = "slug"
	SlugVersion Kind = "slug-version"
	Terraform   Kind = "terraform"
	JSON        Kind = "json"
	// Name is the image's name, as the API sent it: the copy menu
	// offers it (it is what a person searches for, or writes in a
	// ticket), but no config takes it, so it is not in Kinds.
	Name Kind = "name"
)

// Kinds is every kind a config takes, in the order the copy menu shows
// them, for --print, the config file's format and completion.
var Kinds = enum.Of("print format", ID, Slug, SlugVersion, Terraform, JSON)

// Ref is one copyable value. Label is what the menu and the "Copied …"
// toast call it: "ID", "Slug", "slug:version 20240423", "Terraform",
// "JSON". Label and Value are safe to print.
type Ref struct {
	Kind  Kind
	Label string
	Value string
}

// All returns the refs the copy menu offers for im, in menu order: the ID;
// the slug, when there is one; the Terraform line (slug, else ID); the
// JSON member (ID); then slug:version for each version, newest first,
// when there is a slug. The forms every image has come first, so that
// they keep the menu's first digits however many versions there are. An
// identifier that is missing, blank or not verbatim is left out, with the
// forms built on it, so a menu never offers to copy nothing or something
// other than what the API sent. A nil image has no refs.
func All(im *api.Image) []Ref { return forms(im, false) }

// Menu is what the copy menu offers for im: All's refs with the name
// after the forms every image has, before the versions. A name is
// display text, but what is copied must be what the API sent: a name
// that is not verbatim (it holds an escape sequence, a control
// character, surrounding spaces) is left out, as a slug would be.
func Menu(im *api.Image) []Ref { return forms(im, true) }

func forms(im *api.Image, name bool) []Ref {
	if im == nil {
		return nil
	}
	id, slug := verbatim(im.ID), verbatim(deref(im.Slug))
	versions := NewestFirst(im.Versions)
	refs := make([]Ref, 0, 5+len(versions))
	if id != "" {
		refs = append(refs, Ref{ID, "ID", id})
	}
	if slug != "" {
		refs = append(refs, Ref{Slug, "Slug", slug})
	}
	if target := firstNonEmpty(slug, id); target != "" {
		refs = append(refs, Ref{Terraform, "Terraform", terraformLine(target)})
	}
	if id != "" {
		refs = append(refs, Ref{JSON, "JSON", jsonMember(id)})
	}
	if n := verbatim(im.Name); name && n != "" {
		refs = append(refs, Ref{Name, "Name", n})
	}
	if slug != "" {
		for _, v := range versions {
			refs = append(refs, Ref{SlugVersion, "slug:version " + v, slug + ":" + v})
		}
	}
	return refs
}

// For returns the one value of kind k for im, as `pick --print` prints it.
// It never substitutes one kind for another: asking for the slug of an
// image without one is an error that names the image and suggests
// `--print id`, because a script that asked for a slug and silently got a
// UUID would be worse than one that stops. SlugVersion uses the newest
// version, taken to be the lexically greatest (versions are date-like
// strings such as "20240423"; the API's order is not documented).
//
// An identifier that is there but not verbatim is an error too, which
// shows it escaped: printed sanitised it could name another image.
func For(im *api.Image, k Kind) (string, error) {
	if im == nil {
		return "", errors.New("no image")
	}
	id, slug := verbatim(im.ID), verbatim(deref(im.Slug))
	noID := func() error {
		if present(im.ID) {
			return fmt.Errorf("image %s has an ID that cannot be printed as it is: %s", name(im), Show(im.ID))
		}
		return fmt.Errorf("image %s has no ID", name(im))
	}
	noSlug := func(what, instead string) error {
		if s := deref(im.Slug); present(s) {
			return fmt.Errorf("image %s has a slug that cannot be printed as it is (%s), so no %s; use --print %s", name(im), Show(s), what, instead)
		}
		if what == "slug" {
			return fmt.Errorf("image %s has no slug; use --print %s", name(im), instead)
		}
		return fmt.Errorf("image %s has no slug, so no %s; use --print %s", name(im), what, instead)
	}
	switch k {
	case ID:
		if id == "" {
			return "", noID()
		}
		return id, nil
	case Slug:
		if slug == "" {
			return "", noSlug("slug", "id")
		}
		return slug, nil
	case SlugVersion:
		if slug == "" {
			return "", noSlug("slug:version", "id")
		}
		versions := NewestFirst(im.Versions)
		if len(versions) == 0 {
			return "", fmt.Errorf("image %s has no versions that can be printed as they are; use --print slug", name(im))
		}
		return slug + ":" + versions[0], nil
	case Terraform:
		target := firstNonEmpty(slug, id)
		if target == "" {
			return "", fmt.Errorf("image %s has neither a slug nor an ID that can be printed as it is", name(im))
		}
		return terraformLine(target), nil
	case JSON:
		if id == "" {
			return "", noID()
		}
		return jsonMember(id), nil
	}
	return "", Kinds.Unknown(string(k))
}

// verbatim is s when it is usable as it is (text.Verbatim), else "".
func verbatim(s string) string {
	if !text.Verbatim(s) {
		return ""
	}
	return s
}

// present reports whether s says something: it is not empty, or blank
// once sanitised. Such an identifier that is not verbatim is shown
// escaped rather than taken for missing.
func present(s string) bool {
	return strings.TrimSpace(text.Sanitize(s)) != ""
}

// Show is an identifier as the screen shows it: as it is when it is
// verbatim, otherwise escaped (text.Quote), so that no one takes it for
// another image's, and "" when it is missing or blank. Only verbatim
// identifiers are ever offered to copy or print.
func Show(s string) string {
	switch {
	case text.Verbatim(s):
		return s
	case present(s):
		return text.Quote(s)
	}
	return ""
}

// Warning says why an instance cannot start from im yet (a snapshot that
// is not created), or is "" when it can. Copying or picking such an image
// shows it, so a config is not written with an image that will fail.
func Warning(im *api.Image) string {
	if im == nil || im.Ready() {
		return ""
	}
	status := text.Sanitize(im.StatusOr(""))
	if strings.TrimSpace(status) == "" {
		status = "in an unknown state"
	}
	return fmt.Sprintf("snapshot %q is %s: an instance cannot start from it yet", clean(im.Name), status)
}

// clean makes an API string safe to print in a message.
func clean(s string) string {
	return strings.TrimSpace(text.Sanitize(s))
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// name describes im in an error: its name and ID, quoted so that an empty
// or odd name still reads as one.
func name(im *api.Image) string {
	n, id := clean(im.Name), Show(im.ID)
	switch {
	case n != "" && id != "":
		return fmt.Sprintf("%q (%s)", n, id)
	case id != "":
		return id
	default:
		return fmt.Sprintf("%q", n)
	}
}

// NewestFirst returns the distinct versions that are verbatim (as the API
// sent them, see Show), the lexically greatest first: the order the copy
// menu and the detail view list them in.
func NewestFirst(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if text.Verbatim(v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	slices.Reverse(out)
	return out
}

// terraformLine is the attribute a genesiscloud_instance resource wants.
func terraformLine(v string) string {
	return "image = " + terraformString(v)
}

// jsonMember is the member a POST /instances body wants.
func jsonMember(v string) string {
	return `"image": ` + jsonString(v)
}

// hclEscaper covers everything an HCL quoted template gives meaning to:
// the quote and backslash, and the "${" and "%{" that open an
// interpolation or a directive (escaped by doubling the sigil). Control
// characters never get here: callers pass sanitised text, and a stray
// newline is escaped anyway so the line cannot break.
var hclEscaper = strings.NewReplacer(
	`\`, `\\`,
	`"`, `\"`,
	"${", "$${",
	"%{", "%%{",
	"\n", `\n`,
	"\r", `\r`,
	"\t", `\t`,
)

// terraformString quotes s as a Terraform (HCL) string literal.
func terraformString(s string) string {
	return `"` + hclEscaper.Replace(s) + `"`
}

// jsonString quotes s as a JSON string. HTML escaping is off: "<" stays
// "<" rather than "\u003c", which is as valid and reads better in a config.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		// Encoding a string cannot fail (invalid UTF-8 becomes U+FFFD).
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
