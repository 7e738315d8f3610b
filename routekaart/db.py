"""The one database: aggregated reach counts, nothing else.

Each row is a number of page views of one kind on one calendar day (Amsterdam time), or in one
month once old days are rolled up. No column can hold anything about a person: no address, agent,
referrer, query text or time finer than the day.

kind            key                                          lang
``step``        path of the question reached ("" = start)    page language
``result``      path of the result reached                   page language
``source``      poster source tag (``bron``), whitelisted     page language
``handover``    path of the situation handed over             the resident's language
``free_text``   "matched" or "nothing"                        page language
``something_else`` path of the question where it was chosen  page language
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, MetaData, String, Table

metadata = MetaData()

PERIODS = ("day", "month")
KINDS = ("step", "result", "source", "handover", "free_text", "something_else")

usage_counts = Table(
    "usage_counts",
    metadata,
    # "day", or "month" for a month rolled up from its days (then `day` is the 1st).
    Column("period", String(5), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("lang", String(5), primary_key=True),
    Column("n", Integer, nullable=False),
)
