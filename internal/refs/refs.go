// Package refs turns one catalog image into the strings a config wants:
// the ID, the slug, slug:version, a Terraform line and a JSON member. The
// TUI's copy menu lists them with [All]; `gcimg pick --print <kind>` asks
// for one with [For].
//
// Every value comes from the API, so it is written by someone else: slugs,
// versions and IDs go through text.Sanitize before they are used, and the
// Terraform and JSON forms are quoted by the rules of those languages, so a
// pasted value can neither carry an escape sequence into a terminal nor
// break out of its string in a config file.
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
)

// Kinds is every kind in the order the copy menu shows them, for
// --print, the config file's format and completion.
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
// they keep the menu's first digits however many versions there are. A
// value that is empty after sanitising is left out, so a menu never
// offers to copy nothing. A nil image has no refs.
func All(im *api.Image) []Ref {
	if im == nil {
		return nil
	}
	id, slug := clean(im.ID), clean(deref(im.Slug))
	versions := NewestFirst(im.Versions)
	refs := make([]Ref, 0, 4+len(versions))
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
func For(im *api.Image, k Kind) (string, error) {
	if im == nil {
		return "", errors.New("no image")
	}
	id, slug := clean(im.ID), clean(deref(im.Slug))
	switch k {
	case ID:
		if id == "" {
			return "", fmt.Errorf("image %s has no ID", name(im))
		}
		return id, nil
	case Slug:
		if slug == "" {
			return "", fmt.Errorf("image %s has no slug; use --print id", name(im))
		}
		return slug, nil
	case SlugVersion:
		if slug == "" {
			return "", fmt.Errorf("image %s has no slug, so no slug:version; use --print id", name(im))
		}
		versions := NewestFirst(im.Versions)
		if len(versions) == 0 {
			return "", fmt.Errorf("image %s has no versions; use --print slug", name(im))
		}
		return slug + ":" + versions[0], nil
	case Terraform:
		target := firstNonEmpty(slug, id)
		if target == "" {
			return "", fmt.Errorf("image %s has neither a slug nor an ID", name(im))
		}
		return terraformLine(target), nil
	case JSON:
		if id == "" {
			return "", fmt.Errorf("image %s has no ID", name(im))
		}
		return jsonMember(id), nil
	}
	return "", Kinds.Unknown(string(k))
}

// clean makes an API string safe to print and paste. Sanitize turns line
// breaks into spaces; they cannot be part of an identifier, so the ends are
// trimmed too.
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
	n, id := clean(im.Name), clean(im.ID)
	switch {
	case n != "" && id != "":
		return fmt.Sprintf("%q (%s)", n, id)
	case id != "":
		return id
	default:
		return fmt.Sprintf("%q", n)
	}
}

// NewestFirst returns the sanitised, non-empty, distinct versions, the
// lexically greatest first: the order the copy menu and the detail view
// list them in.
func NewestFirst(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if v = clean(v); v != "" {
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
