"""Draws and number text every table shares: log-normal draws around a median, and numbers as
fixed-point text so the files never depend on how floats print.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def _fixed(values: Any, decimals: int) -> list[str]:
    """Numbers as fixed-point text (empty for missing), so files never depend on float repr."""
    return ["" if pd.isna(v) else f"{v:.{decimals}f}" for v in values]


def _lognormal(rng: np.random.Generator, median: Any, sigma: float, size: int) -> np.ndarray:
    """Log-normal draws around a median (scalar or per-row array)."""
    return np.asarray(median) * np.exp(sigma * rng.standard_normal(size))
