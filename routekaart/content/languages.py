"""The site's languages, read from ``content/languages.yaml``: the one place that says which
languages there are, their names, direction, text-box stemmer, checker words, and whether they
are live.

:data:`LANGUAGES` is the live list (in the menu and the web addresses). It is one object that
every module shares: reading a content folder whose ``languages.yaml`` differs replaces what
it holds (:func:`use`), so a module that imported it sees the new list without importing again.
Everything per language that Babel knows (the native name, the direction, the comma, the
semicolon and the list words) comes from Babel's CLDR data, worked out once when the list is
read, never per request.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import snowballstemmer
from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from routekaart.content.yamlsource import YamlError
from routekaart.content.yamlsource import load as load_yaml

FILE = "languages.yaml"
BUNDLED = Path(__file__).resolve().parents[2] / "content" / FILE
SOURCE = "nl"  # every other language is translated from Dutch
RESERVED = frozenset({"from"})  # keys of a content text that are not languages

_STEMMERS = frozenset(snowballstemmer.algorithms())


AgeKind = Literal["inclusive", "exclusive", "under", "from"]
AGE_NUMBER = r"(?<![\d:.])(\d{1,3})(?![\d:])"  # {n} in an age pattern: not a time like 09:00


def _pattern(value: str) -> str:
    try:
        re.compile(value.replace("{n}", AGE_NUMBER))
    except re.error as exc:
        raise ValueError(f"not a valid pattern: {exc}") from None
    return value


Pattern = Annotated[str, Field(min_length=1), AfterValidator(_pattern)]


class Checks(BaseModel):
    """The words the checker reads in a language's texts (regular expressions, any capitals)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ages: list[dict[AgeKind, Pattern]] = Field(
        description="How the language states an age range, tried in order; {n} is a number: "
        "inclusive (18 to 26), exclusive (18 tot 27), under (younger than 18), from (27 or older)."
    )
    secrets: Pattern = Field(description="Words for a login, password or code.")
    hand_over: Pattern = Field(description="Words for bringing, giving, sharing or telling.")
    never: Pattern = Field(description='Words that say "never" or "not".')

    @field_validator("ages")
    @classmethod
    def _one_kind_each(cls, value: list[dict]) -> list[dict]:
        for item in value:
            if len(item) != 1:
                raise ValueError("each age pattern is one line: kind: pattern")
        return value


class Entry(BaseModel):
    """One language in ``languages.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(description="ISO 639 code Babel knows, e.g. tr (2 or 3 letters).")
    name: str | None = Field(None, min_length=1, description="Default: Babel's native name.")
    direction: Literal["ltr", "rtl"] | None = Field(None, description="Default: Babel's.")
    locale: str | None = Field(None, description="Babel locale for dates/lists, e.g. en_GB.")
    script: str = Field(pattern=r"^[a-z]+$", description="latin, arabic, cyrillic, ...")
    stemmer: str | None = Field(None, description="Snowball stemmer for the text box.")
    live: bool = Field(description="In the menu and web addresses; then texts must be complete.")
    checks: Checks | None = Field(None, description="Words the checker reads in its texts.")

    @field_validator("code")
    @classmethod
    def _known(cls, value: str) -> str:
        if value in RESERVED:
            raise ValueError(f'"{value}" is reserved in content texts; it cannot be a language')
        if not re.fullmatch(r"[a-z]{2,3}", value):
            raise ValueError(f'"{value}" is not a language code: write 2 or 3 letters, like tr')
        try:
            Locale.parse(value)
        except (UnknownLocaleError, ValueError):
            msg = f'"{value}" is not a language code Babel knows (like tr, pl, uk)'
            raise ValueError(msg) from None
        return value

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                Locale.parse(value)
            except (UnknownLocaleError, ValueError):
                raise ValueError(f'"{value}" is not a locale Babel knows (like en_GB)') from None
        return value

    @field_validator("stemmer")
    @classmethod
    def _stemmer(cls, value: str | None) -> str | None:
        if value is not None and value not in _STEMMERS:
            raise ValueError(f'no stemmer "{value}"; choose from {", ".join(sorted(_STEMMERS))}')
        return value


class LanguageFile(BaseModel):
    """``languages.yaml``: the site's languages, Dutch first."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    languages: list[Entry] = Field(min_length=1)

    @model_validator(mode="after")
    def _dutch_first(self) -> LanguageFile:
        codes = [entry.code for entry in self.languages]
        if codes[0] != SOURCE or not self.languages[0].live:
            raise ValueError("@languages: Dutch (nl) comes first and is live: it is the source")
        for i, code in enumerate(codes):
            if code in codes[:i]:
                raise ValueError(f"@languages: {code} is listed twice")
        return self


@dataclass(frozen=True)
class Language:
    """A language with what Babel knows about it worked out once."""

    code: str
    name: str  # in the language itself, for the menu
    english_name: str  # for staff messages
    direction: str
    locale: str
    script: str
    stemmer: str | None
    live: bool
    comma: str  # between list items and parts of a line: ", " or "، "
    semicolon: str  # between items that hold commas themselves: "; " or "؛ "
    last: str  # the pattern before the last item: "{0} en {1}"
    middle: str  # the pattern between the others: "{0}, {1}" (Arabic: "{0} و{1}")
    ages: tuple[tuple[re.Pattern[str], str], ...] | None = None  # None: not checked
    secrets: re.Pattern[str] | None = None
    hand_over: re.Pattern[str] | None = None
    never: re.Pattern[str] | None = None


def _comma(locale: Locale) -> str:
    """The comma CLDR writes between list items (", ", "، ", "፣ "): the punctuation of the
    first list pattern that has any, plus its space."""
    for kind in ("standard", "unit", "unit-short", "standard-short", "unit-narrow"):
        pattern = locale.list_patterns.get(kind, {}).get("middle")
        if pattern:
            between = pattern.replace("{0}", "").replace("{1}", "")
            marks = re.match(r"\s*([^\w\s]+)", between)
            if marks:
                return marks[1] + " "
    return ", "


def _semicolon(locale: Locale) -> str:
    """The semicolon of the language's own digits in CLDR (";", Arabic "؛"), plus its space:
    CLDR's list separator of the native numbering system, the one mark it has for it."""
    native = locale.other_numbering_systems.get("native", locale.default_numbering_system)
    mark = locale.number_symbols.get(native, {}).get("list") or ";"
    return mark + " "


def _language(entry: Entry) -> Language:
    locale = Locale.parse(entry.locale or entry.code)
    own = Locale.parse(entry.code)
    return Language(
        code=entry.code,
        name=entry.name or (own.get_display_name(own) or entry.code),
        english_name=own.get_display_name("en") or entry.code,
        direction=entry.direction or own.text_direction,
        locale=entry.locale or entry.code,
        script=entry.script,
        stemmer=entry.stemmer,
        live=entry.live,
        comma=_comma(locale),
        semicolon=_semicolon(locale),
        last=locale.list_patterns["standard"]["end"],
        middle=locale.list_patterns["standard"]["middle"],
        **_checks(entry.checks),
    )


def _checks(checks: Checks | None) -> dict:
    if checks is None:
        return {}

    def compiled(value: str) -> re.Pattern[str]:
        return re.compile(value.replace("{n}", AGE_NUMBER), re.IGNORECASE)

    return {
        "ages": tuple((compiled(p), kind) for item in checks.ages for kind, p in item.items()),
        "secrets": compiled(checks.secrets),
        "hand_over": compiled(checks.hand_over),
        "never": compiled(checks.never),
    }


class Languages(Sequence[str]):
    """The live language codes, in order; also every configured language by code."""

    def __init__(self, configured: Sequence[Language] = ()) -> None:
        self._set(tuple(configured))

    def _set(self, configured: tuple[Language, ...]) -> None:
        self.by_code = {lang.code: lang for lang in configured}
        self.configured = tuple(lang.code for lang in configured)
        self.live = tuple(lang.code for lang in configured if lang.live)
        self._live_set = frozenset(self.live)

    def __getitem__(self, index):  # type: ignore[override]
        return self.live[index]

    def __len__(self) -> int:
        return len(self.live)

    def __iter__(self) -> Iterator[str]:
        return iter(self.live)

    def __contains__(self, code: object) -> bool:
        return code in self._live_set

    def __eq__(self, other: object) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, Sequence) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.live)

    def __repr__(self) -> str:
        return repr(self.live)

    def __str__(self) -> str:  # click.Choice and messages name the choices
        return ", ".join(self.live)

    def get(self, code: str) -> Language:
        """The language ``code`` (live or not); a KeyError for one that is not configured."""
        return self.by_code[code]


LANGUAGES = Languages()

# While a content folder is validated, the languages of its own languages.yaml.
_checking: ContextVar[Languages | None] = ContextVar("checking_languages", default=None)


def current() -> Languages:
    """The languages texts are checked against: the folder's being read, else the site's."""
    return _checking.get() or LANGUAGES


@contextmanager
def checking(languages: Languages) -> Iterator[None]:
    """Validate content against ``languages`` (a folder's own list) inside the block."""
    token = _checking.set(languages)
    try:
        yield
    finally:
        _checking.reset(token)


def use(languages: Languages) -> None:
    """Make ``languages`` the site's list (read from the content folder now served)."""
    if languages.by_code != LANGUAGES.by_code:
        LANGUAGES._set(tuple(languages.by_code.values()))


def build(file: LanguageFile) -> Languages:
    """The languages of a validated ``languages.yaml``."""
    return Languages([_language(entry) for entry in file.languages])


def _bundled() -> Languages:
    try:
        doc = load_yaml(BUNDLED, FILE)
        return build(LanguageFile.model_validate(doc.data))
    except (OSError, YamlError, ValueError) as exc:  # the checker names the place
        raise RuntimeError(f"{BUNDLED}: cannot read the site's languages: {exc}") from exc


use(_bundled())
