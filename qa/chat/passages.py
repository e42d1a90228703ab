"""What the reader reads of a search: the best passage of each top article, the top article's
second-best right after its first, and, for a question that names a person, the passage where the
top article first prints the name (news says who the person is, posts and occasion, at the first
mention only); for a question about the article cited last, its other passages too; a passage that
starts inside an enumeration, from the sentence that leads it, and one that ends inside one, to its
end; the top article's passage that prints question words none of the others print."""

from __future__ import annotations

import re
from dataclasses import replace

from qa.models import Hit
from qa.read.lists import PLURAL
from qa.read.posts import asked_person
from qa.read.question import Question


def named_person(question: Question, pos) -> str | None:
    """The person a question names: the one whose post it asks ("冈图木尔担任什么职务", whom jieba
    does not know as a name), else the first word jieba (``pos``) tags as a person's name."""
    return asked_person(question, pos) or next(
        (w.word for w in pos.cut(question.text) if w.flag.startswith("nr") and len(w.word) >= 2), None)


def one_per_article(hits: list[Hit], k: int, second_passage: bool) -> list[Hit]:
    """The best passage of each of the first ``k`` articles in ``hits``, and (``second_passage``)
    the top article's second-best right after its first: the sentence that answers is often not
    the one that matched the question best."""
    chosen: list[Hit] = []
    seen: set[str] = set()
    for h in hits:
        if h.article.id not in seen and len(seen) < k:
            seen.add(h.article.id)
            chosen.append(h)
        elif second_passage and h.article.id == hits[0].article.id:
            chosen.insert(1, h)
    return chosen


def first_mention(name: str, chosen: list[Hit], store) -> Hit | None:
    """The passage of the top article in ``chosen`` where ``name`` is first printed, where none of
    ``chosen`` is it ("…蒙古国第一副总理兼经济发展部长冈图木尔" opens a report whose later paragraphs,
    which match "冈图木尔担任什么职务" better, print "冈图木尔表示"); ``store`` gives an article's passages."""
    if not chosen:
        return None
    top = chosen[0]
    at = top.article.text.find(name)
    if at < 0 or any(h.article.id == top.article.id and h.chunk.start <= at < h.chunk.end for h in chosen):
        return None
    chunk = next((c for c in store.chunks(top.article.id) if c.start <= at < c.end), None)
    return Hit(chunk, top.article, top.score, scores=dict(top.scores)) if chunk is not None else None


def whole_article(article_id: str, hits: list[Hit], store, most: int = 4, words: list[str] = ()) -> list[Hit]:
    """For a question about the article cited last ("会谈是以什么方式进行的？"): its passages the search
    found, then its others in order, ``most`` in all, each scored as its lowest found one. Where the search
    found none of it, its passage that prints most of the question's ``words`` ("警方提醒", "双方…合作"), scored
    as the best hit: the conversation names the article the words alone do not; [] where it has none."""
    found = [h for h in hits if h.article.id == article_id]
    article = store.article(article_id) if not found and hits else None
    if article is not None and (chunks := list(store.chunks(article_id))):
        best = max(chunks, key=lambda c: sum(w in c.text for w in words))
        found = [Hit(best, article, hits[0].score, scores=dict(hits[0].scores))]
    if not found:
        return []
    low = min(found, key=lambda h: h.score)
    taken = {h.chunk.start for h in found}
    more = [Hit(c, low.article, low.score, scores=dict(low.scores)) for c in store.chunks(article_id) if c.start not in taken]
    return (found + more)[:most]


def with_missing_words(tokens: list[str], chosen: list[Hit], store, own_only: bool = False) -> Hit | None:
    """The top article's passage that prints the most of the question's words (its search ``tokens``
    of two Chinese characters or more) that no chosen passage prints, where there is one: "1月—2月铝材产量是多少？" matches the page's two passages
    that print 1月—2月 best, and 铝材 is in a third (a search keeps two passages an article). With ``own_only``
    (the top article is the one a conversation is about), the words its own passages do not print: other
    articles' passages print "主力资金净流出", and the one asked about prints it further on.
    Scored as the article's lowest found passage."""
    if not chosen:
        return None
    top = chosen[0].article.id
    printed = "\n".join(h.chunk.text for h in chosen if not own_only or h.article.id == top)
    missing = [w for w in dict.fromkeys(tokens) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w) and w not in printed]
    own = [h for h in chosen if h.article.id == top]
    taken = {h.chunk.start for h in own}
    count, chunk = max(((sum(w in c.text for w in missing), c) for c in store.chunks(top) if c.start not in taken),
                       key=lambda pair: pair[0], default=(0, None))
    if not count:
        return None
    low = min(own, key=lambda h: h.score)
    return Hit(chunk, low.article, low.score, scores=dict(low.scores))


LEAD_BACK = 300  # characters: how far before a passage an enumeration's lead is looked for


def with_enumeration_lead(hit: Hit) -> Hit:
    """A passage that starts inside an enumeration ("铁合金12.1万吨，增长3.9%；铝材14.3万吨…", cut from
    its lead "…42种产品产量保持增长。其中：单晶硅…") is read from the sentence before its 其中: what the
    items are of ("铝材产量是多少？" was "not found"). Still a slice of the article."""
    text, start = hit.article.text, hit.chunk.start
    window = text[max(0, start - LEAD_BACK) : start]
    at = window.rfind("其中")
    if start == 0 or at < 0 or re.search(r"[。！？!?\n]", window[at:]) or not re.match(r"其中[：:]", window[at:]):
        return hit
    # back to the start of the sentence before 其中 (the marks just before it close that sentence)
    before = window[:at].rstrip("。！？!?；; ")
    lead = max(before.rfind(m) for m in "。！？!?\n") + 1
    new_start = max(0, start - LEAD_BACK) + lead
    return replace(hit, chunk=replace(hit.chunk, start=new_start, text=text[new_start : hit.chunk.end], id=hit.chunk.id))


def with_enumeration_end(hit: Hit) -> Hit:
    """A passage that ends inside an enumeration ("其中：单晶硅3.6万吨，…；铁合金12.1万吨，增长3.9%；", its
    铝材…电解铜 in the next passage) is read to the enumeration's end, the sentence's full stop within
    ``LEAD_BACK`` characters: a 哪些 answer is the whole list. Still a slice of the article."""
    text, end = hit.article.text, hit.chunk.end
    if end >= len(text) or not re.search(r"[；;]\s*$", hit.chunk.text):
        return hit
    stop = re.search(r"[。！？!?\n]", text[end : end + LEAD_BACK])
    if stop is None:
        return hit
    new_end = end + stop.end()
    return replace(hit, chunk=replace(hit.chunk, end=new_end, text=text[hit.chunk.start : new_end], id=hit.chunk.id))


def whole_enumeration(hit: Hit, question: str) -> Hit:
    """The passage read from its enumeration's lead and, for a ``question`` that asks for several things
    (哪些, 分别), to its enumeration's end: for others a longer passage only adds figures."""
    hit = with_enumeration_lead(hit)
    return with_enumeration_end(hit) if PLURAL.search(question) else hit


CLOSE_ANSWER = 0.1  # how much less sure an answer from the article a conversation is about may be and still come first


def conversation_first(spans: list, hits: list[Hit], article_id: str | None) -> list:
    """The spans read, with the first one from the article the conversation is about (``article_id``,
    cited last) first where it is within ``CLOSE_ANSWER`` of the best: five stock reports print
    "主力资金净流出…万元" alike, and "主力资金净流出多少？" after a question on 清水源 asks about 清水源."""
    own = next((s for s in spans if hits[s.passage_index].article.id == article_id), None) if article_id and spans else None
    if own is None or own is spans[0] or own.score < spans[0].score - CLOSE_ANSWER:
        return spans
    return [own] + [s for s in spans if s is not own]
