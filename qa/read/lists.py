"""Answers that are lists: a question asking for several things ("哪三大产业集群", "哪些单位",
"分别"), the list each passage prints before the count or before 等 and the question's noun, the
items a span's list goes on with, and when a passage's list states the answer word for word."""

from __future__ import annotations

import re
from os.path import commonprefix  # of strings, not only paths

from qa.read.ordinals import ordinal_items
from qa.read.question import Question
from qa.text.patterns import HAS_NUMERAL, STATEMENT_END, clause_bounds, sentence_bounds

# a question that asks for several things ("哪两个项目", "哪些单位"): the answer is a list
ASKS_WHICH = r"哪(?:些|几|[两二三四五六七八九十]+)[个家项位座种名条]?"
PLURAL = re.compile(rf"{ASKS_WHICH}|分别")
COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# adverbs that open a predicate after a listed subject ("…工程已全面复工"): a list item ends there
PREDICATE_OPENERS = ("已", "已经", "均", "都", "正在", "正", "将", "也", "分别", "全部", "先后", "相继", "共同", "目前", "仍")
LIST_JOINERS = "、和与及"
LIST_JOINER = re.compile(rf"[，,]\s*(?:以及|还有)|以及|[{LIST_JOINERS}]")


COUNTED = re.compile(r"^[大个家项位座种名条所批]?")


def past_preposition(question: Question, view: str, start: int, first_mark: int) -> int:
    """A list's start past the preposition the question asks after, printed before its first item ("在哪些领域" ↔ "扩大在|基础设施、")."""
    at = view.rfind(prep, start, first_mark) + 1 if (prep := question.left[-1:]) and prep in "在对向从与" else 0
    return at if at > start and first_mark - at >= 2 and PLURAL.search(question.normalized) else start


def _past_asked_words(view: str, start: int, first_mark: int, asked: str) -> int:
    """Where a list's first item starts: after the last of the question's two-character words before its first 、."""
    found = [at + 2 for i in range(len(asked) - 1) if (at := view.rfind(asked[i : i + 2], start, first_mark)) >= 0]
    return max(found, default=start)


def asked_count(question: Question) -> tuple[str, int] | None:
    """How many things a question asks for: ("三", 3) for 哪三大, ("些", 0) for 哪些 or 分别, None for one."""
    # "分别对哪些单位…" asks 哪些; 分别 alone ("A和B分别增长了多少") asks for one thing each
    if not (m := re.search(ASKS_WHICH, question.normalized) or PLURAL.search(question.normalized)):
        return None
    word = re.sub(r"^哪|[个家项位座种名条]$", "", m.group())
    return word, COUNTS.get(word, 0)


LONGEST_LIST = 120  # characters
SHORT_ITEM = 14  # characters: the longest first item of two joined by 和 ("菜鸟集团 CEO 万霖|和蒋凡")
# how many things a list names, printed between it and its noun ("…党组 6 个|党组织")
CLOSING_COUNT = r"等?\s*(?:\d+|[两二三四五六七八九十]+)\s*[个家项位座种名条所批类大]"
VAGUE_BATCH = r"(?:一批|一系列|一大批|一些|多个|多家|多项)"
BATCH_LEAD = re.compile(rf"[\u4e00-\u9fff]{{1,3}}?了?{VAGUE_BATCH}")
def closed_by(noun: str) -> str:
    """The pattern of 等 and the noun that close a list, a modifier between ("等重点行业", "等易滋生违法犯罪的场所")."""
    return rf"等\s*(?:[\u4e00-\u9fff]{{2}}|[\u4e00-\u9fff]{{2,10}}的)??{re.escape(noun)}"

# what may open a list's clause before its first item: an adverb and a preposition ("先后与|远景能源、…")
LIST_LEAD = re.compile(r"(?:先后|分别|相继|共同|还|也|已经?|并|均)*(?:与|和|同|跟|对|向|由|把|将|从|为|给|在)?")


def asked_after(question: Question) -> str:
    """The question's words after its question word, within its clause, without a count's measure
    word and a closing 了/呢 ("哪三|大产业集群" → 产业集群; "哪些项目…", "什么项目" keep 项目)."""
    rest = re.split(r"[，,。？?！!]", question.right)[0]
    if re.search(r"[几两二三四五六七八九十]$", question.qword or ""):  # a count's measure word: "哪三|大产业集群"
        rest = rest[COUNTED.match(rest).end() :]
    return re.sub(r"(?:了|呢|的|吗)+$", "", rest)


def predicate_after(question: Question, view: str, end: int) -> tuple[int, int]:
    """How many characters of the question after its question word the text prints right after
    a list that ends at ``end``, and how many there are: the noun it asks about after 等 ("…、
    南山口抽水蓄能电站等|项目"), then the predicate ("开工建设" for "哪些项目已经开工建设"), or the
    predicate alone ("东城区、市人社局、市自然资源局|作了表态发言" for "哪些单位在巡察动员会上作了
    表态发言")."""
    rest = asked_after(question)
    after = view[end : end + 40]
    # the noun after 等 (and a modifier with 的: "等易滋生违法犯罪的|场所") names the items' kind; without 等 it is the last item's own head
    if (m := re.match(rf"\s*(?:等|{CLOSING_COUNT})\s*(?:[\u4e00-\u9fff]{{1,10}}的)?", after)) is None and after.startswith(rest[:2]):
        return 0, len(rest)
    noun = len(commonprefix([rest, after := after[m.end() :]])) if m else 0
    tail, asked = after[noun:], rest[noun:]
    if m and not noun and HAS_NUMERAL.search(m.group()) and (own := _own_noun(rest, after)):
        # the text's own noun for what it counts, then the question's predicate: "6 个|党组织|开展常规巡察"
        # for "哪些单位开展常规巡察" states the predicate, not the noun
        tail, asked = after[own[0] :], rest[own[1] :]
    # the predicate as the text prints it, with or without the question's 了 and 已经
    said, plain = 0, re.sub(r"了|已经|已", "", asked)
    while said < len(tail) and (tail[: said + 1] in asked or tail[: said + 1] in plain):
        said += 1
    return noun + (said if said >= 2 else 0), len(rest)


def _own_noun(rest: str, after: str) -> tuple[int, int] | None:
    """Where a text's own noun (one to five characters of ``after``) is followed by four characters
    of the question's words after its own noun (the first one to three of ``rest``): the two nouns'
    lengths, text's first."""
    for t in range(1, 6):
        for j, words in _predicate_openings(rest):
            if re.fullmatch(r"[\u4e00-\u9fff]+", after[:t]) and after[t:].startswith(words):
                return t, j
    return None


def _list_start(view: str, end: int, question: Question, past_asked: bool = True) -> int | None:
    """Where the list that ends at ``end`` begins: at its clause's start, past the question's own words (打造), its
    preposition (``past_preposition``) or an opening adverb and preposition (先后与); None where no 、 joins items."""
    s0, _ = sentence_bounds(view, end, end)
    start = max((x.end() for x in STATEMENT_END.finditer(view, s0, end)), default=s0)
    first = view.find("、", start, end)
    if first < 0:
        return None
    if past_asked:
        start = _past_asked_words(view, start, first, question.left[-4:])
        start = past_preposition(question, view, start, first)
    lead = LIST_LEAD.match(view, start)
    start = lead.end() if first - lead.end() >= 2 else start
    # a verb with a vague quantity opens the list, it is no item ("招引了一批|盐湖化工、新能源…")
    batch = BATCH_LEAD.match(view, start)
    return batch.end() if batch and first - batch.end() >= 2 else start


def _counted_then_asked(question: Question) -> str:
    """A list closed by a count and a noun of the text's own that the question's predicate follows
    ("…党组 6 个党组织|开展常规巡察" for "对哪些单位开展常规巡察"): the question's class word (单位) need
    not be the page's (党组织) where four characters of what it asks after it are printed there."""
    said = [re.escape(words) for _, words in _predicate_openings(asked_after(question))]
    return rf"|{CLOSING_COUNT}\s*[\u4e00-\u9fff]{{1,5}}?(?=(?:{'|'.join(said)}))" if said else ""


def _predicate_openings(rest: str) -> list[tuple[int, str]]:
    """Where the question's predicate may start after its noun of one to three characters, with its
    first four characters ("单位|开展常规巡察" → (2, 开展常规) among them)."""
    return [(j, rest[j : j + 4]) for j in range(1, 4) if len(rest) >= j + 4]


def listed_spans(question: Question, views: list[str]) -> list[list[tuple[int, int]]] | None:
    """The list each passage prints before the count and the noun a question asks for
    ("打造|光伏制造、锂电储能、特色化工和合金新材料|三大产业集群" for "哪三大产业集群"), or before 等
    and the noun for one that names no count ("…、南山口抽水蓄能电站|等项目开工建设" for "哪些项目"):
    candidates the model scores even where its own best spans were one item or a distractor.
    Items are joined by 、; the first one starts at its clause (``_list_start``)."""
    count, wanted = asked_count(question) or ("", 0)
    noun = asked_after(question)[:4]
    if count == "" or len(noun) < 2:
        return None
    if wanted:
        after = re.compile(rf"(?:{count}|{wanted})[大个家项位座种名条所批]?{re.escape(noun)}")
    else:  # the noun's first two characters after 等 or a count, a short modifier between: "等项目", "等重点行业", "6 个党组织"
        # (or its head: "哪些高铁工程" ↔ "…、杭州至义乌至温州高铁|等工程")
        head = f"|{closed_by(noun[-2:])}" if len(noun) == 4 else ""
        after = re.compile(rf"{closed_by(noun[:2])}{head}|{CLOSING_COUNT}\s*(?:[\u4e00-\u9fff]{{2}})??{re.escape(noun[:2])}{_counted_then_asked(question)}")
    out = []
    for view in views:
        spans = []
        for hit in after.finditer(view):
            start = _list_start(view, hit.start(), question)
            if start is not None and 2 <= hit.start() - start <= LONGEST_LIST:
                spans.append((start, hit.start()))
        out.append(spans)
    return out if any(out) else None


def _items(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of the list ``view[start:end]``, split at 、 outside brackets."""
    items, depth, at = [], 0, start
    for i in range(start, end):
        depth += view[i] in "（(" and 1 or (view[i] in "）)" and -1 or 0)
        if view[i] == "、" and depth == 0:
            items.append((at, i))
            at = i + 1
    return items + [(at, end)]


def owned_items(question: Question, views: list[str]) -> list[list[tuple[int, int]]] | None:
    """For "蓝科锂业建成投产了什么项目" (what thing of a named owner), the item of a list before 等
    and the noun that opens with the owner's name, without the name ("蓝科锂业|2 万吨电池级碳酸
    锂、比亚迪碳酸锂中试等项目建成投产" → 2 万吨电池级碳酸锂): the thing printed as the owner's."""
    noun = asked_after(question)[:4]
    if question.qword not in ("什么", "哪个", "哪项") or len(noun) < 2 or len(question.left) < 2:
        return None
    out = []
    for view in views:
        spans = []
        # "…等项目", "…等一批盐湖化工产业链意向项目"
        for hit in re.finditer(rf"(?:等[^，,。；;、\s]{{0,12}}?|{CLOSING_COUNT})\s*{re.escape(noun[:2])}", view):
            start = _list_start(view, hit.start(), question, past_asked=False)  # the owner's name is the question's
            for a, b in _items(view, start, hit.start()) if start is not None else []:
                # the owner's name, wherever the question names it ("格尔木的盐湖股份有什么项目")
                owner = next((k for k in range(min(b - a, len(question.left)), 1, -1) if view[a : a + k] in question.left), 0)
                first = a + owner
                while first < b and view[first].isspace():
                    first += 1
                # an owner is named before the question's verb, not the verb itself ("举报件主要反映|小区物业")
                if owner >= 2 and b - first >= 2 and not re.sub(r"[了是]+$", "", question.left).endswith(view[a : a + owner]):
                    spans.append((first, b))
        out.append(spans)
    return out if any(out) else None


def states_list(question: Question, span, view: str, noun: int = 0) -> bool:
    """The text states the answer: a span listing as many items as "哪三大产业集群" asks, followed
    by the question's words after its count ("光伏制造、锂电储能、特色化工和合金新材料|三大产业集群");
    for 哪些/哪几, a list of two or more whole items followed by the question's noun and
    predicate (``predicate_after``); ``noun``: the characters of the question's noun after its
    question word, which alone state nothing."""
    count, wanted = asked_count(question) or ("", 0)
    items = span.text.count("、") + 1
    if not wanted:
        # the count that closes a list and the noun after it are not its last item's ("…党组 6 个党组织"),
        # nor a vague batch or the question's verb its first ("一批|盐湖化工", "共涉及|内章镇")
        whole = (not re.search(rf"[，,；;。：:]|等\s*\S{{0,4}}$|{CLOSING_COUNT}\s*[\u4e00-\u9fff]{{0,5}}$|^{VAGUE_BATCH}", span.text)
                 and LIST_LEAD.match(span.text).end() == 0
                 and not _past_asked_words(span.text, 0, span.text.find("、"), question.left[-4:]))
        if count in ("", "分别") or items < 2 or not whole:
            return False  # whole items only: not "先后与A、B", nor "A、B等"
        said, asked = predicate_after(question, view, span.end)
        # the last item ends with the question's noun ("…改扩建工程" for "哪些工程"), never with its
        # other words ("…市自然资源局作了|表态发言")
        rest = asked_after(question)
        # and more than the noun: "…等重点行业|产业链覆盖度" does not state "哪些重点行业增长了"
        enough = min(asked, max(4, noun + 2))
        return asked > 0 and said >= enough and (span.text[-2:] not in rest or rest.startswith(span.text[-2:]))
    if span.features.get("right_adjacent", 0.0) < 1.0:
        return False
    return wanted == items or (wanted == items + 1 and re.search(r"[和及与]", span.text.rsplit("、", 1)[-1]) is not None)


def extend_list(text: str, start: int, end: int, question: Question, words) -> tuple[int, int]:
    """For a question asking for several things, extend a span that ends where a list goes on
    ("西成铁路项目|、西宁机场三期改扩建工程已全面复工" → both projects): add the items joined by
    、/和/与/及, each cut where the question's own words or a predicate adverb begin, up to the
    number asked for. Other questions are left alone."""
    if (asked := asked_count(question) or _listed_as_asked(text, start, end, question)) is None:
        return start, end
    wanted = asked[1] or 8  # 哪些, 分别: all
    asked = {w for w in words(question.right) if len(w) >= 2} - set(words(text[start:end]))
    items = 1
    while items < wanted and (joiner := LIST_JOINER.match(text, end)):  # ("…服务站|，以及普惠型…")
        if not (clause := re.match(r"[^，,。；;、！？!?\n和与及等]{1,30}", text[joiner.end() :])):  # a list ends at 等
            break
        cut, pos = 0, 0
        for w in words(clause.group()):
            if w in PREDICATE_OPENERS or w in asked:
                break
            pos += len(w)
            cut = pos
        if cut == 0:
            break
        end, items = joiner.end() + cut, items + 1
    end = _numbered_items(text, start, end, wanted - items + 1)
    if (by_ordinal := ordinal_items(text, start, end, wanted - items + 1)) != (start, end):
        return by_ordinal  # items' heads may name the noun ("把基础工作打牢"): no closing
    # the noun the question names closes the list, it is no item ("纺织服装|等重点行业" for "哪些行业")
    # (also where the span stops inside the modifier: "烧烤点等易滋生违法犯罪|的场所")
    noun = asked_after(question)[:2]
    closing = re.search(closed_by(noun), text[start : end + 12]) if len(noun) == 2 else None
    return start, start + closing.start() if closing and 2 <= closing.start() < end - start else end


def _listed_as_asked(text: str, start: int, end: int, question: Question) -> tuple[str, int] | None:
    """A 什么 question whose span goes on as a list closed by 等 and the question's noun asks for
    the list ("举报件主要反映什么问题" ↔ "小区物业|、消防安全、…、餐饮等问题"): as 哪些 does."""
    noun = asked_after(question)[:2]
    if question.qword != "什么" or len(noun) < 2:
        return None
    c0, c1 = clause_bounds(text, start, end, STATEMENT_END)
    listed = text[c0 : max(c1, end)]
    closed = re.search(closed_by(noun), listed)
    if not closed or "、" not in listed[: closed.start()] or "、" in text[c0:start]:
        return None  # not a list, or the span is not its first item
    # an item a named owner has ("蓝科锂业|2万吨电池级碳酸锂、…") is that owner's, not the list
    return None if owned_items(question, [text]) else ("些", 0)


NUMBERED_ITEM = re.compile(r"[ \t]*(?:(\d{1,2})[.、．]|[（(](\d{1,2})[)）])")


def _numbered_items(text: str, start: int, end: int, wanted: int) -> int:
    """A span that is the head of a numbered line ("1.物业服务68件") reaches the heads of the lines
    numbered after it ("…\n2.噪音问题36件…\n3.交通秩序33件"): the list is the answer, as one slice."""
    line = text.rfind("\n", 0, start) + 1
    m = NUMBERED_ITEM.match(text, line)
    if not m or start > m.end() or text.find("\n", start, end) >= 0:
        return end
    number, items = int(m.group(1) or m.group(2)), 1
    while items < wanted and (nl := text.find("\n", end)) >= 0:
        nxt = NUMBERED_ITEM.match(text, nl + 1)
        if not nxt or int(nxt.group(1) or nxt.group(2)) != number + 1:
            break
        head = re.match(r"[^，,。；;：:\n]{1,30}", text[nxt.end() :])
        if not head:
            break
        end, number, items = nxt.end() + head.end(), number + 1, items + 1
    return end


def extend_list_back(text: str, start: int, question: Question) -> int:
    """For a question asking for several things, the items listed before the span with 、, or one with 和/及
    ("西成铁路项目、|西宁机场三期改扩建工程" → both; "菜鸟集团 CEO 万霖和|…蒋凡"), each back to its clause's start."""
    if not PLURAL.search(question.normalized):
        return start
    s0, _ = sentence_bounds(text, start, start)
    # (two items only: 与 is often a preposition, "先后与|远景能源、天行集团…")
    if start - 1 > s0 and text[start - 1] in "和及" and "、" not in text[s0:start] and "、" not in text[start : start + 40].split("。")[0]:
        first = max((m.end() for m in STATEMENT_END.finditer(text, s0, start - 1)), default=s0)
        return first if 2 <= start - 1 - first <= SHORT_ITEM else start
    while start - 1 > s0 and text[start - 1] == "、":
        previous = max((m.end() for m in STATEMENT_END.finditer(text, s0, start - 1)), default=s0)
        item = max(previous, text.rfind("、", s0, start - 1) + 1)
        if start - 1 - item < 2:
            break
        start = item
    return start
