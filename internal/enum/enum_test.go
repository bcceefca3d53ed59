package enum

import (
	"errors"
	"flag"
	"slices"
	"strings"
	"testing"
)

type colour string

const (
	red      colour = "red"
	darkBlue colour = "dark-blue"
)

type level int

const (
	low level = iota
	high
)

func (l level) name() string { return [...]string{"low", "high"}[l] }

func TestParse(t *testing.T) {
	colours := Of("colour", red, darkBlue).Alias(darkBlue, "navy")
	for _, tt := range []struct {
		in   string
		want colour
	}{
		{"red", red},
		{" RED ", red},
		{"dark-blue", darkBlue},
		{"Dark_Blue", darkBlue},
		{"dark blue", darkBlue},
		{"navy", darkBlue},
	} {
		got, err := colours.Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	levels := New("level", level.name, low, high)
	if got, err := levels.Parse("High"); err != nil || got != high {
		t.Errorf("Parse(High) = %v, %v; want high", got, err)
	}
	if got := levels.Name(high); got != "high" {
		t.Errorf("Name(high) = %q", got)
	}
	if got := levels.Name(level(7)); got != "" {
		t.Errorf("Name of a value not in the set = %q, want \"\"", got)
	}
}

func TestErrorListsTheValidNames(t *testing.T) {
	colours := Of("colour", red, darkBlue).Alias(darkBlue, "navy")
	_, err := colours.Parse("green")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Parse(green) = %v, want an *Error", err)
	}
	// Aliases are accepted but not advertised.
	if want := `invalid colour "green"; valid values are red, dark-blue`; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	e.What, e.Suggestion = "--colour", "red"
	if want := `invalid --colour "green" (did you mean "red"?); valid values are red, dark-blue`; e.Error() != want {
		t.Errorf("error %q, want %q", e, want)
	}
	if _, err := colours.Parse(""); err == nil {
		t.Error(`Parse("") succeeded`)
	}
}

func TestHelpAndCompletionComeFromTheList(t *testing.T) {
	colours := Of("colour", red, darkBlue).Alias(darkBlue, "navy")
	if got := colours.String(); got != "red, dark-blue" {
		t.Errorf("String() = %q", got)
	}
	if got := colours.Names(); !slices.Equal(got, []string{"red", "dark-blue"}) {
		t.Errorf("Names() = %q", got)
	}
	if got := colours.Values(); !slices.Equal(got, []colour{red, darkBlue}) {
		t.Errorf("Values() = %q", got)
	}
}

func TestVar(t *testing.T) {
	levels := New("level", level.name, low, high)
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(new(strings.Builder))
	l := low
	fs.Var(levels.Var(&l), "level", "how much")
	if err := fs.Parse([]string{"--level", "HIGH"}); err != nil || l != high {
		t.Fatalf("--level HIGH: %v, level %v", err, l)
	}
	if got := fs.Lookup("level").Value.String(); got != "high" {
		t.Errorf("String() = %q, want high", got)
	}
	err := fs.Parse([]string{"--level", "max"})
	if err == nil || !strings.Contains(err.Error(), `invalid level "max"; valid values are low, high`) || l != high {
		t.Errorf("--level max: %v (level %v), want the valid values and the value kept", err, l)
	}
}

func TestTwoValuesOneNamePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a name given to two values did not panic")
		}
	}()
	Of("colour", red, darkBlue).Alias(red, "Dark_Blue")
}
