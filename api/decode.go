package api

import (
	"encoding/json"
	"time"
)

// UnmarshalJSON decodes an image leniently where the API has been seen to
// be loose: a timestamp that is null, empty or not RFC 3339 becomes the
// zero time (shown as "-") instead of failing the whole page, since one
// odd date must not hide a hundred images. Every other field decodes as
// usual, and unknown fields are ignored.
func (im *Image) UnmarshalJSON(b []byte) error {
	type plain Image // no methods: avoids recursion
	var raw struct {
		plain
		CreatedAt json.RawMessage `json:"created_at"`
		UpdatedAt json.RawMessage `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*im = Image(raw.plain)
	im.CreatedAt = parseTime(raw.CreatedAt)
	im.UpdatedAt = parseTime(raw.UpdatedAt)
	return nil
}

// parseTime accepts a JSON string in RFC 3339 (with or without fractional
// seconds); anything else is the zero time.
func parseTime(raw json.RawMessage) time.Time {
	var s string
	if len(raw) == 0 || json.Unmarshal(raw, &s) != nil || s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}
