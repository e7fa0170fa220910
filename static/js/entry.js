/* votekit — the counting table: read a ballot's QR (scanner, camera, photo), enter marks
   by keyboard, and the 唱票 board.  Plain JS, no network beyond this server; the camera
   decoder is the vendored jsQR (static/vendor/jsQR.js). */
var votekitEntry = (function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var SYMBOL = {agree: "○", disagree: "×", abstain: "", illegible: "？"};
  var WORD = {agree: "赞成", disagree: "不赞成", abstain: "弃权", illegible: "无法辨认"};

  function $(id) { return document.getElementById(id); }
  function say(box, text, kind) { if (box) { box.textContent = text; box.className = "msg " + (kind || ""); } }
  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(body)}).then(function (r) {
        if (!r.ok && r.status !== 400) throw new Error("HTTP " + r.status);
        return r.json();
      });
  }
  function token() {
    var a = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* ---- reading the round's QR ------------------------------------------------ */
  function scanner(cfg, onRound) {
    var field = $("scan"), msg = $("scan-msg"), video = $("camera"), canvas = $("camera-canvas");
    var stream = null;
    function handle(data) {
      say(msg, data.message, data.ok ? "ok" : "error");
      if (data.ok) onRound(data);
    }
    function identify(text) {
      say(msg, "正在核对二维码……", "wait");
      return post(cfg.identify, {code: text, current_round_id: cfg.roundId || null, pile: cfg.pile || ""})
        .then(handle).catch(function () { say(msg, "网络中断，未能核对二维码，请重试。", "error"); });
    }
    field.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        var text = field.value.trim();
        field.value = "";
        if (text) identify(text);
        if (cfg.afterScan) cfg.afterScan();
      } else if (e.key === "Escape") {
        field.value = ""; if (cfg.afterScan) cfg.afterScan();
      }
    });
    function stopCamera() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null; video.classList.remove("on");
    }
    function tick() {
      if (!stream) return;
      if (video.readyState >= 2 && video.videoWidth) {
        canvas.width = video.videoWidth; canvas.height = video.videoHeight;
        var ctx = canvas.getContext("2d");
        ctx.drawImage(video, 0, 0);
        var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        var code = window.jsQR ? window.jsQR(img.data, img.width, img.height, {inversionAttempts: "dontInvert"}) : null;
        if (code && code.data) { stopCamera(); identify(code.data); return; }
      }
      window.setTimeout(tick, 120);
    }
    $("camera-btn").addEventListener("click", function () {
      if (stream) { stopCamera(); return; }
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        say(msg, "此浏览器不能使用摄像头，请用扫码枪或上传照片。", "error"); return;
      }
      navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false}).then(function (s) {
        stream = s; video.srcObject = s; video.classList.add("on"); video.play();
        say(msg, "请把选票二维码对准摄像头……", "wait"); tick();
      }).catch(function () { say(msg, "无法打开摄像头（未授权或没有摄像头），请用扫码枪或上传照片。", "error"); });
    });
    $("photo").addEventListener("change", function () {
      var file = this.files[0];
      if (!file) return;
      var form = new FormData();
      form.append("photo", file);
      if (cfg.roundId) form.append("current_round_id", cfg.roundId);
      if (cfg.pile) form.append("pile", cfg.pile);
      say(msg, "正在识别照片中的二维码……", "wait");
      fetch(cfg.photo, {method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrf}, body: form})
        .then(function (r) { return r.json(); }).then(handle)
        .catch(function () { say(msg, "上传失败，请重试。", "error"); });
      this.value = "";
    });
    return {field: field, identify: identify};
  }

  function scanPage(cfg) {
    var s = scanner(cfg, function (data) {
      if (data.double_entry) {
        var msg = $("scan-msg");
        msg.appendChild(document.createTextNode(" 本轮双人录入，请选择："));
        ["A", "B"].forEach(function (p) {
          var a = document.createElement("a");
          a.className = "button"; a.href = data.url + "?pile=" + p; a.id = "pile-" + p;
          a.textContent = "计票人" + (p === "A" ? "甲" : "乙");
          msg.appendChild(a); msg.appendChild(document.createTextNode(" "));
        });
        return;
      }
      window.location.href = data.url;
    });
    s.field.focus();
  }

  /* ---- entering one ballot ----------------------------------------------------- */
  function entryPage(cfg) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#ballot tbody tr"));
    var msg = $("entry-msg"), box = $("ballot-box"), wbox = $("writein-box"), winput = $("writein");
    var suggest = $("suggest"), wlist = $("writeins"), line = $("tally-line");
    var outboxKey = "votekit-outbox-" + cfg.roundId + "-" + (cfg.pile || "");
    var outbox = JSON.parse(window.localStorage.getItem(outboxKey) || "[]");
    var cur = 0, marks = {}, writeIns = [], spoilt = false, picks = [], pick = -1, sending = false, number = 0;
    var scan = scanner({identify: cfg.identify, photo: cfg.photo, roundId: cfg.roundId, pile: cfg.pile,
                        afterScan: function () { scan.field.blur(); }}, function () {});

    function render() {
      rows.forEach(function (tr, i) {
        var m = marks[tr.getAttribute("data-name")] || "abstain";
        tr.className = m + (i === cur ? " current" : "");
        tr.querySelector(".mark").textContent = SYMBOL[m];
        tr.querySelector(".word").textContent = WORD[m];
      });
      box.classList.toggle("spoilt", spoilt);
      wlist.innerHTML = "";
      writeIns.forEach(function (w) {
        var li = document.createElement("li");
        li.textContent = "另选：" + w.name + (w.mark === "agree" ? " ○" : "（未画○，不计票）");
        wlist.appendChild(li);
      });
      var agree = rows.filter(function (tr) { return marks[tr.getAttribute("data-name")] === "agree"; }).length
        + writeIns.filter(function (w) { return w.mark === "agree"; }).length;
      var over = agree > cfg.seats && !spoilt;
      line.className = "tally-line" + (over ? " over" : "");
      line.textContent = spoilt ? "整张无法辨认：按无效票记录" : "已画○ " + agree + " 人 / 应选 " + cfg.seats + " 名" +
        (over ? "　超过应选人数：照实录入，按无效票计" : "");
    }
    function reset() { cur = 0; marks = {}; writeIns = []; spoilt = false; closeWriteIn(); render(); }
    function setMark(m) {
      if (spoilt || !rows.length) return;
      marks[rows[cur].getAttribute("data-name")] = m;
      if (cur < rows.length - 1) cur += 1;
      render();
    }
    function describe(b) {
      if (b.illegible) return "整张无法辨认";
      var parts = cfg.candidates.map(function (n) { return n + (SYMBOL[b.marks[n] || "abstain"] || "·"); });
      b.write_ins.forEach(function (w) { parts.push("另选" + w.name + (w.mark === "agree" ? "○" : "")); });
      return parts.join(" ");
    }
    function saveOutbox() {
      window.localStorage.setItem(outboxKey, JSON.stringify(outbox));
      $("outbox").textContent = outbox.length ? "待发送 " + outbox.length + " 张" : "";
    }
    function recent(item, data) {
      var li = document.createElement("li");
      li.textContent = describe(item.ballot) + " ";
      var btn = document.createElement("button");
      btn.type = "button"; btn.textContent = "申请作废";
      btn.addEventListener("click", function () {
        var why = window.prompt("申请作废这张录入（须监票人确认）。原因：", "录入有误");
        if (why === null) return;
        post(cfg.voidRequest, {ballot_id: data.value.ballot_id, reason: why}).then(function (d) {
          say(msg, d.message, d.ok ? "ok" : "error"); if (d.ok) btn.disabled = true;
        });
      });
      li.appendChild(btn);
      var list = $("recent");
      list.insertBefore(li, list.firstChild);
      while (list.children.length > 8) list.removeChild(list.lastChild);
    }
    function flush() {
      if (sending || !outbox.length) return;
      sending = true;
      var item = outbox[0];
      post(cfg.submit, {token: item.token, ballot: item.ballot, pile: cfg.pile || null}).then(function (data) {
        sending = false;
        outbox.shift(); saveOutbox();
        if (data.ok) {
          if (!data.value.duplicate) recent(item, data);
          $("entered").textContent = data.value.entered;
          say(msg, data.message, "ok");
        } else {
          say(msg, "这张没有记录：" + data.message + "（" + describe(item.ballot) + "）", "error");
        }
        flush();
      }).catch(function () {
        sending = false;
        say(msg, "网络中断，已录入的选票保存在本机，正在自动重试……", "wait");
        window.setTimeout(flush, 1000);
      });
    }
    function submit() {
      if (!cfg.open) { say(msg, "本轮不能再录入。", "error"); return; }
      var ballot = spoilt ? {illegible: true} : {marks: {}, write_ins: writeIns.slice()};
      if (!spoilt) Object.keys(marks).forEach(function (n) { if (marks[n] !== "abstain") ballot.marks[n] = marks[n]; });
      if (!ballot.illegible && !ballot.write_ins) ballot.write_ins = [];
      outbox.push({token: token(), ballot: spoilt ? {illegible: true, marks: {}, write_ins: []} : ballot});
      number += 1; saveOutbox(); reset(); flush();
    }
    /* write-ins with completion from the roster (name, 拼音首字母, 全拼) */
    function openWriteIn() { if (spoilt) return; wbox.classList.add("open"); winput.value = ""; fill(); winput.focus(); }
    function closeWriteIn() { wbox.classList.remove("open"); winput.blur(); suggest.innerHTML = ""; }
    function fill() {
      var q = winput.value.replace(/\s/g, "").toLowerCase();
      picks = !q ? [] : cfg.roster.filter(function (r) {
        return r.name.indexOf(q) >= 0 || r.i.indexOf(q) === 0 || r.p.indexOf(q) === 0;
      }).slice(0, 8).map(function (r) { return r.name; });
      pick = picks.length && /^[a-z]+$/.test(q) ? 0 : -1;
      drawPicks();
    }
    function drawPicks() {
      suggest.innerHTML = "";
      picks.forEach(function (n, i) {
        var li = document.createElement("li"); li.textContent = n; li.className = i === pick ? "on" : "";
        suggest.appendChild(li);
      });
    }
    winput.addEventListener("input", fill);
    winput.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "Tab") { e.preventDefault(); if (picks.length) { pick = (pick + 1) % picks.length; drawPicks(); } }
      else if (e.key === "ArrowUp") { e.preventDefault(); if (picks.length) { pick = (pick + picks.length - 1) % picks.length; drawPicks(); } }
      else if (e.key === "Escape") { e.preventDefault(); closeWriteIn(); }
      else if (e.key === "Enter" && !e.isComposing) {
        e.preventDefault();
        var name = pick >= 0 ? picks[pick] : winput.value.trim();
        if (name) writeIns.push({name: name, mark: e.shiftKey ? "none" : "agree"});
        closeWriteIn(); render();
      }
    });
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      var k = e.key, handled = true;
      if (k === "1") setMark("agree");
      else if (k === "2") setMark("disagree");
      else if (k === "0" || k === " ") setMark("abstain");
      else if (k === "3") setMark("illegible");
      else if (k === "+" || k === "=") openWriteIn();
      else if (k === "/" || k === "*") { spoilt = !spoilt; render(); }
      else if (k === "ArrowDown") { cur = Math.min(rows.length - 1, cur + 1); render(); }
      else if (k === "ArrowUp") { cur = Math.max(0, cur - 1); render(); }
      else if (k === "Backspace" || k === "-") { cur = Math.max(0, cur - 1); delete marks[rows[cur].getAttribute("data-name")]; render(); }
      else if (k === "Enter") submit();
      else if (k === "Escape") reset();
      else if (k === "v" || k === "V") { scan.field.value = "V"; scan.field.focus(); }
      else handled = false;
      if (handled) e.preventDefault();
    });
    render(); saveOutbox(); flush();
    window.votekitEntryState = function () { return {outbox: outbox.length, sending: sending}; };
  }

  /* ---- the 唱票 board ---------------------------------------------------------- */
  function board(url) {
    function cell(tr, text, cls) { var td = document.createElement("td"); td.textContent = text; td.className = cls || ""; tr.appendChild(td); }
    function draw(d) {
      $("b-entered").textContent = d.entered;
      $("b-returned").textContent = d.returned === null ? "—" : d.returned;
      $("b-invalid").textContent = d.invalid;
      $("b-status").textContent = d.status_label;
      $("b-hold").hidden = !d.double_entry;
      var body = $("b-rows"); body.innerHTML = "";
      d.rows.forEach(function (r) {
        var tr = document.createElement("tr"); tr.className = r.write_in ? "write-in" : "";
        cell(tr, (r.write_in ? "另选 " : "") + r.name, "name");
        cell(tr, r.agree === null ? "…" : r.agree, "n agree");
        cell(tr, r.write_in ? "" : (r.disagree === null ? "…" : r.disagree), "n disagree");
        cell(tr, r.write_in || r.abstain === null ? "" : r.abstain, "n");
        body.appendChild(tr);
      });
      $("b-updated").textContent = "每秒自动刷新 · " + new Date().toLocaleTimeString("zh-CN");
    }
    function poll() {
      fetch(url, {credentials: "same-origin", cache: "no-store"}).then(function (r) { return r.json(); })
        .then(draw).catch(function () { $("b-updated").textContent = "连接中断，正在重试……"; })
        .then(function () { window.setTimeout(poll, 500); });
    }
    poll();
  }

  return {scanPage: scanPage, entryPage: entryPage, board: board};
})();
