"""Reference values for SequentialRateTestSpec and SampleRatioTestSpec.

Run: python3 sli-rules/src/test/scipy/rate_reference.py   (SciPy 1.17)

The per-interval rate test: interval k has canary c_k requests / x_k errors and baseline b_k / y_k.
Under rate ratio rho the canary's share of the interval's errors is p_k = rho c_k / (rho c_k + b_k).
FAIL e-value: int_{rho0}^inf prod_k Bin(x_k | n_k, p_k(rho)) / Bin(x_k | n_k, p_k(rho0))
              * (1 + rho0) / (1 + rho)^2 drho
PASS e-value: int_0^{rho1} (same ratio against rho1) * (1 + rho1) / (rho1 (1 + rho)^2) drho
Confidence sequence: {rho : L(rho) >= alpha * int L(r) / (1 + r)^2 dr}.
Everything is integrated with scipy.integrate.quad in theta = ln rho around the peak.
"""
import numpy as np
from scipy import integrate, optimize, special, stats


def loglik(theta, iv):
    """sum_k x_k ln p_k + y_k ln(1 - p_k) at rho = e^theta (binomial coefficients cancel)."""
    s = 0.0
    for c, x, b, y in iv:
        if c == 0 or b == 0 or x + y == 0:
            continue
        lp = theta + np.log(c) - np.logaddexp(theta + np.log(c), np.log(b))
        l1p = np.log(b) - np.logaddexp(theta + np.log(c), np.log(b))
        s += x * lp + y * l1p
    return s


def log_w(theta):
    # prior 1/(1+rho)^2 drho written in theta: e^theta / (1 + e^theta)^2 dtheta
    return theta - 2 * np.logaddexp(0, theta)


def integral(iv, lo, hi):
    """ln int_lo^hi exp(loglik + log_w) dtheta, scaled by the peak for precision."""
    g = lambda t: loglik(t, iv) + log_w(t)
    m = optimize.minimize_scalar(lambda t: -g(t), bounds=(-40, 40), method="bounded",
                                 options={"xatol": 1e-12}).x
    peak = g(min(max(m, lo), hi))
    f = lambda t: np.exp(g(t) - peak)
    pts = [p for p in (m,) if lo < p < hi]
    val, err = integrate.quad(f, max(lo, -60), min(hi, 60), points=pts or None,
                              epsabs=0, epsrel=1e-13, limit=500)
    return np.log(val) + peak


def fail_e(iv, rho0):
    t0 = np.log(rho0)
    return np.exp(integral(iv, t0, np.inf) - loglik(t0, iv) + np.log1p(rho0))


def pass_e(iv, rho1):
    t1 = np.log(rho1)
    return np.exp(integral(iv, -np.inf, t1) - loglik(t1, iv) + np.log1p(rho1) - np.log(rho1))


def cs(iv, alpha):
    lnm = integral(iv, -np.inf, np.inf)
    c = lnm - np.log(1 / alpha)
    h = lambda t: loglik(t, iv) - c
    top = optimize.minimize_scalar(lambda t: -loglik(t, iv), bounds=(-30, 30), method="bounded",
                                   options={"xatol": 1e-12}).x
    lo = 0.0 if h(-30) >= 0 else np.exp(optimize.brentq(h, -30, top, xtol=1e-14))
    hi = np.inf if h(30) >= 0 else np.exp(optimize.brentq(h, top, 30, xtol=1e-14))
    return lo, hi


def closed_form_fail(x, nc, y, nb, margin):
    rho = 1 + margin
    p0 = rho * nc / (rho * nc + nb)
    n = x + y
    a, b = 1 + x, 1 + n - x
    return np.exp(special.betaln(a, b) + np.log(special.betainc(b, a, 1 - p0)) - np.log1p(-p0)
                  - x * np.log(p0) - (n - x) * np.log1p(-p0))


def closed_form_pass(x, nc, y, nb, tol):
    rho = 1 + tol
    p1 = rho * nc / (rho * nc + nb)
    n = x + y
    a, b = 1 + x, 1 + n - x
    return np.exp(special.betaln(a, b) + np.log(special.betainc(a, b, p1)) - np.log(p1)
                  - x * np.log(p1) - (n - x) * np.log1p(-p1))


RAMP = [  # Argo-style ramp 5 % / 25 % / 50 %, 2000 requests a minute, a shared blip after 50 %
    (100, 1, 1900, 9), (100, 0, 1900, 10), (500, 3, 1500, 7), (500, 2, 1500, 8),
    (1000, 5, 1000, 4), (1000, 52, 1000, 49), (1000, 6, 1000, 5), (1000, 4, 1000, 6),
]
RAMP_BAD = [  # same ramp, canary at twice the rate
    (100, 2, 1900, 9), (100, 1, 1900, 10), (500, 6, 1500, 7), (500, 5, 1500, 8),
    (1000, 11, 1000, 4), (1000, 60, 1000, 49), (1000, 12, 1000, 5), (1000, 9, 1000, 6),
]

if __name__ == "__main__":
    print("# equal constant split: per-interval mixture == closed form")
    for x, nc, y, nb in [(30, 2000, 15, 2000), (80, 4000, 40, 4000), (20, 2000, 20, 2000)]:
        iv = [(nc // 4, x // 4 + (x % 4 if k == 0 else 0), nb // 4, y // 4 + (y % 4 if k == 0 else 0))
              for k in range(4)]
        print(x, nc, y, nb, "closed", repr(closed_form_fail(x, nc, y, nb, 0)),
              "mixture", repr(fail_e(iv, 1.0)))
        print("   pass(tol .5) closed", repr(closed_form_pass(x, nc, y, nb, 0.5)),
              "mixture", repr(pass_e(iv, 1.5)))
    print("# ramp")
    for name, iv in [("RAMP", RAMP), ("RAMP_BAD", RAMP_BAD)]:
        print(name, "fail(rho0=1)", repr(fail_e(iv, 1.0)), "fail(rho0=1.1)", repr(fail_e(iv, 1.1)),
              "pass(rho1=1.5)", repr(pass_e(iv, 1.5)), "cs95", cs(iv, 0.05))


# --- sample ratio check -------------------------------------------------------------------------
# interval k: t_k requests, c_k on the canary, expected share s_k; logit p_k = logit s_k + delta,
# E = int prod_k Bin(c_k | t_k, p_k(delta)) / Bin(c_k | t_k, s_k) N(delta; 0, 0.2^2) ddelta
def srm_e(iv, sd=0.2):
    def log_lr(d):
        return sum(c * d - t * np.log1p(s * np.expm1(d)) for c, t, s in iv)
    f = lambda d: np.exp(log_lr(d)) * stats.norm.pdf(d, 0, sd)
    m = optimize.minimize_scalar(lambda d: -(log_lr(d) - d * d / (2 * sd * sd)), bounds=(-5, 5),
                                 method="bounded", options={"xatol": 1e-12}).x
    peak = log_lr(m)
    val, _ = integrate.quad(lambda d: np.exp(log_lr(d) - peak) * stats.norm.pdf(d, 0, sd), -5, 5,
                            points=[m], epsabs=0, epsrel=1e-13, limit=500)
    return np.exp(np.log(val) + peak)


SRM_OK = [(100, 2000, 0.05), (96, 2000, 0.05), (510, 2000, 0.25), (1003, 2000, 0.5)]
SRM_BAD = [(62, 2000, 0.05), (60, 2000, 0.05), (65, 2000, 0.05), (61, 2000, 0.05)]  # 3.1 % vs 5 %

# --- exact conditional upper bound of the rate ratio (two_proportion's PASS) -------------------
def ratio_upper(xc, nc, xb, nb, conf):
    n = xc + xb
    p = stats.beta.ppf(conf, xc + 1, n - xc)
    return p / (1 - p) * nb / nc


if __name__ == "__main__":
    print("# sample ratio")
    print("SRM_OK", repr(srm_e(SRM_OK)), "SRM_BAD", repr(srm_e(SRM_BAD)))
    print("# rate ratio upper bounds")
    for args in [(12, 10000, 10, 10000, 0.95), (100, 10000, 100, 10000, 0.95),
                 (0, 5000, 8, 5000, 0.95), (30, 2000, 90, 6000, 0.99)]:
        print(args, repr(ratio_upper(*args)))
