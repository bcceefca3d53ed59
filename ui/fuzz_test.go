package ui

// FuzzModel drives the root model with arbitrary sequences of keys,
// window sizes and API replies (pages, errors, late and stale replies) and
// checks after every step what must always hold: no panic, the cursor
// inside the rows and on screen, and a View that fits the window and holds
// nothing a terminal would act on. No network: the Lister answers from
// the fuzz input, and commands run only when the input says so.

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"os/exec"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
)

// fuzzInput reads the fuzz bytes; past the end it reads zeros.
type fuzzInput struct {
	b []byte
	i int
}

func (in *fuzzInput) done() bool { return in.i >= len(in.b) }

func (in *fuzzInput) byte() byte {
	if in.done() {
		return 0
	}
	in.i++
	return in.b[in.i-1]
}

func (in *fuzzInput) intn(n int) int { return int(in.byte()) % n }

func pickOf[T any](in *fuzzInput, xs []T) T { return xs[in.intn(len(xs))] }

// fuzzKeys are the keys the fuzzer presses, by harness name.
var fuzzKeys = []string{
	"up", "down", "pgup", "pgdown", "home", "end", "enter", "esc", "tab", "shift+tab", "backspace",
	"?", "/", "r", "R", "C", "c", "y", "s", "q", "ctrl+r", "ctrl+c", "ctrl+u", "ctrl+d",
	"1", "2", "3", "4", "5", "j", "k", "g", "G", "x", " ",
}

// fuzzRunes are typed into the filter: ASCII, wide, combining, emoji.
var fuzzRunes = []rune{'a', 'u', 'b', '2', '-', '.', ' ', 'Z', '日', 'é', '\u0301', '🚀', 'ü', ':', '"'}

// fuzzStrings are what API string fields hold: ordinary, empty, hostile,
// wide and long.
var fuzzStrings = []string{
	"Ubuntu 24.04", "", " ", "snapshot", "NORD-NO-KRS-1", "EUC-DE-MUC-1", "ubuntu-24.04",
	"osc52 \x1b]52;c;aGVsbG8=\x07", "csi \x1b[2J\x1b[H", "c1 \u009b31m\u009d0;x\u009c", "bidi \u202egnp.exe\u2066",
	"nl\nline\r\ttab\x00\x7f", "zw \u200b\ufeff\u00ad\U000e0041", "invalid \xff\xfe", "日本語のイメージ",
	"👩\u200d💻🇯🇵", "e\u0301\u0301", strings.Repeat("long name ", 300), strings.Repeat("語", 2000),
}

var fuzzTypes = []api.ImageType{"", api.TypeSnapshot, api.TypeBaseOS, api.TypeCloudImage, api.TypePreconfigured, "gpu-special", "snap\x1b[31mshot"}

// fuzzImages makes n images from 8 bytes each, so that zeros make plain
// images with fresh IDs and other bytes make repeats, nulls and attacks.
func fuzzImages(in *fuzzInput, serial *int, n int) []api.Image {
	out := make([]api.Image, n)
	for i := range out {
		*serial++
		b := make([]byte, 8)
		for j := range b {
			b[j] = in.byte()
		}
		im := api.Image{
			ID:        fmt.Sprintf("id-%d", *serial-int(b[0]%64)), // an earlier page's ID when b[0] > 0
			Name:      fuzzStrings[int(b[1])%len(fuzzStrings)] + fmt.Sprint(*serial),
			Type:      fuzzTypes[int(b[2])%len(fuzzTypes)],
			OSType:    []string{"linux", "windows", "", "\x1b]0;x\x07"}[b[3]%4],
			CreatedAt: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, int(b[4]), 0),
		}
		if b[0] >= 200 {
			im.ID = fuzzStrings[int(b[0])%len(fuzzStrings)] // empty, hostile or long IDs too
		}
		if b[5] > 0 {
			s := fuzzStrings[int(b[5]-1)%len(fuzzStrings)]
			im.Slug = &s
		}
		if b[6] > 0 {
			s := fuzzStrings[int(b[6]-1)%len(fuzzStrings)]
			im.Family = &s
		}
		for k := range int(b[7] % 4) {
			im.Regions = append(im.Regions, fuzzStrings[(int(b[7])+k)%len(fuzzStrings)])
		}
		for k := range int(b[7] >> 6) {
			im.Versions = append(im.Versions, fuzzStrings[(int(b[7])+k)%len(fuzzStrings)])
		}
		out[i] = im
	}
	return out
}

// fuzzError is any error a Lister may return.
func fuzzError(in *fuzzInput) error {
	msg := pickOf(in, fuzzStrings)
	switch in.intn(6) {
	case 0:
		return &api.APIError{Status: pickOf(in, []int{401, 403, 404, 429, 500, 502, 503, 418}), Code: "05000", Message: msg, URL: "https://api.example/compute/v1/images?page=2"}
	case 1:
		return &api.NetworkError{URL: "https://api.example/compute/v1", Err: errors.New(msg)}
	case 2:
		return &api.DecodeError{URL: "https://api.example/compute/v1/images", Page: in.intn(9), Err: errors.New(msg)}
	case 3:
		return fmt.Errorf("interrupted: %w", context.Canceled)
	default:
		return errors.New(msg)
	}
}

// fuzzReply is a page or an error for a request.
func fuzzReply(in *fuzzInput, serial *int, per int) (*api.ListResponse, error) {
	if in.intn(6) == 0 {
		return nil, fuzzError(in)
	}
	n := in.intn(per + 2) // sometimes short, sometimes full, sometimes over
	return &api.ListResponse{
		Images:     fuzzImages(in, serial, n),
		TotalCount: in.intn(40) - 3,
		Page:       in.intn(5),
		PerPage:    pickOf(in, []int{0, per, per - 1, 100}),
	}, nil
}

// fuzzLister answers every request from the fuzz input.
type fuzzLister struct {
	in     *fuzzInput
	per    int
	serial int // images made so far, for fresh IDs
}

func (l *fuzzLister) PerPage() int { return l.per }

func (l *fuzzLister) ListImages(_ context.Context, _ api.ListOptions) (*api.ListResponse, error) {
	return fuzzReply(l.in, &l.serial, l.per)
}

// fuzzClipEnv is a clipboard with no tools: copies never run a program.
func fuzzClipEnv() *clip.Env {
	return &clip.Env{
		Getenv:   func(string) string { return "" },
		LookPath: func(file string) (string, error) { return "", &exec.Error{Name: file, Err: exec.ErrNotFound} },
		Run:      func(context.Context, string, string, ...string) error { return exec.ErrNotFound },
		GOOS:     "linux",
	}
}

// fuzzDriver holds the commands and replies the model produced and that
// the input has not yet chosen to run or deliver.
type fuzzDriver struct {
	t       *testing.T
	m       *Model
	in      *fuzzInput
	pending []tea.Cmd
	replies []pageMsg
	sized   bool
	w, h    int
}

func (d *fuzzDriver) update(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	if cmd != nil {
		d.pending = append(d.pending, cmd)
	}
}

// runOne runs a pending command (safe: the Lister and the clipboard are
// fakes) and routes what it returns: replies are held back, batches are
// split, everything else goes to Update.
func (d *fuzzDriver) runOne(i int) {
	cmd := d.pending[i]
	d.pending = append(d.pending[:i], d.pending[i+1:]...)
	switch msg := cmd().(type) {
	case nil, tea.QuitMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			if c != nil {
				d.pending = append(d.pending, c)
			}
		}
	case pageMsg:
		d.replies = append(d.replies, msg)
	default:
		d.update(msg)
	}
}

func (d *fuzzDriver) step() {
	in := d.in
	switch op := in.intn(16); op {
	case 0, 1, 2, 3, 4, 5, 15:
		d.update(keyMsg(pickOf(in, fuzzKeys)))
	case 6:
		for range 1 + in.intn(4) {
			r := pickOf(in, fuzzRunes)
			d.update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	case 7:
		d.w, d.h, d.sized = 1+in.intn(250), 1+in.intn(80), true
		d.update(tea.WindowSizeMsg{Width: d.w, Height: d.h})
	case 8, 9:
		if len(d.pending) > 0 {
			d.runOne(in.intn(len(d.pending)))
		}
	case 10, 11:
		if len(d.replies) > 0 {
			i := in.intn(len(d.replies))
			msg := d.replies[i]
			if in.intn(2) == 0 { // keep it for a late, duplicate delivery
				d.replies = append(d.replies[:i], d.replies[i+1:]...)
			}
			d.update(msg)
		}
	case 12:
		// A reply nobody asked for: a generation that is not the feed's,
		// or a real one for another tab or page.
		msg := pageMsg{tab: catalog.Tab(in.intn(int(catalog.NumTabs))), page: in.intn(9), gen: uint64(in.byte())}
		if len(d.replies) > 0 && in.intn(2) == 0 {
			msg.gen = d.replies[in.intn(len(d.replies))].gen
		}
		l := d.m.client.(*fuzzLister)
		msg.resp, msg.err = fuzzReply(in, &l.serial, l.per)
		d.update(msg)
	case 13:
		d.update(tea.MouseWheelMsg{Button: pickOf(in, []tea.MouseButton{tea.MouseWheelUp, tea.MouseWheelDown, tea.MouseLeft})})
	case 14:
		d.update(tea.BackgroundColorMsg{Color: pickOf(in, []color.Color{color.Black, color.White})})
	}
}

// check asserts the invariants after a step.
func (d *fuzzDriver) check(step int) {
	t, m := d.t, d.m
	content := m.View().Content // renders, which also brings the rows up to date
	if !d.sized {
		if content != "" {
			t.Fatalf("step %d: a view before any window size: %q", step, content)
		}
		return
	}
	checkViewSafe(t, content, d.w, d.h)
	ts := m.cur()
	if n := ts.rows.Len(); n > 0 {
		if ts.cursor < 0 || ts.cursor >= n {
			t.Fatalf("step %d: cursor %d outside the %d rows", step, ts.cursor, n)
		}
		listShown := (m.focus == focusList || m.focus == focusFilter) && d.w >= minWidth && d.h >= minHeight
		if lh := m.listHeight(); listShown && (ts.cursor < ts.offset || ts.cursor >= ts.offset+lh) {
			t.Fatalf("step %d: cursor %d not on screen (rows %d-%d of %d) at %dx%d\n%s",
				step, ts.cursor, ts.offset, ts.offset+lh-1, n, d.w, d.h, safeScreen(content))
		}
	}
	if t.Failed() {
		t.Fatalf("step %d at %dx%d:\n%s", step, d.w, d.h, safeScreen(content))
	}
}

// safeScreen shows a view in a failure message without its escapes.
func safeScreen(content string) string {
	return fmt.Sprintf("%+q", sgr.ReplaceAllString(content, ""))
}

// maxFuzzSteps bounds one input's run.
const maxFuzzSteps = 200

func FuzzModel(f *testing.F) {
	for _, seed := range fuzzModelSeeds() {
		f.Add(seed)
	}
	f.Fuzz(runModel)
}

// runModel is one FuzzModel run: a model set up from the first bytes,
// then steps until the input or maxFuzzSteps runs out.
func runModel(t *testing.T, data []byte) {
	{
		in := &fuzzInput{b: data}
		lister := &fuzzLister{in: in, per: 1 + in.intn(12)}
		o := Options{
			Client: lister, Now: func() time.Time { return testNow },
			Tab:    catalog.Tab(in.intn(int(catalog.NumTabs))),
			Region: pickOf(in, []string{"", "", "NORD-NO-KRS-1", "\x1b]0;x\x07"}),
			Theme:  pickOf(in, []theme.Mode{theme.Dark, theme.Light, theme.None, theme.Auto}),
			Query:  pickOf(in, []string{"", "", "ubu", "日"}),
			Pick:   in.intn(4) == 0, Clipboard: clip.Off, ClipEnv: fuzzClipEnv(),
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		m := New(ctx, o)
		m.animate = false
		d := &fuzzDriver{t: t, m: m, in: in}
		if cmd := m.Init(); cmd != nil {
			d.pending = append(d.pending, cmd)
		}
		d.check(0)
		for step := 1; step <= maxFuzzSteps && !in.done(); step++ {
			d.step()
			d.check(step)
		}
	}
}

// fuzzModelSeeds are scripted sessions in the input's encoding, besides
// the corpus in testdata/fuzz/FuzzModel.
func fuzzModelSeeds() [][]byte {
	// Op bytes: 0 key, 6 text, 7 size, 8 run a command, 10 deliver a
	// reply, 12 a stray reply; see fuzzDriver.step.
	const (
		opKey, opText, opSize, opRun, opDeliver, opStray = 0, 6, 7, 8, 10, 12
	)
	key := func(name string) []byte {
		for i, k := range fuzzKeys {
			if k == name {
				return []byte{opKey, byte(i)}
			}
		}
		panic(name)
	}
	// A page of n images: not an error (1), n, then 8 bytes an image
	// (zeros: plain, fresh IDs), then total_count, page and per_page.
	page := func(n byte) []byte { return append([]byte{1, n}, make([]byte, int(n)*8+3)...) }
	// An error: 0, the message (an OSC 52 attack), APIError, status 500.
	fail := []byte{0, 7, 0, 4}
	cat := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	header := []byte{9, 4, 0, 0, 0, 1} // 10 per page, snapshots tab, no region, dark, no query, no pick
	size := func(w, h byte) []byte { return []byte{opSize, w - 1, h - 1} }
	run := []byte{opRun, 0}
	deliver := []byte{opDeliver, 0, 0}
	return [][]byte{
		cat(header, size(100, 30), run, page(10), deliver, key("end"), run, page(10), deliver),
		cat(header, size(80, 24), run, page(10), deliver, key("end"), run, fail, deliver, key("R"), run, page(4), deliver),
		cat(header, size(24, 6), run, fail, deliver, key("R"), size(30, 7), run, page(10), deliver, key("end")),
		cat(header, size(24, 6), run, page(10), deliver, key("end"), run, fail, deliver, key("up"), key("end")),
		cat(header, size(60, 20), run, page(10), deliver, key("/"), []byte{opText, 3, 8, 9, 10}, key("enter"), key("ctrl+r"), run, page(10), deliver, deliver),
		cat(header, size(100, 30), run, page(10), []byte{opDeliver, 0, 1}, []byte{opDeliver, 0, 0}, []byte{opStray, 4, 2, 0, 1, 3}, key("enter"), key("C"), key("esc"), key("r")),
		cat(header, size(250, 80), run, page(11), deliver, key("?"), key("end"), size(1, 1), size(23, 5), size(24, 6)),
	}
}
