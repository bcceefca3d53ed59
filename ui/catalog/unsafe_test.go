package catalog

import "unsafe"

func unsafeData(s string) *byte { return unsafe.StringData(s) }

// addr is the address of s's first byte.
func addr(s string) uintptr { return uintptr(unsafe.Pointer(unsafe.StringData(s))) }
