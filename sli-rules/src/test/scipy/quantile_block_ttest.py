"""Reference values for QuantileTestSpec (SciPy 1.17): the cluster-robust quantile test is a
one-sample, one-sided t test on per-block log quantile ratios against ln(1 + minEffect).
Run: python3 quantile_block_ttest.py
"""
import numpy as np
from scipy import stats

cases = [
    ([0.12, 0.08, 0.15, 0.02, -0.03, 0.10], 0.02),
    ([0.01, -0.02, 0.03, 0.00, 0.02, -0.01, 0.01], 0.0),
    ([0.30, 0.25, 0.40], 0.05),
]
for d, me in cases:
    r = stats.ttest_1samp(np.array(d) - np.log1p(me), 0, alternative="greater")
    print(d, me, "t=%.10f p=%.10f" % (r.statistic, r.pvalue))
