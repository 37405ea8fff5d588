"""Model folders built once: a marker written last, an atomic rename, a lock.

Shared by the sentence-transformers conversion and the ONNX export: a crash
never leaves a half-written folder where readers look, a folder truncated or
replaced afterwards is caught by its marker, and concurrent runs build it once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import ModelError

if TYPE_CHECKING:
    from checker.embedding import StepProgress

logger = logging.getLogger(__name__)


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON, creating the parent folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MB chunks (the model file is 72 MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_sizes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_size
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_marker(folder: Path, name: str, fields: Mapping[str, Any]) -> None:
    """Write a folder's marker file last: ``fields`` plus the size of every file written before it.

    Its presence says the folder is complete; the sizes catch a file that was
    truncated or replaced afterwards (see ``marker_matches``).
    """
    write_json(folder / name, {**fields, "files": _file_sizes(folder)})


def marker_matches(
    folder: Path, name: str, fields: Mapping[str, Any], required: Iterable[str]
) -> bool:
    """Whether ``folder`` has a marker with exactly these ``fields``, the required files, and
    every listed file at its recorded size."""
    try:
        marker = json.loads((folder / name).read_text(encoding="utf-8"))
        if any(marker.get(key) != value for key, value in fields.items()):
            return False
        files: dict[str, int] = marker["files"]
        if any(file not in files for file in required):
            return False
        return all((folder / file).stat().st_size == size for file, size in files.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False



class BuildSteps:
    """Reports the steps of a model build to a progress display and to the log.

    A conversion takes seconds to tens of seconds on first use; shown as a
    stage of its own (``stage``, one unit per step), the user sees what the
    wait is for instead of an embedding bar stuck at zero.
    """

    def __init__(self, progress: StepProgress | None, stage: str, total: int) -> None:
        self._progress = progress
        self._stage = stage
        self._total = total

    def __enter__(self) -> BuildSteps:
        if self._progress is not None:
            self._progress.start(self._stage, self._total)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.finish()

    @contextlib.contextmanager
    def step(self, what: str) -> Iterator[None]:
        logger.info("%s: %s", self._stage, what)
        yield
        if self._progress is not None:
            self._progress.advance(1)


def build_folder(out_dir: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write(tmp)`` on a temporary sibling folder, then rename it to ``out_dir``.

    A crash or an error never leaves a half-written folder at ``out_dir``, and
    readers never see one. ``out_dir`` must not exist yet.
    """
    if out_dir.exists():
        raise ModelError(f"{out_dir} already exists; remove it or choose another folder")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        write(tmp)
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache may be shared
        tmp.rename(out_dir)
    except OSError as exc:
        raise ModelError(f"cannot write the model to {out_dir}: {exc}") from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out_dir



#: How long a run waits for another process's conversion before giving up.
LOCK_TIMEOUT_SECONDS = 600.0


def _discard(folder: Path) -> None:
    """Move a stale folder out of the way atomically, then delete it."""
    trash = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
    folder.rename(trash / folder.name)
    shutil.rmtree(trash, ignore_errors=True)


def ensure_folder(
    folder: Path,
    complete: Callable[[Path], bool],
    build: Callable[[Path], Path],
    what: str,
) -> Path:
    """Return ``folder`` once ``complete(folder)`` holds, building it with ``build(folder)`` if not.

    A lock file beside the folder (``filelock``: works on every platform)
    makes concurrent runs build it once; the others wait and reuse it. A
    folder that exists but is incomplete or stale is moved away and rebuilt,
    with a warning.
    """
    if complete(folder):
        return folder
    from filelock import FileLock, Timeout

    folder.parent.mkdir(parents=True, exist_ok=True)
    lock_path = folder.parent / f"{folder.name}.lock"
    try:
        with FileLock(str(lock_path), timeout=LOCK_TIMEOUT_SECONDS):
            if complete(folder):  # another process finished it meanwhile
                return folder
            if folder.exists():
                logger.warning("%s at %s is incomplete or stale; rebuilding it", what, folder)
                _discard(folder)
            else:
                logger.info("building the %s into %s (once)", what, folder)
            return build(folder)
    except Timeout as exc:
        raise ModelError(
            f"another checker has held {lock_path} for {LOCK_TIMEOUT_SECONDS:.0f} s; "
            "if no other run is going on, delete that file"
        ) from exc
