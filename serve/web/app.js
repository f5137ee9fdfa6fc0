// icsflow serve: the scenario explorer. Plain JavaScript, no libraries, nothing fetched from elsewhere: the page
// talks only to the JSON API of the icsflow that served it (docs/serve.md).
"use strict";

// ---------------------------------------------------------------------------------------------------------------
// Small helpers
const $ = (selector, root = document) => root.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(method, path, body, type = "application/json") {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.body = typeof body === "string" ? body : JSON.stringify(body);
    options.headers["Content-Type"] = type;
  }
  const response = await fetch(path, options);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  return { status: response.status, ok: response.ok, data };
}

function errorText(data) {
  if (data && Array.isArray(data.errors) && data.errors.length) {
    return data.errors.map((e) => (e.line ? `line ${e.line}, column ${e.column}: ` : "") +
      (e.key ? `${e.key}: ` : "") + e.message).join("; ");
  }
  return typeof data === "string" && data ? data : "the server did not say why";
}

// Numbers as people read them: about three significant figures, thousands separated.
function fmt(value, decimals) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (decimals === undefined) {
    const size = Math.abs(value);
    decimals = size >= 100 ? 0 : size >= 10 ? 1 : size >= 1 ? 2 : 3;
  }
  return value.toLocaleString("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
const signed = (value, decimals) => (value > 0 ? "+" : "") + fmt(value, decimals);
const percent = (p) => `${Math.round(100 * p)}%`;
// "Avoidable (ACSC) admissions" stays as it is; "Spend, cash" becomes "spend, cash".
const lowerFirst = (text) => (text.length > 1 && text[1] === text[1].toLowerCase() ? text[0].toLowerCase() + text.slice(1) : text);

// ---------------------------------------------------------------------------------------------------------------
// Tabs
const TABS = ["build", "run", "results"];
function show(tab) {
  if (!TABS.includes(tab)) tab = "build";
  for (const page of document.querySelectorAll(".page")) page.classList.toggle("active", page.id === "page-" + tab);
  for (const button of document.querySelectorAll(".tab")) button.classList.toggle("active", button.dataset.tab === tab);
  if (location.hash !== "#" + tab) history.replaceState(null, "", "#" + tab);
}
for (const button of document.querySelectorAll(".tab")) button.addEventListener("click", () => show(button.dataset.tab));
window.addEventListener("hashchange", () => show(location.hash.slice(1)));

// ---------------------------------------------------------------------------------------------------------------
// 1. Build a scenario: every key of the schema (GET /api/levers) as a switch, slider or range, the TOML written
// from them and checked by the server as it changes.
const build = { schema: null, values: {}, handEdited: false, timer: null };

const clone = (value) => (value === null || value === undefined ? null : JSON.parse(JSON.stringify(value)));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const allKeys = () => build.schema.groups.flatMap((g) => g.keys);

function startFrom(which) {
  for (const key of allKeys()) {
    const value = key[which] === null || key[which] === undefined ? key.baseline : key[which];
    build.values[key.path] = clone(value);
  }
  build.handEdited = false;
  renderLevers();
  writeToml();
}

function title(table) {
  if (table === "capacity") return "Capacities (multipliers on today's)";
  if (table === "services") return "Today's services (in every scenario)";
  if (table === "levers.timing") return "Time to effect";
  const name = table.replace(/^levers\./, "").replace(/_/g, " ");
  return name.charAt(0).toUpperCase() + name.slice(1);
}

// A slider's step: about 200 steps over its range, a round number.
function stepFor(min, max) {
  const raw = (max - min) / 200;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
}

function slider(min, max, value, onChange, label) {
  const step = stepFor(min, max);
  const range = el("input", { type: "range", min, max, step, value, "aria-label": label });
  const number = el("input", { type: "number", min, max, step: "any", value, "aria-label": label + " (value)" });
  range.addEventListener("input", () => { number.value = range.value; onChange(Number(range.value)); });
  number.addEventListener("change", () => {
    const v = Math.min(max, Math.max(min, Number(number.value)));
    number.value = v; range.value = v; onChange(v);
  });
  return [range, number];
}

function keyControl(key) {
  const value = build.values[key.path];
  const set = (v) => { build.values[key.path] = v; changed(); };
  const control = el("div", { class: "control" });
  if (value === null) {  // not set by the base scenario: the embedded data's value holds unless overridden
    control.append(el("label", { class: "check" },
      el("input", { type: "checkbox", "data-key": key.path + ".override", onchange: () => {
        build.values[key.path] = key.type === "effect range"
          ? { low: key.min, mode: (key.min + key.max) / 2, high: key.max } : (key.min + key.max) / 2;
        renderLevers(); changed();
      } }), "today's value from the baseline data (docs/scenarios.md); tick to override"));
    return control;
  }
  if (key.type === "number") {
    if (key.max - key.min > 1000) {  // money: typed, a slider over 100,000 is no use
      control.append(el("input", { type: "number", min: key.min, max: key.max, value, "data-key": key.path,
        "aria-label": key.path, onchange: (e) => set(Math.min(key.max, Math.max(key.min, Number(e.target.value)))) }));
    } else {
      const [range, number] = slider(key.min, key.max, value, set, key.path);
      range.dataset.key = key.path;
      control.append(range, number);
    }
  } else if (key.type === "effect range") {
    const box = el("div", { style: "display:grid;grid-template-columns:auto 1fr auto;gap:2px 6px;width:100%" });
    for (const [part, words] of [["low", "low"], ["mode", "most likely"], ["high", "high"]]) {
      const [range, number] = slider(key.min, key.max, value[part], (v) => {
        const r = build.values[key.path];
        r[part] = v;
        // keep low <= most likely <= high
        if (part === "low") { r.mode = Math.max(r.mode, v); r.high = Math.max(r.high, v); }
        if (part === "high") { r.mode = Math.min(r.mode, v); r.low = Math.min(r.low, v); }
        if (part === "mode") { r.low = Math.min(r.low, v); r.high = Math.max(r.high, v); }
        for (const p of ["low", "mode", "high"]) {
          for (const input of box.querySelectorAll(`[data-part="${p}"]`)) input.value = r[p];
        }
        changed();
      }, `${key.path} ${words}`);
      range.dataset.part = part; number.dataset.part = part; range.dataset.key = `${key.path}.${part}`;
      box.append(el("span", { class: "part" }, words), range, number);
    }
    control.append(box);
  } else if (key.type === "5 weights") {
    value.forEach((w, q) => {
      control.append(el("span", { class: "part" }, `Q${q + 1}`),
        el("input", { type: "number", min: key.min, max: key.max, step: "any", value: w, "aria-label": `${key.path} Q${q + 1}`,
          onchange: (e) => { build.values[key.path][q] = Number(e.target.value); changed(); } }));
    });
  }
  return control;
}

// The levers first (what a scenario is about), then time to effect, today's services and capacities.
function orderedGroups() {
  const rank = (g) => (g.table === "capacity" ? 3 : g.table === "services" ? 2 : g.table === "levers.timing" ? 1 : 0);
  return build.schema.groups.slice().sort((a, b) => rank(a) - rank(b));
}

function renderLevers() {
  const cards = $("#lever-cards");
  cards.replaceChildren();
  for (const group of orderedGroups()) {
    const enabledKey = group.keys.find((k) => k.name === "enabled");
    const on = enabledKey ? build.values[enabledKey.path] === true : true;
    const card = el("div", { class: `card lever ${on ? "on" : "off"}`, id: "lever-" + group.table.replace(/\./g, "-") });
    const head = el("div", { class: "lever-head" }, el("h3", {}, title(group.table)));
    if (enabledKey) {
      head.append(el("label", { class: "switch" },
        el("input", { type: "checkbox", checked: on, "data-key": enabledKey.path, onchange: (e) => {
          build.values[enabledKey.path] = e.target.checked; renderLevers(); changed();
        } }), on ? "on" : "off"));
    }
    card.append(head);
    if (enabledKey) card.append(el("div", { class: "small muted" }, enabledKey.meaning));
    if (group.evidence) {
      card.append(el("details", { class: "evidence" }, el("summary", {}, "Evidence and what runs today"),
        el("p", {}, group.evidence)));
    }
    for (const key of group.keys) {
      if (key === enabledKey) continue;
      const range = key.type === "boolean" ? "" : ` [${key.min} to ${key.max}]`;
      card.append(el("div", { class: "key" },
        el("div", { class: "what" }, el("b", {}, key.name), " ", key.meaning, range,
          key.note ? el("span", { class: "note" }, key.note) : null),
        keyControl(key)));
    }
    cards.append(card);
  }
}

const tomlNumber = (v) => (Number.isInteger(v) ? v.toFixed(1) : String(Number(v.toPrecision(6))));
function tomlValue(value) {
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return tomlNumber(value);
  if (Array.isArray(value)) return "[" + value.map(tomlNumber).join(", ") + "]";
  return `{ low = ${tomlNumber(value.low)}, mode = ${tomlNumber(value.mode)}, high = ${tomlNumber(value.high)} }`;
}
const tomlString = (s) => JSON.stringify(s);  // a TOML basic string is a JSON string for these characters

function tomlText() {
  const lines = [
    "# Written by icsflow serve. To run it, keep it in the",
    "# scenarios folder, next to siloed.toml.",
    `extends = ${tomlString(build.schema.base_file)}`,
    `name = ${tomlString($("#scenario-name").value)}`,
  ];
  const description = $("#scenario-description").value;
  if (description) lines.push(`description = ${tomlString(description)}`);
  for (const group of build.schema.groups) {
    const changedKeys = group.keys.filter((k) => build.values[k.path] !== null && !same(build.values[k.path], k.baseline));
    if (!changedKeys.length) continue;
    lines.push("", `[${group.table}]`);
    for (const key of changedKeys) lines.push(`${key.name} = ${tomlValue(build.values[key.path])}`);
  }
  return lines.join("\n") + "\n";
}

const NOTE_FROM_SETTINGS = "Written from the settings on the left. You may edit it by hand; it is checked as you type, " +
  "by the same rules as icsflow validate.";
const NOTE_BY_HAND = "Edited by hand: the settings on the left no longer change it (“Back to the sliders” rewrites it " +
  "from them). It is checked as you type, by the same rules as icsflow validate.";

function writeToml() {
  $("#toml").value = tomlText();
  $("#toml-note").textContent = NOTE_FROM_SETTINGS;
  $("#from-sliders").hidden = true;
  numberLines([]);
  validateSoon();
}

function changed() {
  for (const card of document.querySelectorAll(".lever")) {
    const input = card.querySelector(".switch input");
    if (input) { card.classList.toggle("on", input.checked); card.classList.toggle("off", !input.checked); }
  }
  if (!build.handEdited) writeToml();
}

function numberLines(errorLines) {
  const count = $("#toml").value.split("\n").length;
  const gutter = $("#toml-lines");
  gutter.replaceChildren();
  for (let i = 1; i <= count; ++i) {
    gutter.append(el("span", { class: errorLines.includes(i) ? "error" : null }, String(i)), "\n");
  }
  gutter.scrollTop = $("#toml").scrollTop;
}

function validateSoon() {
  clearTimeout(build.timer);
  build.timer = setTimeout(validate, 250);
}

async function validate() {
  const box = $("#validation");
  const text = $("#toml").value;
  const { ok, data } = await api("POST", "/api/validate", text, "application/toml");
  if ($("#toml").value !== text) return;  // typed again meanwhile
  if (ok) {
    box.className = "validation ok";
    box.textContent = `✓ Valid: '${data.name}'` +
      (data.levers_on && data.levers_on.length ? `, levers on: ${data.levers_on.join(", ")}` : ", no lever on");
    numberLines([]);
  } else {
    box.className = "validation bad";
    const errors = (data && data.errors) || [];
    box.replaceChildren(...(errors.length ? errors : [{ message: errorText(data) }]).map((e) =>
      el("div", {}, e.line ? el("strong", {}, `Line ${e.line}, column ${e.column}: `) : null,
        e.key ? el("code", {}, e.key) : null, e.key ? " " : null, e.message)));
    numberLines(errors.map((e) => e.line).filter(Boolean));
  }
  return ok;
}

function editedByHand() {
  build.handEdited = true;
  $("#from-sliders").hidden = false;
  $("#toml-note").textContent = NOTE_BY_HAND;
}

$("#toml").addEventListener("input", () => {
  editedByHand();
  numberLines([]);
  validateSoon();
});
$("#toml").addEventListener("scroll", () => { $("#toml-lines").scrollTop = $("#toml").scrollTop; });
$("#from-sliders").addEventListener("click", () => { build.handEdited = false; renderLevers(); writeToml(); });
$("#scenario-name").addEventListener("input", () => { if (!build.handEdited) writeToml(); });
$("#scenario-description").addEventListener("input", () => { if (!build.handEdited) writeToml(); });
$("#start-siloed").addEventListener("click", () => startFrom("baseline"));
$("#start-partnership").addEventListener("click", () => startFrom("partnership"));

// Saves the scenario on the server; its name, or null (the reason shown) when it could not be saved.
async function save() {
  const status = $("#save-status");
  const { ok, data } = await api("POST", "/api/scenarios", $("#toml").value, "application/toml");
  if (!ok) {
    status.className = "small bad";
    status.textContent = "Not saved: " + errorText(data);
    validate();
    return null;
  }
  status.className = "small good";
  status.textContent = `Saved as '${data.name}': choose it on “Run a comparison”.`;
  await loadScenarios(data.name);
  return data.name;
}

$("#save").addEventListener("click", save);

// The meeting's shortcut: save, then compare with today's SEL at the run tab's settings (full scale by default).
$("#save-and-compare").addEventListener("click", async () => {
  const name = await save();
  if (!name) return;
  $("#base").value = "siloed";
  for (const box of document.querySelectorAll("#alternatives input")) box.checked = box.value === name;
  attributionAllowed();
  show("run");
  $("#start").click();
});

$("#download-toml").addEventListener("click", () => {
  const blob = new Blob([$("#toml").value], { type: "application/toml" });
  const link = el("a", { href: URL.createObjectURL(blob), download: ($("#scenario-name").value || "scenario") + ".toml" });
  document.body.append(link);
  link.click();
  link.remove();
});

$("#load-button").addEventListener("click", () => $("#load-toml").click());
$("#load-toml").addEventListener("change", async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  $("#toml").value = await file.text();
  e.target.value = "";
  editedByHand();
  numberLines([]);
  validate();
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Run a comparison: shipped and saved scenarios, settings, jobs with progress and cancel.
const run = { jobs: [], polling: null, follow: null };

async function loadScenarios(select) {
  const { ok, data } = await api("GET", "/api/scenarios");
  if (!ok) return;
  const all = [...data.shipped.map((s) => ({ ...s, saved: false })), ...data.saved.map((s) => ({ ...s, saved: true }))];
  const base = $("#base");
  const chosenBase = base.value || "siloed";
  const chosen = new Set([...document.querySelectorAll("#alternatives input:checked")].map((i) => i.value));
  if (!chosen.size) chosen.add("partnership");
  if (select) chosen.add(select);
  base.replaceChildren(...all.map((s) => el("option", { value: s.name, selected: s.name === chosenBase },
    s.name + (s.saved ? " (saved)" : ""))));
  $("#alternatives").replaceChildren(...all.map((s) => el("label", { title: s.error || s.description || "" },
    el("input", { type: "checkbox", value: s.name, checked: chosen.has(s.name) && !s.error, disabled: Boolean(s.error),
      onchange: attributionAllowed }),
    s.name + (s.saved ? " (saved)" : ""),
    s.error ? el("span", { class: "small bad" }, " · no longer valid: " + s.error)
      : el("span", { class: "small muted" }, s.levers_on.length ? ` · ${s.levers_on.length} lever(s)` : " · no lever"))));
  attributionAllowed();
}

function attributionAllowed() {
  const alternatives = document.querySelectorAll("#alternatives input:checked").length;
  const box = $("#attribution");
  box.disabled = alternatives !== 1;
  if (box.disabled) box.checked = false;
}

$("#start").addEventListener("click", async () => {
  const status = $("#run-status");
  const request = {
    base: $("#base").value,
    alternatives: [...document.querySelectorAll("#alternatives input:checked")].map((i) => i.value),
    scale: Number($("#scale").value),
    replications: Number($("#replications").value),
    seed: Number($("#seed").value),
    years: Number($("#years").value),
    attribution: $("#attribution").checked,
  };
  const { ok, data } = await api("POST", "/api/compare", request);
  if (!ok) {
    status.className = "small bad";
    status.textContent = "Not started: " + errorText(data);
    return;
  }
  status.className = "small";
  status.textContent = `Comparison ${data.job} queued.`;
  run.follow = data.job;
  pollJobs();
});

function settingsText(r) {
  return `${percent(r.scale)} of SEL · ${r.replications} replications · seed ${r.seed} · ${r.years} year(s)` +
    (r.attribution ? " · each lever's share" : "");
}

function renderJobs() {
  const body = $("#jobs tbody");
  body.replaceChildren(...run.jobs.slice().reverse().map((job) => {
    const r = job.request;
    const active = job.state === "queued" || job.state === "running";
    return el("tr", { id: `job-${job.id}` },
      el("td", {}, String(job.id)),
      el("td", {}, `${r.base} vs ${r.alternatives.join(", ")}`),
      el("td", { class: "small" }, settingsText(r)),
      el("td", { class: `state-${job.state}` }, job.state, job.error ? el("div", { class: "small" }, job.error) : null),
      el("td", {}, el("div", { class: "bar" }, el("span", { style: `width:${Math.round(100 * job.progress)}%` })),
        el("div", { class: "small muted" }, `${percent(job.progress)} · ${job.stage} · ${fmt(job.seconds, 0)} s` +
          (job.state === "running" && job.progress > 0.05 && job.progress < 0.9
            ? ` · about ${fmt(job.running_seconds * (0.9 / job.progress - 1) + 1, 0)} s left` : ""))),
      el("td", {}, active ? el("button", { onclick: () => cancelJob(job.id) }, "Cancel") : null,
        job.state === "done" ? el("button", { onclick: () => openResults(job.id) }, "Show results") : null));
  }));
  const done = run.jobs.filter((j) => j.state === "done");
  const select = $("#result-job");
  const current = select.value;
  select.replaceChildren(...done.slice().reverse().map((j) => el("option", { value: j.id, selected: String(j.id) === current },
    `#${j.id}: ${j.request.base} vs ${j.request.alternatives.join(", ")} (${settingsText(j.request)})`)));
}

async function pollJobs() {
  clearTimeout(run.polling);
  const { ok, data } = await api("GET", "/api/jobs");
  if (ok) {
    run.jobs = data;
    renderJobs();
    const followed = data.find((j) => j.id === run.follow);
    if (followed && followed.state === "done") { run.follow = null; openResults(followed.id); }
    if (followed && (followed.state === "failed" || followed.state === "cancelled")) run.follow = null;
  }
  if (run.jobs.some((j) => j.state === "queued" || j.state === "running")) run.polling = setTimeout(pollJobs, 700);
}

async function cancelJob(id) {
  await api("POST", `/api/jobs/${id}/cancel`);
  pollJobs();
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Results: drawn from the job's results.json (the report package's page data) as SVG.
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) if (value !== null && value !== undefined) node.setAttribute(key, value);
  for (const child of children.flat()) if (child) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}
// Round values for an axis from low to high; tickText shows them with as many decimals as their step needs.
function ticks(low, high, count = 5) {
  const span = high - low || Math.abs(high) || 1;
  const raw = span / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const out = [];
  for (let t = Math.ceil(low / step) * step; t <= high + 1e-9 * span; t += step) out.push(Math.abs(t) < 1e-12 ? 0 : t);
  out.decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (Math.abs(step / power - 2.5) < 1e-9 ? 1 : 0));
  return out;
}
const tickText = (t, all) => fmt(t, all.decimals);
function extent(values) {
  const finite = values.filter(Number.isFinite);
  return finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
}

// The frame of a chart of labelled rows on a horizontal axis that spans `values` and zero: the axis, its grid, the
// zero line and the unit; rowY(i) is the middle of row i.
function rowFrame(rowCount, values, unit) {
  const width = 560, left = 170, right = 20, rowHeight = 24, top = 10, bottom = 30;
  const height = top + bottom + rowHeight * rowCount;
  let [lo, hi] = extent([0, ...values]);
  if (lo === hi) { lo -= 1; hi += 1; }
  const pad = 0.05 * (hi - lo);
  lo -= pad; hi += pad;
  const x = (v) => left + (v - lo) / (hi - lo) * (width - left - right);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  const xt = ticks(lo, hi);
  for (const t of xt) {
    chart.append(svg("line", { class: "grid", x1: x(t), x2: x(t), y1: top, y2: height - bottom }),
      svg("text", { x: x(t), y: height - bottom + 14, "text-anchor": "middle" }, tickText(t, xt)));
  }
  chart.append(svg("line", { class: "zero", x1: x(0), x2: x(0), y1: top, y2: height - bottom }),
    svg("text", { x: (left + width - right) / 2, y: height - 4, "text-anchor": "middle" }, unit));
  const rowY = (i) => top + i * rowHeight + rowHeight / 2;
  const label = (i, text, bold) => chart.append(svg("text", { x: left - 6, y: rowY(i) + 4, "text-anchor": "end",
    "font-weight": bold ? 600 : null }, text));
  const bar = (i, from, to, fill, tip, opacity = 0.8) => chart.append(svg("rect", { x: Math.min(x(from), x(to)),
    y: rowY(i) - 7, width: Math.max(1, Math.abs(x(to) - x(from))), height: 14, fill, opacity }, svg("title", {}, tip)));
  const whisker = (i, low, high, stroke) => {
    if (!Number.isFinite(low) || !Number.isFinite(high)) return;
    const y = rowY(i);
    chart.append(svg("line", { x1: x(low), x2: x(high), y1: y, y2: y, stroke, "stroke-width": 1.5 }),
      svg("line", { x1: x(low), x2: x(low), y1: y - 5, y2: y + 5, stroke }),
      svg("line", { x1: x(high), x2: x(high), y1: y - 5, y2: y + 5, stroke }));
  };
  return { chart, x, rowY, label, bar, whisker };
}

// Horizontal bars with 95% interval whiskers around zero: one row per label.
function intervalBars(rows, unit) {
  const frame = rowFrame(rows.length, rows.flatMap((r) => [r.value, r.low, r.high]), unit);
  rows.forEach((r, i) => {
    const colour = r.colour || (r.good === true ? "var(--good)" : r.good === false ? "var(--bad)" : "var(--alt)");
    frame.label(i, r.label);
    if (Number.isFinite(r.value)) {
      frame.bar(i, 0, r.value, colour, `${r.label}: ${signed(r.value)} (${fmt(r.low)} to ${fmt(r.high)})`, 0.75);
    }
    frame.whisker(i, r.low, r.high, "#1d2733");
  });
  return frame.chart;
}

// A waterfall: each step starts where the one before ended; the total is drawn from zero with its interval.
function waterfall(steps, total, unit) {
  const ends = [];
  let level = 0;
  for (const step of steps) {
    ends.push([level, level + (Number.isFinite(step.value) ? step.value : 0)]);
    level = ends.at(-1)[1];
  }
  const frame = rowFrame(steps.length + 1, [...ends.flat(), total.value, total.low, total.high], unit);
  steps.forEach((step, i) => {
    const [from, to] = ends[i];
    frame.label(i, step.label);
    frame.bar(i, from, to, to < from ? "#4f8fcf" : "#d98c3a", `${step.label}: ${signed(step.value)}; ${step.note}`, 1);
    if (i + 1 < steps.length) {
      frame.chart.append(svg("line", { x1: frame.x(to), x2: frame.x(to), y1: frame.rowY(i) + 7, y2: frame.rowY(i + 1) - 7,
        stroke: "#9aa5b1" }));
    }
  });
  const last = steps.length;
  frame.label(last, total.label, true);
  frame.bar(last, 0, total.value, "#1d2733", `${total.label}: ${signed(total.value)}`);
  frame.whisker(last, total.low, total.high, "#b3261e");
  return frame.chart;
}

// Lines over x (months): one per series, behind each its band from `low` to `high` when it has them. The x ticks
// read `labels` when given (calendar months), else the numbers; as many as fit. The unit sits above the plot.
function lines(xs, series, unit, labels) {
  const width = 560, height = 240, left = 56, right = 130, top = 24, bottom = 34;
  const [x0, x1] = extent(xs);
  let [lo, hi] = extent(series.flatMap((s) => [...s.values, ...(s.low || []), ...(s.high || [])]));
  const pad = 0.1 * (hi - lo || Math.abs(hi) || 1);
  lo -= pad; hi += pad;
  const x = (v) => left + (x1 === x0 ? 0.5 : (v - x0) / (x1 - x0)) * (width - left - right);
  const y = (v) => top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  const yt = ticks(lo, hi);
  for (const t of yt) {
    chart.append(svg("line", { class: "grid", x1: left, x2: width - right, y1: y(t), y2: y(t) }),
      svg("text", { x: left - 6, y: y(t) + 4, "text-anchor": "end" }, tickText(t, yt)));
  }
  const names = labels || xs.map(String);
  const every = Math.ceil(xs.length * (7 * Math.max(...names.map((t) => t.length)) + 6) / (width - left - right));
  xs.forEach((t, j) => {
    if (j % every === 0) chart.append(svg("text", { x: x(t), y: height - bottom + 14, "text-anchor": "middle" }, names[j]));
  });
  chart.append(svg("text", { x: (left + width - right) / 2, y: height - 4, "text-anchor": "middle" },
    labels ? "month" : "month of the results period"),
    svg("text", { x: 12, y: 12, "text-anchor": "start" }, unit));
  for (const s of series) {
    // The band: along the high ends, then back along the low ones, where both are numbers.
    const ends = xs.map((t, j) => [x(t), (s.low || [])[j], (s.high || [])[j]])
      .filter(([, low, high]) => Number.isFinite(low) && Number.isFinite(high));
    if (!ends.length) continue;
    const outline = [...ends.map(([px, , high]) => `${px},${y(high)}`), ...[...ends].reverse().map(([px, low]) => `${px},${y(low)}`)];
    chart.append(svg("polygon", { points: outline.join(" "), fill: s.colour, opacity: 0.15 }));
  }
  series.forEach((s, i) => {
    const points = xs.map((t, j) => [t, s.values[j]]).filter(([, v]) => Number.isFinite(v));
    chart.append(svg("polyline", { points: points.map(([t, v]) => `${x(t)},${y(v)}`).join(" "), fill: "none",
      stroke: s.colour, "stroke-width": 2 }));
    chart.append(svg("text", { x: width - right + 8, y: top + 14 + 16 * i, fill: s.colour },
      s.name.length > 16 ? s.name.slice(0, 15) + "…" : s.name, svg("title", {}, s.name)));
  });
  return chart;
}

// The S-curve: the per-replication differences sorted, each at its cumulative share, with zero marked.
function sCurve(differences, unit, colour) {
  const width = 560, height = 220, left = 56, right = 20, top = 10, bottom = 34;
  const sorted = differences.filter(Number.isFinite).slice().sort((a, b) => a - b);
  let [lo, hi] = extent([...sorted, 0]);
  const pad = 0.08 * (hi - lo || 1);
  lo -= pad; hi += pad;
  const x = (v) => left + (v - lo) / (hi - lo) * (width - left - right);
  const y = (p) => top + (1 - p) * (height - top - bottom);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    chart.append(svg("line", { class: "grid", x1: left, x2: width - right, y1: y(p), y2: y(p) }),
      svg("text", { x: left - 6, y: y(p) + 4, "text-anchor": "end" }, percent(p)));
  }
  const xt = ticks(lo, hi);
  for (const t of xt) chart.append(svg("text", { x: x(t), y: height - bottom + 14, "text-anchor": "middle" }, tickText(t, xt)));
  chart.append(svg("line", { class: "zero", x1: x(0), x2: x(0), y1: top, y2: height - bottom }),
    svg("text", { x: (left + width - right) / 2, y: height - 4, "text-anchor": "middle" }, `difference, ${unit} (alternative − base)`));
  const n = sorted.length;
  const path = sorted.flatMap((v, i) => [`${x(v)},${y(i / n)}`, `${x(v)},${y((i + 1) / n)}`]);
  chart.append(svg("polyline", { points: path.join(" "), fill: "none", stroke: colour, "stroke-width": 2 }));
  sorted.forEach((v, i) => chart.append(svg("circle", { cx: x(v), cy: y((i + 1) / n), r: 3, fill: colour },
    svg("title", {}, `replication difference ${signed(v)}`))));
  return chart;
}

// Grouped vertical bars: categories along x, one bar per series.
function groupedBars(categories, series, unit) {
  const width = 560, height = 260, left = 56, right = 10, top = 24, bottom = 70;
  let [lo, hi] = extent([...series.flatMap((s) => s.values), 0]);
  hi += 0.08 * (hi - lo || 1);
  const y = (v) => top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom);
  const band = (width - left - right) / categories.length;
  const barWidth = Math.min(28, (band - 10) / series.length);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  const yt = ticks(lo, hi);
  for (const t of yt) {
    chart.append(svg("line", { class: "grid", x1: left, x2: width - right, y1: y(t), y2: y(t) }),
      svg("text", { x: left - 6, y: y(t) + 4, "text-anchor": "end" }, tickText(t, yt)));
  }
  chart.append(svg("text", { x: 8, y: 12 }, unit));
  categories.forEach((c, i) => {
    const centre = left + band * (i + 0.5);
    series.forEach((s, j) => {
      const v = s.values[i];
      if (!Number.isFinite(v)) return;
      const bx = centre + (j - series.length / 2) * barWidth;
      chart.append(svg("rect", { x: bx, y: Math.min(y(v), y(0)), width: barWidth - 2, height: Math.abs(y(0) - y(v)),
        fill: s.colour }, svg("title", {}, `${s.name}, ${c}: ${fmt(v)}`)));
    });
    chart.append(svg("text", { x: centre, y: height - bottom + 14, "text-anchor": "end",
      transform: `rotate(-30 ${centre} ${height - bottom + 14})` }, c.length > 26 ? c.slice(0, 25) + "…" : c));
  });
  series.forEach((s, j) => chart.append(svg("rect", { x: left + 120 * j, y: height - 16, width: 10, height: 10, fill: s.colour }),
    svg("text", { x: left + 120 * j + 14, y: height - 7 }, s.name)));
  return chart;
}

function chartCard(heading, chart, reading, id) {
  return el("div", { class: "card chart", id }, el("h3", {}, heading), chart, el("p", { class: "read" }, reading));
}

const PALETTE = ["#7a8793", "#005eb8", "#e07b00", "#7b3fa0", "#1b7f3b", "#b3261e"];

function headlineTable(rows, base, alt) {
  const table = el("table", { class: "headline" }, el("thead", {}, el("tr", {}, el("th", {}, "Measure"),
    el("th", { class: "num" }, base), el("th", { class: "num" }, alt), el("th", { class: "num" }, "Difference"),
    el("th", { class: "num" }, "95% interval"), el("th", {}, "Reading"))));
  const body = el("tbody");
  for (const row of rows) {
    if (row.group) body.append(el("tr", { class: "group" }, el("td", { colspan: 6 }, row.group)));
    const cls = row.good === true ? "good" : row.good === false ? "bad" : null;
    body.append(el("tr", { "data-metric": row.metric },
      el("td", {}, row.label, el("div", { class: "small muted" }, row.unit)),
      el("td", { class: "num" }, row.text ? row.text.base : fmt(row.base)),
      el("td", { class: "num" }, row.text ? row.text.alt : fmt(row.alt)),
      el("td", { class: `num ${cls || ""}` }, row.text ? row.text.difference : signed(row.difference)),
      el("td", { class: "num" }, row.text ? row.text.interval : `${fmt(row.low)} to ${fmt(row.high)}`),
      el("td", { class: "reading" }, row.reading || "")));
  }
  table.append(body);
  return table;
}

function renderResults(id, page) {
  const s = page.settings;
  const body = $("#result-body");
  body.replaceChildren();
  const colours = {};
  [s.base, ...s.alternatives].forEach((name, i) => { colours[name] = PALETTE[i % PALETTE.length]; });

  for (const warning of page.warnings || []) {
    body.append(el("div", { class: "warning", role: "alert" }, el("strong", {}, "Read with care"), warning));
  }
  body.append(el("div", { class: "card", id: "result-settings" }, el("h2", {}, page.settings.title || `${s.base} compared with ${s.alternatives.join(", ")}`),
    el("p", { class: "muted" }, `${percent(s.scale)} of South East London simulated, ${s.replications} replications, seed ${s.seed}, ` +
      `${s.years} year(s). Differences are alternative − base, a year, for the whole population (scaled up); ` +
      "intervals are 95% over replications, paired by common random numbers."),
    page.downloads_note ? el("p", { class: "small" }, page.downloads_note) : null));

  for (const alt of s.alternatives) {
    const section = el("div", { class: "card", id: `headline-${alt}` }, el("h2", {}, `${alt} compared with ${s.base}`));
    const sentences = (page.sentences || {})[alt] || [];
    if (sentences.length) section.append(el("ul", { class: "sentences" }, sentences.map((t) => el("li", {}, t))));
    section.append(headlineTable((page.headline || {})[alt] || [], s.base, alt));
    body.append(section);

    const uncertain = (page.uncertainty || {})[alt] || [];
    if (uncertain.length) {
      const grid = el("div", { class: "charts", id: `uncertainty-${alt}` });
      for (const u of uncertain) {
        const below = u.probability_lower;
        const words = /£/.test(u.unit)
          ? `Probability that ${lowerFirst(u.label)} falls: ${percent(below)}.`
          : `Probability that ${lowerFirst(u.label)} is lower with ${alt}: ${percent(below)}.`;
        const interval = `Difference ${signed(u.difference)} (95% interval ${fmt(u.low)} to ${fmt(u.high)}).`;
        if (!Array.isArray(u.differences)) {
          grid.append(el("div", { class: "card chart" }, el("h3", {}, u.label), el("p", { class: "big" }, percent(below)),
            el("p", { class: "read" }, `${words} ${interval} Computed from the interval: the file keeps no ` +
              "per-replication value of this measure.")));
          continue;
        }
        const shareBelow = u.differences.filter((d) => d < 0).length;
        grid.append(chartCard(`${u.label}: each replication's difference`, sCurve(u.differences, u.unit, colours[alt]),
          `${words} ${interval} Each step is one replication's difference (alternative − base); the spread is the ` +
          `uncertainty, that of the evidence included. ${shareBelow} of ${u.differences.length} replications are below zero.`));
      }
      body.append(el("h3", {}, `Uncertainty: ${alt}`), grid);
    }
  }

  const money = page.money || {};
  for (const alt of s.alternatives) {
    const rows = money[alt] || [];
    if (!rows.length) continue;
    const cell = (t, d = 1) => (t && t.mean !== null ? el("td", { class: "num" }, signed(t.mean, d),
      t.low !== null ? el("div", { class: "small muted" }, `${signed(t.low, d)} to ${signed(t.high, d)}`) : null)
      : el("td", { class: "num" }, "–"));
    const table = el("table", { id: `money-${alt}` }, el("thead", {}, el("tr", {}, el("th", {}, "Year"),
      el("th", { class: "num" }, "Net cash, £m a year"), el("th", { class: "num" }, "of which the programmes"),
      el("th", { class: "num" }, "Present value so far, £m"), el("th", { class: "num" }, "Cash released per £1"),
      el("th", { class: "num" }, "Replications broken even"))),
      el("tbody", {}, rows.map((r) => el("tr", {}, el("td", {}, String(r.year)), cell(r.net_cash), cell(r.programme_cost),
        cell(r.present_value), cell(r.return_per_pound, 2), el("td", { class: "num" }, percent(r.break_even_share))))));
    const last = rows[rows.length - 1];
    const pays = last.present_value.mean <= 0;
    body.append(el("div", { class: "card", id: `money-card-${alt}` }, el("h2", {}, `Money over time: ${alt} − ${s.base}`),
      el("p", {}, `Over ${rows.length === 1 ? "the year" : `the ${rows.length} years`} ${alt} ${pays ? "saves" : "costs"} ` +
        `£${fmt(Math.abs(last.present_value.mean), 1)}m in cash at today's prices (present value, discounted 3.5% a year; ` +
        `95% interval £${fmt(last.present_value.low, 1)}m to £${fmt(last.present_value.high, 1)}m), and has broken even in ` +
        `${percent(last.break_even_share)} of replications.`),
      table,
      el("p", { class: "small muted" }, "Cash only: bed days freed are capacity until a ward closes. Net cash is the " +
        "alternative's cash spend minus the base's (positive: it costs more); the programmes are the levers' own costs " +
        "within it; cash released per £1 is the programmes' cost less the net cash, over their cost (1 pays back).")));
  }

  if (page.attribution) {
    const a = page.attribution;
    const grid = el("div", { class: "charts", id: "lever-shares" });
    for (const m of a.metrics) {
      const steps = m.levers.map((l) => ({ label: l.label, value: l.without,
        note: `alone ${signed(l.alone)} (${fmt(l.alone_low)} to ${fmt(l.alone_high)})` }));
      if (Number.isFinite(m.together)) steps.push({ label: "levers together", value: m.together, note: "interactions" });
      grid.append(chartCard(`${m.label}: what each lever adds`, waterfall(steps, { label: `all (${a.bundle})`, value: m.total,
        low: m.total_low, high: m.total_high }, m.unit),
        "Each step is what one lever adds to the others: the bundle minus the bundle without it. “Levers together” " +
        "is what they do only in combination (they compete for the same patients and beds, or one needs another). " +
        "The last bar is the whole bundle with its 95% interval; hover a step for the lever alone."));
    }
    body.append(el("h2", {}, "What each lever contributes"), grid);
  }

  const where = el("div", { class: "charts" });
  for (const alt of s.alternatives) {
    const boroughRows = ((page.boroughs || {})[alt] || []);
    for (const metric of [...new Set(boroughRows.map((r) => r.metric))]) {
      const rows = boroughRows.filter((r) => r.metric === metric);
      where.append(chartCard(`${rows[0].label} by borough (${alt})`, intervalBars(rows.map((r) => ({ label: r.borough,
        value: r.difference, low: r.low, high: r.high })), rows[0].unit),
        "Difference a year in each borough with its 95% interval; an interval crossing zero means no clear change there.",
        `boroughs-${alt}`));
    }
    const quintileRows = ((page.deprivation || {})[alt] || []);
    for (const metric of [...new Set(quintileRows.map((r) => r.metric))]) {
      const rows = quintileRows.filter((r) => r.metric === metric);
      where.append(chartCard(`${rows[0].label} by deprivation (${alt})`, intervalBars(rows.map((r) => ({
        label: `quintile ${r.quintile}${r.quintile === 1 ? " (most deprived)" : r.quintile === 5 ? " (least)" : ""}`,
        value: r.difference, low: r.low, high: r.high })), rows[0].unit),
        "Difference a year by deprivation quintile of the residents' neighbourhoods: whether the change reaches " +
        "the most deprived.", `deprivation-${alt}`));
    }
  }
  if (where.childElementCount) body.append(el("h2", {}, "Where: boroughs and deprivation"), where);

  const monthly = page.monthly || {};
  const names = Object.keys(monthly).filter((n) => monthly[n]);
  if (names.length) {
    const { month, label } = monthly[names[0]];
    const measure = (key) => names.map((n) => ({ name: n, colour: colours[n] || "#333", values: monthly[n][key],
      low: monthly[n][`${key}_low`], high: monthly[n][`${key}_high`] }));
    const band = " Shaded: the 95% interval over replications.";
    const time = el("div", { class: "charts", id: "by-month" });
    time.append(chartCard("General & acute bed occupancy", lines(month, measure("occupancy"), "% of beds", label),
      "Mean occupancy of the G&A beds open, month by month. Above about 92% patients wait for beds and flow " +
      `suffers.${band}`, "occupancy"));
    time.append(chartCard("Patients in hospital with no criteria to reside",
      lines(month, measure("delayed"), "patients a night", label),
      `Delayed discharges: medically fit patients still in a bed, each night (all of SEL).${band}`, "delays"));
    if (names.some((n) => (monthly[n].outliers || []).some((v) => v !== null))) {
      time.append(chartCard("Emergency patients in elective beds (outliers)",
        lines(month, measure("outliers"), "patients a night", label),
        "Emergency patients put in elective beds that are not ring-fenced when a site's emergency and escalation " +
        `beds are full, each night (all of SEL): the operations those beds were for are cancelled.${band}`,
        "outliers"));
    }
    body.append(el("h2", {}, "Month by month"), time);
  }

  const spend = page.spend || {};
  const spendNames = Object.keys(spend).filter((n) => spend[n]);
  if (spendNames.length) {
    const categories = spend[spendNames[0]].map((r) => r.short_label || r.label);
    body.append(el("h2", {}, "Spend by sector"), el("div", { class: "charts" }, chartCard("Spend a year by sector",
      groupedBars(categories, spendNames.map((n) => ({ name: n, colour: colours[n] || "#333", values: spend[n].map((r) => r.value) })),
        "£ million a year"),
      "What each sector spends a year in each scenario. Bed days avoided free capacity; cash is released only " +
      "when wards close (see the cash rows of the headline).", "spend")));
  }

  if (page.by_year && page.by_year.length) {
    const table = el("table", { id: "by-year" });
    const alts = s.alternatives;
    table.append(el("thead", {}, el("tr", {}, el("th", {}, "Year"), el("th", {}, "Measure"),
      alts.map((a) => el("th", { class: "num" }, `${a} − ${s.base} (95% interval)`)))));
    const tbody = el("tbody");
    for (const year of page.by_year) {
      const first = year[alts[0]] || [];
      first.forEach((row, i) => {
        tbody.append(el("tr", {}, el("td", {}, i === 0 ? year.label : ""), el("td", {}, row.label),
          alts.map((a) => {
            const r = (year[a] || [])[i];
            return el("td", { class: "num" }, r ? `${signed(r.difference)} (${fmt(r.low)} to ${fmt(r.high)})` : "–");
          })));
      });
    }
    table.append(tbody);
    // The trajectory of a few measures, each year's difference with its interval, for each alternative.
    const trajectories = el("div", { class: "charts", id: "by-year-charts" });
    const shown = ["emergency_admissions", "acsc_admissions", "delayed_discharge_bed_days", "cash_gbp"];
    for (const a of alts) {
      for (const metric of shown) {
        const rows = page.by_year.map((year) => ({ year, row: (year[a] || []).find((r) => r.metric === metric) }))
          .filter((x) => x.row);
        if (!rows.length) continue;
        trajectories.append(chartCard(`${rows[0].row.label}: ${a} − ${s.base}, year by year`,
          intervalBars(rows.map((x) => ({ label: x.year.label, value: x.row.difference, low: x.row.low,
            high: x.row.high, good: x.row.good })), rows[0].row.unit || ""),
          "Each year's difference with its 95% interval: the levers' effects ramp up over the years " +
          "(levers.timing.years_to_full_effect), so the first years show little."));
      }
    }
    body.append(el("h2", {}, "Year by year"), trajectories, el("div", { class: "card" }, el("p", { class: "muted" },
      "Levers take years to reach their full effect: each year's difference."), table));
  }

  const links = $("#downloads");
  links.replaceChildren("Download: ",
    el("a", { href: `/api/jobs/${id}/comparison.h5`, download: "comparison.h5" }, "HDF5"),
    el("a", { href: `/api/jobs/${id}/comparison.csv`, download: "comparison.csv", id: "download-csv" }, "CSV"),
    el("a", { href: `/api/jobs/${id}/comparison.xlsx`, download: "comparison.xlsx" }, "Excel"),
    el("a", { href: `/api/jobs/${id}/report.html`, target: "_blank" }, "HTML report"),
    el("span", { class: "small muted" }, "(CSV, Excel and the report are made on first request: a few seconds)"));
}

async function openResults(id) {
  show("results");
  const select = $("#result-job");
  if ([...select.options].every((o) => o.value !== String(id))) renderJobs();
  select.value = String(id);
  $("#result-body").replaceChildren(el("p", { class: "muted" }, "Loading the results…"));
  const { ok, data } = await api("GET", `/api/jobs/${id}/results.json`);
  if (!ok) {
    $("#result-body").replaceChildren(el("div", { class: "warning" }, "No results: " + errorText(data)));
    return;
  }
  renderResults(id, data);
}
$("#result-job").addEventListener("change", (e) => { if (e.target.value) openResults(Number(e.target.value)); });

// ---------------------------------------------------------------------------------------------------------------
async function start() {
  show(location.hash.slice(1));
  const { ok, data } = await api("GET", "/api/levers");
  if (!ok) {
    $("#lever-cards").replaceChildren(el("div", { class: "warning" }, "Could not load the levers: " + errorText(data)));
    return;
  }
  build.schema = data;
  startFrom("baseline");
  await loadScenarios();
  await pollJobs();
}
start();
