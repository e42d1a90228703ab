"""Reorderings of ranked spans where the text states what the model's logit does not see: a figure
(or a place after 在) the question's words follow as asked ("另有数百人|受伤"), one printed right after
the question's own words before a figure nothing in its statement supports, and a name printed right
after them before one none of them precede."""

from __future__ import annotations

from qa.models import Span
from qa.read.items import HEADED_SHARE

PLACE_VERB = 0.6  # of the verb after a place's slot printed after it: "查获|的" ↔ "查获|土铳猎枪"


def followed_as_asked(ranked: list[Span]) -> list[Span]:
    """"多少人受伤": a figure the question's words after its slot follow ("另有数百人|受伤") comes
    before one the model prefers that another predicate follows ("49人|死亡"), and the other is no
    surer than it; so does a place printed between 在 and the verb asked."""
    if not ranked or ranked[0].features.get("right_other", 0.0) < 1:
        return ranked
    if ranked[0].features.get("typed"):
        asked = next((s for s in ranked[1:6] if s.features.get("typed") and s.features.get("right_adjacent", 0.0) >= 1), None)
    else:  # a place printed after 在 and before the verb asked ("在哪里查获" ↔ "在|客厅柜子|查获", not "湖北宜城|警方破获")
        asked = next((s for s in ranked[1:6] if s.features.get("after_at") and s.features.get("right_adjacent", 0.0) >= PLACE_VERB), None)
    if asked is None:
        return ranked
    for other in ranked[:1] if ranked[0].features.get("typed") else ranked:  # (a place: any that another predicate follows)
        if other.features.get("right_other", 0.0) >= 1:
            other.score = min(other.score, asked.score)
    return [asked] + [s for s in ranked if s is not asked]


def stated_before_unsupported(ranked: list[Span]) -> list[Span]:
    """A figure the text prints right after the question's own words ("微信公众号|74件" for
    "微信公众号有多少件") comes before one the model prefers whose statement prints none of
    them ("网民留言|85件"): the model's logit is the top one's only support, so it is no surer
    than the stated one; where that is unsure, the answer is "not found"."""
    if not ranked or not ranked[0].features.get("typed"):
        return ranked
    top = ranked[0].features
    if any(top.get(k, 0.0) > 0 for k in ("left", "adjacent", "clause_words", "clause_distinct")):
        return ranked
    # (or a date whose clause after it states the question: "8月6日22时，|松花江干流依兰站开始超警"
    # before the report's own date, which states nothing)
    stated = next((s for s in ranked[1:6] if s.features.get("typed") and (
        s.features.get("left", 0.0) >= 1 and s.features.get("adjacent", 0.0) >= 1
        or s.features.get("stated", 0.0) >= HEADED_SHARE)), None)
    if stated is None:
        return ranked
    ranked[0].score = min(ranked[0].score, stated.score)
    return [stated] + [s for s in ranked if s is not stated]


def after_asked_words(ranked: list[Span]) -> list[Span]:
    """A name or place the text prints right after the question's own words ("原料全部来自|上游磷化工企业…" for
    "原料来自哪里") comes before a name the model prefers with none of them before it ("位于|贵州息烽|的…生产线"),
    and that one is no surer than it."""
    top = ranked[0].features if ranked else {}
    if not top.get("typed_entity") or top.get("typed") or top.get("left", 0.0) > 0 or top.get("adjacent", 0.0) > 0:
        return ranked
    # (not a span that overlaps it: "百万富翁 M·西奥·科尔尼" is no other name than "M·西奥·科尔尼")
    first = ranked[0]
    asked = next((s for s in ranked[1:4] if s.features.get("left", 0.0) >= 1 and s.features.get("adjacent", 0.0) >= 0.5
                  and (s.passage_index != first.passage_index or s.end <= first.start or s.start >= first.end)), None)
    if asked is None:
        return ranked
    ranked[0].score = min(ranked[0].score, asked.score)
    return [asked] + [s for s in ranked if s is not asked]
