"""Hybrid retrieval through the Python API: the right passages, filters, dense index types."""

import numpy as np
import pytest

from qa import Hit, Retriever, SearchFilters
from qa.index.dense import DenseIndex, DenseIndexConfig, DenseIndexError


@pytest.fixture(scope="module")
def retriever(e5_index):
    r = Retriever.open(e5_index)
    yield r
    r.close()


@pytest.mark.parametrize(
    "question,title_part",
    [
        ("格尔木三季度化工行业增长了多少", "今年三季度全市工业经济"),  # the article says only 我市
        ("3月25日12345热线直接办理了多少件诉求？", "有诉必应"),
        ("西宁锂电池隔膜年产能是多少", "西宁锂电产业集群"),
        ("西成铁路什么时候复工", "铁路民航项目"),
        ("格爾木開展全員核酸檢測的時間", "全员核酸检测"),  # asked in traditional characters
    ],
)
def test_the_right_article_comes_first(retriever, question, title_part):
    hits = retriever.search(question, k=3)
    assert hits and isinstance(hits[0], Hit)
    assert title_part in (hits[0].article.title or ""), [h.article.title for h in hits]
    top = hits[0]
    assert top.article.text[top.chunk.start : top.chunk.end] == top.chunk.text
    assert top.rank == 1 and top.scores["fused"] == top.score


def test_one_passage_per_article_and_scores_sorted(retriever):
    hits = retriever.search("工业增加值增长", k=5)
    assert len({h.article.id for h in hits}) == len(hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len(retriever.search("工业增加值增长", k=5, per_article=3)) == 5


def test_filters(retriever):
    assert {h.article.city for h in retriever.search("工业增长", k=10, filters={"city": "西宁"})} == {"西宁"}
    assert {h.article.source for h in retriever.search("工业增长", k=10, filters=SearchFilters(source="000_"))} == {"000_e758a23138851ca3.txt"}
    dated = retriever.search("核酸检测", k=10, filters={"date_from": "2022-11-01", "date_to": "2022-11-30"})
    assert [h.article.kind for h in dated] == ["notice"]
    assert retriever.search("核酸检测", k=10, filters={"city": "上海"}) == []
    with pytest.raises(ValueError, match="unknown filter"):
        retriever.search("核酸", filters={"town": "x"})


def test_bad_questions_do_not_break(retriever):
    assert retriever.search("") == [] and retriever.search("   \n") == []
    assert retriever.search("锂电" * 50_000, k=2)  # 100k characters: cut, still answered
    assert retriever.search("PVC 8.1万吨 increase", k=1)


def test_single_retriever_modes(e5_index):
    for mode in ("bm25", "dense"):
        r = Retriever.open(e5_index, fusion=mode)
        hits = r.search("西成铁路", k=2)
        assert hits and all(set(h.scores) >= {mode, f"{mode}_rank", "fused"} for h in hits)
        r.close()


@pytest.mark.parametrize("index_type", ["flat", "hnsw", "ivfpq"])
def test_dense_index_types_save_load_delete(tmp_path, index_type):
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(600, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = DenseIndex(32, DenseIndexConfig(index_type, pq_m=8, ivf_nprobe=64))
    index.add(np.arange(10, 610), vectors)
    top = index.search(vectors[:5], 3)
    assert [row[0][0] for row in top] == [10, 11, 12, 13, 14]
    index.remove([10, 11])
    index.save(tmp_path)
    loaded = DenseIndex.load(tmp_path)
    assert len(loaded) == 598
    hits = loaded.search(vectors[:1], 5)[0]
    assert 10 not in {v for v, _ in hits}
    only = loaded.search(vectors[:1], 5, allowed={300, 301})[0]
    assert {v for v, _ in only} <= {300, 301}
    loaded.add([999], vectors[:1])
    assert loaded.search(vectors[:1], 1)[0][0][0] == 999


def test_dense_index_rejects_wrong_dimension_and_bad_type():
    with pytest.raises(DenseIndexError, match="dimension"):
        DenseIndex(8).add([1], np.ones((1, 4), dtype=np.float32))
    with pytest.raises(DenseIndexError, match="unknown index type"):
        DenseIndexConfig("annoy")


def test_fusion_functions():
    from qa.search import fuse_ranks, fuse_scores

    sparse = [(1, 10.0), (2, 5.0)]
    dense = [(2, 0.9), (3, 0.8), (1, 0.7)]
    convex = fuse_scores(sparse, dense, alpha=0.5)
    assert convex == pytest.approx({1: 0.5, 2: 0.75, 3: 0.25})
    assert fuse_scores(sparse, [], 1.0) == {1: 1.0, 2: 0.5}
    rrf = fuse_ranks([(sparse, 1.0), (dense, 1.0)], k=60)
    assert max(rrf, key=rrf.get) in (1, 2) and rrf[3] == 1 / 62


def test_a_name_jieba_joined_to_the_next_character_still_matches():
    """jieba's guess at an unknown name takes the character after it, differently in each sentence
    ("帕利克来" in the question, "帕利克时" in one report, "帕利克" in another): the query reads an
    unknown token as its longest known prefix and suffix too."""
    from qa.index.bm25 import BM25Index

    index = BM25Index.build([10, 11, 12], [["会见", "帕利克时"], ["帕利克", "表示"], ["参加", "活动"]])
    assert index.known_parts(["帕利克来", "参加"]) == ["帕利克来", "帕利克", "参加"]
    assert [vid for vid, _ in index.search(["帕利克来"], k=3)] == [11]
    assert index.known_parts(["会见"]) == ["会见"]  # a known token is left alone
