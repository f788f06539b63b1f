"""Reference values for HarrellDavisSpec (SciPy 1.17): scipy.stats.mstats.hdquantiles on raw samples.

The data sets are generated the same way in the spec:
  small: a literal list with ties;
  grid:  100 * exp(0.5 * Phi^-1(((7919 i) mod 1000 + 0.5) / 1000)), i = 0..999 (a log-normal-like grid);
  ties:  (37 i) mod 50 + 1, i = 0..299 (few distinct values).
Run: python3 harrell_davis.py
"""
import numpy as np
from scipy.stats import mstats, norm

small = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 8.0]
grid = [100 * np.exp(0.5 * norm.ppf(((7919 * i) % 1000 + 0.5) / 1000)) for i in range(1000)]
ties = [(37 * i) % 50 + 1 for i in range(300)]
for name, data in [("small", small), ("grid", grid), ("ties", ties)]:
    for q in [0.1, 0.5, 0.9, 0.99]:
        print(name, q, "%.10f" % mstats.hdquantiles(np.asarray(data, float), prob=[q])[0])
