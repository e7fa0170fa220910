"""Error answers in Chinese (HTML for pages, JSON for the tablets' fetch calls),
and every refusal (403, a bad or missing CSRF token) written to the audit log.

Nothing here may fail in turn: the page is a self-contained template, and an
audit write that cannot be made (the database itself broken) is skipped.
"""
from __future__ import annotations

import threading
import time
from typing import Callable

from flask import current_app, g, jsonify, render_template, request

from ..service.database import OperationalError, disk_full
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

PAGES = {  # code: (title, sentence)
    400: ("请求无效", "提交的内容不完整或格式不对。请返回上一页，刷新后重新操作。"),
    403: ("没有权限", "本设备当前的身份不能进行这项操作（已记入审计记录）。"
                      "如需进行，请由书记在本机操作，或以相应身份重新登录。"),
    404: ("找不到页面", "要找的会议、选举、轮次或页面不存在，请从首页重新进入。"),
    405: ("操作方式不对", "这个地址不接受这种操作，请使用页面上的按钮。"),
    413: ("文件太大", "上传的内容超过{limit}MB上限，没有保存。请缩小文件（如降低照片分辨率）后重试。"),
    429: ("尝试过于频繁", "操作过于频繁，请稍后再试。"),
    507: ("磁盘已满", "磁盘已满，本次操作未保存。已保存的数据不受影响；请清理本机磁盘空间"
                      "（如删除不用的文件、清空回收站）后再重试。"),
    500: ("程序出错", "程序遇到意外错误，这次操作没有保存，已保存的数据不受影响。"
                      "请记下时间并告知书记，然后返回上一页重试。"),
}
TOO_DEEP = "提交的内容格式不对（嵌套层数过多），没有保存。请刷新页面后重新操作。"
CSRF_SENTENCE = ("页面已过期或来源不明（缺少或不符的安全令牌），这次提交没有保存（已记入审计记录）。"
                 "请返回上一页，刷新后重新提交。")


def wants_json() -> bool:
    """The tablets' fetch calls (JSON bodies, X-CSRFToken header, *.json addresses) get JSON."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (request.is_json or request.path.endswith(".json") or "X-CSRFToken" in request.headers
            or best == "application/json")


def answer(code: int, sentence: str | None = None):
    title, text = PAGES.get(code, PAGES[500 if code >= 500 else 400])
    limit = (request.max_content_length or 0) // (1024 * 1024)
    text = (sentence or text).replace("{limit}", str(limit))
    if wants_json():
        return jsonify(ok=False, message=text, value=None, error=code), code
    return render_template("error.html", code=code, title=title, text=text), code


class RefusalBursts:
    """A device that is refused again and again (a script, an old page reloading) must not
    bury the audit: the first refusal of an address in each ``WINDOW`` seconds is an event,
    the rest are counted and the count goes into that address's next event."""

    WINDOW = 60

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[float, int]] = {}       # address: (window start, not written)

    def admit(self, address: str) -> int | None:
        """None: count this one silently; else write it, with how many were not written before."""
        now = self.clock()
        with self._lock:
            start, quiet = self._seen.get(address, (None, 0))
            if start is not None and now - start < self.WINDOW:
                self._seen[address] = (start, quiet + 1)
                return None
            if len(self._seen) > 10_000:
                self._seen.clear()
            self._seen[address] = (now, 0)
            return quiet


def audit_refusal(action: str, why: str) -> None:
    """An audit event for a refusal: who (role, address), what they tried, why not — one per
    device per minute, with the number of refusals in between (``RefusalBursts``)."""
    from ..service import audit
    from . import get_store
    if g.get("role") == "secretary":
        quiet = 0
    else:
        bursts = current_app.extensions.setdefault("votekit_refusal_bursts", RefusalBursts())
        quiet = bursts.admit(request.remote_addr or "")
        if quiet is None:
            return
    args = request.view_args or {}
    meeting_id = args.get("meeting_id", g.get("meeting_scope"))
    detail = {"method": request.method, "path": request.path[:200], "role": g.get("role") or "",
              "address": request.remote_addr or "", "why": why}
    if quiet:
        detail["refused_since_last_event"] = quiet
    actor = g.get("actor") or f"访客（{request.remote_addr}）"
    try:
        audit.record(get_store(), actor, action, detail, meeting_id if isinstance(meeting_id, int) else None)
    except Exception:  # noqa: BLE001 - a refusal must still be answered if the store is broken
        pass


def install(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_refused(exc: CSRFError):
        audit_refusal("拒绝请求：安全令牌无效", str(exc.description)[:200])
        return answer(400, CSRF_SENTENCE)

    @app.errorhandler(403)
    def forbidden(exc: HTTPException):
        audit_refusal("拒绝访问", f"身份“{g.get('role') or '未登录'}”无权进行此操作")
        return answer(403)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        return answer(exc.code, TOO_DEEP if exc.description == "too deep" else None)

    def full_disk(exc: Exception):
        if disk_full(exc):            # the transaction was rolled back: nothing half-written
            return answer(507)
        raise exc

    app.register_error_handler(OperationalError, full_disk)
    app.register_error_handler(OSError, full_disk)

    @app.errorhandler(500)
    def server_error(exc):
        original = getattr(exc, "original_exception", None)
        if original is not None and disk_full(original):
            return answer(507)
        if isinstance(original, RecursionError):
            return answer(400, TOO_DEEP)
        return answer(500)
