"""The programme monitor of Sterk voor Noord: model, loader and cross-checks.

The monitor lives in ``content/monitor/``. ``programme.yaml`` holds what stays for the programme's
twenty years: the programme, its themes with their main ambitions and numbered goals, the
indicators (what is counted) and the names of the statuses. Every other ``*.yaml`` file there is
one monitor edition (a monitor appears every two years): what was done per goal in that period,
with the figures the monitor reports. The next edition is a new file; no code changes.

Measurements of an indicator are collected from every edition, so editions can be compared.
This module knows nothing of Flask.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BeforeValidator, Field, model_validator

from routekaart.content.messages import Message, did_you_mean, display_name, validate_document
from routekaart.content.model import Id, LongText, NonEmpty, Strict, Text
from routekaart.content.yamlsource import Document, Position, YamlError
from routekaart.content.yamlsource import load as load_yaml

PROGRAMME_FILE = "programme.yaml"

Status = Literal["afgerond", "loopt", "elders-voortgezet", "gestopt", "niet-opgepakt"]
STATUSES: tuple[str, ...] = typing.get_args(Status)
# Statuses that need a "why": the reader should learn why something ended or never started.
NEEDS_WHY = ("gestopt", "niet-opgepakt")


def _number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(
            f'"{value}" is not a number; write digits only, and "approx: true" for "circa"'
        )
    return value


Number = typing.Annotated[int | float, BeforeValidator(_number)]


# --- programme.yaml ---------------------------------------------------------------------------


class Goal(Strict):
    """A numbered goal of a theme; its number is its place in the list."""

    id: Id = Field(description="Short, stable, ASCII; used in links and in the editions.")
    title: Text


class Theme(Strict):
    """One of the programme's themes ("opgaven") with its 20-year main ambition."""

    title: Text
    ambition: Text = Field(description="The main ambition for 20 years, in one sentence.")
    why: LongText = Field(description="Why this theme matters; Dutch required.")
    goals: list[Goal] = Field(min_length=1, description="The goals, in the source's order.")


class Indicator(Strict):
    """Something the monitor counts; its measurements are written in the editions."""

    label: Text = Field(description="What is counted, e.g. 'Inwoners die aan het werk gingen'.")
    unit: Text = Field(description="The unit, e.g. 'inwoners', 'gezinnen', 'bezoeken'.")
    theme: Id | None = Field(None, description="The theme it belongs to; leave out if general.")
    key: bool = Field(False, description="Shown among the key figures on the overview.")


class Programme(Strict):
    """The programme as a whole."""

    name: NonEmpty
    area: NonEmpty
    summary: Text
    horizon_years: int = Field(ge=1, le=100)
    running: Text = Field(
        description="How long the programme has been running, as the source says."
    )
    partners: Id = Field(description="The indicator that counts the partners.")
    monitoring: list[Text] = Field(min_length=1, description="How the programme is monitored.")
    informing_partners: list[Text] = Field(min_length=1)
    informing_residents: list[Text] = Field(min_length=1)


class ProgrammeFile(Strict):
    """``content/monitor/programme.yaml``: what stays the same across editions."""

    programme: Programme
    statuses: dict[Status, Text] = Field(description="The name of every status.")
    themes: dict[Id, Theme] = Field(min_length=1)
    indicators: dict[Id, Indicator] = Field(default_factory=dict)


# --- an edition file --------------------------------------------------------------------------


class Figure(Strict):
    """One measurement of an indicator, as the source states it."""

    indicator: Id
    value: Number = Field(ge=0)
    approx: bool = Field(False, description='true when the source says "circa" (about).')
    date: dt.date = Field(
        description="The day the figure applies to: for a count over a period its last day; "
        "if the source names only a month or a season, its first day. Say it in period."
    )
    period: Text = Field(description="The period in the source's words, e.g. 'tot eind Q3 2024'.")
    source: NonEmpty | None = Field(None, description="Leave out when it is the edition's source.")


class SourceRef(Strict):
    """A place in the edition's source text where it describes an action or a point."""

    section: NonEmpty = Field(
        description="A heading of the source text exactly as it stands there (in Dutch, e.g. "
        "'Leerachterstanden worden ingelopen'); a heading broken over two lines is written as one."
    )
    paragraph: int = Field(
        ge=1,
        description="The paragraph (alinea) under that heading, counted from 1: paragraphs are "
        "split at blank lines, except where the text before the blank line does not end a "
        "sentence (the printed layout broke it); a photo caption counts as a paragraph. See "
        "source_paragraphs().",
    )


class Sourced(Strict):
    """Something the monitor tells with the places in the source where it stands."""

    bron: list[SourceRef] = Field(
        min_length=1,
        description="Where the source says it: one entry per place, in the source's order. "
        "Readers see it as 'Bron: <section>, alinea N' so anyone can compare.",
    )

    def bron_sections(self) -> list[tuple[str, list[int]]]:
        """The source references grouped by section, in their order: [(section, [1, 2])]."""
        grouped: dict[str, list[int]] = {}
        for ref in self.bron:
            grouped.setdefault(ref.section, []).append(ref.paragraph)
        return list(grouped.items())


class Action(Sourced):
    """Something done (or not done) for one or more goals in the edition's period."""

    id: Id
    title: Text
    goals: list[Id] = Field(min_length=1, description="Goal ids of this theme.")
    organisations: list[NonEmpty | Text] = Field(
        default_factory=list,
        description="Who did it: a Dutch name as it stands (Vidomes), or, for what is no "
        "name (the gemeente and its departments), a text in every language.",
    )
    status: Status
    summary: Text | None = Field(
        None,
        description="One or two plain sentences in all three languages. English and Arabic "
        "readers see it above the Dutch text, so no action is Dutch only.",
    )
    text: LongText = Field(description="What was done; Dutch required.")
    why: LongText | None = Field(None, description="Why it stopped or was not taken up.")
    links_to: Literal["routekaart"] | None = Field(
        None, description="Link to a part of this site: routekaart is the route finder."
    )
    figures: list[Figure] = Field(default_factory=list)
    placed_by_team: bool = Field(
        False,
        description="true when the source names no goal for this action and the programme team "
        "chose the goal(s): readers are told so.",
    )

    @model_validator(mode="after")
    def _why_when_not_done(self) -> Action:
        if self.status in NEEDS_WHY and self.why is None:
            raise ValueError(f'@why: status "{self.status}" needs a "why" that says the reason')
        return self


class ThemeReport(Strict):
    """What an edition reports for one theme."""

    summary: LongText | None = None
    actions: list[Action] = Field(default_factory=list)


class AttentionPoint(Sourced):
    """A general point of attention of the edition."""

    title: Text
    text: LongText


class EditionInfo(Strict):
    """Which monitor this is and the period it covers."""

    id: Id
    title: Text
    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="until")
    published: Text = Field(description="When it appeared, in words, e.g. 'begin 2025'.")
    source: NonEmpty = Field(description="The document this edition summarises.")

    @model_validator(mode="after")
    def _ordered(self) -> EditionInfo:
        if self.end < self.start:
            raise ValueError("@until: until lies before from")
        return self


class EditionFile(Strict):
    """One monitor edition (``content/monitor/<period>.yaml``)."""

    edition: EditionInfo
    intro: LongText | None = None
    figures: list[Figure] = Field(default_factory=list, description="Programme-wide figures.")
    themes: dict[Id, ThemeReport] = Field(default_factory=dict)
    attention_points: list[AttentionPoint] = Field(default_factory=list)
    headings: list[Text] = Field(
        default_factory=list,
        description="Every heading of the source text a 'bron' points at, in every language: "
        "the Dutch exactly as it stands in the source, the others translated. English and "
        "Arabic pages show the translation with the Dutch in brackets, so readers can find the "
        "place in the Dutch report.",
    )

    @model_validator(mode="after")
    def _every_heading_translated(self) -> EditionFile:
        known = {heading.nl for heading in self.headings}
        told = [a for report in self.themes.values() for a in report.actions]
        for item in (*told, *self.attention_points):
            for ref in item.bron:
                if ref.section not in known:
                    raise ValueError(
                        f'@headings: the source heading "{ref.section}" (a "bron" of '
                        f'"{getattr(item, "id", None) or item.title.nl}") is not in "headings": '
                        "add it there in every language"
                    )
        return self

    def heading(self, section: str) -> Text | None:
        """The heading ``section`` of the source text in every language, or None."""
        return next((h for h in self.headings if h.nl == section), None)


MODELS: dict[str, type[Strict]] = {
    "monitor/programme.yaml": ProgrammeFile,
    "monitor/edition.yaml": EditionFile,
}
"""Schemas to write for the monitor files (``monitor-programme``, ``monitor-edition``)."""


# --- the loaded monitor -----------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    """A figure with the edition it was reported in."""

    figure: Figure
    edition: EditionInfo
    action: Action | None = None

    @property
    def source(self) -> str:
        """Where the figure comes from."""
        return self.figure.source or self.edition.source


@dataclass(frozen=True)
class Monitor:
    """The programme and its editions, oldest edition first."""

    programme: ProgrammeFile
    editions: list[EditionFile]
    measurements: dict[str, list[Measurement]] = field(default_factory=dict)

    @property
    def latest(self) -> EditionFile:
        """The newest edition."""
        return self.editions[-1]

    def edition(self, edition_id: str) -> EditionFile | None:
        """The edition with this id, or None."""
        return next((e for e in self.editions if e.edition.id == edition_id), None)

    def report(self, edition: EditionFile, theme_id: str) -> ThemeReport:
        """What ``edition`` reports on a theme (empty when it says nothing)."""
        return edition.themes.get(theme_id) or ThemeReport()

    def status_counts(self, edition: EditionFile, theme_id: str) -> dict[str, int]:
        """How many actions of the theme have each status, in the order of ``STATUSES``."""
        counts = Counter(a.status for a in self.report(edition, theme_id).actions)
        return {s: counts[s] for s in STATUSES}

    def actions(
        self,
        edition: EditionFile,
        theme_id: str,
        goal_id: str | None = None,
        status: str | None = None,
    ) -> list[Action]:
        """The theme's actions in ``edition``, optionally only for one goal and one status."""
        return [
            a
            for a in self.report(edition, theme_id).actions
            if (goal_id is None or goal_id in a.goals) and (status is None or a.status == status)
        ]

    def not_taken_up(self, edition: EditionFile) -> list[tuple[str, Action]]:
        """(theme id, action) for everything the edition says was not taken up or stopped."""
        return [
            (theme_id, a)
            for theme_id in self.programme.themes
            for a in self.report(edition, theme_id).actions
            if a.status in NEEDS_WHY
        ]

    def key_indicators(self) -> list[str]:
        """Ids of the indicators shown among the key figures."""
        return [i for i, ind in self.programme.indicators.items() if ind.key]

    def theme_indicators(self, theme_id: str) -> list[str]:
        """Ids of the indicators of a theme that have at least one measurement."""
        return [
            i
            for i, ind in self.programme.indicators.items()
            if ind.theme == theme_id and self.measurements.get(i)
        ]

    def in_edition(self, indicator_id: str, edition: EditionFile) -> list[Measurement]:
        """The measurements of an indicator reported in one edition."""
        return [
            m for m in self.measurements.get(indicator_id, []) if m.edition.id == edition.edition.id
        ]

    def dutch_only(self, edition: EditionFile, lang: str, theme_id: str | None = None) -> bool:
        """Whether a page shows any long text in Dutch because ``lang`` is missing.

        Without ``theme_id`` this is the overview (introduction, points of attention, what was
        not taken up); with it, the theme page.
        """
        texts: list[LongText | None]
        if theme_id is None:
            texts = [edition.intro, *(p.text for p in edition.attention_points)]
            for _, action in self.not_taken_up(edition):
                texts += [action.text, action.why]
        else:
            report = self.report(edition, theme_id)
            texts = [self.programme.themes[theme_id].why, report.summary]
            for action in report.actions:
                texts += [action.text, action.why]
        return any(t is not None and not t.has(lang) for t in texts)

    def partners(self, edition: EditionFile | None = None) -> Measurement | None:
        """The latest count of partners, as known in ``edition`` (default: the newest)."""
        start = (edition or self.latest).edition.start
        found = [
            m
            for m in self.measurements.get(self.programme.programme.partners, [])
            if m.edition.start <= start
        ]
        return found[-1] if found else None


# --- loading and cross-checks -----------------------------------------------------------------


def load(folder: Path, today: dt.date) -> tuple[Monitor | None, list[Message]]:
    """Load ``content/monitor/``: the monitor (None on errors or when absent) and messages."""
    folder = Path(folder)
    if not folder.is_dir():
        return None, []
    messages: list[Message] = []
    programme_path = folder / PROGRAMME_FILE
    programme_doc: Document | None = None
    programme: ProgrammeFile | None = None
    if not programme_path.is_file():
        shown = display_name(programme_path, folder.parent)
        messages.append(Message(Position(shown, 1, 1), "error", f"missing file {PROGRAMME_FILE}"))
    else:
        programme_doc, programme = _read(programme_path, folder, ProgrammeFile, messages)
    editions: list[tuple[Document, EditionFile]] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == PROGRAMME_FILE or not path.is_file():
            continue
        doc, edition = _read(path, folder, EditionFile, messages)
        if doc is not None and edition is not None:
            editions.append((doc, edition))
    if programme is None or programme_doc is None:
        return None, messages
    messages.extend(_check_programme(programme, programme_doc))
    if not editions and not any(m.severity == "error" for m in messages):
        shown = display_name(folder / "<editie>.yaml", folder.parent)
        messages.append(
            Message(Position(shown, 1, 1), "error", "no monitor edition: add one file per edition")
        )
    messages.extend(_check_editions(programme, editions, today))
    if any(m.severity == "error" for m in messages):
        return None, messages
    ordered = sorted((e for _, e in editions), key=lambda e: e.edition.start)
    return Monitor(programme, ordered, _measurements(programme, ordered)), messages


def _read(
    path: Path, folder: Path, root: type[Strict], messages: list[Message]
) -> tuple[Document | None, typing.Any]:
    shown = display_name(path, folder.parent)
    try:
        doc = load_yaml(path, shown)
    except YamlError as exc:
        messages.append(Message(exc.position, "error", exc.message))
        return None, None
    value, found = validate_document(doc, root)
    messages.extend(found)
    return doc, value


def _check_programme(programme: ProgrammeFile, doc: Document) -> Iterator[Message]:
    missing = [s for s in STATUSES if s not in programme.statuses]
    if missing:
        yield Message(
            doc.position(("statuses",), key=True),
            "error",
            f"missing the name of status {', '.join(missing)}",
        )
    for theme_id, theme in programme.themes.items():
        seen: dict[str, int] = {}
        for i, goal in enumerate(theme.goals):
            if goal.id in seen:
                yield Message(
                    doc.position(("themes", theme_id, "goals", i, "id")),
                    "error",
                    f'goal id "{goal.id}" is used twice in this theme (also goal {seen[goal.id]})',
                )
            seen.setdefault(goal.id, i + 1)
    for indicator_id, indicator in programme.indicators.items():
        if indicator.theme is not None and indicator.theme not in programme.themes:
            yield Message(
                doc.position(("indicators", indicator_id, "theme")),
                "error",
                f'unknown theme "{indicator.theme}"'
                + did_you_mean(indicator.theme, programme.themes),
            )
    partners = programme.programme.partners
    if partners not in programme.indicators:
        yield Message(
            doc.position(("programme", "partners")),
            "error",
            f'unknown indicator "{partners}"' + did_you_mean(partners, programme.indicators),
        )


def _check_editions(
    programme: ProgrammeFile, editions: list[tuple[Document, EditionFile]], today: dt.date
) -> Iterator[Message]:
    first_id: dict[str, Document] = {}
    dated: dict[tuple[str, dt.date], Position] = {}
    for doc, edition in editions:
        info = edition.edition
        if info.id in first_id:
            other = first_id[info.id].position(("edition", "id"))
            yield Message(
                doc.position(("edition", "id")),
                "error",
                f'edition id "{info.id}" is also used in {other.file} line {other.line}',
            )
        first_id.setdefault(info.id, doc)
        for other_doc, other in editions:
            o = other.edition
            if other_doc is doc or other_doc.file > doc.file:
                continue
            if info.start <= o.end and o.start <= info.end:
                yield Message(
                    doc.position(("edition", "from")),
                    "error",
                    f"this edition's period {info.start} to {info.end} overlaps edition "
                    f'"{o.id}" ({o.start} to {o.end}) in {other_doc.file}',
                )
        for i, figure in enumerate(edition.figures):
            yield from _check_figure(programme, doc, ("figures", i), figure, None, today, dated)
        for theme_id, report in edition.themes.items():
            theme = programme.themes.get(theme_id)
            if theme is None:
                yield Message(
                    doc.position(("themes", theme_id), key=True),
                    "error",
                    f'unknown theme "{theme_id}"' + did_you_mean(theme_id, programme.themes),
                )
                continue
            yield from _check_actions(programme, doc, theme_id, theme, report, today, dated)
        for theme_id in programme.themes:
            if theme_id not in edition.themes:
                yield Message(
                    doc.position(("themes",), key=True),
                    "warning",
                    f'this edition says nothing about theme "{theme_id}"',
                )


def _check_actions(
    programme: ProgrammeFile,
    doc: Document,
    theme_id: str,
    theme: Theme,
    report: ThemeReport,
    today: dt.date,
    dated: dict[tuple[str, dt.date], Position],
) -> Iterator[Message]:
    goal_ids = [g.id for g in theme.goals]
    seen: dict[str, int] = {}
    for i, action in enumerate(report.actions):
        loc = ("themes", theme_id, "actions", i)
        if action.id in seen:
            yield Message(
                doc.position((*loc, "id")),
                "error",
                f'action id "{action.id}" is used twice in this theme '
                f"(also at line {seen[action.id]})",
            )
        seen.setdefault(action.id, doc.position((*loc, "id")).line)
        for j, goal in enumerate(action.goals):
            if goal not in goal_ids:
                yield Message(
                    doc.position((*loc, "goals", j)),
                    "error",
                    f'unknown goal "{goal}" in theme "{theme_id}"' + did_you_mean(goal, goal_ids),
                )
        if action.links_to == "routekaart" and theme_id != "financiele-zelfredzaamheid":
            yield Message(
                doc.position((*loc, "links_to")),
                "warning",
                "the route finder belongs to the theme financiele-zelfredzaamheid",
            )
        for j, figure in enumerate(action.figures):
            yield from _check_figure(
                programme, doc, (*loc, "figures", j), figure, theme_id, today, dated
            )


def _check_figure(
    programme: ProgrammeFile,
    doc: Document,
    loc: tuple[str | int, ...],
    figure: Figure,
    theme_id: str | None,
    today: dt.date,
    dated: dict[tuple[str, dt.date], Position],
) -> Iterator[Message]:
    indicator = programme.indicators.get(figure.indicator)
    if indicator is None:
        yield Message(
            doc.position((*loc, "indicator")),
            "error",
            f'unknown indicator "{figure.indicator}"'
            + did_you_mean(figure.indicator, programme.indicators),
        )
        return
    if theme_id is not None and indicator.theme not in (None, theme_id):
        yield Message(
            doc.position((*loc, "indicator")),
            "error",
            f'indicator "{figure.indicator}" belongs to theme "{indicator.theme}", '
            f'not to "{theme_id}"',
        )
    if figure.date > today:
        yield Message(
            doc.position((*loc, "date")),
            "error",
            f"{figure.date} lies in the future: a monitor reports what has been measured",
        )
    here = doc.position((*loc, "date"))
    key = (figure.indicator, figure.date)
    if key in dated:
        first = dated[key]
        yield Message(
            here,
            "error",
            f'"{figure.indicator}" already has a figure for {figure.date} '
            f"({first.file} line {first.line}); one measurement per date",
        )
    dated.setdefault(key, here)


def _measurements(
    programme: ProgrammeFile, editions: list[EditionFile]
) -> dict[str, list[Measurement]]:
    found: dict[str, list[Measurement]] = {i: [] for i in programme.indicators}
    for edition in editions:
        for figure in edition.figures:
            found[figure.indicator].append(Measurement(figure, edition.edition))
        for report in edition.themes.values():
            for action in report.actions:
                for figure in action.figures:
                    found[figure.indicator].append(Measurement(figure, edition.edition, action))
    for items in found.values():
        items.sort(key=lambda m: m.figure.date)
    return found


# The end of a sentence: a paragraph of the source ends only after one of these.
_SENTENCE_END = (".", "?", "!", "’", "”", "'", '"')


def _heading_at(lines: list[str], i: int, headings: set[str]) -> tuple[str | None, int]:
    """The heading that starts at line ``i`` and the index after it (a heading may be broken
    over two lines, with or without a hyphen and blank lines between)."""
    one = lines[i].strip()
    if one in headings:
        return one, i + 1
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if one and j < len(lines):
        two = lines[j].strip()
        joined = one[:-1] + two if one.endswith("-") else f"{one} {two}"
        if joined in headings:
            return joined, j + 1
    return None, i


def source_paragraphs(text: str, section: str, headings: set[str]) -> list[str] | None:
    """The paragraphs under ``section`` in a monitor's plain-text source, or None when the
    heading is not there exactly once. The section ends at the next of ``headings``.

    The text comes from a printed document whose layout broke lines and put blank lines in
    mid-sentence: a blank line ends a paragraph only when the text before it ends a sentence.
    A colon does not end one, so a quote stays with the line that introduces it.
    """
    lines = text.splitlines()
    starts = [i for i in range(len(lines)) if _heading_at(lines, i, {section})[0]]
    if len(starts) != 1:
        return None
    i = _heading_at(lines, starts[0], {section})[1]
    paragraphs: list[str] = []
    block: list[str] = []
    continues = False

    def flush() -> None:
        nonlocal continues
        if block:
            joined = " ".join(block)
            if continues:
                paragraphs[-1] += " " + joined
            else:
                paragraphs.append(joined)
            continues = not joined.endswith(_SENTENCE_END)
            block.clear()

    while i < len(lines) and _heading_at(lines, i, headings)[0] is None:
        if lines[i].strip():
            block.append(lines[i].strip())
        else:
            flush()
        i += 1
    flush()
    return paragraphs
