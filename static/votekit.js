/* votekit — check-in screen and projector view. Plain JS, no libraries, no network beyond this server. */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function setQuorum(q) {
    var panel = document.getElementById("quorum-panel");
    if (!panel || !q) return;
    panel.classList.toggle("met", q.met);
    panel.classList.toggle("unmet", !q.met);
    panel.querySelectorAll("[data-q]").forEach(function (el) {
      var key = el.getAttribute("data-q");
      if (key === "state") {
        var projector = panel.classList.contains("pquorum");
        el.textContent = q.met ? (projector ? "会议有效" : "有效") : (projector ? "会议尚不有效" : "尚不有效");
      } else if (key in q) {
        el.textContent = q[key];
      }
    });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function signin() {
    var box = document.getElementById("members");
    var search = document.getElementById("search");
    var status = document.getElementById("status-line");
    var listUrl = box.getAttribute("data-url");
    var actUrl = box.getAttribute("data-act");

    function act(member, action, reason) {
      return fetch(actUrl.replace(/\/0$/, "/" + member.id), {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
        body: JSON.stringify({action: action, reason: reason || ""})
      }).then(function (r) { return r.json(); }).then(function (data) {
        status.textContent = data.message;
        setQuorum(data.quorum);
        return load();
      }).catch(function () { status.textContent = "网络中断，请重试。"; });
    }

    function card(m) {
      var state = m.present ? "present" : (m.left ? "left" : "");
      var node = el("div", "member " + state + (m.has_vote ? "" : " novote"));
      node.setAttribute("data-name", m.name);
      var name = el("button", "name", m.name);
      name.type = "button";
      name.title = m.present ? "已签到" : "点此签到";
      name.addEventListener("click", function () { if (!m.present) act(m, "in"); });
      node.appendChild(name);
      var sub = m.status_short + (m.party_group ? " · " + m.party_group : "");
      if (m.present) sub += " · " + m.arrived + (m.late ? " 迟到" : "") + " 已签到";
      else if (m.left) sub += " · " + m.left + " 离会";
      else if (m.leave_reason) sub += " · " + m.leave_reason;
      if (!m.in_expected && m.has_vote) sub += " · 不计入应到";
      node.appendChild(el("span", "sub", sub));
      if (m.present) {
        var acts = el("div", "acts");
        var leave = el("button", "", "离会"); leave.type = "button";
        leave.addEventListener("click", function () {
          var why = window.prompt(m.name + " 提前离会，原因（可不填）：", "");
          if (why !== null) act(m, "leave", why);
        });
        var undo = el("button", "", "撤销"); undo.type = "button";
        undo.addEventListener("click", function () {
          if (window.confirm("撤销 " + m.name + " 的签到？")) act(m, "undo");
        });
        acts.appendChild(leave); acts.appendChild(undo); node.appendChild(acts);
      }
      return node;
    }

    function load() {
      var q = encodeURIComponent(search.value || "");
      return fetch(listUrl + "?q=" + q, {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          box.replaceChildren.apply(box, data.members.map(card));
          setQuorum(data.quorum);
        }).catch(function () {});
    }

    search.addEventListener("input", load);
    search.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return;
      var first = box.querySelector(".member:not(.present) .name");
      if (first) { first.click(); search.value = ""; }
    });
    load();
    setInterval(load, 4000);  // other tablets sign people in too
  }

  function projector() {
    var url = document.body.getAttribute("data-url");
    var slates = document.getElementById("slates");
    var updated = document.getElementById("updated");
    function tick() {
      fetch(url, {credentials: "same-origin", cache: "no-store"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          setQuorum(data.quorum);
          slates.replaceChildren();
          data.elections.forEach(function (e) {
            if (!e.candidates.length) return;
            slates.appendChild(el("div", "", e.title + "（" + e.kind + "，应选" + e.seats + "名）候选人（按姓氏笔画为序）："));
            slates.appendChild(el("div", "pnames", e.candidates.join("　")));
          });
          var now = new Date();
          updated.textContent = "自动刷新 " + now.toTimeString().slice(0, 8);
        }).catch(function () { updated.textContent = "连接中断，正在重试…"; });
    }
    tick();
    setInterval(tick, 2000);
  }

  window.votekit = {signin: signin, projector: projector, setQuorum: setQuorum};
})();
