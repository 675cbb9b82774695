package datasets

import (
	"math"
	"math/rand/v2"

	"github.com/pkg/errors"
)

// splitStream is the second PCG seed word used by the splitting functions, so
// that a split seed and a model-initialisation seed with the same value do not
// produce the same random stream.
const splitStream uint64 = 0x9e3779b97f4a7c15

// newSplitRNG returns the generator the splitting functions use for seed.
func newSplitRNG(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, splitStream))
}

// checkFraction validates a test fraction for a dataset of n samples and
// returns the number of test samples, round(f*n).
func checkFraction(ds *Dataset, f float64) (int, error) {
	if err := ds.Validate(); err != nil {
		return 0, err
	}
	if !(f > 0 && f < 1) {
		return 0, errors.Errorf("datasets: %s: test fraction %v must be in (0, 1)", ds.Name, f)
	}
	n := ds.Len()
	k := int(math.Round(f * float64(n)))
	if k == 0 || k == n {
		return 0, errors.Errorf("datasets: %s: test fraction %v of %d samples leaves an empty part", ds.Name, f, n)
	}
	return k, nil
}

// Split shuffles the samples with a generator seeded by seed and returns the
// last round(testFraction*N) of them as test and the rest as train (both
// copies, ds is unchanged). The same seed always gives the same split. It
// returns an error if ds is malformed, testFraction is not in (0, 1), or one
// part would be empty.
func Split(ds *Dataset, testFraction float64, seed uint64) (train, test *Dataset, err error) {
	k, err := checkFraction(ds, testFraction)
	if err != nil {
		return nil, nil, err
	}
	perm := newSplitRNG(seed).Perm(ds.Len())
	return subsets(ds, perm[:len(perm)-k], perm[len(perm)-k:])
}

// StratifiedSplit splits a classification dataset so that each class keeps
// its proportion in both parts: round(testFraction*N) samples go to test,
// from each class c floor(testFraction*n_c) or one more (largest remainders
// first), chosen with a generator seeded by seed; the others go to train; both parts are then shuffled with the same generator, so classes are
// mixed. For a regression dataset (Classes nil) it is Split. It returns an
// error if ds is malformed, testFraction is not in (0, 1), or one part would
// be empty.
func StratifiedSplit(ds *Dataset, testFraction float64, seed uint64) (train, test *Dataset, err error) {
	if ds != nil && len(ds.Classes) == 0 {
		return Split(ds, testFraction, seed)
	}
	total, err := checkFraction(ds, testFraction)
	if err != nil {
		return nil, nil, err
	}
	byClass := make([][]int, ds.NumClasses())
	for i, c := range ds.Y.Ints() {
		byClass[c] = append(byClass[c], i)
	}
	quota := classQuotas(byClass, testFraction, total)
	rng := newSplitRNG(seed)
	var trainIdx, testIdx []int
	for c, idx := range byClass {
		shuffleInts(rng, idx)
		k := quota[c]
		testIdx = append(testIdx, idx[:k]...)
		trainIdx = append(trainIdx, idx[k:]...)
	}
	if len(trainIdx) == 0 || len(testIdx) == 0 {
		return nil, nil, errors.Errorf("datasets: %s: stratified test fraction %v leaves an empty part", ds.Name, testFraction)
	}
	shuffleInts(rng, trainIdx)
	shuffleInts(rng, testIdx)
	return subsets(ds, trainIdx, testIdx)
}

// classQuotas returns how many samples of each class go to the test part:
// floor(f*n_c), plus one for the classes with the largest remainders (ties to
// the lower class) until the quotas add up to total = round(f*N).
func classQuotas(byClass [][]int, f float64, total int) []int {
	quota := make([]int, len(byClass))
	rem := make([]float64, len(byClass))
	sum := 0
	for c, idx := range byClass {
		exact := f * float64(len(idx))
		quota[c] = int(math.Floor(exact))
		rem[c] = exact - float64(quota[c])
		sum += quota[c]
	}
	for ; sum < total; sum++ {
		best := -1
		for c := range rem {
			if quota[c] < len(byClass[c]) && (best < 0 || rem[c] > rem[best]) {
				best = c
			}
		}
		if best < 0 {
			break
		}
		quota[best]++
		rem[best] = -1
	}
	return quota
}

// subsets returns the two subsets of ds.
func subsets(ds *Dataset, a, b []int) (*Dataset, *Dataset, error) {
	sa, err := ds.Subset(a)
	if err != nil {
		return nil, nil, err
	}
	sb, err := ds.Subset(b)
	if err != nil {
		return nil, nil, err
	}
	return sa, sb, nil
}
