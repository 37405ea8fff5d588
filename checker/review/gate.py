"""The CI gate: which findings fail ``checker check --fail-on``.

`FAIL_ON` names the gates; `failing` picks, from a run's reviewed findings,
those that fail one: undecided and regressed findings (``new``), the hard ones
among them (``new-hard``), or none. `checker.review.items.ReviewOutcome.failures`
is the same for one outcome.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from checker.errors import CheckerError

if TYPE_CHECKING:
    from checker.review.items import Reviewed

#: What `checker check --fail-on` accepts.
FailOn = Literal["none", "new", "new-hard"]
FAIL_ON: tuple[str, ...] = ("none", "new", "new-hard")


def failing(reviewed: Iterable[Reviewed], fail_on: str) -> tuple[Reviewed, ...]:
    """The findings of ``reviewed`` that fail the gate ``fail_on`` (see `FAIL_ON`).

    ``new``: undecided or regressed findings, cross or internal.
    ``new-hard``: the same, hard findings only. ``none``: nothing fails.

    >>> failing((), "new-hard")
    ()
    """
    if fail_on not in FAIL_ON:
        raise CheckerError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    if fail_on == "none":
        return ()
    failed = (r for r in reviewed if r.decision is None or r.regressed)
    if fail_on == "new-hard":
        return tuple(r for r in failed if r.item.severity == "hard")
    return tuple(failed)
