"""A small L2-regularised logistic regression, fitted by Newton's method, for the tuning scripts.

The tuning scripts fit a handful of weights on a few hundred examples; numpy
is enough, and a library (scikit-learn) would add a dependency for one
function.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


def fit_logistic(features: Array, labels: Array, l2: float, steps: int = 50) -> Array:
    """Weights (bias first) of ``sigmoid(bias + weights · x)`` for rows ``features``."""
    x = np.hstack([np.ones((features.shape[0], 1)), features])
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - labels) + l2 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        w -= np.linalg.solve(hessian, gradient)
    return w
