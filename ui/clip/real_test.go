package clip

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestTmuxReal copies into a private tmux server, the way gcimg does from
// a pane, and reads the buffer back.
func TestTmuxReal(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	name := fmt.Sprintf("gcimg-test-%d-%d", os.Getpid(), time.Now().UnixNano())
	// tmux returns what tmux printed, exactly: show-buffer adds nothing
	// to a buffer, so a newline at the end is one the copy put there.
	tmux := func(args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "tmux", append([]string{"-L", name}, args...)...)
		// The test may itself run inside tmux; keep that server out of it.
		cmd.Env = withoutTmux(os.Environ())
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := tmux("-f", "/dev/null", "new-session", "-d"); err != nil {
		t.Fatalf("start tmux server: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := tmux("kill-server"); err != nil {
			t.Errorf("kill tmux server: %v: %s", err, out)
		}
	})
	tmuxVar, err := tmux("display", "-p", "#{socket_path},#{pid},0")
	tmuxVar = strings.TrimSuffix(tmuxVar, "\n") // display -p ends its line
	if err != nil {
		t.Fatalf("tmux display: %v: %s", err, tmuxVar)
	}

	env := DefaultEnv()
	env.Getenv = func(k string) string {
		if k == "TMUX" {
			return tmuxVar
		}
		return ""
	}
	const text = "ubuntu-24.04:20240423 ✓ \"quoted\" $x"
	r := Copy(context.Background(), Tmux, text, env)
	if r.Err != nil || len(r.Via) != 1 || r.Via[0] != "tmux" {
		t.Fatalf("Copy = %+v", r)
	}
	got, err := tmux("show-buffer")
	if err != nil {
		t.Fatalf("show-buffer: %v: %s", err, got)
	}
	if got != text {
		t.Errorf("tmux buffer = %q, want %q", got, text)
	}
}

func withoutTmux(environ []string) []string {
	var out []string
	for _, kv := range environ {
		if !strings.HasPrefix(kv, "TMUX=") && !strings.HasPrefix(kv, "TMUX_PANE=") {
			out = append(out, kv)
		}
	}
	return out
}

func TestRunCommand(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	ctx := context.Background()
	t.Run("stdin reaches the tool", func(t *testing.T) {
		out := t.TempDir() + "/out"
		if err := runCommand(ctx, "hello\n", "sh", "-c", `cat > "$1"`, "sh", out); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(out); string(b) != "hello\n" {
			t.Errorf("tool read %q", b)
		}
	})
	t.Run("stderr explains a failure, sanitised", func(t *testing.T) {
		err := runCommand(ctx, "", "sh", "-c", `printf 'unknown flag -w\033[2J\n' >&2; exit 1`)
		if err == nil || err.Error() != "exit status 1: unknown flag -w" {
			t.Errorf("err = %q", err)
		}
	})
	t.Run("a child that keeps stderr open does not hold the copy", func(t *testing.T) {
		// Like xclip and wl-copy, which fork to serve the selection.
		start := time.Now()
		if err := runCommand(ctx, "x", "sh", "-c", `sleep 2 & exit 0`); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %s", d)
		}
	})
	t.Run("a hung tool is killed at the deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := runCommand(ctx, "x", "sleep", "5")
		if err == nil {
			t.Fatal("no error")
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %s", d)
		}
	})
	t.Run("a missing tool wraps exec.ErrNotFound", func(t *testing.T) {
		err := runCommand(ctx, "x", "gcimg-no-such-clipboard-tool")
		if !errorsIsNotFound(err) {
			t.Errorf("err = %v", err)
		}
	})
}

func errorsIsNotFound(err error) bool {
	return err != nil && errors.Is(err, exec.ErrNotFound)
}
