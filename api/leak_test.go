package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestDecodeErrorNeverQuotesTheToken: a 200 that is not JSON is quoted in
// the error, and a proxy or portal may echo the request's headers into
// it. The token must not survive, wherever the excerpt's cut falls.
func TestDecodeErrorNeverQuotesTheToken(t *testing.T) {
	for _, lead := range []int{0, excerptLen - 30, excerptLen - 10, excerptLen - 2, excerptLen + 5} {
		t.Run(fmt.Sprint(lead), func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprintf(w, "<html><body>%s %s</body></html>", strings.Repeat("x", lead), r.Header.Get("Authorization"))
			}), Config{})
			_, err := c.ListImages(context.Background(), ListOptions{})
			if err == nil {
				t.Fatal("an HTML page decoded as a listing")
			}
			if strings.Contains(err.Error(), testToken[:6]) {
				t.Errorf("error quotes (part of) the token: %q", err)
			}
			if !strings.Contains(err.Error(), "not JSON") {
				t.Errorf("error %q does not say the body is not JSON", err)
			}
		})
	}
}
