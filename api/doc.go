// Package api is a client for the Genesis Cloud compute images API: the
// images endpoint (GET /compute/v1/images) and the snapshots endpoint
// (GET /compute/v1/snapshots). It knows nothing about terminals: callers
// get typed values and typed errors and decide how to show them.
package api
