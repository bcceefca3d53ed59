package layout

import "testing"

func TestWidths(t *testing.T) {
	for _, tt := range []struct {
		mode          Mode
		width         int
		list, preview int
	}{
		{Auto, 80, 80, 0},
		{Auto, 139, 139, 0},
		{Auto, 140, 84, 56}, // the list keeps what it wants
		{Auto, 160, 92, 68}, // the preview gets what it wants
		{Auto, 180, 108, 72},
		{Auto, 250, 170, 80},
		{"", 180, 108, 72}, // unset is auto
		{List, 250, 250, 0},
		{Split, 99, 99, 0},
		{Split, 100, 60, 40},
		{Split, 120, 80, 40},
		{Split, 140, 84, 56},
	} {
		list, preview := Widths(tt.mode, tt.width)
		if list != tt.list || preview != tt.preview {
			t.Errorf("Widths(%q, %d) = %d, %d; want %d, %d", tt.mode, tt.width, list, preview, tt.list, tt.preview)
		}
		if list+preview != tt.width {
			t.Errorf("Widths(%q, %d): %d + %d is not the width", tt.mode, tt.width, list, preview)
		}
		if preview > 0 && (list < MinList || preview < MinPreview) {
			t.Errorf("Widths(%q, %d) = %d, %d: a pane below its minimum", tt.mode, tt.width, list, preview)
		}
	}
}

func TestModesParse(t *testing.T) {
	for _, name := range []string{"auto", "list", "split", " Split "} {
		if _, err := Modes.Parse(name); err != nil {
			t.Errorf("Parse(%q): %v", name, err)
		}
	}
	if _, err := Modes.Parse("columns"); err == nil {
		t.Error("Parse(columns) succeeded")
	}
}
