package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestBodyExcerptNeverQuotesTheToken: a body that is not JSON is quoted
// in the error, both on a 200 (DecodeError) and on an error status
// (APIError), and a proxy or portal may echo the request's headers into
// it. The token must not survive, wherever the excerpt's cut falls.
func TestBodyExcerptNeverQuotesTheToken(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   string
	}{
		{http.StatusOK, "not JSON"},
		{http.StatusBadRequest, "body:"},
	} {
		for _, lead := range []int{0, excerptLen - 30, excerptLen - 10, excerptLen - 2, excerptLen + 5} {
			t.Run(fmt.Sprint(tc.status, "/", lead), func(t *testing.T) {
				c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(tc.status)
					fmt.Fprintf(w, "<html><body>%s %s</body></html>", strings.Repeat("x", lead), r.Header.Get("Authorization"))
				}), Config{})
				_, err := c.ListImages(context.Background(), ListOptions{})
				if err == nil {
					t.Fatal("an HTML page decoded as a listing")
				}
				if strings.Contains(err.Error(), testToken[:6]) {
					t.Errorf("error quotes (part of) the token: %q", err)
				}
				if !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %q does not contain %q", err, tc.want)
				}
			})
		}
	}
}
