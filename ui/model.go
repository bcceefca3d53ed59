package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
)

// focus is the view that receives key presses.
type focus int

const (
	focusList focus = iota
	focusFilter
	focusPicker
	focusDetail
	focusMenu
)

// tabState is one tab's feed and the user's place in it. The cursor is
// remembered per tab.
type tabState struct {
	tab        catalog.Tab
	feed       *catalog.Feed
	rows       *catalog.Results // the feed after filter and sort
	dirty      bool             // rows must be recomputed
	cursor     int              // index into rows
	offset     int              // first visible row
	selID      string           // image under the cursor, to keep it across recomputes
	follow     bool             // the user went to the end: stay there as pages arrive
	failedPage int              // the page whose failure Feed.Err reports
}

// pageMsg carries one page (or its failure) back to the tab that asked.
type pageMsg struct {
	tab  catalog.Tab
	page int
	gen  uint64
	resp *api.ListResponse
	err  error
}

// toastMsg expires a transient status message.
type toastExpiredMsg struct{ seq int }

// Model is the root (and only) tea.Model.
type Model struct {
	ctx    context.Context
	client Lister
	opts   Options
	now    func() time.Time

	keys   keymap.KeyMap
	styles theme.Styles
	dark   bool

	width, height int

	tabs   [catalog.NumTabs]*tabState
	active catalog.Tab
	query  catalog.Query

	focus  focus
	filter textinput.Model
	picker picker
	detail detail
	menu   menu

	copying map[string]string // value being copied -> its label, for the toast
	picked  string            // pick mode: the value chosen
	chosen  bool              // pick mode: enter was pressed on an image

	// animate schedules timers (spinner, cursor blink, toast expiry). Tests
	// turn it off so that every command they run returns at once.
	animate bool

	help     help.Model
	spinner  spinner.Model
	toast    string
	toastSeq int

	lines    lineCache // rendered list rows (rendercache.go)
	helpMemo helpCache // rendered help (rendercache.go)
}

// New builds the root model. ctx bounds every request it makes.
func New(ctx context.Context, o Options) *Model {
	m := &Model{
		ctx:     ctx,
		client:  o.Client,
		opts:    o,
		now:     o.Now,
		keys:    keymap.Default(),
		dark:    true,
		animate: true,
		active:  o.Tab,
		query:   catalog.Query{Region: o.Region},
	}
	if m.now == nil {
		m.now = time.Now
	}
	if o.Keys != nil {
		m.keys = *o.Keys
	}
	m.copying = map[string]string{}
	if m.opts.Clipboard == "" {
		m.opts.Clipboard = clip.Auto
	}
	if m.opts.Print == "" {
		m.opts.Print = refs.ID
	}
	m.query.Text = o.Query
	in := catalog.NewInterner()
	per := 0
	if o.Client != nil {
		per = o.Client.PerPage()
	}
	for t := range catalog.NumTabs {
		tab := catalog.Tab(t)
		m.tabs[t] = &tabState{tab: tab, feed: catalog.NewFeed(tab.Type(), per, in), rows: catalog.NewResults(), dirty: true}
	}
	m.filter = textinput.New()
	m.filter.Prompt = "/ "
	m.filter.Placeholder = "fuzzy filter: name, slug, family or ID"
	m.help = help.New()
	m.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot))
	m.applyTheme()
	return m
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
	m.styles = theme.New(dark, m.opts.Theme != theme.None)
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

// Update routes messages: data replies land in their own tab; keys go to
// the focused view.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.filter.SetWidth(max(msg.Width-4, 1))
		m.clampAll()
		return m, m.prefetch()
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.applyTheme()
		return m, nil
	case pageMsg:
		return m, m.onPage(msg)
	case spinner.TickMsg:
		if !m.anyInFlight() {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case clip.CopiedMsg:
		return m, m.onCopied(msg)
	case toastExpiredMsg:
		if msg.seq == m.toastSeq {
			m.toast = ""
		}
		return m, nil
	case tea.MouseWheelMsg:
		return m, m.onWheel(msg)
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Global.ForceQuit) {
			return m, tea.Quit
		}
		if m.opts.Pick {
			if cmd, done := m.updatePick(msg); done {
				return m, cmd
			}
		}
		switch m.focus {
		case focusMenu:
			return m, m.updateMenu(msg)
		case focusFilter:
			return m, m.updateFilter(msg)
		case focusPicker:
			return m, m.updatePicker(msg)
		case focusDetail:
			return m, m.updateDetail(msg)
		default:
			return m, m.updateList(msg)
		}
	}
	if m.focus == focusFilter {
		var cmd tea.Cmd
		m.filter, cmd = m.filter.Update(msg)
		return m, m.anim(cmd)
	}
	return m, nil
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
	ctx, client := m.ctx, m.client
	var cmds []tea.Cmd
	for {
		req, ok := ts.feed.Begin()
		if !ok {
			break
		}
		cmds = append(cmds, func() tea.Msg {
			resp, err := client.ListImages(ctx, req.Opts)
			return pageMsg{tab: t, page: req.Opts.Page, gen: req.Gen, resp: resp, err: err}
		})
		// While a filter completes the tab in the background the feed
		// hands out several pages at once; otherwise one at a time.
		if t != m.active || !m.query.Active() {
			break
		}
	}
	if len(cmds) == 0 {
		return nil
	}
	return tea.Batch(append(cmds, m.anim(m.spinner.Tick))...)
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
	_, stale := ts.feed.Complete(msg.gen, msg.resp, msg.err)
	if stale {
		return nil
	}
	ts.dirty = true
	if msg.tab == m.active {
		m.refresh()
	}
	if ts.feed.Err() != nil {
		// Pages fetched ahead fail in page order: the failure shown may
		// be another reply's.
		ts.failedPage = ts.feed.FailedPage()
		return nil
	}
	return m.prefetch()
}

// prefetch asks for the active tab's next page when the cursor is within
// a screen of the end, or while a filter needs the rest of the feed.
func (m *Model) prefetch() tea.Cmd {
	ts := m.cur()
	if !ts.feed.Started() {
		return m.fetch(m.active)
	}
	if ts.feed.ShouldPrefetch(ts.cursor, ts.rows.Len(), m.listHeight(), m.query.Active()) {
		return m.fetch(m.active)
	}
	return nil
}

// refresh recomputes the active tab's rows if needed and keeps the cursor
// on the same image where it still exists.
func (m *Model) refresh() {
	ts := m.cur()
	if !ts.dirty {
		// The rows are current, but the list's height may not be: it
		// changes with the focus (each view has its own help) and the
		// filter prompt, and not every such change clamps.
		m.clamp(ts)
		return
	}
	// The image under the cursor, found again in O(log n) by its entry.
	var sel *catalog.Entry
	if ts.selID != "" && ts.cursor < ts.rows.Len() {
		sel = ts.rows.At(ts.cursor).E
	}
	ts.rows.Update(ts.feed.Entries(), m.query)
	ts.dirty = false
	if ts.follow {
		ts.cursor = ts.rows.Len() - 1
	} else if sel != nil {
		i := ts.rows.IndexOf(sel)
		if sel.Image.ID != ts.selID {
			i = ts.rows.IndexOfID(ts.selID)
		}
		if i >= 0 {
			ts.cursor = i
		}
	}
	m.clamp(ts)
}

func (m *Model) markAllDirty() {
	for _, t := range m.tabs {
		t.dirty = true
	}
}

func (m *Model) clampAll() {
	for _, t := range m.tabs {
		m.clamp(t)
	}
}

// clamp keeps the cursor inside the rows and on screen, and remembers the
// image under it.
func (m *Model) clamp(ts *tabState) {
	n := ts.rows.Len()
	if ts.cursor >= n {
		ts.cursor = n - 1
	}
	if ts.cursor < 0 {
		ts.cursor = 0
	}
	h := max(m.listHeight(), 1)
	if ts.cursor < ts.offset {
		ts.offset = ts.cursor
	}
	if ts.cursor >= ts.offset+h {
		ts.offset = ts.cursor - h + 1
	}
	// At the last row, also show the marker rows below it (loading, end,
	// or the error with its retry key) — as many as fit: on a short
	// screen the selected row stays in view, and the status line still
	// says what failed.
	mh := 1
	if ts == m.cur() {
		mh = max(m.markerCount(), 1)
	}
	if n > 0 && ts.cursor == n-1 && n+mh-ts.offset > h {
		ts.offset = min(n+mh-h, ts.cursor)
	}
	if ts.offset > max(n+mh-h, 0) {
		ts.offset = max(n+mh-h, 0)
	}
	if ts.offset < 0 {
		ts.offset = 0
	}
	if n > 0 {
		ts.selID = ts.rows.At(ts.cursor).E.Image.ID
	} else {
		ts.selID = ""
	}
}

func (m *Model) move(delta int) tea.Cmd {
	ts := m.cur()
	ts.follow = false
	ts.cursor += delta
	m.clamp(ts)
	return m.prefetch()
}

func (m *Model) switchTab(t catalog.Tab) tea.Cmd {
	if t == m.active {
		return nil
	}
	m.active = t
	m.refresh()
	return m.prefetch()
}

// setQuery changes the filter or sort, recomputing the visible tab now and
// the others when they are next shown.
func (m *Model) setQuery(q catalog.Query) tea.Cmd {
	if q == m.query {
		return nil
	}
	m.query = q
	for _, t := range m.tabs {
		t.follow = false // a new query is a new list: "the end" no longer applies
	}
	m.markAllDirty()
	m.refresh()
	return m.prefetch()
}

func (m *Model) setToast(s string) tea.Cmd {
	m.toastSeq++
	m.toast = s
	seq := m.toastSeq
	return m.anim(tea.Tick(4*time.Second, func(time.Time) tea.Msg { return toastExpiredMsg{seq: seq} }))
}

func (m *Model) updateList(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys.List
	ts := m.cur()
	h := max(m.listHeight(), 1)
	switch {
	case key.Matches(msg, m.keys.Global.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.clampAll()
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Up):
		return m.move(-1)
	case key.Matches(msg, k.Down):
		return m.move(1)
	case key.Matches(msg, k.PageUp):
		return m.move(-h)
	case key.Matches(msg, k.PageDown):
		return m.move(h)
	case key.Matches(msg, k.Home):
		return m.move(-ts.rows.Len())
	case key.Matches(msg, k.End):
		cmd := m.move(ts.rows.Len())
		ts.follow = true
		return cmd
	case key.Matches(msg, k.NextTab):
		return m.switchTab((m.active + 1) % catalog.NumTabs)
	case key.Matches(msg, k.PrevTab):
		return m.switchTab((m.active + catalog.NumTabs - 1) % catalog.NumTabs)
	case key.Matches(msg, k.Filter):
		m.focus = focusFilter
		m.filter.SetValue(m.query.Text)
		m.filter.CursorEnd()
		m.clampAll()
		return m.anim(m.filter.Focus())
	case key.Matches(msg, k.ClearFilter):
		if m.query.Text != "" {
			q := m.query
			q.Text = ""
			return m.setQuery(q)
		}
	case key.Matches(msg, k.Region):
		m.openPicker()
	case key.Matches(msg, k.Detail):
		if ts.rows.Len() > 0 {
			m.focus = focusDetail
			m.detail = detail{}
		}
	case key.Matches(msg, k.Sort):
		q := m.query
		q.Sort = q.Sort.Next()
		return tea.Batch(m.setQuery(q), m.setToast("Sorted by "+q.Sort.String()))
	case key.Matches(msg, k.Reload):
		ts.feed.Reload()
		ts.dirty = true
		return m.fetch(m.active)
	case key.Matches(msg, k.Retry):
		if ts.feed.Err() != nil {
			return m.fetch(m.active)
		}
	case key.Matches(msg, k.Copy):
		return m.copyDefault()
	case key.Matches(msg, k.CopyMenu):
		m.openMenu()
	default:
		for i, b := range k.Tabs {
			if key.Matches(msg, b) {
				return m.switchTab(catalog.Tab(i))
			}
		}
	}
	return nil
}

// updateFilter types into the prompt and re-filters on every change.
func (m *Model) updateFilter(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys.Filter
	switch {
	case key.Matches(msg, k.Accept):
		m.focus = focusList
		m.filter.Blur()
		m.clampAll()
		return nil
	case key.Matches(msg, k.Clear):
		m.focus = focusList
		m.filter.Blur()
		m.filter.SetValue("")
		q := m.query
		q.Text = ""
		m.clampAll()
		return m.setQuery(q)
	case key.Matches(msg, k.Up):
		return m.move(-1)
	case key.Matches(msg, k.Down):
		return m.move(1)
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	cmd = m.anim(cmd)
	q := m.query
	q.Text = m.filter.Value()
	if q.Text != m.query.Text {
		// A new query starts at the best match.
		m.cur().selID = ""
		m.cur().cursor = 0
	}
	return tea.Batch(cmd, m.setQuery(q))
}

func (m *Model) onWheel(msg tea.MouseWheelMsg) tea.Cmd {
	delta := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		delta = -3
	case tea.MouseWheelDown:
		delta = 3
	default:
		return nil
	}
	switch m.focus {
	case focusDetail:
		m.detail.scroll(delta, len(m.detailLines()), m.bodyHeight())
		return nil
	case focusPicker:
		m.picker.move(delta / 3)
		return nil
	case focusMenu:
		m.menu.move(delta / 3)
		return nil
	default:
		return m.move(delta)
	}
}
