"""The reach figures as tables: periods, the counts per situation, organisation, language,
poster and question, the text box per page language (and the suggestion chosen), with every
small number hidden (:mod:`routekaart.domain.hiding`), and
the CSV export.

Pure: the counts come in as a dictionary (read by :mod:`routekaart.ops.usage`), the words as
:class:`Labels` in the reader's language (:mod:`routekaart.web.reach`).
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from routekaart.domain import engine
from routekaart.domain.hiding import Cell, derived, first_look, hidden, protect, withheld

# One count: (kind, key, lang) -> n, summed over a period.
Counts = dict[tuple[str, str, str], int]


@dataclass(frozen=True)
class Period:
    """A calendar month, its first and last day.

    The figures come per calendar month only, never per week as well: weeks and months
    overlap, and a run of whole months from a Monday the 1st to a Sunday (2026-06 to 2027-01)
    is also a run of whole weeks, so a hidden week could be worked out as the months minus
    the other weeks. Months never overlap, and no set of months adds up to another month.
    """

    first: date
    last: date

    per = "maand"

    @property
    def id(self) -> str:
        """The period in the URL: ``2027-01``."""
        return f"{self.first.year}-{self.first.month:02d}"

    def previous(self) -> Period:
        """The month before this one."""
        return month_of(self.first - timedelta(days=1))

    def next(self) -> Period:
        """The month after this one."""
        return month_of(self.last + timedelta(days=1))


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return (month_start(day) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def month_of(day: date) -> Period:
    """The calendar month that holds ``day``."""
    return Period(month_start(day), month_end(day))


# The years a period may name: a page links to the period before and after it, and dates end
# in the year 9999 (a wider range would overflow instead of answering "no such period").
YEARS = range(1900, 9999)


def parse_period(text: str) -> Period | None:
    """The month named ``2027-01``; None when malformed or outside :data:`YEARS`."""
    try:
        year, month = text.split("-")
        if len(year) != 4 or len(month) != 2 or not year.isdigit() or int(year) not in YEARS:
            return None
        return month_of(date(int(year), int(month), 1))
    except ValueError:
        return None


def month_of_week(text: str) -> Period | None:
    """The month that holds the Thursday of the ISO week ``2027-W01`` (the addresses of the
    weekly figures the site once had lead there); None when malformed or outside
    :data:`YEARS`."""
    try:
        year, week = text.split("-W")
        if len(year) != 4 or len(week) != 2 or not year.isdigit() or int(year) not in YEARS:
            return None
        return month_of(date.fromisocalendar(int(year), int(week), 4))
    except ValueError:
        return None


def months_in(first: date, last: date) -> list[Period] | None:
    """The calendar months from ``first`` (a 1st) to ``last`` (a month's last day), each on
    its own; None when the range does not start and end on a month's edge."""
    if first != month_start(first) or last != month_end(last) or first > last:
        return None
    months = [month_of(first)]
    while months[-1].last < last:
        months.append(months[-1].next())
    return months


@dataclass(frozen=True)
class Row:
    """One line of a table: an id (path, language, tag), its label, and its figure(s)."""

    id: str
    label: str
    cell: Cell
    extra: Cell | None = None  # the funnel's "continued"


@dataclass(frozen=True)
class Table:
    """A table of the report: its id, its rows, and its total (None when it has none)."""

    id: str
    rows: list[Row]
    total: Cell | None


@dataclass(frozen=True)
class Report:
    """Every table of the figures of one period, ready to show."""

    period: Period | None
    tables: dict[str, Table]
    empty: bool
    partial_months: tuple[date, ...] = ()

    @property
    def found_desk(self) -> Cell:
        """Results reached: how often residents found a desk."""
        return self.tables["situations"].total or hidden(0)


OTHER = "-"  # the row for counts whose path or tag is no longer in the content

# The suggestions of the text box a resident can follow: the result page is opened with
# ``?gekozen=1``, ``2`` or ``3`` and counts kind ``choice`` with that key (web/finder.py).
CHOICES = ("1", "2", "3")
NONE_CHOSEN = "none"  # the row "none of them": texts with suggestions minus the choices


def _default_chosen() -> dict[str, str]:
    return {"1": "first", "2": "second", "3": "third", NONE_CHOSEN: "none"}


@dataclass(frozen=True)
class Labels:
    """The words the report needs beyond the content: given by the caller in its language."""

    other_route: str  # a result no longer in the routekaart
    other_source: str  # a poster tag no longer in the settings
    other_language: str  # a language the site no longer has
    general_help: str  # the result of "Something else / I don't know"
    start: str  # the first question
    matched: str  # the text box found situations
    nothing: str  # the text box found nothing
    reasons: dict[str, str]  # why an answer did not help, by slug (domain.feedback.REASONS)
    other_reason: str  # a reason the form no longer offers
    language_names: dict[str, str]
    # The rows of the suggestions chosen: CHOICES and NONE_CHOSEN.
    chosen: dict[str, str] = field(default_factory=_default_chosen)


def _situations(content, lang: str, labels: Labels) -> tuple[dict[str, str], dict[str, list]]:
    """Result paths with their titles, and each organisation's result paths."""

    titles: dict[str, str] = {}
    by_org: dict[str, list[str]] = defaultdict(list)
    conversations = engine.results(content.tree)
    # Two routes to results with one title: the shortest route keeps the plain title, the
    # others name their last answer too ("U heeft schulden (27 jaar of ouder)"). Naming the
    # adults' own answer as well ("U heeft schulden (Ik heb schulden)") mixed two voices.
    shortest: dict[str, int] = {}
    for conversation in conversations:
        title = conversation.result.title(lang)
        depth = len(conversation.steps)
        shortest[title] = min(shortest.get(title, depth), depth)
    ties = Counter(
        c.result.title(lang)
        for c in conversations
        if len(c.steps) == shortest[c.result.title(lang)]
    )
    for conversation in conversations:
        result = conversation.result
        title = result.title(lang)
        if len(conversation.steps) > shortest[title] or ties[title] > 1:
            title = f"{title} ({conversation.steps[-1].chosen.label(lang)})"
        titles[conversation.slug_path] = title
        for recommendation in result.organisations:
            by_org[recommendation.organisation].append(conversation.slug_path)
    fallback = content.tree.fallback
    if fallback is not None:
        titles[fallback.slug] = labels.general_help
        result = content.tree.nodes[fallback.next].result
        for recommendation in result.organisations if result else ():
            by_org[recommendation.organisation].append(fallback.slug)
    return titles, by_org


def situation_of(content, path: str) -> str:
    """The row a counted result path belongs to: itself, the fallback's slug for every way into
    "Something else", or :data:`OTHER` when the path no longer leads to a result."""

    fallback = content.tree.fallback
    if fallback is not None and path.split("/")[-1] == fallback.slug:
        return fallback.slug
    found = engine.resolve(content.tree, path)
    if not found or found.result is None:
        return OTHER
    return path


def _by(counts: Counts, kind: str, group) -> dict[str, int]:
    """The counts of one kind added up by ``group(key, lang)``."""
    summed: dict[str, int] = defaultdict(int)
    for (k, key, lang), n in counts.items():
        if k == kind:
            summed[group(key, lang)] += n
    return summed


def _language_items(by_lang: dict[str, int], labels: Labels) -> list[tuple[str, str, int]]:
    """One row per language, and one for any other language only when it holds counts: a
    row in the line that the page did not show would break the protection's reckoning."""
    items = [(code, name, by_lang.get(code, 0)) for code, name in labels.language_names.items()]
    other = sum(n for code, n in by_lang.items() if code not in labels.language_names)
    if other:
        items.append((OTHER, labels.other_language, other))
    return items


def _line_table(
    table_id: str, items: list[tuple[str, str, int]], extra_lines: Sequence[Sequence[int]] = ()
) -> tuple[Table, list[list[Cell]]]:
    """A table of (id, label, value) rows whose total is their sum, protected together with
    other lines that share that total."""
    values = [v for _, _, v in items]
    lines, total = protect([values, *extra_lines], sum(values))
    rows = [
        Row(item_id, label, cell) for (item_id, label, _), cell in zip(items, lines[0], strict=True)
    ]
    return Table(table_id, rows, total), lines[1:]


def _situations_and_languages(
    counts: Counts, kind: str, content, titles: dict, labels: Labels, names: tuple[str, str]
) -> tuple[Table, Table]:
    """Counts of ``kind`` per situation and per language: two lines that share one total."""
    by_path = _by(counts, kind, lambda key, _: situation_of(content, key))
    by_lang = _by(counts, kind, lambda _, lang_: lang_)
    items = [(path, title, by_path.get(path, 0)) for path, title in titles.items()]
    if by_path.get(OTHER):
        items.append((OTHER, labels.other_route, by_path[OTHER]))
    lang_items = _language_items(by_lang, labels)
    situations, (lang_cells,) = _line_table(names[0], items, [[v for _, _, v in lang_items]])
    languages = Table(
        names[1],
        [Row(i, label, cell) for (i, label, _), cell in zip(lang_items, lang_cells, strict=True)],
        situations.total,
    )
    return situations, languages


def build_report(
    counts: Counts, content, lang: str, labels: Labels, period: Period | None = None
) -> Report:
    """Every table for the counts of one period, in ``lang``, with small numbers hidden."""
    titles, by_org = _situations(content, lang, labels)
    tables: dict[str, Table] = {}

    # Results reached per situation and per page language: two lines with one total.
    tables["situations"], tables["languages"] = _situations_and_languages(
        counts, "result", content, titles, labels, ("situations", "languages")
    )

    # Per organisation: the results that named it; a sum of situation rows (rule 3).
    cells = {row.id: row.cell for row in tables["situations"].rows}
    tables["organisations"] = Table(
        "organisations",
        [
            Row(org_id, org.name, derived(cells[path] for path in by_org.get(org_id, [])))
            for org_id, org in content.organisations.items()
            if by_org.get(org_id)
        ],
        None,
    )

    # Poster sources: the whitelisted tags, and a row for tags since removed.
    sources = _by(
        counts, "source", lambda key, _: key if key in content.settings.sources else OTHER
    )
    items = [
        (tag, text(lang), sources.get(tag, 0)) for tag, text in content.settings.sources.items()
    ]
    if sources.get(OTHER):
        items.append((OTHER, labels.other_source, sources[OTHER]))
    tables["sources"], _ = _line_table("sources", items)

    # Hand-overs per situation and per resident language: two lines with one total.
    tables["handovers"], tables["handover_languages"] = _situations_and_languages(
        counts, "handover", content, titles, labels, ("handovers", "handover_languages")
    )

    # The text box, per page language: whether it found something (a line with its total), and
    # which suggestion was then chosen (a line whose total is "found something").
    tables.update(_own_words(counts, labels))

    tables["funnel"] = _funnel(counts, content, lang, labels, cells)

    # "Heeft dit geholpen?": yes per situation, no per situation, and why not. Each answer is
    # in one line only (its own total), as every count (rule 4 of hiding.py).
    for table_id, kind in (("helped_yes", "helped:yes"), ("helped_no", "helped:no")):
        by_path = _by(counts, kind, lambda key, _: situation_of(content, key))
        items = [(path, title, by_path.get(path, 0)) for path, title in titles.items()]
        if by_path.get(OTHER):
            items.append((OTHER, labels.other_route, by_path[OTHER]))
        tables[table_id], _ = _line_table(table_id, items)
    reasons: dict[str, int] = defaultdict(int)
    for (kind, _key, _lang), n in counts.items():
        if kind.startswith("why_not:"):
            reason = kind.removeprefix("why_not:")
            reasons[reason if reason in labels.reasons else OTHER] += n
    items = [(slug, text, reasons.get(slug, 0)) for slug, text in labels.reasons.items()]
    if reasons.get(OTHER):
        items.append((OTHER, labels.other_reason, reasons[OTHER]))
    tables["why_not"], _ = _line_table("why_not", items)
    return Report(period, tables, not any(counts.values()))


def own_words_languages(counts: Counts, labels: Labels) -> list[str]:
    """The languages the text box's tables are shown for: the site's, and :data:`OTHER`
    when a language the site no longer has holds counts."""
    codes = list(labels.language_names)
    if any(
        kind in ("free_text", "choice") and lang not in labels.language_names and n
        for (kind, _key, lang), n in counts.items()
    ):
        codes.append(OTHER)
    return codes


def table_suffix(code: str) -> str:
    """The part of a table id that names a language: ``nl``, or ``other`` for :data:`OTHER`."""
    return "other" if code == OTHER else code


def _own_words(counts: Counts, labels: Labels) -> dict[str, Table]:
    """Per page language two tables: ``text_<lang>``, texts that found situations and texts
    that found nothing, with their total; ``chosen_<lang>``, the first, second or third
    suggestion chosen and "none of them", which add up to the texts that found situations.

    "None of them" is not counted: it is the texts with suggestions minus the suggestions
    chosen, in the same month (a resident who chose nothing leaves no trace). It is only true
    when every choice followed a text of that month; a reloaded page or a link passed on with
    the marker counts a choice without a text. So the choices are shown only when they add up
    to no more than the texts that found something, that figure is shown, and the line can be
    made safe under it (:func:`routekaart.domain.hiding.protect`); otherwise the whole line is
    withheld: "not shown", which tells nothing about any of its figures."""
    texts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    chosen: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (kind, key, lang), n in counts.items():
        code = lang if lang in labels.language_names else OTHER
        if kind == "free_text":
            texts[code][key] += n
        elif kind == "choice" and key in CHOICES:
            chosen[code][key] += n
    tables: dict[str, Table] = {}
    for code in own_words_languages(counts, labels):
        suffix = table_suffix(code)
        matched = texts[code].get("matched", 0)
        items = [
            ("matched", labels.matched, matched),
            ("nothing", labels.nothing, texts[code].get("nothing", 0)),
        ]
        text_table, _ = _line_table(f"text_{suffix}", items)
        matched_cell = text_table.rows[0].cell
        picks = [chosen[code].get(key, 0) for key in CHOICES]
        values = [*picks, matched - sum(picks)]
        cells = withheld(values)
        if matched_cell.shown and values[-1] >= 0:
            (line,), total = protect([values], matched)
            if total.shown:
                cells = line
        keys = [*CHOICES, NONE_CHOSEN]
        rows = [Row(key, labels.chosen[key], cell) for key, cell in zip(keys, cells, strict=True)]
        tables[f"text_{suffix}"] = text_table
        tables[f"chosen_{suffix}"] = Table(f"chosen_{suffix}", rows, matched_cell)
    return tables


def _funnel(counts: Counts, content, lang: str, labels: Labels, results: dict[str, Cell]) -> Table:
    """Per question: how often it was reached, and how often an answer led on (rule 3)."""

    reached = _by(counts, "step", lambda key, _: key)
    rows = []

    def walk(path: tuple[str, ...]) -> None:
        conversation = engine.resolve(content.tree, path)
        node = conversation.node
        if node.result is not None:
            return
        key = "/".join(path)
        children = []
        for option in node.options or ():
            child = (*path, option.slug)
            child_node = content.tree.nodes[option.next]
            child_key = "/".join(child)
            if child_node.result is not None:
                children.append(results.get(child_key, hidden(0)))
            else:
                children.append(first_look(reached.get(child_key, 0)))
        label = node.question(lang) if path else labels.start
        answered[key] = conversation.steps[-1].chosen.label(lang) if path else ""
        rows.append(Row(key, label, first_look(reached.get(key, 0)), derived(children)))
        for option in node.options or ():
            walk((*path, option.slug))

    answered: dict[str, str] = {}
    walk(())
    # One question asked on two routes ("Hoe oud ben je?") says which answer led to it.
    asked = Counter(row.label for row in rows)
    rows = [
        replace(row, label=f"{row.label} ({answered[row.id]})")
        if asked[row.label] > 1 and answered[row.id]
        else row
        for row in rows
    ]
    return Table("funnel", rows, None)


def write_csv(report: Report, first: date, last: date, titles: dict[str, str]) -> str:
    """The report as CSV: one line per figure, with hidden figures as "< 10" or "hidden"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["from", "to", "table", "id", "label", "figure", "value"])
    for table in report.tables.values():
        for row in table.rows:
            writer.writerow(
                [first, last, titles[table.id], row.id, row.label, "count", row.cell.text]
            )
            if row.extra is not None:
                writer.writerow(
                    [first, last, titles[table.id], row.id, row.label, "continued", row.extra.text]
                )
        if table.total is not None:
            writer.writerow([first, last, titles[table.id], "", "", "total", table.total.text])
    return out.getvalue()
