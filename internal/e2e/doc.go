// Package e2e holds no code, only tests of the gcimg binary as a user
// meets it: TestMain builds the command, and the tests run it in a
// private tmux server (browsing, copying, pick in a shell, sizes, signals,
// colours, config files) and load its completion scripts into real bash
// and fish. The in-process tests of the command line are in internal/cli.
package e2e
