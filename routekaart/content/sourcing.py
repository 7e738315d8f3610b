"""Where each fact comes from: the facts of the directory with their references.

A fact is one thing a resident relies on: a phone number, an e-mail address, a WhatsApp number,
a website, an address, an opening slot, an age limit, a start or end date, and that a desk is
closed on public holidays. Each fact takes its reference from the most specific place staff
wrote one (a slot's own ``source``, else the organisation's ``sources`` entry for that kind of
fact, else its ``sources.all``). The checker warns about facts without a reference and facts
marked ``to_confirm``; ``routekaart check --to-confirm`` prints them as a call list; the
partners' directory and the open data show the references. Pure Python over the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from routekaart.content import model
from routekaart.content.yamlsource import Loc

# How each fact is named for staff, e.g. "phone number (070) 300 88 34".
_NAMES = {
    "phone": "phone number",
    "email": "e-mail address",
    "whatsapp": "WhatsApp number",
    "website": "website",
    "age": "age limit",
    "valid_from": "start date",
    "valid_until": "end date",
    "holidays": "closed on public holidays",
    "continuation": "whether the pilot goes on",
    "about": "what the site says the desk does",
}


@dataclass(frozen=True)
class Fact:
    """One fact of an organisation (or a location) and where it comes from."""

    owner: str  # organisation id, or location id for an address
    kind: str  # a model.FACTS name, "address" or "continuation"
    label: str  # the fact for staff: 'phone number (070) 300 88 34'
    loc: Loc  # where the fact stands in organisations.yaml
    reference: model.Reference | None
    ref_loc: Loc | None  # where its reference stands

    @property
    def sourced(self) -> bool:
        """Backed by a document or a confirmation."""
        ref = self.reference
        return ref is not None and (ref.document is not None or ref.confirmation is not None)

    @property
    def open_question(self) -> str | None:
        """What staff still have to confirm about this fact, or None."""
        if self.reference is None:
            return "no source given"
        return self.reference.question("nl")  # the team asks a Dutch desk


def _org_reference(
    org_id: str, org: model.Organisation, kind: str
) -> tuple[model.Reference | None, Loc | None]:
    base = ("organisations", org_id, "sources")
    if kind in org.sources:
        return org.sources[kind], (*base, kind)
    default = org.sources.get("all")
    if default is None:
        return None, None
    if kind == "holidays" and default.confirmation is None:
        return None, None  # no document says which holidays a desk closes
    return default, (*base, "all")


def _slot_label(slot: model.Slot, directory: model.Directory) -> str:
    place = directory.locations.get(slot.location) if slot.location else None
    if place is not None:
        where = f" at {place.name}"
    elif slot.unstated():
        where = " (for calling or walking in: not stated)"
    else:
        where = " by phone"
    days = ", ".join(slot.days)
    return f"opening hours {days} {slot.opens:%H:%M}-{slot.closes:%H:%M}{where}"


def organisation_facts(
    org_id: str, org: model.Organisation, directory: model.Directory, settings: model.Settings
) -> list[Fact]:
    """Every fact of one organisation, in the order of the file, with its reference."""
    base = ("organisations", org_id)
    facts = []
    for kind in ("phone", "email", "whatsapp", "website", "age", "valid_from", "valid_until"):
        value = getattr(org, kind)
        if value is None:
            continue
        shown = f"{value.min} up to (not including) {value.under}" if kind == "age" else value
        ref, ref_loc = _org_reference(org_id, org, kind)
        facts.append(Fact(org_id, kind, f"{_NAMES[kind]} {shown}", (*base, kind), ref, ref_loc))
    for i, slot in enumerate(org.hours):
        if slot.source is not None:
            ref, ref_loc = slot.source, (*base, "hours", i, "source")
        else:
            ref, ref_loc = _org_reference(org_id, org, "hours")
        facts.append(
            Fact(org_id, "hours", _slot_label(slot, directory), (*base, "hours", i), ref, ref_loc)
        )
    if org.about_source is not None:
        facts.append(
            Fact(
                org_id,
                "about",
                f'{_NAMES["about"]}: "{org.about.nl}"',
                (*base, "about"),
                org.about_source,
                (*base, "about_source"),
            )
        )
    if org.continuation is not None:
        c = org.continuation
        label = f"{_NAMES['continuation']} after {c.undecided_after}"
        facts.append(
            Fact(
                org_id,
                "continuation",
                label,
                (*base, "continuation"),
                c.source,
                (*base, "continuation", "source"),
            )
        )
    if org.hours and settings.closed_on_holidays:
        ref, ref_loc = _org_reference(org_id, org, "holidays")
        facts.append(Fact(org_id, "holidays", _NAMES["holidays"], (*base, "hours"), ref, ref_loc))
    return facts


def location_fact(loc_id: str, location: model.Location) -> Fact:
    """The address of a location as a fact."""
    loc = ("locations", loc_id)
    address = ", ".join(p for p in (location.name, location.street, location.city) if p)
    ref_loc = (*loc, "source") if location.source else None
    return Fact(loc_id, "address", f"address {address}", loc, location.source, ref_loc)


def used_locations(org: model.Organisation) -> list[str]:
    """The ids of the locations an organisation's weekly hours are at, in order."""
    found: list[str] = []
    for slot in org.hours:
        if slot.location and slot.location not in found:
            found.append(slot.location)
    return found


def facts_of(org_id: str, directory: model.Directory, settings: model.Settings) -> list[Fact]:
    """The facts a resident relies on for one desk: its own and the addresses it uses."""
    org = directory.organisations[org_id]
    facts = organisation_facts(org_id, org, directory, settings)
    for loc_id in used_locations(org):
        if loc_id in directory.locations:
            facts.append(location_fact(loc_id, directory.locations[loc_id]))
    return facts


def all_facts(directory: model.Directory, settings: model.Settings) -> list[Fact]:
    """Every fact of the directory once: the organisations' facts, then the addresses."""
    facts = [
        fact
        for org_id, org in directory.organisations.items()
        for fact in organisation_facts(org_id, org, directory, settings)
    ]
    facts.extend(location_fact(i, loc) for i, loc in directory.locations.items())
    return facts


def confirmations_of(directory: model.Directory, org_id: str) -> list[model.Confirmation]:
    """A desk's confirmations, newest first."""
    found = [c for c in directory.confirmations.values() if c.organisation == org_id]
    return sorted(found, key=lambda c: c.confirmed_on, reverse=True)


def last_confirmed(directory: model.Directory, org_id: str) -> date | None:
    """When the desk last confirmed facts to the team, or None if it never did."""
    found = confirmations_of(directory, org_id)
    return found[0].confirmed_on if found else None


@dataclass(frozen=True)
class Cited:
    """A document as cited for one desk: the document and the sections its facts come from."""

    id: str
    document: model.SourceDocument
    sections: tuple[str, ...]
    notes: tuple[model.Text, ...] = ()  # remarks on the sections ("the source spells it so")


def documents_of(org_id: str, directory: model.Directory, settings: model.Settings) -> list[Cited]:
    """The documents a desk's facts come from, each with the sections cited."""
    sections: dict[str, list[str]] = {}
    notes: dict[str, list[model.Text]] = {}
    for fact in facts_of(org_id, directory, settings):
        ref = fact.reference
        if ref is None or ref.document is None or ref.document not in directory.documents:
            continue
        cited = sections.setdefault(ref.document, [])
        if ref.section and ref.section not in cited:
            cited.append(ref.section)
        noted = notes.setdefault(ref.document, [])
        if ref.section_note is not None and ref.section_note not in noted:
            noted.append(ref.section_note)
    return [
        Cited(i, directory.documents[i], tuple(s), tuple(notes[i])) for i, s in sections.items()
    ]


def open_questions(
    org_id: str, directory: model.Directory, settings: model.Settings
) -> list[tuple[Fact, str]]:
    """The desk's facts that staff still have to confirm, with the question for each."""
    return [
        (fact, question)
        for fact in facts_of(org_id, directory, settings)
        if (question := fact.open_question) is not None
    ]


def fact_date(fact: Fact, directory: model.Directory) -> date | None:
    """How old a fact is: the day its confirmation was given, else its document's ``as_of``;
    None for a fact with neither (unsourced, or only ``to_confirm``)."""
    ref = fact.reference
    if ref is None:
        return None
    if ref.confirmation is not None and ref.confirmation in directory.confirmations:
        return directory.confirmations[ref.confirmation].confirmed_on
    if ref.document is not None and ref.document in directory.documents:
        return directory.documents[ref.document].as_of
    return None


def facts_as_of(org_id: str, directory: model.Directory, settings: model.Settings) -> date | None:
    """The date of a desk's oldest sourced fact: what freshness warnings count from.

    This is the date of a source, not of a check: only :func:`last_confirmed` is a check."""
    found = [
        day
        for fact in facts_of(org_id, directory, settings)
        if (day := fact_date(fact, directory)) is not None
    ]
    return min(found, default=None)


@dataclass(frozen=True)
class Statement:
    """What a result tells residents a desk does for them, still to confirm with the desk."""

    owner: str  # organisation id
    node_id: str
    loc: Loc  # where the Dutch of its to_confirm stands in routekaart.yaml
    why: str  # the Dutch text residents read
    question: str  # in Dutch: the team asks a Dutch desk


def statements_of(org_id: str, routekaart: model.Routekaart) -> list[Statement]:
    """The results' descriptions of a desk that are the team's and still to confirm."""
    found = []
    for node_id, node in routekaart.nodes.items():
        for i, rec in enumerate(node.result.organisations if node.result else []):
            if rec.organisation == org_id and rec.to_confirm is not None:
                loc = ("nodes", node_id, "result", "organisations", i, "to_confirm", "nl")
                found.append(Statement(org_id, node_id, loc, rec.why.nl, rec.to_confirm.nl))
    return found
