"""Reference values for SequentialRateTestSpec: the FAIL e-value with the expected-effect prior.

Run: python3 sli-rules/src/test/scipy/rate_expected_reference.py   (SciPy 1.17)

FAIL e-value: int_{t0}^inf prod_k Bin(x_k | n_k, p_k(e^t)) / Bin(x_k | n_k, p_k(e^t0))
              * N(t; ln rho_e, 0.3^2) / P(N(ln rho_e, 0.3^2) > t0) dt,   t0 = ln rho0,
integrated with scipy.integrate.quad in theta = ln rho (independent of the Java quadrature).
"""
import numpy as np
from scipy import integrate, stats

SD = 0.3


def loglik(theta, iv):
    s = 0.0
    for c, x, b, y in iv:
        if c == 0 or b == 0 or x + y == 0:
            continue
        lp = theta + np.log(c) - np.logaddexp(theta + np.log(c), np.log(b))
        l1p = np.log(b) - np.logaddexp(theta + np.log(c), np.log(b))
        s += x * lp + y * l1p
    return s


def fail_e(iv, rho0, rho_e):
    t0, mu = np.log(rho0), np.log(rho_e)
    base = loglik(t0, iv)
    f = lambda t: np.exp(loglik(t, iv) - base) * stats.norm.pdf(t, mu, SD)
    val, _ = integrate.quad(f, t0, mu + 12 * SD, points=[mu], epsabs=0, epsrel=1e-12, limit=500)
    return val / stats.norm.sf(t0, mu, SD)


RAMP_BAD = [[100, 2, 1900, 9], [100, 1, 1900, 10], [500, 6, 1500, 7], [500, 5, 1500, 8],
            [1000, 11, 1000, 4], [1000, 60, 1000, 49], [1000, 12, 1000, 5], [1000, 9, 1000, 6]]
RAMP = [[100, 1, 1900, 9], [100, 0, 1900, 10], [500, 3, 1500, 7], [500, 2, 1500, 8],
        [1000, 5, 1000, 4], [1000, 52, 1000, 49], [1000, 6, 1000, 5], [1000, 4, 1000, 6]]
EQUAL = [[1000, 20, 1000, 10]] * 4

for name, iv in (("RAMP_BAD", RAMP_BAD), ("RAMP", RAMP), ("EQUAL", EQUAL)):
    for rho0, rho_e in ((1.0, 2.0), (1.1, 1.5), (1.0, 3.0)):
        print(name, rho0, rho_e, float(fail_e(iv, rho0, rho_e)))
