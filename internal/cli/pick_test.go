package cli

import (
	"strings"
	"testing"
)

// TestPickExit0 is pick --exit-0 without a terminal: when nothing matches
// it exits 1 before anything would be drawn (a draw would fail here, with
// no /dev/tty to open) and says so on stderr only.
func TestPickExit0(t *testing.T) {
	for _, args := range [][]string{
		{"--query", "no such image anywhere"},
		{"-0", "--query", "^rocky !linux"},
		{"--query", "^ubuntu", "--region", "XX-NOWHERE-1"},
		{"--query", "debian-12$", "--type", "base-os"}, // debian-12 is a cloud image
	} {
		r := runCLI(t, vars{}, append([]string{"--demo", "pick", "--exit-0"}, args...)...)
		if r.code != exitFailure || r.stdout != "" || !strings.Contains(r.stderr, "no image matches") {
			t.Errorf("pick --exit-0 %q: exit %d, stdout %q, stderr %q; want exit 1, nothing on stdout, the reason on stderr",
				args, r.code, r.stdout, r.stderr)
		}
	}
}

// TestPickSelect1AndExit0 share the whole-tab look: with one match,
// --select-1 prints it whether or not --exit-0 is given too.
func TestPickSelect1AndExit0(t *testing.T) {
	for _, extra := range [][]string{nil, {"-0"}} {
		args := append([]string{"--demo", "pick", "-1", "--print", "slug", "--query", "debian-12$"}, extra...)
		if r := runCLI(t, vars{}, args...); r.code != exitOK || r.stdout != "debian-12\n" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
}
