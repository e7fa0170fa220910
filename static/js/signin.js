/* 签到台 — the sign-in desk.  Plain JS, no libraries, nothing fetched from elsewhere.
 *
 * The page loads the whole roster once and searches it here, on every keystroke:
 * Enter signs in exactly the member highlighted for the text now in the box, never a
 * row from an older server answer.  Server answers (the roster refreshed because
 * other desks sign people in too) are sequenced: an answer older than one already
 * applied is dropped, and a member with an action still in flight keeps its local state.
 */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var REASONS = ["出差", "病假", "事假", "公务"];
  var UNDO_MS = 10000;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(text, cls, onClick) {
    var b = el("button", cls || "", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function now() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  /* How well a member matches the typed text: lower is better, null = no match. */
  function rank(m, q) {
    if (!q) return null;
    var lower = q.toLowerCase();
    if (m.name === q) return 0;
    if (m.name.indexOf(q) === 0) return 1;
    if (m.initials === lower) return 2;
    if (m.pinyin === lower) return 2;
    if (m.name.indexOf(q) > 0) return 3;
    if (m.initials.indexOf(lower) === 0) return 4;
    if (m.pinyin.indexOf(lower) === 0) return 5;
    return null;
  }

  function desk() {
    var root = document.getElementById("signin-desk");
    var search = document.getElementById("search");
    var status = document.getElementById("status-line");
    var results = document.getElementById("results");
    var waiting = document.getElementById("not-arrived");
    var here = document.getElementById("present-list");
    var observers = document.getElementById("observers");
    var since = document.getElementById("since-vote");
    var dialog = document.getElementById("time-dialog");
    var listUrl = root.getAttribute("data-url");
    var actUrl = root.getAttribute("data-act");
    var roster = [];          // every member, roster order (姓氏笔画)
    var pending = {};         // member id → local state while its request is in flight
    var queue = {};           // member id → the last request sent for that member
    var inflight = {};        // member id → requests not yet answered
    var sent = 0, applied = 0;
    var highlighted = 0;      // index into the current matches
    var undoTimer = null;

    function say(text, undoMember) {
      status.replaceChildren(el("span", "said", text));
      if (undoTimer) { clearTimeout(undoTimer); undoTimer = null; }
      if (undoMember) {
        var undo = button("撤销", "undo", function () {
          clearTimeout(undoTimer); undoTimer = null;
          act(undoMember, {action: "undo"});
        });
        undo.id = "undo-button";
        status.appendChild(undo);
        undoTimer = setTimeout(function () { if (undo.parentNode) undo.remove(); }, UNDO_MS);
      }
    }

    function matches() {
      var q = search.value.replace(/\s+/g, "");
      var found = [];
      roster.forEach(function (m, i) {
        var r = rank(m, q);
        if (r !== null) found.push({m: m, r: r, i: i});
      });
      found.sort(function (a, b) {
        var pa = a.m.present ? 1 : 0, pb = b.m.present ? 1 : 0;
        return (a.r - b.r) || (pa - pb) || (a.i - b.i);
      });
      return found.map(function (f) { return f.m; });
    }

    function card(m, isHighlighted) {
      var state = m.present ? "present" : (m.left ? "left" : "");
      var node = el("div", "member " + state + (m.has_vote ? "" : " novote") + (isHighlighted ? " highlighted" : ""));
      node.setAttribute("data-name", m.name);
      node.setAttribute("role", "option");
      node.setAttribute("aria-selected", isHighlighted ? "true" : "false");
      var name = button(m.name, "name", function () { signIn(m); });
      name.title = m.present ? "已签到" : "点此签到";
      node.appendChild(name);
      var sub = m.status_short + (m.party_group ? " · " + m.party_group : "");
      if (m.present) sub += " · " + m.arrived + (m.late ? " 迟到" : "") + " 已签到";
      else if (m.absence_words) sub += " · " + m.absence_words;
      if (!m.in_expected && m.has_vote) sub += " · 不计入应到";
      node.appendChild(el("span", "sub", sub));
      return node;
    }

    function renderResults() {
      if (!search.value.trim()) {   // an empty box: everyone, to tap; nothing highlighted
        results.replaceChildren.apply(results, roster.map(function (m) { return card(m, false); }));
        return;
      }
      var found = matches();
      if (highlighted >= found.length) highlighted = Math.max(0, found.length - 1);
      results.replaceChildren.apply(results, found.slice(0, 12).map(function (m, i) {
        return card(m, i === highlighted);
      }));
      if (search.value.trim() && !found.length) results.appendChild(el("p", "hint", "未找到"));
    }

    function reasonButtons(m) {
      var box = el("span", "reasons");
      REASONS.forEach(function (why) {
        var b = button(why, "reason" + (m.absence === why ? " chosen" : ""), function () {
          act(m, {action: "absent", reason: why});
        });
        box.appendChild(b);
      });
      box.appendChild(button("其他…", "reason", function () { askReason(m); }));
      if (m.absence) box.appendChild(button("取消请假", "reason", function () {
        act(m, {action: "absent", reason: ""});
      }));
      return box;
    }

    function row(m, extra) {
      var li = el("li", "");
      li.setAttribute("data-name", m.name);
      li.appendChild(el("span", "who", m.name));
      li.appendChild(el("span", "sub", m.absence_words || (m.arrived ? m.arrived + " 到" : "")));
      if (extra) li.appendChild(extra);
      return li;
    }

    function renderLists() {
      var notYet = roster.filter(function (m) { return m.in_expected && !m.present; });
      var present = roster.filter(function (m) { return m.has_vote && m.present; });
      var visiting = roster.filter(function (m) { return !m.has_vote && m.present; });
      document.getElementById("not-arrived-count").textContent = notYet.length;
      document.getElementById("present-count").textContent = present.length;
      document.getElementById("observers-count").textContent = visiting.length;
      waiting.replaceChildren.apply(waiting, notYet.map(function (m) {
        var tools = m.left ? button("返回", "back", function () { askTime(m, "in"); }) : reasonButtons(m);
        return row(m, tools);
      }));
      here.replaceChildren.apply(here, present.map(function (m) {
        return row(m, button("离会", "leave", function () { askTime(m, "leave"); }));
      }));
      observers.replaceChildren.apply(observers, visiting.map(function (m) {
        return row(m, el("span", "sub", m.status_short));
      }));
    }

    function render() { renderResults(); renderLists(); }

    function setSince(s) {
      if (!since) return;
      if (!s || !s.last_vote) { since.hidden = true; return; }
      since.hidden = false;
      var moves = s.moves.length ? s.moves.join("；") : "无人进出";
      since.textContent = "上次投票（" + s.last_taken_at + "）实到" + s.last_present + "人；此后：" + moves +
        "。下一次投票现有实到" + s.present_now + "人。";
    }

    function merge(members) {
      roster = members.map(function (m) { return pending[m.id] ? pending[m.id] : m; });
      render();
    }

    function load() {
      var mine = ++sent;
      return fetch(listUrl, {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (mine < applied) return;   // an older answer than one already shown
          applied = mine;
          merge(data.members);
          votekit.setQuorum(data.quorum);
          setSince(data.since);
        }).catch(function () {});
    }

    function act(m, body) {
      var local = Object.assign({}, m);
      if (body.action === "in") { local.present = true; local.arrived = now(); local.absence_words = ""; }
      if (body.action === "leave") { local.present = false; local.left = body.time || now(); local.absence_words = "中途离会 " + local.left; }
      if (body.action === "undo") { local.present = false; local.arrived = ""; }
      pending[m.id] = local;
      inflight[m.id] = (inflight[m.id] || 0) + 1;
      roster = roster.map(function (r) { return r.id === m.id ? local : r; });
      render();
      // one member's actions reach the server in the order they were made (离会 before 返回)
      var previous = queue[m.id] || Promise.resolve();
      var done = previous.then(function () { return send(m, body); });
      queue[m.id] = done.catch(function () {});
      return done;
    }

    function send(m, body) {
      return fetch(actUrl.replace(/\/0$/, "/" + m.id), {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
        body: JSON.stringify(body)
      }).then(function (r) { return r.json(); }).then(function (data) {
        inflight[m.id] -= 1;
        if (!inflight[m.id]) {       // the last of this member's actions: the server's word stands
          delete pending[m.id];
          roster = roster.map(function (r) { return r.id === m.id ? (data.member || m) : r; });
        }
        say(data.message, data.ok && body.action === "in" && data.member && data.member.present ? data.member : null);
        votekit.setQuorum(data.quorum);
        setSince(data.since);
        render();
      }).catch(function () {
        inflight[m.id] -= 1;
        delete pending[m.id];
        roster = roster.map(function (r) { return r.id === m.id ? m : r; });
        render();
        say("网络中断，" + m.name + "的操作未保存，请重试。");
      });
    }

    function signIn(m) {
      if (m.present) { say(m.name + "已签到，无需重复签到。"); return; }
      act(m, {action: "in"});
    }

    /* The dialog for 离会 / 返回 / 其他请假原因: a time (or a reason), 确定 or 取消. */
    function openDialog(title, fields, onOk) {
      var form = dialog.querySelector("form");
      dialog.querySelector(".dialog-title").textContent = title;
      var body = dialog.querySelector(".dialog-body");
      body.replaceChildren.apply(body, fields);
      form.onsubmit = function (ev) {
        ev.preventDefault();
        if (ev.submitter && ev.submitter.value === "cancel") { dialog.close(); search.focus(); return; }
        onOk(form);
        dialog.close();
        search.focus();
      };
      dialog.showModal();
      var first = body.querySelector("input");
      if (first) first.focus();
    }

    function field(label, name, type, value) {
      var wrap = el("label", "field", label);
      var input = el("input", "");
      input.name = name; input.type = type; input.value = value || "";
      wrap.appendChild(input);
      return wrap;
    }

    function askTime(m, action) {
      var word = action === "leave" ? "中途离会" : "返回会场";
      var fields = [field("时间", "time", "time", now())];
      if (action === "leave") fields.push(field("原因（可不填）", "reason", "text", ""));
      openDialog(m.name + " " + word, fields, function (form) {
        var body = {action: action, time: form.elements.time.value};
        if (form.elements.reason) body.reason = form.elements.reason.value;
        act(m, body);
      });
    }

    function askReason(m) {
      openDialog(m.name + " 请假原因", [field("原因", "reason", "text", "")], function (form) {
        var why = form.elements.reason.value.trim();
        if (why) act(m, {action: "absent", reason: why});
      });
    }

    search.addEventListener("input", function () {
      highlighted = 0;
      renderResults();
      var top = results.getBoundingClientRect().top;   // keep the matches in sight while typing
      if (search.value && (top < 0 || top > window.innerHeight - 80)) results.scrollIntoView({block: "start"});
    });
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        var count = Math.min(matches().length, 12);
        if (count) highlighted = (highlighted + (ev.key === "ArrowDown" ? 1 : count - 1)) % count;
        renderResults();
        return;
      }
      if (ev.key === "Escape") { search.value = ""; highlighted = 0; renderResults(); return; }
      if (ev.key !== "Enter" || ev.isComposing) return;
      ev.preventDefault();
      var found = matches();      // for the text in the box now, not an older answer
      var m = found[Math.min(highlighted, found.length - 1)];
      if (!search.value.trim() || !m) {
        say(search.value.trim() ? "未找到“" + search.value.trim() + "”，请核对姓名或拼音首字母。" : "未找到：请先输入姓名或拼音首字母。");
        return;
      }
      search.value = "";
      highlighted = 0;
      signIn(m);
      renderResults();
    });
    load();
    setInterval(load, 5000);  // other desks sign people in too
  }

  window.votekitSignin = desk;
})();
