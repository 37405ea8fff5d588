"""The fitted values: the config reads them from checker/fitted.toml, tune writes them back."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest

from checker.align import calibrate
from checker.config import AlignConfig, MatchConfig
from checker.fitted import fitted, fitted_path, write_fitted


def test_the_config_defaults_are_the_fitted_values() -> None:
    values = fitted()
    assert AlignConfig().calibration_center == values["align"]["calibration_center"]
    assert MatchConfig().weights == tuple(values["match"]["weights"])
    assert MatchConfig().confidence_bias == values["confidence"]["bias"]
    # The calibration in use is the file's: its centre maps to one half.
    centre = np.array([AlignConfig().calibration_center], dtype=np.float32)
    assert calibrate(centre, AlignConfig())[0] == pytest.approx(0.5)


def test_writing_changes_only_the_fitted_lines_and_keeps_the_comments(tmp_path: Path) -> None:
    copy = tmp_path / "fitted.toml"
    shutil.copy(fitted_path(), copy)
    before = copy.read_text(encoding="utf-8").splitlines()
    write_fitted("match", {"bias": -3.14159, "weights": [1.23456, 0.5]}, path=copy)
    after = copy.read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    # Two lines of [match] changed; [confidence] has a `bias` and `weights` too, untouched.
    assert [new for _, new in changed] == ["bias = -3.14", "weights = [1.23, 0.5]"]
    assert [after.index(new) for _, new in changed] == [
        before.index(old) for old, _ in changed
    ]
    assert all(before.index(old) < before.index("[confidence]") for old, _ in changed)
    assert tomllib.loads(copy.read_text(encoding="utf-8"))["match"]["weights"] == [1.23, 0.5]


def test_an_unknown_key_is_refused_and_nothing_written(tmp_path: Path) -> None:
    copy = tmp_path / "fitted.toml"
    shutil.copy(fitted_path(), copy)
    before = copy.read_bytes()
    with pytest.raises(KeyError, match="no slope"):
        write_fitted("match", {"slope": 1.0}, path=copy)
    assert copy.read_bytes() == before
