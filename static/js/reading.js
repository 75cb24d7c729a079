// The reading view: a passage selected in the source's text becomes a link to the
// claim form, prefilled from the passage. Offsets count the rendered text's characters
// (UTF-16 units), which the server maps back to the stored text.
"use strict";

(function () {
  const text = document.getElementById("reading-text");
  const bar = document.getElementById("selection-bar");
  if (!text || !bar || !text.dataset.proposeUrl) {
    return;
  }
  const link = document.getElementById("claim-selection");
  const preview = document.getElementById("selection-preview");
  const maxLength = Number(text.dataset.maxLength || 1000);

  function offsetOf(node, offset) {
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function selectedOffsets() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return null;
    }
    const range = selection.getRangeAt(0);
    const whole = document.createRange();
    whole.selectNodeContents(text);
    // Only the part of the selection inside the text counts.
    if (
      range.compareBoundaryPoints(Range.END_TO_START, whole) >= 0 ||
      range.compareBoundaryPoints(Range.START_TO_END, whole) <= 0
    ) {
      return null;
    }
    const start =
      range.compareBoundaryPoints(Range.START_TO_START, whole) <= 0
        ? 0
        : offsetOf(range.startContainer, range.startOffset);
    const end =
      range.compareBoundaryPoints(Range.END_TO_END, whole) >= 0
        ? offsetOf(text, text.childNodes.length)
        : offsetOf(range.endContainer, range.endOffset);
    return end > start ? { start: start, end: end, text: range.toString() } : null;
  }

  function update() {
    const selected = selectedOffsets();
    if (!selected || !selected.text.trim()) {
      bar.hidden = true;
      return;
    }
    const words = selected.text.trim().replace(/\s+/g, " ");
    preview.textContent = "“" + (words.length > 120 ? words.slice(0, 117) + "…" : words) + "”";
    // Offsets count in the page of the text shown; the server adds where it begins.
    const params = new URLSearchParams({
      start: selected.start,
      end: selected.end,
      page: text.dataset.page || 1,
    });
    link.href = text.dataset.proposeUrl + "?" + params.toString();
    bar.classList.toggle("too-long", selected.end - selected.start > maxLength);
    bar.hidden = false;
  }

  document.addEventListener("selectionchange", update);
})();
