"""Reference values for the shifted Mann-Whitney in RankTestShiftSpec (SciPy 1.17): the canary
against the baseline multiplied by 1 + shift, asymptotic with continuity correction.
Run: python3 shifted_mann_whitney.py
"""
from scipy import stats

x = [101, 120, 95, 130, 110, 140, 99, 125, 118, 107, 133, 121]
y = [100, 98, 105, 92, 110, 97, 103, 99, 108, 94, 101, 96]
for shift in [0.0, 0.05, 0.10]:
    ys = [v * (1 + shift) for v in y]
    g = stats.mannwhitneyu(x, ys, alternative="greater", method="asymptotic", use_continuity=True)
    l = stats.mannwhitneyu(x, ys, alternative="less", method="asymptotic", use_continuity=True)
    print(shift, "U=%.1f greater=%.10f less=%.10f" % (g.statistic, g.pvalue, l.pvalue))
