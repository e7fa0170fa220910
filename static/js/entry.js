/* votekit — the counting table: read a ballot's QR (scanner, camera, photo), enter marks
   by tapping or by keyboard (ballots and 测评表, one offline outbox), and the 唱票 board.  Plain JS, no network beyond this server; the camera
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

  /* ---- the offline outbox (ballots and 测评表 alike) ----------------------------
     Each entry waits in this device's localStorage with its own random token until
     the server has answered; the token makes a resend after a lost answer harmless. */
  function outbox(key, url, payload, on) {
    var items = JSON.parse(window.localStorage.getItem(key) || "[]"), sending = false;
    function save() {
      window.localStorage.setItem(key, JSON.stringify(items));
      if (on.count) on.count(items.length);
    }
    function flush() {
      if (sending || !items.length) return;
      sending = true;
      var item = items[0];
      post(url, payload(item)).then(function (data) {
        sending = false; items.shift(); save();
        on.result(item, data);
        flush();
      }).catch(function (err) {
        sending = false;
        on.offline(String(err && err.message || ""));
        window.setTimeout(flush, 1000);
      });
    }
    save();
    return {
      push: function (item) { item.token = token(); items.push(item); save(); flush(); },
      size: function () { return items.length; },
      busy: function () { return sending; },
      flush: flush
    };
  }
  function offlineWords(err) {
    return err.indexOf("HTTP 403") === 0 ? "本机已退出登录或没有录入权限，已录入的保存在本机；请重新登录后自动发送。"
      : "网络中断，已录入的保存在本机，正在自动重试……";
  }

  /* recent entries of this tab: kept in sessionStorage so a refresh keeps the numbers */
  function recentList(key, render) {
    var items = JSON.parse(window.sessionStorage.getItem(key) || "[]");
    function save() { window.sessionStorage.setItem(key, JSON.stringify(items.slice(0, 8))); render(items); }
    render(items);
    return {add: function (item) { items.unshift(item); items = items.slice(0, 8); save(); },
            change: function (id, values) {
              items.forEach(function (it) { if (it.id === id) Object.keys(values).forEach(function (k) { it[k] = values[k]; }); });
              save();
            },
            remove: function (id) { items = items.filter(function (it) { return it.id !== id; }); save(); }};
  }

  /* the strip fixed at the bottom of the screen: what was just recorded */
  function strip(title, marks, warn) {
    say($("entry-msg"), title, warn ? "error" : "ok");
    $("strip-marks").textContent = marks || "";
    $("strip-warn").textContent = warn || "";
    $("strip").className = "strip" + (warn ? " warn" : " ok");
  }
  function touchDevice() { return window.matchMedia && window.matchMedia("(pointer: coarse)").matches; }
  function noFocus(btn, fn) {          /* a tap must not leave focus on the button (Enter would press it again) */
    if (!btn) return;
    btn.addEventListener("mousedown", function (e) { e.preventDefault(); });
    btn.addEventListener("click", function (e) { e.preventDefault(); btn.blur(); fn(e); });
  }

  /* ---- entering one ballot ----------------------------------------------------- */
  function entryPage(cfg) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#ballot tbody tr"));
    var box = $("ballot-box"), wbox = $("writein-box"), winput = $("writein");
    var suggest = $("suggest"), wlist = $("writeins"), line = $("tally-line");
    var cur = 0, marks = {}, writeIns = [], spoilt = false, picks = [], pick = -1, blankAsked = false;
    var where = cfg.roundId + "-" + (cfg.pile || "");
    var scan = scanner({identify: cfg.identify, photo: cfg.photo, roundId: cfg.roundId, pile: cfg.pile,
                        afterScan: function () { scan.field.blur(); }}, function () {});
    if (touchDevice()) $("keys").open = false;

    function agreeCount() {
      return rows.filter(function (tr) { return marks[tr.getAttribute("data-name")] === "agree"; }).length
        + writeIns.filter(function (w) { return w.mark === "agree"; }).length;
    }
    function render() {
      rows.forEach(function (tr, i) {
        var m = marks[tr.getAttribute("data-name")] || "abstain";
        tr.className = m + (i === cur ? " current" : "");
        tr.querySelector(".mark").textContent = SYMBOL[m];
        tr.querySelector(".word").textContent = WORD[m];
      });
      box.classList.toggle("spoilt", spoilt);
      wlist.innerHTML = "";
      writeIns.forEach(function (w, i) {
        var li = document.createElement("li");
        li.textContent = "另选：" + w.name + (w.mark === "agree" ? " ○" : "（未画○，不计票）") + " ";
        var del = document.createElement("button");
        del.type = "button"; del.className = "secondary small"; del.textContent = "删去";
        noFocus(del, function () { writeIns.splice(i, 1); render(); });
        li.appendChild(del);
        wlist.appendChild(li);
      });
      var agree = agreeCount(), over = agree > cfg.seats && !spoilt;
      line.className = "tally-line" + (over ? " over" : "");
      line.textContent = spoilt ? "整张无法辨认：按无效票记录" : "已画○ " + agree + " 人 / 应选 " + cfg.seats + " 名" +
        (over ? "　超过应选人数：照实录入，按无效票计" : "");
    }
    var shown = null;                  /* the last ballot recorded, shown again when a blank question is dropped */
    function askBlank(on) {
      var was = blankAsked;
      blankAsked = on;
      $("blank-confirm").hidden = !on;
      if (on) strip("这是一张空白票（全部弃权）？", "再按一次回车，或点“确认是空白票”，才记录；点选或按其他键继续录入这张。", "");
      else if (was) strip.apply(null, shown || ["请继续录入这张选票。", "", ""]);
    }
    function reset() { cur = 0; marks = {}; writeIns = []; spoilt = false; askBlank(false); closeWriteIn(); render(); }
    function setMark(m) {
      if (spoilt || !rows.length) return;
      marks[rows[cur].getAttribute("data-name")] = m;
      if (cur < rows.length - 1) cur += 1;
      render();
    }
    var CYCLE = {abstain: "agree", agree: "disagree", disagree: "abstain", illegible: "agree"};
    rows.forEach(function (tr, i) {
      tr.addEventListener("click", function () {
        if (spoilt || !cfg.open) return;
        askBlank(false);
        var name = tr.getAttribute("data-name");
        marks[name] = CYCLE[marks[name] || "abstain"];
        cur = i; render();
      });
    });
    function describe(b) {
      if (b.illegible) return "整张无法辨认";
      var parts = cfg.candidates.map(function (n) { return n + (SYMBOL[b.marks[n] || "abstain"] || "空"); });
      b.write_ins.forEach(function (w) { parts.push("另选" + w.name + (w.mark === "agree" ? "○" : "（未画○）")); });
      return parts.join("　");
    }
    function warning(b, value) {
      if (b.illegible) return "无效：整张无法辨认";
      if (value && value.valid === false) return "无效：画○超过应选人数（画○" + value.selected + "人，应选" + cfg.seats + "名）";
      return "";
    }
    var recent = recentList("votekit-recent-" + where, function (items) {
      var list = $("recent");
      list.innerHTML = "";
      items.forEach(function (it) {
        var li = document.createElement("li");
        li.className = it.warn ? "invalid" : "";
        li.appendChild(document.createTextNode("第" + it.n + "张　" + it.text + (it.warn ? "　" + it.warn : "") + " "));
        var btn = document.createElement("button");
        btn.type = "button"; btn.className = "secondary small";
        btn.textContent = it.voidAsked ? "已申请作废" : "申请作废"; btn.disabled = !!it.voidAsked;
        noFocus(btn, function () {
          var why = window.prompt("申请作废这张录入（须监票人确认）。原因：", "录入有误");
          if (why === null) return;
          post(cfg.voidRequest, {ballot_id: it.id, reason: why}).then(function (d) {
            strip(d.message, "", d.ok ? "" : d.message);
            if (d.ok) recent.change(it.id, {voidAsked: true});
          });
        });
        li.appendChild(btn);
        list.appendChild(li);
      });
    });
    var box2 = outbox("votekit-outbox-" + where, cfg.submit,
      function (item) { return {token: item.token, ballot: item.ballot, pile: cfg.pile || null}; },
      {count: function (n) { $("outbox").textContent = n ? "待发送 " + n + " 张" : ""; },
       offline: function (err) { if (!blankAsked) { strip(offlineWords(err), "", ""); $("strip").className = "strip wait"; } },
       result: function (item, data) {
         if (data.ok) {
           $("entered").textContent = data.value.entered;
           var warn = warning(item.ballot, data.value);
           var n = data.value.duplicate ? "" : data.value.entered;
           if (!data.value.duplicate) recent.add({n: n, text: describe(item.ballot), warn: warn, id: data.value.ballot_id});
           shown = [data.value.duplicate ? data.message : "第" + n + "张已记录", describe(item.ballot), warn];
           if (blankAsked) return;          /* the question about a blank ballot stays on the strip */
           strip.apply(null, shown);
         } else {
           strip("这张没有记录：" + data.message, describe(item.ballot), "没有记录");
         }
       }});
    function isBlank() {
      return !spoilt && !writeIns.length && !Object.keys(marks).some(function (n) { return marks[n] !== "abstain"; });
    }
    function submit() {
      if (!cfg.open) { strip("本轮不能再录入。", "", "本轮不能再录入"); return; }
      if (isBlank() && !blankAsked) { askBlank(true); return; }
      var ballot = {marks: {}, write_ins: [], illegible: false};
      if (spoilt) ballot.illegible = true;
      else {
        Object.keys(marks).forEach(function (n) { if (marks[n] !== "abstain") ballot.marks[n] = marks[n]; });
        ballot.write_ins = writeIns.slice();
      }
      var over = !spoilt && agreeCount() > cfg.seats;
      strip("正在记录……", describe(ballot), spoilt ? "无效：整张无法辨认" : over ? "无效：画○超过应选人数" : "");
      box2.push({ballot: ballot});
      reset();
    }
    /* write-ins with completion from the roster (name, 拼音首字母, 全拼) */
    function openWriteIn() { if (spoilt || !wbox) return; askBlank(false); wbox.classList.add("open"); winput.value = ""; fill(); winput.focus(); }
    function closeWriteIn() { if (!wbox) return; wbox.classList.remove("open"); winput.blur(); suggest.innerHTML = ""; }
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
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { pick = i; drawPicks(); });
        suggest.appendChild(li);
      });
    }
    function addWriteIn(mark) {
      var name = pick >= 0 ? picks[pick] : winput.value.trim();
      if (name) writeIns.push({name: name, mark: mark});
      closeWriteIn(); render();
    }
    if (wbox) {
      winput.addEventListener("input", fill);
      winput.addEventListener("keydown", function (e) {
        if (e.key === "ArrowDown" || e.key === "Tab") { e.preventDefault(); if (picks.length) { pick = (pick + 1) % picks.length; drawPicks(); } }
        else if (e.key === "ArrowUp") { e.preventDefault(); if (picks.length) { pick = (pick + picks.length - 1) % picks.length; drawPicks(); } }
        else if (e.key === "Escape") { e.preventDefault(); closeWriteIn(); }
        else if (e.key === "Enter" && !e.isComposing) { e.preventDefault(); addWriteIn(e.shiftKey ? "none" : "agree"); }
      });
      noFocus($("writein-agree"), function () { addWriteIn("agree"); });
      noFocus($("writein-none"), function () { addWriteIn("none"); });
      noFocus($("writein-cancel"), closeWriteIn);
      noFocus($("btn-writein"), openWriteIn);
    }
    function toggleSpoilt() { askBlank(false); spoilt = !spoilt; render(); }
    noFocus($("btn-spoilt"), toggleSpoilt);
    noFocus($("btn-clear"), function () { reset(); strip("已清空本张，请重新录入。", "", ""); });
    noFocus($("btn-submit"), submit);
    noFocus($("blank-confirm"), function () { if (blankAsked) submit(); });
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      var k = e.key, handled = true;
      if (k !== "Enter" && k !== "Shift" && blankAsked) askBlank(false);
      if (k === "1") setMark("agree");
      else if (k === "2") setMark("disagree");
      else if (k === "0" || k === " ") setMark("abstain");
      else if (k === "3") setMark("illegible");
      else if ((k === "+" || k === "=") && cfg.writeIns) openWriteIn();
      else if (k === "/" || k === "*") toggleSpoilt();
      else if (k === "ArrowDown") { cur = Math.min(rows.length - 1, cur + 1); render(); }
      else if (k === "ArrowUp") { cur = Math.max(0, cur - 1); render(); }
      else if (k === "Backspace" || k === "-") { cur = Math.max(0, cur - 1); delete marks[rows[cur].getAttribute("data-name")]; render(); }
      else if (k === "Enter") submit();
      else if (k === "Escape") reset();
      else if (k === "v" || k === "V") { scan.field.value = "V"; scan.field.focus(); }
      else handled = false;
      if (handled) e.preventDefault();
    });
    render(); box2.flush();
    window.votekitEntryState = function () { return {outbox: box2.size(), sending: box2.busy()}; };
  }

  /* ---- entering one 测评表 ------------------------------------------------------- */
  function appraisalPage(cfg) {
    var GRADE_WORD = {excellent: "优秀", good: "合格", basic: "基本合格", fail: "不合格", blank: "未评价", multiple: "多选无效"};
    var CYCLE = {blank: "excellent", excellent: "good", good: "basic", basic: "fail", fail: "blank", multiple: "excellent"};
    var rows = Array.prototype.slice.call(document.querySelectorAll("#sheet tbody tr"));
    var box = $("sheet-box"), ratings = {}, current = 0, illegible = false, blankAsked = false;
    if (touchDevice() && $("keys")) $("keys").open = false;
    function paint() {
      rows.forEach(function (tr, i) {
        var r = ratings[tr.dataset.name] || "blank";
        tr.classList.toggle("current", i === current);
        tr.classList.toggle("multiple", r === "multiple");
        tr.querySelectorAll("td.g").forEach(function (td) {
          td.textContent = (r === td.dataset.grade || r === "multiple") ? "○" : "";
        });
        tr.querySelector("td.state").textContent = GRADE_WORD[r];
      });
      box.classList.toggle("spoilt", illegible);
      if (rows[current] && rows[current].scrollIntoView) rows[current].scrollIntoView({block: "nearest"});
    }
    function describe(sheet) {
      if (sheet.illegible) return "整张无法辨认";
      var parts = rows.map(function (tr) { var n = tr.dataset.name; return n + GRADE_WORD[sheet.ratings[n] || "blank"]; });
      return parts.join("　");
    }
    var shown = null;
    function askBlank(on) {
      var was = blankAsked;
      blankAsked = on;
      $("blank-confirm").hidden = !on;
      if (on) strip("这是一张空白测评表（全部未评价）？", "再按一次回车，或点“确认是空白表”，才记录。", "");
      else if (was) strip.apply(null, shown || ["请继续录入这张测评表。", "", ""]);
    }
    function clear() { ratings = {}; current = 0; illegible = false; askBlank(false); paint(); }
    function rate(value) {
      if (!rows.length) return;
      var name = rows[current].dataset.name;
      if (value === "blank") delete ratings[name]; else ratings[name] = value;
      current = Math.min(current + 1, rows.length - 1); paint();
    }
    rows.forEach(function (tr, i) {
      tr.querySelectorAll("td.g").forEach(function (td) {
        td.addEventListener("click", function (e) {
          e.stopPropagation(); askBlank(false);
          var name = tr.dataset.name;
          if (ratings[name] === td.dataset.grade) delete ratings[name]; else ratings[name] = td.dataset.grade;
          current = i; paint();
        });
      });
      tr.querySelector("td.name").addEventListener("click", function () {
        askBlank(false);
        var name = tr.dataset.name, next = CYCLE[ratings[name] || "blank"];
        if (next === "blank") delete ratings[name]; else ratings[name] = next;
        current = i; paint();
      });
    });
    var recent = recentList("votekit-recent-appraisal-" + cfg.id, function (items) {
      var list = $("recent");
      list.innerHTML = "";
      items.forEach(function (it) {
        var li = document.createElement("li"), b = document.createElement("button");
        li.textContent = "第" + it.n + "张　" + it.text + " ";
        b.textContent = "撤回"; b.type = "button"; b.className = "secondary small";
        noFocus(b, function () {
          post(cfg.remove, {sheet_id: it.id}).then(function (data) {
            strip(data.message, "", data.ok ? "" : data.message);
            if (data.ok) {
              recent.remove(it.id);
              $("entered").textContent = Math.max(0, parseInt($("entered").textContent, 10) - 1);
            }
          }).catch(function () { strip("撤回录入须由监票人（或书记）操作。", "", "没有撤回"); });
        });
        li.appendChild(b); list.appendChild(li);
      });
    });
    var box2 = outbox("votekit-outbox-appraisal-" + cfg.id, cfg.submit,
      function (item) { return {sheet: item.sheet, token: item.token}; },
      {count: function (n) { $("outbox").textContent = n ? "待发送 " + n + " 张" : ""; },
       offline: function (err) { if (!blankAsked) { strip(offlineWords(err), "", ""); $("strip").className = "strip wait"; } },
       result: function (item, data) {
         if (!data.ok) { strip("这张没有记录：" + data.message, describe(item.sheet), "没有记录"); return; }
         $("entered").textContent = data.value.entered;
         if (!data.value.duplicate) recent.add({n: data.value.entered, text: describe(item.sheet), id: data.value.sheet_id});
         shown = [data.value.duplicate ? data.message : "第" + data.value.entered + "张已记录", describe(item.sheet),
                  item.sheet.illegible ? "无效：整张无法辨认" : ""];
         if (blankAsked) return;
         strip.apply(null, shown);
       }});
    function submit() {
      if (!cfg.open) { strip("本次测评不能再录入。", "", "不能再录入"); return; }
      if (!illegible && !Object.keys(ratings).length && !blankAsked) { askBlank(true); return; }
      var sheet = {ratings: illegible ? {} : ratings, illegible: illegible};
      strip("正在记录……", describe(sheet), "");
      box2.push({sheet: sheet});
      clear();
    }
    function toggleSpoilt() { askBlank(false); illegible = !illegible; paint(); }
    noFocus($("btn-spoilt"), toggleSpoilt);
    noFocus($("btn-clear"), function () { clear(); strip("已清空本张，请重新录入。", "", ""); });
    noFocus($("btn-submit"), submit);
    noFocus($("blank-confirm"), function () { if (blankAsked) submit(); });
    document.addEventListener("keydown", function (e) {
      if (e.target.tagName === "INPUT" || e.ctrlKey || e.altKey || e.metaKey) return;
      var k = e.key;
      if (k !== "Enter" && k !== "Shift" && blankAsked) askBlank(false);
      if (cfg.keys[k] !== undefined) { rate(cfg.keys[k]); }
      else if (k === " ") { rate("blank"); }
      else if (k === "/" || k === "*") { toggleSpoilt(); }
      else if (k === "ArrowDown") { current = Math.min(current + 1, rows.length - 1); paint(); }
      else if (k === "ArrowUp") { current = Math.max(current - 1, 0); paint(); }
      else if (k === "Backspace") { current = Math.max(current - 1, 0); delete ratings[rows[current].dataset.name]; paint(); }
      else if (k === "Enter") { submit(); }
      else if (k === "Escape") { clear(); strip("已清空本张，请重新录入。", "", ""); }
      else { return; }
      e.preventDefault();
    });
    var scanField = $("scan"), scanMsg = $("scan-msg");
    scanField.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      e.preventDefault();
      var text = scanField.value.trim(); scanField.value = ""; scanField.blur();
      if (!text) return;
      post(cfg.identify, {code: text}).then(function (data) {
        var mine = data.ok && data.value === cfg.id;
        say(scanMsg, mine ? data.message : (data.ok ? "这张测评表属于另一轮测评，请放到一边交监票人。" : data.message),
            mine ? "ok" : "error");
      }).catch(function () { say(scanMsg, "网络中断，未能核对二维码。", "error"); });
    });
    paint(); box2.flush();
    window.votekitEntryState = function () { return {outbox: box2.size(), sending: box2.busy()}; };
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

  return {scanPage: scanPage, entryPage: entryPage, appraisalPage: appraisalPage, board: board};
})();
