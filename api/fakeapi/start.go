package fakeapi

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// Running is a Server listening on a loopback port.
type Running struct {
	// URL is the endpoint base including /compute/v1, the same shape as
	// GENESISCLOUD_ENDPOINT: the images list is URL + "/images".
	URL string
	// Server is the handler, for its request log and faults.
	Server *Server

	http      *http.Server
	served    chan error
	closeOnce sync.Once
	closeErr  error

	// handlers counts running handlers so Close can wait for them; mu and
	// closed keep Add from racing with Wait.
	mu       sync.Mutex
	closed   bool
	handlers sync.WaitGroup
}

// Start serves a new Server for opts on 127.0.0.1 with a random port.
// When opts.Generation is Seed, the variable GCIMG_DEMO_API
// (EnvGeneration) of opts.Getenv may ask for another:
// GCIMG_DEMO_API=today serves today's shape, so `GCIMG_DEMO_API=today
// gcimg --demo` tries gcimg against it by hand. An unknown value is an
// error. New never reads the environment.
func Start(opts Options) (*Running, error) {
	if opts.Generation == Seed && opts.Getenv != nil {
		g, err := generationFromEnv(opts.Getenv)
		if err != nil {
			return nil, fmt.Errorf("fakeapi: %w", err)
		}
		opts.Generation = g
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakeapi: listen on loopback: %w", err)
	}
	run := &Running{
		URL:    "http://" + ln.Addr().String() + "/compute/v1",
		Server: New(opts),
		served: make(chan error, 1),
	}
	run.http = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !run.enter() {
				return // closing: the connection is being dropped anyway
			}
			defer run.handlers.Done()
			run.Server.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
		// The demo runs under a full-screen TUI: a stray log line from
		// net/http (e.g. about a hijacked connection) would tear the screen.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go func() { run.served <- run.http.Serve(ln) }()
	return run, nil
}

// Close stops the server at once: it closes the listener and every
// connection (which cancels in-flight requests, Latency included) and
// returns when the serving goroutines are done. It is safe to call twice.
func (r *Running) Close() error {
	r.closeOnce.Do(func() {
		r.mu.Lock()
		r.closed = true
		r.mu.Unlock()
		r.closeErr = r.http.Close()
		if err := <-r.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			r.closeErr = errors.Join(r.closeErr, err)
		}
		r.handlers.Wait()
	})
	return r.closeErr
}

func (r *Running) enter() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return false
	}
	r.handlers.Add(1)
	return true
}
