"""One client for one target: connecting, the collections' schema, rows in and out, and every
failure of the server turned into a message that says what to do."""

from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path
from typing import Iterable, Iterator

from qa.errors import IndexStoreError
from qa.index.milvus.target import QUERY_BATCH, SCHEMA_VERSION, WRITE_BATCH, MilvusTarget, MilvusUnavailable, quote


def _locked_by_another_process(path: Path) -> bool:
    """Milvus Lite holds an exclusive lock on DB/LOCK while a process has the database open."""
    import fcntl
    import os

    try:
        from milvus_lite import server_manager_instance
    except ImportError as exc:
        raise IndexStoreError("a Milvus Lite database (a .db path) needs milvus-lite: pip install 'bulletin-qa[milvus]'") from exc

    if not (path / "LOCK").exists() or os.path.abspath(path) in server_manager_instance._servers:
        return False  # no one has it, or this process does (its server is shared)
    with open(path / "LOCK", "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
    return False


class MilvusConnection:
    """One client for one target, with every failure turned into a message that says what to do."""

    def __init__(self, target: MilvusTarget, timeout: float = 30.0) -> None:
        self.target = target
        self.timeout = timeout
        self._client = None
        self.server_version = ""

    @property
    def client(self):
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self):
        try:
            from pymilvus import MilvusClient

            logging.getLogger("pymilvus").setLevel(logging.CRITICAL)  # its logged errors repeat what our messages say
        except ImportError as exc:
            raise IndexStoreError("the Milvus backend needs pymilvus and milvus-lite: pip install 'bulletin-qa[milvus]'") from exc
        target = self.target
        if target.is_lite:
            path = Path(target.uri)
            if path.exists() and not path.is_dir():
                raise IndexStoreError(f"{path} is a file, not a Milvus Lite database; give --milvus-uri a new path ending in .db")
            if not target.uri.endswith(".db"):
                raise IndexStoreError(f"--milvus-uri {target.uri!r}: a Milvus Lite database is a path ending in .db; a server is http://host:19530")
            path.parent.mkdir(parents=True, exist_ok=True)
            # pymilvus's query iterator asks for a timestamp Milvus Lite does not serve; Lite's server
            # logs each such call as an error although the iterator goes on without it
            logging.getLogger("grpc._server").setLevel(logging.CRITICAL)
            logging.getLogger("milvus_lite").setLevel(logging.CRITICAL)  # its failures reach the user as our messages
            if _locked_by_another_process(path):
                raise self.unavailable(OSError("locked"))
        # Milvus Lite's gRPC server refuses pings more often than every 5 minutes ("too many pings")
        options = {"grpc.keepalive_time_ms": 300_000, "grpc.keepalive_permit_without_calls": 0} if target.is_lite else {}
        for attempt in range(3):
            try:
                client = MilvusClient(uri=target.uri, token=target.token or "", timeout=self.timeout, grpc_options=options)
                self.server_version = str(client.get_server_version())
                return client
            except Exception as exc:  # pymilvus raises its own and grpc's errors; all mean the same here
                if attempt == 2 or target.is_lite:
                    raise self.unavailable(exc, "cannot connect to") from exc
                time.sleep(1.0)  # a server just restarted: gRPC waits out its reconnect backoff

    def unavailable(self, exc: BaseException, doing: str = "lost the connection to") -> IndexStoreError:
        text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        if "locked" in text.lower() or type(exc).__name__ == "DataDirLockedError":
            return MilvusUnavailable(f"another process has the Milvus Lite database {self.target.uri} open (Milvus Lite allows one "
                                     f"process per database); stop it, or ask through it (bulletin-qa ask --server), or use a Milvus server")
        if re.search(r"manifest|\bwal\b|corrupt|failed to load", text, re.IGNORECASE):
            return IndexStoreError(f"the Milvus database {self.target.uri} is damaged ({text}); move it aside and build the index "
                                   f"again with bulletin-qa ingest (or bulletin-qa migrate from a local index)")
        if getattr(exc, "code", 2) not in (1, 2):  # Milvus answered, with an error: not a connection problem
            return IndexStoreError(f"{self.target} refused a request ({text}); check that this bulletin-qa supports the "
                                   f"Milvus version (docs/milvus.md), or report it")
        hint = ("is the path writable?" if self.target.is_lite
                else "is Milvus running there, and is it Milvus (not another service)? check --milvus-uri and --milvus-token")
        return MilvusUnavailable(f"{doing} {self.target} ({text}); {hint}")

    def call(self, method: str, *args, **kwargs):
        """``client.method(*args, **kwargs)``; a failure of the server becomes MilvusUnavailable."""
        try:
            return getattr(self.client, method)(*args, **kwargs)
        except IndexStoreError:
            raise
        except Exception as exc:
            raise self.unavailable(exc) from exc

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.close()
            except Exception:  # closing a connection to a server that is gone is not worth a message
                pass
            self._client = None

    # ---- collections ----
    def exists(self) -> bool:
        return bool(self.call("has_collection", self.target.name("chunks")))

    def properties(self) -> dict:
        described = self.call("describe_collection", self.target.name("chunks"))
        return dict(described.get("properties") or {})

    def check_schema(self) -> dict:
        """The recorded properties of an existing index, after checking it is one of ours."""
        names = [self.target.name(k) for k in ("chunks", "articles", "files")]
        missing = [n for n in names if not self.call("has_collection", n)]
        props = self.properties() if not missing or names[0] not in missing else {}
        if missing or props.get("bulletin_qa.schema") != SCHEMA_VERSION:
            what = f"missing {', '.join(missing)}" if missing else f"schema {props.get('bulletin_qa.schema') or 'unknown'}, this bulletin-qa writes {SCHEMA_VERSION}"
            raise IndexStoreError(f"the collections '{self.target.collection}_*' in {self.target.uri} are not a bulletin-qa index "
                                  f"({what}); choose another --milvus-collection, or rebuild it with bulletin-qa ingest")
        fields = {f["name"] for f in self.call("describe_collection", names[0]).get("fields", [])}
        needed = {"vid", "chunk_id", "article_id", "start", "stop", "text", "bm25_text", "sparse", "dense", "date", "city"}
        if needed - fields:
            raise IndexStoreError(f"{names[0]} in {self.target.uri} lacks the fields {sorted(needed - fields)}; it was not made by "
                                  f"this bulletin-qa: choose another --milvus-collection")
        for name in names:
            self.call("load_collection", name)
        return props

    def create(self, dim: int, embedding: dict, bm25: str) -> None:
        from pymilvus import DataType, Function, FunctionType

        client = self.client
        t = self.target
        analyzer = {"tokenizer": "jieba"} if bm25 == "analyzer" else self._token_analyzer()

        def base(schema_pk: str, pk_type, extra: Iterable[tuple]) -> object:
            schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
            if pk_type == DataType.VARCHAR:
                schema.add_field(schema_pk, DataType.VARCHAR, is_primary=True, max_length=512)
            else:
                schema.add_field(schema_pk, pk_type, is_primary=True)
            for name, kind, opts in extra:
                schema.add_field(name, kind, **opts)
            return schema

        text = lambda n: {"max_length": n}  # noqa: E731
        meta = [("date", DataType.VARCHAR, text(16)), ("city", DataType.VARCHAR, text(256)),
                ("paper", DataType.VARCHAR, text(512)), ("source", DataType.VARCHAR, text(1024))]
        chunks = base("vid", DataType.INT64, [
            ("chunk_id", DataType.VARCHAR, text(1024)), ("article_id", DataType.VARCHAR, text(512)),
            ("idx", DataType.INT64, {}), ("start", DataType.INT64, {}), ("stop", DataType.INT64, {}),
            ("text", DataType.VARCHAR, text(65535)), ("header", DataType.VARCHAR, text(65535)),
            ("bm25_text", DataType.VARCHAR, {"max_length": 65535, "enable_analyzer": True, "analyzer_params": analyzer}),
            ("sparse", DataType.SPARSE_FLOAT_VECTOR, {}), ("dense", DataType.FLOAT_VECTOR, {"dim": dim}), *meta,
        ])
        chunks.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["bm25_text"],
                                     output_field_names=["sparse"]))
        index = client.prepare_index_params()
        index.add_index("dense", index_type="FLAT", metric_type="IP")
        # the local index's BM25 parameters (bm25s defaults), so both rank alike
        # (nested under "params": the form Milvus Lite reads; a Milvus server reads it too)
        index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params={"params": {"bm25_k1": 1.2, "bm25_b": 0.75}})
        props = {"bulletin_qa.schema": SCHEMA_VERSION, "bulletin_qa.embedding": json.dumps(embedding, ensure_ascii=False),
                 "bulletin_qa.bm25": bm25, "bulletin_qa.generation": "0"}
        articles = base("key", DataType.VARCHAR, [
            ("article_id", DataType.VARCHAR, text(512)), ("part", DataType.INT64, {}), ("parts", DataType.INT64, {}),
            ("seq", DataType.INT64, {}), ("file_hash", DataType.VARCHAR, text(64)), ("external_id", DataType.VARCHAR, text(512)),
            ("data", DataType.VARCHAR, text(65535)), *meta, ("v", DataType.FLOAT_VECTOR, {"dim": 2}),
        ])
        files = base("hash", DataType.VARCHAR, [
            ("name", DataType.VARCHAR, text(2048)), ("articles", DataType.INT64, {}), ("added", DataType.VARCHAR, text(64)),
            ("path", DataType.VARCHAR, text(4096)), ("v", DataType.FLOAT_VECTOR, {"dim": 2}),
        ])
        for kind, schema in (("articles", articles), ("files", files)):
            self._clear_leftover(kind)
            idx = client.prepare_index_params()
            idx.add_index("v", index_type="FLAT", metric_type="L2")
            self.call("create_collection", t.name(kind), schema=schema, index_params=idx)
        # the chunks collection, with the properties, last: it existing is what says the index was created
        self.call("create_collection", t.name("chunks"), schema=chunks, index_params=index, properties=props)

    def _clear_leftover(self, kind: str) -> None:
        """An empty collection a first ingest killed while creating the index left behind is made
        again; one that holds rows is somebody else's."""
        name = self.target.name(kind)
        if not self.call("has_collection", name):
            return
        self.call("load_collection", name)
        if self.count(kind):
            raise IndexStoreError(f"{name} in {self.target.uri} holds rows but is not part of a bulletin-qa index; "
                                  f"choose another --milvus-collection")
        self.call("drop_collection", name)

    def _token_analyzer(self) -> dict:
        # the product's own tokens, joined by spaces (token_text): Milvus Lite splits them with its
        # word analyzer, a Milvus server with its whitespace tokenizer (its 'standard' one would cut
        # Chinese into single characters)
        self.client  # noqa: B018 - connects, which reads the server's version
        return {"tokenizer": "standard"} if self.server_version.startswith("milvus_lite") else {"tokenizer": "whitespace"}

    def bump_generation(self) -> str:
        generation = str(int(self.properties().get("bulletin_qa.generation", "0")) + 1)
        self.call("alter_collection_properties", self.target.name("chunks"), properties={"bulletin_qa.generation": generation})
        return generation

    # ---- rows ----
    def query(self, kind: str, expr: str, fields: list[str]) -> list[dict]:
        return list(self.call("query", self.target.name(kind), filter=expr, output_fields=fields))

    def query_in(self, kind: str, field: str, values: list, fields: list[str]) -> list[dict]:
        """Rows whose ``field`` is one of ``values``, asked a batch at a time."""
        out: list[dict] = []
        for k in range(0, len(values), QUERY_BATCH):
            part = values[k : k + QUERY_BATCH]
            literal = ", ".join(quote(v) if isinstance(v, str) else str(int(v)) for v in part)
            out += self.query(kind, f"{field} in [{literal}]", fields)
        return out

    def iterate(self, kind: str, expr: str, fields: list[str], batch: int = QUERY_BATCH) -> Iterator[dict]:
        try:
            it = self.client.query_iterator(self.target.name(kind), batch_size=batch, filter=expr, output_fields=fields)
            while True:
                rows = it.next()
                if not rows:
                    break
                yield from rows
            it.close()
        except IndexStoreError:
            raise
        except Exception as exc:
            raise self.unavailable(exc) from exc

    def write(self, kind: str, rows: list[dict]) -> None:
        for k in range(0, len(rows), WRITE_BATCH):
            self.call("upsert", self.target.name(kind), rows[k : k + WRITE_BATCH])

    def delete(self, kind: str, expr: str) -> None:
        self.call("delete", self.target.name(kind), filter=expr)

    def count(self, kind: str, expr: str = "") -> int:
        rows = self.call("query", self.target.name(kind), filter=expr, output_fields=["count(*)"])
        return int(rows[0]["count(*)"]) if rows else 0


# ---- articles in rows ----
