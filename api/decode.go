package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// UnmarshalJSON decodes an image leniently where the API has been seen to
// be loose: a timestamp that is null, empty or not RFC 3339 becomes the
// zero time (shown as "-") instead of failing the whole page, since one
// odd date must not hide a hundred images. The snapshot details (status,
// size_gib), which only gcimg's own JSON carries, are as lenient as
// Snapshot's. Every other field decodes as usual, and unknown fields are
// ignored.
func (im *Image) UnmarshalJSON(b []byte) error {
	type plain Image // no methods: avoids recursion
	var raw struct {
		plain
		CreatedAt json.RawMessage `json:"created_at"`
		UpdatedAt json.RawMessage `json:"updated_at"`
		Status    json.RawMessage `json:"status"`
		SizeGiB   json.RawMessage `json:"size_gib"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*im = Image(raw.plain)
	im.CreatedAt = parseTime(raw.CreatedAt)
	im.UpdatedAt = parseTime(raw.UpdatedAt)
	im.Status = nil
	if s, ok := parseString(raw.Status); ok {
		im.Status = ptrTo(SnapshotStatus(s))
	}
	im.SizeGiB = parseSize(raw.SizeGiB)
	return nil
}

// UnmarshalJSON decodes a snapshot with the leniency Snapshot documents.
func (s *Snapshot) UnmarshalJSON(b []byte) error {
	type plain Snapshot // no methods: avoids recursion
	var raw struct {
		plain
		Size      json.RawMessage `json:"size"`
		Status    json.RawMessage `json:"status"`
		CreatedAt json.RawMessage `json:"created_at"`
		UpdatedAt json.RawMessage `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*s = Snapshot(raw.plain)
	s.Size = parseSize(raw.Size)
	status, _ := parseString(raw.Status)
	s.Status = SnapshotStatus(status)
	s.CreatedAt = parseTime(raw.CreatedAt)
	s.UpdatedAt = parseTime(raw.UpdatedAt)
	return nil
}

// parseTime accepts a JSON string in RFC 3339 (with or without fractional
// seconds); anything else is the zero time.
func parseTime(raw json.RawMessage) time.Time {
	s, ok := parseString(raw)
	if !ok || s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// parseString accepts a JSON string; ok is false for anything else.
func parseString(raw json.RawMessage) (string, bool) {
	var s string
	if len(raw) == 0 || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// parseSize accepts a non-negative whole number, written as a JSON number
// (50, 50.0, 5e1) or as a string holding one; anything else is nil.
func parseSize(raw json.RawMessage) *int64 {
	var n json.Number
	if len(raw) == 0 || json.Unmarshal(raw, &n) != nil {
		return nil
	}
	if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
		if i < 0 {
			return nil
		}
		return &i
	}
	f, err := strconv.ParseFloat(n.String(), 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f >= math.MaxInt64 {
		return nil
	}
	return ptrTo(int64(f))
}

// bodyError is a 2xx body that could not be used. reason is the short
// phrase a retry notice shows ("truncated body"); the message says more.
type bodyError struct {
	reason string
	msg    string
}

func (e *bodyError) Error() string { return e.msg }

// decodeList decodes a 2xx body of /images. The returned Images is never
// nil.
func (c *Client) decodeList(res *attemptResult) (*ListResponse, error) {
	var lr ListResponse
	if err := c.decodeBody(res, &lr); err != nil {
		return nil, err
	}
	if lr.Images == nil {
		lr.Images = []Image{}
	}
	return &lr, nil
}

// decodeSnapshots decodes a 2xx body of /snapshots. The returned
// Snapshots is never nil.
func (c *Client) decodeSnapshots(res *attemptResult) (*SnapshotList, error) {
	var sl SnapshotList
	if err := c.decodeBody(res, &sl); err != nil {
		return nil, err
	}
	if sl.Snapshots == nil {
		sl.Snapshots = []Snapshot{}
	}
	return &sl, nil
}

// decodeBody decodes a 2xx body into v. Nulls and unknown fields are
// tolerated (encoding/json ignores unknown fields; null slices and
// pointers stay nil), but the body must be one JSON object: an HTML page
// from a proxy or captive portal must not read as an empty catalog.
// Failures are *bodyError.
func (c *Client) decodeBody(res *attemptResult, v any) error {
	trimmed := strings.TrimSpace(string(res.body))
	if trimmed == "" {
		return &bodyError{reason: "empty body", msg: "empty response body"}
	}
	if trimmed[0] != '{' {
		ct := res.contentType
		if ct == "" {
			ct = "none"
		}
		return &bodyError{reason: "body not JSON", msg: fmt.Sprintf("the response is not JSON (Content-Type %s): %q", ct, c.excerpt(res.body))}
	}
	err := json.Unmarshal(res.body, v)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se) && int(se.Offset) >= len(res.body):
		return &bodyError{reason: "truncated body", msg: fmt.Sprintf("truncated JSON (%d bytes): %v", len(res.body), err)}
	case errors.As(err, &se):
		return &bodyError{reason: "malformed body", msg: fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, err)}
	}
	return &bodyError{reason: "unexpected body", msg: fmt.Sprintf("unexpected JSON: %v", err)}
}
