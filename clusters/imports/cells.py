"""Checking cells: each parser takes the stripped text of a cell and returns the value or raises `CellError`;
the column checks test a whole column at once (plain numbers, formula-looking cells; credit codes by stdnum)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc

from clusters.models import Collaboration, Member
from clusters.validators import clean_credit_code
from tenancy.spreadsheets.cells import FORMULA_STARTS, LIST_SEPARATORS, formula_message, looks_like_formula
from tenancy.validators import JOINED_YEARS, YearRange

MAX_DECIMAL = Decimal(10) ** 14  # DecimalField(max_digits=16, decimal_places=2)
MAX_INTEGER = 2_147_483_647
CENT = Decimal("0.01")
YEARS = (1900, 2100)


class CellError(Exception):
    """A cell's value is not valid; the message says why."""


# Accepted spellings of each choice (Chinese labels, English codes and labels), compared in lower case.
MEMBER_KINDS = {
    Member.Kind.ENTERPRISE: ("企业", "公司", "enterprise", "company"),
    Member.Kind.UNIVERSITY: ("高校", "大学", "高等院校", "高等学校", "university"),
    Member.Kind.RESEARCH_INSTITUTE: (
        "科研院所",
        "研究院所",
        "科研机构",
        "研究机构",
        "research_institute",
        "research institute",
    ),
    Member.Kind.INNOVATION_PLATFORM: ("创新平台", "innovation_platform", "innovation platform"),
    Member.Kind.SERVICE_INSTITUTION: ("服务机构", "service_institution", "service institution"),
    Member.Kind.INDUSTRY_ASSOCIATION: ("行业协会", "协会", "商会", "industry_association", "industry association"),
    Member.Kind.FINANCIAL_INSTITUTION: ("金融机构", "financial_institution", "financial institution"),
    Member.Kind.MARKET: ("市场", "专业市场", "market"),
}
SIZE_CLASSES = {
    Member.SizeClass.LARGE: ("大型", "大型企业", "大", "large"),
    Member.SizeClass.MEDIUM: ("中型", "中型企业", "中", "medium"),
    Member.SizeClass.SMALL: ("小型", "小型企业", "小", "small"),
    Member.SizeClass.MICRO: ("微型", "微型企业", "微", "micro"),
}
PLATFORM_LEVELS = {
    Member.PlatformLevel.NATIONAL: ("国家级", "national"),
    Member.PlatformLevel.PROVINCIAL: ("省级", "provincial"),
}
COLLABORATION_KINDS = {
    Collaboration.Kind.SUPPLY: ("供应", "供应配套", "配套", "supply"),
    Collaboration.Kind.RD: ("研发合作", "联合研发", "产学研合作", "rd", "r&d", "r&d cooperation"),
    Collaboration.Kind.JOINT_VENTURE: ("合资", "合资合作", "joint_venture", "joint venture"),
    Collaboration.Kind.INVESTMENT: ("投资", "股权投资", "investment"),
    Collaboration.Kind.LICENSING: ("技术许可", "技术转让", "licensing", "technology licensing"),
    Collaboration.Kind.TALENT: ("人才流动", "人才交流", "talent", "talent flow"),
    Collaboration.Kind.STANDARD: ("标准制定", "共同制定标准", "standard", "standard setting"),
    Collaboration.Kind.PLATFORM_SERVICE: ("平台服务", "platform_service", "platform service"),
}
BOOLEANS = {
    **dict.fromkeys(("是", "有", "√", "✓", "y", "yes", "true", "1", "t"), True),
    **dict.fromkeys(("否", "无", "×", "✗", "n", "no", "false", "0", "f"), False),
}


def _spellings(choices):
    return {spelling.lower(): code for code, spellings in choices.items() for spelling in (code, *spellings)}


# Cell parsers: each takes the stripped text of a cell and returns the value or raises CellError. ------------------


def parse_text(max_length):
    def parse(cell):
        if len(cell) > max_length:
            raise CellError(
                _("At most %(max)s characters (this has %(length)s).") % {"max": max_length, "length": len(cell)}
            )
        return cell

    return parse


def compact_credit_code(cell: str) -> str:
    return uscc.compact(cell)


def parse_credit_code(cell):
    """The compacted code, checked by `validators.clean_credit_code` (python-stdnum), with the import's wording."""
    if not cell:
        raise CellError(_("The credit code is required: members are matched by it when a file is imported again."))
    try:
        code = clean_credit_code(cell)
    except ValidationError as exc:
        problem = exc.code
    else:
        if code:
            return code
        problem = "credit_code_length"  # only separators
    code = compact_credit_code(cell)
    if problem == "credit_code_length":
        raise CellError(
            _("A unified social credit code has 18 characters; “%(code)s” has %(length)s.")
            % {"code": code, "length": len(code)}
        )
    if problem == "credit_code_checksum":
        raise CellError(
            _("“%(code)s” fails the GB 32100 check digit: the code was probably mistyped.") % {"code": code}
        )
    raise CellError(
        _("“%(code)s” is not a unified social credit code (digits and capital letters except I, O, S, V, Z).")
        % {"code": code}
    )


def parse_choice(choices, default, what):
    spellings = _spellings(choices)
    accepted = "、".join(spellings_of[0] for spellings_of in choices.values())

    def parse(cell):
        if not cell:
            return default
        value = spellings.get(cell.lower())
        if value is None:
            raise CellError(
                _("Unknown %(what)s “%(value)s”; use one of %(accepted)s.")
                % {"what": what, "value": cell, "accepted": accepted}
            )
        return value

    return parse


def parse_boolean(default):
    def parse(cell):
        if not cell:
            return default
        value = BOOLEANS.get(cell.lower())
        if value is None:
            raise CellError(_("Write 是 or 否 (yes/no, 1/0, true/false), not “%(value)s”.") % {"value": cell})
        return value

    return parse


def _number(cell):
    try:
        value = Decimal(cell.replace(",", ""))
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s” is not a number.") % {"value": cell}) from exc
    if not value.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": cell})
    if value < 0:
        raise CellError(_("The value cannot be negative (%(value)s).") % {"value": cell})
    return value


def parse_decimal(cell):
    if not cell:
        return None
    value = _number(cell)
    if value >= MAX_DECIMAL:
        raise CellError(_("%(value)s is too large.") % {"value": cell})
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_integer(cell):
    if not cell:
        return None
    try:
        value = int(cell)
    except ValueError:
        number = _number(cell)
        if number != number.to_integral_value():
            raise CellError(_("Enter a whole number, not “%(value)s”.") % {"value": cell}) from None
        value = int(number)
    if value < 0:
        raise CellError(_("The value cannot be negative (%(value)s).") % {"value": cell})
    if value > MAX_INTEGER:
        raise CellError(_("%(value)s is too large.") % {"value": cell})
    return value


def parse_year(cell):
    value = parse_integer(cell)
    if value is not None and not YEARS[0] <= value <= YEARS[1]:
        raise CellError(_("Enter a year between %(first)s and %(last)s.") % {"first": YEARS[0], "last": YEARS[1]})
    return value


def parse_region(regions):
    def parse(cell):
        if not cell:
            return None
        if len(cell) != 6 or not cell.isdigit():
            raise CellError(
                _("A region code has 6 digits (GB/T 2260), e.g. 320100; not “%(value)s”.") % {"value": cell}
            )
        if cell not in regions:
            raise CellError(_("Unknown region code %(value)s.") % {"value": cell})
        return cell

    return parse


def parse_chain_links(links, names):
    def parse(cell):
        if not cell:
            return ()
        found = []
        for name in LIST_SEPARATORS.split(cell):
            name = name.strip()
            if not name:
                continue
            link = links.get(name.lower())
            if link is None:
                raise CellError(
                    _("Unknown chain link “%(name)s”; the cluster's chain links are: %(names)s.")
                    % {"name": name, "names": names or _("none yet")}
                )
            if link not in found:
                found.append(link)
        return tuple(found)

    return parse


# Column checks: each takes the cells of one column as read and returns (values, problems), the problems being
# (row index, message) in row order and the value of a refused cell None. Most columns hold few distinct values
# (kinds, yes/no, regions, chain links): each distinct cell is checked once. Credit codes and plain numbers are checked
# for the whole column at once; anything else goes through the cell parsers above. A cell that looks like a formula
# is refused as such, whatever else it is.

NOT_PLAIN_DECIMAL = re.compile(r"^(?!(?:[0-9]{1,14}(?:\.[0-9]{1,2})?)?$)", re.MULTILINE)  # < MAX_DECIMAL, cents
NOT_PLAIN_INTEGER = re.compile(r"^(?![0-9]{0,9}$)", re.MULTILINE)  # < MAX_INTEGER


def _refuse_formulas(cells, values, problems, joined):
    """Refuse the formula-looking cells of a column checked as a whole; `joined` is "\n".join(cells)."""
    if not (joined.startswith(FORMULA_STARTS) or any(f"\n{start}" in joined for start in FORMULA_STARTS)):
        return values, problems  # substring searches: no loop over the cells
    formulas = {index: formula_message(cell) for index, cell in enumerate(cells) if looks_like_formula(cell)}
    if not formulas:
        return values, problems
    for index in formulas:
        values[index] = None
    return values, sorted([*formulas.items(), *(problem for problem in problems if problem[0] not in formulas)])


def each_distinct(parse):
    """A column check from a cell parser: every distinct cell is checked once."""

    def check(cells):
        parsed, refused = {}, {}
        for raw in set(cells):
            cell = raw.strip()
            if looks_like_formula(cell):
                refused[raw] = formula_message(cell)
                continue
            try:
                parsed[raw] = parse(cell)
            except CellError as exc:
                refused[raw] = str(exc)
        problems = [(index, refused[raw]) for index, raw in enumerate(cells) if raw in refused] if refused else []
        return list(map(parsed.get, cells)), problems

    return check


def text_column(max_length):
    def check(cells):
        cells = list(map(str.strip, cells))
        if max(map(len, cells), default=0) <= max_length:
            return _refuse_formulas(cells, list(cells), [], "\n".join(cells))
        return each_distinct(parse_text(max_length))(cells)

    return check


def _plain(pattern, cells):
    """True when every cell is empty or matches the pattern's plain form (no spaces around, no line breaks within).
    Such a cell cannot be a formula."""
    joined = "\n".join(cells)
    return joined.count("\n") == len(cells) - 1 and not pattern.search(joined)


def _convert(convert, cells):
    if "" in cells:
        return [convert(cell) if cell else None for cell in cells]
    return list(map(convert, cells))


def decimal_column(cells):
    if _plain(NOT_PLAIN_DECIMAL, cells):
        return _convert(Decimal, cells), []
    return each_distinct(parse_decimal)(cells)


def integer_column(cells):
    if _plain(NOT_PLAIN_INTEGER, cells):
        return _convert(int, cells), []
    return each_distinct(parse_integer)(cells)


def year_column(cells):
    values, problems = integer_column(cells)
    first, last = YEARS
    if problems or any(value is not None and not first <= value <= last for value in values):
        return each_distinct(parse_year)(cells)
    return values, problems


def joined_year_column(cells):
    """Years as `year_column` reads them, each also within the range a member's joined year may take."""
    values, problems = year_column(cells)
    check, refused = YearRange(*JOINED_YEARS), {index for index, _message in problems}
    for index, value in enumerate(values):
        if index in refused:
            continue
        try:
            check(value)
        except ValidationError as exc:
            values[index] = None
            problems.append((index, exc.messages[0]))
    return values, sorted(problems)


def credit_code_column(cells):
    """Compacted codes, each checked by `parse_credit_code` (python-stdnum words why a code is refused)."""
    cells = list(map(str.strip, cells))
    codes, problems = [], []
    for index, cell in enumerate(cells):
        try:
            codes.append(parse_credit_code(cell))
        except CellError as exc:
            codes.append(None)
            problems.append((index, str(exc)))
    return _refuse_formulas(cells, codes, problems, "\n".join(cells))  # "-9132…" compacts to a code but is refused


SCIENTIFIC = re.compile(r"^[0-9](?:\.[0-9]+)?[eE]\+?[0-9]+$")  # 9.14403E+17: a long number as Excel shows it


def number_message(given):
    return _(
        "“%(cell)s” is a number, not text: Excel turned the code into a number and may have rounded it. "
        "Store the column as text (format the cells as Text) and enter the codes again."
    ) % {"cell": given}


def codes_as_text(check, given):
    """A code column's check that first refuses the cells Excel turned into numbers: number cells of a workbook
    (`given`: {row index: the cell as the file holds it}) and text like 9.14403E+17 (a CSV saved by Excel)."""

    def run(cells):
        numbers = dict(given)
        numbers.update((index, cell.strip()) for index, cell in enumerate(cells) if SCIENTIFIC.match(cell.strip()))
        values, problems = check(cells)
        if not numbers:
            return values, problems
        values = list(values)
        for index in numbers:
            values[index] = None
        kept = [problem for problem in problems if problem[0] not in numbers]
        return values, sorted([*((index, number_message(cell)) for index, cell in numbers.items()), *kept])

    return run
