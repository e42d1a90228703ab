"""The default reader: the fine-tuned e5 span model proposes spans (its best ones, and every
quantity or date printed in the passages for a 多少/哪天 question); each is snapped to what can
answer (``snapping``), dropped when of the wrong kind (``kinds``) and described by explainable
features (``features``: the model's logits, the question's wording around it, the measure word,
the passage's retrieval score); a linear ranking over those features and a logistic confidence in
[0, 1] (``P(the span is right)``) are both fitted by ``training/calibrate_reader.py`` on held-out
XQuAD questions and on questions asked against passages that do not hold their answer. Below the
assistant's threshold the answer is "not found".
"""

from __future__ import annotations

import itertools
import json
import math
import re

from qa.models import Span
from qa.read.among import enumerated_spans, enumeration_lead, parallel_spans
from qa.read.features import (
    RANK_FEATURES,
    alignment,
    calibration_features,
    clause_share,
    context,
    distinct_clause_words,
    predicate_words,
    sentence_coverage,
)
from qa.read.kinds import (
    TYPED,
    before_asked_words,
    entity_kind,
    past_asked_act,
    past_leading_verbs,
    with_asked_measure,
    wrong_kind,
    wrong_side,
)
from qa.read.lists import (
    asked_after,
    extend_list,
    extend_list_back,
    listed_spans,
    owned_items,
    past_preposition,
)
from qa.read.names import outside_brackets, word_start
from qa.read.posts import post_spans
from qa.read.question import LINKERS, NOW_WORDS, STATE_NOUNS, VAGUE_QUANTIFIERS, QuestionAnalyzer, without_modals
from qa.read.ranking import after_asked_words, followed_as_asked, stated_before_unsupported
from qa.read.reasons import (
    BY_PURPOSE,
    act_as_cause,
    after_act,
    after_act_spans,
    before_new_scene,
    importance_stated,
    is_basis,
    means_before,
    means_spans,
    pointed_back,
    purpose_spans,
    restates_only,
    sentence_before,
    state_spans,
)
from qa.read.snapping import (
    CAUSE_MARK,
    CLAUSE_ANSWERS,
    MEANS_MARK,
    after_topic_sentence,
    before_count,
    cause_in_clause,
    slot_before_noun,
    snap,
    typed_spans,
    whole_clause,
    whole_subject,
    with_previous_clause,
)
from qa.read.span_model import CONFIG_FILE, SpanGuess, SpanModel
from qa.read.statements import (
    ASKS_SAID,
    Asked,
    enumerated_first,
    joined,
    owned_first,
    posts_only,
    said_clause,
    said_spans,
    speaker_sentence,
    stated,
    subheading,
)
from qa.read.yesno import predicate_of, stated_verdict, with_asked_verb
from qa.text.paraphrase import printed_as
from qa.text.patterns import FIRST_MONTHS, MEASURE, paragraph, sentence_bounds

# used only until training/calibrate_reader.py has written the fitted values into span_reader.json
DEFAULT_CALIBRATION = {"margin": 0.35, "score": 0.1, "bias": -1.0}
# how a span is ranked: weights over its features (``RANK_FEATURES``), in the model's logit units.
# Used until training/calibrate_reader.py has written fitted weights into span_reader.json; these
# are the model's own logit plus the question-wording alignment.
DEFAULT_RANKING = {"score": 1.0, "left": 2.0, "adjacent": 1.0, "right": 1.0}
CLAUSE_CONFIDENCE = 0.85  # the most a clause answer (为什么/如何/…吗) is given
# words that mark a clause as a cause or purpose; a 为什么 answer with none, and not printed where a cause
# goes (``means_before``), keeps this share of its coverage ("目前，…已全面复工" for 为什么要加快…建设)
REASON_WORDS = re.compile(rf"{BY_PURPOSE}|因|由于|一事|为|随着|得益|受|带动|推动|拉动|影响|针对|鉴于|考虑|基于|以便|旨在|目的|需要|要求|下[，,]?$")
ACT_AS_CAUSE = 0.3  # the share of its coverage a clause keeps that prints the act asked inside its cause
SETTING_PREPOSITIONS = ("在", "于", "随着", "按照", "根据", "通过", "经过", "从", "自")  # open a clause of circumstance, no part of a name
UNSTATED_REASON = 0.8  # (0.9 let a restated list item outrank a marked purpose that prints most of the act)


DEMONSTRATIVE = re.compile(r"[这那该此][份个次些项条则篇位家座场]?")


class NeuralReader:
    """A ``SpanReader``: ``read(question, passages, passage_scores) -> [Span]``, best first, each
    span's ``score`` its calibrated confidence."""

    def __init__(self, model: SpanModel | None = None, calibration: dict[str, float] | None = None,
                 ranking: dict[str, float] | None = None, analyzer: QuestionAnalyzer | None = None,
                 guesses: int = 60) -> None:
        self.model = model or SpanModel()
        self.calibration = calibration or self._load("calibration", DEFAULT_CALIBRATION)
        self.ranking = ranking if ranking is not None else self._load("ranking", DEFAULT_RANKING)
        self.analyzer = analyzer or QuestionAnalyzer()
        self.guesses = guesses  # spans the model proposes over all passages, before re-ranking

    def warm_up(self) -> None:
        """Load the span model and the tokenizer's dictionary now rather than on the first question."""
        self.model.warm_up()
        self.analyzer.tokenizer.pos.cut("预热")

    def _words(self, text: str) -> list[str]:
        return list(self.analyzer.tokenizer.jieba.cut(text))

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

    def _reading(self, question: str) -> Asked:
        q = self.analyzer.analyze(self.analyzer.as_question(question))  # a search-box query as the question it asks
        # content words: a demonstrative ("这份通告") points at the text, it is not printed in it; nor is "now"
        focus = [w for part in without_modals(q) for w in self._words(FIRST_MONTHS.sub("", re.sub(r"[？?。！!\s]", "", part)))
                 if w not in (*LINKERS, *NOW_WORDS, *VAGUE_QUANTIFIERS) and not DEMONSTRATIVE.fullmatch(w)
                 and not (q.answer_type == "description" and w in STATE_NOUNS)]
        # the thing counted or named after the question word ("多少名|党员"): news prints it just
        # before the answer ("党员15人")
        after = re.split(r"[，,。？?]", q.right)[0]
        if q.answer_type in ("number", "percent") or re.search(r"[几两二三四五六七八九十]$", q.qword or ""):  # not "什么|项目"
            after = after[m.end():] if (m := MEASURE.match(after)) else after
        counted = [w for w in self._words(after) if w not in LINKERS]
        asked_verb = predicate_of([(w.word, w.flag) for w in self.analyzer.tokenizer.pos.cut(q.left)]) if q.answer_type == "yesno" else None
        tagged = list(self.analyzer.tokenizer.pos.cut(re.sub(r"(?:了|过|着)$", "", q.left)))
        act = tagged[-1].word if tagged and tagged[-1].flag.startswith("v") and len(tagged[-1].word) >= 2 else None
        nouns = itertools.takewhile(lambda w: w.flag.startswith(("n", "j")), self.analyzer.tokenizer.pos.cut(asked_after(q)))
        return Asked(q, focus, predicate_words(q.left, self._words), counted, asked_verb, act, sum(len(w.word) for w in nouns))

    def candidates(self, question: str, passages: list[str], passage_scores: list[float] | None = None,
                   headlines: list[str] | None = None) -> list[Span]:
        """The model's spans, snapped to what can answer, with their features (unscored)."""
        r = self._reading(question)
        q = r.question
        views = [self.model.simplified(p) for p in passages]
        # the question is lowercased ("model y"); its wording is compared with the passage's the same
        # way, where lowercasing keeps every offset
        folded = [v.lower() if len(v.lower()) == len(v) else v for v in views]
        scores = passage_scores or [0.0] * len(passages)
        top_score = max(scores) if scores else 0.0
        # 如何/为什么/进展如何/…吗 are answered by a clause; "通过什么方式" by what is named
        clause_answer = q.answer_type in CLAUSE_ANSWERS and not (q.answer_type == "method" and "什么" in (q.qword or ""))
        seen, out = set(), []
        posts = post_spans(q, views, self.analyzer.tokenizer.pos)
        owned, enumerated = owned_items(q, views), joined(enumerated_spans(q, views), parallel_spans(q, views))
        extra = typed_spans(q, views) or joined(listed_spans(q, views), enumerated) or posts or owned or purpose_spans(r, views) or joined(means_spans(r, views), after_act_spans(r, views)) or said_spans(q, views) or state_spans(r, views)
        enumerated = dict(enumerate(enumerated)) if enumerated else None
        for g in self.model.guesses(q.text, passages, top=self.guesses, views=views, extra=extra):
            view = views[g.passage_index]
            start, end, slot = self._snapped(r, g, view, folded[g.passage_index], enumerated, clause_answer)
            if (g.passage_index, start, end) in seen or wrong_kind(q, view[start:end]) or wrong_side(q, view, start, end):
                continue
            topic_at = None
            if clause_answer and q.answer_type != "yesno" and restates_only(r.focus, folded[g.passage_index][start:end]):
                # no answer ("…，跻身全国百强产业集群" for 为什么…跻身全国百强); for 如何, the sentence after it
                topic_at, (start, end) = start, after_topic_sentence(view, start, end) if q.answer_type == "method" else (0, 0)
                if end <= start or (g.passage_index, start, end) in seen:
                    continue
            seen.add((g.passage_index, start, end))
            passage = scores[g.passage_index]
            features = calibration_features(g.score, g.null_score, passage, float(passage_scores is not None and passage >= top_score))
            features.update(alignment(q, folded[g.passage_index], start, end, predicate=r.predicate))
            features.update(context(q, folded[g.passage_index], start, end, r.focus, r.counted))
            features["typed_entity"] = entity_kind(q, view[start:end], self.analyzer.tokenizer.pos)
            if topic_at is not None:
                features["topic_at"] = float(topic_at)
            if slot:
                features["slot"] = 1.0
            kind = "neural"
            if q.answer_type == "yesno":
                kind = stated_verdict(r.focus, r.asked_verb, q.text, q.left, folded[g.passage_index], start, end)
                start, end = with_asked_verb(r.asked_verb, view, folded[g.passage_index], start, end)
            out.append(Span(start, end, passages[g.passage_index][start:end], kind, g.passage_index, features=features))
        about = [self.model.simplified(h).lower() for h in headlines] if headlines else None  # read like the passages
        whole = [s for s in out if (s.start, s.end) in (enumerated or {}).get(s.passage_index, ())]
        out = stated(r, out, folded, about) if posts is None else posts_only(out, posts)
        if owned is not None:
            out = owned_first(r, out, folded, owned)
        if enumerated is not None:  # (an enumeration is no list a count or 等 closes: it stays to be weighed)
            out += [s for s in whole if s not in out]
            out = enumerated_first(r, out, folded, enumerated)
        distinct_clause_words(out, folded, r.focus, dated=q.answer_type in ("date", "time"))
        if clause_answer:
            self._cover(r, out, folded, about)
        return out

    def _snapped(self, r: Asked, g: SpanGuess, view: str, folded: str, enumerated: dict | None, clause_answer: bool) -> tuple[int, int, bool]:
        """The model's span snapped to what can answer: a whole enumeration, a list, a clause (or the slot
        a 什么 + noun question asks inside it: the third value), a whole name."""
        q = r.question
        if (g.start, g.end) in (enumerated or {}).get(g.passage_index, ()):
            return g.start, g.end, False  # a whole enumeration, its items joined by ；too
        start, end = extend_list(view, *snap(view, g.start, g.end, q.answer_type, q.left, q.right), q, self._words)
        start, end = extend_list_back(view, start, q), with_asked_measure(q, view, start, end)
        start = past_preposition(q, view, start, view.find("、", start, end)) if "、" in view[start:end] else start
        if clause_answer:
            start, end = self._clause(r, view, folded, start, end)
            slot = slot_before_noun(q, folded, start, end) if q.answer_type == "description" else None
            return (*slot, True) if slot else (start, end, False)
        if q.answer_type not in TYPED:
            start, end = self._name(r, view, folded, start, end)
        return start, end, False

    def _name(self, r: Asked, view: str, folded: str, start: int, end: int) -> tuple[int, int]:
        """A name or thing: the whole subject, past the question's verb, not into another verb's clause; a place,
        body or person also never from inside a word, outside a bracket's note, before the words asked and a count."""
        start = past_asked_act(folded, whole_subject(view, start, end), end, r.act)
        pos = self.analyzer.tokenizer.pos
        if r.question.qword == "什么" and (mark := re.search(r"[，,；;]", view[start:end])):
            after = next(iter(pos.cut(view[start + mark.end() : end])), None)
            # (not 审议's; nor a clause a preposition opens: "全面合作伙伴，|在两国元首的战略引领下")
            other_verb = after is not None and r.act and after.flag.startswith("v") and after.word != r.act
            end = start + mark.start() if other_verb or after is not None and after.word in SETTING_PREPOSITIONS else end
        if r.question.answer_type not in ("place", "org", "person"):
            return start, end
        start, end = outside_brackets(view, word_start(view, past_leading_verbs(view, start, end, pos), end, pos), end, pos)
        return start, before_count(view, start, before_asked_words(folded, start, end, [w for w in r.focus if w in r.question.left], pos))

    @staticmethod
    def _clause(r: Asked, view: str, folded: str, start: int, end: int) -> tuple[int, int]:
        """The clause a clause answer is: the whole clause the span touches; for 为什么 (如何), the
        cause (the means) printed inside it ("因“反向抹零”|被处罚"); for 为什么/如何, the clause before
        one that restates the question."""
        start, end = whole_clause(view, start, end)
        end = before_new_scene(r.focus, folded, start, end) if r.question.answer_type == "description" else end
        marks = {"reason": CAUSE_MARK, "method": MEANS_MARK}.get(r.question.answer_type)
        cause = cause_in_clause(folded, start, end, r.question.right, marks) if marks else (start, end)
        if cause != (start, end):
            return cause
        if (r.question.answer_type in ("reason", "method") and clause_share(r.focus, folded[start:end]) >= 0.5 and not is_basis(r, view, start, end)
                and not after_act(r, view, start)):  # ("双方应|立足长远，…" for "双方应该怎么做" is no restatement)
            start = with_previous_clause(view, start)
        return start, end

    @staticmethod
    def _cover(r: Asked, out: list[Span], folded: list[str], headlines: list[str] | None) -> None:
        """Sets ``coverage`` of each clause answer: the share of the question its sentence states.
        For a yes/no question, the headline of the passage's article states its subject too
        ("铁路民航项目复工了吗" ↔ headline 铁路民航项目全面复工, sentence 西成铁路项目…已全面复工), but
        the verb asked about must be printed in the sentence."""
        q = r.question
        for span in out:
            view = folded[span.passage_index]
            sentence = view[slice(*sentence_bounds(view, span.start, span.end))]
            # a yes/no answer's subject may be named by its headline or elsewhere in its paragraph ("加州…")
            about = headlines[span.passage_index] + "\n" + paragraph(view, span.start) if headlines and q.answer_type == "yesno" else ""
            about += "\n".join(("", enumeration_lead(view, span.start), pointed_back(view, span.start), importance_stated(view, span.start)))
            about += "\n" + subheading(view, span.start)  # a digest item's sentences, of what its own headline says
            if "topic_at" in span.features:  # the sentence after a topic sentence details what that one states
                about += "\n" + view[slice(*sentence_bounds(view, int(span.features["topic_at"]), int(span.features["topic_at"])))]
            said = said_clause(q, view, span.start) if q.answer_type == "description" and ASKS_SAID.search(q.normalized) else 0.0
            if said:  # what was said: its speaker may be named in the sentence before, its meeting in the headline
                about += speaker_sentence(view, span.start, span.end) + (headlines[span.passage_index] if headlines else "")
                span.features["said"] = said
            if q.answer_type in ("method", "reason"):
                span.features["means"] = means_before(r, view, span.start, span.end)
            if after := after_act(r, view, span.start):  # what follows "开通后，" for "开通后有什么影响"; the act's
                span.features["after_act"] = after  # subject may be named in the sentence before ("为防东铁路…。|铁路开通后，")
                about += "\n" + sentence_before(view, span.start)
            coverage = sentence_coverage(r.focus, view, span.start, span.end, about)
            if q.answer_type == "reason" and not span.features["means"] and not REASON_WORDS.search(view[span.start : span.end]):
                coverage *= UNSTATED_REASON  # a clause no word or place marks as a cause is a weak answer to 为什么
            if q.answer_type == "reason" and act_as_cause(r, view, span.start, span.end):
                coverage *= ACT_AS_CAUSE  # what the act led to ("因…私藏枪支弹药被拘留") is no reason for it
            if r.asked_verb and not printed_as(r.asked_verb, sentence):
                coverage *= 0.6  # a yes/no question's sentence must print the verb asked about
            span.features["coverage"] = coverage
            if q.answer_type in ("description", "yesno"):
                # the clause that names the subject; for a yes/no question, the one that states it
                # ("市级主要领导亲自带队…招商", not the clause before it in the same sentence)
                span.features["clause_focus"] = clause_share(r.focus, view[span.start : span.end])

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
            if "coverage" in f:
                # a clause answer: the fitted confidence knows short spans only; a clause is as good
                # as the share of the question its sentence states (hand-set, strict: 0.7 → 0.42),
                # and never in the ≥ 0.9 band, which is kept for what was fitted and measured
                s.score = CLAUSE_CONFIDENCE * f["coverage"] ** 2
            elif "stated" in f:  # a list or a notice's date the text's structure states: the logit undersells it
                s.score = max(s.score, CLAUSE_CONFIDENCE * f["stated"] ** 2)
        if any("coverage" in s.features for s in spans):
            # the sentence that states most of the question first, then (for a description) the
            # clause that names its subject; the model's ranking within them
            return sorted(spans, key=lambda s: (-round(s.features.get("coverage", 0.0), 1), s.kind == "support",
                                                -s.features.get("said", 0.0) - s.features.get("means", 0.0) - s.features.get("after_act", 0.0) - ("topic_at" in s.features) - 3 * s.features.get("slot", 0.0),
                                                -round(s.features.get("clause_focus", 0.0), 1),
                                                -s.features["aligned"]))
        return after_asked_words(stated_before_unsupported(followed_as_asked(sorted(spans, key=lambda s: -s.features["aligned"]))))

    def read(self, question: str, passages: list[str], passage_scores: list[float] | None = None, top: int = 5,
             headlines: list[str] | None = None) -> list[Span]:
        return self.rank(self.candidates(question, passages, passage_scores, headlines))[:top]
