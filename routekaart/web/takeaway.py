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

from urllib.parse import quote

from flask import Flask
from flask_babel import force_locale, gettext

from routekaart.web.hours_wording import weekly_lines
from routekaart.web.i18n import babel_locale
from routekaart.web.mount import public_link

LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate and its end (Unicode bidi)


def _isolated(text: str, lang: str) -> str:
    """Numbers and Latin text kept left-to-right inside a right-to-left message."""
    return f"{LRI}{text}{PDI}" if lang == "ar" else text


def _times(line, lang: str) -> str:
    return f"{line.slot.opens:%H:%M}–{line.slot.closes:%H:%M}"


def _hours_lines(content, org, day, lang: str) -> list[str]:
    """The weekly hours of ``org`` as plain text lines, times isolated for Arabic."""
    lines = []
    for line in weekly_lines(content, org, day, lang):
        text = f"{line.days} {_isolated(_times(line, lang), lang)} · {line.where}"
        if line.validity:
            text += f" · {line.validity}"
        lines.append(text)
    return lines


def share_text(content, lang: str, day, *, title: str, org_id: str | None, url: str) -> str:
    """The message a resident sends on: what it is about, who helps and when, the address."""
    parts = [title]
    org = content.organisations.get(org_id) if org_id else None
    with force_locale(babel_locale(lang)):
        if org is not None:
            name = _isolated(org.name, lang)
            if org.phone:
                phone = _isolated(org.phone, lang)
                parts.append(gettext("%(name)s, phone %(phone)s", name=name, phone=phone))
            else:
                parts.append(name)
            parts.extend(_hours_lines(content, org, day, lang))
    parts.append(url)
    return "\n".join(parts)


def share_links(text: str) -> dict[str, str]:
    """The WhatsApp and SMS links that open the resident's app with ``text`` filled in."""
    body = quote(text, safe="")
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


def init_app(app: Flask) -> None:
    """Template globals for the share include."""
    app.jinja_env.globals.update(
        result_share=result_share,
        organisation_share=organisation_share,
    )
