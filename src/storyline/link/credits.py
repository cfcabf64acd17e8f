"""Wire credits: which agency an article says its copy came from.

A pickup of wire copy keeps the agency's credit: "SEOUL, May 15 (UPI) --", "[YONHAP]", "(AP) —",
"VSNA reported". An article crediting another article's outlet this way was derived from it,
not the other way round; and articles carrying one agency's credit are one source, not several.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

from storyline.ingest.outlets import credit_forms, squashed
from storyline.model import Article

# agencies whose copy other outlets run: their stories are originals, not rewrites
KNOWN_AGENCIES = frozenset(
    [
        "UPI",
        "Associated Press",
        "Reuters",
        "AFP",
        "Yonhap",
        "dpa",
        "EFE",
        "ANSA",
        "Xinhua",
        "TASS",
        "Kyodo",
        "KCNA",
    ]
)
# "(UPI)", "[YONHAP]", "(AP) --": a credit in brackets
_BRACKET_CREDIT = re.compile(r"[(\[]([A-Z][A-Za-z .&-]{0,40}?)[)\]]")
# "VSNA reported", "according to Harbor Wire", "told Yonhap": a credit in running text
_NAMED_CREDIT = re.compile(
    r"(?:according to|reported by|told|via)\s+(?:the\s+)?((?:[A-Z][\w&.-]*\s?){1,6})"
    r"|((?:[A-Z][\w&.-]*\s?){1,6})\s+(?:reported|said|news agency)"
)


# "SEOUL, May 15 (UPI) --", "(AP) —": the credit of a dateline, at the top of the text
_DATELINE_CREDIT = re.compile(r"\(([A-Z][A-Za-z .&-]{0,40}?)\)\s*(?:--|—|–)")
DATELINE_REACH = 400  # characters from the start of the text where a dateline may stand


@cache
def _credit_table() -> dict[str, str]:
    text = resources.files("storyline").joinpath("outlets.json").read_text("utf-8")
    return {key.casefold(): name for key, name in json.loads(text)["credits"].items()}


def credits_in(text: str) -> set[str]:
    """The credit strings an article's text carries, as written ("UPI", "YONHAP", "VSNA")."""
    return set(_credits(text))


@lru_cache(maxsize=1 << 12)  # a derivation search reads each text's credits twice or more
def _credits(text: str) -> frozenset[str]:
    found = {m.group(1).strip() for m in _BRACKET_CREDIT.finditer(text)}
    for match in _NAMED_CREDIT.finditer(text):
        found.add((match.group(1) or match.group(2)).strip())
    return frozenset(credit for credit in found if credit)


def dateline_credit(text: str) -> str | None:
    """The agency credited in the article's dateline ("UPI" in "SEOUL, May 15 (UPI) --")."""
    match = _DATELINE_CREDIT.search(text, 0, DATELINE_REACH)
    return match.group(1).strip() if match else None


def credits_outlet(credits: set[str], outlet: str | None) -> bool:
    """Whether one of the credits names ``outlet``: by name, by initials or by a known credit."""
    if not outlet:
        return False
    index = _index_of(outlet)
    return any(index.named_by(credit) for credit in credits)


def credited_outlets(
    outlets: Iterable[str], crediting: Iterable[tuple[str | None, Iterable[str]]]
) -> set[str]:
    """The ``outlets`` that an article of another outlet credits; ``crediting`` holds each
    crediting article's outlet and its credits. Each distinct credit is looked up once in an
    index of the outlets, not tested against every outlet."""
    index = _OutletIndex(sorted(set(outlets)))
    found: set[str] = set()
    for outlet, credits in crediting:
        for credit in credits:
            found |= index.named_by(credit) - {outlet}
    return found


class _OutletIndex:
    """Outlets by what names them (``credits_outlet``): their case-folded names and, for a
    one-word credit, their ``credit_forms``."""

    def __init__(self, outlets: Iterable[str]) -> None:
        self.by_name: dict[str, set[str]] = {}
        self.by_form: dict[str, set[str]] = {}
        for outlet in outlets:
            if outlet:
                self.by_name.setdefault(outlet.casefold(), set()).add(outlet)
                for form in credit_forms(outlet):
                    self.by_form.setdefault(form, set()).add(outlet)

    def named_by(self, credit: str) -> set[str]:
        """The outlets ``credit`` names: by name, by a known credit, by name or initials."""
        folded = credit.casefold()
        found = set(self.by_name.get(folded, ()))
        found |= self.by_name.get(_credit_table().get(folded, "").casefold(), set())
        if " " not in credit:
            found |= self.by_form.get(squashed(folded), set())
        return found


@lru_cache(maxsize=1 << 12)
def _index_of(outlet: str) -> _OutletIndex:
    """The index of one outlet: a store asks about each of its few outlets again and again."""
    return _OutletIndex([outlet])


def is_agency(article: Article, credited: set[str]) -> bool:
    """A wire or news agency: a known one, or an outlet another article of the set credits."""
    return article.outlet is not None and (
        article.outlet in KNOWN_AGENCIES or article.outlet in credited
    )
