"""Errors to FAIL (e >= 30) at an equal split, expected-effect prior (ln rho ~ N(ln 2, 0.3^2)) vs the
wide prior, 2,000 runs per ratio: the figures quoted in docs/rules.md (expectedEffect).
Run: python3 sli-rules/src/test/scipy/rate_expected_power.py   (NumPy; a few minutes)
"""
import numpy as np
th=np.linspace(1e-6,8,4000); d=th[1]-th[0]
pn=np.exp(-(th-np.log(2))**2/(2*.09)); pn/=pn.sum()*d
pw=np.exp(th)/(1+np.exp(th))**2; pw/=pw.sum()*d
q=np.exp(th)/(1+np.exp(th))
rng=np.random.default_rng(5)
for rho in (10, 5, 2):
  p=rho/(1+rho); R=2000; N=1500
  seq=(rng.random((R,N))<p).cumsum(1)
  for name,w in (('normal',pn),('wide',pw)):
    first=np.full(R,N)
    for n in range(1,N+1):
      X=seq[:,n-1][:,None]
      e=(np.exp(X*np.log(2*q)+(n-X)*np.log(2*(1-q)))*w).sum(1)*d
      hit=(e>=30)&(first==N); first[hit]=n
      if (first<N).mean()>0.85: break
    print(rho,name,'errors to e>=30: median',np.median(first),'p80',np.percentile(first,80),flush=True)
