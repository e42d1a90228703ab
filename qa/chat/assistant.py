"""The assistant: a question (and the conversation so far) → an Answer with citations.

    from qa import Assistant
    assistant = Assistant.open()                      # the bundled sample bulletins
    answer = assistant.ask("3月25日12345热线直接办理了多少件诉求？")
    print(answer.text, answer.citations[0].title)

Every answer is a span of a retrieved passage; below the confidence threshold the assistant says
it did not find the answer and still offers the closest passages.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from qa.chat.constraints import Constraint, constraints_of, reason, unmet
from qa.chat.followup import FollowUpResolver
from qa.chat.passages import conversation_first, first_mention, named_person, one_per_article, whole_article, whole_enumeration, with_missing_words
from qa.chat.turns import Reading, Turn, turn_of
from qa.errors import InvalidInput
from qa.index.milvus import MilvusTarget
from qa.models import Answer, Citation, Hit, Span
from qa.pageview import PageImage, PageView
from qa.read import SpanReader
from qa.read.question import Question, QuestionAnalyzer
from qa.read.snapping import CLAUSE_ANSWERS
from qa.search import Retriever, SearchFilters
from qa.text.abbreviations import spelled_out
from qa.text.clean import clean_input, question_problem
from qa.text.paraphrase import as_pointed_at, in_their_words, without_home_city

FOLLOW_UP_MARGIN = 0.15  # how much better a follow-up reading's answer must be than the question as asked
CLOSE_TO_BEST = 0.8  # the share of the best passage's score at which the article cited last is kept first
UNMET_FACTOR = 0.3  # what is left of the confidence of an answer whose citation misses a place, date or role asked
EXAMPLE_CONFIDENCE = 0.8
NOT_FOUND = "没有在已收录的公报中找到这个问题的答案。下面是最相关的段落，供参考。"


def default_span_model(retriever: Retriever | None):
    """The span model on the engine ``$BULLETIN_QA_ENGINE`` names (ONNX Runtime int8 unless
    ``torch``), sharing the e5 tokenizer with the retriever's embedder where it has one (280 MB)."""
    from embeddings.onnx_e5 import E5Tokenizer
    from embeddings.registry import default_engine
    from qa.read.span_model import SpanModel

    if default_engine() == "torch":
        return SpanModel(backend="torch", int8=False)
    shared = getattr(retriever.embedder if retriever else None, "tokenizer", None)
    return SpanModel(tokenizer=shared if isinstance(shared, E5Tokenizer) else None)


def default_reader(retriever: Retriever | None) -> SpanReader:
    """The fine-tuned span model shipped in the package; the rule-based reader where its weights
    are missing (a source checkout without them)."""
    from qa.read.neural import NeuralReader

    # one jieba dictionary for search and reading
    analyzer = QuestionAnalyzer(tokenizer=retriever.tokenizer if retriever else None)
    neural = NeuralReader(model=default_span_model(retriever), analyzer=analyzer)
    if neural.available:
        return neural
    from qa.read.rules import RuleReader

    return RuleReader(analyzer=analyzer)


class Assistant:
    """``k`` articles are read per question (their best passage; when ``second_passage``, the top article's
    second best and the one that prints question words the others do not); an answer needs ``min_confidence``."""

    def __init__(
        self,
        retriever: Retriever,
        reader: SpanReader | None = None,
        resolver: FollowUpResolver | None = None,
        k: int = 5,
        min_confidence: float = 0.5,
        second_passage: bool = True,
        page_view: PageView | None = None,
    ) -> None:
        self.retriever = retriever
        self.page_view = page_view or PageView()
        self.reader = reader or default_reader(retriever)
        self.resolver = resolver or FollowUpResolver(tokenizer=retriever.tokenizer)
        self.analyzer = QuestionAnalyzer(tokenizer=retriever.tokenizer)
        self.k = k
        self.min_confidence = min_confidence
        self.second_passage = second_passage
        self._examples: tuple[str | None, list[str]] = (None, [])  # (index generation, checked questions)
        self._swap = threading.RLock()  # guards swapping in a new index generation
        self._ingesting = threading.Lock()  # one upload ingested at a time  # asking and reloading after an upload, from several threads
        self._learn_places()

    @classmethod
    def open(cls, index_dir: str | os.PathLike | None = None, **options) -> "Assistant":
        """Open an index; with none, the bundled sample bulletins (built on first use)."""
        embedder = None
        if index_dir is None:
            from qa.pipeline import default_sample_index

            index_dir, embedder = default_sample_index()
        where = index_dir if isinstance(index_dir, MilvusTarget) else Path(index_dir)
        return cls(Retriever.open(where, embedder=embedder), **options)

    def close(self) -> None:
        self.retriever.close()

    def warm_up(self) -> None:
        """Load the models now rather than on the first question (the app and a one-shot ``ask``
        call this at start): the reader loads in a second thread while the retriever loads here;
        much of either runs outside Python's lock (ONNX Runtime, tokenizers), so they overlap."""
        failed: list[BaseException] = []

        def load_reader() -> None:
            try:
                self.reader.warm_up()
            except BaseException as exc:  # raised again below, in the caller's thread
                failed.append(exc)

        thread = threading.Thread(target=load_reader, name="reader-warm-up", daemon=True)
        thread.start()
        try:
            self.retriever.warm_up()
        finally:
            thread.join()
        if failed:
            raise failed[0]

    @property
    def index_dir(self) -> "Path | MilvusTarget":
        """Where the index is: its folder, or its place in Milvus."""
        where = self.retriever.store.path
        return where if isinstance(where, MilvusTarget) else Path(where)

    @property
    def data_dir(self) -> Path:
        """The local folder of the index's files (for Milvus, where it keeps PDFs for the page view)."""
        where = self.index_dir
        return where.originals_dir() if isinstance(where, MilvusTarget) else where

    # ---- the open index ----
    def add_files(self, paths, progress: bool = False, added_by: str | None = None):
        """Ingest files into the open index (with the model it was built with) and search them
        from the next question on; ``added_by`` names who added them in every citation of their
        articles. Returns the IngestReport."""
        from qa.pipeline import build_ingest

        # questions go on being answered from the current generation while the next one is built;
        # ingests wait for each other; the new generation is switched to in one step at the end
        with self._ingesting:
            report = build_ingest(paths, self.index_dir, embedder=self.retriever.embedder, progress=progress, added_by=added_by)
            self.reload()
        return report

    def page_image(self, article_id: str, start: int = 0, end: int = 0, page: int | None = None, crop: bool = True) -> PageImage | None:
        """The printed page of an article read from a PDF, as a PNG: the article outlined and
        ``text[start:end]`` highlighted (``crop``: the article's area only). None for articles
        that did not come from a PDF, or whose PDF the index no longer keeps."""
        store = self.retriever.store
        article = store.article(article_id)
        if article is None:
            raise InvalidInput(f"no article {article_id!r} in this index")
        if not 0 <= start <= end <= len(article.text):
            raise InvalidInput(f"start and end must satisfy 0 ≤ start ≤ end ≤ {len(article.text)}")
        pdf = store.original(article_id)
        if pdf is None or not article.page_boxes:
            return None
        return self.page_view.render(pdf, article, start, end, page, crop)

    def reload(self) -> None:
        """Reopen the index's newest generation, keeping the loaded models."""
        old = self.retriever
        fresh = Retriever.open(self.index_dir, embedder=old.embedder, tokenizer=old.tokenizer, fusion=old.fusion, alpha=old.alpha)
        with self._swap:
            # the old retriever is not closed: answers in flight may still read it; it closes when
            # they let it go (garbage collection closes its SQLite connection)
            self.retriever = fresh
            self._examples = (None, [])
            self._learn_places()

    def _learn_places(self) -> None:
        """The cities of the index's articles count as places when resolving follow-ups."""
        if hasattr(self.resolver, "known_places"):
            self.resolver.known_places |= set(self.facets()["cities"])

    def facets(self) -> dict:
        """What the filters can choose from: papers/source files, cities, the date range."""
        return self.retriever.store.facets()

    def example_questions(self, n: int = 4, tries: int = 12) -> list[str]:
        """Up to ``n`` questions the open index answers right, made from its own sentences and
        checked by asking each (at most ``tries`` asked); kept until the index changes."""
        from qa.chat.examples import candidate_questions

        generation = str(self.retriever.store.generation_dir)
        if self._examples[0] != generation:
            kept: list[str] = []
            for question, value, article_id in candidate_questions(self.retriever.store.articles())[:tries]:
                answer = self.ask(question)
                top = answer.citations[0] if answer.citations else None
                if top and answer.text == value and top.article_id == article_id and answer.score >= EXAMPLE_CONFIDENCE:
                    kept.append(question)
                if len(kept) >= n:
                    break
            self._examples = (generation, kept)
        return list(self._examples[1][:n])

    # ---- asking ----
    def ask(self, question: str, history: list[Turn] | None = None, filters: SearchFilters | dict | None = None,
            use_history: bool = True) -> Answer:
        """Answer ``question``; with ``history`` (earlier turns, see ``turn``) a follow-up is read
        in context where the question is incomplete on its own. ``use_history=False`` answers the
        question exactly as asked (to undo a reading the user did not mean)."""
        text = clean_input(question)
        problem = question_problem(text)
        if problem:
            shown = text[:200] + "…" if len(text) > 200 else text
            return Answer(question=shown, text=None, score=0.0, no_answer=True, message=problem)
        readings = self.resolver.readings(text, history or []) if use_history else [Reading(text)]
        with self._swap:
            retriever = self.retriever  # one generation for the whole answer, whatever a reload does meanwhile
        answers = [self._answer(text, reading, filters, retriever) for reading in readings]
        return self._better_supported(answers, complete=self.resolver.is_complete(text))

    @staticmethod
    def _better_supported(answers: list[Answer], complete: bool = False) -> Answer:
        """The first (likeliest) reading's answer, unless a later reading finds an answer where it
        found none, or one better supported by ``FOLLOW_UP_MARGIN``. A ``complete`` question (it
        stands on its own, ``FollowUpResolver.is_complete``) that finds the same answer as asked is shown as asked."""
        best = answers[0]
        for other in answers[1:]:
            if not other.no_answer and (best.no_answer or other.score > best.score + FOLLOW_UP_MARGIN):
                best = other
        # the same answer from the same article as asked: nothing the user did not say need be shown
        same = next((a for a in answers if a.asked_as == a.question and not a.no_answer and a.text == best.text
                     and a.citations[0].article_id == best.citations[0].article_id), None) if complete and not best.no_answer else None
        return same or best

    def passages(self, question: str, filters: SearchFilters | dict | None = None, retriever: Retriever | None = None,
                 asked: Question | None = None, preferred: str | None = None) -> list[Hit]:
        """What the reader reads (``qa.chat.passages``): the best passage of each of the top ``k``
        articles, the top article's second-best right after its first, and for a question that names
        a person ("X担任什么职务", "X来中国参加什么活动") the passage where the top article first prints X,
        and the top article's passage that prints question words none of those print. The ``preferred``
        article (the one a conversation is about) is the top one where it scores close to the best."""
        retriever = retriever or self.retriever
        chosen = one_per_article(retriever.search(question, k=2 * self.k, filters=filters, per_article=2), self.k, self.second_passage)
        chosen = self._prefer(chosen, preferred)
        asked = asked or self.analyzer.analyze(question)  # (the caller's analysis, where it has one)
        chosen = [whole_enumeration(h, asked.normalized) for h in chosen]
        if (name := named_person(asked, self.analyzer.tokenizer.pos)) and (lead := first_mention(name, chosen, retriever.store)) is not None:
            chosen.insert(1, lead)
        if self.second_passage and (more := with_missing_words(self.analyzer.tokenizer.tokens(asked.text), chosen, retriever.store, chosen[:1] != [] and chosen[0].article.id == preferred)):
            chosen.insert(sum(h.article.id == more.article.id for h in chosen), whole_enumeration(more, asked.normalized))
        for rank, h in enumerate(chosen, 1):
            h.rank = rank
        return chosen

    def _answer(self, text: str, reading: Reading, filters, retriever: Retriever) -> Answer:
        standalone = reading.text
        asked = self.analyzer.analyze(standalone)
        hits = self.passages(standalone, filters, retriever, asked, reading.preferred)
        if reading.definite and reading.preferred:  # a definite noun ("the meeting") names the article cited last
            hits = whole_article(reading.preferred, hits, retriever.store, words=self.resolver.words(standalone)) or hits
        kind = asked.answer_type
        base = dict(question=text, asked_as=standalone, carried=list(reading.carried), hits=hits, kind=kind)
        note = self._rewritten_note(text, standalone)
        if not hits:
            return Answer(text=None, score=0.0, no_answer=True, message="索引里没有与这个问题相关的段落。" + note, **base)
        passages = [h.chunk.text for h in hits]
        # a clause answer is judged by how much of the question its sentence prints: not the city a local page calls 我市
        own = without_home_city(standalone, hits[0].article.city, passages[0]) if kind in CLAUSE_ANSWERS else standalone
        printed = self._as_printed(own, passages, kind)
        spans = self.reader.read(printed, passages, passage_scores=[h.score for h in hits], top=5,
                                 headlines=[h.article.title or "" for h in hits])
        constraints = constraints_of(standalone, self.resolver.named_places, self.resolver.asked_act)
        constraints += [Constraint("mention", reading.mention)] if reading.mention else []
        best, missing = self._supported(conversation_first(spans, hits, reading.preferred), hits, constraints, self.resolver.switched_from(reading))
        if best is None:
            top = spans[0] if spans else None
            why = reason(missing, hits[top.passage_index].article) if missing and top is not None else ""
            return Answer(text=None, score=round(top.score, 4) if top else 0.0, no_answer=True, related=hits,
                          message=NOT_FOUND + why + note, **base)
        citations = [self._citation(1, best, hits[best.passage_index])]
        for span in spans:  # the same answer printed in other articles supports it
            hit = hits[span.passage_index]
            if span is not best and span.text == best.text and all(c.article_id != hit.article.id for c in citations):
                citations.append(self._citation(len(citations) + 1, span, hit))
        cited = {c.article_id for c in citations}
        return Answer(text=best.text, score=round(best.score, 4), no_answer=False, citations=citations,
                      related=[h for h in hits if h.article.id not in cited], message=note or None,
                      verdict=best.kind if best.kind in ("是", "否") else None, **base)

    def _supported(self, spans: list[Span], hits: list[Hit], constraints, replaced: list[str]) -> tuple[Span | None, list]:
        """The first span, in the reader's order, that is confident and whose citation meets what the question
        names (place, date, period, role; not the ``replaced`` place instead); else None and what the top span missed.
        A span that misses a constraint keeps a fraction of its confidence (``UNMET_FACTOR``)."""
        missing_at_top: list = []
        for i, span in enumerate(spans):
            hit = hits[span.passage_index]
            missing = unmet(constraints, hit.article, hit.chunk.text, span.start, span.end, self.resolver.mention_words, replaced)
            if missing:
                span.score *= UNMET_FACTOR
                span.features["unmet"] = float(len(missing))
                if i == 0:
                    missing_at_top = missing
            if not missing and self._confident(span):
                return span, []
        return None, missing_at_top

    def _as_printed(self, question: str, passages: list[str], kind: str) -> str:
        """The question in the words its passages print (short forms spelled out, verbs as printed, its topic
        as a demonstrative points at it), where that leaves the kind of answer it asks as it was ("举报电话是多少" stays a number to dial)."""
        spelled = spelled_out(question, passages)
        printed = as_pointed_at(in_their_words(spelled, passages), passages)
        return printed if printed == spelled or self.analyzer.analyze(printed).answer_type == kind else spelled

    def _confident(self, span: Span) -> bool:
        return span.score >= self.min_confidence

    @staticmethod
    def _prefer(hits: list[Hit], article_id: str | None) -> list[Hit]:
        """Keep the article cited last first when it scores close to the best (a follow-up)."""
        if not article_id or not hits:
            return hits
        for i, h in enumerate(hits):
            if h.article.id == article_id and h.score >= CLOSE_TO_BEST * hits[0].score:
                return [h] + hits[:i] + hits[i + 1 :]
        return hits

    @staticmethod
    def _rewritten_note(asked: str, standalone: str) -> str:
        return f"（按上文理解为：{standalone}）" if standalone != asked else ""

    @staticmethod
    def _citation(rank: int, span: Span, hit: Hit) -> Citation:
        a, c = hit.article, hit.chunk
        return Citation(
            rank=rank, article_id=a.id, title=a.title, source=a.source, paper=a.paper, date=a.date, page=a.page,
            byline=a.byline, passage=c.text, span=(span.start, span.end), article_span=(c.start + span.start, c.start + span.end),
            city=a.city, page_boxes=a.page_boxes.boxes(c.start + span.start, c.start + span.end), added_by=a.added_by,
            added_at=a.added_at,
        )

    @staticmethod
    def turn(answer: Answer) -> Turn:
        """The conversation record of an answer, for the next ``ask(history=…)`` (``turns.turn_of``)."""
        return turn_of(answer)
