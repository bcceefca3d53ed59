package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/genesiscloud-tools/gcimg/api"
)

// writeJSON writes images as an indented JSON array with every field as
// the API sent it: nulls stay null, and none is "[]".
//
// The data is not sanitised, but JSON goes to terminals too (`gcimg list
// -o json` with no pipe), and encoding/json leaves DEL, the C1 controls
// (U+009B is a CSI to many terminals) and bidi overrides unescaped. Those
// runes are written as \u escapes instead: any JSON parser reads back the
// same string, and the terminal sees only ASCII.
func writeJSON(w *bufio.Writer, images []api.Image) error {
	if images == nil {
		images = []api.Image{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(images); err != nil {
		return err
	}
	// Outside strings JSON is ASCII, so every rune escaped here is inside
	// a string, and encoding/json has already made the text valid UTF-8.
	b := buf.Bytes()
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if mustEscape(r) {
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				fmt.Fprintf(w, `\u%04x\u%04x`, r1, r2)
			} else {
				fmt.Fprintf(w, `\u%04x`, r)
			}
		} else {
			w.Write(b[:size])
		}
		b = b[size:]
	}
	return nil
}

// mustEscape reports the runes a terminal could act on or hide text with:
// DEL, C1 controls, and format characters other than the emoji ZWJ.
func mustEscape(r rune) bool {
	switch {
	case r < 0x7f:
		return false
	case r <= 0x9f:
		return true
	case r == '\u200d':
		return false
	}
	return unicode.Is(unicode.Cf, r)
}
