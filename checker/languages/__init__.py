"""Language knowledge, one TOML data file per language, and the base they share.

Adding a language means adding ``<code>.toml`` with the keys of the schema in
``_base.toml``, either beside this file or in a folder named by the
``CHECKER_LANGUAGE_PATH`` environment variable (folders separated by
``os.pathsep``; a file there wins over the package's own). No Python changes:
every rule that differs between languages is read from the file.

``_base.toml`` holds what all languages share and what is no language's: the
slot taxonomy (which events there are, how an explanation names them, whether
they recur in a life), the calendar cut-overs, the language-neutral skeleton of
name keys, the scripts that count as names, the code aliases, and the schema
every language file is checked against. ``base()`` returns it typed.

Month names and number separators come from CLDR through Babel, so the files
hold only what CLDR does not know: words for numbers, scales, bounds and
approximations, event words, abbreviations.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from checker.errors import LanguageError

#: Environment variable naming extra folders of language files, searched first.
PATH_VARIABLE = "CHECKER_LANGUAGE_PATH"

#: The file of shared knowledge, beside the language files.
BASE_FILE = "_base.toml"

#: Kinds of value a schema may name for a key (see ``_base.toml`` [schema]).
VALUE_KINDS = frozenset(
    {"string", "strings", "bool", "numbers", "parts", "pairs", "units", "slots"}
)


@dataclass(frozen=True)
class SlotInfo:
    """One slot of the taxonomy: what a value is about, and how the comparator treats it.

    >>> base().slots["arrest"].recurs, base().slots["birth"].once
    (True, True)
    """

    key: str
    event: str
    count: str
    place: str
    recurs: bool = False
    once: bool = False
    places: bool = False
    generic: bool = False
    place_only: bool = False
    movement: bool = False
    structural: bool = False
    spans: tuple[str, str] | None = None

    def phrase(self, part: str | None = None) -> str:
        """The slot in an explanation, or the start or end of it (as compare.py words it).

        >>> base().slots["exile"].phrase("start")
        'the start of exile'
        >>> base().slots["lifespan"].phrase("end")
        'the death'
        """
        if part is None:
            return self.event
        if self.spans is not None:
            return base().slots[self.spans[0 if part == "start" else 1]].event
        return f"the {part} of {self.event.removeprefix('the ')}"


@dataclass(frozen=True)
class Cutover:
    """The day a country began to use the Gregorian calendar."""

    region: str
    gregorian_from: date


@dataclass(frozen=True)
class BaseData:
    """What every language shares, read from ``_base.toml``.

    >>> b = base()
    >>> b.aliases["no"], b.slots["death"].count, b.julian_cutover.year >= 1918
    ('nb', 'the deaths', True)
    """

    aliases: Mapping[str, str]
    slots: Mapping[str, SlotInfo]
    #: unit key -> how an explanation writes a figure in it ("{} people")
    units: Mapping[str, str]
    structural_units: frozenset[str]
    scripts: tuple[str, ...]
    skeleton: tuple[tuple[str, str], ...]
    cutovers: tuple[Cutover, ...]
    short_decade_century: int
    schema: Mapping[str, Any] = field(repr=False)

    @property
    def julian_cutover(self) -> date:
        """The latest cut-over: an unmarked date before it may be a Julian one somewhere."""
        return max(c.gregorian_from for c in self.cutovers)

    def unit_text(self, unit: str | None, figure: str) -> str:
        """A figure with its unit in English ("700,000 people"), for explanations.

        >>> base().unit_text("percent", "62"), base().unit_text(None, "3")
        ('62%', '3')
        """
        if unit is None:
            return figure
        return self.units.get(unit, "{} " + unit).format(figure)

    def cutover(self, region: str) -> date | None:
        """The first Gregorian day of a region named in the base file, or None."""
        for item in self.cutovers:
            if item.region == region:
                return item.gregorian_from
        return None

    def _where(self, flag: str) -> frozenset[str]:
        return frozenset(key for key, info in self.slots.items() if getattr(info, flag))

    @property
    def recurring_slots(self) -> frozenset[str]:
        return self._where("recurs")

    @property
    def once_slots(self) -> frozenset[str]:
        return self._where("once")

    @property
    def place_slots(self) -> frozenset[str]:
        return self._where("places")

    @property
    def generic_slots(self) -> frozenset[str]:
        return self._where("generic")

    @property
    def place_only_slots(self) -> frozenset[str]:
        return self._where("place_only")

    @property
    def movement_slots(self) -> frozenset[str]:
        return self._where("movement")

    @property
    def structural_slots(self) -> frozenset[str]:
        return self._where("structural")

    @property
    def lexical_slots(self) -> tuple[str, ...]:
        """Slots a language file names with words: every slot but the structural ones."""
        return tuple(key for key, info in self.slots.items() if not info.structural)


@dataclass(frozen=True)
class LanguageData:
    """What checker knows of one language, read from its data file.

    ``sections`` holds the file's tables (``segment``, ``dates``, ``numbers``,
    ``names``, ``slots``) as read; the stages that use them interpret them.
    ``name`` is the language's English name, for reports ("Norwegian Bokmål").
    """

    code: str
    name: str
    babel_locale: str
    sections: Mapping[str, Mapping[str, Any]] = field(repr=False)
    script: str = "LATIN"

    def section(self, name: str) -> Mapping[str, Any]:
        """One table of the data file (``segment``, ``dates``, ...)."""
        return self.sections[name]


# --- the base ------------------------------------------------------------------


@cache
def base() -> BaseData:
    """The shared data of ``_base.toml``, checked once.

    Raises:
        LanguageError: the base file is malformed (a packaging error).
    """
    raw = tomllib.loads(resources.files(__name__).joinpath(BASE_FILE).read_text("utf-8"))
    try:
        return _build_base(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise LanguageError(f"{BASE_FILE} is malformed: {error!r}") from None


def _build_base(raw: Mapping[str, Any]) -> BaseData:
    slots: dict[str, SlotInfo] = {}
    for key, info in raw["slots"].items():
        unknown = set(info) - {f for f in SlotInfo.__dataclass_fields__ if f != "key"}
        if unknown:
            raise ValueError(f"[slots.{key}] has unknown keys {sorted(unknown)}")
        event = str(info["event"])
        spans = info.get("spans")
        if spans is not None and (len(spans) != 2 or not set(spans) <= set(raw["slots"])):
            raise ValueError(f"[slots.{key}] spans must name two slots")
        slots[key] = SlotInfo(
            key=key,
            event=event,
            count=str(info.get("count", event)),
            place=str(info.get("place", event)),
            spans=(str(spans[0]), str(spans[1])) if spans is not None else None,
            **{flag: bool(info.get(flag, False)) for flag in _FLAGS},
        )
    schema = raw["schema"]
    for table, keys in schema.items():
        kinds = keys.values() if isinstance(keys, dict) else [keys]
        if any(kind not in VALUE_KINDS for kind in kinds):
            raise ValueError(f"[schema] {table} names an unknown kind of value")
    units = {str(k): str(v) for k, v in raw["units"].items()}
    if not all("{}" in v for v in units.values()):
        raise ValueError("[units] each unit's text must hold {} for the figure")
    structural_units = frozenset({"age"})
    cutovers = tuple(
        sorted(
            (Cutover(str(c["region"]), c["gregorian_from"]) for c in raw["calendar"]["cutovers"]),
            key=lambda c: (c.gregorian_from, c.region),
        )
    )
    if not all(isinstance(c.gregorian_from, date) for c in cutovers):
        raise ValueError("[calendar] cutovers need TOML dates (1918-02-14)")
    return BaseData(
        aliases=MappingProxyType({str(k): str(v) for k, v in raw["aliases"].items()}),
        slots=MappingProxyType(slots),
        units=MappingProxyType(units),
        structural_units=structural_units & set(units),
        scripts=tuple(str(s).upper() for s in raw["names"]["scripts"]),
        skeleton=tuple((str(a), str(b)) for a, b in raw["names"]["skeleton"]),
        cutovers=cutovers,
        short_decade_century=int(raw["dates"]["short_decade_century"]),
        schema=MappingProxyType(dict(schema)),
    )


_FLAGS = ("recurs", "once", "places", "generic", "place_only", "movement", "structural")


# --- finding and loading language files ----------------------------------------


def language_dirs() -> tuple[Traversable, ...]:
    """The folders searched for language files, in order (the first file of a code wins).

    The folders of ``$CHECKER_LANGUAGE_PATH`` come first, then the package's own.
    """
    extra = [Path(p) for p in os.environ.get(PATH_VARIABLE, "").split(os.pathsep) if p.strip()]
    return (*extra, resources.files(__name__))


def _files() -> dict[str, Traversable]:
    found: dict[str, Traversable] = {}
    for folder in language_dirs():
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            name = entry.name
            if name.endswith(".toml") and not name.startswith("_"):
                found.setdefault(name.removesuffix(".toml"), entry)
    return found


def available_languages() -> tuple[str, ...]:
    """Codes of every language that has a data file, sorted.

    >>> {"nb", "id", "en", "es"} <= set(available_languages())
    True
    """
    return tuple(sorted(_files()))


def canonical_code(code: str) -> str:
    """Lower-case the code and resolve aliases (``no`` -> ``nb``).

    >>> canonical_code(" NO ")
    'nb'
    """
    code = code.strip().lower()
    return base().aliases.get(code, code)


@contextmanager
def language_path(*folders: Path | str) -> Iterator[None]:
    """Search ``folders`` for language files first while the block runs (for tests and tools).

    >>> with language_path("/nonexistent"):
    ...     "nb" in available_languages()
    True
    """
    before = os.environ.get(PATH_VARIABLE)
    os.environ[PATH_VARIABLE] = os.pathsep.join(
        [str(f) for f in folders] + ([before] if before else [])
    )
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(PATH_VARIABLE, None)
        else:
            os.environ[PATH_VARIABLE] = before


def load_language(code: str) -> LanguageData:
    """Load and validate the data file of ``code`` (cached per file).

    >>> load_language("no").code
    'nb'
    >>> load_language("es").name
    'Spanish'

    Raises:
        LanguageError: no data file exists for the code, or it is invalid.
    """
    code = canonical_code(code)
    files = _files()
    entry = files.get(code)
    if entry is None:
        raise LanguageError(
            f"no language data for {code!r}; supported languages: "
            f"{', '.join(sorted(files))} (add {code}.toml to checker/languages/ or to a "
            f"folder in ${PATH_VARIABLE} to support it)"
        )
    return _load_file(code, entry.read_text("utf-8"))


@cache
def _load_file(code: str, text: str) -> LanguageData:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LanguageError(f"language file {code}.toml is not valid TOML: {error}") from None
    problems = language_problems(code, raw)
    if problems:
        raise LanguageError(f"language file {code}.toml is invalid: {'; '.join(problems)}")
    return LanguageData(
        code=raw["code"],
        name=raw["name"],
        babel_locale=raw["babel_locale"],
        script=raw["script"].upper(),
        sections=MappingProxyType(
            {key: raw[key] for key, kind in base().schema.items() if isinstance(raw[key], dict)}
        ),
    )


# --- validation ------------------------------------------------------------------


def language_problems(code: str, raw: Mapping[str, Any]) -> list[str]:
    """Every way a language file's content departs from the base's schema, as messages.

    Every key of the schema must be there with a value of its kind, and no
    other key; ``[slots]`` must have every slot of the base (but the
    structural ones) and no other; ``[numbers.units]`` every unit.

    >>> language_problems("xx", {"code": "xx"})[0]
    "xx.toml: lacks key 'name' (a string; see _base.toml [schema])"
    """
    schema = base().schema
    problems: list[str] = []
    for key, kind in schema.items():
        if key not in raw:
            what = "a table" if isinstance(kind, dict) else _KIND_TEXT[kind]
            problems.append(f"{code}.toml: lacks key {key!r} ({what}; see {BASE_FILE} [schema])")
        elif isinstance(kind, dict):
            if not isinstance(raw[key], dict):
                problems.append(f"{code}.toml: {key!r} must be a table [{key}]")
            else:
                problems.extend(_table_problems(code, key, raw[key], kind))
        else:
            problems.extend(_value_problems(code, "", key, raw[key], kind))
    for key in sorted(set(raw) - set(schema)):
        problems.append(f"{code}.toml: unknown key {key!r} (not in {BASE_FILE} [schema])")
    if isinstance(raw.get("code"), str) and raw["code"] != code:
        problems.append(f"{code}.toml: code is {raw['code']!r}, the file name says {code!r}")
    script = raw.get("script")
    if isinstance(script, str) and script.upper() not in base().scripts:
        problems.append(
            f"{code}.toml: script {script!r} is not one of {BASE_FILE} [names] scripts"
        )
    return problems


_KIND_TEXT = {
    "string": "a string",
    "strings": "a list of strings",
    "bool": "true or false",
    "numbers": "a table of words to numbers",
    "parts": "a table of phrases to parts of a year",
    "pairs": 'a list of ["from", "to"] pairs',
    "units": "a table of units to lists of words",
    "slots": "a table of slots to lists of word patterns",
}


def _table_problems(
    code: str, table: str, values: Mapping[str, Any], keys: Mapping[str, str]
) -> list[str]:
    problems = []
    for key, kind in keys.items():
        if key not in values:
            problems.append(
                f"{code}.toml: [{table}] lacks key {key!r} ({_KIND_TEXT[kind]}; every language "
                f"file has the keys of {BASE_FILE} [schema.{table}])"
            )
        else:
            problems.extend(_value_problems(code, table, key, values[key], kind))
    for key in sorted(set(values) - set(keys)):
        problems.append(
            f"{code}.toml: [{table}] has unknown key {key!r} (not in {BASE_FILE} [schema.{table}])"
        )
    return problems


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _numbers(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(x, int | float) and not isinstance(x, bool) for x in value.values()
    )


def _pairs(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(p, list) and len(p) == 2 and _strings(p) for p in value
    )


def _lists(value: Any) -> bool:
    return isinstance(value, dict) and all(_strings(x) for x in value.values())


def _texts(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(x, str) for x in value.values())


_KIND_CHECKS: Mapping[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "strings": _strings,
    "bool": lambda v: isinstance(v, bool),
    "numbers": _numbers,
    "parts": _texts,
    "pairs": _pairs,
    "units": _lists,
    "slots": _lists,
}


def _value_problems(code: str, table: str, key: str, value: Any, kind: str) -> list[str]:
    where = f"{code}.toml: [{table}] {key}" if table else f"{code}.toml: {key}"
    ok = _KIND_CHECKS[kind](value)
    if not ok:
        return [f"{where} must be {_KIND_TEXT[kind]}"]
    where = f"{code}.toml: [{table}.{key}]" if table else f"{code}.toml: [{key}]"
    if kind == "units":
        known = set(base().units) - base().structural_units
        return [
            f"{where} lacks unit {u!r} (every unit of {BASE_FILE} [units] but age)"
            for u in sorted(known - set(value))
        ] + [
            f"{where} has unknown unit {u!r} (add it to {BASE_FILE} [units] first)"
            for u in sorted(set(value) - known)
        ]
    if kind == "slots":
        known = set(base().lexical_slots)
        structural = base().structural_slots
        return [
            f"{where} lacks slot {s!r} (every language file names the events of "
            f"{BASE_FILE} [slots])"
            for s in sorted(known - set(value))
        ] + [
            f"{where} has slot {s!r}, which is "
            + ("structural (found from the text's shape, not words)" if s in structural
               else f"unknown (add [slots.{s}] to {BASE_FILE} first)")
            for s in sorted(set(value) - known)
        ]
    return []


def validate_language_files() -> list[str]:
    """Every problem with the data files found, each as one message (empty when all is well).

    >>> validate_language_files()
    []
    """
    problems: list[str] = []
    for code, entry in sorted(_files().items()):
        try:
            raw = tomllib.loads(entry.read_text("utf-8"))
        except tomllib.TOMLDecodeError as error:
            problems.append(f"{code}.toml: not valid TOML: {error}")
            continue
        problems.extend(language_problems(code, raw))
    return problems


def language_name(code: str) -> str:
    """The English name of a language for reports, from its data file; the code when it has none.

    A report may name a language whose file is no longer there (an old run),
    so this never raises.

    >>> language_name("nb"), language_name("no"), language_name("qq")
    ('Norwegian Bokmål', 'Norwegian Bokmål', 'qq')
    """
    try:
        return load_language(code).name
    except LanguageError:
        return code


def detect_language(text: str) -> str:
    """Guess the language of an article offline and return a supported code.

    Uses py3langid (a small n-gram model shipped in its package, no network).

    Raises:
        LanguageError: the text is in a language with no data file.
    """
    import py3langid

    detected, _score = py3langid.classify(text[:20000])
    code = canonical_code(str(detected))
    if code not in available_languages():
        raise LanguageError(
            f"the text looks like {code!r}, which has no language data; supported: "
            f"{', '.join(available_languages())}. Give the language with --src-lang/--tgt-lang "
            "if the guess is wrong"
        )
    return code
