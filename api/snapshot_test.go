package api

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSnapshotDecode(t *testing.T) {
	day := time.Date(2025, 6, 17, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		body string
		want Snapshot
	}{
		{
			name: "every documented field",
			body: `{"id":"s1","name":"prod-db","os_type":"linux","region":"NORD-NO-KRS-1","size":80,
				"source_instance_id":"i1","source_snapshot_id":"s0","status":"created",
				"created_at":"2025-06-17T09:30:00Z","updated_at":"2025-06-17T09:30:00.000Z"}`,
			want: Snapshot{ID: "s1", Name: "prod-db", OSType: OSLinux, Region: "NORD-NO-KRS-1", Size: ptrTo[int64](80),
				SourceInstanceID: ptrTo("i1"), SourceSnapshotID: ptrTo("s0"), Status: SnapshotCreated, CreatedAt: day, UpdatedAt: day},
		},
		{
			name: "nulls and unknown fields",
			body: `{"id":"s2","name":null,"region":null,"size":null,"source_instance_id":null,"source_snapshot_id":null,
				"status":null,"created_at":null,"updated_at":null,"new_field":{"x":[1]}}`,
			want: Snapshot{ID: "s2"},
		},
		{
			name: "odd sizes: whole floats and numeric strings are kept",
			body: `{"id":"s3","size":"120","status":"creating","created_at":"yesterday"}`,
			want: Snapshot{ID: "s3", Size: ptrTo[int64](120), Status: SnapshotCreating},
		},
		{
			name: "odd sizes: fractions, negatives and words are dropped",
			body: `{"id":"s4","size":12.5,"status":"pending_delete"}`,
			want: Snapshot{ID: "s4", Status: SnapshotPendingDelete},
		},
		{name: "negative size", body: `{"id":"s5","size":-1}`, want: Snapshot{ID: "s5"}},
		{name: "size in words", body: `{"id":"s6","size":"big"}`, want: Snapshot{ID: "s6"}},
		{name: "size as exponent", body: `{"id":"s7","size":5e1}`, want: Snapshot{ID: "s7", Size: ptrTo[int64](50)}},
		{name: "size too large", body: `{"id":"s8","size":1e300}`, want: Snapshot{ID: "s8"}},
		{name: "status that is not a string", body: `{"id":"s9","status":3}`, want: Snapshot{ID: "s9"}},
		{name: "unknown status is kept", body: `{"id":"s10","status":"restoring"}`, want: Snapshot{ID: "s10", Status: "restoring"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Snapshot
			if err := json.Unmarshal([]byte(tt.body), &got); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestSnapshotDecodeStillRejectsWrongTypes(t *testing.T) {
	for _, body := range []string{`{"id":42}`, `{"id":"a","region":["X"]}`, `{"id":"a","name":{}}`} {
		var s Snapshot
		if err := json.Unmarshal([]byte(body), &s); err == nil {
			t.Errorf("%s decoded without error", body)
		}
	}
}

func TestSnapshotImage(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	s := Snapshot{ID: "s1", Name: "n", OSType: OSWindows, Region: "EUC-DE-MUC-1", Size: ptrTo[int64](40),
		SourceInstanceID: ptrTo("i1"), Status: SnapshotError, CreatedAt: at, UpdatedAt: at.Add(time.Hour)}
	im := s.Image()
	want := Image{ID: "s1", Name: "n", Type: TypeSnapshot, OSType: OSWindows, Regions: []string{"EUC-DE-MUC-1"},
		CreatedAt: at, UpdatedAt: at.Add(time.Hour), Status: ptrTo(SnapshotError), SizeGiB: ptrTo[int64](40), SourceInstanceID: ptrTo("i1")}
	if !reflect.DeepEqual(im, want) {
		t.Fatalf("got  %+v\nwant %+v", im, want)
	}
	if im.Ready() || !im.HasRegion("EUC-DE-MUC-1") || im.HasRegion("NORD-NO-KRS-1") {
		t.Errorf("Ready %v, regions %v", im.Ready(), im.Regions)
	}
	// The image shares nothing with the snapshot.
	*im.SizeGiB, *im.SourceInstanceID = 1, "x"
	if *s.Size != 40 || *s.SourceInstanceID != "i1" {
		t.Error("Image shares pointers with the snapshot")
	}

	bare := (&Snapshot{ID: "s2"}).Image()
	if bare.Regions == nil || len(bare.Regions) != 0 || bare.Status == nil || *bare.Status != "" || bare.Ready() {
		t.Errorf("a snapshot with no region or status: %+v, want empty regions and a not-ready empty status", bare)
	}
}

func TestReady(t *testing.T) {
	tests := []struct {
		status *SnapshotStatus
		want   bool
		show   string
	}{
		{nil, true, "-"},
		{ptrTo(SnapshotCreated), true, "created"},
		{ptrTo(SnapshotCreating), false, "creating"},
		{ptrTo(SnapshotDeleting), false, "deleting"},
		{ptrTo(SnapshotError), false, "error"},
		{ptrTo(SnapshotPendingDelete), false, "pending_delete"},
		{ptrTo(SnapshotStatus("restoring")), false, "restoring"},
		{ptrTo(SnapshotStatus("")), false, ""},
		{ptrTo(SnapshotStatus("Created")), false, "Created"},
	}
	for _, tt := range tests {
		im := Image{ID: "x", Status: tt.status}
		if got := im.Ready(); got != tt.want {
			t.Errorf("Ready() with status %q = %v, want %v", im.StatusOr("<nil>"), got, tt.want)
		}
		if got := im.StatusOr("-"); got != tt.show {
			t.Errorf("StatusOr = %q, want %q", got, tt.show)
		}
	}
	for _, s := range KnownSnapshotStatuses {
		if s.Ready() != (s == SnapshotCreated) {
			t.Errorf("%s.Ready() = %v", s, s.Ready())
		}
	}
}

// The snapshot details are optional JSON fields: an image without them
// encodes exactly as before, so scripts reading `gcimg list -o json` see
// the same field names, and with them they appear under stable names.
func TestImageJSONFieldsAreStable(t *testing.T) {
	plain := Image{ID: "a", Name: "n", Type: TypeCloudImage, OSType: OSLinux, Regions: []string{"R"}}
	b, err := json.Marshal(plain)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"id":"a","name":"n","type":"cloud-image","family":null,"slug":null,"os_type":"linux","versions":null,"regions":["R"],"created_at":"0001-01-01T00:00:00Z","updated_at":"0001-01-01T00:00:00Z"}`
	if string(b) != want {
		t.Errorf("plain image encodes as\n%s\nwant\n%s", b, want)
	}
	snap := (&Snapshot{ID: "s", Region: "R", Size: ptrTo[int64](20), SourceInstanceID: ptrTo("i"), SourceSnapshotID: ptrTo("p"), Status: SnapshotCreating}).Image()
	b, err = json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"status":"creating"`, `"size_gib":20`, `"source_instance_id":"i"`, `"source_snapshot_id":"p"`, `"regions":["R"]`} {
		if !strings.Contains(string(b), field) {
			t.Errorf("snapshot JSON %s lacks %s", b, field)
		}
	}
	// gcimg's own JSON reads back as the same image.
	var back Image
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, snap) {
		t.Errorf("round trip: %+v (%v)\nwant %+v", back, err, snap)
	}
}

func TestMerge(t *testing.T) {
	at := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	fromImages := Image{ID: "s1", Name: "train run", Type: TypeSnapshot, Family: ptrTo("Ubuntu"), OSType: OSLinux,
		Versions: []string{}, Regions: []string{"NORD-NO-KRS-1"}, CreatedAt: at, UpdatedAt: at}
	fromSnapshots := (&Snapshot{ID: "s1", Name: "train run (renamed)", OSType: OSLinux, Region: "EUC-DE-MUC-1",
		Size: ptrTo[int64](80), SourceInstanceID: ptrTo("i1"), Status: SnapshotCreating, CreatedAt: at.Add(time.Hour)}).Image()
	enriched := fromImages
	enriched.Status, enriched.SizeGiB, enriched.SourceInstanceID = ptrTo(SnapshotCreating), ptrTo[int64](80), ptrTo("i1")

	sparse := Image{ID: "s1", Type: TypeSnapshot}
	filled := fromSnapshots
	filled.Type = TypeSnapshot

	tests := []struct {
		name        string
		a, b        Image
		want        Image
		wantChanged bool
	}{
		{"snapshot details enrich the images entry", fromImages, fromSnapshots, enriched, true},
		{"the order of arrival does not matter", fromSnapshots, fromImages, enriched, true},
		{"the images entry's blanks are filled", sparse, fromSnapshots, filled, true},
		{"merging what is already there changes nothing", enriched, fromSnapshots, enriched, false},
		{"an images entry adds nothing to an enriched one with the same facts", enriched, fromImages, enriched, false},
		{"two entries without details: the first wins, the second fills gaps", fromImages, Image{ID: "s1", Slug: ptrTo("x"), Name: "other"},
			func() Image { m := fromImages; m.Slug = ptrTo("x"); return m }(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := cloneImage(tt.a), cloneImage(tt.b)
			got, changed := Merge(tt.a, tt.b)
			if !sameImage(&got, &tt.want) {
				t.Errorf("merged\n %+v\nwant\n %+v", got, tt.want)
			}
			if changed != tt.wantChanged {
				t.Errorf("changed = %v, want %v", changed, tt.wantChanged)
			}
			if !reflect.DeepEqual(a, tt.a) || !reflect.DeepEqual(b, tt.b) {
				t.Error("Merge modified its arguments")
			}
		})
	}
}

func cloneImage(im Image) Image {
	b, _ := json.Marshal(im)
	var out Image
	_ = json.Unmarshal(b, &out)
	return out
}

// FuzzDecodeSnapshots feeds arbitrary bodies to the snapshots decoder. It
// must never panic; what it accepts must have a non-nil list, re-encode
// and decode to the same snapshots, and convert to images that keep the
// ID, are typed snapshot, carry a status, and have exactly the
// snapshot's region (or none); what it rejects must say why in valid
// UTF-8 with no terminal escape left in it.
func FuzzDecodeSnapshots(f *testing.F) {
	seeds := []string{
		`{"snapshots":[],"total_count":0,"page":1,"per_page":50}`,
		`{"snapshots":[{"id":"7b2a","name":"prod-db","os_type":"linux","region":"NORD-NO-KRS-1","size":80,"source_instance_id":"i","source_snapshot_id":null,"status":"created","created_at":"2024-03-19T16:08:40.235Z","updated_at":"2024-03-19T16:09:40Z"}],"total_count":1,"page":1,"per_page":50}`,
		`{"snapshots":[{"id":"a","size":"12","status":7,"region":null,"created_at":1}]}`,
		`{"snapshots":null}`,
		`{"snapshots":[{"id":"a","name":"\u001b[2J\u001b]52;c;aGk=\u0007"}]`,
		`<html><body>` + "\x1b[2J" + `502 Bad Gateway</body></html>`,
		``,
		`{"snapshots":[{"id":"a","size":1e999}]}`,
		`{"code":"00003","message":"invalid type"}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		sl, err := (&Client{}).decodeSnapshots(&attemptResult{body: body, contentType: "application/json"})
		if err != nil {
			if msg := err.Error(); !utf8.ValidString(msg) || strings.ContainsRune(msg, 0x1b) {
				t.Fatalf("error message is not clean: %q", msg)
			}
			return
		}
		if sl.Snapshots == nil {
			t.Fatal("accepted body decoded to nil snapshots")
		}
		again, err := json.Marshal(sl)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		var back SnapshotList
		if err := json.Unmarshal(again, &back); err != nil {
			t.Fatalf("decode of re-encoded page: %v", err)
		}
		if len(back.Snapshots) != len(sl.Snapshots) {
			t.Fatalf("re-decoded %d snapshots, want %d", len(back.Snapshots), len(sl.Snapshots))
		}
		for i := range sl.Snapshots {
			s, b := &sl.Snapshots[i], &back.Snapshots[i]
			if s.ID != b.ID || s.Status != b.Status || !samePtr(s.Size, b.Size) || s.Region != b.Region || !s.CreatedAt.Equal(b.CreatedAt) {
				t.Fatalf("snapshot %d changed in a round trip:\n%+v\n%+v", i, *s, *b)
			}
			if s.Size != nil && *s.Size < 0 {
				t.Fatalf("negative size %d accepted", *s.Size)
			}
			im := s.Image()
			if im.ID != s.ID || im.Type != TypeSnapshot || im.Status == nil || *im.Status != s.Status || im.Ready() != s.Status.Ready() {
				t.Fatalf("image of %+v is %+v", *s, im)
			}
			wantRegions := []string{}
			if s.Region != "" {
				wantRegions = []string{s.Region}
			}
			if !slices.Equal(im.Regions, wantRegions) || im.Regions == nil {
				t.Fatalf("regions of %q are %#v", s.Region, im.Regions)
			}
		}
	})
}
