package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// Backoff between retries when the server does not say how long to wait.
// Short enough that a blip costs a second or two, long enough not to
// hammer a struggling service; jitter keeps parallel feeds from retrying
// in lockstep.
const (
	backoffInitial = 250 * time.Millisecond
	backoffMax     = 5 * time.Second
)

// failure classes. Each has its own retry budget on top of MaxRetries:
// a refused connection means nothing is listening, and a timed-out
// attempt already cost Config.Timeout, so retrying those many times only
// delays the error the person needs to see.
type failure int

const (
	failFatal   failure = iota // never retried
	failStatus                 // 429, 500, 502, 503, 504
	failReset                  // connection reset or closed mid-response
	failRefused                // connection refused
	failTimeout                // attempt deadline hit
	failBody                   // a 2xx whose body could not be decoded
)

func (f failure) budget(maxRetries int) int {
	switch f {
	case failStatus, failReset, failBody:
		return maxRetries
	case failRefused:
		return min(maxRetries, 2)
	case failTimeout:
		return min(maxRetries, 1)
	}
	return 0
}

// retryableStatus lists the statuses worth repeating a GET for. 500 is
// included: it is often a transient backend hiccup, and the request is an
// idempotent read. Other 4xx mean the request itself is wrong (or the
// token is), and repeating it cannot help.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// withRetries runs attempts against reqURL (the page opts names) until
// one succeeds, a failure is not retryable, or the budget is spent. onOK
// handles a 2xx exchange; a *DecodeError from it is retried like a 5xx
// (a proxy or a cut connection can garble one reply), any other error is
// returned as is.
func (c *Client) withRetries(ctx context.Context, opts ListOptions, reqURL string, onOK func(*attemptResult) error) error {
	bo := &backoff.ExponentialBackOff{
		InitialInterval:     backoffInitial,
		RandomizationFactor: 0.5,
		Multiplier:          2,
		MaxInterval:         backoffMax,
	}
	bo.Reset()
	hook := retryHook(ctx)
	used := map[failure]int{}
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return stopped(err)
		}
		c.debugf("GET %s (attempt %d of %d)", reqURL, attempt, c.maxRetries+1)
		start := time.Now()
		res, err := c.attempt(ctx, reqURL)
		took := time.Since(start).Round(time.Millisecond)

		var (
			cls     failure
			lastErr error
			wait    time.Duration
			waitSet bool
		)
		switch {
		case err != nil:
			if ctx.Err() != nil {
				// The caller gave up; that is not a network fault.
				return stopped(ctx.Err())
			}
			var (
				re *redirectError
				tl *tooLargeError
			)
			if errors.As(err, &re) || errors.As(err, &tl) {
				c.debugf("GET %s failed after %s (attempt %d): %v", reqURL, took, attempt, err)
				return err
			}
			cls = classifyNetErr(err)
			if errors.Is(err, context.DeadlineExceeded) {
				// Our per-attempt deadline (the caller's ctx is still live):
				// name the limit rather than "context deadline exceeded".
				err = &timeoutError{after: c.timeout, err: err}
			}
			ne := &NetworkError{URL: c.endpoint, Err: err, attempts: attempt}
			c.debugf("GET %s failed after %s (attempt %d): %s", reqURL, took, attempt, describeNetErr(err))
			lastErr = ne
		case res.status >= 200 && res.status <= 299:
			c.debugf("GET %s -> %s in %s (attempt %d, %d bytes)", reqURL, statusText(res.status), took, attempt, len(res.body))
			err := onOK(res)
			var de *DecodeError
			if !errors.As(err, &de) {
				return err
			}
			c.debugf("GET %s: %s (attempt %d)", reqURL, shortReason(de), attempt)
			de.attempts = attempt
			cls, lastErr = failBody, de
		default:
			c.debugf("GET %s -> %s in %s (attempt %d)", reqURL, statusText(res.status), took, attempt)
			ae := c.newAPIError(reqURL, res)
			if attempt > 1 {
				ae.attempts = attempt
			}
			lastErr = ae
			if retryableStatus(res.status) {
				cls = failStatus
				wait, waitSet = retryAfter(res.header.Get("Retry-After"), c.now())
			}
		}

		budget := cls.budget(c.maxRetries)
		if used[cls] >= budget || attempt > c.maxRetries {
			return lastErr
		}
		used[cls]++
		if waitSet {
			wait = min(wait, c.maxRetryWait)
		} else {
			wait = min(bo.NextBackOff(), backoffMax)
		}
		if dl, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(dl) {
			// Sleeping past the caller's deadline would only end in
			// DeadlineExceeded later; report the real failure now.
			c.debugf("not retrying: waiting %s would pass the deadline", wait)
			return lastErr
		}
		c.debugf("retrying in %s (attempt %d of %d failed: %s)", wait, attempt, c.maxRetries+1, shortReason(lastErr))
		if hook != nil {
			r := Retry{
				Endpoint:    opts.Endpoint,
				Type:        opts.Type,
				Page:        opts.Page,
				Attempt:     attempt + 1,
				MaxAttempts: min(attempt+1+budget-used[cls], c.maxRetries+1),
				Wait:        wait,
				Reason:      shortReason(lastErr),
				Err:         lastErr,
			}
			var ae *APIError
			if errors.As(lastErr, &ae) {
				r.Status = ae.Status
			}
			hook(r)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return stopped(err)
		}
	}
}

// stopped wraps a context error so that errors.Is(err, context.Canceled)
// still holds while the message says what was interrupted.
func stopped(err error) error {
	return fmt.Errorf("interrupted: %w", err)
}

// shortReason is the few words a retry notice gives for a failure:
// "503 Service Unavailable", "truncated body", "connection reset by the
// server".
func shortReason(err error) string {
	var (
		ae *APIError
		be *bodyError
	)
	if errors.As(err, &ae) {
		return statusText(ae.Status)
	}
	if errors.As(err, &be) {
		return be.reason
	}
	var ne *NetworkError
	if errors.As(err, &ne) {
		return describeNetErr(ne.Err)
	}
	return err.Error()
}

// classifyNetErr decides whether a transport error is worth another try.
// DNS failures, TLS certificate problems and the like are not: they will
// fail the same way until someone fixes a setting.
func classifyNetErr(err error) failure {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return failRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return failReset
	case errors.Is(err, context.DeadlineExceeded):
		return failTimeout
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return failTimeout
	}
	return failFatal
}

// retryAfter parses a Retry-After value: delay-seconds or an HTTP date
// (RFC 9110 §10.2.3). A date in the past means "now". ok is false for an
// absent or unparseable value, in which case the caller falls back to
// backoff rather than guessing.
func retryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second) // avoid overflow; capped later anyway
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// sleepCtx is the default Config.Sleep: a real timer that gives up as
// soon as ctx is done, so cancelling never waits out a Retry-After.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
