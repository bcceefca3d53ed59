package api_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// BenchmarkListAll is `gcimg list` of a whole generated catalog against
// the fake API with 20 ms added to every request, pages of 100: what a
// user waits for, network round trips included. "sequential" is the same
// walk one page at a time within each listing, for comparison. The
// listing is the merged one of both endpoints, in the seed's shape, where
// /snapshots lists the catalog's snapshots (four in five images) again:
// about 1.8 requests per 100 images. The two listings are fetched at the
// same time in both modes.
func BenchmarkListAll(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		srv := fakeapi.New(fakeapi.Options{Images: fakeapi.Generate(n, 1), Latency: 20 * time.Millisecond})
		hs := httptest.NewServer(srv)
		c, err := api.New(api.Config{Endpoint: hs.URL + "/compute/v1", Token: fakeapi.DemoToken, PerPage: 100})
		if err != nil {
			b.Fatal(err)
		}
		for _, mode := range []struct {
			name  string
			ahead int
		}{{"ahead", api.MaxPagesAhead}, {"sequential", 1}} {
			b.Run(fmt.Sprintf("%s/%dk", mode.name, n/1000), func(b *testing.B) {
				got := 0
				for b.Loop() {
					srv.ResetRequests()
					ims, err := api.ListAllAhead(c, context.Background(), "", mode.ahead)
					if err != nil {
						b.Fatal(err)
					}
					got = len(ims)
				}
				if got != n {
					b.Fatalf("listed %d images, want %d", got, n)
				}
				b.ReportMetric(float64(srv.RequestCount()), "requests")
			})
		}
		hs.Close()
	}
}
