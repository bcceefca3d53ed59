// Package host is what the bench tools (bench/latency, bench/soak) need
// of the machine they run on and the checkout they run from: the load
// average, which their reports record because the machine may be shared,
// the commit, and gcimg built from the checkout.
package host

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Load is the 1, 5 and 15 minute load averages, "?" where unknown.
func Load() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// Commit is the checkout's short commit, "?" outside git.
func Commit() string {
	b, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(b))
}

// BuildGcimg builds the module's main package (the one go.mod is beside)
// into dst, with the compiler's errors on stderr.
func BuildGcimg(dst string) error {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return err
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	cmd := exec.Command("go", "build", "-o", dst, ".")
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build gcimg in %s: %w", root, err)
	}
	return nil
}
