"""HTML helpers shared by the pair report and the outliers page.

Article text is data, never markup: Jinja2 autoescapes everywhere and
`mark_value` escapes each part of a sentence before adding its ``<mark>``.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from checker.records import Fact, Sentence


def mark_value(sentence: Sentence, fact: Fact) -> Markup:
    """The sentence as HTML with the fact's span in ``<mark>``.

    Each part is escaped on its own before the tags are added, so article text
    can never become markup. A span that does not fit the sentence is not marked.

    >>> from checker.records import NameKey
    >>> s = Sentence(0, "<b>Gori</b> 1878", 1, 0, "")
    >>> str(mark_value(s, Fact("name", "Gori", 3, 7, NameKey("gori", ("gori",)))))
    '&lt;b&gt;<mark>Gori</mark>&lt;/b&gt; 1878'
    """
    text = sentence.text
    if not 0 <= fact.start < fact.end <= len(text):
        return escape(text)
    return (
        escape(text[: fact.start])
        + Markup("<mark>")
        + escape(text[fact.start : fact.end])
        + Markup("</mark>")
        + escape(text[fact.end :])
    )



def html_environment() -> Environment:
    """Jinja2 with autoescape on everywhere: article text is data, never markup."""
    return Environment(
        loader=PackageLoader("checker", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
