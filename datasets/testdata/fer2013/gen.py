#!/usr/bin/env python3
"""Writes fer2013.csv: 12 rows in Kaggle's FER2013 layout (run from this directory).

Row r (0-based, line r+2) has emotion EMOTIONS[r], usage USAGES[r] and pixel i
equal to (31*r + 7*i) % 256. Pixels of even rows are quoted, odd rows are not.
"""
EMOTIONS = [0, 1, 2, 3, 4, 5, 6, 3, 3, 0, 4, 5]
USAGES = ["Training"] * 6 + ["PublicTest"] * 3 + ["PrivateTest"] * 3

with open("fer2013.csv", "w", newline="") as f:
    f.write("emotion,pixels,Usage\n")
    for r, (e, u) in enumerate(zip(EMOTIONS, USAGES)):
        pix = " ".join(str((31 * r + 7 * i) % 256) for i in range(48 * 48))
        if r % 2 == 0:
            pix = '"' + pix + '"'
        f.write(f"{e},{pix},{u}\n")
