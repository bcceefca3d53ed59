package api

import (
	"context"
	"fmt"
	"time"
)

// Retry describes a retry as it is scheduled: which page is retried, which
// attempt comes next, how long the wait before it is, and why. A caller
// that wants to show retries while they happen puts a hook in the
// request's context with WithRetryHook.
type Retry struct {
	// The page being retried. Endpoint is "" for /images, as in
	// ListOptions.
	Endpoint Endpoint
	Type     ImageType // "" for /snapshots and for all types
	Page     int
	// Attempt is the attempt that follows the wait (2 for the first
	// retry); MaxAttempts is the most this request will make if the
	// failure persists (failures such as a refused connection get fewer
	// retries than the client's MaxRetries).
	Attempt     int
	MaxAttempts int
	// Wait is the pause before the attempt: Retry-After when the server
	// sent one (capped), otherwise a jittered backoff.
	Wait time.Duration
	// Status is the HTTP status that failed, 0 for a network failure or a
	// bad 2xx body.
	Status int
	// Reason says why in a few words: "500 Internal Server Error",
	// "truncated body", "connection reset by the server".
	Reason string
	// Err is the failure, as the call would return it were this the last
	// attempt.
	Err error
}

// String is the notice as one line, e.g.
// "retrying page 3 of snapshot images (2/5) in 2s: 500 Internal Server Error".
func (r Retry) String() string {
	src := Source{Endpoint: r.Endpoint, Type: r.Type}
	return fmt.Sprintf("retrying page %d of %s (%d/%d) in %s: %s", r.Page, src, r.Attempt, r.MaxAttempts, roundWait(r.Wait), r.Reason)
}

// roundWait keeps a wait readable: whole tenths of a second from one
// second up, whole milliseconds below.
func roundWait(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

type retryHookKey struct{}

// WithRetryHook returns a context whose list calls report each retry to
// hook before waiting for it. The hook runs on the goroutine of the call
// that retries, and it delays the retry while it runs, so it should hand
// the notice on (to a channel, a program's Send) and return. Calls that
// share the context (ListAll fetches pages in parallel) call it
// concurrently, so it must be safe for that. A hook added to a context
// that already has one runs after it.
func WithRetryHook(ctx context.Context, hook func(Retry)) context.Context {
	if hook == nil {
		return ctx
	}
	if prev := retryHook(ctx); prev != nil {
		next := hook
		hook = func(r Retry) {
			prev(r)
			next(r)
		}
	}
	return context.WithValue(ctx, retryHookKey{}, hook)
}

func retryHook(ctx context.Context) func(Retry) {
	h, _ := ctx.Value(retryHookKey{}).(func(Retry))
	return h
}
