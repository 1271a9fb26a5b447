"""Search tokens: the one tokeniser of documents and queries, in Python, so that PostgreSQL and SQLite match the same
rows (neither database's text-search parser segments Chinese).

Text is folded first (NFKC, accents stripped, case folded: "Énergie" and "ENERGIE" are one word). A run of CJK
characters gives its characters and its pairs of neighbours (南瑞 is a pair of 国电南瑞科技), a run of letters and
digits gives one word (a credit code is one word). A document's tokens are stored in its search column as
" token token … " (a space on either side), which PostgreSQL reads as a tsvector and SQLite searches with instr().
A query keeps all its terms (AND): a CJK run as its pairs (its one character when it is a single one), a word as
itself, and as a prefix when it has three characters or more ("siem" finds Siemens, a credit code's first digits
find it).
"""

import re
import unicodedata
from dataclasses import dataclass

MIN_QUERY_CHARACTERS = 2  # one character would match a large share of every table
MAX_QUERY_TERMS = 24  # a pasted paragraph is cut here (the first terms already narrow it)
MAX_WORD = 64  # longer runs (a URL, a hash) are not words anyone types
PREFIX_FROM = 3  # words this long or longer also match as a prefix
MAX_DOCUMENT_CHARACTERS = 40_000  # per field: a policy's full text (PostgreSQL's tsvector holds at most 1 MB)

_CJK_RANGES = (
    (0x3040, 0x30FF),  # kana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # hangul
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x3FFFF),  # extensions B and later
)


def is_cjk(character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def fold(text: str) -> str:
    """NFKC (full-width Ａ１ is A1), accents stripped, case folded."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text or ""))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


_CJK_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in _CJK_RANGES)
# A run of CJK characters, or a run of other letters and digits (str.isalnum, underscore excluded).
_RUN = re.compile(f"([{_CJK_CLASS}]+)|((?:(?![{_CJK_CLASS}])[^\\W_])+)")


def _runs(text: str):
    """(is_cjk, run) for each run of CJK characters or of other letters and digits of the folded text."""
    for cjk, word in _RUN.findall(fold(text)):
        yield (True, cjk) if cjk else (False, word)


def document_tokens(*texts) -> str:
    """The search column's value for a document made of `texts`: " token token … ", each token once."""
    tokens = {}
    for text in texts:
        for cjk, run in _runs(str(text or "")[:MAX_DOCUMENT_CHARACTERS]):
            if cjk:
                tokens.update(dict.fromkeys(run))
                tokens.update(dict.fromkeys(run[i : i + 2] for i in range(len(run) - 1)))
            elif len(run) <= MAX_WORD:
                tokens[run] = None
    return f" {' '.join(tokens)} " if tokens else ""


@dataclass(frozen=True)
class Term:
    token: str
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """A parsed query: `text` as typed (trimmed), `folded` for ranking, its `terms`, or why it cannot run."""

    text: str
    folded: str
    terms: tuple[Term, ...]
    problem: str = ""  # "empty" or "too_short"

    @property
    def ok(self) -> bool:
        return not self.problem


def parse_query(text: str) -> Query:
    text = " ".join((text or "").split())[:200]
    terms, characters = {}, 0
    for cjk, run in _runs(text):
        characters += len(run)
        if cjk and len(run) > 1:
            for i in range(len(run) - 1):
                terms.setdefault(run[i : i + 2], Term(run[i : i + 2]))
        elif len(run) <= MAX_WORD:
            terms.setdefault(run, Term(run, prefix=not cjk and len(run) >= PREFIX_FROM))
    folded = " ".join(run for _cjk, run in _runs(text))
    if not terms:
        return Query(text, folded, (), "empty")
    if characters < MIN_QUERY_CHARACTERS:
        return Query(text, folded, (), "too_short")
    return Query(text, folded, tuple(terms.values())[:MAX_QUERY_TERMS])


def words(text) -> str:
    """The folded words of a text joined by single spaces: what ranking compares with `Query.folded`."""
    return " ".join(run for _cjk, run in _runs(str(text or "")))
