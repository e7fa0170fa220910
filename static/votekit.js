/* votekit — the quorum panel and projector view (the sign-in desk is js/signin.js). Plain JS, no libraries, no network beyond this server. */
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

  window.votekit = {projector: projector, setQuorum: setQuorum};
})();
