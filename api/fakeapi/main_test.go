package fakeapi

import (
	"testing"

	"go.uber.org/goleak"
)

// Start runs real listeners and connection goroutines; goleak checks that
// Close (and the tests' clients) leave none behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
