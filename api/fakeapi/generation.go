package fakeapi

import (
	"fmt"
	"strings"
)

// Generation is the shape of the API a Server serves. Two have existed,
// and gcimg serves users of both.
type Generation int

const (
	// Seed is the API of the provider's images page: /images lists the
	// four documented types (base-os, cloud-image, preconfigured,
	// snapshot) and takes any type; /snapshots lists the snapshots too,
	// with details, and some /images lacks.
	Seed Generation = iota
	// Today is the API of the provider's current spec: /images lists
	// cloud-image only and answers any other type with 400
	// {"code":"00003","message":"invalid type"}; snapshots are only at
	// /snapshots. The base-os and preconfigured images of the catalog are
	// not served at all.
	Today
)

// EnvGeneration names the environment variable Start reads when
// Options.Generation is left at Seed: "today" makes `gcimg --demo` (and
// anything else that starts the demo server) serve today's shape, for
// trying that shape by hand. "seed" or unset keeps the seed's.
const EnvGeneration = "GCIMG_DEMO_API"

var generationNames = []string{Seed: "seed", Today: "today"}

// String is the generation's name, as ParseGeneration reads it.
func (g Generation) String() string {
	if g >= 0 && int(g) < len(generationNames) {
		return generationNames[g]
	}
	return fmt.Sprintf("Generation(%d)", int(g))
}

// ParseGeneration reads a generation's name ("seed" or "today", any case);
// "" is Seed.
func ParseGeneration(s string) (Generation, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return Seed, nil
	}
	for g, name := range generationNames {
		if s == name {
			return Generation(g), nil
		}
	}
	return Seed, fmt.Errorf("unknown API generation %q: want %s", s, strings.Join(generationNames, " or "))
}

// generationFromEnv is the generation EnvGeneration asks for, Seed when
// it is unset.
func generationFromEnv(getenv func(string) string) (Generation, error) {
	g, err := ParseGeneration(getenv(EnvGeneration))
	if err != nil {
		return Seed, fmt.Errorf("%s: %w", EnvGeneration, err)
	}
	return g, nil
}
