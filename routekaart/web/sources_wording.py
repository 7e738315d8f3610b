"""What residents read about where a desk's facts come from, in their language.

Two things stay apart: the *source* of a fact (a document, with its date) and a *confirmation*
by the desk. Only a confirmation is a check: the words "confirmed" (and never "checked") are
used only where a desk confirmed; otherwise the page names the document and says the desk has
not confirmed it yet. The source's date is given as its year, as the document dates itself no
more precisely ("begin 2025").
"""

from __future__ import annotations

from flask import Flask
from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from routekaart.content import sourcing


def _years(content, org_ids: list[str]) -> str:
    """The years of the documents the desks' facts come from: "2025" (residents are not shown
    the documents themselves; partners are)."""
    years = {
        cited.document.as_of.year
        for org_id in org_ids
        for cited in sourcing.documents_of(org_id, content.directory, content.settings)
    }
    return ", ".join(str(y) for y in sorted(years))


def source_note(content, org_ids: list[str]) -> str:
    """One sentence for residents: who confirmed these desks' facts, or how old their source is.

    Translated in the current locale (a hand-over slip forces the resident's)."""
    confirmed = [sourcing.last_confirmed(content.directory, o) for o in org_ids]
    open_ = any(sourcing.open_questions(o, content.directory, content.settings) for o in org_ids)
    if org_ids and all(confirmed) and not open_:
        oldest = format_date(min(d for d in confirmed if d is not None), "long")
        if len(org_ids) == 1:
            return _("The organisation confirmed these details on %(date)s.", date=oldest)
        return _(
            "The organisations confirmed these details; the oldest confirmation is of %(date)s.",
            date=oldest,
        )
    years = _years(content, org_ids)
    if years:
        # A plural form: Arabic says one, two (a dual) and more organisations each its own way.
        return ngettext(
            "This information dates from %(year)s. The organisation hasn’t confirmed all of it "
            "yet, so check first.",
            "This information dates from %(year)s. The organisations haven’t confirmed all of it "
            "yet, so check first.",
            len(org_ids),
            year=years,
        )
    if len(org_ids) == 1:
        return _("Not everything is confirmed by the organisation yet: check first.")
    return _("Not everything is confirmed by the organisations yet: check first.")


def poster_note(content, org_ids: list[str], day) -> str:
    """The poster's short line: the print date is not the date of the facts, say both."""
    printed = format_date(day, "long")
    confirmed = [sourcing.last_confirmed(content.directory, o) for o in org_ids]
    open_ = any(sourcing.open_questions(o, content.directory, content.settings) for o in org_ids)
    if org_ids and all(confirmed) and not open_:
        return _("Printed on %(date)s, details confirmed by the organisations.", date=printed)
    # A poster has room for few words: the page behind its QR code says what is unconfirmed.
    return _(
        "Printed on %(date)s, details from %(year)s.", date=printed, year=_years(content, org_ids)
    )


def init_app(app: Flask) -> None:
    """Register the template globals for the source sentences."""
    app.jinja_env.globals.update(source_note=source_note, poster_note=poster_note)
