// Package enum handles the closed sets of values a user names on the
// command line and in the config file: the tab (--type), the print format,
// the clipboard method, the theme, the sort, list's output format. One
// list of values gives everything a set needs: the parser, the error that
// lists the valid values, the list that flag help and the config file's
// comments show, and the values shell completion offers.
package enum

import (
	"fmt"
	"strings"
)

// Set is a closed set of values of T, in the order help lists them, each
// with the one name users type for it.
type Set[T comparable] struct {
	what   string
	values []T
	names  []string
	parse  map[string]T // normalised name or alias -> value
}

// New returns the set of values, in the order help lists them. what names
// one value in errors ("theme", "output format"); name spells a value as
// users type it, and must give each value a different name.
func New[T comparable](what string, name func(T) string, values ...T) *Set[T] {
	s := &Set[T]{what: what, values: values, names: make([]string, len(values)), parse: make(map[string]T, len(values))}
	for i, v := range values {
		s.names[i] = name(v)
		s.add(s.names[i], v)
	}
	return s
}

// Of is New for a string type whose values are their names.
func Of[T ~string](what string, values ...T) *Set[T] {
	return New(what, func(v T) string { return string(v) }, values...)
}

// Alias makes Parse accept other spellings of v, which help and
// completion do not show (a tab's title, a plural).
func (s *Set[T]) Alias(v T, names ...string) *Set[T] {
	for _, n := range names {
		s.add(n, v)
	}
	return s
}

func (s *Set[T]) add(name string, v T) {
	k := normalise(name)
	if old, dup := s.parse[k]; dup && old != v {
		panic(fmt.Sprintf("enum: %s %q names two values", s.what, name))
	}
	s.parse[k] = v
}

// normalise is what Parse ignores: case, surrounding space, and '_' or a
// space for '-'.
func normalise(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer("_", "-", " ", "-").Replace(s)
}

// Values is every value, in order. The slice must not be modified.
func (s *Set[T]) Values() []T { return s.values }

// Names is every value's name, in order. The slice must not be modified.
func (s *Set[T]) Names() []string { return s.names }

// Name is v's name, or "" when v is not in the set.
func (s *Set[T]) Name(v T) string {
	for i, x := range s.values {
		if x == v {
			return s.names[i]
		}
	}
	return ""
}

// String lists the names, for help text: "auto, dark, light, none".
func (s *Set[T]) String() string { return strings.Join(s.names, ", ") }

// Parse returns the value named in, ignoring case and surrounding space.
// An unknown name is an *Error that lists the valid names.
func (s *Set[T]) Parse(in string) (T, error) {
	if v, ok := s.parse[normalise(in)]; ok {
		return v, nil
	}
	var zero T
	return zero, s.Unknown(in)
}

// Unknown is the error for a name that is not in the set, as Parse
// returns it; for a value of T that a switch over the set did not expect.
func (s *Set[T]) Unknown(name string) *Error {
	return &Error{What: s.what, Value: name, Valid: s.names}
}

// Error is an unknown name. Callers that know what the user typed it into
// set What to that ("--theme", or the config file's "theme") and may add
// a Suggestion.
type Error struct {
	What       string   // what the value is for: "theme", "--theme"
	Value      string   // what the user typed
	Valid      []string // the valid names, in order
	Suggestion string   // a valid name the user may have meant, or ""
}

func (e *Error) Error() string {
	hint := ""
	if e.Suggestion != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", e.Suggestion)
	}
	return fmt.Sprintf("invalid %s %q%s; valid values are %s", e.What, e.Value, hint, strings.Join(e.Valid, ", "))
}

// Var returns a flag value (flag.Value and pflag.Value) that stores the
// value named on the command line in *p, parsed by s.
func (s *Set[T]) Var(p *T) *Value[T] { return &Value[T]{set: s, p: p} }

// Value is a flag bound to a Set; see Set.Var.
type Value[T comparable] struct {
	set *Set[T]
	p   *T
}

// Set parses and stores a value.
func (v *Value[T]) Set(s string) error {
	x, err := v.set.Parse(s)
	if err != nil {
		return err
	}
	*v.p = x
	return nil
}

// String is the current value's name.
func (v *Value[T]) String() string {
	if v.p == nil {
		return ""
	}
	return v.set.Name(*v.p)
}

// Type is what help shows as the flag's argument.
func (v *Value[T]) Type() string { return "string" }
