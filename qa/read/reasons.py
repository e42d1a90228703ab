"""Where the text states why, how, what follows and in what state: the means or cause printed right before
the clause that restates a 如何/为什么 question, the purpose printed after it (为了…), the circumstances it is
made under (在…下，), the basis it is made on (针对/鉴于…，), the sentence after one saying the act matters,
what follows "…开通后，" (and what "S应…" says S is to do) and the clauses stating a subject's state; and
``act_as_cause``, a clause that prints the act inside its cause (what the act led to, no reason for it). Spans for ``NeuralReader`` to score
(``purpose_spans``, ``means_spans``, ``after_act_spans``, ``state_spans``), features for ranking them
(``means_before``, ``after_act``), ``is_basis``, which keeps a basis clause from being read with the clause
before it, ``before_new_scene``, where a description ends, and ``restates_only``, which tells a clause answer
that says nothing the question did not."""

from __future__ import annotations

import re

from qa.read.features import clause_share
from qa.read.snapping import CAUSE_WORD, MEANS_MARK, act_words
from qa.read.statements import Asked
from qa.text.paraphrase import printed_as
from qa.text.patterns import STATEMENT_END, clause_bounds, sentence_bounds

# "，以应对…的威胁": 以 and a verb of what for
BY_PURPOSE = r"以(?:应对|确保|保障|保证|促进|防止|避免|满足|适应|迎接)"
# a clause that opens with what for ("为了…", "…，主要是为了…")
PURPOSE = re.compile(rf"(?:^|(?<=[，,：:\s]))(?:(?:(?:主要|就|正|都|也|还|更)?是)?为了|为(?!什么|何|此)|以便|{BY_PURPOSE})")
# the circumstances a statement is made under ("在市委、市政府的坚强领导下，各项…政策的持续推动下，"), one or more clauses
CIRCUMSTANCE = re.compile(r"(?:^|(?<=[，,：:。；;！？!?\s]))(?:在[^，,。；;！？]{2,40}下[，,]\s*)(?:[^，,。；;！？]{2,40}下[，,]\s*)*")
# the basis an act is taken on ("针对西成铁路项目建设周期长、投资大的特点，"): why the clause next to it is done
BASIS = re.compile(r"(?:^|(?<=[，,：:。；;！？!?\s]))(?:针对|鉴于|考虑到|基于)[^，,。；;！？]{2,40}[，,]")
# a sentence that gives the cause of the one before it, pointing back at it ("…还配备了自动遮阳帘。|这主要得益于它的车身造型")
POINTED_CAUSE = re.compile(r"(?:这|此|之所以如此)[，,]?(?:主要|正是|就是|也|还|则|更|都)*(?:得益于|是因为|是由于|源于|归功于|归因于|在于|因为|由于)")
# the plan a "下一步…怎么做" question asks: the rest of the sentence a report opens with it ("下一步，|该委将…")
NEXT_STEP_WORDS = r"下一步|接下来|今后|下阶段|下一阶段"
NEXT_STEP = re.compile(rf"(?:{NEXT_STEP_WORDS})(?:工作中|[，,])")
ASKS_NEXT_STEP = re.compile(NEXT_STEP_WORDS)
# a sentence that says why its act matters ("要深刻认识加强耕地保护的重要性和紧迫性。"): the sentence after it says why
IMPORTANCE_WORDS = r"(?:重要性|必要性|紧迫性|(?:重要|重大|现实)意义)"
IMPORTANCE = re.compile(rf"{IMPORTANCE_WORDS}[^。！？!?，,]{{0,6}}[。！!]")
ONLY_TIME = re.compile(r"\s*(?:今天|昨天|前天|当天|日前|近日|目前|眼下|今年|去年)?\s*[（(]?[\d年月日号至—\-\s]*[)）]?\s*")
TIME_CLAUSE = re.compile(r"\s*(?:\d{1,4}\s*[年月日]|今年|去年|上半年|下半年|前\S{1,3}个月|\S{1,2}季度|以来)")
OWN_MEANS = re.compile(r"通过|借助|依靠|凭借|由于|因为")
BY_MEANS = re.compile(rf"\s*(?:以|运用|{MEANS_MARK.pattern})")  # a clause that names the means it is done by
MODALS = r"应该|应当|需要|必须|应|要"
ASKS_BY_MODAL = re.compile(rf"(.{{2,8}}?)(?:{MODALS})(?:怎么|如何|怎样)(?:做|办|干)")  # "双方应该怎么做" → 双方
REPORT_LEAD = re.compile(r"(?:显示|表示|指出|认为|称)$")


# a date or period word of the question: context the assistant checks on the article, not what
# a clause answer's sentence must restate ("三季度为什么…激发" ↔ "在…带动下，化工行业…得到有效激发")
RESTATING = re.compile(r"[一二三四1-4]?季度|[上下]半财?年|财年|[今去本]年(?:以来)?|近年来|目前|全[国省市州县区]|我[国省市州县区]|"
                       r"继续|持续|不断|仍然|依然|保持|一直|进一步|同比|已经")


def restates(r: Asked, clause: str) -> bool:
    """Whether ``clause`` states what the question asks about: most of its words, its last one among them."""
    last = next((w for w in reversed(r.focus) if len(w) >= 2), None)
    return last is not None and last in clause and clause_share(r.focus, clause) >= 0.5


def act_as_cause(r: Asked, view: str, start: int, end: int) -> bool:
    """Whether the clause of ``view[start:end]`` prints the act asked about inside its cause: it states what
    the act led to, not why the act was done ("为什么私藏枪支" ↔ "邱某因涉嫌…、私藏枪支弹药被…刑事拘留")."""
    act = act_words(r.question.right)[:4]
    c0, c1 = clause_bounds(view, start, end)
    at = view.find(act, c0, c1) if len(act) >= 2 else -1
    return at >= 0 and re.search(rf"(?:{CAUSE_WORD})[^，,。；;]*$", view[c0:at]) is not None and re.search("被|而", view[at:c1]) is not None


def sentence_before(view: str, at: int) -> str:
    """The sentence before the one holding ``at``; "" where that one opens the text."""
    s0 = sentence_bounds(view, at, at)[0]
    return view[slice(*sentence_bounds(view, s0 - 2, s0 - 2))] if s0 >= 2 else ""


def pointed_back(view: str, at: int) -> str:
    """The sentence before the one at ``at`` where that one opens by pointing back at it with its cause
    ("这主要得益于…"): what the cause is said of; "" otherwise."""
    s0 = sentence_bounds(view, at, at)[0]
    opens = s0 + len(view[s0:]) - len(view[s0:].lstrip())  # past the spaces a page's lines leave
    if s0 < 2 or not POINTED_CAUSE.match(view, opens):
        return ""
    return sentence_before(view, at)


def importance_stated(view: str, at: int) -> str:
    """The sentence before the one ``at`` opens where it says an act matters ("…加强耕地保护的重要性和紧迫性。|
    粮食安全是“国之大者”，耕地是粮食生产的命根子。": the sentence at ``at`` says why); "" otherwise."""
    s0 = sentence_bounds(view, at, at)[0]
    opens = s0 + len(view[s0:]) - len(view[s0:].lstrip())
    if at != opens or s0 < 2 or not (m := IMPORTANCE.search(view, max(0, s0 - 10), s0)) or m.end() != s0:
        return ""
    return sentence_before(view, at)


def after_importance(r: Asked, view: str, at: int) -> bool:
    """Whether ``at`` opens the sentence after one that says the question's act matters: that sentence is why."""
    return restates(r, importance_stated(view, at))


def is_basis(r: Asked, view: str, start: int, end: int) -> bool:
    """Whether ``view[start:end]`` is a whole basis clause that does not itself state the question
    ("针对西成铁路项目建设周期长、投资大的特点" names the project, not 争取国家支持): a reason by itself."""
    return bool((m := BASIS.match(view, start)) and m.group().rstrip("，, ") == view[start:end] and not restates(r, view[start:end]))


def means_before(r: Asked, view: str, start: int, end: int) -> float:
    """1 (1.5 for a purpose) where the clause is the means or cause printed right before the clause that restates a
    如何/为什么 question ("走村入户，深入群众中开展调查研究，|畅通…反映问题的渠道" for "怎样畅通…渠道"):
    that clause prints most of the question and its predicate, and names no means of its own
    ("…都通过限制总需求来阻止增长"); a report's lead ("证据显示，") is no means. For 为什么, also the purpose clause after
    those that state the question ("…设立十条重点产业链…，|为精准引进实施一批产业链项目提供有效抓手"), and 1.5 for all
    the circumstances before them ("|在市委…领导下，…推动下，1月—2月，全市工业经济保持平稳增长"), not one of them, and for
    the basis printed right after or before the clause that states it ("我省积极争取国家支持，|针对…的特点，"). For
    "下一步…怎么做", 1.5 for the plan from its opening (the sentence's rest after "下一步，")."""
    reason = r.question.answer_type == "reason"
    if not reason and ASKS_NEXT_STEP.search(r.question.left) and (NEXT_STEP.match(view, start) or NEXT_STEP.search(view[max(0, start - 8) : start])):
        return 1.5 if NEXT_STEP.match(view, start) or view[start - 1 : start] in "，," else 0.0  # the plan, whole from its opening
    s0 = sentence_bounds(view, start, end)[0]
    if reason and after_importance(r, view, start):
        return 1.5
    if reason and PURPOSE.match(view, start) and clause_share(r.focus, view[s0:start]) >= 0.5 > clause_share(r.focus, view[start:end]):
        return 1.5  # a purpose the text states outranks a clause that is only printed before the question's
    basis = reason and is_basis(r, view, start, end)
    whole = basis or reason and (m := CIRCUMSTANCE.match(view, start)) and m.group().rstrip("，, ") == view[start:end]
    if (not basis and clause_share(r.focus, view[start:end]) >= 0.5) or view[end : end + 1] not in ("，", ",", "；", ";"):
        return 0.0
    if ONLY_TIME.fullmatch(view[start:end]):
        return 0.0  # "今天（2月21日），|…" says when, not how or why
    if r.question.answer_type == "method" and PURPOSE.search(view, s0, end):
        return 0.0  # "为积极配合灾后重建，保障…稳定，" says what for, not how
    if basis and restates(r, clause_before(view, start)):
        return 1.5  # the basis after the clause that states the act: "我省积极争取国家支持，|针对…的特点，"
    c0, c1 = next_statement(view, end + 1)
    if parallel(view[start:end], view[c0:c1]):
        return 0.0  # items of one enumeration of acts ("要加强耕地保护…，|加强高标准农田建设"): no means of each other
    own = OWN_MEANS.search(view[c0:c1]) or REPORT_LEAD.search(view[start:end])
    return (1.5 if whole else 1.0) if restates(r, view[c0:c1]) and not own else 0.0


def parallel(clause: str, other: str) -> bool:
    """Whether two clauses open with the same verb, an auxiliary aside ("要加强…" and "加强…")."""
    def opening(c: str) -> str:
        return re.sub(r"^\s*(?:要|并|还|也|同时|并且|进一步)", "", c)[:2]
    return len(opening(clause)) == 2 and opening(clause) == opening(other)


def clause_before(view: str, at: int) -> str:
    """The clause of the same sentence that ends right before ``at`` (after its comma); "" where ``at`` opens the sentence."""
    s0 = sentence_bounds(view, at, at)[0]
    return view[slice(*clause_bounds(view, at - 1, at - 1, STATEMENT_END))] if at - 1 > s0 else ""


def next_statement(view: str, at: int) -> tuple[int, int]:
    """The clause from ``at``, past a clause that only dates it ("…推动下，|1月—2月，|全市工业经济保持平稳增长")."""
    c0, c1 = clause_bounds(view, at, at, STATEMENT_END)
    if c1 - c0 <= 10 and TIME_CLAUSE.match(view, c0) and view[c1 : c1 + 1] in ("，", ","):
        c0, c1 = clause_bounds(view, c1 + 1, c1 + 1, STATEMENT_END)
    return c0, c1


def purpose_spans(r: Asked, views: list[str]) -> list[list[tuple[int, int]]] | None:
    """For 为什么, the purpose clauses printed after clauses that state the question ("…设立十条重点产业链，
    明确…，|为精准引进实施一批产业链项目提供有效抓手"), the circumstances printed before them
    ("|在市委、市政府的坚强领导下，…推动下，1月—2月，全市工业经济保持平稳增长") and the basis printed next to
    them ("我省积极争取国家支持，|针对西成铁路项目建设周期长、投资大的特点，"): candidates the model scores though
    its own best spans missed them."""
    if r.question.answer_type != "reason":
        return None
    out = []
    for view in views:
        spans = []
        for m in (*CIRCUMSTANCE.finditer(view), *BASIS.finditer(view)):
            if restates(r, m.group()) if m.re is BASIS else clause_share(r.focus, m.group()) >= 0.5:
                continue  # it states the question itself (a basis may name its subject: "针对西成铁路项目…的特点")
            after = view[slice(*next_statement(view, m.end()))]
            if clause_share(r.focus, after) >= 0.5 or m.re is BASIS and restates(r, clause_before(view, m.start())):
                spans.append((m.start(), m.start() + len(m.group().rstrip("，, "))))
        for m in POINTED_CAUSE.finditer(view):  # the cause of the sentence before, where that one states the question
            s0, s1 = sentence_bounds(view, m.start(), m.start())
            if view[s0 : m.start()].strip() == "" and restates(r, pointed_back(view, m.start())):
                spans.append((m.start(), s1 - 1 if view[s1 - 1 : s1] in "。！!" else s1))
        for m in IMPORTANCE.finditer(view):  # the sentence after one saying the question's act matters
            if after_importance(r, view, at := m.end() + len(view[m.end():]) - len(view[m.end():].lstrip())):
                s1 = sentence_bounds(view, at, at)[1]
                spans.append((at, s1 - 1 if view[s1 - 1 : s1] in "。！!" else s1))
        for m in PURPOSE.finditer(view):
            s0, s1 = sentence_bounds(view, m.start(), m.start())
            c1 = next((e.start() for e in STATEMENT_END.finditer(view, m.end(), s1)), s1)
            if m.start() > s0 and clause_share(r.focus, view[s0 : m.start()]) >= 0.5 and c1 - m.start() >= 4:
                spans.append((m.start(), c1))
        out.append(spans)
    return out if any(out) else None


def means_spans(r: Asked, views: list[str]) -> list[list[tuple[int, int]]] | None:
    """For 如何/怎样, the clause printed right before a clause that restates the question, with the one
    before it where that one opens with the means ("|以刀刃向内的自我革命精神，真抓严管、敢抓敢管，持续提升审计
    干部队伍思想作风和能力素质"): candidates the model scores though its own best spans missed them."""
    if r.question.answer_type != "method":
        return None
    out = []
    for view in views:
        spans = []
        if ASKS_NEXT_STEP.search(r.question.left):  # "下一步…怎么做": the sentence's rest after 下一步，
            for m in NEXT_STEP.finditer(view):
                s1 = sentence_bounds(view, m.end(), m.end())[1]
                spans.append((m.end(), s1 - 1 if view[s1 - 1 : s1] in "。！!；;" else s1))
        for c in STATEMENT_END.finditer(view):
            at = c.end()  # a clause opens here; the one before it ends at the mark
            if view[c.start()] not in "，,；;" or not restates(r, view[slice(*clause_bounds(view, at, at, STATEMENT_END))]):
                continue
            p0, p1 = clause_bounds(view, c.start() - 1, c.start() - 1, STATEMENT_END)
            if p1 - p0 < 4 or p0 < sentence_bounds(view, at, at)[0] or restates(r, view[p0:p1]):
                continue
            spans.append((p0, p1))
            if view[p0 - 1 : p0] in ("，", ",") and (b0 := clause_bounds(view, p0 - 2, p0 - 2, STATEMENT_END)[0]) and BY_MEANS.match(view, b0):
                spans.append((b0, p1))
        out.append(spans)
    return out if any(out) else None


def restates_only(focus: list[str], clause: str) -> bool:
    """A clause answer made of the question's own words says nothing the question did not
    ("西宁锂电产业集群，跻身全国百强产业集群" for "西宁锂电产业集群为什么能跻身全国百强"): fewer than
    four characters, or under a quarter of it, are left once the question's words are taken out."""
    if clause_share(focus, re.sub(r"《[^》]*》", "", clause)) < 0.5 <= clause_share(focus, clause):
        return True  # the question's act named only in a title ("…发表重要文章《切实加强耕地保护…》") is not stated
    text = re.sub(r"[^\w]|[\d_]", "", clause)
    rest = text
    for w in sorted({w for w in focus if len(w) >= 2}, key=len, reverse=True):
        rest = rest.replace(printed_as(w, rest) or w, "")  # as the clause prints it: 上榜 ↔ 跻身
    # when, where in scope, and how steadily add no reason ("三季度，全市工业经济继续保持两位数增长")
    rest = RESTATING.sub("", rest)
    # (and a question the text reports or asks itself, "…解释了为什么宝骏云朵能够…", "怎么让荷花卖出好价钱呢", answers nothing,
    # nor that it matters, "…加强耕地保护的重要性和紧迫性": why comes after)
    return len(rest) < 4 or len(rest) < 0.25 * len(text) or re.search(rf"为什么|为何|(?:怎么|怎样|如何)[^，,。]*呢$|{IMPORTANCE_WORDS}$", clause) is not None


# a clause that opens another scene ("…收获已过六成，|在蒙城，当地…"): what is said after it is of that scene
NEW_SCENE = re.compile(r"[，,；;]\s*在[^，,。；;]{1,15}[，,]")


def before_new_scene(focus: list[str], view: str, start: int, end: int) -> int:
    """The end of a description that states its subject and then goes on into another scene: before that
    scene ("安徽小麦主产区收获已过六成|，在蒙城，当地充分利用…"); ``end`` where it does not."""
    m = NEW_SCENE.search(view, start, end)
    return m.start() if m and clause_share(focus, view[start : m.start()]) >= 0.5 else end


def state_spans(r: Asked, views: list[str]) -> list[list[tuple[int, int]]] | None:
    """For "X怎么样/进展如何", the clauses that state most of the question with more than its words
    ("|安徽小麦主产区收获已过六成|，在蒙城，…"): candidates the model scores though its own best spans
    ran on into the clauses after them."""
    if r.question.answer_type != "description" or not re.search(r"怎么样|如何|怎样", r.question.qword or ""):
        return None
    out = []
    for view in views:
        bounds = [0, *(m.end() for m in STATEMENT_END.finditer(view))]
        clauses = [(a, b) for a, b in zip(bounds, [*(e - 1 for e in bounds[1:]), len(view)]) if b - a >= 4]
        out.append([(a, b) for a, b in clauses if clause_share(r.focus, view[a:b]) >= 0.6 and not restates_only(r.focus, view[a:b])])
    return out if any(out) else None


# what a question asks happens after an act ("防东铁路开通后有什么影响", "建成后会怎样"): its verb and 后
ASKS_AFTER_ACT = re.compile(r"([\u4e00-\u9fff]{2})(?:以)?后(?![来面])")


def _before_what_follows(r: Asked) -> str | None:
    """The pattern of what the text prints right before what a question asks follows: "V后，" for "…V后有什么影响"
    ("铁路开通后，|…"); the subject and a modal for "S应该怎么做" ("双方应|立足长远，…"). None for other questions."""
    if r.question.answer_type not in ("description", "method"):
        return None
    if m := ASKS_AFTER_ACT.search(r.question.left):
        return rf"{re.escape(m.group(1))}(?:以)?后[，,]\s*"
    m = ASKS_BY_MODAL.match(r.question.normalized) if r.question.answer_type == "method" else None
    return rf"{re.escape(m.group(1))}(?:{MODALS})" if m else None


def after_act(r: Asked, view: str, start: int) -> float:
    """1 where ``view[start:]`` is what the text says follows the act a "…开通后有什么影响" question names
    ("铁路开通后，|防城港至东兴将结束无铁路交通的历史"), or what its subject is to do ("双方应|立足长远，…"), else 0."""
    before = _before_what_follows(r)  # (right after it, or a whole clause that opens with it: "|双方应立足长远，…")
    return float(bool(before) and (re.search(f"{before}$", view[max(0, start - 12) : start]) or re.match(before, view[start:])) is not None)


def after_act_spans(r: Asked, views: list[str]) -> list[list[tuple[int, int]]] | None:
    """For "…V后有什么影响/会怎样", the rest of each sentence after "V后，" (for "S应该怎么做", after "S应"):
    candidates the model scores though its own best spans were the sentence that restates the act."""
    before = _before_what_follows(r)
    if not before:
        return None
    out = []
    for view in views:
        spans = []
        for after in re.finditer(before, view):
            s1 = sentence_bounds(view, after.end(), after.end())[1]
            if s1 - after.end() >= 4:
                spans.append((after.end(), s1))
        out.append(spans)
    return out if any(out) else None
