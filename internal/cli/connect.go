package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// connect builds the API client: the demo server, or the real endpoint
// with the user's token. Flags beat the environment, which beats defaults.
func connect(g *globals, e env) (*api.Client, func(), error) {
	cfg := api.Config{Version: version(), Timeout: g.timeout}
	var closers []func()
	cleanup := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	if path := cmp.Or(g.debugLog, e.getenv("GCIMG_DEBUG_LOG")); path != "" {
		debug, closeLog, err := openDebugLog(path)
		if err != nil {
			return nil, nil, usageError{err}
		}
		cfg.Debug = debug
		closers = append(closers, closeLog)
	}
	if g.demo {
		srv, err := fakeapi.Start(fakeapi.Options{Latency: demoLatency, Getenv: e.getenv})
		if err != nil {
			cleanup()
			return nil, nil, fmt.Errorf("start the demo API: %w", err)
		}
		cfg.Endpoint, cfg.Token = srv.URL, fakeapi.DemoToken
		if cfg.Debug != nil {
			cfg.Debug("demo API at %s, in the %s shape (%s)", srv.URL, srv.Server.Generation(), fakeapi.EnvGeneration)
		}
		closers = append(closers, func() { _ = srv.Close() })
	} else {
		cfg.Endpoint = api.ResolveEndpoint(g.endpoint, e.getenv)
		switch {
		case strings.TrimSpace(g.endpoint) != "":
			g.endpointFrom = cmp.Or(g.endpointFrom, "--endpoint")
		case cfg.Endpoint != api.DefaultEndpoint:
			g.endpointFrom = api.EnvEndpoint
		}
		tok, err := token(g.tokenFile, e.getenv)
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		cfg.Token = tok
		g.tokenFrom = api.EnvToken
		if g.tokenFile != "" {
			g.tokenFrom = "--token-file " + g.tokenFile
		}
	}
	c, err := api.New(cfg)
	if err != nil {
		cleanup()
		return nil, nil, usageError{err}
	}
	return c, cleanup, nil
}

// openDebugLog opens the --debug-log file for appending (mode 600: it
// holds URLs and timings a user may not want to share by accident) and
// returns a line writer for api.Config.Debug, which never passes the token.
func openDebugLog(path string) (func(string, ...any), func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open --debug-log: %w", err)
	}
	var mu sync.Mutex
	write := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(f, "%s %s\n", time.Now().UTC().Format(time.RFC3339Nano), fmt.Sprintf(format, args...))
	}
	write("gcimg %s (%s/%s) started", version(), runtime.GOOS, runtime.GOARCH)
	return write, func() { _ = f.Close() }, nil
}

// token reads --token-file, else GENESISCLOUD_TOKEN. The token is never a
// plain flag: it would leak into shell history and ps.
func token(file string, getenv func(string) string) (string, error) {
	if file != "" {
		info, err := os.Stat(file)
		if err != nil {
			return "", usageError{fmt.Errorf("read --token-file: %w", err)}
		}
		if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
			return "", usageError{fmt.Errorf("--token-file %s is readable by others (mode %04o): run chmod 600 %s", file, info.Mode().Perm(), file)}
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return "", usageError{fmt.Errorf("read --token-file: %w", err)}
		}
		tok := strings.TrimSpace(string(b))
		if tok == "" {
			return "", usageError{fmt.Errorf("--token-file %s is empty", file)}
		}
		return tok, nil
	}
	if tok := strings.TrimSpace(getenv(api.EnvToken)); tok != "" {
		return tok, nil
	}
	return "", usageError{errors.New("no API token: set " + api.EnvToken + " (create one in the Genesis Cloud console under Keys and Tokens), use --token-file, or try --demo")}
}

// termWidth is the width of w when it is a terminal, else 0 (unlimited).
func termWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}
