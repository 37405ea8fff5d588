"""SARIF 2.1.0 output, so code-scanning tools can show and track findings.

Code-scanning tools track a result across runs by a fingerprint and compare
runs against a baseline. checker has both already: ``finding_id`` (no line
numbers, survives small edits) becomes ``partialFingerprints``, and the
decisions file is the baseline:

- ``new``: no decision;
- ``unchanged``: decided, still found (a regressed ``fixed`` finding too, with
  ``properties.regressed`` set and a message that says so);
- ``absent``: a decision whose finding is no longer found (resolved).

``false-positive`` and ``accepted`` decisions become SARIF *suppressions*
(kind ``external``: the decision lives outside the article), with the note as
justification. Hard findings are ``error``, soft ones ``warning``; columns
count Unicode code points. Output is deterministic: sorted keys, results
sorted by file, line and id, no timestamps.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker import __version__
from checker.records import Fact, Finding, Sentence
from checker.review import Decision, PairReview, Reviewed

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: The key of checker's fingerprint in ``partialFingerprints``.
FINGERPRINT_KEY = "checkerFindingId/v1"
SRCROOT = "%SRCROOT%"

_KIND_TEXT = {"date": "dates", "number": "figures", "name": "names"}
_SUPPRESSED = ("false-positive", "accepted")


def render_sarif(pairs: Sequence[PairReview]) -> bytes:
    """The bytes of one SARIF log with one run holding every pair's results.

    One run, because code-scanning services reject several runs of one tool
    and category in an upload.

    >>> json.loads(render_sarif([]))["runs"][0]["results"]
    []
    """
    results: list[dict[str, Any]] = []
    rules: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        by_id = {f.finding_id: f for f in pair.outcome.findings}
        for reviewed in pair.outcome.reviewed:
            finding = by_id.get(reviewed.item.finding_id)
            if finding is None:
                continue
            rule = _rule_id(finding.scope, finding.kind)
            rules.setdefault(rule, _rule(finding.scope, finding.kind))
            results.append(_result(pair, finding, reviewed, rule))
        for decision in pair.outcome.resolved:
            scope = decision.context.get("scope", "cross")
            kind = decision.context.get("kind", "date")
            rule = _rule_id(scope, kind)
            rules.setdefault(rule, _rule(scope, kind))
            results.append(_absent(pair, decision, rule))
    results.sort(key=_result_order)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "checker",
                        "version": __version__,
                        "rules": [rules[key] for key in sorted(rules)],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {SRCROOT: {"description": {"text": "the repository root"}}},
                "results": results,
            }
        ],
    }
    text = json.dumps(log, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _rule_id(scope: str, kind: str) -> str:
    return f"{scope}-{kind}"


def _rule(scope: str, kind: str) -> dict[str, Any]:
    what = _KIND_TEXT.get(kind, kind)
    if scope == "internal":
        short = f"An article contradicts itself on {what}"
    else:
        short = f"Two language editions disagree on {what}"
    return {
        "id": _rule_id(scope, kind),
        "name": "".join(part.capitalize() for part in (scope, kind, "conflict")),
        "shortDescription": {"text": short},
        "fullDescription": {
            "text": f"{short}: two sentences about the same thing give different {what}. "
            "Decide it with `checker review` (confirmed, false-positive, fixed, accepted)."
        },
        "defaultConfiguration": {"level": "warning"},
    }


def _result(pair: PairReview, finding: Finding, reviewed: Reviewed, rule: str) -> dict[str, Any]:
    src_uri, tgt_uri = _uris(pair, finding.scope, finding.src_lang)
    message = f"{finding.explanation} ({finding.src_fact.text} vs {finding.tgt_fact.text})"
    if reviewed.regressed:
        message = "Regressed (was decided fixed): " + message
    result: dict[str, Any] = {
        "ruleId": rule,
        "level": "error" if finding.severity == "hard" else "warning",
        "message": {"text": message},
        "locations": [_location(src_uri, finding.src_sentence, finding.src_fact)],
        "relatedLocations": [
            dict(
                _location(tgt_uri, finding.tgt_sentence, finding.tgt_fact),
                id=1,
                message={"text": f"the other sentence ({finding.tgt_lang})"},
            )
        ],
        "partialFingerprints": {FINGERPRINT_KEY: finding.finding_id},
        "baselineState": "new" if reviewed.decision is None else "unchanged",
        "properties": {
            "pair": pair.name,
            "finding_id": finding.finding_id,
            "review_status": reviewed.status,
            "regressed": reviewed.regressed,
            "severity": finding.severity,
            "confidence": round(finding.confidence, 3),
        },
    }
    decision = reviewed.decision
    if decision is not None and decision.status in _SUPPRESSED:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{decision.status}: {decision.note}".rstrip(": "),
            }
        ]
    return result


def _absent(pair: PairReview, decision: Decision, rule: str) -> dict[str, Any]:
    context = decision.context
    src_uri, _ = _uris(pair, context.get("scope", "cross"), context.get("src_lang", pair.src_lang))
    values = decision.values()
    text = "Resolved: no longer found" + (f" ({values})" if values else "")
    return {
        "ruleId": rule,
        "level": "note",
        "message": {"text": f"{text}; it was decided {decision.status}."},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(src_uri)}}],
        "partialFingerprints": {FINGERPRINT_KEY: decision.finding_id},
        "baselineState": "absent",
        "properties": {
            "pair": pair.name,
            "finding_id": decision.finding_id,
            "review_status": decision.status,
            "regressed": False,
        },
    }


def _uris(pair: PairReview, scope: str, src_lang: str) -> tuple[str, str]:
    """The files holding a finding's two sentences: both in one article when internal."""
    if scope == "internal":
        path = pair.src_path if src_lang == pair.src_lang else pair.tgt_path
        return _uri(path), _uri(path)
    return _uri(pair.src_path), _uri(pair.tgt_path)


def _uri(path: str) -> str:
    """A path relative to the current folder (the repository root in CI), as a URI reference."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_uri()
    return candidate.as_posix()


def _artifact(uri: str) -> dict[str, str]:
    if uri.startswith("file:"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": SRCROOT}


def _location(uri: str, sentence: Sentence, fact: Fact) -> dict[str, Any]:
    start = sentence.start + max(fact.start, 0) + 1
    end = sentence.start + max(fact.end, fact.start) + 1
    return {
        "physicalLocation": {
            "artifactLocation": _artifact(uri),
            "region": {
                "startLine": sentence.line,
                "startColumn": start,
                "endColumn": end,
                "snippet": {"text": sentence.text},
            },
        }
    }


def _result_order(result: dict[str, Any]) -> tuple[str, int, str]:
    location = result["locations"][0]["physicalLocation"]
    line = location.get("region", {}).get("startLine", 0)
    return (
        location["artifactLocation"]["uri"],
        line,
        result["partialFingerprints"][FINGERPRINT_KEY],
    )
