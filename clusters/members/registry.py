"""What higher apps add to members without clusters naming them, registered from their AppConfig.ready():

- sections of a member's page (`register_member_section`): a template and the function that fills it, or hides it;
- notes on credit codes (`register_credit_code_notes`): when a body adds members, what another app knows of their
  credit codes (the same enterprise in other clusters), said on the form, in the API's answer and in an import's
  report. A note is a proposal, never a refusal: it never stops a write.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class MemberSection:
    """A section of the member page: `template` is included with `data`, the dict `context(request, member)`
    returns (None: the section is not shown); sections are shown by `order`, below the member's own fields."""

    key: str
    template: str
    context: Callable[..., dict | None]
    order: int = 0


@dataclass(frozen=True)
class RenderedSection:
    key: str
    template: str
    data: dict


_sections: dict[str, MemberSection] = {}

# key -> notes(*, cluster, codes) -> {credit code: message}; read in the current scope, as the scope's viewer may
# see what it says.
_notes: dict[str, Callable[..., dict[str, str]]] = {}


def register_member_section(section: MemberSection) -> None:
    _sections[section.key] = section


def member_sections(request, member) -> list[RenderedSection]:
    rendered = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        data = section.context(request, member)
        if data is not None:
            rendered.append(RenderedSection(key=section.key, template=section.template, data=data))
    return rendered


def register_credit_code_notes(key: str, notes: Callable[..., dict[str, str]]) -> None:
    _notes[key] = notes


def credit_code_notes(*, cluster, codes: Iterable[str]) -> dict[str, list[str]]:
    """{credit code: [message, …]} for the codes (among `codes`, empty ones left out) that some app has a note on,
    as the current scope's viewer may read it. `cluster` is the cluster the members are added to."""
    codes = sorted({code for code in codes if code})
    found: dict[str, list[str]] = {}
    if not codes:
        return found
    for notes in _notes.values():
        for code, message in notes(cluster=cluster, codes=codes).items():
            found.setdefault(code, []).append(message)
    return found
