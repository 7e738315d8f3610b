"""The gettext catalogs in ``translations/``: extract, update, compile and check."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import TranslationError
from babel.messages.checkers import python_format
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from routekaart import ROOT
from routekaart.content.languages import LANGUAGES

CATALOGS = ROOT / "translations"
TEMPLATE = CATALOGS / "messages.pot"


def _po(lang: str) -> Path:
    return CATALOGS / lang / "LC_MESSAGES" / "messages.po"


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def extract() -> None:
    """Collect every interface string from the code and templates into ``messages.pot``."""
    _pybabel(
        "-q", "extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
        "-w", "100", "-o", str(TEMPLATE), "routekaart", "templates",
    )  # fmt: skip


def update() -> None:
    """Merge new strings from ``messages.pot`` into each language's catalog."""
    for lang in LANGUAGES.configured:
        action = "update" if _po(lang).exists() else "init"
        _pybabel("-q", action, "-i", str(TEMPLATE), "-d", str(CATALOGS), "-l", lang, "-w", "100")


class CatalogError(ValueError):
    """A catalog that cannot be compiled without risking an error page."""


def _compiled(po: Path, lang: str) -> bytes:
    """The ``.mo`` of a ``.po``, fuzzy entries included.

    A fuzzy entry is one whose English msgid changed since it was translated (or that
    gettext matched to a similar old one). Left out, residents would read that sentence in
    English on a Dutch or Arabic page; kept, they read the earlier translation, which is
    nearly always close, until a translator checks it (``translations check`` lists every
    fuzzy entry and fails). Only when a fuzzy translation's placeholders differ from its
    msgid's (``%(name)s``) could it break the page: that catalog is not compiled at all, so
    the site does not start with it."""
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    for message in catalog:
        if message.id and message.fuzzy and message.string:
            try:
                python_format(catalog, message)
            except TranslationError as exc:
                raise CatalogError(
                    f"{po.name}:{message.lineno}: the fuzzy entry {message.id!r} has other "
                    f"placeholders than its msgid ({exc}): correct the translation and remove "
                    "its fuzzy flag"
                ) from None
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=True)
    return out.getvalue()


def _has_fuzzy_entries(po: Path) -> bool:
    """Whether a ``.po`` holds fuzzy entries (a quick look at its text, header aside)."""
    text = po.read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1] if text.startswith("#") and "\n\n" in text else text
    return any(line.startswith("#,") and "fuzzy" in line for line in body.splitlines())


def compile_all(folder: Path = CATALOGS) -> list[Path]:
    """Compile every ``.po`` to ``.mo`` (done at build and install time, by ``scripts/setup``
    and by the build backend; ``.mo`` files are not committed)."""
    written = []
    for lang in LANGUAGES.configured:
        po = folder / lang / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            continue
        mo = po.with_suffix(".mo")
        mo.write_bytes(_compiled(po, lang))  # CatalogError: nothing written for it
        written.append(mo)
    return written


def stale(folder: Path = CATALOGS) -> list[str]:
    """What is wrong with the compiled catalogs in ``folder``: a ``.mo`` missing, or older
    than its ``.po`` and different from what it compiles to (a checkout may write the two
    files in any order). Empty when the site can serve every language."""
    found = []
    for lang in LANGUAGES:
        po = folder / lang / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        name = f"{lang}/LC_MESSAGES/messages.mo"
        if not mo.exists():
            found.append(f"{name} is missing")
            continue
        if not po.exists():
            continue
        older = mo.stat().st_mtime < po.stat().st_mtime
        # A .mo compiled without the fuzzy entries (pybabel compile does that) would show
        # their English msgid: compare it whatever its time.
        if not older and not _has_fuzzy_entries(po):
            continue
        try:
            expected = _compiled(po, lang)
        except CatalogError as exc:
            found.append(f"{lang}/LC_MESSAGES/{exc}")
            continue
        if mo.read_bytes() != expected:
            if older:
                found.append(f"{name} is older than messages.po")
            else:
                found.append(f"{name} leaves out the fuzzy entries of messages.po")
    return found


def refusal(folder: Path = CATALOGS) -> str | None:
    """The one line that says why the site does not start with these catalogs, or None."""
    problems_found = stale(folder)
    if not problems_found:
        return None
    return (
        f"the compiled translations in {folder} are not up to date ({'; '.join(problems_found)}):"
        " run `.venv/bin/routekaart translations compile` (bash scripts/setup does it) and"
        " start again; without them Dutch and Arabic pages would show English"
    )


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def problems(folder: Path = CATALOGS) -> list[str]:
    """A fuzzy header, every untranslated or fuzzy entry, and strings in the code missing
    from a catalog."""
    found = []
    template_ids: set[str] = set()
    template = folder / TEMPLATE.name
    if template.exists():
        with template.open("rb") as f:
            template_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    for lang in LANGUAGES.configured:
        po = folder / lang / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            found.append(f"{_shown(po)}: missing catalog")
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        if catalog.fuzzy:
            found.append(
                f'{_shown(po)}: the header (msgid "") is marked fuzzy, so '
                "`pybabel compile` skips the whole catalog: remove the '#, fuzzy' line above it"
            )
        ids = set()
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            ids.add(key)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                found.append(f"{_shown(po)}: untranslated: {key!r}")
            if message.fuzzy:
                found.append(
                    f"{_shown(po)}:{message.lineno}: fuzzy: {key!r} (residents "
                    "read this earlier translation until you check it and remove the flag)"
                )
        for key in sorted(template_ids - ids):
            found.append(f"{_shown(po)}: not in catalog: {key!r}")
    return found


def completeness(lang: str, folder: Path = CATALOGS) -> tuple[int, int]:
    """How many interface entries of ``lang``'s catalog are translated (and not fuzzy), of
    how many in the template ``messages.pot``; (0, n) without a catalog."""
    with (folder / "messages.pot").open("rb") as f:
        wanted = {_key(m) for m in read_po(f) if m.id}
    po = folder / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return 0, len(wanted)
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    done = 0
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and _key(message) in wanted and all(strings) and not message.fuzzy:
            done += 1
    return done, len(wanted)


def _key(message) -> tuple[str | None, str]:
    return (message.context, message.id if isinstance(message.id, str) else message.id[0])
