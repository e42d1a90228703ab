"""Where the text's structure states the answer, the spans it states, and how surely: a list
printed before the count or the 等 and noun asked for, a person's posts before the name, the item
a named owner has in a list, an enumeration after 其中：, a date heading the clause that restates
the question, a notice's closing date; and the figures that are other things' (the other side of
a comparison, another owner's, the doer of the act asked about)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.models import Span
from qa.read.among import named_before
from qa.read.features import clause_share, comparison_base, opening_time, sentence_coverage, states_base
from qa.read.items import HEADED_SHARE, in_asked_item, named_items, own_subjects, owned_by, owned_by_other
from qa.read.kinds import ASKS_ISSUED, closing_date, does_asked_act, number_line
from qa.read.lists import PLURAL, asked_after, asked_count, predicate_after, states_list
from qa.read.ordinals import ordinal_lead
from qa.read.question import REPLY_VERBS, URGE_VERBS, Question
from qa.read.snapping import CLAUSE_ANSWERS
from qa.text.patterns import clause_bounds, sentence_bounds

# a question about what was said or required ("詹茂伟对城市书房说了什么", "提出了什么要求"): answered
# by what follows a speech verb ("指出，|城市书房作为…") or by a directive ("|要继续树立…")
ASKS_SAID = re.compile(r"(?:说|讲|谈|指出|强调|提出|要求)(?:了|过)?(?:些)?(?:什么|哪些)|(?:什么|哪些)(?:要求|任务|部署|意见|希望)"
                       rf"|(?:{URGE_VERBS})[\u4e00-\u9fff]{{0,8}}?(?:什么|哪些)|(?:怎么|如何|怎样)(?:{REPLY_VERBS})")
# a speech verb right before a clause, its addressee between for those that have one ("提醒广大经营者：")
SPEECH_BEFORE = re.compile(rf"(指出|强调|要求|表示|提出|认为|希望|说|称|介绍|(?:{URGE_VERBS})[^，,。：:]{{0,8}})[，,：:]\s*$")
SPEECH_VERB = re.compile(r"(?:指出|强调|要求|表示|提出)[，,：:]")
CLAUSE_START = re.compile(r"[，,：:；;]\s*")
REQUIRED = re.compile(r"要(?![求素点件闻害])|必须|务必")  # a clause that says what is to be done
DIRECTIVE = re.compile(rf"\s*(?:{REQUIRED.pattern}|希望|坚持|进一步|切实)")
ITEM_BOUNDARY = re.compile(r"[、；;：:（(，,]")  # where an item of a list (or its clause) starts


@dataclass
class Asked:
    """What one question brings to every candidate: its analysis and its words, grouped by role."""

    question: Question
    focus: list[str]  # content words, linking words aside
    predicate: list[str]  # the words right before the question word
    counted: list[str]  # what is counted or named after the question word ("多少名|党员")
    asked_verb: str | None = None  # for a yes/no question, the verb asked about ("复工了吗" → 复工)
    act: str | None = None  # the verb right before the question word ("会议听取了什么" → 听取)
    noun: int = 0  # characters of the noun right after the question word ("哪些|重点行业|增长了" → 4)


def joined(*per_passage: list[list[tuple[int, int]]] | None) -> list[list[tuple[int, int]]] | None:
    """Candidate spans per passage from several patterns, together; None where none found any."""
    found = [p for p in per_passage if p is not None]
    return [sum(spans, []) for spans in zip(*found)] if found else None


LATER_DATE = re.compile(r"今天|昨天|前天|\d{1,2}月\d{1,2}[日号]")


def qualifies_subject(q: Question, view: str, end: int) -> bool:
    """A date printed as part of the subject the question names without it, another date between that
    subject and the question's verb ("2026年|暑期档电影票房今天（8月16日）突破…" for "暑期档电影票房什么时候突破…")."""
    if len(q.left) < 2 or len(q.right) < 2 or not view.startswith(q.left[:2], end):
        return False
    verb = view.find(q.right[:2], end, sentence_bounds(view, end, end)[1])
    return verb > 0 and LATER_DATE.search(view, end, verb) is not None


def headed_dates(r: Asked, out: list[Span], folded: list[str]) -> list[Span]:
    """Dates that head what the question restates ("11月2日，|十四届市委第三轮巡察工作动员部署会召开") are stated;
    a year that only qualifies the subject, another date before the verb, is not, and drops
    ("2026年|暑期档…今天（8月16日）突破…")."""
    for span in out:
        view = folded[span.passage_index]
        c0, c1 = clause_bounds(view, span.start, span.end)
        said = view[c1 : opening_time(view, span.start, span.end, c0, c1)] or predicate_of_date(view, span.end)
        if said and (share := clause_share(r.focus, said)) >= HEADED_SHARE and not LATER_DATE.search(said):
            span.features["stated"] = share
    return [s for s in out if not qualifies_subject(r.question, folded[s.passage_index], s.end)] or out


def stated(r: Asked, out: list[Span], folded: list[str], headlines: list[str] | None = None) -> list[Span]:
    """Where the text's structure states the answer, only the spans it states: a list printed
    before the count asked for, a notice's closing date and number, a figure compared with the base the
    question names. A stated list or date is as sure as its text states the question (``rank``)."""
    q = r.question
    if (listed := [s for s in out if states_list(q, s, folded[s.passage_index], r.noun)]):
        # "A、B、C|三大产业集群" states "哪三大产业集群" word for word; of lists that end alike, the whole one
        widest = {(s.passage_index, s.end): s.start for s in sorted(listed, key=lambda s: -s.start)}
        # (for 哪些, whose lists have no count to check their items against)
        out = [s for s in listed if asked_count(q)[1] or widest[(s.passage_index, s.end)] == s.start]
        for span in out:
            view = folded[span.passage_index]
            said = predicate_after(q, view, span.end)[0] / 4 if not asked_count(q)[1] else 0.0
            # as sure as the text states the question: its words in the sentence, or (哪些) the
            # question's noun and predicate printed right after the list, four characters or more
            span.features["stated"] = max(min(1.0, said), sentence_coverage(r.focus, view, span.start, span.end))
    elif PLURAL.search(q.normalized) and q.answer_type not in CLAUSE_ANSWERS:
        out = whole_lists(out)
        for span in out:  # "热点问题：|1.物业服务68件…2.噪音问题36件…": the list its heading names, as asked
            if headed_list(q, folded[span.passage_index], span.start, span.text):
                span.features["stated"] = max(span.features.get("stated", 0.0), 1.0)
            # "…必须要有几个关键实招。|一是…。二是…": the enumeration the sentence before it announces
            elif (share := clause_share(r.focus, ordinal_lead(folded[span.passage_index], span.start))) >= HEADED_SHARE:
                span.features["stated"] = max(span.features.get("stated", 0.0), share)
    if q.answer_type in ("date", "time"):
        out = headed_dates(r, out, folded)
    # a notice's own lines: the date and the issuer under its text ("这份通告是哪天发布的", not a date the
    # notice speaks of), its number under its title ("通告是第几号"); as sure as the notice is the one
    # asked about, its title (which may head another passage) counted
    issued = [w for w in r.focus if not ASKS_ISSUED.search(w) and w not in ("部门", "单位", "机构")]  # the answer's kind
    for printed, words in ((closing_date, issued), (number_line, r.focus)):
        if (own := [s for s in out if printed(q, folded[s.passage_index], s.start, s.end)]):
            out = own
            for span in out:
                about = headlines[span.passage_index] if headlines else ""
                span.features["stated"] = clause_share(words, folded[span.passage_index] + "\n" + about)
    if r.act and q.answer_type not in CLAUSE_ANSWERS:  # the object asked for, not the subject
        out = [s for s in out if not does_asked_act(q, folded[s.passage_index], s.end, r.act)] or out
    if q.answer_type in ("number", "percent"):
        # "投资32亿元的海得…、投资50亿元的中国电建…": where a figure is printed as the asked thing's, the
        # others are other things'
        # (a figure the question prints is its own subject, no owner of an answer: "五项|展览吸引逾1800家…")
        owners = [owned_by(folded[s.passage_index], s.end, s.start) if s.text.lower() not in q.normalized.lower() else None for s in out]
        other = owned_by_other(owners, (q.left + "|" + q.right).lower())
        stating = {s.passage_index for s, owner, elsewhere in zip(out, owners, other) if owner is not None and not elsewhere}
        out = [s for s, elsewhere in zip(out, other) if not (elsewhere and s.passage_index in stating)] or out  # (in the passage that names it)
    if q.answer_type in ("number", "percent"):
        out = named_items(r, out, folded)
    if q.answer_type in ("number", "percent", "date", "time"):
        out = own_subjects(r, out, folded)
    out = in_asked_item(q.left + q.right, out, folded)
    if (base := comparison_base(q)) is not None:
        # "比上半年提高了多少": where some figure's statement names 上半年, the others answer another comparison
        out = [s for s in out if states_base(folded[s.passage_index], s.start, s.end, base)] or out
    return out

def headed_list(question: Question, view: str, start: int, text: str) -> bool:
    """Whether ``text`` (at ``start``) is a list of two or more items printed right after the noun a 哪些
    question asks with and a colon ("3月25日热点问题有哪些？" ↔ "热点问题：|1.物业服务68件…\n2.噪音问题36件…")."""
    noun = re.sub(r"(?:有|是|包括|包含|涉及|主要)+$", "", question.left)[-4:]
    items = len(re.findall(r"(?:^|\n)\s*\d{1,2}[.．、]", text)) or text.count("、") + 1
    return len(noun) >= 2 and items >= 2 and re.search(rf"{re.escape(noun)}\s*[：:]\s*$", view[max(0, start - len(noun) - 3) : start]) is not None


def whole_lists(out: list[Span]) -> list[Span]:
    """For 哪些/分别, no single item where a candidate lists it with others ("颜金勇" ↔ "菲佐、新加坡副总理兼贸工部长
    颜金勇"): the list answers, with the model's logits of its likeliest item."""
    lists = [s for s in out if "、" in s.text]
    kept = []
    for span in out:
        wider = [w for w in lists if w is not span and "、" not in span.text and span.text in w.text]
        if not wider:
            kept.append(span)
        if (widest := max(wider, key=lambda w: len(w.text), default=None)) is not None:
            for k in ("score", "margin"):  # the model's logits: the list is as likely as its likeliest item
                widest.features[k] = max(widest.features.get(k, 0.0), span.features.get(k, 0.0))
    return kept or out


def posts_only(out: list[Span], posts: list[list[tuple[int, int]]]) -> list[Span]:
    """For a question about a person's post ("王宏担任什么职务"), only the posts printed right
    before the name answer, as sure as a list the text states; a name printed without posts
    leaves the question unanswered."""
    printed = {(p, a, b) for p, spans in enumerate(posts) for a, b in spans}
    out = [s for s in out if (s.passage_index, s.start, s.end) in printed]
    for span in out:
        span.features["stated"] = 1.0
    return out

def owned_first(r: Asked, out: list[Span], folded: list[str], owned: list[list[tuple[int, int]]]) -> list[Span]:
    """For a question about what a named owner has ("蓝科锂业建成投产了什么项目"), only the list
    items printed after the owner's name answer, as sure as their sentence states the question."""
    printed = {(p, a, b) for p, spans in enumerate(owned) for a, b in spans}
    stated = [s for s in out if (s.passage_index, s.start, s.end) in printed]
    for span in stated:
        # as sure as its sentence prints the owner and the noun asked for (a place the question names
        # is the constraints' to check: a paper prints its own city as 我市)
        view = folded[span.passage_index]
        item = max((m.end() for m in ITEM_BOUNDARY.finditer(view, 0, span.start)), default=0)
        words = [view[item : span.start].strip()] + [w for w in r.focus if w in asked_after(r.question)]
        span.features["stated"] = sentence_coverage(words, view, span.start, span.end)
    return stated or out

def enumerated_first(r: Asked, out: list[Span], folded: list[str], enumerated: dict[int, list[tuple[int, int]]]) -> list[Span]:
    """An enumeration after 其中： answers a 哪些 question as surely as the sentence before it
    states the question ("我市工业重点行业保持增长。其中：…" for "哪些重点行业增长了"); it comes
    first where that sentence states it at least as well as any other candidate's does."""
    printed = {(p, a, b) for p, spans in enumerated.items() for a, b in spans}
    stated = []
    for span in out:
        if (span.passage_index, span.start, span.end) in printed:
            said = named_before(folded[span.passage_index], span.start)
            # what the enumeration is of: the question's words after 哪些 (its place and time are the
            # constraints' to check: "西宁前两个月哪些重点行业保持增长" ↔ "我市工业重点行业保持增长")
            words = [w for w in r.focus if w in asked_after(r.question)] or r.focus
            # (or all its words, or its predicate, for sentences whose shared opening says what they list: "要重点监督检查|A。要重点监督检查B")
            shares = (clause_share(words, said), clause_share(r.focus, said), clause_share(r.predicate, said) if len(r.predicate) >= 2 else 0.0)
            span.features["stated"] = max(span.features.get("stated", 0.0), *shares)
            stated.append(span)
    best = max((s.features.get("stated", 0.0) for s in out if s not in stated), default=0.0)
    return [s for s in stated if s.features["stated"] >= max(best, HEADED_SHARE)] or out


def said_clause(question: Question, view: str, start: int) -> float:
    """How surely the clause at ``start`` is what the question asks was said: 1 where it follows a
    speech verb ("并指出，|政务服务管理工作…") or opens with a directive ("|要继续树立为民服务意识");
    2 where the verb is the one asked ("会议强调了什么" ↔ "会议强调，|要统一思想…") or it is a
    directive and the question asks what was required (要求/任务/部署)."""
    asked = ASKS_SAID.search(question.normalized)
    verb = SPEECH_BEFORE.search(view, max(0, start - 16), start)
    said = 0.0
    if verb:
        said = 2.0 if asked and verb.group(1)[:2] in asked.group() else 1.0
    if DIRECTIVE.match(view, start):
        required = re.search(r"要求|任务|部署", question.normalized)
        # what was required: the directive a speech goes on to, over the remark it opens with
        # ("并指出，政务服务管理工作体现…形象，|要继续树立为民服务意识，…")
        goes_on = required and SPEECH_VERB.search(view, sentence_bounds(view, start, start)[0], start)
        said = max(said, 2.5 if goes_on else 2.0 if required else 1.0)
    return said


def said_spans(question: Question, views: list[str]) -> list[list[tuple[int, int]]] | None:
    """For a question about what was required ("提出了什么要求"), the directives a speech goes on to, each
    to the end of its sentence ("并指出，…形象，|要继续树立为民服务意识，…的政务服务环境"): candidates the
    model scores though its own best spans missed them."""
    if not re.search(r"要求|任务|部署", question.normalized) or not ASKS_SAID.search(question.normalized):
        return None
    out = []
    for view in views:
        spans = []
        for m in SPEECH_VERB.finditer(view):
            s1 = sentence_bounds(view, m.end(), m.end())[1]
            opens = (m.end(), *(c.end() for c in CLAUSE_START.finditer(view, m.end(), s1)))
            d = next((at for at in opens if REQUIRED.match(view, at)), None)
            if d is None and view[m.end() - 1] in "：:" and re.search(r"进一步|切实|必须|务必|要(?![求素点件闻害])", view[m.end() : s1]):
                d = m.end()  # a statement the verb and a colon announce ("提出：各级…机构在…方面进一步细化工作举措")
            if d is not None and s1 - d >= 4:
                spans.append((d, s1))
        out.append(spans)
    return out if any(out) else None


SPEAKER_BACK = 120  # characters before a pronoun's speech where its speaker may be named


def speaker_sentence(view: str, start: int, end: int) -> str:
    """The sentence before a said clause whose own sentence opens with the speech verb (its
    subject left out: "詹茂伟详细查看了…情况。指出，城市书房…", or a pronoun: the sentences up to
    ``SPEAKER_BACK`` before): it names who spoke and of what."""
    s0, _ = sentence_bounds(view, start, end)
    if s0 < 2 or not (opens := re.match(r"\s*(他|她|其)?(?:并|还|同时|也)?(?:指出|强调|要求|表示|提出|希望)", view[s0:])):
        return ""
    p0, p1 = sentence_bounds(view, s0 - 2, s0 - 1)
    if opens.group(1):  # "他同时提出：": he was named where he last spoke, a few sentences back
        p0 = sentence_bounds(view, max(0, s0 - SPEAKER_BACK), max(0, s0 - SPEAKER_BACK))[0]
    return view[p0:p1]


def predicate_of_date(view: str, end: int) -> str:
    """What a date printed inside its clause is the date of: the rest of the clause, its brackets
    left out ("2022年11月4日|在格尔木市主城区（含…片区）开展全员核酸检测，" → 在格尔木市主城区开展全员核酸检测)."""
    _, s1 = sentence_bounds(view, end, end)
    rest = re.sub(r"（[^（）]*）|\([^()]*\)", "", view[end:s1])
    return re.split(r"[，,；;：:]", rest, maxsplit=1)[0]



def subheading(view: str, at: int) -> str:
    """The short line printed right above the paragraph ``at`` is in, where it is a headline
    (no sentence mark; a news digest heads each item so: "日本上半财年贸易逆差创新高\n据日本财务省…"):
    what the paragraph's sentences are about; else ""."""
    para = view.rfind("\n", 0, at)
    if para <= 0:
        return ""
    line = view[view.rfind("\n", 0, para) + 1 : para].strip()
    return line if 4 <= len(line) <= 30 and not re.search(r"[。！？!?；;：:，,]", line) else ""
