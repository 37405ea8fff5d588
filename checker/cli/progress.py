"""How the CLI shows the pipeline's progress: bars on a terminal, one line per stage elsewhere.

The library reports stages through the `Progress` protocol of
`checker.pipeline`; these are the two displays the command line gives it.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.progress import TaskID

    from checker.pipeline import Progress


class RichProgress:
    """Shows the pipeline's long stages as rich progress bars on stderr (a terminal).

    Stages nest: a model build that starts while the embedding stage is open
    shows as a bar of its own under it and is removed when it finishes; the
    display stops when the last open stage finishes.
    """

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._tasks: list[TaskID] = []

    def start(self, stage: str, total: int | None = None) -> None:
        if not self._tasks:
            self._progress.start()
        self._tasks.append(self._progress.add_task(stage, total=total))

    def advance(self, count: int) -> None:
        if self._tasks:
            self._progress.advance(self._tasks[-1], count)

    def finish(self) -> None:
        # The finished bar is removed, or the next stage would show it again.
        if self._tasks:
            self._progress.remove_task(self._tasks.pop())
        if not self._tasks:
            self._progress.stop()


#: What the count of a stage counts, for the one-line progress; other stages say "steps".
#: (The embedding stage embeds sentences and, for fact matching, the words around facts.)
STAGE_UNITS = {"embed": "texts"}


class LineProgress:
    """One line per stage on stderr, for logs: ``embed: 1514 texts ... done in 21.3 s``.

    Used when stderr is not a terminal (CI, a pipe, a file), where progress
    bars would be either invisible or pages of control codes, and where a long
    silent stage looks like a hang. The line is begun when the stage starts and
    ended when it finishes, so a log shows what is running. Any stage name is
    accepted; a stage started before the last one finished ends that one first,
    except ``nested`` ones (a model build inside the embedding stage), which get
    a line of their own, after which the outer stage's line is resumed.
    """

    #: Stages that run inside another one rather than after it.
    NESTED = ("prepare model", "convert model")

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._began: float | None = None
        self._outer: tuple[str, float] | None = None  # the stage a nested one interrupted
        self._stage = ""

    def _write(self, text: str) -> None:
        stream = self._stream if self._stream is not None else sys.stderr
        stream.write(text)
        stream.flush()

    def start(self, stage: str, total: int | None = None) -> None:
        if self._began is not None and stage.startswith(self.NESTED) and self._outer is None:
            self._write("\n")
            self._outer = (self._stage, self._began)
        else:
            self.finish()
        counted = f" {total} {STAGE_UNITS.get(stage, 'steps')}" if total is not None else ""
        self._write(f"{stage}:{counted} ...")
        self._stage = stage
        self._began = time.perf_counter()

    def advance(self, count: int) -> None:
        """Nothing to show between the start and the end of a line."""

    def finish(self) -> None:
        if self._began is None:
            return
        self._write(f" done in {time.perf_counter() - self._began:.1f} s\n")
        self._began = None
        if self._outer is not None:  # back to the stage the nested one interrupted
            self._stage, self._began = self._outer
            self._outer = None
            self._write(f"{self._stage}: ...")


def shared_progress() -> Callable[[], Progress]:
    """A progress factory that hands every pair the same display (see ``check``)."""
    shared = make_progress()
    return lambda: shared


def make_progress() -> Progress:
    """Progress bars on a terminal, one line per stage anywhere else."""
    if sys.stderr.isatty():
        return RichProgress()
    return LineProgress()
