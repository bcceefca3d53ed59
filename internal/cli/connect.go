package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
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
		debug, closeLog, err := openDebugLog(path, statsEvery)
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

// statsEvery is how often the debug log says how many goroutines the
// process runs and how big its live heap is. A leak shows as a count or
// a heap that keeps growing over a long session (bench/soak reads these
// lines); every few seconds is enough to see that, and costs nothing.
const statsEvery = 5 * time.Second

// openDebugLog opens the --debug-log file for appending (mode 600: it
// holds URLs and timings a user may not want to share by accident) and
// returns a line writer for api.Config.Debug, which never passes the token.
// While the file is open it also gets a runtime line (runtimeStats) when
// it opens, every `every` and when it closes; without a debug log there
// is no such goroutine at all.
func openDebugLog(path string, every time.Duration) (func(string, ...any), func(), error) {
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
	write("%s", runtimeStats())
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				write("%s", runtimeStats())
			}
		}
	}()
	closeLog := func() {
		close(stop)
		<-stopped
		write("%s at exit", runtimeStats())
		_ = f.Close()
	}
	return write, closeLog, nil
}

// runtimeMetrics are the figures of a runtime line, in its order.
var runtimeMetrics = []struct{ name, key string }{
	{"goroutines", "/sched/goroutines:goroutines"},
	// The heap the last garbage collection found live: what the program
	// holds, without the garbage of the moment.
	{"heap_live_bytes", "/gc/heap/live:bytes"},
	// The heap's objects now, garbage not yet collected included.
	{"heap_objects_bytes", "/memory/classes/heap/objects:bytes"},
	{"gc_cycles", "/gc/cycles/total:gc-cycles"},
}

// runtimeStats is one runtime line of the debug log:
//
//	runtime: goroutines=14 heap_live_bytes=5123456 heap_objects_bytes=7012345 gc_cycles=31
func runtimeStats() string {
	samples := make([]metrics.Sample, len(runtimeMetrics))
	for i, m := range runtimeMetrics {
		samples[i].Name = m.key
	}
	metrics.Read(samples)
	var b strings.Builder
	b.WriteString("runtime:")
	for i, s := range samples {
		v := uint64(0)
		if s.Value.Kind() == metrics.KindUint64 {
			v = s.Value.Uint64()
		}
		fmt.Fprintf(&b, " %s=%d", runtimeMetrics[i].name, v)
	}
	return b.String()
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
