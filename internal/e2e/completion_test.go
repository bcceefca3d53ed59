package e2e

// Shell completion in real shells: the scripts `gcimg completion
// bash|fish` print, loaded into bash and fish, which then complete --type
// and --region through the built binary. What the binary answers is
// tested in-process in internal/cli.
//
// A shell that is not installed skips its test, except under CI=true,
// where CI installs bash-completion and fish and a missing one is a
// failure.

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
)

// types are --type's values.
var types = []string{"all", "base-os", "cloud-image", "preconfigured", "snapshot"}

// requireShell finds a shell, skipping the test when it is missing
// (failing under CI=true).
func requireShell(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed, and CI=true: CI must install it for this test", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return path
}

// shellEnv is a clean environment with the binary on PATH as `gcimg` and
// a HOME of the test's own, so no user config or shell startup file is
// read.
func shellEnv(t *testing.T, bin string) []string {
	t.Helper()
	home := t.TempDir()
	return []string{
		"PATH=" + filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"LANG=C.UTF-8",
	}
}

// flagCompletionCases are the command lines both shells complete, with
// the cursor at the end.
var flagCompletionCases = []struct {
	name string
	line string
	want []string
}{
	{"--type", "gcimg --type ", types},
	{"--region", "gcimg --region ", api.KnownRegions},
	{"list --type, a prefix", "gcimg list --type sn", []string{"snapshot"}},
	{"pick --region, a prefix", "gcimg pick --region NORD", []string{"NORD-NO-KRS-1"}},
}

// bashCompletionLib is the bash-completion package's library, which
// cobra's bash script needs (_get_comp_words_by_ref); an interactive bash
// loads it at start on most Linux systems.
const bashCompletionLib = "/usr/share/bash-completion/bash_completion"

// TestCompletionBash loads `gcimg completion bash` into bash, checks that
// it registers a completion for gcimg, and calls it as bash does on tab:
// COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT set, COMPREPLY read.
func TestCompletionBash(t *testing.T) {
	t.Parallel()
	bash := requireShell(t, "bash")
	bin := gcimgBin
	env := shellEnv(t, bin)
	const load = `source <(gcimg completion bash) || exit 1
`

	t.Run("loads", func(t *testing.T) {
		t.Parallel()
		out, err := runShell(bash, env, load+`complete -p gcimg`)
		if err != nil || !strings.Contains(out, "-F __start_gcimg gcimg") {
			t.Fatalf("after loading the script, complete -p gcimg says %q (%v)", out, err)
		}
	})

	if _, err := os.Stat(bashCompletionLib); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing, and CI=true: CI must install bash-completion for this test", bashCompletionLib)
		}
		t.Skipf("the bash-completion package is not installed (%s), and cobra's bash script needs it", bashCompletionLib)
	}
	for _, tt := range flagCompletionCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			script := `source ` + shellQuote(bashCompletionLib) + `
` + load + `COMP_LINE=` + shellQuote(tt.line) + `
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
__start_gcimg
printf '%s\n' "${COMPREPLY[@]}"
`
			out, err := runShell(bash, env, script)
			if err != nil {
				t.Fatalf("bash: %v\n%s", err, out)
			}
			if got := nonEmptyLines(out); !slices.Equal(sorted(got), sorted(tt.want)) {
				t.Errorf("bash completes %q to %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

// TestCompletionFish loads `gcimg completion fish` into fish and asks it
// what a tab would complete (complete -C).
func TestCompletionFish(t *testing.T) {
	t.Parallel()
	fish := requireShell(t, "fish")
	bin := gcimgBin
	env := shellEnv(t, bin)
	for _, tt := range flagCompletionCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := runShell(fish, env, `gcimg completion fish | source; or exit 1
complete -C `+shellQuote(tt.line))
			if err != nil {
				t.Fatalf("fish: %v\n%s", err, out)
			}
			var got []string
			for _, l := range nonEmptyLines(out) {
				v, _, _ := strings.Cut(l, "\t") // fish prints value<TAB>description
				got = append(got, v)
			}
			if !slices.Equal(sorted(got), sorted(tt.want)) {
				t.Errorf("fish completes %q to %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

// runShell runs script with `shell -c` in env (no startup files for bash:
// -c is not interactive) and returns stdout; stderr is added to the
// error.
func runShell(shell string, env []string, script string) (string, error) {
	cmd := exec.Command(shell, "-c", script)
	cmd.Env = env
	cmd.Stdin = strings.NewReader("")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out) + stderr.String(), err
	}
	return string(out), nil
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}
