"""The comparison for the storage benchmark: the seed's stack (FastAPI + uvicorn + sqlite3)
serving the same two routes as fastag-bot, POST /sessions/ and GET /sessions/{id}, on the
same durable settings (WAL, synchronous=FULL) and with the same bearer-token check.

    DB=/tmp/fastapi-bench.db uvicorn fastapi_app:app --port 18200 --workers 1 --log-level warning
"""
import hmac
import json
import os
import sqlite3
import threading
import time
import uuid

from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse

DB = os.environ.get("DB", "/tmp/fastapi-bench.db")
TOKEN = os.environ.get("ADMIN_TOKEN", "bench-admin-token-0000")
app = FastAPI()
local = threading.local()

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, agent_id INTEGER, channel TEXT NOT NULL, chat_id TEXT, flow TEXT NOT NULL,
    state TEXT NOT NULL, data TEXT NOT NULL DEFAULT '{}', status TEXT NOT NULL DEFAULT 'open',
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_activity_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS session_events (
    id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, at INTEGER NOT NULL
);
"""


def db():
    if not hasattr(local, "connection"):
        connection = sqlite3.connect(DB, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA busy_timeout=5000")
        connection.executescript(SCHEMA)
        local.connection = connection
    return local.connection


def authorize(authorization):
    expected = "Bearer " + TOKEN
    if not authorization or not hmac.compare_digest(authorization, expected):
        raise HTTPException(status_code=401, detail="token required")


def row_to_json(row):
    keys = ["id", "agent_id", "channel", "chat_id", "flow", "state", "data", "status", "created_at", "updated_at",
            "last_activity_at"]
    session = dict(zip(keys, row))
    session["data"] = json.loads(session["data"])
    return session


@app.post("/sessions/", status_code=201)
async def create_session(request: Request, authorization: str = Header(None)):
    authorize(authorization)
    body = await request.json()
    now = int(time.time() * 1000)
    session_id = str(uuid.uuid4())
    channel = body.get("channel", "api")
    data = json.dumps(body.get("data", {}))
    connection = db()
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT INTO sessions (id, agent_id, channel, chat_id, flow, state, data, created_at, updated_at, last_activity_at)"
        " VALUES (?, ?, ?, ?, 'login', 'agent_mobile', ?, ?, ?, ?)",
        (session_id, body.get("agent_id"), channel, body.get("chat_id"), data, now, now, now))
    connection.execute("INSERT INTO session_events (session_id, to_state, at) VALUES (?, 'agent_mobile', ?)",
                       (session_id, now))
    connection.execute("COMMIT")
    row = connection.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
    return row_to_json(row)


@app.get("/sessions/{session_id}")
async def get_session(session_id: str, authorization: str = Header(None)):
    authorize(authorization)
    row = db().execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        return JSONResponse({"status": "error", "message": "not found"}, status_code=404)
    return row_to_json(row)
