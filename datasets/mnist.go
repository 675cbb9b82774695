package datasets

import (
	"io"
	"os"
	"path/filepath"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// digitClasses are the class names of the digit datasets, "0" to "9".
var digitClasses = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// ReadMNIST reads an MNIST-style pair of IDX files, images and labels (each
// gzip'd or raw), and returns a dataset named "mnist" with X float64
// [N, rows*cols] holding the raw pixel values 0..255, Y int [N], Classes "0".."9"
// and SampleShape [rows cols]. The names are used in error messages. It returns
// an error if either file is malformed (see ReadIDXImages), if the two counts
// differ, or if a label is greater than 9.
func ReadMNIST(images, labels io.Reader, imagesName, labelsName string) (*Dataset, error) {
	img, err := ReadIDXImages(images, imagesName)
	if err != nil {
		return nil, err
	}
	lab, err := ReadIDXLabels(labels, labelsName)
	if err != nil {
		return nil, err
	}
	return mnistFromIDX(img, lab, imagesName, labelsName)
}

func mnistFromIDX(img *IDXImages, lab []byte, imagesName, labelsName string) (*Dataset, error) {
	if img.Count != len(lab) {
		return nil, errors.Errorf("datasets: %s holds %d images but %s holds %d labels", imagesName, img.Count, labelsName, len(lab))
	}
	y := make([]int, len(lab))
	for i, l := range lab {
		if l > 9 {
			return nil, errors.Errorf("datasets: %s: label %d of sample %d (byte offset %d) is greater than 9", labelsName, l, i, 8+i)
		}
		y[i] = int(l)
	}
	x := make([]float64, len(img.Pixels))
	for i, p := range img.Pixels {
		x[i] = float64(p)
	}
	d := img.Rows * img.Cols
	return &Dataset{
		Name:        "mnist",
		X:           tensor.New(tensor.WithShape(img.Count, d), tensor.WithBacking(x)),
		Y:           tensor.New(tensor.WithShape(img.Count), tensor.WithBacking(y)),
		Classes:     append([]string(nil), digitClasses...),
		SampleShape: []int{img.Rows, img.Cols},
	}, nil
}

// LoadMNISTFiles reads MNIST images and labels from the two IDX files at the
// given paths (gzip'd or raw, detected from the content). It returns an error
// if a file cannot be opened or is malformed (see ReadMNIST).
func LoadMNISTFiles(imagesPath, labelsPath string) (*Dataset, error) {
	fi, err := os.Open(imagesPath)
	if err != nil {
		return nil, errors.Wrap(err, "datasets: MNIST images")
	}
	defer fi.Close()
	fl, err := os.Open(labelsPath)
	if err != nil {
		return nil, errors.Wrap(err, "datasets: MNIST labels")
	}
	defer fl.Close()
	return ReadMNIST(fi, fl, imagesPath, labelsPath)
}

// LoadMNISTDir reads one part of the MNIST files from dir, which holds the
// standard file names: part "train" reads train-images-idx3-ubyte and
// train-labels-idx1-ubyte, part "t10k" (or "test") reads t10k-images-idx3-ubyte
// and t10k-labels-idx1-ubyte; each may also end in ".gz" or use the
// "-images.idx3-ubyte" spelling. It returns an error for another part, when a
// file is missing, or when the files are malformed (see ReadMNIST).
func LoadMNISTDir(dir, part string) (*Dataset, error) {
	switch part {
	case "train", "t10k":
	case "test":
		part = "t10k"
	default:
		return nil, errors.Errorf("datasets: MNIST part %q: want \"train\" or \"t10k\"", part)
	}
	img, err := findMNISTFile(dir, part, "images", "idx3")
	if err != nil {
		return nil, err
	}
	lab, err := findMNISTFile(dir, part, "labels", "idx1")
	if err != nil {
		return nil, err
	}
	return LoadMNISTFiles(img, lab)
}

// findMNISTFile returns the first existing spelling of an MNIST file name.
func findMNISTFile(dir, part, kind, idx string) (string, error) {
	names := []string{
		part + "-" + kind + "-" + idx + "-ubyte",
		part + "-" + kind + "-" + idx + "-ubyte.gz",
		part + "-" + kind + "." + idx + "-ubyte",
		part + "-" + kind + "." + idx + "-ubyte.gz",
	}
	for _, n := range names {
		p := filepath.Join(dir, n)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", errors.Errorf("datasets: no MNIST %s file in %s (tried %v)", kind, dir, names)
}
