package fakeapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
)

// listSnapshots sends an authorized GET /snapshots for query and decodes
// a 200 listing.
func listSnapshots(t *testing.T, s *Server, query string) api.SnapshotList {
	t.Helper()
	rec := do(t, s, http.MethodGet, "/compute/v1/snapshots"+query, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /snapshots%s: status %d, body %s", query, rec.Code, rec.Body)
	}
	var resp api.SnapshotList
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("GET /snapshots%s: %v in %s", query, err, rec.Body)
	}
	if resp.Snapshots == nil {
		t.Fatalf("GET /snapshots%s: snapshots is null", query)
	}
	return resp
}

// allSnapshots walks /snapshots to its end.
func allSnapshots(t *testing.T, s *Server) []api.Snapshot {
	t.Helper()
	var out []api.Snapshot
	for page := 1; ; page++ {
		got := listSnapshots(t, s, "?per_page=100&page="+itoa(page))
		out = append(out, got.Snapshots...)
		if len(got.Snapshots) < 100 {
			return out
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestDemoSnapshots(t *testing.T) {
	snaps := DemoSnapshots()
	images := DemoCatalog()
	imageByID := map[string]api.Image{}
	for _, im := range images {
		imageByID[im.ID] = im
	}
	known := map[string]bool{}
	for _, r := range api.KnownRegions {
		known[r] = true
	}
	statuses := map[api.SnapshotStatus]int{}
	seen := map[string]bool{}
	only, sized, fromInstance, clones := 0, 0, 0, 0
	for i, s := range snaps {
		statuses[s.Status]++
		if !uuidShape.MatchString(s.ID) || seen[s.ID] {
			t.Errorf("%q: id %q is not a fresh UUID", s.Name, s.ID)
		}
		seen[s.ID] = true
		if s.Name == "" || s.OSType == "" || !known[s.Region] {
			t.Errorf("%s: missing name or os_type, or region %q unknown", s.ID, s.Region)
		}
		if i > 0 && s.CreatedAt.Before(snaps[i-1].CreatedAt) {
			t.Errorf("%s: not in creation order", s.ID)
		}
		if s.UpdatedAt.Before(s.CreatedAt) {
			t.Errorf("%s: updated before created", s.ID)
		}
		if s.Size != nil {
			sized++
			if *s.Size <= 0 {
				t.Errorf("%s: size %d", s.ID, *s.Size)
			}
		}
		if s.SourceInstanceID != nil {
			fromInstance++
		}
		if s.SourceSnapshotID != nil {
			clones++
			if !seen[*s.SourceSnapshotID] {
				t.Errorf("%s is a copy of %s, which is not an earlier snapshot", s.ID, *s.SourceSnapshotID)
			}
		}
		im, listed := imageByID[s.ID]
		if !listed {
			only++
			continue
		}
		if im.Type != api.TypeSnapshot || im.Name != s.Name || im.OSType != s.OSType || !im.HasRegion(s.Region) || !im.CreatedAt.Equal(s.CreatedAt) {
			t.Errorf("%s disagrees with its image:\n%+v\n%+v", s.ID, s, im)
		}
	}
	for _, st := range api.KnownSnapshotStatuses {
		if statuses[st] == 0 {
			t.Errorf("no snapshot is %s", st)
		}
	}
	for _, im := range images {
		if im.Type == api.TypeSnapshot && !seen[im.ID] {
			t.Errorf("snapshot image %s is not at /snapshots", im.ID)
		}
	}
	t.Logf("%d snapshots: %v; %d only at /snapshots, %d sized, %d from an instance, %d copies", len(snaps), statuses, only, sized, fromInstance, clones)
	if only < 5 || clones == 0 || fromInstance < len(snaps)/2 || sized < len(snaps)-5 {
		t.Errorf("want a few snapshots only at /snapshots, some copies, most from an instance and sized")
	}
	if statuses[api.SnapshotCreated] < len(snaps)*9/10 {
		t.Errorf("only %d of %d created: the demo should look like a healthy account", statuses[api.SnapshotCreated], len(snaps))
	}

	// A fresh copy each time, and the same on every run.
	a := DemoSnapshots()
	*a[0].Size, a[1].Name = 1, "changed"
	if !reflect.DeepEqual(DemoSnapshots(), snaps) {
		t.Error("modifying one copy changed another")
	}
	if got := fingerprint(t, snaps); got != demoSnapshotsFingerprint {
		t.Errorf("DemoSnapshots fingerprint = %s, want %s (update it if the change is intended)", got, demoSnapshotsFingerprint)
	}
}

const demoSnapshotsFingerprint = "e828b3ee0f71ea27"

func TestSnapshotsOf(t *testing.T) {
	images := Generate(200, 3)
	snaps := SnapshotsOf(images)
	var want []string
	for _, im := range images {
		if im.Type == api.TypeSnapshot {
			want = append(want, im.ID)
		}
	}
	var got []string
	for _, s := range snaps {
		got = append(got, s.ID)
		if s.Status != api.SnapshotCreated || s.Size == nil || s.Region == "" {
			t.Errorf("%+v: want created, sized, in a region", s)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SnapshotsOf lists %d snapshots, want the %d snapshot images in order", len(got), len(want))
	}
	if !reflect.DeepEqual(snaps, SnapshotsOf(images)) {
		t.Error("SnapshotsOf is not deterministic")
	}
	if s := SnapshotsOf(nil); s == nil || len(s) != 0 {
		t.Errorf("SnapshotsOf(nil) = %#v, want empty non-nil", s)
	}
}

// TestGenerations serves the same catalog in both shapes.
func TestGenerations(t *testing.T) {
	catalog := Generate(300, 9)
	count := func(t api.ImageType) int {
		n := 0
		for _, im := range catalog {
			if im.Type == t {
				n++
			}
		}
		return n
	}
	tests := []struct {
		gen        Generation
		query      string
		wantStatus int
		wantN      int
		wantType   api.ImageType // every image's type, "" for any
	}{
		{Seed, "", 200, len(catalog), ""},
		{Seed, "?type=base-os", 200, count(api.TypeBaseOS), api.TypeBaseOS},
		{Seed, "?type=snapshot", 200, count(api.TypeSnapshot), api.TypeSnapshot},
		{Seed, "?type=gpu-magic", 200, 0, ""},
		{Today, "", 200, count(api.TypeCloudImage), api.TypeCloudImage},
		{Today, "?type=cloud-image", 200, count(api.TypeCloudImage), api.TypeCloudImage},
		{Today, "?type=base-os", 400, 0, ""},
		{Today, "?type=preconfigured", 400, 0, ""},
		{Today, "?type=snapshot", 400, 0, ""},
		{Today, "?type=gpu-magic", 400, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.gen.String()+tt.query, func(t *testing.T) {
			s := New(Options{Images: catalog, Generation: tt.gen})
			rec := do(t, s, http.MethodGet, "/compute/v1/images?per_page=100"+strings.Replace(tt.query, "?", "&", 1), nil)
			if tt.wantStatus != 200 {
				e := wantError(t, rec, tt.wantStatus)
				if e.Code != "00003" || e.Message != "invalid type" {
					t.Errorf("error %+v, want today's 00003 invalid type", e)
				}
				return
			}
			var resp api.ListResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || rec.Code != 200 {
				t.Fatalf("status %d, %v", rec.Code, err)
			}
			if resp.TotalCount != tt.wantN {
				t.Errorf("total_count %d, want %d", resp.TotalCount, tt.wantN)
			}
			for _, im := range resp.Images {
				if tt.wantType != "" && im.Type != tt.wantType {
					t.Errorf("%s is %s", im.ID, im.Type)
				}
			}
			// Both shapes list every snapshot at /snapshots.
			if got := allSnapshots(t, s); len(got) != count(api.TypeSnapshot) {
				t.Errorf("/snapshots lists %d, want %d", len(got), count(api.TypeSnapshot))
			}
		})
	}
}

func TestGenerationNames(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Generation
		ok   bool
	}{{"", Seed, true}, {"seed", Seed, true}, {" Today ", Today, true}, {"tomorrow", Seed, false}} {
		g, err := ParseGeneration(tt.in)
		if g != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseGeneration(%q) = %v, %v", tt.in, g, err)
		}
		if tt.ok && tt.in != "" && !strings.EqualFold(strings.TrimSpace(tt.in), g.String()) {
			t.Errorf("%v.String() = %q", g, g.String())
		}
	}
	if s := Generation(7).String(); s != "Generation(7)" {
		t.Errorf("String of an unknown generation = %q", s)
	}
}

func TestSnapshotsPaging(t *testing.T) {
	snaps := SnapshotsOf(Generate(120, 4))
	s := New(Options{Snapshots: snaps, Images: []api.Image{}})
	p1 := listSnapshots(t, s, "?per_page=10")
	p3 := listSnapshots(t, s, "?per_page=10&page=3&type=ignored")
	if p1.TotalCount != len(snaps) || p1.Page != 1 || p1.PerPage != 10 || len(p1.Snapshots) != 10 || p1.Snapshots[0].ID != snaps[0].ID {
		t.Errorf("page 1: %+v", p1)
	}
	if p3.Page != 3 || p3.Snapshots[0].ID != snaps[20].ID {
		t.Errorf("page 3 starts with %s, want %s", p3.Snapshots[0].ID, snaps[20].ID)
	}
	if got := listSnapshots(t, s, "?page=99"); len(got.Snapshots) != 0 {
		t.Errorf("a page past the end has %d snapshots", len(got.Snapshots))
	}
	if empty := New(Options{Snapshots: []api.Snapshot{}}); len(allSnapshots(t, empty)) != 0 {
		t.Error("an empty Snapshots option is not an empty listing")
	}
	if demo := New(Options{}); !reflect.DeepEqual(allSnapshots(t, demo), DemoSnapshots()) {
		t.Error("the demo server does not list DemoSnapshots")
	}
	// The server keeps its own copy.
	*snaps[0].Size = 12345
	if got := listSnapshots(t, s, "?per_page=1"); *got.Snapshots[0].Size == 12345 {
		t.Error("the server shares its snapshots with the caller")
	}
	for _, tt := range []struct {
		query string
		code  int
	}{{"?page=0", 400}, {"?per_page=101", 400}} {
		wantError(t, do(t, s, http.MethodGet, "/compute/v1/snapshots"+tt.query, nil), tt.code)
	}
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/snapshots", http.Header{}), 401)
	wantError(t, do(t, s, http.MethodPost, "/compute/v1/snapshots", nil), 405)
}

// TestFaultsOnSnapshots: the faults act on /snapshots as on /images.
func TestFaultsOnSnapshots(t *testing.T) {
	snaps := SnapshotsOf(Generate(60, 5))
	tests := []struct {
		name   string
		faults Faults
		check  func(t *testing.T, s *Server)
	}{
		{"RateLimit", Faults{RateLimit: 1}, func(t *testing.T, s *Server) {
			wantError(t, do(t, s, http.MethodGet, "/compute/v1/snapshots", nil), 429)
			listSnapshots(t, s, "")
		}},
		{"FailOnce", Faults{FailOnce: map[int]int{2: 503}}, func(t *testing.T, s *Server) {
			wantError(t, do(t, s, http.MethodGet, "/compute/v1/snapshots?page=2", nil), 503)
			listSnapshots(t, s, "?page=2")
		}},
		{"FailPages", Faults{FailPages: map[int]int{1: 500}}, func(t *testing.T, s *Server) {
			wantError(t, do(t, s, http.MethodGet, "/compute/v1/snapshots", nil), 500)
			wantError(t, do(t, s, http.MethodGet, "/compute/v1/snapshots", nil), 500)
		}},
		{"IgnorePage", Faults{IgnorePage: true}, func(t *testing.T, s *Server) {
			a, b := listSnapshots(t, s, "?per_page=10"), listSnapshots(t, s, "?per_page=10&page=4")
			if !reflect.DeepEqual(a, b) || b.TotalCount != len(snaps) {
				t.Errorf("page 4 differs from page 1 or total %d", b.TotalCount)
			}
		}},
		{"TotalCountDelta", Faults{TotalCountDelta: 500}, func(t *testing.T, s *Server) {
			if got := listSnapshots(t, s, ""); got.TotalCount != len(snaps)+500 {
				t.Errorf("total %d", got.TotalCount)
			}
		}},
		{"EmptyFrom", Faults{EmptyFrom: 2}, func(t *testing.T, s *Server) {
			if got := listSnapshots(t, s, "?per_page=10&page=2"); len(got.Snapshots) != 0 {
				t.Errorf("page 2 has %d", len(got.Snapshots))
			}
		}},
		{"DuplicateAcrossPages", Faults{DuplicateAcrossPages: true}, func(t *testing.T, s *Server) {
			a, b := listSnapshots(t, s, "?per_page=10"), listSnapshots(t, s, "?per_page=10&page=2")
			if b.Snapshots[0].ID != a.Snapshots[9].ID {
				t.Error("page 2 does not start with page 1's last")
			}
		}},
		{"MalformedJSON", Faults{MalformedJSON: true}, func(t *testing.T, s *Server) {
			rec := do(t, s, http.MethodGet, "/compute/v1/snapshots", nil)
			var v api.SnapshotList
			if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &v) == nil {
				t.Errorf("status %d, body decodes", rec.Code)
			}
		}},
		{"HTMLError", Faults{HTMLError: 502}, func(t *testing.T, s *Server) {
			if rec := do(t, s, http.MethodGet, "/compute/v1/snapshots", nil); rec.Code != 502 || !strings.Contains(rec.Body.String(), "<html>") {
				t.Errorf("status %d", rec.Code)
			}
		}},
		{"FailEndpoints 404 leaves /images alone", Faults{FailEndpoints: map[string]int{"snapshots": 404}}, func(t *testing.T, s *Server) {
			wantError(t, do(t, s, http.MethodGet, "/compute/v1/snapshots", nil), 404)
			list(t, s, "?type=snapshot")
		}},
		{"FailEndpoints on /images leaves /snapshots alone", Faults{FailEndpoints: map[string]int{"images": 400}}, func(t *testing.T, s *Server) {
			wantError(t, do(t, s, http.MethodGet, "/compute/v1/images?type=snapshot", nil), 400)
			listSnapshots(t, s, "")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{Images: []api.Image{}, Snapshots: snaps})
			s.SetFaults(tt.faults)
			tt.check(t, s)
		})
	}
}

// TestTruncateOnce: the first listing of each named page, on either
// endpoint, is a complete HTTP reply whose JSON is cut; then it is whole.
func TestTruncateOnce(t *testing.T) {
	s := New(Options{Images: Generate(40, 2)})
	s.SetFaults(Faults{TruncateOnce: []int{2, 3}})
	get := func(path string) (int, bool) {
		rec := do(t, s, http.MethodGet, path, nil)
		var v map[string]any
		cl := rec.Header().Get("Content-Length")
		if cl != itoa(rec.Body.Len()) {
			t.Errorf("%s: Content-Length %s for %d bytes", path, cl, rec.Body.Len())
		}
		return rec.Code, json.Unmarshal(rec.Body.Bytes(), &v) == nil
	}
	for _, tt := range []struct {
		path   string
		wantOK bool
	}{
		{"/compute/v1/images?per_page=10", true},
		{"/compute/v1/images?per_page=10&page=2", false},
		{"/compute/v1/images?per_page=10&page=2", true},
		{"/compute/v1/snapshots?per_page=10&page=3", false},
		{"/compute/v1/images?per_page=10&page=3", true},
	} {
		if code, ok := get(tt.path); code != 200 || ok != tt.wantOK {
			t.Errorf("%s: status %d, decodes %v, want 200 and %v", tt.path, code, ok, tt.wantOK)
		}
	}
	s.SetFaults(Faults{TruncateOnce: []int{2}})
	if _, ok := get("/compute/v1/snapshots?per_page=10&page=2"); ok {
		t.Error("SetFaults did not re-arm TruncateOnce")
	}
}

func TestHostileErrors(t *testing.T) {
	s := New(Options{Images: Generate(5, 1)})
	s.SetFaults(Faults{HostileErrors: true, FailPages: map[int]int{2: 500}})
	e := wantError(t, do(t, s, http.MethodGet, "/compute/v1/snapshots?page=2", nil), 500)
	if !strings.Contains(e.Message, "\x1b[2J") || !strings.Contains(e.Message, "\x1b]52;") {
		t.Errorf("message %q carries no escape sequence", e.Message)
	}
	s.SetFaults(Faults{HostileErrors: true, HTMLError: 502})
	if rec := do(t, s, http.MethodGet, "/compute/v1/images", nil); !strings.Contains(rec.Body.String(), "\x1b[2J") {
		t.Errorf("HTML page %q carries no escape sequence", rec.Body)
	}
	s.SetFaults(Faults{FailPages: map[int]int{2: 500}})
	if e := wantError(t, do(t, s, http.MethodGet, "/compute/v1/images?page=2", nil), 500); strings.ContainsRune(e.Message, 0x1b) {
		t.Errorf("escape without HostileErrors: %q", e.Message)
	}
}

func TestStartReadsTheGenerationFromTheEnvironmentItIsGiven(t *testing.T) {
	for _, tt := range []struct {
		env, gen   string
		opt        Generation
		wantStatus int // of /images?type=base-os
		wantErr    bool
	}{
		{env: "", wantStatus: 200},
		{env: "today", wantStatus: 400},
		{env: "TODAY", wantStatus: 400},
		{env: "seed", wantStatus: 200},
		{env: "seed", opt: Today, wantStatus: 400},
		{env: "yesterday", wantErr: true},
	} {
		t.Run(tt.env+"/"+tt.opt.String(), func(t *testing.T) {
			getenv := func(k string) string {
				if k == EnvGeneration {
					return tt.env
				}
				return ""
			}
			run, err := Start(Options{Generation: tt.opt, Getenv: getenv})
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), EnvGeneration) {
					t.Fatalf("Start = %v, want an error naming %s", err, EnvGeneration)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer run.Close()
			rec := do(t, run.Server, http.MethodGet, "/compute/v1/images?type=base-os", nil)
			if rec.Code != tt.wantStatus {
				t.Errorf("type=base-os: %d, want %d", rec.Code, tt.wantStatus)
			}
		})
	}
	// Neither New nor Start without Getenv reads the process's.
	t.Setenv(EnvGeneration, "today")
	if rec := do(t, New(Options{}), http.MethodGet, "/compute/v1/images?type=base-os", nil); rec.Code != 200 {
		t.Errorf("New read %s", EnvGeneration)
	}
	run, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	if rec := do(t, run.Server, http.MethodGet, "/compute/v1/images?type=base-os", nil); rec.Code != 200 {
		t.Errorf("Start read the process's %s", EnvGeneration)
	}
}
