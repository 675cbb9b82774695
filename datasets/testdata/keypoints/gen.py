#!/usr/bin/env python3
"""Writes training.csv (6 rows) and test.csv (3 rows) in the Kaggle Facial
Keypoints layout (run from this directory).

training.csv row r (0-based, line r+2): coordinate j is 10 + 5*r + 0.5*j,
written with 4 decimals, except the (r, j) pairs in MISSING, which are empty
fields; pixel i is (13*r + 3*i) % 256.
test.csv row r: ImageId r+1, pixel i is (17*(r+1) + i) % 256.
"""
NAMES = ("left_eye_center_x,left_eye_center_y,right_eye_center_x,right_eye_center_y,"
         "left_eye_inner_corner_x,left_eye_inner_corner_y,left_eye_outer_corner_x,left_eye_outer_corner_y,"
         "right_eye_inner_corner_x,right_eye_inner_corner_y,right_eye_outer_corner_x,right_eye_outer_corner_y,"
         "left_eyebrow_inner_end_x,left_eyebrow_inner_end_y,left_eyebrow_outer_end_x,left_eyebrow_outer_end_y,"
         "right_eyebrow_inner_end_x,right_eyebrow_inner_end_y,right_eyebrow_outer_end_x,right_eyebrow_outer_end_y,"
         "nose_tip_x,nose_tip_y,mouth_left_corner_x,mouth_left_corner_y,"
         "mouth_right_corner_x,mouth_right_corner_y,mouth_center_top_lip_x,mouth_center_top_lip_y,"
         "mouth_center_bottom_lip_x,mouth_center_bottom_lip_y").split(",")
assert len(NAMES) == 30
# Rows 1 and 4 miss 4 coordinates each (two whole keypoints), row 3 misses 26
# (only the four eye-centre coordinates present, as in many real rows); the others are complete.
MISSING = {(1, j) for j in (4, 5, 6, 7)} | {(4, j) for j in (26, 27, 28, 29)} | \
          {(3, j) for j in range(30) if j not in (0, 1, 2, 3)}

with open("training.csv", "w", newline="") as f:
    f.write(",".join(NAMES) + ",Image\n")
    for r in range(6):
        coords = ["" if (r, j) in MISSING else f"{10 + 5 * r + 0.5 * j:.4f}" for j in range(30)]
        pix = " ".join(str((13 * r + 3 * i) % 256) for i in range(96 * 96))
        f.write(",".join(coords) + "," + pix + "\n")

with open("test.csv", "w", newline="") as f:
    f.write("ImageId,Image\n")
    for r in range(3):
        pix = " ".join(str((17 * (r + 1) + i) % 256) for i in range(96 * 96))
        f.write(f"{r + 1},{pix}\n")
