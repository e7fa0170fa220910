/* votekit — the hall screen and the presiding officer's live script: both poll this laptop
   and redraw when the meeting moves on.  Plain JS, no libraries, nothing from the internet. */
var votekitHall = (function () {
  "use strict";
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function say(lines) {
    var box = el("div", "h-say");
    (lines || []).forEach(function (t) { add(box, el("p", "", t)); });
    return box;
  }
  function num(label, value, key) {
    var d = el("div"); add(d, el("span", "l", label));
    var n = add(d, el("span", "n", value === null || value === undefined ? "—" : value));
    if (key) n.setAttribute("data-q", key);
    return d;
  }
  function names(list, cls) {
    var box = el("div", "h-names" + (cls ? " " + cls : ""));
    list.forEach(function (n) { add(box, el("span", "", n)); });
    return box;
  }
  function cell(tr, text, cls) { add(tr, el("td", cls || "", text === null || text === undefined ? "" : String(text))); }

  var PHASES = {
    attendance: function (d, main) {
      add(main, el("h1", "h-title", "报告到会情况"));
      var nums = add(main, el("div", "h-nums"));
      add(nums, num("应到", d.quorum.expected, "expected")); add(nums, num("实到", d.quorum.present, "present"));
      add(nums, num("最少需到", d.quorum.min_present, "min_present"));
      add(main, el("p", "h-state " + (d.quorum.met ? "met" : "unmet"), d.quorum.met ? "会议有效" : "会议尚不有效")).setAttribute("data-q", "state");
      add(main, say(d.say));
    },
    candidates: function (d, main) {
      add(main, el("h1", "h-title", d.election.title + "候选人名单"));
      add(main, el("p", "h-sub", d.election.kind + "，应选" + d.election.seats + "名，候选人" + d.election.candidates.length + "名（按姓氏笔画为序）"));
      add(main, names(d.election.candidates));
      add(main, say(d.say));
    },
    voting: function (d, main) {
      add(main, el("h1", "h-title", "投票"));
      add(main, el("p", "h-sub", d.round.title + " · 应选" + d.round.seats + "名 · 候选人（按姓氏笔画为序）" +
        (d.round.issued !== null ? " · 发出选票" + d.round.issued + "张" : "")));
      add(main, names(d.election.candidates));
      add(main, say(d.say));
    },
    counting: function (d, main) {
      var b = d.board;
      add(main, el("h1", "h-title", "计票（唱票）"));
      add(main, el("p", "h-sub", d.round.title + " · 应选" + d.round.seats + "名"));
      var counts = add(main, el("div", "h-counts"));
      [["已计", b.entered], ["收回", b.returned], ["无效票", b.invalid]].forEach(function (p) {
        var s = add(counts, el("span", "", p[0] + " "));
        if (p[1] === null) { s.appendChild(document.createTextNode("尚未清点")); return; }
        add(s, el("strong", "", String(p[1]))); s.appendChild(document.createTextNode(" 张"));
      });
      if (b.double_entry) { add(main, el("p", "h-hold", "双人录入核对中，核对一致后公布票数")); return; }
      var table = add(main, el("table", "h-board" + (b.rows.length > 7 ? " many" : "")));
      var head = add(add(table, el("thead")), el("tr"));
      ["候选人", "○ 赞成", "× 不赞成", "弃权"].forEach(function (t, i) { add(head, el("th", i ? "n" : "", t)); });
      var body = add(table, el("tbody"));
      b.rows.forEach(function (r) {
        var tr = add(body, el("tr", r.write_in ? "write-in" : ""));
        cell(tr, (r.write_in ? "另选 " : "") + r.name, "name");
        cell(tr, r.agree === null ? "…" : r.agree, "n agree");
        cell(tr, r.write_in ? "" : (r.disagree === null ? "…" : r.disagree), "n disagree");
        cell(tr, r.write_in || r.abstain === null ? "" : r.abstain, "n");
      });
    },
    result: function (d, main) {
      var res = d.result;
      add(main, el("h1", "h-title", res.void ? "本轮选举无效" : "选举结果"));
      add(main, el("p", "h-sub", d.round.title + (res.elected.length ? " · 当选（按姓氏笔画为序）：" : "")));
      if (res.elected.length) add(main, names(res.elected, "elected"));
      main.classList.add("tight");
      if (res.rows.length) {
        var table = add(main, el("table", "h-board" + (res.rows.length > 6 ? " many" : "")));
        var head = add(add(table, el("thead")), el("tr"));
        ["姓名", "○ 赞成", "× 不赞成", "弃权", "结果"].forEach(function (t, i) { add(head, el("th", i && i < 4 ? "n" : "", t)); });
        var body = add(table, el("tbody"));
        res.rows.forEach(function (r) {
          var tr = add(body, el("tr", r.write_in ? "write-in" : ""));
          cell(tr, (r.write_in ? "另选 " : "") + r.name, "name");
          cell(tr, r.agree, "n agree"); cell(tr, r.write_in ? "" : r.disagree, "n disagree");
          cell(tr, r.write_in ? "" : r.abstain, "n"); cell(tr, r.word, "word");
        });
      }
      add(main, say(res.say));
      if (d.next) add(main, el("p", "h-next", d.next));
    }
  };

  function draw(d) {
    var main = $("hall");
    main.replaceChildren();
    main.className = "h-main";
    main.setAttribute("data-phase", d.phase);
    main.setAttribute("data-key", d.key);
    $("h-phase").textContent = d.phase_label;
    $("h-meeting").textContent = d.meeting_title;
    $("h-quorum").textContent = "应到" + d.quorum.expected + "人，实到" + d.quorum.present + "人";
    PHASES[d.phase](d, main);
  }

  function poll(url, onData, status) {
    var last = "";
    function tick() {
      fetch(url, {credentials: "same-origin", cache: "no-store"})
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.text(); })
        .then(function (text) {
          if (text !== last) { last = text; onData(JSON.parse(text)); }
          if (status) status.textContent = "自动跟随会议进程 · " + new Date().toLocaleTimeString("zh-CN");
        })
        .catch(function () { if (status) status.textContent = "与会议电脑的连接中断，正在重试……"; })
        .then(function () { window.setTimeout(tick, 1000); });
    }
    tick();
  }

  function screen() {
    draw(JSON.parse($("h-initial").textContent));
    poll(document.body.getAttribute("data-url"), draw, $("h-updated"));
  }

  function drawScript(data) {
    var list = $("s-steps");
    list.replaceChildren();
    var now = null;
    data.steps.forEach(function (s) {
      var li = add(list, el("li", "s-step " + s.state));
      li.setAttribute("data-key", s.key);
      add(li, el("h3", "", s.n + "、" + s.title));
      s.say.forEach(function (t) { add(li, el("p", "", t)); });
      if (s.state === "now" && !now) now = li;
    });
    var h = data.hall;
    $("s-now-title").textContent = "现在：" + h.phase_label + (h.round ? "（" + h.round.title + "）" : "");
    var facts = ["应到" + h.quorum.expected + "人，实到" + h.quorum.present + "人" + (h.quorum.met ? "，会议有效" : "，尚不足法定人数")];
    if (h.round && h.round.issued !== null) facts.push("发出选票" + h.round.issued + "张");
    if (h.round && h.round.returned !== null) facts.push("收回" + h.round.returned + "张");
    if (h.board) facts.push("已计" + h.board.entered + "张");
    if (h.result && h.result.elected.length) facts.push("当选：" + h.result.elected.join("、"));
    $("s-now-facts").textContent = facts.join("；") + "。" + (h.next ? "　" + h.next : "");
    document.body.setAttribute("data-now", data.now);
    if (now && data.now !== drawScript.lastNow) now.scrollIntoView({block: "center"});
    drawScript.lastNow = data.now;
  }

  function script() {
    drawScript(JSON.parse($("s-initial").textContent));
    poll(document.body.getAttribute("data-url"), drawScript, $("s-updated"));
  }

  return {screen: screen, script: script};
})();
