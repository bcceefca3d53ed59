package e2e

// gcimg list as a script runs it: the built binary with stdout and
// stderr as pipes, against the demo API in both of its shapes and
// against a fake API on loopback that fails and then recovers.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// scriptEnv is a clean environment for the binary: no config file, no
// token or endpoint from the developer's shell, plus extra (KEY=value).
func scriptEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	home := t.TempDir()
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + home}, extra...)
}

// runList runs the binary to its end and returns its exit code and
// output.
func runList(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(gcimgBin, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// TestListDemoGenerations runs `gcimg --demo list` as the README says to
// try both shapes of the API: every snapshot of both endpoints once,
// each with its status in JSON, and today's rejection of base-os.
func TestListDemoGenerations(t *testing.T) {
	t.Parallel()
	var want []string // every snapshot the demo has, at either endpoint
	for _, s := range fakeapi.DemoSnapshots() {
		want = append(want, s.ID)
	}
	for _, im := range fakeapi.DemoCatalog() {
		if im.Type == api.TypeSnapshot && !slices.Contains(want, im.ID) {
			want = append(want, im.ID)
		}
	}
	for _, gen := range []string{"seed", "today"} {
		t.Run(gen, func(t *testing.T) {
			t.Parallel()
			env := scriptEnv(t, fakeapi.EnvGeneration+"="+gen)
			code, out, errs := runList(t, env, "--demo", "list", "--type", "snapshot", "-o", "ids")
			got := strings.Fields(out)
			if code != exitOK || errs != "" || !slices.Equal(sorted(got), sorted(want)) {
				t.Errorf("list --type snapshot -o ids: exit %d, %d IDs (want the %d snapshots, each once)\nstderr: %s", code, len(got), len(want), safe(errs))
			}

			code, out, errs = runList(t, env, "--demo", "list", "-o", "json")
			var all []api.Image
			if err := json.Unmarshal([]byte(out), &all); code != exitOK || errs != "" || err != nil {
				t.Fatalf("list -o json: exit %d, %v\nstderr: %s", code, err, safe(errs))
			}
			statuses := 0
			for _, im := range all {
				if im.Type == api.TypeSnapshot && im.Status != nil && *im.Status != "" {
					statuses++
				}
			}
			if statuses != len(want) {
				t.Errorf("list -o json: %d snapshots with a status, want all %d", statuses, len(want))
			}

			code, out, errs = runList(t, env, "--demo", "list", "--type", "base-os", "-o", "ids")
			switch gen {
			case "seed":
				if code != exitOK || out == "" {
					t.Errorf("list --type base-os on the seed's API: exit %d, stdout %q, stderr %s", code, shorten(out, 200), safe(errs))
				}
			case "today":
				wantErr := "gcimg: this API offers no base-os images: it rejects type=base-os (400 Bad Request, code 00003: invalid type)\n"
				if code != 1 || out != "" || errs != wantErr {
					t.Errorf("list --type base-os on today's API: exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errs, wantErr)
				}
			}
		})
	}
}

// TestListRetriesShowWhileTheyHappen reads the binary's stderr while it
// runs: the notice of a retry must be there while the server still
// fails, that is before the listing can end. The server then recovers
// and the listing completes, with stdout untouched by the notices.
func TestListRetriesShowWhileTheyHappen(t *testing.T) {
	t.Parallel()
	images := fakeapi.Generate(250, 3) // three pages of /images
	srv := fakeapi.New(fakeapi.Options{Images: images, Token: testToken, Generation: fakeapi.Today})
	srv.SetFaults(fakeapi.Faults{FailPages: map[int]int{2: 503}, RetryAfter: "2"})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)

	cmd := exec.Command(gcimgBin, "list", "-o", "ids", "--endpoint", hs.URL+"/compute/v1")
	cmd.Env = scriptEnv(t, api.EnvToken+"="+testToken)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()

	var notices []string
	select {
	case l, ok := <-lines:
		if !ok {
			t.Fatal("gcimg ended without a retry notice")
		}
		notices = append(notices, l)
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("no retry notice on stderr while the server fails")
	}
	// The server has not recovered yet, so the listing cannot have
	// ended: the notice came while the retry was pending.
	srv.SetFaults(fakeapi.Faults{})
	for l := range lines {
		notices = append(notices, l)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("gcimg list: %v; stderr:\n%s", err, safe(strings.Join(notices, "\n")))
	}
	// Page 2 of /images and of /snapshots both failed.
	for _, l := range notices {
		if !strings.HasPrefix(l, "gcimg: retrying page 2 of ") || !strings.Contains(l, ": 503 Service Unavailable") {
			t.Errorf("stderr line %q, want only retry notices of page 2", l)
		}
	}
	want := []string{}
	for _, im := range images {
		if im.Type == api.TypeCloudImage || im.Type == api.TypeSnapshot {
			want = append(want, im.ID)
		}
	}
	if got := strings.Fields(stdout.String()); !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("stdout has %d IDs, want the %d of today's listing, each once", len(got), len(want))
	}
}
