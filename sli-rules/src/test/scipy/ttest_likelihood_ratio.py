"""Reference values for TTestLikelihoodRatioSpec (SciPy 1.17, mpmath 1.3).

ln of the sequential t-test likelihood ratio nct.pdf(t, n-1, delta*sqrt(n)) / t.pdf(t, n-1),
computed two independent ways, neither of them the chi-variable integral TTestLikelihoodRatio.java
uses:
  - scipy: stats.nct.logpdf - stats.t.logpdf (SciPy's noncentral t density, from Boost);
  - mpmath: the noncentral t density's closed form in Kummer's confluent hypergeometric function
    (Johnson, Kotz & Balakrishnan, vol. 2, ch. 31), with 150 significant digits:
        ratio = exp(-mu^2/2) * [ 1F1((nu+1)/2; 1/2; x) + sqrt(2) * mu * y * G * 1F1(nu/2+1; 3/2; x) ]
    with y = t / sqrt(nu + t^2), x = mu^2 y^2 / 2, G = Gamma(nu/2 + 1) / Gamma((nu+1)/2).
The script prints both and stops if they disagree by more than 1e-9; SciPy's nct loses accuracy
for large |t| and underflows far in the lower tail; there only the mpmath value is printed. Run: python3 ttest_likelihood_ratio.py
"""
import mpmath as mp
import numpy as np
from scipy import stats

mp.mp.dps = 150  # the two terms cancel for t < 0: ample digits keep the difference exact


def ln_ratio_mpmath(t, n, delta):
    nu = mp.mpf(n - 1)
    mu = mp.mpf(delta) * mp.sqrt(n)
    t = mp.mpf(t)
    y = mp.sign(t) if mp.isinf(t) else t / mp.sqrt(nu + t * t)
    x = mu * mu * y * y / 2
    g = mp.gamma(nu / 2 + 1) / mp.gamma((nu + 1) / 2)
    r = mp.exp(-mu * mu / 2) * (
        mp.hyp1f1((nu + 1) / 2, mp.mpf(1) / 2, x)
        + mp.sqrt(2) * mu * y * g * mp.hyp1f1(nu / 2 + 1, mp.mpf(3) / 2, x)
    )
    return mp.log(r)


def ln_ratio_scipy(t, n, delta):
    return stats.nct.logpdf(t, n - 1, delta * np.sqrt(n)) - stats.t.logpdf(t, n - 1)


cases = [
    (0.0, 3, 0.8),
    (1.5, 3, 0.8),
    (-2.0, 3, 0.8),
    (4.0, 5, 0.8),
    (2.2, 10, 0.8),
    (-1.0, 10, 0.8),
    (3.0, 20, 0.6),
    (1.0, 20, 1.0),
    (5.0, 50, 0.8),
    (-3.0, 50, 0.8),
    (8.0, 100, 0.8),
    (11.3, 200, 0.8),
    (2.0, 200, 0.2),
    (-5.0, 200, 0.8),
    (30.0, 8, 0.8),
    (1e3, 4, 0.8),
    (-1e3, 4, 0.8),
    (1e6, 60, 0.8),
    (float("inf"), 3, 0.8),
    (float("inf"), 200, 0.8),
]
for t, n, delta in cases:
    m = ln_ratio_mpmath(t, n, delta)
    s = ln_ratio_scipy(t, n, delta) if np.isfinite(t) and abs(t) <= 50 else None
    if s is not None and not np.isfinite(s):
        s = None  # SciPy underflows far in the lower tail
    if s is not None and abs(float(m) - s) > 1e-9:
        raise SystemExit("scipy and mpmath disagree at t=%s n=%s delta=%s: %r %r" % (t, n, delta, s, m))
    print("%-10s | %3d | %.1f || %s   scipy %s" % (t, n, delta, mp.nstr(m, 14, min_fixed=-30, max_fixed=30),
                                           "%.12f" % s if s is not None else "(not used: large |t| or underflow)"))


# sums form used by the judge: the same ratio from the sum and sum of squares of the observations
def ln_ratio_sums(x, delta):
    x = np.asarray(x, float)
    n = len(x)
    t = x.mean() / (x.std(ddof=1) / np.sqrt(n))
    return ln_ratio_mpmath(t, n, delta)


for x in ([0.12, 0.08, 0.15], [0.12, 0.08, 0.15, 0.02, -0.03, 0.10], [-0.10, -0.05, 0.02, -0.08, -0.12]):
    print(x, mp.nstr(ln_ratio_sums(x, 0.8), 14))
