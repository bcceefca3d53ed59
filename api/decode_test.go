package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestImageDecodeIsLenientAboutTimestamps(t *testing.T) {
	cases := []struct {
		name, created string
		want          time.Time
	}{
		{"rfc3339 with millis", `"2024-03-19T16:08:40.235Z"`, time.Date(2024, 3, 19, 16, 8, 40, 235e6, time.UTC)},
		{"rfc3339", `"2024-03-19T16:08:40Z"`, time.Date(2024, 3, 19, 16, 8, 40, 0, time.UTC)},
		{"null", `null`, time.Time{}},
		{"empty", `""`, time.Time{}},
		{"garbage", `"last tuesday"`, time.Time{}},
		{"number", `1710864520`, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var im Image
			body := `{"id":"x","name":"n","created_at":` + c.created + `,"updated_at":null,"extra":{"a":1}}`
			if err := json.Unmarshal([]byte(body), &im); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !im.CreatedAt.Equal(c.want) || im.ID != "x" || im.Name != "n" {
				t.Fatalf("got %+v, want created %v", im, c.want)
			}
		})
	}
}

func TestImageDecodeStillRejectsWrongTypes(t *testing.T) {
	var im Image
	if err := json.Unmarshal([]byte(`{"id":42}`), &im); err == nil {
		t.Fatal("a numeric id decoded without error")
	}
}

// FuzzDecodeList feeds arbitrary bodies to the list decoder: it must
// never panic, and whatever it accepts must re-encode and decode again.
func FuzzDecodeList(f *testing.F) {
	seeds := []string{
		`{"images":[],"total_count":0,"page":1,"per_page":50}`,
		`{"images":[{"id":"df3718d1-c738-49e4-9d44-6b39579a2c6a","type":"cloud-image","family":"Ubuntu ML","slug":"ubuntu-ml-nvidia-pytorch","name":"Ubuntu ML PyTorch for NVIDIA®","os_type":"linux","regions":["EUC-DE-MUC-1"],"versions":["20240308"],"created_at":"2024-03-19T16:08:40.235Z","updated_at":"2024-07-05T13:29:29.357Z"}],"total_count":2,"page":1,"per_page":50}`,
		`{"images":[{"id":"a","family":null,"slug":null,"versions":null,"regions":null,"created_at":null}],"total_count":-1}`,
		`{"images":null}`,
		`{"images":[{"id":"a","name":"\u001b]52;c;aGk=\u0007"}]`,
		`<html><body>502 Bad Gateway</body></html>`,
		``,
		`{"images":[{"id":"a","created_at":"2024-13-45T99:99:99Z"}]}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		lr, err := (&Client{}).decodeList(&attemptResult{body: body, contentType: "application/json"})
		if err != nil {
			if msg := err.Error(); !utf8.ValidString(msg) || strings.ContainsRune(msg, 0x1b) {
				t.Fatalf("error message is not clean: %q", msg)
			}
			return
		}
		if lr.Images == nil {
			t.Fatal("accepted body decoded to nil images")
		}
		again, err := json.Marshal(lr)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		var back ListResponse
		if err := json.Unmarshal(again, &back); err != nil {
			t.Fatalf("decode of re-encoded page: %v", err)
		}
		if len(back.Images) != len(lr.Images) {
			t.Fatalf("re-decoded %d images, want %d", len(back.Images), len(lr.Images))
		}
		for i := range lr.Images {
			if im, b := &lr.Images[i], &back.Images[i]; im.ID != b.ID || !samePtr(im.Status, b.Status) || !samePtr(im.SizeGiB, b.SizeGiB) {
				t.Fatalf("image %d changed in a round trip:\n%+v\n%+v", i, *im, *b)
			}
		}
	})
}
