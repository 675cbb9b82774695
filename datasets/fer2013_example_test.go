package datasets_test

import (
	"fmt"
	"strings"

	"github.com/chainrule/chainrule/datasets"
)

func ExampleLoadFER2013() {
	pixels := strings.TrimSpace(strings.Repeat("128 ", 48*48))
	csv := "emotion,pixels,Usage\n" +
		"4,\"" + pixels + "\",Training\n" + // Sad
		"2," + pixels + ",Training\n" + // Fear: not in the lecture's five
		"5," + pixels + ",PublicTest\n" // Surprise
	d, err := datasets.LoadFER2013(strings.NewReader(csv), "fer2013.csv", datasets.FERLectureFive)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.X.Shape(), d.SampleShape, d.Y.Data(), d.Classes)

	_, err = datasets.LoadFER2013(strings.NewReader("emotion,pixels,Usage\n9,1 2,Training\n"), "bad.csv", datasets.FEROptions{})
	fmt.Println(err)
	// Output:
	// (2, 2304) [48 48] [2 4] [Angry Disgust Sad Happy Surprise]
	// datasets: bad.csv:2: emotion "9" is not an integer in 0..6
}

func ExampleDetectFormat() {
	for _, p := range []string{"testdata/fer2013/fer2013.csv", "testdata/keypoints/training.csv", "testdata/keypoints/test.csv"} {
		f, err := datasets.DetectFormat(p)
		fmt.Println(f, err)
	}
	// Output:
	// fer2013-csv <nil>
	// keypoints-train-csv <nil>
	// keypoints-test-csv <nil>
}
