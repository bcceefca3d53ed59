package ui

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
	"github.com/genesiscloud-tools/gcimg/ui/layout"
)

// focus is a view that can receive key presses.
type focus int

const (
	focusList   focus = iota // the image list
	focusFilter              // the filter prompt above the list
	focusPicker              // the region picker
	focusDetail              // the detail view
	focusMenu                // the copy menu ("choose as…" in pick mode)
	focusHelp                // the full help
	focusNotice              // the box showing a value no clipboard took
)

// pageMsg carries one page (or its failure) back to the tab that asked.
type pageMsg struct {
	tab  catalog.Tab
	opts api.ListOptions // the listing and page asked for
	gen  uint64
	resp *api.ListResponse
	err  error
}

// retryMsg says that a request of a tab is waiting to retry (see
// api.WithRetryHook). It comes from the goroutine making the request,
// through the program's Send, tagged like the reply will be.
type retryMsg struct {
	tab catalog.Tab
	gen uint64
	r   api.Retry
}

// toastExpiredMsg expires a transient status message.
type toastExpiredMsg struct{ seq int }

// Model is the root (and only) tea.Model. It routes every input to the
// component in focus, carries out what the component asks for, and owns
// the data the components are opened on.
type Model struct {
	ctx    context.Context
	client Lister
	opts   Options
	now    func() time.Time
	// send hands a message to the running program from any goroutine
	// (tea.Program.Send): how retries are heard while a request waits.
	// nil until Run or Pick sets it; then retries go unsaid.
	send func(tea.Msg)

	keys   keymap.KeyMap
	styles theme.Styles
	paint  *detailPainters // styles.Detail as painters, for the detail view and the preview
	dark   bool

	width, height int
	layout        layout.Mode // the list alone or beside a preview; the preview key switches it

	// clock times clicks, to tell a double-click (tests set it).
	clock     func() time.Time
	lastClick click // the last click on a row of the list

	tabs   [catalog.NumTabs]*tabState
	active catalog.Tab
	query  catalog.Query

	// views is the stack of open views, the list at the bottom: keys go
	// to the last one, and closing a view shows the one under it.
	views []focus

	filter textinput.Model // the filter prompt
	picker regionPicker
	detail detail
	menu   copyMenu
	full   helpView
	notice notice

	copying map[string]copying // value being copied -> what the toast says of it
	picked  Choice             // pick mode: what was chosen
	chosen  bool               // pick mode: an image was chosen

	// animate schedules timers (spinner, toast expiry). Tests turn it off
	// so that every command they run returns at once.
	animate bool

	help      help.Model // the one-line help at the bottom
	spinner   spinner.Model
	toast     string
	toastWarn bool // the toast is a warning
	toastSeq  int
	countSeq  int                // the last countMsg asked for (tabbar.go)
	nextSeq   int                // the last nextDueMsg asked for
	nextStop  context.CancelFunc // stops the next-character index being built, if one is

	lines       lineCache    // rendered list rows (rendercache.go)
	colsMemo    layoutMemo   // the list's columns for the last width (columns.go)
	helpMemo    helpCache    // rendered help line (rendercache.go)
	previewMemo previewCache // the preview's lines (preview.go)
	headerMemo  headerCache  // the tab bar line (tabbar.go)
	widths      widthMemo    // the widths of the last frames' lines (rendercache.go)
}

// click is a click on a row of the list: when, and on which image.
type click struct {
	at  time.Time
	tab catalog.Tab
	e   *catalog.Entry
}

// doubleClick is how soon a second click on the same row must follow the
// first to open the image, as desktops take it by default.
const doubleClick = 400 * time.Millisecond

// New builds the root model. ctx bounds every request it makes.
func New(ctx context.Context, o Options) *Model {
	m := &Model{
		ctx:     ctx,
		client:  o.Client,
		opts:    o,
		now:     o.Now,
		clock:   time.Now,
		layout:  o.Layout,
		keys:    keymap.Default(),
		dark:    true,
		animate: true,
		active:  o.Tab,
		query:   catalog.Query{Region: o.Region, Text: o.Query},
		views:   []focus{focusList},
		copying: map[string]copying{},
	}
	if m.now == nil {
		m.now = time.Now
	}
	if o.Keys != nil {
		m.keys = *o.Keys
	}
	if m.opts.Clipboard == "" {
		m.opts.Clipboard = clip.Auto
	}
	if m.opts.Print == "" {
		m.opts.Print = refs.ID
	}
	m.sayWhatCopyDoes()
	in := catalog.NewInterner()
	per := 0
	if o.Client != nil {
		per = o.Client.PerPage()
	}
	for t := range catalog.NumTabs {
		tab := catalog.Tab(t)
		m.tabs[t] = newTabState(tab, catalog.NewFeed(tab.Type(), per, in), m.tabColumns(tab, catalog.SortName))
	}
	m.filter = textinput.New()
	m.filter.Prompt = "/ "
	m.filter.Placeholder = "fuzzy filter: name, slug, family or ID"
	m.help = help.New()
	m.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot))
	m.applyTheme()
	return m
}

// sayWhatCopyDoes words the help of the keys whose meaning depends on the
// options: c copies the configured format, and in pick mode the menu
// chooses rather than copies.
func (m *Model) sayWhatCopyDoes() {
	for _, b := range []*key.Binding{&m.keys.List.Copy, &m.keys.Detail.Copy} {
		b.SetHelp(b.Help().Key, "copy "+kindName(m.opts.Print))
	}
	if m.opts.Pick {
		m.keys.Menu.Apply.SetHelp(m.keys.Menu.Apply.Help().Key, "choose")
	}
}

// applyTheme rebuilds every style for the current background and mode.
func (m *Model) applyTheme() {
	dark := m.dark
	switch m.opts.Theme {
	case theme.Dark:
		dark = true
	case theme.Light:
		dark = false
	}
	m.styles = theme.New(dark, m.opts.Theme != theme.None, m.opts.Profile)
	m.paint = newDetailPainters(&m.styles)
	m.help.Styles = m.styles.Help
	m.spinner.Style = m.styles.Status.Spinner
	st := textinput.DefaultStyles(dark)
	st.Focused.Prompt = m.styles.Filter.Prompt
	st.Blurred.Prompt = m.styles.Filter.Prompt
	st.Focused.Text = m.styles.Filter.Text
	st.Blurred.Text = m.styles.Filter.Text
	st.Focused.Placeholder = m.styles.Filter.Placeholder
	st.Blurred.Placeholder = m.styles.Filter.Placeholder
	if !m.styles.Color {
		st = textinput.Styles{Cursor: st.Cursor}
		st.Cursor.Color = nil
	}
	// A steady cursor: no redraw twice a second over SSH, and no blink
	// timer left running when the program quits.
	st.Cursor.Blink = false
	m.filter.SetStyles(st)
}

// Init asks for the background colour (auto theme) and the first page of
// the starting tab: the first screen costs exactly one request.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.fetch(m.active)}
	if m.opts.Theme == theme.Auto || m.opts.Theme == "" {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

func (m *Model) cur() *tabState { return m.tabs[m.active] }

// focused is the view keys go to.
func (m *Model) focused() focus { return m.views[len(m.views)-1] }

// open shows view f over the one in focus.
func (m *Model) open(f focus) { m.views = append(m.views, f) }

// back closes the view in focus; the list is never closed.
func (m *Model) back() {
	if len(m.views) > 1 {
		m.views = m.views[:len(m.views)-1]
	}
}

// isOpen reports whether f is anywhere in the stack of views.
func (m *Model) isOpen(f focus) bool {
	for _, v := range m.views {
		if v == f {
			return true
		}
	}
	return false
}

// Update handles one message, then settles what the screen shows on the
// state it left, so that View only reads.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.settle()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		if m.opts.Log != nil {
			m.opts.Log("terminal size %dx%d", msg.Width, msg.Height)
		}
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m.prefetch()
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.applyTheme()
		m.resize() // pages of text are rendered when laid out
		return nil
	case pageMsg:
		return m.onPage(msg)
	case retryMsg:
		// Only while the request still waits: a notice that arrives
		// after its reply, or for a walk since reloaded, is dropped.
		if ts := m.tabs[msg.tab]; ts.feed.Waiting(msg.gen) {
			ts.noteRetry(msg.gen, msg.r)
		}
		return nil
	case spinner.TickMsg:
		if !m.anyInFlight() {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case clip.CopiedMsg:
		return m.onCopied(msg)
	case countMsg:
		m.countTabs(msg)
		return nil
	case nextDueMsg:
		return m.indexNext(msg)
	case nextMsg:
		m.tabs[msg.tab].rows.SetNext(msg.x)
		return nil
	case toastExpiredMsg:
		if msg.seq == m.toastSeq {
			m.toast = ""
		}
		return nil
	case tea.KeyPressMsg, tea.MouseMsg, tea.PasteMsg:
		return m.input(msg)

	// What components ask for (see input).
	case closeMsg:
		m.back()
		return nil
	case quitMsg:
		return tea.Quit
	case stepMsg:
		return m.step(msg.by)
	case copyMsg:
		return m.copyRef(msg.e, msg.ref)
	case menuMsg:
		m.openMenu(msg.e)
		return nil
	case menuChoiceMsg:
		m.back()
		if m.opts.Pick {
			return m.pick(msg.ref.Value, refs.Warning(msg.e.Image))
		}
		return m.copyRef(msg.e, msg.ref)
	case regionMsg:
		m.back()
		q := m.query
		q.Region = msg.region
		return m.setQuery(q, false)
	}
	if m.focused() == focusFilter {
		// The prompt's own messages: the text a ctrl+v paste read.
		return m.updateFilter(msg)
	}
	return nil
}

// input is the one route of every key press, mouse event and paste: the
// keys that work everywhere, then pick mode's, then the view in focus,
// whose answer (a message naming what it wants done) is handled at once.
func (m *Model) input(msg tea.Msg) tea.Cmd {
	f := m.focused()
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if key.Matches(k, m.keys.Global.ForceQuit) {
			return tea.Quit
		}
		// In the prompt, a key that types is text, never a command.
		if typed := f == focusFilter && k.Text != ""; !typed {
			if cmd, done := m.pickKey(k); done {
				return cmd
			}
			if key.Matches(k, m.keys.Global.Help) {
				if f == focusHelp {
					m.back()
				} else {
					m.openHelp(f)
				}
				return nil
			}
		}
	}
	if c, ok := msg.(tea.MouseClickMsg); ok {
		// A click on the tab bar picks a tab; one in the body goes to the
		// view in focus, in the body's coordinates; the footer's and any
		// but the left button's do nothing.
		switch {
		case c.Button != tea.MouseLeft, c.Y >= bodyTop+m.bodyHeight():
			return nil
		case c.Y < bodyTop:
			return m.clickTab(c.X)
		}
		c.Y -= bodyTop
		msg = c
	}
	var intent tea.Msg
	switch f {
	case focusFilter:
		if c, ok := msg.(tea.MouseClickMsg); ok {
			return m.clickList(c)
		}
		return m.updateFilter(msg)
	case focusPicker:
		intent = m.picker.Update(msg, m.keys.Picker)
	case focusDetail:
		intent = m.detail.Update(msg, m.keys.Detail)
	case focusMenu:
		intent = m.menu.Update(msg, m.keys.Menu)
	case focusHelp:
		intent = m.full.Update(msg, m.keys.Help)
	case focusNotice:
		intent = m.notice.Update(msg, m.keys.Notice)
	default:
		return m.updateList(msg)
	}
	if intent == nil {
		return nil
	}
	return m.update(intent)
}

// The messages components answer with: what the root should do.
type (
	closeMsg  struct{}                   // close the view in focus
	quitMsg   struct{}                   // end the program
	stepMsg   struct{ by int }           // show the image by rows on from the detail view's
	menuMsg   struct{ e *catalog.Entry } // open the copy menu for this image
	regionMsg struct{ region string }    // filter by this region ("" for all)
	// copyMsg: copy ref, a form of e's image.
	copyMsg struct {
		e   *catalog.Entry
		ref refs.Ref
	}
	// menuChoiceMsg: the menu's choice, a form of e's image; copy it, or
	// in pick mode print it.
	menuChoiceMsg struct {
		e   *catalog.Entry
		ref refs.Ref
	}
)

// settle brings the visible tab's rows and its list's window up to date
// with what Update changed (pages, the query, the layout), so that View
// renders state and never repairs it.
func (m *Model) settle() {
	ts := m.cur()
	ts.refresh(m.query)
	ts.widths.sync(ts.feed.Entries())
	ts.list.SetHeight(m.listHeight())
	ts.list.SetTail(m.markerCount())
}

// resize lays every component out for the window (and the styles, which
// pages of text are rendered with).
func (m *Model) resize() {
	w, h := m.width, m.bodyHeight()
	m.filter.SetWidth(max(m.listWidth()-4, 1))
	m.picker.SetSize(w, h)
	m.menu.SetSize(w, h)
	m.detail.SetSize(w, h, &m.styles, m.paint, m.now())
	m.full.SetSize(w, h, &m.styles)
	m.notice.SetSize(w, h, &m.styles, m.keys.Notice)
}

func (m *Model) anyInFlight() bool {
	for _, t := range m.tabs {
		if t.feed.InFlight() {
			return true
		}
	}
	return false
}

// fetch starts the next page of a tab's feed, if one is wanted and none is
// in flight. The reply is tagged with the tab and generation, so a reply
// that arrives after a tab switch or a reload lands where it belongs (or
// is dropped), never in the visible tab by accident.
func (m *Model) fetch(t catalog.Tab) tea.Cmd {
	ts := m.tabs[t]
	if m.client == nil {
		return nil
	}
	client, send := m.client, m.send
	var cmds []tea.Cmd
	for {
		req, ok := ts.feed.Begin()
		if !ok {
			break
		}
		ctx := m.ctx
		if send != nil {
			// The hook runs on the request's goroutine: it only hands
			// the notice to the program, which brings it to Update.
			ctx = api.WithRetryHook(ctx, func(r api.Retry) { send(retryMsg{tab: t, gen: req.Gen, r: r}) })
		}
		cmds = append(cmds, func() tea.Msg {
			resp, err := client.ListImages(ctx, req.Opts)
			return pageMsg{tab: t, opts: req.Opts, gen: req.Gen, resp: resp, err: err}
		})
		// While a filter completes the tab in the background, or the
		// cursor follows the end, the feed hands out several pages at
		// once (as many as `gcimg list` has out, by the same paging
		// rules); otherwise one at a time.
		if !m.eager(t) {
			break
		}
	}
	if len(cmds) == 0 {
		return nil
	}
	return tea.Batch(append(cmds, m.anim(m.spinner.Tick))...)
}

// after delivers msg once d has passed; when not animating (tests, no
// timers), at once.
func (m *Model) after(d time.Duration, msg tea.Msg) tea.Cmd {
	if !m.animate {
		return func() tea.Msg { return msg }
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// anim passes a timer command through only when animating.
func (m *Model) anim(cmd tea.Cmd) tea.Cmd {
	if !m.animate {
		return nil
	}
	return cmd
}

func (m *Model) onPage(msg pageMsg) tea.Cmd {
	ts := m.tabs[msg.tab]
	ts.forgetRetry(msg.gen)
	if _, stale := ts.feed.Complete(msg.gen, msg.resp, msg.err); stale {
		return nil
	}
	ts.dirty = true
	ts.widths.sync(ts.feed.Entries())
	m.checkListed(msg.tab)
	// A later listing may have added a snapshot's status, size and
	// source to the image an open view holds: it shows them.
	if m.isOpen(focusDetail) && m.detail.tab == msg.tab {
		m.detail.Refresh()
	}
	var count tea.Cmd
	if msg.tab == m.active {
		ts.refresh(m.query)
	} else {
		count = m.countSoon() // its label counts the new page too
	}
	if ts.feed.Err() != nil {
		return count
	}
	return tea.Batch(count, m.prefetch())
}

// checkListed tells an open detail view or copy menu of tab whether its
// image is still listed, once a reload has replaced the tab's entries.
func (m *Model) checkListed(tab catalog.Tab) {
	f := m.tabs[tab].feed
	if m.isOpen(focusDetail) && m.detail.tab == tab {
		m.detail.SetGone(dropped(f, m.detail.e))
	}
	if m.isOpen(focusMenu) && m.menu.tab == tab {
		m.menu.gone = dropped(f, m.menu.e)
	}
}

// dropped reports whether f's listing is known not to hold e's image any
// more: a reload replaced the entries, its walk is complete, and no entry
// has e's ID.
func dropped(f *catalog.Feed, e *catalog.Entry) bool {
	entries := f.Entries()
	if e.Seq < len(entries) && entries[e.Seq] == e {
		return false // still the entry it was opened on
	}
	if f.Reloading() || !f.Done() {
		return false // not known yet
	}
	for _, x := range entries {
		if x.Image.ID == e.Image.ID {
			return false
		}
	}
	return true
}

// prefetch asks for the active tab's next page when the cursor is within
// a screen of the end, or while a filter needs the rest of the feed.
func (m *Model) prefetch() tea.Cmd {
	ts := m.cur()
	if !ts.feed.Started() {
		return m.fetch(m.active)
	}
	if ts.feed.ShouldPrefetch(ts.list.Cursor(), ts.rows.Len(), m.listHeight(), m.eager(m.active)) {
		return m.fetch(m.active)
	}
	return nil
}

// eager reports whether tab t wants the rest of its feed now, as fast as
// the paging rules allow: it is on screen, and a filter is active (its
// results are complete only once every page is in) or the cursor follows
// the end (`end` on a partly loaded tab).
func (m *Model) eager(t catalog.Tab) bool {
	return t == m.active && (m.query.Active() || m.tabs[t].anchor == atEnd)
}

func (m *Model) switchTab(t catalog.Tab) tea.Cmd {
	if t == m.active {
		return nil
	}
	m.active = t
	m.cur().refresh(m.query)
	return m.prefetch()
}

// setQuery changes the filter, region or sort, recomputing the visible
// tab now and the others when they are next shown. With top, every
// tab's cursor goes to row 1 (new text is a new search); otherwise a
// cursor the user placed stays on its image where that image still
// shows, and one following the end stays on the image it reached.
func (m *Model) setQuery(q catalog.Query, top bool) tea.Cmd {
	if q == m.query {
		return nil
	}
	m.query = q
	for _, ts := range m.tabs {
		if top {
			ts.anchor = atTop
		}
		ts.stopFollowing()
		ts.dirty = true
	}
	m.cur().refresh(m.query)
	return tea.Batch(m.prefetch(), m.countSoon(), m.indexNextSoon())
}

// nextDelay is how long after a query its next-character index
// (catalog.NextIndex) starts to be built: after the query's own frame
// has been drawn, so that the build does not take a CPU from it.
const nextDelay = 25 * time.Millisecond

// nextDueMsg says the next-character index for the query of seq may be
// built now.
type nextDueMsg struct{ seq int }

// nextMsg brings the next-character index built for tab's rows, nil when
// the build was stopped.
type nextMsg struct {
	tab catalog.Tab
	x   *catalog.NextIndex
}

// indexNextSoon stops any next-character index being built for an
// earlier query and schedules the building of the current one's, if it
// has one.
func (m *Model) indexNextSoon() tea.Cmd {
	if m.nextStop != nil {
		m.nextStop()
		m.nextStop = nil
	}
	m.nextSeq++
	return m.after(nextDelay, nextDueMsg{seq: m.nextSeq})
}

// indexNext builds, off the event loop, the index that answers the next
// keystroke after a query of one short term (catalog.NextIndex): the
// keystroke the user is most likely to type next, a letter or digit
// more, which would otherwise rescan every match of this one. The next
// change of the query stops it. The index only stands in for matching:
// taking it in changes nothing on screen.
func (m *Model) indexNext(msg nextDueMsg) tea.Cmd {
	if msg.seq != m.nextSeq {
		return nil
	}
	work := m.cur().rows.NextWork()
	if work == nil {
		return nil
	}
	ctx, stop := context.WithCancel(m.ctx)
	m.nextStop = stop
	tab := m.active
	return func() tea.Msg { return nextMsg{tab: tab, x: work(ctx)} }
}

// setText is the one way the query's text changes: typed, pasted,
// deleted or cleared in the prompt, all end here.
func (m *Model) setText(s string) tea.Cmd {
	q := m.query
	q.Text = s
	return m.setQuery(q, true)
}

// clearFilter drops the query's text and keeps the cursor on the image
// the filter found, now among all the rows.
func (m *Model) clearFilter() tea.Cmd {
	m.filter.SetValue("")
	m.cur().userMoved()
	q := m.query
	q.Text = ""
	return m.setQuery(q, false)
}

func (m *Model) setToast(s string) tea.Cmd {
	m.toastSeq++
	m.toast, m.toastWarn = s, false
	seq := m.toastSeq
	return m.anim(tea.Tick(4*time.Second, func(time.Time) tea.Msg { return toastExpiredMsg{seq: seq} }))
}

// setWarning is setToast for news that is not good: shown in the
// warning style.
func (m *Model) setWarning(s string) tea.Cmd {
	cmd := m.setToast(s)
	m.toastWarn = true
	return cmd
}

// updateList handles the image list's keys and the wheel over it.
func (m *Model) updateList(msg tea.Msg) tea.Cmd {
	k := m.keys.List
	ts := m.cur()
	kp, isKey := msg.(tea.KeyPressMsg)
	if isKey && key.Matches(kp, k.End) {
		ts.follow()
		return m.prefetch()
	}
	// Any other key, and leaving the list, end "follow the end".
	ts.stopFollowing()
	if ts.list.Update(msg, k.ScrollKeys) {
		ts.userMoved()
		return m.prefetch()
	}
	if pm, ok := msg.(tea.PasteMsg); ok {
		// A paste over the list is a query, as it would be in fzf.
		return tea.Batch(m.openFilter(), m.updateFilter(pm))
	}
	if c, ok := msg.(tea.MouseClickMsg); ok {
		return m.clickList(c)
	}
	if !isKey {
		return nil
	}
	switch {
	case key.Matches(kp, k.Quit):
		return tea.Quit
	case key.Matches(kp, k.NextTab):
		return m.switchTab((m.active + 1) % catalog.NumTabs)
	case key.Matches(kp, k.PrevTab):
		return m.switchTab((m.active + catalog.NumTabs - 1) % catalog.NumTabs)
	case key.Matches(kp, k.Filter):
		return m.openFilter()
	case key.Matches(kp, k.ClearFilter):
		if m.query.Text != "" {
			return m.clearFilter()
		}
	case key.Matches(kp, k.Region):
		m.openPicker()
	case key.Matches(kp, k.Detail):
		if r := ts.cursorRow(); r != nil {
			m.openDetail(r.E)
		}
	case key.Matches(kp, k.Preview):
		return m.togglePreview()
	case key.Matches(kp, k.Sort):
		q := m.query
		q.Sort = q.Sort.Next()
		return tea.Batch(m.setQuery(q, false), m.setToast("Sorted by "+sortPhrase(q)))
	case key.Matches(kp, k.Reverse):
		q := m.query
		q.Reverse = !q.Reverse
		return tea.Batch(m.setQuery(q, false), m.setToast("Sorted by "+sortPhrase(q)))
	case key.Matches(kp, k.Reload):
		ts.feed.Reload()
		ts.retries = nil // their requests' replies are stale now
		ts.dirty = true
		return m.fetch(m.active)
	case key.Matches(kp, k.Retry):
		// A rejected token fails again however often it is retried, and
		// a type the server does not have is an answer, not a failure.
		if err := ts.feed.Err(); err != nil && !api.IsAuth(err) && !ts.feed.Rejected() {
			return m.fetch(m.active)
		}
	case key.Matches(kp, k.Copy):
		if r := ts.cursorRow(); r != nil {
			ref, _ := defaultRef(r.E, m.opts.Print)
			return m.copyRef(r.E, ref)
		}
	case key.Matches(kp, k.CopyMenu):
		if r := ts.cursorRow(); r != nil {
			m.openMenu(r.E)
		}
	default:
		for i, b := range k.Tabs {
			if key.Matches(kp, b) {
				return m.switchTab(catalog.Tab(i))
			}
		}
	}
	return nil
}

// openFilter focuses the prompt, holding the query's text.
func (m *Model) openFilter() tea.Cmd {
	m.open(focusFilter)
	m.filter.SetValue(m.query.Text)
	m.filter.CursorEnd()
	return m.anim(m.filter.Focus())
}

// updateFilter is the prompt: its keys, then everything that edits the
// text (typed runes, a bracketed paste, deletion keys, the prompt's own
// paste), which ends in setText.
func (m *Model) updateFilter(msg tea.Msg) tea.Cmd {
	k := m.keys.Filter
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, k.Accept):
			m.filter.Blur()
			m.back()
			return nil
		case key.Matches(kp, k.Clear):
			m.filter.Blur()
			m.back()
			return m.clearFilter()
		case key.Matches(kp, k.Up):
			return m.moveFromPrompt(-1)
		case key.Matches(kp, k.Down):
			return m.moveFromPrompt(1)
		}
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		// Pasted text is someone else's: no escape sequence, line break
		// or bidi control gets into the prompt.
		msg = tea.PasteMsg{Content: text.Sanitize(p.Content)}
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	return tea.Batch(m.anim(cmd), m.setText(m.filter.Value()))
}

func (m *Model) moveFromPrompt(d int) tea.Cmd {
	ts := m.cur()
	ts.list.Move(d)
	ts.userMoved()
	return m.prefetch()
}

// openDetail shows e's detail view.
func (m *Model) openDetail(e *catalog.Entry) {
	m.setDetail(e)
	m.open(focusDetail)
}

// setDetail puts e, a row of the active tab, in the detail view.
func (m *Model) setDetail(e *catalog.Entry) {
	m.detail = newDetail(m.active, e, m.opts.Print)
	m.detail.SetSize(m.width, m.bodyHeight(), &m.styles, m.paint, m.now())
}

// step shows in the detail view the image by rows on from the one it
// holds, among the rows as they are at this moment, and puts the list's
// cursor on it, so that going back finds the list on the image reached.
// The view then holds that image like any other: a page that arrives
// later changes neither.
func (m *Model) step(by int) tea.Cmd {
	ts := m.tabs[m.detail.tab]
	ts.refresh(m.query)
	i := ts.rows.IndexOf(m.detail.e)
	if i < 0 {
		i = ts.list.Cursor() // a reload dropped it: on from the cursor
	}
	switch j := i + by; {
	case j >= 0 && j < ts.rows.Len():
		ts.list.Select(j)
		ts.userMoved()
		m.setDetail(ts.rows.At(j).E)
		return m.prefetch()
	case by < 0:
		return m.setToast("This is the first image")
	case !ts.feed.Done():
		return tea.Batch(m.setToast("More images are on their way"), m.prefetch())
	}
	return m.setToast("This is the last image")
}

// togglePreview shows the preview beside the list, or hides it, for the
// rest of the session.
func (m *Model) togglePreview() tea.Cmd {
	if _, pane := m.panes(); pane > 0 {
		m.layout = layout.List
	} else {
		if !layout.Splits(layout.Split, m.width) {
			return m.setWarning(fmt.Sprintf("No room for the preview: it needs a terminal %d columns wide", layout.MinSplitWidth))
		}
		m.layout = layout.Split
	}
	m.resize()
	return nil
}

// clickTab switches to the tab clicked in the tab bar, from the list or
// its prompt; over any other view the tab bar does nothing.
func (m *Model) clickTab(x int) tea.Cmd {
	if f := m.focused(); f != focusList && f != focusFilter {
		return nil
	}
	t, ok := m.tabAt(x)
	if !ok {
		return nil
	}
	m.cur().stopFollowing()
	return m.switchTab(t)
}

// clickList selects the row drawn where the list was clicked (c in the
// body's coordinates); a second click on the same image within
// doubleClick opens its detail view. Anywhere else in the list's area
// (the header, the prompt, the preview) a click does nothing.
func (m *Model) clickList(c tea.MouseClickMsg) tea.Cmd {
	ts := m.cur()
	last, now := m.lastClick, m.clock()
	m.lastClick = click{}
	i, ok := m.listRowAt(c.X, c.Y)
	if !ok {
		return nil
	}
	e := ts.rows.At(i).E
	ts.list.Select(i)
	ts.userMoved()
	if last.e == e && last.tab == m.active && !now.Before(last.at) && now.Sub(last.at) <= doubleClick {
		if m.focused() == focusFilter {
			m.filter.Blur()
			m.back()
		}
		m.openDetail(e)
		return nil
	}
	m.lastClick = click{at: now, tab: m.active, e: e}
	return m.prefetch()
}

// openMenu shows the copy menu (in pick mode, "choose as…") for e.
func (m *Model) openMenu(e *catalog.Entry) {
	m.menu = newCopyMenu(m.active, e, m.opts.Pick)
	m.menu.SetSize(m.width, m.bodyHeight())
	m.open(focusMenu)
}

// openPicker shows the region picker over the active tab.
func (m *Model) openPicker() {
	m.picker = newRegionPicker(m.cur(), m.query)
	m.picker.SetSize(m.width, m.bodyHeight())
	m.open(focusPicker)
}

// openHelp shows the full help of view f.
func (m *Model) openHelp(f focus) {
	title, groups := m.fullHelp(f)
	m.full = newHelpView(title, groups)
	m.full.SetSize(m.width, m.bodyHeight(), &m.styles)
	m.open(focusHelp)
}
