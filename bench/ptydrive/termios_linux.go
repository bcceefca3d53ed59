package ptydrive

import "golang.org/x/sys/unix"

// Cooked reports whether the terminal is in the line mode a shell
// expects: canonical input (ICANON) with echo (ECHO). A full-screen
// program switches both off and must switch them back on when it ends;
// a program that crashed leaves them off. The pty keeps its settings
// after the program has exited, until Close.
func (t *Term) Cooked() (bool, error) {
	raw, err := t.ptmx.SyscallConn() // not Fd, which would make reads block
	if err != nil {
		return false, err
	}
	var tio *unix.Termios
	if cerr := raw.Control(func(fd uintptr) { tio, err = unix.IoctlGetTermios(int(fd), unix.TCGETS) }); cerr != nil {
		return false, cerr
	}
	if err != nil {
		return false, err
	}
	return tio.Lflag&unix.ICANON != 0 && tio.Lflag&unix.ECHO != 0, nil
}
