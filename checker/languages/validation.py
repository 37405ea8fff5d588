"""Validation of language files: every way one departs from the base's schema, as messages.

Each problem is one line naming the file and the key ("xx.toml: lacks key
'name' (a string; see _base.toml [schema])"). The checks read only the
file's parsed content and the base; finding and parsing the files is
``checker.languages.loading``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from checker.languages.shared import BASE_FILE, base


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
