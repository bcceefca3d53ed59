package text

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Verbatim reports whether s can be printed, and pasted into a config,
// exactly as the API sent it: it is not empty, Sanitize leaves it
// unchanged, it neither starts nor ends with white space, and it holds no
// U+FFFD, which is what decoding made of bytes or an escaped surrogate it
// could not read, so the API's value is not known.
//
// Display text (a name) is shown sanitised, but an identifier (an ID, a
// slug, a version) that is not verbatim must never be emitted sanitised:
// "ubuntu-\x1b[31m24.04\n" sanitised is "ubuntu-24.04", which is another
// image's slug. Such an identifier is shown with Quote and not offered.
func Verbatim(s string) bool {
	return s != "" && strings.TrimSpace(s) == s && !strings.ContainsRune(s, utf8.RuneError) && Sanitize(s) == s
}

// Quote shows s as a double-quoted Go string in which everything but
// printable ASCII is an escape ("ubuntu-\x1b[31m24.04\n" is shown as
// "ubuntu-\x1b[31m24.04\n", backslashes and all), so that nothing in it
// can act on a terminal, hide, or pass for a character it is not. It is
// how an identifier that is not Verbatim is shown. The result is
// printable ASCII, which Sanitize leaves unchanged.
func Quote(s string) string { return strconv.QuoteToASCII(s) }
