package e2e

// Issue 13's views on the built binary in tmux, against a fake API on
// loopback: the preview beside the list at 180 columns, ? in the hint
// bar at 80, next and previous image in the detail view, and the mouse.
// Clicks are what a terminal sends for them once gcimg has turned mouse
// reporting on: SGR sequences, written to the pane as input. The helpers
// are tmux_test.go's and tmux_choice_test.go's.

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// click presses and releases the left button at column x, row y of the
// pane (both from 0), as a terminal in SGR mouse mode reports it.
func (tm *tmuxTerm) click(x, y int) {
	tm.t.Helper()
	tm.typeText(sgrClick(x, y))
}

// doubleClick is two clicks in one write: a user's double-click.
func (tm *tmuxTerm) doubleClick(x, y int) {
	tm.t.Helper()
	tm.typeText(sgrClick(x, y) + sgrClick(x, y))
}

// quit presses q, which must end gcimg with 0 from where it is, and give
// the terminal back.
func (tm *tmuxTerm) quit(where string) {
	tm.t.Helper()
	tm.keys("q")
	code, stty := tm.waitDone()
	if code != exitOK {
		tm.t.Errorf("q in %s exited with %d", where, code)
	}
	tm.checkTTY(stty)
}

func sgrClick(x, y int) string {
	return fmt.Sprintf("\x1b[<0;%d;%dM\x1b[<0;%d;%dm", x+1, y+1, x+1, y+1)
}

// demoImage is the demo catalog's image called name.
func demoImage(t *testing.T, name string) api.Image {
	t.Helper()
	for _, im := range fakeapi.DemoCatalog() {
		if im.Name == name {
			return im
		}
	}
	t.Fatalf("no %q in the demo catalog", name)
	return api.Image{}
}

// listNames are the names of the list's rows on screen, in order: the
// first column of every line between the header and the status line.
func (s screen) listNames() []string {
	var out []string
	header := -1
	for i, l := range s.lines {
		if strings.Contains(l, "NAME") && strings.Contains(l, "CREATED") {
			header = i
			break
		}
	}
	if header < 0 {
		return nil
	}
	for _, l := range s.lines[header+1 : len(s.lines)-2] {
		l = strings.TrimPrefix(l, "▌")
		name, _, _ := strings.Cut(strings.TrimSpace(l), "  ")
		if name == "" || strings.HasPrefix(name, "──") {
			break
		}
		out = append(out, name)
	}
	return out
}

// TestTmuxPreview is issue 13's first "done when": at 180 columns the
// highlighted image's ID shows beside the list without enter, and
// ubuntu-ml-nvidia-pytorch shows uncut; the preview follows the cursor.
func TestTmuxPreview(t *testing.T) {
	t.Parallel()
	srv := startFake(t, fakeapi.DemoCatalog())
	tm := newTerm(t, termOpts{width: 180, height: 40, api: srv, script: afterExit("gcimg --type cloud-image")})
	s := tm.waitFor("the cloud images", atPos(1))
	first := demoImage(t, s.listNames()[0])
	if !s.matches(regexp.MustCompile(`│\s+ID\s+` + first.ID + `\s*\n`)) {
		t.Fatalf("the first row's ID %s is not beside the list:\n%s", first.ID, s)
	}
	checkFits(t, s, 180, 40)

	pytorch := demoImage(t, "Ubuntu ML PyTorch for NVIDIA®")
	tm.typeText("/pytorch")
	tm.keys("Enter")
	s = tm.waitFor("the PyTorch image under the cursor", func(s screen) bool {
		return strings.HasPrefix(s.selectedRow(), "Ubuntu ML PyTorch") && s.has(pytorch.ID)
	})
	for _, re := range []string{
		`│\s+ID\s+` + pytorch.ID + `\s*\n`,
		`│\s+Slug\s+ubuntu-ml-nvidia-pytorch\s*\n`, // uncut: the line ends after it
		`│\s+Terraform\s+image = "ubuntu-ml-nvidia-pytorch"\s*\n`,
		`│\s+JSON\s+"image": "` + pytorch.ID + `"\s*\n`,
	} {
		if !s.matches(regexp.MustCompile(re)) {
			t.Errorf("the preview does not show %s whole:\n%s", re, s)
		}
	}

	// The preview follows the cursor: the filter cleared, one row down.
	tm.keys("Escape")
	tm.waitFor("the whole list", func(s screen) bool { return !s.has("/ pytorch") })
	tm.keys("Home", "Down")
	s = tm.waitFor("the second row", atPos(2))
	second := demoImage(t, s.listNames()[1])
	if !s.matches(regexp.MustCompile(`│\s+ID\s+`+second.ID+`\s*\n`)) || s.has(first.ID) {
		t.Errorf("the preview does not follow the cursor to %s:\n%s", second.ID, s)
	}
	// p hides it, and the list takes the width.
	tm.keys("p")
	s = tm.waitFor("the list alone", func(s screen) bool { return !s.has(second.ID) })
	checkFits(t, s, 180, 40)
	tm.quit("the list")
}

// TestTmuxHelpKeyAt80 is issue 13's "? is in the hint bar at 80
// columns", in the list and in every view ? opens from.
func TestTmuxHelpKeyAt80(t *testing.T) {
	t.Parallel()
	srv := startFake(t, fakeapi.DemoCatalog())
	tm := newTerm(t, termOpts{width: 80, height: 24, api: srv, script: afterExit("gcimg")})
	hint := func(s screen) bool { return strings.HasSuffix(strings.TrimSpace(s.row(len(s.lines)-1)), "? help") }
	tm.waitFor("the list with ? in its hints", func(s screen) bool { return s.has("NAME") && hint(s) })
	for _, v := range []struct{ key, what, shows string }{
		{"Enter", "the detail view", "For your config"},
		{"r", "the region picker", "All regions"},
		{"C", "the copy menu", "as…"},
	} {
		tm.keys(v.key)
		tm.waitFor(v.what+" with ? in its hints", func(s screen) bool { return s.has(v.shows) && hint(s) })
		tm.keys("?")
		tm.waitFor("the help of "+v.what, func(s screen) bool { return s.has("Keys in " + v.what) })
		// One esc at a time: two in one write read as alt+esc.
		tm.keys("Escape")
		tm.waitFor(v.what+" again", func(s screen) bool { return s.has(v.shows) && hint(s) })
		tm.keys("Escape")
		tm.waitFor("the list again", func(s screen) bool { return s.has("NAME") && hint(s) })
	}
	tm.quit("the list")
}

// TestTmuxDetailNextPrevious: n and p step through the images from the
// detail view, esc lands on the image reached, and q quits from there.
func TestTmuxDetailNextPrevious(t *testing.T) {
	t.Parallel()
	srv := startFake(t, fakeapi.DemoCatalog())
	tm := newTerm(t, termOpts{api: srv, script: afterExit("gcimg --type cloud-image")})
	names := tm.waitFor("the cloud images", atPos(1)).listNames()
	if len(names) < 4 {
		t.Fatalf("too few rows: %q", names)
	}
	detailOf := func(i int) func(s screen) bool {
		im := demoImage(t, names[i])
		return func(s screen) bool {
			return strings.TrimSpace(s.row(1)) == names[i] && s.has(im.ID) && s.has("For your config")
		}
	}
	tm.keys("Enter")
	tm.waitFor("the first image's detail", detailOf(0))
	for _, step := range []struct {
		key  string
		want int
	}{{"n", 1}, {"n", 2}, {"C-n", 3}, {"p", 2}} {
		tm.keys(step.key)
		tm.waitFor(fmt.Sprintf("%s to row %d", step.key, step.want+1), detailOf(step.want))
	}
	tm.keys("Escape")
	s := tm.waitFor("the list on the image reached", atPos(3))
	if !strings.HasPrefix(s.selectedRow(), names[2]) {
		t.Errorf("back in the list the cursor is on %q, want %q:\n%s", s.selectedRow(), names[2], s)
	}
	tm.keys("Enter")
	tm.waitFor("its detail", detailOf(2))
	tm.quit("the detail view")
}

// TestTmuxMouse: gcimg turns on SGR mouse reporting; a click selects a
// row, a click on a tab switches to it, a double-click opens the
// detail, a click in the picker applies a region and one in the copy
// menu copies that entry.
func TestTmuxMouse(t *testing.T) {
	t.Parallel()
	srv := startFake(t, fakeapi.DemoCatalog())
	tm := newTerm(t, termOpts{api: srv, script: afterExit("gcimg --type cloud-image")})
	s := tm.waitFor("the cloud images", atPos(1))
	if got := tm.display("#{mouse_sgr_flag} #{mouse_button_flag}"); got != "1 1" {
		t.Fatalf("mouse reporting (SGR, buttons and drags) is %q, want 1 1", got)
	}
	names := s.listNames()

	// A click on the fourth row (the header is on row 1 of the pane).
	tm.click(10, 2+3)
	s = tm.waitFor("the fourth row selected", atPos(4))
	if !strings.HasPrefix(s.selectedRow(), names[3]) {
		t.Errorf("the click selected %q, want %q", s.selectedRow(), names[3])
	}

	// A click on a tab's title.
	x := strings.Index(s.row(0), "Snapshots")
	tm.click(len([]rune(s.row(0)[:x]))+2, 0)
	tm.waitFor("the Snapshots tab", func(s screen) bool { return activeTab(s, "Snapshots", "Base OS") && s.has("STATUS") })
	x = strings.Index(s.row(0), "Cloud images")
	tm.click(len([]rune(s.row(0)[:x]))+2, 0)
	tm.waitFor("the cloud images again", func(s screen) bool { return activeTab(s, "Cloud images", "Base OS") && atPos(4)(s) })

	// A double-click on the second row opens it; esc comes back to it.
	tm.doubleClick(10, 2+1)
	im := demoImage(t, names[1])
	tm.waitFor("the second row's detail", func(s screen) bool { return s.has(im.ID) && s.has("For your config") })
	tm.keys("Escape")
	tm.waitFor("the list on the second row", atPos(2))

	// A click on a region in the picker applies it.
	tm.keys("r")
	s = tm.waitFor("the region picker", func(s screen) bool { return s.has("All regions") && s.has("EUC-DE-MUC-1") })
	y := -1
	for i, l := range s.lines {
		if strings.Contains(l, "EUC-DE-MUC-1") {
			y = i
		}
	}
	tm.click(10, y)
	s = tm.waitFor("the region applied", func(s screen) bool { return s.has("region EUC-DE-MUC-1") && s.has("NAME") })

	// A click on the slug in the copy menu copies it, through tmux.
	tm.keys("C")
	s = tm.waitFor("the copy menu", func(s screen) bool { return s.has("as…") && s.has("Slug") })
	var slug string
	for i, l := range s.lines {
		if f := strings.Fields(l); len(f) == 3 && f[1] == "Slug" {
			y, slug = i, f[2]
		}
	}
	if slug == "" {
		t.Fatalf("no slug in the menu:\n%s", s)
	}
	tm.click(10, y)
	tm.waitFor("the slug copied", func(s screen) bool { return s.has("Copied Slug " + slug) })
	if got, _ := tm.buffer(); got != slug {
		t.Errorf("tmux's buffer holds %q, want the slug clicked, %q", safe(got), slug)
	}
	tm.quit("the list")
}
