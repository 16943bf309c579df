// The curation page: turns a selection into code-point offsets, fills and sends the
// annotation form, and edits or deletes the facts the tool wrote. JavaScript strings count
// UTF-16 code units; the graph counts Unicode code points (Python str indices), so every
// offset that leaves this page is converted, and an astral character counts once.
"use strict";

/** Code points in the first `utf16Index` code units of `text`. */
function codePointOffset(text, utf16Index) {
  let points = 0;
  for (let i = 0; i < utf16Index; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff && i + 1 < utf16Index) i++;
    points++;
  }
  return points;
}

/** The code-unit index of code point `points` of `text`. */
function utf16Offset(text, points) {
  let i = 0;
  for (let n = 0; n < points && i < text.length; n++) {
    const unit = text.charCodeAt(i);
    i += unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i;
}

const sourceText = JSON.parse(document.getElementById("source-text")?.textContent || '""');
const container = document.getElementById("text");
const form = document.getElementById("annotation");
const csrf = document.querySelector("meta[name=csrf-token]")?.content || "";

/** The current selection inside the text as code-point offsets, or null. */
function selectionOffsets() {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || !container) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(container);
  before.setEnd(range.startContainer, range.startOffset);
  const start16 = before.toString().length;
  const end16 = start16 + range.toString().length;
  if (end16 <= start16) return null;
  return { start: codePointOffset(sourceText, start16), end: codePointOffset(sourceText, end16) };
}

function showSpan(start, end) {
  form.start.value = start;
  form.end.value = end;
  const quote = sourceText.slice(utf16Offset(sourceText, start), utf16Offset(sourceText, end));
  document.getElementById("selected").textContent = quote;
}

function showKind() {
  for (const div of form.querySelectorAll(".kind")) div.hidden = div.dataset.kind !== form.kind.value;
}

function thingValue(fieldset) {
  const labels = {};
  for (const input of fieldset.querySelectorAll(".new-label")) {
    if (input.value.trim()) labels[input.dataset.lang] = input.value.trim();
  }
  if (labels.en) return { new: { kind: fieldset.querySelector(".new-kind").value, labels } };
  return fieldset.querySelector(".thing-choice").value;
}

function annotationOf() {
  const kind = form.kind.value;
  const data = { kind, start: form.start.value, end: form.end.value };
  const div = form.querySelector(`.kind[data-kind="${kind}"]`);
  for (const element of div.querySelectorAll("input[name], select[name], textarea[name]")) {
    data[element.name] = element.type === "checkbox" ? element.checked : element.value;
  }
  for (const fieldset of div.querySelectorAll("fieldset.thing")) data[fieldset.dataset.field] = thingValue(fieldset);
  return data;
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error || response.statusText);
  return answer;
}

function setChoice(fieldset, iri, label) {
  const select = fieldset.querySelector(".thing-choice");
  let option = [...select.options].find((o) => o.value === iri);
  if (!option) {
    option = new Option(label || iri.split("/id/").pop(), iri);
    select.add(option);
  }
  select.value = iri;
}

async function search(fieldset) {
  const query = fieldset.querySelector(".thing-query").value;
  const response = await fetch(`/search?q=${encodeURIComponent(query)}`);
  const things = await response.json();
  const select = fieldset.querySelector(".thing-choice");
  select.length = 1;
  for (const thing of things) select.add(new Option(`${thing.label} (${thing.type || "thing"})`, thing.iri));
  if (things.length) select.selectedIndex = 1;
  fieldset.dataset.searched = query;
}

function edit(article) {
  const data = JSON.parse(article.querySelector("script.form").textContent);
  form.reset();
  form.replaces.value = article.dataset.fact;
  form.kind.value = data.kind;
  showKind();
  showSpan(data.start, data.end);
  const div = form.querySelector(`.kind[data-kind="${data.kind}"]`);
  for (const [name, value] of Object.entries(data)) {
    const fieldset = div.querySelector(`fieldset[data-field="${name}"]`);
    if (fieldset && value) setChoice(fieldset, value);
    const element = div.querySelector(`[name="${name}"]`);
    if (!element) continue;
    if (element.type === "checkbox") element.checked = Boolean(value);
    else element.value = value;
  }
  form.scrollIntoView();
}

if (form) {
  form.kind.addEventListener("change", showKind);
  document.getElementById("use-selection").addEventListener("click", () => {
    const offsets = selectionOffsets();
    if (offsets) showSpan(offsets.start, offsets.end);
  });
  document.getElementById("clear").addEventListener("click", () => {
    form.reset();
    form.replaces.value = "";
    showKind();
  });
  for (const fieldset of form.querySelectorAll("fieldset.thing")) {
    let timer = 0;
    fieldset.querySelector(".thing-query").addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => search(fieldset), 150);
    });
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = document.getElementById("error");
    error.textContent = "";
    try {
      const answer = await post(`${location.pathname}/annotations`, {
        annotation: annotationOf(),
        replaces: form.replaces.value || null,
      });
      document.body.dataset.saved = answer.fact;
      location.reload();
    } catch (problem) {
      error.textContent = problem.message;
    }
  });
  for (const article of document.querySelectorAll("article.fact")) {
    article.querySelector(".edit").addEventListener("click", () => edit(article));
    article.querySelector(".delete").addEventListener("click", async () => {
      await post(`${location.pathname}/annotations/delete`, { fact: article.dataset.fact });
      location.reload();
    });
  }
  for (const button of document.querySelectorAll("button.pick")) {
    button.addEventListener("click", () => showSpan(Number(button.dataset.start), Number(button.dataset.end)));
  }
  showKind();
}

window.curation = { codePointOffset, utf16Offset, selectionOffsets };
