"""The meeting app (Flask, flaskr style): ``create_app(test_config=None)``.

One blueprint per noun; one store connection per request (kept for the next); templates and static
files live at the top of the repository (inside the package once installed).
Local by default (127.0.0.1); LAN mode (teller tablets) asks every other device
for the meeting PIN.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, Request, g, send_from_directory
from werkzeug.datastructures import ImmutableMultiDict
from flask_wtf.csrf import CSRFProtect

from ..service import places, sessions, text
from ..service.database import connect, open_database

REPO = Path(__file__).resolve().parents[2]
PACKAGE = Path(__file__).resolve().parents[1]
# templates/ and static/ sit at the top of the checkout; a built wheel carries them
# inside the package (votekit/templates, votekit/static: see setup.py).
ASSETS = PACKAGE if (PACKAGE / "templates").is_dir() else REPO
csrf = CSRFProtect()


class GatedRequest(Request):
    """Every form field passes the one text gate (``service.text``) before any view reads it:
    NFC, no control, bidi-override or zero-width characters (newlines kept for textareas).
    JSON bodies pass it in ``json_object``; uploaded files are read by their own parsers."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form:
            self.__dict__["form"] = ImmutableMultiDict(
                [(text.scrub(k), text.scrub(v, lines=True)) for k, v in form.items(multi=True)])


def _gated(value, depth: int = 0):
    """A JSON value with every string through the text gate (keys too); other values as they are."""
    if depth > 64:
        from flask import abort
        abort(400, "too deep")
    if isinstance(value, str):
        return text.scrub(value, lines=True)
    if isinstance(value, dict):
        return {(text.scrub(k) if isinstance(k, str) else k): _gated(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_gated(v, depth + 1) for v in value]
    return value


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ASSETS / "templates"),
                static_folder=str(ASSETS / "static"))
    app.config.from_mapping(
        DATABASE=str(places.default_database()),
        LAN_MODE=False,
        WTF_CSRF_TIME_LIMIT=None,          # a meeting lasts longer than an hour
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        JSON_AS_ASCII=False,
    )
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False
    csrf.init_app(app)
    Path(app.config["DATABASE"]).parent.mkdir(parents=True, exist_ok=True)
    with app.app_context():
        with open_database(app.config["DATABASE"]) as store:     # migrate once at start
            if not app.config.get("SECRET_KEY"):
                # the meeting file's own key: a cookie from another file (a rehearsal's) is worthless here
                app.config["SECRET_KEY"] = sessions.signing_key(store)
    app.teardown_appcontext(close_store)

    from . import access, audit, ballots, join, meetings, projector, roster, signin, slate
    from . import counting, counting_plenary, counting_scrutiny, scan, documents, votes
    for module in (access, meetings, roster, slate, signin, ballots, projector, audit,
                   counting, counting_scrutiny, counting_plenary, votes, documents, scan, join):
        app.register_blueprint(module.bp)
    access.install(app)
    join.install(app)
    from . import errors
    errors.install(app)

    @app.route("/fonts/<path:name>")
    def fonts(name: str):
        return send_from_directory(PACKAGE / "fonts", name, max_age=86400)

    return app


def get_store():
    """The request's connection (opened on first use).  Connections the app's requests ended
    with cleanly, which ``Store.reusable`` says hold nothing, are kept for the next request
    (opening one costs a file open, a dozen statements and a cold page cache — half a teller's
    submission — and, while another teller commits, waits for the lock); the last kept is
    handed out first, so the few in use stay warm."""
    from flask import current_app
    if "store" not in g:
        kept = _kept(current_app)
        store = None
        while store is None and kept:
            try:
                store = kept.pop()
            except IndexError:                   # another thread took the last one
                break
            if not store.same_file():            # the meeting file was replaced meanwhile
                store.close()
                store = None
        g.store = store or connect(current_app.config["DATABASE"])
    return g.store


def _kept(app) -> list:
    return app.extensions.setdefault("votekit.stores", [])


def open_ahead(app, count: int) -> None:
    """Open ``count`` connections before serving (``votekit serve``: one per teller thread), so no
    teller's first submission opens one while another commits."""
    _kept(app).extend(connect(app.config["DATABASE"]) for _ in range(count))


def json_object() -> dict:
    """The request's JSON body if it is an object; anything else (a list, a number, junk) is {};
    a body nested too deeply to read is refused with a 400 in Chinese (never a 500)."""
    from flask import abort, request
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        abort(400, "too deep")
    return _gated(data) if isinstance(data, dict) else {}


def close_store(exc: BaseException | None = None) -> None:
    """At teardown: keep the connection for the next request, or close it."""
    from flask import current_app
    store = g.pop("store", None)
    if store is None:
        return
    if exc is None and store.path == current_app.config["DATABASE"] and store.reusable():
        _kept(current_app).append(store)
    else:
        store.close()
