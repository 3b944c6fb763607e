"""TinyDB sits behind the store's storage class and is used through its public API only; these
fail loudly if a TinyDB release changes what the store relies on."""

from __future__ import annotations

import inspect
import os
import time
from typing import Any

import tinydb
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from interviewer.records import UNRECORDED, Paused, Resumed, SessionMeta, Started
from interviewer.store import SessionStore
from interviewer.store.atomic_storage import AtomicJSONStorage
from interviewer.store.jsonl_storage import AppendTable, JSONLinesStorage


def test_the_tinydb_major_version_is_the_one_the_store_was_written_for():
    assert tinydb.__version__.split(".")[0] == "4", (
        f"TinyDB {tinydb.__version__}: the store was written against TinyDB 4's public API "
        "(Storage.read/write, TinyDB(storage=...), TinyDB.default_table_name, "
        "Table(storage, name, cache_size), Table.all/insert_multiple/clear_cache); check it and "
        "move the pin"
    )


def test_the_public_api_the_store_uses_is_there():
    assert inspect.isabstract(Storage)
    assert {"read", "write"} <= Storage.__abstractmethods__
    params = inspect.signature(Table.__init__).parameters
    assert list(params)[:3] == ["self", "storage", "name"] and "cache_size" in params
    for name in ("all", "insert_multiple", "clear_cache"):
        assert callable(getattr(Table, name))
    assert isinstance(Table.storage, property) and isinstance(Table.name, property)
    db = TinyDB("unused", storage=_Memory)
    assert isinstance(db.storage, _Memory)
    assert isinstance(TinyDB.default_table_name, str)


class _Memory(Storage):
    def __init__(self, path: str) -> None:
        self.data: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self.data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data


def test_appending_uses_no_private_tinydb_method(tmp_path, monkeypatch):
    def private(*args, **kw):  # pragma: no cover - called only if the store regresses
        raise AssertionError("the store called a private TinyDB method")

    # every private method but the one TinyDB's own public all() reads through
    private_names = [n for n in vars(Table) if n.startswith("_") and not n.startswith("__")]
    assert "_get_next_id" in private_names and "_update_table" in private_names
    for name in private_names:
        if name != "_read_table":
            monkeypatch.setattr(Table, name, private)
    store = SessionStore(tmp_path / "s")
    sid = store.create(SessionMeta("full"), "", time.time()).id
    with store.open_writer(sid) as w:
        w.append([Started(1.0), Paused(2.0)])
    with store.open_writer(sid) as w:
        w.append([Resumed(3.0)])
    assert store.events(sid) == [Started(1.0), Paused(2.0), Resumed(3.0)]


def test_ids_continue_from_the_highest_on_disk(tmp_path):
    path = str(tmp_path / "t.jsonl")
    db = TinyDB(path, storage=JSONLinesStorage)
    table = AppendTable(db.storage, "events", cache_size=0)
    assert table.insert_multiple([{"n": 1}, {"n": 2}]) == [1, 2]
    db.close()
    db = TinyDB(path, storage=JSONLinesStorage)
    table = AppendTable(db.storage, "events", cache_size=0)
    assert table.insert_multiple([{"n": 3}]) == [3]
    assert [d["n"] for d in table.all()] == [1, 2, 3]
    assert [d.doc_id for d in table.all()] == [1, 2, 3]
    db.close()


def test_meta_json_is_a_tinydb_database_of_one_document(tmp_path):
    store = SessionStore(tmp_path / "s")
    sid = store.create(SessionMeta("full", org="Acme"), "", time.time()).id
    path = str(store.ref(sid).meta_path)
    with TinyDB(path, storage=AtomicJSONStorage) as db:  # what the store wrote, read by TinyDB
        assert len(db) == 1 and db.get(doc_id=1) == store.meta(sid).to_json()
    os.unlink(path)
    with TinyDB(path, storage=AtomicJSONStorage) as db:  # and what TinyDB writes, by the store
        db.insert(Document({"track": "full", "participant": "Kim"}, doc_id=1))
    assert store.meta(sid) == SessionMeta("full", participant="Kim", retention_days=UNRECORDED)
