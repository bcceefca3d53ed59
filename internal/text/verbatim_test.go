package text

import "testing"

func TestVerbatim(t *testing.T) {
	for s, want := range map[string]bool{
		"ubuntu-24.04":            true,
		"3b29b09e-138e-11ef-a299": true,
		"naïve 日本":                true,
		`a"b\c`:                   true, // odd, but printable: quoting is the config's business
		"":                        false,
		" ubuntu":                 false,
		"ubuntu\n":                false,
		"ubuntu-\x1b[31m24.04\n":  false,
		"\u202egnp":               false,
		"a\u200bb":                false,
		"\xff":                    false,
		"v\ufffd":                 false, // a surrogate the JSON escaped, decoded
		"ubuntu\u00a0":            false, // a no-break space is white space
	} {
		if got := Verbatim(s); got != want {
			t.Errorf("Verbatim(%+q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzQuote(f *testing.F) {
	for _, s := range []string{"ubuntu-\x1b[31m24.04\n", "日本\u202e", "\xff\xfe", "\u3164", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Quote(s)
		for i := 0; i < len(q); i++ {
			if q[i] < 0x20 || q[i] > 0x7e {
				t.Fatalf("Quote(%+q) = %+q holds byte %#x: not printable ASCII", s, q, q[i])
			}
		}
		if Sanitize(q) != q {
			t.Fatalf("Quote(%+q) = %+q changes when sanitised", s, q)
		}
	})
}
