"""The typed content model: what staff may write in the YAML files under ``content/``.

Field names are English and short so the generated JSON Schema reads well in an editor; the
values staff type (weekday names, holiday ids) are Dutch because staff are Dutch.
"""

from __future__ import annotations

import re
from datetime import date, time
from datetime import date as Day
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from routekaart.content import languages as _languages

# The live languages, from content/languages.yaml (one shared object; see languages.py).
LANGUAGES = _languages.LANGUAGES

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

# Dutch public holidays that staff can mark as closing days. The dates come from the `holidays`
# package; which of them close the desks is a staff decision (Good Friday and Liberation Day are
# not closing days everywhere).
HOLIDAY_IDS = (
    "nieuwjaarsdag",
    "goede-vrijdag",
    "eerste-paasdag",
    "tweede-paasdag",
    "koningsdag",
    "bevrijdingsdag",
    "hemelvaartsdag",
    "eerste-pinksterdag",
    "tweede-pinksterdag",
    "eerste-kerstdag",
    "tweede-kerstdag",
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=60)]
Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=40)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_PHONE_CHARS = re.compile(r"[\s()\-.]")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https?://[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(:[0-9]+)?(/\S*)?$")
# "9:00" is accepted as 09:00; unquoted 9:00 is text too (see yamlsource), never 540.
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


def _dutch_digits(value: str) -> str:
    """Digits of a Dutch number in national form (0…); +31 and 0031 become 0."""
    digits = _PHONE_CHARS.sub("", value)
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    return digits


def _phone(value: str) -> str:
    digits = _dutch_digits(value)
    if not re.fullmatch(r"0[1-9][0-9]{8}", digits):
        raise ValueError(
            f'"{value}" is not a Dutch phone number; write 10 digits, like (070) 300 88 34'
        )
    return value


def _whatsapp(value: str) -> str:
    """A Dutch mobile number, shown the way Dutch readers group it: "06 14 32 61 65" (06, then
    four pairs), however the content wrote it ("06 143 261 65", "0614326165", "+31 6 …")."""
    digits = _dutch_digits(value)
    if not re.fullmatch(r"06[0-9]{8}", digits):
        raise ValueError(
            f'"{value}" is not a Dutch mobile number for WhatsApp; write it like 06 28 05 77 03'
        )
    return " ".join([digits[:2], *(digits[i : i + 2] for i in range(2, 10, 2))])


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(f'"{value}" is not an e-mail address; write it like info@example.nl')
    return value


def _url(value: str) -> str:
    if not _URL.fullmatch(value):
        hint = " (start with https://)" if not value.startswith("http") else ""
        raise ValueError(f'"{value}" is not a web address{hint}')
    return value


def _clock(value: object) -> object:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        match = _TIME.fullmatch(value.strip())
        if not match:
            raise ValueError(f'"{value}" is not a time; write hours:minutes from 00:00 to 23:59')
        return time(int(match[1]), int(match[2]))
    # Only text is a time: YAML numbers (900, 9.00) and true/false would otherwise be read by
    # pydantic as seconds since midnight, with a time zone.
    if value is None or isinstance(value, bool | list | dict):
        raise ValueError('expected a time in quotes, like "09:00"')
    raise ValueError(f'{value} is not a time; write it in quotes, like "09:00"')


Phone = Annotated[str, AfterValidator(_phone)]
WhatsApp = Annotated[str, AfterValidator(_whatsapp)]
Email = Annotated[str, AfterValidator(_email)]
Url = Annotated[str, AfterValidator(_url)]
Clock = Annotated[
    time,
    BeforeValidator(_clock),
    WithJsonSchema({"type": "string", "pattern": _TIME.pattern, "examples": ["09:00"]}),
]
Weekday = Literal["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
HolidayId = Literal[
    "nieuwjaarsdag",
    "goede-vrijdag",
    "eerste-paasdag",
    "tweede-paasdag",
    "koningsdag",
    "bevrijdingsdag",
    "hemelvaartsdag",
    "eerste-pinksterdag",
    "tweede-pinksterdag",
    "eerste-kerstdag",
    "tweede-kerstdag",
]


def international_digits(value: str) -> str:
    """A Dutch phone number for ``tel:`` and ``wa.me`` links, e.g. ``31703008834``."""
    return "31" + _dutch_digits(value)[1:]


class Strict(BaseModel):
    """Base for every content model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _kind(value: object) -> str:
    """How a YAML value of the wrong type is named (as in the checker's other messages)."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    return "a list" if isinstance(value, list) else "a mapping"


def _texts(data: object, required: tuple[str, ...]) -> object:
    """Check a text mapping's keys against the configured languages (``from`` is reserved)."""
    if not isinstance(data, dict):
        return data
    langs = _languages.current()
    for key, value in data.items():
        if key in _languages.RESERVED:
            continue
        if key not in langs.by_code:
            hint = f"; the languages are {', '.join(langs.configured)} (content/languages.yaml)"
            raise ValueError(f'@{key}: unknown language "{key}"{hint}')
        if key != "nl" and (value is None or (isinstance(value, str) and not value.strip())):
            raise ValueError(f">{key}: this text is empty")
        if key != "nl" and not isinstance(value, str):
            raise ValueError(f">{key}: expected text, found {_kind(value)}")
    for lang in required:
        if lang not in data:
            raise ValueError(f'missing the {langs.get(lang).english_name} text ("{lang}")')
    # Stored stripped, as the Dutch text is (NonEmpty), so reading one costs a lookup.
    return {k: v.strip() if k != "nl" and isinstance(v, str) else v for k, v in data.items()}


def _text_schema(schema: dict, cls: type) -> None:
    """The JSON Schema of a text: a key per configured language, and the reserved ``from``."""
    langs = _languages.current()
    required = langs.live if cls.__name__ == "Text" else ("nl",)
    text = {"type": "string", "minLength": 1}
    schema["properties"] = {
        **{code: {**text, "title": langs.get(code).english_name} for code in langs.configured},
        "from": {
            "type": "object",
            "description": _MARKS_FIELD["description"],
            "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{8}$"},
        },
    }
    schema["required"] = list(required)
    schema["additionalProperties"] = False


# The reserved key ``from`` of a text: per translated language, the first 8 hex digits of the
# SHA-256 of the Dutch text that translation was made from (see routekaart.content.marks). It is
# written by ``routekaart translations mark`` and ``import``, never by hand, and never shown.
def _mark_hash(value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{8}", value):
        raise ValueError(
            f'"{value}" is not a translation mark (8 digits or letters a-f); marks are written '
            "by `routekaart translations mark`, not by hand"
        )
    return value


MarkHash = Annotated[
    str,
    AfterValidator(_mark_hash),
    WithJsonSchema({"type": "string", "pattern": "^[0-9a-f]{8}$"}),
]


def _marked_languages(value: dict[str, str]) -> dict[str, str]:
    translated = [code for code in _languages.current().configured if code != "nl"]
    wrong = [lang for lang in value if lang not in translated]
    if wrong:
        raise ValueError(
            f'"from" marks translations of the Dutch text; "{wrong[0]}" is not a translated '
            f"language ({', '.join(translated)})"
        )
    return value


TranslationMarks = Annotated[dict[str, MarkHash], AfterValidator(_marked_languages)]
_MARKS_FIELD = {
    "alias": "from",
    "exclude": True,
    "description": "Written by `routekaart translations mark`: which Dutch text each "
    "translation was made from. Do not edit by hand.",
}


class _Texts(Strict):
    """A resident-facing text: one key per language code of ``content/languages.yaml`` (Dutch
    required) and the reserved ``from`` (which Dutch text a translation was made from)."""

    model_config = ConfigDict(
        extra="allow", frozen=True, populate_by_name=True, json_schema_extra=_text_schema
    )

    nl: NonEmpty
    marks: TranslationMarks = Field(default_factory=dict, **_MARKS_FIELD)

    def get(self, lang: str) -> str | None:
        """The text in ``lang``, or None when it is not written in that language."""
        if lang == "nl":
            return self.nl
        extra = self.__pydantic_extra__
        value = extra.get(lang) if extra and lang not in _languages.RESERVED else None
        return value if isinstance(value, str) else None

    def languages(self) -> list[str]:
        """The languages the text is written in (never ``from``)."""
        extra = self.__pydantic_extra__ or {}
        return ["nl", *(k for k in extra if k not in _languages.RESERVED)]

    def has(self, lang: str) -> bool:
        """Whether the text is written in ``lang`` (and not a Dutch fallback)."""
        return self.get(lang) is not None

    def __getattr__(self, name: str) -> object:
        # text.en, text.ar: None for a configured language the text lacks.
        try:
            return super().__getattr__(name)  # type: ignore[misc]
        except AttributeError:
            if name in _languages.current().by_code:
                return None
            raise


class Text(_Texts):
    """A resident-facing text in every live language."""

    @model_validator(mode="before")
    @classmethod
    def _every_live_language(cls, data: object) -> object:
        return _texts(data, _languages.current().live)

    def __call__(self, lang: str) -> str:
        """The text in ``lang`` (Dutch for a language that is not live yet)."""
        return self.get(lang) or self.nl


class LongText(_Texts):
    """A long text: Dutch required; other languages may fall back to Dutch."""

    @model_validator(mode="before")
    @classmethod
    def _known_languages(cls, data: object) -> object:
        return _texts(data, ("nl",))

    def __call__(self, lang: str) -> str:
        """The text in ``lang``, or the Dutch text when that language is missing."""
        return self.get(lang) or self.nl


# --- where facts come from -------------------------------------------------------------------

# The facts of an organisation that need a source, as keys of its "sources" map. "all" is the
# default for every fact the organisation has; "holidays" (closed on the public holidays of
# settings.yaml) is only covered by "all" when "all" is a desk's confirmation, because no
# document we have says which holidays a desk closes.
FactName = Literal[
    "all",
    "phone",
    "email",
    "whatsapp",
    "website",
    "hours",
    "age",
    "valid_from",
    "valid_until",
    "holidays",
]
FACTS: tuple[str, ...] = get_args(FactName)[1:]  # every fact name but "all"


def in_language(value: Text | str, lang: str) -> str:
    """A staff text written in every live language (a :class:`Text`) or in Dutch only (a plain
    string), in ``lang``: the Dutch when it is written in Dutch only."""
    return value if isinstance(value, str) else value(lang)


def shown_in_dutch(value: Text | str | None, lang: str) -> bool:
    """Whether :func:`in_language` gives the Dutch text (a page in another language marks it)."""
    return lang == "nl" or isinstance(value, str)


class SourceDocument(Strict):
    """A document facts come from: a printed routekaart, a report, a desk's own web page."""

    title: NonEmpty
    publisher: NonEmpty
    date: Text | NonEmpty = Field(
        description="As the document dates itself: 2025-03-01 or 'begin 2025' (in every live "
        "language, or in Dutch only)."
    )
    as_of: Day = Field(
        description="The day its facts are counted from for freshness warnings (for 'begin "
        "2025' the latest day the document speaks of). Never shown as a check: only a desk's "
        "confirmation is a check."
    )
    where: Text | NonEmpty = Field(
        description="Where staff can find it: a web address, or e.g. 'gedrukt, programmabureau': "
        "in every live language (partners read it in theirs), or in Dutch only."
    )

    def said(self, field: str, lang: str = "nl") -> str:
        """``date`` or ``where`` in ``lang`` (Dutch when it is written in Dutch only)."""
        return in_language(getattr(self, field), lang)

    def said_in_dutch(self, field: str, lang: str) -> bool:
        """Whether ``said(field, lang)`` is the Dutch text (a page in another language marks it)."""
        return shown_in_dutch(getattr(self, field), lang)


class Confirmation(Strict):
    """A desk confirmed facts to the team: how, when, to whom (roles, never people's names)."""

    organisation: Id
    confirmed_on: date
    how: Literal["telefoon", "e-mail", "bezoek", "overleg"]
    by: NonEmpty = Field(description="The role of the staff member, e.g. 'programmamedewerker'.")
    desk: NonEmpty | None = Field(
        None, description="Who at the desk confirmed, by role, e.g. 'teamleider'."
    )
    note: NonEmpty | None = None


class Reference(Strict):
    """Where one fact comes from: a document (and where in it), a confirmation, or neither yet.

    ``to_confirm`` is the team's own statement of what is not (or not fully) supported; it may
    stand alone or next to a document that says part of it.
    """

    document: Id | None = None
    section: NonEmpty | None = Field(None, description="Page or section in the document.")
    section_note: Text | None = Field(
        None,
        description="A remark on the section for partners, in every live language, e.g. that "
        "the source spells a name so: shown after the section on the partners' page.",
    )
    confirmation: Id | None = None
    to_confirm: Text | NonEmpty | None = Field(
        None,
        description="What the team states without a source, as a question for the desk: in "
        "every live language (partners read it in theirs), or in Dutch only.",
    )

    def question(self, lang: str = "nl") -> str | None:
        """``to_confirm`` in ``lang`` (Dutch when it is written in Dutch only), or None."""
        return None if self.to_confirm is None else in_language(self.to_confirm, lang)

    def question_loc(self) -> tuple[str, ...]:
        """Where the Dutch question stands below the reference (its "nl" when translated)."""
        return ("to_confirm",) if isinstance(self.to_confirm, str) else ("to_confirm", "nl")

    def question_is_dutch(self, lang: str) -> bool:
        """Whether ``question(lang)`` is the Dutch text (a page in another language marks it)."""
        return shown_in_dutch(self.to_confirm, lang)

    @model_validator(mode="after")
    def _says_something(self) -> Reference:
        if self.document is None and self.confirmation is None and self.to_confirm is None:
            raise ValueError('write a "document", a "confirmation" or what is "to_confirm"')
        if self.section is not None and self.document is None:
            raise ValueError('@section: a "section" belongs to a "document"')
        if self.section_note is not None and self.section is None:
            raise ValueError('@section_note: a "section_note" belongs to a "section"')
        return self


# --- organisations and opening hours -------------------------------------------------------


class Location(Strict):
    """A place where residents can walk in."""

    name: NonEmpty
    street: NonEmpty
    postcode: NonEmpty | None = None
    city: NonEmpty
    directions: Text | None = Field(None, description="How to find the entrance.")
    kind: Text | None = Field(
        None,
        description="What kind of place it is, in a word or two, for readers who do not know "
        "the Dutch name: 'library'. English and Arabic pages say it once, after the name's "
        "first part: 'Bibliotheek aan de Vliet (library)'. Dutch pages do not show it.",
    )
    source: Reference | None = Field(None, description="Where the address comes from.")


# Where a period stands on a day: before its first day, inside it, or after its last day.
Phase = Literal["not-started", "active", "ended"]


class Period(Strict):
    """Dates (inclusive) between which something applies; either end may be open."""

    valid_from: date | None = None
    valid_until: date | None = None

    def state_on(self, day: date) -> Phase:
        """Where the period stands on ``day``; both ``valid_from`` and ``valid_until`` count.

        The one rule for "has this service (or slot) started or ended": a service is active
        on its first and on its last day, ended the day after.
        """
        if self.valid_from is not None and day < self.valid_from:
            return "not-started"
        if self.valid_until is not None and day > self.valid_until:
            return "ended"
        return "active"

    def active_on(self, day: date) -> bool:
        """Whether ``day`` lies inside the period (``state_on(day) == "active"``)."""
        return self.state_on(day) == "active"

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("@valid_until: valid_until lies before valid_from")
        return self


class Slot(Period):
    """Weekly opening hours: on these days from ``from`` up to (not including) ``to``."""

    days: list[Weekday] = Field(min_length=1)
    opens: Clock = Field(alias="from")
    closes: Clock = Field(alias="to")
    location: Id | None = Field(
        None, description="Location id; leave out when these are phone hours, not walk-in hours."
    )
    by_phone: bool | None = Field(
        None,
        description="Without a location these are phone hours; write false when the source "
        "gives hours without saying whether they are for calling or for walking in.",
    )
    source: Reference | None = Field(
        None, description="Where this slot comes from, if not the organisation's sources."
    )

    def unstated(self) -> bool:
        """Hours without a place whose source does not say they are phone hours."""
        return self.location is None and self.by_phone is False

    @model_validator(mode="after")
    def _closes_after_opening(self) -> Slot:
        if self.closes <= self.opens:
            raise ValueError(
                f"@to: closes at {self.closes:%H:%M}, which is not after it opens at "
                f"{self.opens:%H:%M}"
            )
        return self

    @field_validator("days")
    @classmethod
    def _no_repeats(cls, days: list[str]) -> list[str]:
        repeated = sorted({d for d in days if days.count(d) > 1})
        if repeated:
            raise ValueError(f"day listed twice: {', '.join(repeated)}")
        return days


class Hours(Strict):
    """Other opening hours for a day in an exception."""

    opens: Clock = Field(alias="from")
    closes: Clock = Field(alias="to")
    location: Id | None = None

    @model_validator(mode="after")
    def _closes_after_opening(self) -> Hours:
        if self.closes <= self.opens:
            raise ValueError(
                f"@to: closes at {self.closes:%H:%M}, which is not after it opens at "
                f"{self.opens:%H:%M}"
            )
        return self


class Closure(Strict):
    """A dated exception: closed, or other hours, on one day or a range of days."""

    date: date
    until: date | None = Field(None, description="Last day of the exception, if several days.")
    closed: bool = False
    hours: list[Hours] = Field(default_factory=list)
    reason: Text

    @model_validator(mode="after")
    def _closed_or_hours(self) -> Closure:
        if self.closed == bool(self.hours):
            raise ValueError('write either "closed: true" or the other "hours", not both or none')
        if self.until and self.until < self.date:
            raise ValueError("@until: until lies before date")
        return self


class AgeRange(Strict):
    """The ages an organisation serves: from ``min`` (included) to ``under`` (not included).

    "18 tot 27 jaar" is ``{min: 18, under: 27}``: people of 18 up to their 27th birthday, so
    26-year-olds are in and 27-year-olds are out. Every text stating an age is checked against
    this (see :mod:`routekaart.content.ages`).
    """

    min: int = Field(ge=0, le=120, description="The youngest age served.")
    under: int = Field(
        ge=1, le=121, description='Younger than this: "18 tot 27 jaar" is min 18, under 27.'
    )

    @property
    def last(self) -> int:
        """The oldest age served (26 for "18 tot 27 jaar")."""
        return self.under - 1

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.under <= self.min:
            raise ValueError("@under: under must be above min")
        return self


class Continuation(Strict):
    """A service whose continuation is undecided: a pilot the source says will be decided on.

    After ``undecided_after``, until a desk's confirmation backs ``source`` (without a
    ``to_confirm``), residents read ``note``: plainly, that it may have stopped and how to ask.
    Once the desk answers, record the answer: a ``valid_until`` if it stopped, or a
    confirmation as the source if it goes on.
    """

    undecided_after: date = Field(
        description="The last day the source covers; after it, whether it goes on is open."
    )
    note: Text = Field(description="What residents read after that day: it may have stopped.")
    source: Reference = Field(description="Where the pilot and its decision come from.")


class Organisation(Period):
    """A desk or service residents can go to."""

    name: NonEmpty = Field(description="The Dutch name; it stays Dutch in every language.")
    explain: Text = Field(description="A few words on what the organisation is.")
    about: Text = Field(description="What they do for residents, in one or two sentences.")
    about_source: Reference | None = Field(
        None,
        description="Where what explain and about say comes from; to_confirm for the team's "
        "own explanation (the source names desks and contacts, not what each does).",
    )
    phone: Phone | None = None
    email: Email | None = None
    whatsapp: WhatsApp | None = None
    website: Url | None = None
    age: AgeRange | None = None
    hours: list[Slot] = Field(default_factory=list)
    exceptions: list[Closure] = Field(default_factory=list)
    hours_note: Text | None = Field(
        None, description="Shown where no weekly hours are known, e.g. 'check the website'."
    )
    continuation: Continuation | None = Field(
        None, description="A pilot whose continuation is undecided (see Continuation)."
    )
    sources: dict[FactName, Reference] = Field(
        default_factory=dict,
        description='Where each fact comes from: "all" for every fact, or per fact (phone, '
        "email, whatsapp, website, hours, age, valid_from, valid_until, holidays).",
    )

    @model_validator(mode="before")
    @classmethod
    def _no_checked_on(cls, data: object) -> object:
        # checked_on mixed up two things: the date of the source and a check by the desk.
        if isinstance(data, dict) and "checked_on" in data:
            raise ValueError(
                '@checked_on: "checked_on" is gone: the date of a source is the "as_of" of its '
                'document; a check by the desk is a "confirmation" (see "confirmations")'
            )
        return data

    def may_have_stopped(self, day: date) -> bool:
        """Whether on ``day`` the service may have stopped: a pilot past its decision, with no
        confirmation yet that it goes on (an ended service has stopped, not maybe)."""
        c = self.continuation
        if c is None or self.state_on(day) != "active" or day <= c.undecided_after:
            return False
        return c.source.confirmation is None or c.source.to_confirm is not None

    def holidays_confirmed(self) -> bool:
        """Whether the desk's closing on public holidays is backed by a source, not assumed."""
        ref = self.sources.get("holidays")
        if ref is None:
            default = self.sources.get("all")
            ref = default if default is not None and default.confirmation else None
        return ref is not None and ref.to_confirm is None


class Directory(Strict):
    """``organisations.yaml``: the source documents, confirmations, locations, organisations."""

    documents: dict[Id, SourceDocument] = Field(
        default_factory=dict, description="The documents facts come from."
    )
    confirmations: dict[Id, Confirmation] = Field(
        default_factory=dict, description="Facts a desk confirmed to the team."
    )
    locations: dict[Id, Location]
    organisations: dict[Id, Organisation]

    def holidays_confirmed(self) -> bool:
        """Whether every desk with weekly hours confirmed it closes on the listed holidays."""
        return all(o.holidays_confirmed() for o in self.organisations.values() if o.hours)

    def holidays_confirmed_by_any(self) -> bool:
        """Whether at least one desk with weekly hours confirmed its closing on holidays."""
        return any(o.holidays_confirmed() for o in self.organisations.values() if o.hours)


# --- the routekaart ---------------------------------------------------------------------------


class Option(Strict):
    """A quick-reply answer to a question."""

    slug: Slug = Field(description="Short, stable, ASCII; part of the URL printed on posters.")
    label: Text
    next: Id = Field(description="The node this answer leads to.")


class Recommendation(Strict):
    """One organisation in a result, with what it will do in this situation."""

    organisation: Id
    why: Text
    to_confirm: Text | None = Field(
        None,
        description="What ``why`` says about the desk that no source backs (the team's plain "
        "explanation), as the question for the desk, in every live language: the call list asks "
        "the Dutch; partners read it, as not yet confirmed, in their page's language.",
    )
    reason: Text | None = Field(
        None,
        description="Why this desk for this situation, for staff and partners, in every live "
        "language. The source lists situations and desks but does not say which desk serves "
        "which: this is our judgement.",
    )


Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def _match_schema(schema: dict, cls: type) -> None:
    """The JSON Schema of example phrases: a list per configured language."""
    phrases = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 200}}
    schema["properties"] = dict.fromkeys(_languages.current().configured, phrases)
    schema["additionalProperties"] = False


class Match(Strict):
    """Words and example sentences residents use for a situation, per language code.

    The matcher (``routekaart.domain.matcher``) reads them next to the titles and answer labels, so
    a resident who types "de deurwaarder stond voor de deur" finds the bailiff's result.
    """

    model_config = ConfigDict(
        extra="allow", frozen=True, populate_by_name=True, json_schema_extra=_match_schema
    )

    nl: list[Phrase] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _languages_only(cls, data: object) -> object:
        if isinstance(data, dict):
            langs = _languages.current()
            for key, value in data.items():
                if key not in langs.by_code:
                    raise ValueError(
                        f'@{key}: unknown language "{key}"; the languages are '
                        f"{', '.join(langs.configured)} (content/languages.yaml)"
                    )
                if key != "nl" and not (
                    isinstance(value, list)
                    and all(isinstance(p, str) and 0 < len(p.strip()) <= 200 for p in value)
                ):
                    raise ValueError(f">{key}: expected a list of phrases (1 to 200 characters)")
        return data

    def get(self, lang: str) -> list[str]:
        """The phrases in ``lang`` (none when it has none)."""
        if lang == "nl":
            return self.nl
        return [p.strip() for p in (self.__pydantic_extra__ or {}).get(lang) or ()]

    def __getattr__(self, name: str) -> object:
        try:
            return super().__getattr__(name)  # type: ignore[misc]
        except AttributeError:
            if name in _languages.current().by_code:
                return []
            raise

    def phrases(self) -> list[tuple[str, str]]:
        """Every phrase with its language, e.g. ``("nl", "loonbeslag")``."""
        return [(lang, p) for lang in _languages.current().configured for p in self.get(lang)]


class OtherHelp(Strict):
    """Other help the programme offers, shown after the desks on a result (general help).

    Not an organisation of the routekaart: it is not on the printed poster and the source gives
    too few facts (often no phone, no hours) to send residents there as to a desk. Only what
    the source says, with its source; ``how_to_find`` says how to find what it does not say.
    """

    name: NonEmpty = Field(description="The Dutch name; it stays Dutch in every language.")
    title: Text | None = Field(
        None, description="The heading in each language where the Dutch name is jargon."
    )
    what: Text = Field(description="Who it is for and what they do, as the source says.")
    location: Id | None = None
    hours: list[Slot] = Field(default_factory=list)
    valid_from: date | None = Field(None, description="Since when, as the source says.")
    how_to_find: Text = Field(description="Where the source gives no hours or phone: say so.")
    source: Reference


class Result(Strict):
    """Where a route ends: who to go to, in order, and how urgent it is."""

    urgency: Literal["today", "soon", "normal"]
    title: Text
    advice: Text
    organisations: list[Recommendation] = Field(min_length=1)
    other_help: list[OtherHelp] = Field(
        default_factory=list,
        description="Other help from the programme, after the desks (the general-help result).",
    )
    match: Match | None = Field(
        None,
        description="Synonyms and example sentences in residents' own words, per language; "
        "the text box in the conversation uses them to find this situation.",
    )


class Node(Strict):
    """A step of the conversation: a question with options, or a result."""

    question: Text | None = None
    help: Text | None = None
    options: list[Option] | None = None
    fallback_label: Text | None = Field(
        None,
        description="This question's own words for the fallback answer (same slug, same "
        'result), where "Iets anders / Ik weet het niet" does not fit the question: for an '
        'age, "Dat weet ik niet / zeg ik liever niet".',
    )
    result: Result | None = None

    @model_validator(mode="after")
    def _question_or_result(self) -> Node:
        if self.result is not None and (
            self.question is not None or self.options is not None or self.fallback_label
        ):
            raise ValueError("a node is either a question (with options) or a result, not both")
        if self.result is None:
            if self.question is None:
                raise ValueError('a node needs a "question" with "options", or a "result"')
            if self.options is None or len(self.options) < 2:
                raise ValueError("@options: a question needs at least two options")
        return self


class Routekaart(Strict):
    """``routekaart.yaml``: the conversation as a tree of nodes."""

    title: Text
    intro: Text
    start: Id
    nodes: dict[Id, Node]
    fallback: Option | None = Field(
        None,
        description='The last answer of every question ("Iets anders / Ik weet het niet") and '
        "the result it leads to: general help for whatever the routekaart does not list.",
    )
    je_branch: Slug | None = Field(
        None,
        description='The answer of the first question whose branch says "je" (young people). '
        'Every other page says "u"; pages that other branches reach too keep "u".',
    )
    je_fallback: Id | None = Field(
        None,
        description='The result the fallback answer leads to inside the "je" branch: general '
        "help for young people, in their words (else the adults' general help).",
    )


# --- settings ---------------------------------------------------------------------------------


class Settings(Strict):
    """``settings.yaml``: site-wide choices staff make."""

    general_page: Url
    stale_after_days: int = Field(
        365,
        ge=1,
        description="Warn when a desk's facts (their source, or the desk's confirmation) are "
        "older.",
    )
    closed_on_holidays: dict[HolidayId, Text] = Field(
        description="Public holidays on which the desks are closed, with their names."
    )
    sources: dict[Slug, Text] = Field(
        default_factory=dict,
        description="Allowed poster source tags (?bron=…) with where the poster hangs, "
        "in three languages (staff pick it from a list on the poster page).",
    )


MODELS: dict[str, type[Strict]] = {
    "settings.yaml": Settings,
    "organisations.yaml": Directory,
    "routekaart.yaml": Routekaart,
}
