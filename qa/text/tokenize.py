"""Search tokens for Chinese text: jieba (search mode) on the normalised copy, with numbers,
decimals and percentages kept whole (``17.4%``, ``2万``), punctuation and particles dropped."""

from __future__ import annotations

import os
import re

from qa.text.clean import SearchNormalizer

NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")
# Particles and question words carry no topic; keeping them only adds noise to BM25.
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 或 等 也 都 就 而 其 之 把 被 对 为 以 于 从 将 这 那 这个 那个 个 有 "
    "吗 呢 吧 啊 呀 么 什么 多少 几 哪 哪里 哪个 哪些 哪儿 哪位 哪家 哪年 哪天 谁 如何 怎样 怎么 为什么 "
    "何时 什么样 是否 请问 一下".split()
)

# question phrases that search mode cuts into words a page prints ("百分之几" → 百分, as in 百分点)
QUESTION_PHRASES = re.compile(r"百分之(?:几|多少)")


class ChineseTokenizer:
    """Owns its ``jieba.Tokenizer`` and normaliser; loaded lazily, reusable across threads for reading."""

    def __init__(self, normalizer: SearchNormalizer | None = None, stopwords: frozenset[str] = STOPWORDS,
                 cache_dir: str | os.PathLike | None = None) -> None:
        self.normalizer = normalizer or SearchNormalizer()
        self.stopwords = stopwords
        self.cache_dir = cache_dir  # where jieba keeps its dictionary cache (else the system's temp folder)
        self._jieba = None
        self._pos = None

    @property
    def jieba(self):
        if self._jieba is None:
            import jieba

            jieba.setLogLevel(60)
            self._jieba = jieba.Tokenizer()
            if self.cache_dir is not None:
                try:
                    os.makedirs(self.cache_dir, exist_ok=True)
                    self._jieba.tmp_dir = str(self.cache_dir)
                except OSError:
                    pass  # a read-only home: jieba's own temp folder does
            self._jieba.initialize()
        return self._jieba

    @property
    def pos(self):
        """A part-of-speech tagger (``jieba.posseg``) over the same dictionary, loaded lazily."""
        if self._pos is None:
            import jieba.posseg

            # the module's own tagger read the default dictionary's tags at import (about a
            # second); ours uses the same dictionary, so it takes that table over
            pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
            pos.__dict__.update(jieba.posseg.dt.__dict__, tokenizer=self.jieba)
            self._pos = pos
        return self._pos

    def tokens(self, text: str) -> list[str]:
        norm = self.normalizer.normalize(text)
        out: list[str] = []
        pos = 0
        for m in NUMBER.finditer(norm):
            out.extend(self._words(norm[pos : m.start()]))
            out.append(m.group().replace(",", ""))
            pos = m.end()
        out.extend(self._words(norm[pos:]))
        return out

    def query_tokens(self, question: str) -> list[str]:
        """``tokens`` of a question, less the question phrases that would match what pages print."""
        return self.tokens(QUESTION_PHRASES.sub(" ", question))

    def _words(self, text: str) -> list[str]:
        if not text.strip():
            return []
        return [w for w in self.jieba.cut_for_search(text) if WORDLIKE.search(w) and w.strip() and w not in self.stopwords]
