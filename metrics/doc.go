// Package metrics evaluates models: confusion matrices, classification
// scores, regression errors, and PNG plots of the results.
//
// # Classification
//
// A Confusion counts (true class, predicted class) pairs. Rows are true
// classes and columns are predicted classes, as in scikit-learn's
// confusion_matrix. Every class gets a row and a column, including classes
// that never occur in the truth or in the predictions.
//
// Confusion.Report computes accuracy, per-class precision, recall, F1 and
// support, and their macro and weighted averages, following scikit-learn's
// precision_recall_fscore_support and classification_report. Where a score
// would divide zero by zero (a class that is never predicted has no
// precision; a class that never occurs has no recall) the score is 0, which
// is what scikit-learn returns with its default zero_division="warn". The
// averages run over all classes of the Confusion, as scikit-learn does when
// it is given labels=range(n).
//
// Confusion and Report print as aligned text tables (String and WriteTo),
// and both marshal to JSON: Confusion.Matrix gives the counts as [][]int.
//
// # Regression
//
// RMSE is the root mean squared error; MaskedRMSE skips elements whose mask
// is zero, for example missing keypoints.
//
// # Plots
//
// WriteHeatmapPNG draws a confusion matrix and WriteLossCurvePNG draws loss
// curves, using gonum.org/v1/plot. Both write the file atomically: a
// temporary file in the same directory is written, synced and renamed, so a
// reader never sees a partial PNG.
//
// # Errors
//
// Errors are prefixed with "metrics: ". A label outside the class range is
// reported as a *LabelError and slices of different lengths as a
// *LengthError; both carry the offending index or lengths.
package metrics
