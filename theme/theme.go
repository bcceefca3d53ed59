// Package theme holds every style and colour gcimg paints with. Colours are
// semantic (accent, dim, selected, match, error) and chosen per background,
// so no colour literal lives outside this file.
package theme

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/genesiscloud-tools/gcimg/internal/enum"
)

// Mode selects the palette.
type Mode string

// The theme modes. Auto follows the terminal's reported background.
const (
	Auto  Mode = "auto"
	Dark  Mode = "dark"
	Light Mode = "light"
	None  Mode = "none"
)

// Modes is every mode, for --theme, the config file and completion.
var Modes = enum.Of("theme", Auto, Dark, Light, None)

// NoColorEnv reports whether NO_COLOR asks for no colour. The no-color.org
// convention is any non-empty value; the colour-profile library parses it
// as a boolean (so NO_COLOR=yes would slip through), hence this check.
func NoColorEnv(getenv func(string) string) bool {
	return getenv("NO_COLOR") != ""
}

// palette is the small set of colours every style is built from.
type palette struct {
	fg, dim, faint, accent, match, errc, ok, warn color.Color
	selBg, selFg, border                          color.Color
}

// newPalette is the palette for a background, in colour profile cp (see
// New).
func newPalette(isDark bool, cp colorprofile.Profile) palette {
	ld := lipgloss.LightDark(isDark)
	c := func(hex string) color.Color {
		col := lipgloss.Color(hex)
		if cp == colorprofile.ANSI || cp == colorprofile.ANSI256 {
			return cp.Convert(col)
		}
		return col
	}
	return palette{
		fg:     ld(c("#1F2328"), c("#E6EDF3")),
		dim:    ld(c("#57606A"), c("#8B949E")),
		faint:  ld(c("#8C959F"), c("#6E7681")),
		accent: ld(c("#0550AE"), c("#79C0FF")),
		match:  ld(c("#9A6700"), c("#F2CC60")),
		errc:   ld(c("#CF222E"), c("#FF7B72")),
		ok:     ld(c("#1A7F37"), c("#3FB950")),
		warn:   ld(c("#BC4C00"), c("#FFA657")),
		selBg:  ld(c("#DDF4FF"), c("#1F3A5F")),
		selFg:  ld(c("#0A3069"), c("#FFFFFF")),
		border: ld(c("#D0D7DE"), c("#30363D")),
	}
}

// Styles is every style the UI uses, grouped by area.
type Styles struct {
	Color bool // false when painting without colour (NO_COLOR, theme none)

	Tabs struct {
		// Unavailable is a tab whose type the API does not offer.
		Active, Inactive, Unavailable, Separator, Region lipgloss.Style
	}
	List struct {
		Row, Selected, Dim, Match, SelectedMatch, Header, Marker, Cursor lipgloss.Style
		// Warn marks a snapshot that cannot start an instance yet;
		// SelectedWarn is the same on the selected row.
		Warn, SelectedWarn lipgloss.Style
	}
	Status struct {
		// Warn says what is not an error but is not right either: a
		// retry under way, an incomplete listing, a copy of a snapshot
		// that is not ready.
		Bar, Spinner, Message, Warn, Error lipgloss.Style
	}
	Filter struct {
		Prompt, Text, Placeholder lipgloss.Style
	}
	Picker struct {
		Title, Row, Selected lipgloss.Style
	}
	Detail struct {
		Title, Label, Value, Code, Dim lipgloss.Style
	}
	// Border parts panes: the list from the preview beside it.
	Border           lipgloss.Style
	Error, Warn, Dim lipgloss.Style
	Help             help.Styles
}

// New builds the styles for a background. With color false, it uses only
// attributes (bold, reverse, underline) so the selected row and matches
// stay visible without any colour.
//
// cp is the terminal's colour profile. For a 16- or 256-colour terminal
// the palette is converted to its colours here, once, as Bubble Tea's
// renderer would convert them for every cell of every frame; the screen
// is the same. Any other profile (true colour, none, or Unknown) keeps the
// palette's true colours for the renderer to convert, or strip.
func New(isDark, color bool, cp colorprofile.Profile) Styles {
	if !color {
		return plain()
	}
	p := newPalette(isDark, cp)
	s := lipgloss.NewStyle
	var st Styles
	st.Color = true

	st.Tabs.Active = s().Bold(true).Foreground(p.selFg).Background(p.selBg).Padding(0, 1)
	st.Tabs.Inactive = s().Foreground(p.dim).Padding(0, 1)
	st.Tabs.Unavailable = s().Foreground(p.faint).Faint(true).Padding(0, 1)
	st.Tabs.Separator = s().Foreground(p.border)
	st.Tabs.Region = s().Foreground(p.accent)

	st.List.Row = s().Foreground(p.fg)
	st.List.Selected = s().Foreground(p.selFg).Background(p.selBg).Bold(true)
	st.List.Dim = s().Foreground(p.dim)
	st.List.Match = s().Foreground(p.match).Bold(true)
	st.List.SelectedMatch = s().Foreground(p.match).Background(p.selBg).Bold(true).Underline(true)
	st.List.Header = s().Foreground(p.faint).Bold(true)
	st.List.Marker = s().Foreground(p.faint).Italic(true)
	st.List.Cursor = s().Foreground(p.accent).Background(p.selBg).Bold(true)
	st.List.Warn = s().Foreground(p.warn)
	st.List.SelectedWarn = s().Foreground(p.warn).Background(p.selBg).Bold(true)

	st.Status.Bar = s().Foreground(p.dim)
	st.Status.Spinner = s().Foreground(p.accent)
	st.Status.Message = s().Foreground(p.ok)
	st.Status.Warn = s().Foreground(p.warn)
	st.Status.Error = s().Foreground(p.errc).Bold(true)

	st.Filter.Prompt = s().Foreground(p.accent).Bold(true)
	st.Filter.Text = s().Foreground(p.fg)
	st.Filter.Placeholder = s().Foreground(p.faint)

	st.Picker.Title = s().Bold(true).Foreground(p.accent)
	st.Picker.Row = s().Foreground(p.fg)
	st.Picker.Selected = s().Foreground(p.selFg).Background(p.selBg).Bold(true)

	st.Detail.Title = s().Bold(true).Foreground(p.accent)
	st.Detail.Label = s().Foreground(p.dim)
	st.Detail.Value = s().Foreground(p.fg)
	st.Detail.Code = s().Foreground(p.match)
	st.Detail.Dim = s().Foreground(p.faint)

	st.Border = s().Foreground(p.border)
	st.Error = s().Foreground(p.errc).Bold(true)
	st.Warn = s().Foreground(p.warn)
	st.Dim = s().Foreground(p.dim)

	st.Help = help.Styles{
		Ellipsis:       s().Foreground(p.faint),
		ShortKey:       s().Foreground(p.dim).Bold(true),
		ShortDesc:      s().Foreground(p.faint),
		ShortSeparator: s().Foreground(p.border),
		FullKey:        s().Foreground(p.dim).Bold(true),
		FullDesc:       s().Foreground(p.faint),
		FullSeparator:  s().Foreground(p.border),
	}
	return st
}

func plain() Styles {
	s := lipgloss.NewStyle
	var st Styles
	st.Tabs.Active = s().Reverse(true).Bold(true).Padding(0, 1)
	st.Tabs.Inactive = s().Padding(0, 1)
	st.Tabs.Unavailable = s().Faint(true).Padding(0, 1)
	st.List.Selected = s().Reverse(true)
	st.List.Match = s().Underline(true)
	st.List.SelectedMatch = s().Reverse(true).Underline(true)
	st.List.Header = s().Bold(true)
	st.List.Cursor = s().Reverse(true)
	st.List.SelectedWarn = s().Reverse(true)
	st.Status.Error = s().Bold(true)
	st.Filter.Prompt = s().Bold(true)
	st.Picker.Title = s().Bold(true)
	st.Picker.Selected = s().Reverse(true)
	st.Detail.Title = s().Bold(true)
	st.Error = s().Bold(true)
	st.Help.ShortKey = s().Bold(true)
	st.Help.FullKey = s().Bold(true)
	return st
}
