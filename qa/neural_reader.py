"""The default reader: the fine-tuned e5 span model proposes spans (its best ones, and every
quantity or date printed in the passages for a 多少/哪天 question); each is snapped to what can
answer and described by explainable features (the model's logits, the question's wording around
it, the measure word, the passage's retrieval score); a linear ranking over those features and a
logistic confidence in [0, 1] (``P(the span is right)``) are both fitted by
``benchmarks/calibrate_reader.py`` on held-out XQuAD questions and on questions asked against
passages that do not hold their answer. Below the assistant's threshold the answer is "not found".
"""

from __future__ import annotations

import json
import math
import re

from .question import LINKERS, Question, QuestionAnalyzer
from .reader import CODE_RE, DATE_RE, ENTITY_TAGS, HAS_NUMERAL, NUMBER_RE, TIME_RE, UNIT, Span, _soft_overlap
from .span_reader import CONFIG_FILE, SpanReaderModel

# used only until benchmarks/calibrate_reader.py has written the fitted values into span_reader.json
DEFAULT_CALIBRATION = {"margin": 0.35, "score": 0.1, "bias": -1.0}
# how a span is ranked: weights over its features (``RANK_FEATURES``), in the model's logit units.
# Used until benchmarks/calibrate_reader.py has written fitted weights into span_reader.json; these
# are the model's own logit plus the question-wording alignment.
DEFAULT_RANKING = {"score": 1.0, "left": 2.0, "adjacent": 1.0, "right": 1.0}
RANK_FEATURES = ("score", "margin", "left", "adjacent", "restated", "right", "typed_quantity", "typed_time", "typed_entity", "near", "clause", "counted", "sentence",
                 "unit", "unit_other", "passage", "passage_top")
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
CLAUSE_END = re.compile(r"[，,；;：:、。！？!?\n（(]")
# names that end like a place or an organisation, for the words jieba does not tag as one
ENTITY_ENDINGS = {
    "place": re.compile(r"(?:省|市|县|区|州|镇|乡|村|街道|社区|国|岛|湖|河|江|山|港|机场|站)$"),
    "org": re.compile(r"(?:部|局|厅|委|委员会|办|院|所|署|会|中心|公司|集团|银行|大学|学院|学校|医院|协会|基金会|报社|电视台)$"),
}
# the longest restatement ``restated`` tells apart, in characters (spaces and linking words aside)
RESTATED = 12
TIME_RELATION = re.compile(r"(?:以前|之前|以后|之后|以来|左右|前后|期间|前|后|起)(?=[\u4e00-\u9fff])")
TYPED = {"number": NUMBER_RE, "percent": NUMBER_RE, "date": DATE_RE, "time": TIME_RE, "code": CODE_RE}
# question words that ask for a day, month or year: a clock time ("8：30") cannot answer them;
# those that ask for the day itself are not answered by a year or a month either ("2024年")
ASKS_FOR_DATE = re.compile(r"哪一?[天日年]|何[年日]|几月|哪个月|几年|日期|年份|月份")
ASKS_FOR_DAY = re.compile(r"哪一?[天日]|何日|几月几[日号]|日期")


def wrong_kind(question: Question, text: str) -> bool:
    """A span of the wrong kind for the question: a figure that is no date for a question about
    the day, month or year ("哪一天开展？" → not "8：30", not "8"), and one without a day for a
    question about the day ("哪一天" → not "2024年"); anything but a telephone number or code for
    a 电话/号码 question ("举报电话是多少？" → not "41.3万件")."""
    if question.answer_type == "code":
        return CODE_RE.search(text) is None
    if question.answer_type != "date" or HAS_NUMERAL.search(text) is None:
        return False
    asked = question.qword or ""
    if ASKS_FOR_DAY.search(asked) and not re.search(r"\d ?[日号]|[一二三四五六七八九十]+[日号]", text):
        return True
    return bool(ASKS_FOR_DATE.search(asked)) and DATE_RE.search(text) is None


def calibration_features(score: float, null_score: float, passage_score: float = 0.0, passage_top: float = 0.0) -> dict[str, float]:
    """The model's logit, its margin over the window's "no answer here" logit, and how the
    retriever rated the passage (its fused score, and whether it was the top passage)."""
    return {"margin": score - null_score, "score": score, "passage": passage_score, "passage_top": passage_top}


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]``."""
    s = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    m = SENTENCE_END.search(text, end)
    return s, m.start() if m else len(text)


MEASURE = re.compile(rf"(?:个)?[万亿千百]*({UNIT})")
LEADING_NUMBER = re.compile(r"^(?:约|近|超过|逾|将近|大约)?[\d.,零〇一二两三四五六七八九十百千]+(?:多|余)?")


def measure_word(text: str) -> str | None:
    """The measure word a quantity (or the words after 多少) starts with, magnitude aside:
    "万件次…" → 件次, "件诉求" → 件."""
    m = MEASURE.match(text)
    return m.group(1) if m else None


def context(question: Question, view: str, start: int, end: int, focus: list[str], counted: list[str] | None = None) -> dict[str, float]:
    """How much of the question surrounds the span: its wording (character bigrams) within a
    few characters either side, in the same sentence (``near``), and in the span's clause
    (``clause``); the thing the question counts or names after its question word printed just
    before the span ("多少名党员" ↔ "党员15人": ``counted``); its content words anywhere in the
    sentence (``sentence``); for a quantity, whether it carries the measure word the question
    asks in ("多少件" → 358件 rather than 801件次: ``unit``, else ``unit_other``); and whether the
    span has the form the question wants (``typed_quantity``, ``typed_time``)."""
    s0, s1 = sentence_bounds(view, start, end)
    asked = re.sub(r"[？?。！!\s]", "", question.left + question.right)
    near = view[max(s0, start - 24) : start] + view[end : min(s1, end + 12)]
    c0 = max((m.end() for m in CLAUSE_END.finditer(view, s0, start)), default=s0)
    c1 = m.start() if (m := CLAUSE_END.search(view, end, s1)) else s1
    counted = [w for w in counted or [] if len(w) >= 2]
    sentence = view[s0:start] + view[end:s1]
    words = [w for w in focus if len(w) >= 2]
    unit = unit_other = 0.0
    asked_measure = measure_word(question.right) if question.answer_type in ("number", "percent") else None
    if asked_measure:
        quantity = NUMBER_RE.match(view, start)
        printed = measure_word(LEADING_NUMBER.sub("", quantity.group())) if quantity else None
        unit = float(printed == asked_measure)
        unit_other = float(printed is not None and printed != asked_measure)
    # the expected form, by kind of question: a quantity for 多少, a date or time for 哪天/几点
    typed = TYPED.get(question.answer_type)
    form = float(bool(typed and typed.match(view, start)))
    before = view[max(c0, start - 8) : start]
    return {
        "near": _soft_overlap(asked, near) if len(asked) >= 2 else 0.0,
        "clause": _soft_overlap(asked, view[c0:start] + view[end:c1]) if len(asked) >= 2 else 0.0,
        "counted": sum(1 for w in counted if w in before) / len(counted) if counted else 0.0,
        "sentence": sum(1 for w in words if w in sentence) / len(words) if words else 0.0,
        "unit": unit,
        "unit_other": unit_other,
        "typed_quantity": form if question.answer_type in ("number", "percent") else 0.0,
        "typed_time": form if question.answer_type in ("date", "time") else 0.0,
    }


def snap(text: str, start: int, end: int, answer_type: str) -> tuple[int, int]:
    """Trim a span to what can answer the question: never past the end of its sentence; for a
    number, percent, date or time, the quantity (or date) it starts with, not the clause after it
    ("48.7万件，新能源汽车…" → "48.7万件")."""
    # an answer never starts with punctuation ("：12377" → "12377")
    while start < end and text[start] in "：:，,、；;。 \n":
        start += 1
    # a span that starts inside a number starts with it ("10.|5GWh" → "10.5GWh")
    while start > 0 and re.fullmatch(r"\d[\d.,]|[.,]\d", text[start - 1 : start + 1]):
        start -= 1
    cut = SENTENCE_END.search(text, start, end)
    if cut and cut.start() > start:
        end = cut.start()
    # a quotation or title mark the span opens is closed with it ("“百强产业集群|”" → both marks)
    for opener, closer in ("“”", "《》", "「」"):
        if text.count(opener, start, end) > text.count(closer, start, end) and text[end : end + 1] == closer:
            end += 1
    pattern = TYPED.get(answer_type)
    if answer_type in ("number", "percent") and not pattern.match(text, start):
        # the counted thing before the quantity is not part of the answer ("保洁员8人" → "8人"),
        # a rate is ("每5年")
        inside = next((m for m in pattern.finditer(text, start, end) if re.match(r"\D{0,4}\d", m.group())), None)
        if inside and not re.search(r"\d|每", text[start : inside.start()]):
            start = inside.start()
    if pattern is not None:
        m = pattern.match(text, start)
        if m and m.end() > start:
            if answer_type in ("number", "percent", "code"):
                # exactly the quantity or code: "77家规模以上工业企业…" → "77家", and "801件|次" → "801件次"
                end = m.end()
            else:
                # the whole date or time, not what follows it ("11月4日|在主城区", "2013年|开始"), nor
                # less ("2017年10月至2024年|3月"); a relation word is added back below ("3月25日起")
                end = m.end()
    if answer_type in ("date", "time"):  # "年底|前建成" → 年底前: the relation is part of the time
        rel = TIME_RELATION.match(text, end)
        if rel:
            end = rel.end()
    return start, end


def typed_spans(question: Question, views: list[str], per_passage: int = 40) -> list[list[tuple[int, int]]] | None:
    """Every quantity (for 多少) or date/time (for 哪天/几点) printed in each passage: candidates
    the model scores even when its own best spans missed them."""
    pattern = TYPED.get(question.answer_type)
    if pattern is None:
        return None
    return [[m.span() for m in pattern.finditer(view) if HAS_NUMERAL.search(m.group())][:per_passage] for view in views]


# a question that asks for several things ("哪两个项目", "哪些单位"): the answer is a list
PLURAL = re.compile(r"哪(?:些|几|[两二三四五六七八九十]+)[个家项位座种名条]?|分别")
COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# adverbs that open a predicate after a listed subject ("…工程已全面复工"): a list item ends there
PREDICATE_OPENERS = ("已", "已经", "均", "都", "正在", "正", "将", "也", "分别", "全部", "先后", "相继", "共同", "目前", "仍")
LIST_JOINERS = "、和与及"


def extend_list(text: str, start: int, end: int, question: Question, words) -> tuple[int, int]:
    """For a question asking for several things, extend a span that ends where a list goes on
    ("西成铁路项目|、西宁机场三期改扩建工程已全面复工" → both projects): add the items joined by
    、/和/与/及, each cut where the question's own words or a predicate adverb begin, up to the
    number asked for. Other questions are left alone."""
    m = PLURAL.search(question.normalized)
    if not m:
        return start, end
    wanted = COUNTS.get(re.sub(r"^哪|[个家项位座种名条]$", "", m.group()), 0) or 8  # 哪些, 分别: all
    asked = {w for w in words(question.right) if len(w) >= 2} - set(words(text[start:end]))
    items = 1
    while items < wanted and end < len(text) and text[end] in LIST_JOINERS:
        clause = re.match(r"[^，,。；;、！？!?\n和与及]{1,30}", text[end + 1 :])
        if not clause:
            break
        cut, pos = 0, 0
        for w in words(clause.group()):
            if w in PREDICATE_OPENERS or w in asked:
                break
            pos += len(w)
            cut = pos
        if cut == 0:
            break
        end += 1 + cut
        items += 1
    return start, end


def predicate_words(left: str, tokenize, n: int = 2) -> list[str]:
    """The last ``n`` content words before the question word: its predicate ("直接办理了多少" →
    直接, 办理), without linkers (了/是/为…)."""
    words = [w for w in tokenize(re.sub(r"^.*[，,。]", "", left)) if len(w.strip()) and w not in LINKERS and w not in ("的", "了", "有")]
    return words[-n:]


# what may sit between the restated words and the answer without breaking the restatement
# ("贡献率是多少" ↔ "贡献率为 85.7%", "办理了多少件" ↔ "办理 358 件")
JOINING = re.compile(rf"(?:{'|'.join(map(re.escape, sorted((*LINKERS, '的', '：', ':'), key=len, reverse=True)))}|\s)+$")


def adjacent(question_left: str, before: str, longest: int = 4, moved: str | None = None) -> float:
    """How many characters of the question's text just before its question word are printed
    right before the span (the question restating its sentence with the question word in the
    answer's place), up to ``longest``, as a share of ``longest``: "直接办理了多少件" ↔
    "直接办理 358 件" → 1.0, ↔ "来电诉求 801 件次" → 0. A question often puts the object
    between its verb and 多少 where the sentence prints the number first ("收取班费多少元" ↔
    "收取52000元"): ``moved`` (the question's last word) may be skipped. With a larger
    ``longest`` it tells a long restatement from a short one ("工业企业增加值同比增长" against
    "销售产值，同比增长": ``restated``)."""
    q = JOINING.sub("", re.sub(r"\s", "", question_left))
    t = JOINING.sub("", re.sub(r"\s", "", before))
    tails = [q]
    if moved and len(moved) >= 2 and q.endswith(moved):
        tails.append(JOINING.sub("", q[: -len(moved)]))

    def shared(tail: str) -> int:
        n = 0
        while n < min(len(tail), len(t), longest) and tail[-1 - n] == t[-1 - n]:
            n += 1
        return n

    return max(shared(tail) for tail in tails) / longest


def alignment(question: Question, view: str, start: int, end: int, tokenize=None, predicate: list[str] | None = None) -> dict[str, float]:
    """How well the span sits where the question word sits: the question's predicate words
    found just before the span (``left``), its words just after the question word found just
    after the span (``right``), and whether the span has the expected form (``typed``).
    ``predicate`` is ``predicate_words(question.left, tokenize)`` when the caller has it."""
    right_q = re.split(r"[，,。？?]", question.right)[0][:6]
    typed = TYPED.get(question.answer_type)
    before = view[max(0, start - 12) : start]
    # the words after the slot, within its clause: "多少名党员" ↔ "15名党员", not "8人，党员…"
    after = view[end : end + 8]
    after = after[: m.start()] if (m := CLAUSE_END.search(after)) else after
    if predicate is not None or tokenize is not None:
        words = predicate if predicate is not None else predicate_words(question.left, tokenize)
        left = sum(1 for w in words if w in before) / len(words) if words else 0.0
    else:
        words = []
        left_q = re.sub(r"^.*[，,。]", "", question.left)[-8:]
        left = _soft_overlap(left_q, before) if len(left_q) >= 2 else 0.0
    return {
        "left": left,
        "adjacent": adjacent(question.left, before, moved=words[-1] if words else None),
        "restated": adjacent(question.left, view[max(0, start - 24) : start], longest=RESTATED, moved=words[-1] if words else None),
        "right": _soft_overlap(right_q, after) if len(right_q) >= 2 else 0.0,
        "typed": float(bool(typed and typed.match(view, start))),
    }


class NeuralReader:
    """Same interface as the rule-based ``Reader``: ``read(question, passages) -> [Span]``."""

    def __init__(self, model: SpanReaderModel | None = None, calibration: dict[str, float] | None = None,
                 ranking: dict[str, float] | None = None, analyzer: QuestionAnalyzer | None = None,
                 guesses: int = 60) -> None:
        self.model = model or SpanReaderModel()
        self.calibration = calibration or self._load("calibration", DEFAULT_CALIBRATION)
        self.ranking = ranking if ranking is not None else self._load("ranking", DEFAULT_RANKING)
        self.analyzer = analyzer or QuestionAnalyzer()
        self.guesses = guesses  # spans the model proposes over all passages, before re-ranking

    def _words(self, text: str) -> list[str]:
        return list(self.analyzer.tokenizer.jieba.cut(text))

    def entity_kind(self, question: Question, text: str) -> float:
        """For a 谁/哪里/哪个单位 question, whether the span names what is asked: a word jieba tags
        as a person, place or organisation, or a name ending like one ("河北石家庄", "人力资源社会
        保障部"); 0 for other questions."""
        if question.answer_type not in ("person", "place", "org") or not text or len(text) > 30:
            return 0.0
        if any(ENTITY_TAGS.get(w.flag) == question.answer_type for w in self.analyzer.tokenizer.pos.cut(text)):
            return 1.0
        ending = ENTITY_ENDINGS.get(question.answer_type)
        return float(bool(ending and ending.search(text)))

    @staticmethod
    def _load(key: str, default: dict[str, float]) -> dict[str, float]:
        if CONFIG_FILE.exists():
            fitted = json.loads(CONFIG_FILE.read_text(encoding="utf-8")).get(key)
            if fitted:
                return fitted
        return dict(default)

    @property
    def available(self) -> bool:
        return self.model.available

    def confidence(self, features: dict[str, float]) -> float:
        z = self.calibration.get("bias", 0.0) + sum(w * features.get(k, 0.0) for k, w in self.calibration.items() if k != "bias")
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def candidates(self, question: str, passages: list[str], passage_scores: list[float] | None = None) -> list[Span]:
        """The model's spans, snapped to what can answer, with their features (unscored)."""
        q = self.analyzer.analyze(question)
        views = [self.model.simplified(p) for p in passages]
        scores = passage_scores or [0.0] * len(passages)
        top_score = max(scores) if scores else 0.0
        focus = [w for w in self._words(re.sub(r"[？?。！!\s]", "", q.left + " " + q.right)) if w not in LINKERS]
        predicate = predicate_words(q.left, self._words)
        # the thing counted or named after the question word ("多少名|党员"): news prints it just
        # before the answer ("党员15人")
        after = re.split(r"[，,。？?]", q.right)[0]
        after = after[m.end():] if (m := MEASURE.match(after)) else after
        counted = [w for w in self._words(after) if w not in LINKERS]
        seen, out = set(), []
        for g in self.model.guesses(question, passages, top=self.guesses, views=views, extra=typed_spans(q, views)):
            view = views[g.passage_index]
            start, end = extend_list(view, *snap(view, g.start, g.end, q.answer_type), q, self._words)
            if (g.passage_index, start, end) in seen or wrong_kind(q, view[start:end]):
                continue
            seen.add((g.passage_index, start, end))
            passage = scores[g.passage_index]
            features = calibration_features(g.score, g.null_score, passage, float(passage_scores is not None and passage >= top_score))
            features.update(alignment(q, view, start, end, predicate=predicate))
            features.update(context(q, view, start, end, focus, counted))
            features["typed_entity"] = self.entity_kind(q, view[start:end])
            text = passages[g.passage_index][start:end]
            out.append(Span(start, end, text, "neural", g.passage_index, features=features))
        return out

    def rank(self, spans: list[Span]) -> list[Span]:
        """Order by the fitted linear ranking over the span's features (the model's logit, the
        question's wording around the span, the passage's retrieval score); the confidence is
        the calibrated probability that the span is right."""
        w = self.ranking
        for s in spans:
            f = s.features
            f["aligned"] = sum(w.get(k, 0.0) * f.get(k, 0.0) for k in RANK_FEATURES)
            f["aligned_margin"] = f["aligned"] - (f["score"] - f["margin"])
            s.score = self.confidence(f)
        return sorted(spans, key=lambda s: -s.features["aligned"])

    def read(self, question: str, passages: list[str], passage_scores: list[float] | None = None, top: int = 5) -> list[Span]:
        return self.rank(self.candidates(question, passages, passage_scores))[:top]
