package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// flagName is a command-line flag such as --token-file.
var flagName = regexp.MustCompile(`(^|[^-\w])--[a-z][a-z0-9-]*`)

// TestNoStringNamesACLIFlag: the client speaks only of itself. The
// command line knows its flags and adds them to an error (cli's hint), so
// a message of this package that named one would be wrong for every other
// caller, the TUI included.
func TestNoStringNamesACLIFlag(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fake, err := filepath.Glob(filepath.Join("fakeapi", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, fake...)
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && flagName.MatchString(lit.Value) {
				t.Errorf("%s: %s names a command-line flag", fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
	}
}
