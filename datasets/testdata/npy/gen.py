# Writes the .npy fixtures of npy_test.go with numpy (run with /usr/bin/python3).
import numpy as np

np.save("f8_2x3.npy", np.arange(6, dtype="<f8").reshape(2, 3) / 4)     # 0, .25, ... 1.25
np.save("f4be_4.npy", np.array([1.5, -2, 0, 3.25], dtype=">f4"))
np.save("u1_2x2x2.npy", np.arange(8, dtype="u1").reshape(2, 2, 2) * 30)  # 0, 30, ... 210
np.save("i2_3.npy", np.array([-300, 0, 7], dtype="<i2"))
np.save("scalar.npy", np.float64(2.5))
np.save("empty_0x3.npy", np.zeros((0, 3)))
np.save("fortran.npy", np.asfortranarray(np.arange(6.0).reshape(2, 3)))
with open("v2.npy", "wb") as f:
    np.lib.format.write_array(f, np.arange(3.0), version=(2, 0))
