"""Take the answer along: the text to share, the text to read aloud, the offline note.

Everything here is made by the server from the same data as the page, in the page's language,
so it is tested in Python without a phone, a WhatsApp or a speech engine:

- :func:`share_text` / :func:`share_links`: a short message (the situation, the first desk,
  its phone number and weekly hours, the page's address on ``PUBLIC_URL``) and the WhatsApp
  (``https://wa.me/?text=``) and SMS (``sms:?&body=``) links that carry it. Numbers, times and
  the address are isolated left-to-right in the message (U+2066 … U+2069), so an Arabic message
  never shows a phone number's groups or a time range in the wrong order.
- :func:`spoken_text`: what "Read aloud" says for a question or a result, with phone numbers
  digit by digit and times as people say them ("09:00–12:00": "negen tot twaalf uur").
- :func:`viewed_at`: "viewed on Monday 7 December, 10:12", shown instead of "open now" when the
  service worker opens a kept page without a connection.

Nothing is stored: the texts are parts of the page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import quote

from flask import Flask, Response, current_app, request
from flask_babel import force_locale, get_locale, gettext, pgettext
from markupsafe import Markup, escape

from routekaart.domain import engine
from routekaart.domain.typeset import list_comma
from routekaart.ops.store import current_content
from routekaart.web.hours_views import closed_today_notice, hours_status
from routekaart.web.hours_wording import unstated_note, weekly_lines
from routekaart.web.i18n import babel_locale, informal_at, text_direction
from routekaart.web.links import bare_url
from routekaart.web.mount import public_link

LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate and its end (Unicode bidi)


# A run of Latin letters, digits and the punctuation between them: "Kredietbank Nederland",
# "(070) 300 88 34", "09:00–17:00", "Bibliotheek aan de Vliet".
_LATIN_RUN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 .,:;()'’/&+\-–]*[A-Za-z0-9)]|[A-Za-z0-9]")


def _isolated(line: str, lang: str) -> str:
    """In Arabic, every Latin run of a line kept left-to-right in an isolate (U+2066 … U+2069):
    a phone number's groups and a time range keep their order, and the message starts with
    its first Arabic letter, so chat apps show it right-to-left."""
    if text_direction(lang) != "rtl":
        return line
    return _LATIN_RUN.sub(lambda m: f"{LRI}{m.group(0)}{PDI}", line)


def _times(line, lang: str) -> str:
    return f"{line.slot.opens:%H:%M}–{line.slot.closes:%H:%M}"


def _hours_lines(content, org, day, lang: str) -> list[str]:
    """The weekly hours of ``org`` as plain text lines."""
    lines = []
    weekly = weekly_lines(content, org, day, lang)
    for line in weekly:
        text = f"{line.days} {_times(line, lang)}"
        if line.where:
            text += f" · {line.where}"
        if line.validity:
            text += f" · {line.validity}"
        lines.append(text)
    note = unstated_note(weekly, lang)
    return lines + ([note] if note else [])


def share_text(content, lang: str, day, *, title: str, org_id: str | None, url: str) -> str:
    """The message a resident sends on: what it is about, who helps and when, the address.

    The address stands alone on the last line, without isolates, so chat apps link all of it."""
    parts = [title]
    org = content.organisations.get(org_id) if org_id else None
    with force_locale(babel_locale(lang)):
        if org is not None:
            if org.phone:
                parts.append(gettext("%(name)s, phone %(phone)s", name=org.name, phone=org.phone))
            else:
                parts.append(org.name)
                if org.whatsapp:  # the JPF: WhatsApp is its way in
                    parts.append(gettext("WhatsApp: %(number)s", number=org.whatsapp))
            parts.extend(_hours_lines(content, org, day, lang))
            if org.may_have_stopped(day):  # the same warning as on its card
                parts.append(org.continuation.note(lang))
    return "\n".join([_isolated(part, lang) for part in parts] + [url])


def _query_value(text: str) -> str:
    """``text`` for a link's query: ASCII as ``quote`` does, letters of other scripts as they are.

    Browsers percent-encode those letters themselves when the link is followed (a valid URL
    either way), and Arabic letters written out cost a third of their encoded bytes, which
    keeps an htmx step within its budget. Spaces, line breaks and invisible characters (the
    bidi isolates) are always encoded."""
    return "".join(
        quote(ch, safe="") if ch.isascii() or unicodedata.category(ch)[0] in "ZC" else ch
        for ch in text
    )


def share_links(text: str) -> dict[str, str]:
    """The WhatsApp and SMS links that open the resident's app with ``text`` filled in."""
    body = _query_value(text)
    return {"whatsapp": f"https://wa.me/?text={body}", "sms": f"sms:?&body={body}"}


def result_share(content, conversation, recommendations, lang: str, day) -> dict:
    """Share text and links of a result page (the first recommended desk)."""
    first = recommendations[0].organisation if recommendations else None
    url = public_link("web.finder", lang=lang, path=conversation.slug_path)
    text = share_text(
        content, lang, day, title=conversation.result.title(lang), org_id=first, url=url
    )
    return {"text": text, "url": url, **share_links(text)}


def organisation_share(content, org_id: str, lang: str, day) -> dict:
    """Share text and links of an organisation page."""
    org = content.organisations[org_id]
    url = public_link("web.organisation", lang=lang, org_id=org_id)
    text = share_text(content, lang, day, title=org.explain(lang), org_id=org_id, url=url)
    return {"text": text, "url": url, **share_links(text)}


# --- read aloud -----------------------------------------------------------------------------------

# A phone number as written in the content: "(070) 300 88 34", "06 280 577 03", "0800-8115".
_PHONE = re.compile(r"\(?\b0\d{1,3}\)?(?:[ -]\d{2,4}){1,4}\b")
_RANGE = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\s*[–-]\s*([01]?\d|2[0-3]):([0-5]\d)\b")
_TIME = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")


def _digits() -> list[str]:
    """The digits 0-9 as words ("nul", "zero", "صفر"), in the current locale."""
    return [
        pgettext("spoken digit", "0"),
        pgettext("spoken digit", "1"),
        pgettext("spoken digit", "2"),
        pgettext("spoken digit", "3"),
        pgettext("spoken digit", "4"),
        pgettext("spoken digit", "5"),
        pgettext("spoken digit", "6"),
        pgettext("spoken digit", "7"),
        pgettext("spoken digit", "8"),
        pgettext("spoken digit", "9"),
    ]


def _hours() -> list[str]:
    """The hours 0-23 as said on a clock: "negen" (nl), "nine" (en, twelve-hour), "التاسعة" (ar)."""
    return [
        pgettext("spoken hour", "0"),
        pgettext("spoken hour", "1"),
        pgettext("spoken hour", "2"),
        pgettext("spoken hour", "3"),
        pgettext("spoken hour", "4"),
        pgettext("spoken hour", "5"),
        pgettext("spoken hour", "6"),
        pgettext("spoken hour", "7"),
        pgettext("spoken hour", "8"),
        pgettext("spoken hour", "9"),
        pgettext("spoken hour", "10"),
        pgettext("spoken hour", "11"),
        pgettext("spoken hour", "12"),
        pgettext("spoken hour", "13"),
        pgettext("spoken hour", "14"),
        pgettext("spoken hour", "15"),
        pgettext("spoken hour", "16"),
        pgettext("spoken hour", "17"),
        pgettext("spoken hour", "18"),
        pgettext("spoken hour", "19"),
        pgettext("spoken hour", "20"),
        pgettext("spoken hour", "21"),
        pgettext("spoken hour", "22"),
        pgettext("spoken hour", "23"),
    ]


def _minutes(minute: int) -> str:
    """A quarter, a half, three quarters in words; other minutes as digits."""
    words = {
        15: pgettext("spoken minutes", "15"),
        30: pgettext("spoken minutes", "30"),
        45: pgettext("spoken minutes", "45"),
    }
    return words.get(minute, str(minute))


def _comma() -> str:
    """The list comma of the current locale ("، " in Arabic)."""
    return list_comma(str(get_locale()).split("_")[0])


def _phone_words(match: re.Match) -> str:
    """ "(070) 300 88 34" → "nul zeven nul, drie nul nul, acht acht, drie vier"."""
    groups = re.findall(r"\d+", match.group(0))
    words = _digits()
    return _comma().join(" ".join(words[int(d)] for d in group) for group in groups)


def _hour(hour: int) -> str:
    return _hours()[hour]


def _part_of_day(hour: int, time: str) -> str:
    """A spoken time with the part of the day where the language says one: Arabic counts the
    hours from one to twelve, so "الثانية عشرة" alone is noon or midnight ("التاسعة صباحًا",
    "الثانية عشرة ظهرًا", "الخامسة مساءً"). Dutch and English keep the time as it is."""
    if hour == 12:
        template = pgettext("spoken time, at noon", "%(time)s")
    elif 5 <= hour < 12:
        template = pgettext("spoken time, in the morning", "%(time)s")
    elif 12 < hour < 16:
        template = pgettext("spoken time, in the afternoon", "%(time)s")
    elif hour >= 16:
        template = pgettext("spoken time, in the evening", "%(time)s")
    else:
        template = pgettext("spoken time, at night", "%(time)s")
    return template % {"time": time}


def _clock_words(hour: int, minute: int) -> str:
    """A time without "o'clock": "negen", "negen uur dertig", "التاسعة والنصف صباحًا"."""
    if minute == 0:
        return _part_of_day(hour, _hour(hour))
    template = pgettext("spoken time", "%(hour)s %(minutes)s")
    return _part_of_day(hour, template % {"hour": _hour(hour), "minutes": _minutes(minute)})


def _range_words(match: re.Match) -> str:
    h1, m1, h2, m2 = (int(v) for v in match.groups())
    start, end = _clock_words(h1, m1), _clock_words(h2, m2)
    if m1 == 0 and m2 == 0:
        # Whole hours: Dutch says "negen tot twaalf uur", English "from nine until twelve" (never
        # "ten to twelve", which a British listener hears as 11:50).
        return pgettext(
            "spoken range, whole hours", "from %(start)s until %(end)s", start=start, end=end
        )
    return gettext("from %(start)s until %(end)s", start=start, end=end)


def _time_words(match: re.Match) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    if minute == 0:
        return _part_of_day(hour, gettext("%(hour)s o’clock", hour=_hour(hour)))
    return _clock_words(hour, minute)


def speakable(text: str, lang: str) -> str:
    """Page text as a person says it: phone numbers digit by digit, times in words.

    ``text`` may hold markup (``<bdi>`` around numbers); it is read as plain text."""
    plain = Markup(text).striptags() if "<" in text else " ".join(text.split())
    plain = plain.replace(LRI, "").replace(PDI, "")
    with force_locale(babel_locale(lang)):
        plain = _PHONE.sub(_phone_words, plain)
        plain = _RANGE.sub(_range_words, plain)
        plain = _TIME.sub(_time_words, plain)
        plain = _alternatives(plain)
    return plain


def _alternatives(text: str) -> str:
    """An answer like "Iets anders / Ik weet het niet" as a person says it ("Iets anders, of ik
    weet het niet"): a voice reads the slash as "schuine streep". The second part goes on the
    sentence in lower case, except the English "I"."""
    parts = text.split(" / ")
    said = parts[0]
    for part in parts[1:]:
        first = part.split(" ", 1)[0]
        if first not in ("I", "I’m", "I’d", "I’ve", "I’ll"):
            part = part[:1].lower() + part[1:]
        said = pgettext("spoken alternative", "%(first)s, or %(second)s", first=said, second=part)
    return said


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!:؟。" else text + "."


def _org_spoken(content, org_id: str, moment: datetime, lang: str) -> list[str]:
    org = content.organisations[org_id]
    parts = [org.name, org.explain(lang)]
    # What the card shows is said too: its warning that the help may have stopped, and every
    # way to get in touch (a desk with only a website was read out as "the website says how").
    if org.may_have_stopped(moment.date()):
        parts.append(org.continuation.note(lang))
    status = hours_status(content, org_id, moment, lang)
    if status.text:
        parts.append(str(status.text))
    weekly = weekly_lines(content, org, moment.date(), lang)
    for line in weekly:
        where = f"{list_comma(lang)}{line.where}" if line.where else ""
        parts.append(f"{line.days} {_times(line, lang)}{where}")
    note = unstated_note(weekly, lang)
    if note:
        parts.append(note)
    with force_locale(babel_locale(lang)):
        if org.phone:
            parts.append(gettext("Phone number: %(number)s", number=org.phone))
        if org.whatsapp:
            parts.append(gettext("WhatsApp: %(number)s", number=org.whatsapp))
        if org.email:
            parts.append(gettext("Email: %(address)s", address=org.email))
        if org.website:
            parts.append(gettext("Website: %(address)s", address=bare_url(org.website)))
    return parts


def spoken_text(content, conversation, recommendations, lang: str, moment: datetime) -> str:
    """What "Read aloud" says for the open question (with its answers) or the result."""
    parts: list[str] = []
    with force_locale(babel_locale(lang)):
        if conversation.result is None:
            node = conversation.node
            parts.append(node.question(lang))
            if node.help:
                parts.append(node.help(lang))
            answers = engine.answers(content.tree, conversation.node_id)
            labels = [option.label(lang) for option in answers]
            if informal_at(content, conversation.node_id):
                parts.append(pgettext("je", "You can choose:"))
            else:
                parts.append(gettext("You can choose:"))
            parts.extend(labels)
        else:
            result = conversation.result
            parts.append(result.title(lang))
            if result.urgency == "today":
                parts.append(gettext("This is urgent."))
            parts.append(result.advice(lang))
            ids = [rec.organisation for rec in recommendations]
            if result.urgency == "today" and ids:
                notice = closed_today_notice(content, ids, moment)
                if notice:
                    parts.append(notice)
            for rec in recommendations:
                parts.extend(_org_spoken(content, rec.organisation, moment, lang))
    return " ".join(_sentence(speakable(str(p), lang)) for p in parts if str(p).strip())


# --- offline --------------------------------------------------------------------------------------


# Where the service worker writes the moment it kept the page (in the page's language).
VIEWED_DAY = Markup('<span class="viewed-day"></span>')
VIEWED_TIME = Markup('<bdi class="viewed-time" dir="ltr"></bdi>')


def viewed_at(lang: str) -> Markup:
    """ "Viewed on …, …. Whether a desk is open now may have changed since.", with empty places
    for the day and the time.

    The moment is the one the service worker kept the page (static/sw.js fills it in when it
    opens the page offline), not the moment the server made it: a page stays the same bytes
    for as long as it may be kept (its ETag and max-age), and a clock time in it would change
    them every minute."""
    with force_locale(babel_locale(lang)):
        template = gettext(
            "You’re offline. This page was loaded on %(day)s at %(time)s; an organisation shown "
            "as open may have closed since."
        )
    return Markup(escape(template)) % {"day": VIEWED_DAY, "time": VIEWED_TIME}


# The pages the service worker keeps: route steps and organisation pages (they carry the note).
KEPT_ENDPOINTS = ("web.finder", "web.organisation")


def offline_note(lang: str) -> Markup | None:
    """The note of a page the service worker may keep, or None for any other page."""
    if request.endpoint not in KEPT_ENDPOINTS or request.method != "GET":
        return None
    return viewed_at(lang)


# Whole-line comments of static/sw.js: the file explains itself, the phone need not download it.
_BLOCK_COMMENT = re.compile(r"^/\*.*?\*/\n", re.S | re.M)
_LINE_COMMENT = re.compile(r"^\s*//.*\n", re.M)


@cache
def _worker_source(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", text)), digest


def worker() -> Response:
    """The service worker, from the site's own origin, versioned with the content version.

    A new content version or a new worker file changes its bytes, so browsers install it at
    the next visit. ``no-cache``: browsers ask for it again (a cheap 304 while it is the same).
    """
    content = current_content()
    text, digest = _worker_source(Path(current_app.static_folder or "static") / "sw.js")
    body = text.replace("__VERSION__", f"{content.version[:12]}-{digest}", 1)
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    """The service worker's address, and template globals for the share, read-aloud and
    offline includes."""
    app.add_url_rule("/sw.js", "takeaway.worker", worker)
    app.jinja_env.globals.update(
        result_share=result_share,
        organisation_share=organisation_share,
        spoken_text=spoken_text,
        offline_note=offline_note,
    )
