package config

import (
	"errors"
	"path/filepath"
	"runtime"
)

// DefaultPath is where gcimg looks for its config file when --config is
// not given: $XDG_CONFIG_HOME/gcimg/config.yaml on every platform when
// that variable holds an absolute path (the XDG spec says to ignore a
// relative one), else the platform's user config directory, as
// os.UserConfigDir finds it:
//
//	Linux, BSD  ~/.config/gcimg/config.yaml
//	macOS       ~/Library/Application Support/gcimg/config.yaml
//	Windows     %AppData%\gcimg\config.yaml
//
// macOS users who keep dotfiles in ~/.config set XDG_CONFIG_HOME, as they
// do for lazygit and k9s. getenv is os.Getenv outside tests.
func DefaultPath(getenv func(string) string) (string, error) {
	return defaultPath(runtime.GOOS, getenv)
}

func defaultPath(goos string, getenv func(string) string) (string, error) {
	dir, err := userConfigDir(goos, getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "gcimg", "config.yaml"), nil
}

// userConfigDir is os.UserConfigDir with XDG_CONFIG_HOME honoured on every
// platform, reading the environment through getenv so tests can set it.
func userConfigDir(goos string, getenv func(string) string) (string, error) {
	if dir := getenv("XDG_CONFIG_HOME"); dir != "" && filepath.IsAbs(dir) {
		return dir, nil
	}
	switch goos {
	case "windows":
		if dir := getenv("AppData"); dir != "" {
			return dir, nil
		}
		return "", errors.New("find the config file: %AppData% is not set; use --config")
	case "darwin", "ios":
		if home := getenv("HOME"); home != "" {
			return filepath.Join(home, "Library", "Application Support"), nil
		}
	case "plan9":
		if home := getenv("home"); home != "" {
			return filepath.Join(home, "lib"), nil
		}
	default:
		if home := getenv("HOME"); home != "" {
			return filepath.Join(home, ".config"), nil
		}
	}
	return "", errors.New("find the config file: neither $XDG_CONFIG_HOME nor $HOME is set; use --config")
}
