// The local page of xhht: send the chosen files to this computer's xhht (127.0.0.1), ask it to compute, show
// the progress and the report. Nothing here talks to any other address.
"use strict";
(function () {
  const token = document.querySelector('meta[name="xhht-token"]').content;
  const $ = (id) => document.getElementById(id);
  const dataSuffixes = [".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".parquet"];
  $("mau").addEventListener("submit", (ev) => ev.preventDefault());  // Enter in a field never reloads the page
  const most = Number(document.querySelector('meta[name="xhht-toi-da"]').content);
  let uploaded = 0;
  let usedBytes = 0;
  let busy = false;

  function say(text) { const p = $("loi"); p.textContent = text || ""; p.hidden = !text; }
  function progress(text, done, total) {
    $("tien-do").hidden = false;
    $("chu-tien-do").textContent = text;
    const bar = $("thanh");
    bar.hidden = false;
    if (total) { bar.max = total; bar.value = done; } else { bar.removeAttribute("value"); }
  }
  function setBusy(on) { busy = on; $("tinh").disabled = on; }

  async function post(url, body, headers) {
    const r = await fetch(url, { method: "POST", body: body, credentials: "same-origin",
                                 headers: Object.assign({ "X-Xhht-Token": token }, headers || {}) });
    let data = {};
    try { data = await r.json(); } catch (e) { data = { loi: "Máy chủ xhht không trả lời đúng (mã " + r.status + ")." }; }
    if (!r.ok) { throw new Error(data.loi || ("Lỗi " + r.status)); }
    return data;
  }

  function isData(name) { const n = name.toLowerCase(); return dataSuffixes.some((s) => n.endsWith(s)) && !n.split("/").pop().startsWith("~$") && !n.split("/").pop().startsWith("."); }

  // items: [{file, path}] where path keeps the folders the officer chose ("2024/xa-an-dien.xlsx")
  async function send(items) {
    const wanted = items.filter((it) => isData(it.path));
    if (!wanted.length) { say("Không có tệp dữ liệu nào (.xlsx, .xls, .ods, .csv, .parquet) trong những gì đã chọn."); return; }
    const adding = wanted.reduce((n, it) => n + it.file.size, 0);
    if (usedBytes + adding > most) {  // said before sending: the server would refuse it anyway
      say("Dữ liệu quá lớn: tổng các tệp tải lên tối đa " + Math.floor(most / 1073741824) + " GB.");
      return;
    }
    say(""); setBusy(true);
    $("ket-qua").innerHTML = ""; $("tai-ve").hidden = true; $("ghi-chu-nguon").hidden = true;
    try {
      for (let i = 0; i < wanted.length; i++) {
        progress("Đang tải lên: " + (i + 1) + "/" + wanted.length + " tệp", i, wanted.length);
        const data = await post("/api/tep?duong-dan=" + encodeURIComponent(wanted[i].path), wanted[i].file,
                                { "Content-Type": "application/octet-stream" });
        if (data.tep !== undefined) { uploaded = data.tep; showCount(data.byte); }
      }
      progress("Đã tải lên " + wanted.length + " tệp. Bấm «Tính».", wanted.length, wanted.length);
    } catch (e) { say(e.message); } finally { setBusy(false); }
  }

  function showCount(bytes) {
    usedBytes = bytes || 0;
    const mb = (bytes / 1048576).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
    $("da-chon").textContent = uploaded ? ("Đã chọn " + uploaded + " tệp (" + mb + " MB).") : "Chưa có tệp nào.";
    $("bo-tep").hidden = !uploaded;
  }

  $("chon-tep").addEventListener("change", (ev) => {
    const items = Array.from(ev.target.files).map((f) => ({ file: f, path: f.name }));
    ev.target.value = ""; send(items);
  });
  $("chon-thu-muc").addEventListener("change", (ev) => {
    const items = Array.from(ev.target.files).map((f) => ({ file: f, path: f.webkitRelativePath || f.name }));
    ev.target.value = ""; send(items);
  });

  // Drag and drop: files, and folders walked with their relative paths.
  function walk(entry, prefix, out) {
    return new Promise((resolve) => {
      if (entry.isFile) {
        entry.file((f) => { out.push({ file: f, path: prefix + f.name }); resolve(); }, () => resolve());
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        const all = [];
        const more = () => reader.readEntries(async (batch) => {
          if (!batch.length) {
            for (const e of all) { await walk(e, prefix + entry.name + "/", out); }
            resolve();
          } else { all.push(...batch); more(); }
        }, () => resolve());
        more();
      } else { resolve(); }
    });
  }
  const zone = $("vung-tha");
  ["dragenter", "dragover"].forEach((t) => zone.addEventListener(t, (ev) => { ev.preventDefault(); zone.classList.add("dang-keo"); }));
  ["dragleave", "drop"].forEach((t) => zone.addEventListener(t, () => zone.classList.remove("dang-keo")));
  zone.addEventListener("drop", async (ev) => {
    ev.preventDefault();
    const dt = ev.dataTransfer;
    const out = [];
    const entries = dt.items ? Array.from(dt.items).map((it) => it.webkitGetAsEntry && it.webkitGetAsEntry()).filter(Boolean) : [];
    if (entries.length) { for (const e of entries) { await walk(e, "", out); } }
    else { Array.from(dt.files || []).forEach((f) => out.push({ file: f, path: f.name })); }
    send(out);
  });
  // Dropping anywhere else must not open the file in the browser.
  window.addEventListener("dragover", (ev) => ev.preventDefault());
  window.addEventListener("drop", (ev) => ev.preventDefault());

  $("bo-tep").addEventListener("click", async () => {
    try { await post("/api/xoa-tep", ""); uploaded = 0; showCount(0); $("tien-do").hidden = true; } catch (e) { say(e.message); }
  });

  $("ke-hoach").addEventListener("change", () => { $("dong-ke-hoach-rieng").hidden = $("ke-hoach").value !== "rieng"; });
  $("tep-ke-hoach").addEventListener("change", async (ev) => {
    const f = ev.target.files[0];
    if (!f) { return; }
    try {
      await post("/api/ke-hoach", f, { "Content-Type": "application/octet-stream" }); say("");
      $("ten-ke-hoach").textContent = "Đã chọn: " + f.name;
    } catch (e) { say(e.message); $("ten-ke-hoach").textContent = "Chưa chọn tệp."; }
  });

  function kind() { return document.querySelector('input[name="loai"]:checked').value; }
  document.querySelectorAll('input[name="loai"]').forEach((r) => r.addEventListener("change", () => {
    $("dong-anh-xa").hidden = kind() !== "xu-huong";
  }));
  $("tep-anh-xa").addEventListener("change", async (ev) => {
    const f = ev.target.files[0];
    if (!f) { return; }
    try {
      await post("/api/anh-xa?ten=" + encodeURIComponent(f.name), f, { "Content-Type": "application/octet-stream" });
      say(""); $("ten-anh-xa").textContent = "Đã chọn: " + f.name; $("dung-anh-xa").checked = true;
    } catch (e) { say(e.message); $("ten-anh-xa").textContent = "Chưa chọn tệp."; }
    ev.target.value = "";
  });

  $("tinh").addEventListener("click", async () => {
    if (busy) { return; }
    say(""); setBusy(true);
    $("tai-ve").hidden = true; $("ghi-chu-nguon").hidden = true;
    const form = new URLSearchParams();
    form.set("loai", kind());
    form.set("thu-muc", $("thu-muc").value);
    form.set("ke-hoach", $("ke-hoach").value);
    form.set("nam", $("nam").value);
    form.set("ppc", $("ppc").value);
    if (kind() === "xu-huong" && $("dung-anh-xa").checked) { form.set("anh-xa", "co"); }
    try {
      await post("/api/tinh", form);
      progress("Đang đọc…", 0, 0);
      await poll();
    } catch (e) { say(e.message); $("tien-do").hidden = true; } finally { setBusy(false); }
  });

  function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

  async function poll() {
    for (;;) {
      const r = await fetch("/api/tien-do", { credentials: "same-origin" });
      const data = await r.json();
      if (!r.ok) { throw new Error(data.loi || "Lỗi " + r.status); }
      const st = data["trang-thai"];
      if (st === "dang") {
        const total = data.tong;
        const unit = data.loai === "trend" ? " năm" : " tệp";
        progress(total ? ("Đang đọc: " + data["da-doc"] + "/" + total + unit) : ("Đang đọc: " + data["da-doc"] + unit), data["da-doc"], total);
        await sleep(300);
        continue;
      }
      $("ket-qua").innerHTML = data.html || "";
      if (st === "xong") {
        $("tien-do").hidden = true;
        const trend = data.loai === "trend";
        $("tai-ve").hidden = false;
        $("tai-mot-nam").hidden = trend; $("tai-danh-sach").hidden = trend; $("tai-xu-huong").hidden = !trend;
        const note = data["ghi-chu"] || "";
        $("ghi-chu-nguon").textContent = note; $("ghi-chu-nguon").hidden = !note;
      } else {
        $("tien-do").hidden = true;
        if (!data.html) { say(data.loi || "Chưa tính được."); }  // else the report area says it, with the list
        $("tai-ve").hidden = true;
      }
      return;
    }
  }

  const agree = $("dong-y"), persons = $("tai-nguoi");
  agree.addEventListener("change", () => {
    persons.setAttribute("aria-disabled", agree.checked ? "false" : "true");
    persons.href = agree.checked ? "/tai-ve/danh-sach-can-van-dong.xlsx?dong-y=co" : "#";
  });

  $("xong").addEventListener("click", async () => {
    try {
      const data = await post("/api/xong", "");
      uploaded = 0; showCount(0);
      $("ket-qua").innerHTML = ""; $("tai-ve").hidden = true; $("tien-do").hidden = true; $("ghi-chu-nguon").hidden = true;
      $("thu-muc").value = "";
      progress(data["thong-bao"] || "Đã xóa.", 0, 0); $("thanh").hidden = true;
    } catch (e) { say(e.message); }
  });
})();
