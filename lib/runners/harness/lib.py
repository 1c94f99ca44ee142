"""The `lib` module fetch scripts import: `from lib import outputStream, metadata, connection`.

outputStream.write(obj) sends one record (a dict) to Switchyard. metadata starts as the feed's last
committed state ({} on the first run); metadata.save(obj) replaces it, and the load run commits it
together with the records. connection describes the feed's connection: connection.headers (ready auth headers for
every type) and connection.params (query parameters: API keys and session tokens sent in the
query); for Basic auth also the username and password; for Custom auth and session tokens the
response of the request Switchyard made before starting the script (connection.auth).
"""
import json
import os

__all__ = ["outputStream", "metadata", "connection"]


def _default(value):
    # Dates, decimals, UUIDs and other values JSON has no type for are stored as their text.
    return str(value)


def _make_encoder():
    # The C encoder built once and called directly: JSONEncoder.encode builds a new one per call,
    # which costs a third of the time when a script writes millions of small records.
    try:
        from json.encoder import c_make_encoder, encode_basestring

        if c_make_encoder is not None:
            iterencode = c_make_encoder(None, _default, encode_basestring, None, ":", ",", False, False, True)
            join = "".join
            return lambda value: join(iterencode(value, 0))
    except ImportError:
        pass
    return json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_default, check_circular=False).encode


_encode = _make_encoder()
_records = os.fdopen(3, "wb", buffering=0)
_control = os.fdopen(4, "w", buffering=1, encoding="utf-8")
# Encoded records wait here and go out in blocks: one write per few thousand records, not per record.
_pending = []
_BLOCK = 2048


def _flush():
    if _pending:
        data = ("\n".join(_pending) + "\n").encode("utf-8")
        _pending.clear()
        view = memoryview(data)
        while view:
            view = view[_records.write(view):]


def _write(record, _append=_pending.append, _encode=_encode):
    if type(record) is not dict and not isinstance(record, dict):
        raise TypeError(f"outputStream.write expects a dict (one record), got {type(record).__name__}")
    _append(_encode(record))
    if len(_pending) >= _BLOCK:
        _flush()


def _write_now(record):
    # Test runs: each record goes out at once. Switchyard ends the test when it has the preview's
    # records, which it cannot do while they wait in the block for a script that keeps working.
    _write(record)
    _flush()


class _OutputStream:
    """outputStream.write(record) — one dict per call."""

    __slots__ = ()
    write = staticmethod(_write)
    flush = staticmethod(_flush)


class _Metadata(dict):
    """The feed's incremental state. metadata.save(obj) replaces it with obj."""

    def save(self, value):
        if not isinstance(value, dict):
            raise TypeError(f"metadata.save expects a dict, got {type(value).__name__}")
        text = json.dumps(value, default=_default, ensure_ascii=False)
        self.clear()
        self.update(json.loads(text))
        _control.write('{"type":"metadata","value":' + text + "}\n")


class _Connection(dict):
    """A dict that also allows attribute access: connection.username or connection["username"]."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(name) from e


def _wrap(value):
    if isinstance(value, dict):
        return _Connection({k: _wrap(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


class _LiveConnection(_Connection):
    """The script's `connection`: headers and params are re-read when Switchyard renews them
    (OAuth 2.0 access tokens) — read connection.headers for each request, do not keep a copy."""

    _live = None
    _seen = None

    def _refresh(self):
        if not self._live:
            return
        try:
            stamp = os.stat(self._live).st_mtime_ns
        except OSError:
            return
        if stamp != _LiveConnection._seen:
            try:
                with open(self._live, encoding="utf-8") as f:
                    fresh = json.load(f)
            except (OSError, ValueError):
                return
            _LiveConnection._seen = stamp
            dict.__setitem__(self, "headers", _wrap(fresh.get("headers") or {}))
            dict.__setitem__(self, "params", _wrap(fresh.get("params") or {}))

    def __getitem__(self, name):
        if name in ("headers", "params"):
            self._refresh()
        return dict.__getitem__(self, name)

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default


outputStream = _OutputStream()
metadata = _Metadata()
connection = _LiveConnection()


def _init(context):
    if context.get("maxRecords"):
        _OutputStream.write = staticmethod(_write_now)
    metadata.update(context.get("metadata") or {})
    connection.update(_wrap(context.get("connection") or {"type": "none"}))
    # Every type has ready headers and query parameters (empty when it needs none).
    connection.setdefault("headers", _Connection())
    connection.setdefault("params", _Connection())
    if context.get("script"):
        _LiveConnection._live = os.path.join(os.path.dirname(context["script"]), "connection", "live.json")


def _report(kind, message):
    _control.write(json.dumps({"type": "error", "kind": kind, "message": message}) + "\n")


def _close():
    try:
        _flush()
    except BrokenPipeError:
        pass
