"""Paired and single-scenario intervals over replications."""
from __future__ import annotations

import math
from dataclasses import dataclass

# Two-sided 95% Student t quantiles t(0.975, df) for df = 1..30.
_T975 = [12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252,
         2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688,
         2.131449546, 2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447, 2.079613845,
         2.073873068, 2.068657610, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142,
         2.045229642, 2.042272456]


def t975(df: int) -> float:
    """The 0.975 quantile of Student's t with df degrees of freedom (exact table to 30, then a
    Cornish-Fisher expansion accurate to better than 1e-5)."""
    if df < 1:
        return math.nan
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959963984540054
    return (z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3))


def mean_ci(values):
    """Mean and 95% t interval of the mean of independent replications (NaN interval for n < 2)."""
    import numpy as np
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan
    m = float(x.mean())
    if n < 2:
        return m, math.nan, math.nan
    half = t975(n - 1) * float(x.std(ddof=1)) / math.sqrt(n)
    return m, m - half, m + half


@dataclass
class Paired:
    """Base and alternative means and the paired difference (alternative - base) with its 95% interval."""
    base: float
    alt: float
    diff: float
    low: float
    high: float

    def excludes_zero(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high) and (self.low > 0 or self.high < 0)

    def scaled(self, factor: float) -> "Paired":
        return Paired(*(v * factor for v in (self.base, self.alt, self.diff, self.low, self.high)))


def paired(base_values, alt_values) -> Paired:
    """Paired comparison over replications: replication r of both scenarios used the same random numbers."""
    import numpy as np
    b = np.asarray(base_values, dtype=float)
    a = np.asarray(alt_values, dtype=float)
    d, low, high = mean_ci(a - b)
    return Paired(float(np.nanmean(b)) if len(b) else math.nan, float(np.nanmean(a)) if len(a) else math.nan,
                  d, low, high)
