package datasets

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The fixtures are written by testdata/keypoints/gen.py: training row r has
// coordinate j = 10 + 5r + 0.5j except 4 missing in row 1, 26 in row 3 and 4
// in row 4 (146 of 180 present), pixel i = (13r + 3i) % 256; test row r has
// ImageId r+1 and pixel i = (17(r+1) + i) % 256.
func TestLoadKeypointsFixture(t *testing.T) {
	tests := []struct {
		name     string
		opt      KeypointsOptions
		n        int
		maskSum  float64
		rowOrig  []int // original fixture row of each loaded row
		firstGap int   // a (row, column) index into Y that is missing, or -1
	}{
		{"all", KeypointsOptions{}, 6, 146, []int{0, 1, 2, 3, 4, 5}, 1*30 + 4},
		{"complete only", KeypointsOptions{DropIncomplete: true}, 3, 90, []int{0, 2, 5}, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := LoadKeypointsFile(filepath.Join("testdata", "keypoints", "training.csv"), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := []int(d.X.Shape()); !reflect.DeepEqual(got, []int{tc.n, 9216}) {
				t.Fatalf("X shape %v", got)
			}
			if got := []int(d.Y.Shape()); !reflect.DeepEqual(got, []int{tc.n, 30}) {
				t.Fatalf("Y shape %v", got)
			}
			y, mask, x := ferF64(t, d.Y), ferF64(t, d.Mask), ferF64(t, d.X)
			sum := 0.0
			for i, m := range mask {
				sum += m
				r, j := tc.rowOrig[i/30], i%30
				want := 10 + 5*float64(r) + 0.5*float64(j)
				if m == 0 {
					want = 0
				}
				if y[i] != want {
					t.Fatalf("Y[%d,%d] = %v, want %v", i/30, j, y[i], want)
				}
			}
			if sum != tc.maskSum {
				t.Errorf("mask sum %v, want %v", sum, tc.maskSum)
			}
			if tc.firstGap >= 0 && (mask[tc.firstGap] != 0 || y[tc.firstGap] != 0) {
				t.Errorf("Y/Mask at missing coordinate = %v/%v", y[tc.firstGap], mask[tc.firstGap])
			}
			last := len(tc.rowOrig) - 1
			if got, want := x[last*9216+9215], float64((13*tc.rowOrig[last]+3*9215)%256); got != want {
				t.Errorf("last pixel %v, want %v", got, want)
			}
			if d.Targets[0] != "left_eye_center_x" || d.Targets[29] != "mouth_center_bottom_lip_y" ||
				!reflect.DeepEqual(d.SampleShape, []int{96, 96}) || d.Classes != nil {
				t.Errorf("Targets %v SampleShape %v Classes %v", d.Targets, d.SampleShape, d.Classes)
			}
		})
	}
	if y := ferF64(t, mustKeypoints(t).Y); y[5*30+29] != 49.5 {
		t.Errorf("Y[5,29] = %v, want 49.5", y[5*30+29])
	}
}

func mustKeypoints(t *testing.T) *Dataset {
	t.Helper()
	d, err := LoadKeypointsFile(filepath.Join("testdata", "keypoints", "training.csv"), KeypointsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLoadKeypointsTestFixture(t *testing.T) {
	d, ids, err := LoadKeypointsTestFile(filepath.Join("testdata", "keypoints", "test.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids, []int{1, 2, 3}) || d.Y != nil || d.Mask != nil {
		t.Fatalf("ids %v Y %v Mask %v", ids, d.Y, d.Mask)
	}
	x := ferF64(t, d.X)
	if len(x) != 3*9216 || x[0] != 17 || x[9215] != 16 || x[2*9216] != 51 {
		t.Errorf("len %d, x[0]=%v x[9215]=%v x[2,0]=%v; want 27648, 17, 16, 51", len(x), x[0], x[9215], x[2*9216])
	}
}

func TestLoadKeypointsErrors(t *testing.T) {
	h := keypointsHeader() + "\n"
	coords := strings.TrimSuffix(strings.Repeat("1.5,", 30), ",")
	pix := ferPixels(9216, "7")
	ok := coords + "," + pix + "\n"
	swapped := strings.Replace(h, "left_eye_center_x,left_eye_center_y", "left_eye_center_y,left_eye_center_x", 1)
	bad := func(j int, v string) string {
		c := strings.Split(coords, ",")
		c[j] = v
		return strings.Join(c, ",") + "," + pix + "\n"
	}
	tests := []struct{ name, in, want string }{
		{"empty", "", "kp.csv: empty file"},
		{"no rows", h, "kp.csv: no keypoints rows"},
		{"swapped header", swapped + ok, "kp.csv:1: header is not the Kaggle keypoints training header"},
		{"test header", "ImageId,Image\n1," + pix + "\n", "kp.csv:1: header is not"},
		{"text coordinate", h + ok + bad(3, "abc"), `kp.csv:3: coordinate right_eye_center_y is "abc", not a finite number`},
		{"NaN coordinate", h + bad(29, "NaN"), `kp.csv:2: coordinate mouth_center_bottom_lip_y is "NaN"`},
		{"Inf coordinate", h + ok + ok + bad(0, "+Inf"), `kp.csv:4: coordinate left_eye_center_x`},
		{"short image", h + ok + coords + "," + ferPixels(9215, "1") + "\n", "kp.csv:3: found 9215 pixels, expected 9216"},
		{"bad pixel", h + coords + ",300" + strings.Repeat(" 0", 9215) + "\n", `kp.csv:2: pixel 0 is "300"`},
		{"missing Image", h + ok + coords + "\n", "kp.csv:3: wrong number of fields"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadKeypoints(strings.NewReader(tc.in), "kp.csv", KeypointsOptions{})
			if err == nil || !strings.HasPrefix(err.Error(), "datasets: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	incomplete := h + bad(0, "")
	if _, err := LoadKeypoints(strings.NewReader(incomplete), "kp.csv", KeypointsOptions{DropIncomplete: true}); err == nil {
		t.Error("all rows dropped: no error")
	}
}

func TestLoadKeypointsTestErrors(t *testing.T) {
	pix := ferPixels(9216, "7")
	tests := []struct{ name, in, want string }{
		{"empty", "", "test.csv: empty file"},
		{"no rows", "ImageId,Image\n", "test.csv: no keypoints test rows"},
		{"header", "Id,Image\n1," + pix + "\n", `test.csv:1: header is "Id,Image"`},
		{"id", "ImageId,Image\n1," + pix + "\nx," + pix + "\n", `test.csv:3: ImageId "x" is not an integer`},
		{"pixels", "ImageId,Image\n1,1 2\n", "test.csv:2: found 2 pixels, expected 9216"},
		{"pixel", "ImageId,Image\n1,1 a" + strings.Repeat(" 0", 9214) + "\n", `test.csv:2: pixel 1 is "a"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := LoadKeypointsTest(strings.NewReader(tc.in), "test.csv")
			if err == nil || !strings.HasPrefix(err.Error(), "datasets: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}
