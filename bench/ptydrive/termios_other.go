//go:build !linux

package ptydrive

import "errors"

// Cooked reports whether the terminal is in the line mode a shell
// expects; it is only implemented on Linux.
func (t *Term) Cooked() (bool, error) {
	return false, errors.ErrUnsupported
}
