"""Reference values for TTestBayesFactorSpec (SciPy 1.17).

The Bayes factor of the t statistic is integrated numerically over the prior on the standardized
effect delta, with the noncentral t likelihood ratio nct.pdf(t, n-1, delta*sqrt(n)) / t.pdf(t, n-1):
two-sided with delta ~ N(0, g), one-sided with a half-normal on delta > 0. Independent of the
closed forms in TTestBayesFactor.java. Run: python3 ttest_bayes_factor.py
"""
import numpy as np
from scipy import integrate, stats

def bf(x, g, one_sided):
    x = np.asarray(x, float)
    n = len(x)
    t = x.mean() / (x.std(ddof=1) / np.sqrt(n))
    f0 = stats.t.pdf(t, n - 1)
    lr = lambda d: stats.nct.pdf(t, n - 1, d * np.sqrt(n)) / f0
    prior = lambda d: stats.norm.pdf(d, 0, np.sqrt(g)) * (2 if one_sided else 1)
    lo = 0 if one_sided else -np.inf
    v, _ = integrate.quad(lambda d: lr(d) * prior(d), lo, np.inf, epsabs=0, epsrel=1e-10, limit=200)
    return np.log(v)

cases = [
    ([0.12, 0.08, 0.15], 0.5),
    ([0.12, 0.08, 0.15, 0.02, -0.03, 0.10], 0.5),
    ([0.05, -0.02, 0.01, 0.03, -0.04, 0.02, 0.00, 0.06], 1.0),
    ([-0.10, -0.05, 0.02, -0.08, -0.12], 0.5),
    ([0.3, 0.25, 0.4, 0.1, 0.2, 0.35, 0.15, 0.3, 0.22, 0.28], 0.5),
    ([0.01, 0.02], 0.25),
]
for x, g in cases:
    print(x, g, "%.10f" % bf(x, g, False), "%.10f" % bf(x, g, True))
