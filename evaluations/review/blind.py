"""Blind review: what an assigned expert reads of an entry in a round with `blind_review`.

In such a round nothing the expert reads names the cluster, its promotion body, its city or its members:

- the entry is called by a neutral, stable code (`entry_code`: the round's letter and the entry's number,
  "A-0007"), shown as "Entry A-0007" (`entry_label`) wherever the cluster's name would be;
- free text the entrant wrote (the narrative, the notes of claimed values) and text others wrote about the entry
  (a recusal reason, a declared conflict's reason) is masked (`Masker`): every occurrence of the cluster's name, the
  promotion body's name, the names of the cluster's regions and of their cities, and every member's name and credit
  code is replaced by a mask naming the kind of name ("[cluster]", "[member]", …). The longest name wins where
  names overlap, so no part of a longer name is left; matching ignores case; the result depends on the text and
  the names only;
- evidence files are served under neutral names ("A-0007-evidence-2.pdf"). Their contents are the entrant's to
  keep anonymous: the entry form says so.

Who reads the names is a rule (`evaluations.read_entry_names`): everyone who may see the entry except an expert in
a blind round; the ministry reads everything. Names are read past the viewer's scope (the expert may not read the
cluster's members), since masking them is a rule about the entry, the same whoever asks.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from evaluations.entries.quality import claim_checks
from tenancy.scoping import unscoped

MIN_NAME_LENGTH = 2  # a shorter name (one character) would mask ordinary text
MIN_SHORT_FORM_LENGTH = 4  # a short form derived by dropping a suffix must keep this many characters
MIN_SHORT_FORM_LENGTH_LATIN = 4

CLUSTER, BODY, MEMBER, REGION = "cluster", "body", "member", "region"

# Suffixes dropped to find the short forms a narrative uses ("珀蓝市" → "珀蓝", "… Co., Ltd." → "…", "鹭洲织造促进会" →
# "鹭洲织造").
CLUSTER_SUFFIXES = ("先进制造业集群", "产业集群", "集群", " industrial cluster", " cluster")
BODY_SUFFIXES = (
    "集群发展促进中心",
    "发展促进中心",
    "促进中心",
    "促进会",
    "推进办公室",
    "办公室",
    "联盟",
    "协会",
    " association",
    " alliance",
    " council",
    " office",
    " centre",
    " center",
)
REGION_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
    " district",
    " county",
    " city",
    " prefecture",
    " province",
)
MEMBER_SUFFIXES = (
    "集团股份有限公司",
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "研究院",
    " co., ltd.",
    " co., ltd",
    " co.,ltd.",
    " ltd.",
    " ltd",
    " inc.",
    " inc",
    " corporation",
    " corp.",
    " group",
)


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x3000 for ch in text)


def short_forms(name: str, suffixes) -> list[str]:
    """The name and what is left of it after dropping each of `suffixes` it ends with (case-insensitive), when
    enough is left: "珀蓝市量子织机产业集群" → [the name, "珀蓝市量子织机"]."""
    name = " ".join((name or "").split())
    forms = [name] if name else []
    stem = name
    for suffix in suffixes:
        if stem.lower().endswith(suffix):
            candidate = stem[: len(stem) - len(suffix)].rstrip(" ,")
            minimum = MIN_SHORT_FORM_LENGTH_LATIN if _is_latin(candidate) else MIN_SHORT_FORM_LENGTH
            if len(candidate) >= minimum:
                forms.append(candidate)
                stem = candidate
    return forms


def region_short_forms(name: str) -> list[str]:
    """A region's name and its name without the administrative suffix ("珀蓝市" → "珀蓝", "Yueqing City" →
    "Yueqing"): two Chinese characters are enough for a place name."""
    name = " ".join((name or "").split())
    forms = [name] if name else []
    for suffix in REGION_SUFFIXES:
        if name.lower().endswith(suffix):
            candidate = name[: len(name) - len(suffix)].rstrip()
            if len(candidate) >= (3 if _is_latin(candidate) else 2):
                forms.append(candidate)
            break
    return forms


# Masking -------------------------------------------------------------------------------------------------------------


def mask_text(kind: str) -> str:
    return {
        CLUSTER: pgettext("blind review mask", "[cluster]"),
        BODY: pgettext("blind review mask", "[promotion body]"),
        MEMBER: pgettext("blind review mask", "[member]"),
        REGION: pgettext("blind review mask", "[place]"),
    }[kind]


def _fold(ch: str) -> str:
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


_END = ""  # the trie key marking the end of a name (no character folds to the empty string)


class Masker:
    """Replaces every occurrence of the given names in a text by their masks, the longest name first.

    `names` is an iterable of (name, mask) pairs; where one name is given twice, the first mask stays. A trie of
    the names (case folded) is walked from each position of the text and the longest name ending there is
    replaced; the walk then resumes after it, so a name inside a longer one never shows. Linear in the text for
    any number of names (a cluster may have thousands of members)."""

    def __init__(self, names):
        self._root: dict = {}
        self.size = 0
        for name, mask in names:
            key = "".join(_fold(ch) for ch in " ".join((name or "").split()))
            if len(key) < MIN_NAME_LENGTH:
                continue
            node = self._root
            for ch in key:
                node = node.setdefault(ch, {})
            if _END not in node:
                node[_END] = mask
                self.size += 1

    def __bool__(self):
        return self.size > 0

    def __call__(self, text: str) -> str:
        if not text or not self.size:
            return text or ""
        folded = [_fold(ch) for ch in text]
        out, position, length = [], 0, len(text)
        while position < length:
            node, cursor, found = self._root, position, None
            while cursor < length:
                node = node.get(folded[cursor])
                if node is None:
                    break
                cursor += 1
                if _END in node:
                    found = (cursor, node[_END])
            if found is None:
                out.append(text[position])
                position += 1
            else:
                out.append(found[1])
                position = found[0]
        return "".join(out)


def names_behind(submission) -> list[tuple[str, str]]:
    """Every name an expert must not read in a blind round, with its kind, in the order that decides the kind of
    a name given twice: the cluster's names and short forms, the promotion body's names and short name, the
    members' names, short forms and credit codes, the names of the cluster's regions and of the cities above
    them. Two queries (the cluster and its body loaded with the entry)."""
    return _names_behind_many([submission])[submission.cluster_id]


def _names_behind_many(submissions) -> dict[int, list[tuple[str, str]]]:
    """{cluster id: names} for the entries' clusters, in two queries whatever their number."""
    from clusters.models import ClusterRegion, Member

    clusters = {submission.cluster_id: submission.cluster for submission in submissions}
    found: dict[int, list] = {}
    for cluster_id, cluster in clusters.items():
        names = found[cluster_id] = []
        for name in (cluster.name, cluster.name_en):
            names += [(form, CLUSTER) for form in short_forms(name, CLUSTER_SUFFIXES)]
        body = cluster.promotion_body
        if body is not None:
            for name in (body.name, body.name_en):
                names += [(form, BODY) for form in short_forms(name, BODY_SUFFIXES)]
            names.append((body.slug, BODY))
    members = unscoped(Member).filter(cluster_id__in=clusters).order_by("cluster_id", "pk")
    for cluster_id, name, name_en, credit_code in members.values_list(
        "cluster_id", "name", "name_en", "credit_code"
    ).iterator(chunk_size=2000):
        for text in (name, name_en):
            found[cluster_id] += [(form, MEMBER) for form in short_forms(text, MEMBER_SUFFIXES)]
        if credit_code:
            found[cluster_id].append((credit_code, MEMBER))
    places = unscoped(ClusterRegion).filter(cluster_id__in=clusters).select_related("region__parent")
    for link in places.order_by("cluster_id", "position", "pk"):
        region = link.region
        chain = [region]
        if region.level == region.Level.COUNTY and region.parent is not None:
            chain.append(region.parent)  # the city of a county or a district
        for place in chain:
            for text in (place.name, place.name_en):
                found[link.cluster_id] += [(form, REGION) for form in region_short_forms(text)]
    return {cluster_id: [(name, kind) for name, kind in names if name] for cluster_id, names in found.items()}


def masker_for(submission) -> Masker:
    return maskers_for([submission])[submission.pk]


def maskers_for(submissions) -> dict[int, Masker]:
    """{entry id: its Masker} for many entries, in two queries."""
    submissions = list(submissions)
    names = _names_behind_many(submissions) if submissions else {}
    return {
        submission.pk: Masker((name, mask_text(kind)) for name, kind in names[submission.cluster_id])
        for submission in submissions
    }


# Labels --------------------------------------------------------------------------------------------------------------


def entry_code(submission) -> str:
    """The entry's neutral code: the round's letter (A for the first round) and the entry's number, "A-0007"."""
    position = max(int(submission.round.position or 1), 1)
    letter = chr(ord("A") + position - 1) if position <= 26 else f"R{position}"
    return f"{letter}-{submission.pk:04d}"


def entry_label(submission) -> str:
    return _("Entry %(code)s") % {"code": entry_code(submission)}


def shows_names(user, submission) -> bool:
    """Whether `user` reads the names behind the entry (rule `evaluations.read_entry_names`)."""
    return user is not None and user.has_perm("evaluations.read_entry_names", submission)


def entry_title(submission, user) -> str:
    """What the entry is called for `user`: the cluster's name, or the entry's label where names are hidden."""
    return submission.cluster.display_name if shows_names(user, submission) else entry_label(submission)


# Evidence ------------------------------------------------------------------------------------------------------------


def evidence_number(claimed) -> int:
    """The claimed value's place among the entry's claimed values (by the rubric's order), from 1."""
    from evaluations.models import ClaimedValue

    order = unscoped(ClaimedValue).filter(submission_id=claimed.submission_id).order_by("criterion__position", "pk")
    return list(order.values_list("pk", flat=True)).index(claimed.pk) + 1


def neutral_evidence_name(claimed, number: int | None = None) -> str:
    """ "A-0007-evidence-2.pdf": the entry's code, the claim's number and the file's type, nothing of its name."""
    from clusters.observations.services import EVIDENCE_TYPES

    extension = ""
    original = (claimed.evidence_name or "").lower()
    for candidate in EVIDENCE_TYPES:
        if original.endswith(candidate):
            extension = candidate
            break
    number = number if number is not None else evidence_number(claimed)
    return f"{entry_code(claimed.submission)}-evidence-{number}{extension}"


def evidence_name_for(claimed, user, number: int | None = None) -> str:
    """The evidence file's name as `user` reads it: the uploaded name, or a neutral one where names are hidden."""
    if shows_names(user, claimed.submission):
        return claimed.evidence_name or "evidence"
    return neutral_evidence_name(claimed, number)


# The expert's view of an entry ---------------------------------------------------------------------------------------


def entry_for_expert(*, submission, user, member_limit=20) -> dict:
    """What `user` (the assigned expert, or the ministry) reads of an entry beside its claimed values: its title,
    the promotion body, the names of the cluster's members and the narrative; where names are hidden (an expert in
    a blind round) the entry's label, no names (None and an empty list) and the narrative masked."""
    from clusters.models import Member
    from evaluations.review.selectors import entry_member_names

    sections = dict(submission.sections or {})
    shown = {"blind_review": submission.round.blind_review, "code": entry_code(submission)}
    if shows_names(user, submission):
        names, member_count = entry_member_names(submission=submission, limit=member_limit)
        return {
            **shown,
            "names_hidden": False,
            "title": submission.cluster.display_name,
            "promotion_body": submission.cluster.promotion_body.display_name,
            "members": names,
            "member_count": member_count,
            "sections": sections,
            "mask": None,
        }
    mask = masker_for(submission)
    return {
        **shown,
        "names_hidden": True,
        "title": entry_label(submission),
        "promotion_body": None,
        "members": [],
        "member_count": unscoped(Member).filter(cluster_id=submission.cluster_id).count(),
        "sections": {key: mask(text or "") for key, text in sections.items()},
        "mask": mask,
    }


def claims_for_expert(*, submission, claims, shown) -> list[dict]:
    """The entry's claimed values as its expert reads them: the note masked and the evidence's neutral name in a
    blind round. `claims` in the rubric's order; `shown` is `entry_for_expert`'s answer."""
    mask = shown["mask"]
    claims = list(claims)
    checks = claim_checks(submission=submission, claims=claims)  # numbers only: nothing a blind review hides
    rows = []
    for number, claimed in enumerate(claims, start=1):
        claimed.submission = submission
        rows.append(
            {
                "claimed": claimed,
                "check": checks.get(claimed.pk),
                "note": mask(claimed.note) if mask else claimed.note,
                "evidence_name": (
                    (neutral_evidence_name(claimed, number) if mask is not None else claimed.evidence_name)
                    if claimed.evidence
                    else ""
                ),
            }
        )
    return rows


def masked_for(user, submission, text: str, mask: Masker | None = None) -> str:
    """`text` (written about the entry: a recusal's or a conflict's reason) as `user` reads it."""
    if not text or shows_names(user, submission):
        return text
    return (mask if mask is not None else masker_for(submission))(text)


def history_for(user, submission, entries: list[dict]) -> list[dict]:
    """History entries of an object of the entry (an assignment, a review) as `user` reads them: every changed
    value and reason masked where names are hidden."""
    if shows_names(user, submission):
        return entries
    mask = masker_for(submission)
    return [
        {
            **entry,
            "reason": mask(entry["reason"]),
            "changes": [{**c, "old": mask(c["old"]), "new": mask(c["new"])} for c in entry["changes"]],
        }
        for entry in entries
    ]
