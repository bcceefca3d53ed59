// Package config reads gcimg's config file: the user's defaults for the
// endpoint, starting tab and region, copy format, clipboard method, theme,
// the browser's layout and its columns per tab, and their own key
// bindings. Every value is checked when the file is loaded, and a mistake
// names the file, the line and the valid values, so gcimg never starts
// half-configured.
//
// Precedence is the caller's: flags beat environment variables, which
// beat this file, which beats the built-in defaults. A setting the file
// leaves out (or sets to "") is "" here.
package config

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/internal/enum"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
	"github.com/genesiscloud-tools/gcimg/ui/layout"
)

// Config is what the file sets. Empty strings are settings it leaves to
// the environment and the defaults.
type Config struct {
	Endpoint  string // API base URL
	Tab       string // a name in catalog.Tabs
	Region    string // a region code, usually one of api.KnownRegions
	Format    string // copy/print default: a name in refs.Kinds
	Clipboard string // a name in clip.Methods
	Theme     string // a name in theme.Modes
	Layout    string // a name in layout.Modes: the list alone, or beside a preview

	// Columns are the browser's columns for the tabs the file names (nil
	// when it names none). `gcimg list` never reads them.
	Columns map[catalog.Tab][]columns.Column

	Keys     map[string][]string // action name -> keys; an empty list unbinds
	KeyLines map[string]int      // action name -> its line in the file
	Path     string              // the file it came from ("" when none)
}

// regionCode is the shape of a region code (EUC-DE-MUC-1).
var regionCode = regexp.MustCompile(`^[A-Z0-9]+(-[A-Z0-9]+)+$`)

// settings are the top-level keys the file may have, in the order the
// default file shows them.
var settings = []string{"endpoint", "tab", "region", "format", "clipboard", "theme", "layout", "columns", "keys"}

// Load reads the config file at path. explicit says the user named it
// (--config): then a missing file is an error; at the default location it
// means "no config", an empty Config. Every value is checked, and the key
// bindings are applied to the default keymap to catch conflicts, so a
// Config that loads is one gcimg can start with.
func Load(path string, explicit bool) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !explicit {
			return &Config{}, nil
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("config file %s does not exist (`gcimg config default > %s` writes one to start from)", path, path)
		}
		return nil, fmt.Errorf("read config file: %w", err)
	}
	c, err := parse(raw, path)
	if err != nil {
		return nil, err
	}
	if _, err := c.KeyMap(); err != nil {
		return nil, err
	}
	return c, nil
}

// KeyMap is gcimg's default keymap with the file's bindings applied.
func (c *Config) KeyMap() (keymap.KeyMap, error) {
	km := keymap.Default()
	err := km.Apply(c.Keys, c.KeyLines, c.Path)
	return km, err
}

// parse reads the YAML as nodes, not into a struct, so that every error
// can name its line and unknown keys are caught rather than ignored.
func parse(raw []byte, path string) (*Config, error) {
	c := &Config{Path: path}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // empty, or only comments
		}
		return nil, syntaxError(path, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("%s:%d: the config is one YAML document; remove the second (after ---)", path, extra.Line)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the config is a mapping of settings (for example `theme: light`); valid settings are %s",
			path, root.Line, strings.Join(settings, ", "))
	}

	p := parser{path: path}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		name := k.Value
		if first, dup := seen[name]; dup {
			p.errorf(k.Line, "%s is set twice (first on line %d)", name, first)
			continue
		}
		seen[name] = k.Line
		switch name {
		case "endpoint":
			c.Endpoint = p.endpoint(v)
		case "tab":
			c.Tab = oneOf(&p, v, "tab", catalog.Tabs)
		case "region":
			c.Region = p.region(v)
		case "format":
			c.Format = oneOf(&p, v, "format", refs.Kinds)
		case "clipboard":
			c.Clipboard = oneOf(&p, v, "clipboard", clip.Methods)
		case "theme":
			c.Theme = oneOf(&p, v, "theme", theme.Modes)
		case "layout":
			c.Layout = oneOf(&p, v, "layout", layout.Modes)
		case "columns":
			c.Columns = p.columns(v)
		case "keys":
			c.Keys, c.KeyLines = p.keys(v)
		default:
			p.errorf(k.Line, "unknown setting %q%s; valid settings are %s",
				name, didYouMean(name, settings), strings.Join(settings, ", "))
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// parser collects every error in the file, so one run shows them all.
type parser struct {
	path string
	errs []lineError
}

type lineError struct {
	line int
	msg  string
}

func (p *parser) errorf(line int, format string, args ...any) {
	p.errs = append(p.errs, lineError{line, fmt.Sprintf(format, args...)})
}

func (p *parser) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(p.errs, func(a, b lineError) int { return cmp.Compare(a.line, b.line) })
	errs := make([]error, len(p.errs))
	for i, e := range p.errs {
		errs[i] = fmt.Errorf("%s:%d: %s", p.path, e.line, e.msg)
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// scalar is v's text, with ok false (and an error noted) when v is not a
// single value. A null ("setting:" with nothing after it) is "".
func (p *parser) scalar(v *yaml.Node, name, want string) (string, bool) {
	if v.Kind == yaml.AliasNode {
		v = v.Alias
	}
	if v.Kind != yaml.ScalarNode {
		p.errorf(v.Line, "%s takes a single value, not a %s; %s", name, kindName(v), want)
		return "", false
	}
	if v.Tag == "!!null" {
		return "", true
	}
	return strings.TrimSpace(v.Value), true
}

// oneOf checks a setting against its set of values and returns the
// value's name as the set spells it; "" is "not set".
func oneOf[T comparable](p *parser, v *yaml.Node, name string, set *enum.Set[T]) string {
	s, ok := p.scalar(v, name, "valid values are "+set.String())
	if !ok || s == "" {
		return ""
	}
	val, err := set.Parse(s)
	if ee, bad := errors.AsType[*enum.Error](err); bad {
		ee.What, ee.Suggestion = name, closest(s, set.Names())
		p.errorf(v.Line, "%s", ee)
		return ""
	}
	return set.Name(val)
}

// region reads the region setting; Region checks it.
func (p *parser) region(v *yaml.Node) string {
	s, ok := p.scalar(v, "region", "known regions are "+strings.Join(api.KnownRegions, ", "))
	if !ok {
		return ""
	}
	code, err := Region("region", s)
	if err != nil {
		p.errorf(v.Line, "%s", err)
	}
	return code
}

// Region checks a region code as gcimg takes it, in the config file and
// on the command line (--region) alike, and returns it as the provider
// spells codes (upper case); "" is no region. Case is ignored. Any
// well-formed code is accepted, since regions are added over time and
// there is no regions endpoint to ask, but a near miss of a known code
// (api.KnownRegions) is taken for a typo and is an error that suggests
// the known code, as is a string that is no code at all. what names the setting in that error:
// "region", "--region".
func Region(what, s string) (string, error) {
	s = strings.TrimSpace(s)
	code := strings.ToUpper(s)
	if code == "" || slices.Contains(api.KnownRegions, code) {
		return code, nil
	}
	if sug := closest(code, api.KnownRegions); sug != "" || !regionCode.MatchString(code) {
		return "", &regionError{what: what, value: s, suggestion: sug}
	}
	return code, nil
}

// regionError is a region code Region refuses.
type regionError struct {
	what       string // the setting: "region", "--region"
	value      string // what the user wrote
	suggestion string // the known code it is a near miss of, or ""
}

func (e *regionError) Error() string {
	return fmt.Sprintf("invalid %s %q%s; known regions are %s", e.what, e.value, meant(e.suggestion), strings.Join(api.KnownRegions, ", "))
}

// endpoint accepts what api.New will: an absolute http(s) URL without
// credentials. api.New checks the rest (plain http only to loopback).
func (p *parser) endpoint(v *yaml.Node) string {
	want := "want an http or https URL such as " + api.DefaultEndpoint
	s, ok := p.scalar(v, "endpoint", want)
	if !ok || s == "" {
		return ""
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"):
		p.errorf(v.Line, "invalid endpoint %q: %s", s, want)
		return ""
	case u.User != nil:
		// Do not echo the URL: it holds a password.
		p.errorf(v.Line, "invalid endpoint: credentials in the URL are not supported; set %s instead", api.EnvToken)
		return ""
	}
	return s
}

// columns reads the columns mapping: tab -> a list of column names.
func (p *parser) columns(v *yaml.Node) map[catalog.Tab][]columns.Column {
	example := "for example `snapshot: [name, status, size, regions, created]`"
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v.Line, "columns is a mapping from tab to columns, %s", example)
		return nil
	}
	out := map[catalog.Tab][]columns.Column{}
	lines := map[catalog.Tab]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		tab, err := catalog.Tabs.Parse(k.Value)
		if ee, bad := errors.AsType[*enum.Error](err); bad {
			ee.What, ee.Suggestion = "tab in columns", closest(k.Value, catalog.Tabs.Names())
			p.errorf(k.Line, "%s", ee)
			continue
		}
		if first, dup := lines[tab]; dup {
			p.errorf(k.Line, "columns for %s are set twice (first on line %d)", catalog.Tabs.Name(tab), first)
			continue
		}
		lines[tab] = k.Line
		if cols, ok := p.columnList(catalog.Tabs.Name(tab), val); ok {
			out[tab] = cols
		}
	}
	return out
}

// columnList reads one tab's columns: [name, slug] or "name, slug".
func (p *parser) columnList(tab string, v *yaml.Node) ([]columns.Column, bool) {
	if v.Kind == yaml.AliasNode {
		v = v.Alias
	}
	var items []*yaml.Node
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag != "!!null":
		for _, name := range strings.Split(v.Value, ",") {
			items = append(items, &yaml.Node{Kind: yaml.ScalarNode, Value: strings.TrimSpace(name), Line: v.Line})
		}
	case v.Kind == yaml.SequenceNode:
		items = v.Content
	}
	if len(items) == 0 {
		p.errorf(v.Line, "columns for %s: name one or more columns, for example %s: [name, slug, regions]; valid columns are %s", tab, tab, columns.Columns)
		return nil, false
	}
	var out []columns.Column
	ok := true
	for _, it := range items {
		if it.Kind != yaml.ScalarNode || it.Tag == "!!null" {
			p.errorf(it.Line, "columns for %s: each column is a name such as name or slug, not a %s", tab, kindName(it))
			ok = false
			continue
		}
		c, err := columns.Columns.Parse(it.Value)
		if ee, bad := errors.AsType[*enum.Error](err); bad {
			ee.What, ee.Suggestion = "column for "+tab, closest(it.Value, columns.Columns.Names())
			p.errorf(it.Line, "%s", ee)
			ok = false
			continue
		}
		if slices.Contains(out, c) {
			p.errorf(it.Line, "columns for %s name %s twice", tab, c)
			ok = false
			continue
		}
		out = append(out, c)
	}
	return out, ok
}

// keys reads the keys mapping: action -> a key or a list of keys.
func (p *parser) keys(v *yaml.Node) (map[string][]string, map[string]int) {
	const example = "for example `list.down: [j, down]`"
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil, nil
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v.Line, "keys is a mapping from action to keys, %s", example)
		return nil, nil
	}
	keys := map[string][]string{}
	lines := map[string]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		name := k.Value
		if err := keymap.CheckAction(name); err != nil {
			p.errorf(k.Line, "%s", err)
			continue
		}
		if first, dup := lines[name]; dup {
			p.errorf(k.Line, "%s is bound twice (first on line %d); list every key on one line, %s", name, first, example)
			continue
		}
		lines[name] = k.Line
		list, ok := p.keyList(name, val)
		if ok {
			keys[name] = list
		}
	}
	return keys, lines
}

// keyList reads one action's keys: "j", [j, down] or [] (unbound).
func (p *parser) keyList(name string, v *yaml.Node) ([]string, bool) {
	if v.Kind == yaml.AliasNode {
		v = v.Alias
	}
	var items []*yaml.Node
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		p.errorf(v.Line, "%s has no keys: write %s: [] to unbind it, or list its keys, for example %s: [j, down]", name, name, name)
		return nil, false
	case v.Kind == yaml.ScalarNode:
		items = []*yaml.Node{v}
	case v.Kind == yaml.SequenceNode:
		items = v.Content
	default:
		p.errorf(v.Line, "%s takes a key or a list of keys, not a %s; for example %s: [j, down]", name, kindName(v), name)
		return nil, false
	}
	out := make([]string, 0, len(items))
	ok := true
	for _, it := range items {
		if it.Kind != yaml.ScalarNode || it.Tag == "!!null" {
			p.errorf(it.Line, "%s: each key is a name such as j, enter or ctrl+r, not a %s", name, kindName(it))
			ok = false
			continue
		}
		if v.Kind == yaml.ScalarNode && it.Value != "," && strings.Contains(it.Value, ",") {
			p.errorf(it.Line, "%s: %q is several keys: write them as a list, %s: [%s]", name, it.Value, name, it.Value)
			ok = false
			continue
		}
		if err := keymap.CheckKey(it.Value); err != nil {
			p.errorf(it.Line, "%s: %s", name, err)
			ok = false
			continue
		}
		out = append(out, it.Value)
	}
	return out, ok
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return "value"
	}
	return "YAML node"
}

// yamlLine finds the line number in the YAML library's error messages
// ("yaml: line 3: mapping values are not allowed in this context").
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError rewrites a YAML syntax error as path:line: message.
func syntaxError(path string, err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fmt.Errorf("%s:%d: invalid YAML: %s", path, n, m[2])
	}
	return fmt.Errorf("%s: invalid YAML: %s", path, strings.TrimPrefix(msg, "yaml: "))
}

// didYouMean is ` (did you mean "x"?)` for a near miss, else "".
func didYouMean(s string, valid []string) string { return meant(closest(s, valid)) }

// meant is ` (did you mean "x"?)` for the suggestion x, "" for none.
func meant(suggestion string) string {
	if suggestion == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", suggestion)
}

// closest is keymap.Closest without regard to case, returning the valid
// value as spelled in valid.
func closest(s string, valid []string) string {
	lower := make([]string, len(valid))
	for i, v := range valid {
		lower[i] = strings.ToLower(v)
	}
	if i := slices.Index(lower, keymap.Closest(strings.ToLower(s), lower)); i >= 0 {
		return valid[i]
	}
	return ""
}
