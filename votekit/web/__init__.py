"""The meeting app (Flask, flaskr style): ``create_app(test_config=None)``.

One blueprint per noun; one store connection per request; templates and static
files live at the top of the repository (inside the package once installed).
Local by default (127.0.0.1); LAN mode (teller tablets) asks every other device
for the meeting PIN.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g, send_from_directory
from flask_wtf.csrf import CSRFProtect

from ..service import places, sessions
from ..service.database import connect, open_database

REPO = Path(__file__).resolve().parents[2]
PACKAGE = Path(__file__).resolve().parents[1]
# templates/ and static/ sit at the top of the checkout; a built wheel carries them
# inside the package (votekit/templates, votekit/static: see setup.py).
ASSETS = PACKAGE if (PACKAGE / "templates").is_dir() else REPO
csrf = CSRFProtect()


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
    """The request's connection (opened on first use, closed at teardown)."""
    from flask import current_app
    if "store" not in g:
        g.store = connect(current_app.config["DATABASE"])
    return g.store


def json_object() -> dict:
    """The request's JSON body if it is an object; anything else (a list, a number, junk) is {};
    a body nested too deeply to read is refused with a 400 in Chinese (never a 500)."""
    from flask import abort, request
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        abort(400, "too deep")
    return data if isinstance(data, dict) else {}


def close_store(exc: BaseException | None = None) -> None:
    store = g.pop("store", None)
    if store is not None:
        store.close()
