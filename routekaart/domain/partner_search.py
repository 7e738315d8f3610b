"""The partners' search: which situations and desks match a few words, in Dutch and the
partner's language, with the text box's matcher for what residents call a situation.

Pure: the content and the day come in, a :class:`Found` goes out; the referral guide's views
(:mod:`routekaart.web.partners`) keep the results per search.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from routekaart.content.ages import slug_range
from routekaart.content.model import Organisation, Recommendation
from routekaart.domain import engine, matcher
from routekaart.domain.resident_words import NUMBER_WORDS
from routekaart.domain.typeset import list_comma, running_text

# A search is a few words; anything longer is cut, never an error (a pasted paragraph is fine).
MAX_QUERY = 100
MAX_WORDS = 8


def normalise(text: str) -> str:
    """Text for forgiving matching: no accents or Arabic vowel marks, case-folded, words only.

    NFKD splits "é" into "e" plus a combining accent, which is dropped; punctuation becomes a
    space so "PING-loket" matches "ping loket".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


def query_words(query: str) -> tuple[str, ...]:
    """The normalised words of a search, at most :data:`MAX_WORDS`."""
    return tuple(normalise(query[:MAX_QUERY]).split()[:MAX_WORDS])


# Words that only say an age ("17 jaar", "onder 18", "student 23" keeps "student"): read as
# the age, not looked for in the texts.
def _listed(text: str) -> frozenset[str]:
    return frozenset(text.split())


_AGE_WORDS = _listed(
    """
    jaar jr j oud ouder jonger dan onder minderjarig leeftijd ben ik of en meer plus tot
    year years yrs yo y o old older younger than under minor age aged i am im or and more to
    عمري عمر سنه سنة سنين سنوات عام اقل أقل من تحت قاصر او أو اكثر أكثر الى إلى
    """
) | frozenset(NUMBER_WORDS)


def age_of(query: str) -> int | None:
    """The age a search states ("17 jaar", "onder 18", "zestien"), as the text box reads it."""
    return matcher.read_age(matcher.normalise(query[:MAX_QUERY]))


def _in_range(age: int, conversation: engine.Conversation) -> bool:
    """Whether a route's age branch, if it has one, holds ``age``."""
    for step in conversation.steps:
        ages = slug_range(step.chosen.slug)
        if ages is not None:
            low, under = ages
            return (low is None or low <= age) and (under is None or age < under)
    return True


def _all_in(words: tuple[str, ...], haystack: str) -> bool:
    """Whether every word occurs in ``haystack`` (as a word, a prefix or any part of one)."""
    return all(word in haystack for word in words)


@dataclass(frozen=True)
class Situation:
    """One result of the routekaart as partners see it: the situation and who to send to."""

    conversation: engine.Conversation
    recommendations: tuple[Recommendation, ...]  # active on the page's day, in order
    text: str  # normalised situation text (labels and title, Dutch and the page language)

    @property
    def path(self) -> str:
        """The answer path, e.g. ``direct/huis-uit``."""
        return self.conversation.slug_path

    @property
    def branch(self):
        """The first answer: one of the routekaart's three branches."""
        return self.conversation.steps[0].chosen

    @property
    def label(self):
        """The last answer, which names the situation."""
        return self.conversation.steps[-1].chosen

    def title(self, lang: str) -> str:
        """The situation in words: the answers after the branch joined as one phrase with the
        page's comma, e.g. "I can’t pay my bills, aged 18 to 26" (a "›" is read out by name
        by screen readers). A later answer goes on in lower case (an age, never a name)."""
        labels = [step.chosen.label(lang) for step in self.conversation.steps[1:]]
        return list_comma(lang).join(labels[:1] + [running_text(label) for label in labels[1:]])

    @property
    def result(self):
        """The routekaart's result for this situation."""
        return self.conversation.result

    @property
    def anchor(self) -> str:
        """The id of this situation on the partners page."""
        return "sit-" + self.path.replace("/", "-")

    def position(self, org_id: str) -> int:
        """Where this situation lists an organisation: 1 for the first desk to go to."""
        ids = [r.organisation for r in self.recommendations]
        return ids.index(org_id) + 1


@dataclass(frozen=True)
class Found:
    """What the partners page shows for a search (everything for an empty search)."""

    query: str
    words: tuple[str, ...]
    branches: list[tuple[object, list[Situation]]]  # (branch option, its matching situations)
    organisations: list[str]  # ids of matching organisations, in directory order
    referrers: dict[str, list[Situation]]  # every organisation's situations, not filtered

    @property
    def situation_count(self) -> int:
        """How many situations match."""
        return sum(len(items) for _, items in self.branches)


def _situation_text(conversation: engine.Conversation, langs: tuple[str, ...]) -> str:
    parts = [step.chosen.label(lang) for step in conversation.steps for lang in langs]
    parts += [conversation.result.title(lang) for lang in langs]
    return normalise(" ".join(parts))


def _organisation_text(org: Organisation, langs: tuple[str, ...]) -> str:
    parts = [org.name] + [t(lang) for t in (org.explain, org.about) for lang in langs]
    return normalise(" ".join(parts))


def _fits_age(index: matcher.Matcher, conversation, age: int, has_words: bool) -> bool:
    """Whether a situation is one for ``age``: its age branch holds it; a result an age
    question sends only other ages to (the adults' result for a minor) is left out; with
    nothing but an age searched, only the routes that ask the age."""
    if not _in_range(age, conversation):
        return False
    only = index.age_only.get(conversation.node_id)
    on_age_route = any(slug_range(step.chosen.slug) for step in conversation.steps)
    if only and not on_age_route and not any(low <= age < high for low, high in only):
        return False
    return has_words or on_age_route


def search(content, lang: str, query: str, day: date) -> Found:
    """Situations and organisations matching ``query`` on ``day``, in Dutch and ``lang``.

    A situation matches when every word occurs in its own text or in the names and
    explanations of the desks it sends to, or when the text box's matcher counts every word
    for it (synonyms, compounds, other spellings). An organisation matches on its own text, or
    because a situation matching on its own text sends people to it ("deurwaarder" lists the
    Kredietbank in the directory too).
    """
    langs = ("nl",) if lang == "nl" else ("nl", lang)
    words = query_words(query)
    # An age ("17 jaar", "onder 18") is not a word to find: it keeps the situations for that
    # age (the age branch that holds it; not the adults' route for a minor).
    age = age_of(query)
    if age is not None:
        words = tuple(w for w in words if not w.isdigit() and w not in _AGE_WORDS)
    index = matcher.for_tree(content.tree)
    # The text box's matcher adds what residents call a situation ("loonbeslag", "evicted",
    # typos): a situation for which every word counted there is found too. A query that names
    # a desk ("schuldhulpmaatje") is about that desk, not a worry: no guesses then.
    # "jongere" is part of "Jongeren Perspectief Fonds" but names no desk: whole words only.
    names_a_desk = bool(words) and any(
        set(words) <= set(normalise(org.name).split()) for org in content.organisations.values()
    )
    understood = set() if names_a_desk else index.covering(" ".join(words), lang, age)
    org_text = {oid: _organisation_text(org, langs) for oid, org in content.organisations.items()}
    branches: dict[str, tuple[object, list[Situation]]] = {}
    referrers: dict[str, list[Situation]] = {oid: [] for oid in content.organisations}
    shown_orgs: set[str] = {
        oid for oid, text in org_text.items() if (words or age is None) and _all_in(words, text)
    }
    for conversation in engine.results(content.tree):
        recs = tuple(
            rec
            for rec in conversation.result.organisations
            if content.organisations[rec.organisation].active_on(day)
        )
        situation = Situation(conversation, recs, _situation_text(conversation, langs))
        for rec in recs:
            referrers[rec.organisation].append(situation)
        branch = branches.setdefault(situation.branch.slug, (situation.branch, []))
        if age is not None and not _fits_age(index, conversation, age, bool(words)):
            continue
        combined = situation.text + " " + " ".join(org_text[r.organisation] for r in recs)
        told = conversation.node_id in understood
        if _all_in(words, combined) or told or (age is not None and not words):
            branch[1].append(situation)
        if words and (_all_in(words, situation.text) or told):
            shown_orgs.update(rec.organisation for rec in recs)
    if age is not None and not words:
        # Only an age: the situations for that age, and the desks they send to.
        for _, items in branches.values():
            for situation in items:
                shown_orgs.update(rec.organisation for rec in situation.recommendations)
    organisations = [oid for oid in content.organisations if oid in shown_orgs]
    return Found(query, words, list(branches.values()), organisations, referrers)
