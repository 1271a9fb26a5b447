// List tables on a phone: each cell learns its column's header (data-label) and the table is marked
// table-cards, which static/css/platform.css stacks into one card per row below 576 px ("label: value").
// Loaded by includes/pagination.html, so every list page has it; kept out of the markup (no inline script under
// the Content-Security-Policy). Runs once per table, again after htmx swaps new rows in.
(function () {
  if (window.platformTables) {
    window.platformTables.label(document);
    return;
  }

  function headerText(cell) {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll(".sort-arrow, .visually-hidden").forEach((node) => node.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function columnLabels(table) {
    const rows = table.tHead ? table.tHead.rows : [];
    if (!rows.length) return null;
    const labels = [];
    for (const cell of rows[rows.length - 1].cells) {
      const text = headerText(cell);
      for (let span = 0; span < (cell.colSpan || 1); span += 1) labels.push(text);
    }
    return labels;
  }

  function labelTable(table) {
    const labels = columnLabels(table);
    if (!labels) return;
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const text = cell.colSpan > 1 ? "" : labels[column] || "";
          if (text) cell.setAttribute("data-label", text);
          else cell.removeAttribute("data-label");
          column += cell.colSpan || 1;
        }
      }
    }
    table.classList.add("table-cards");
  }

  function label(root) {
    (root || document).querySelectorAll("table.table").forEach(labelTable);
  }

  window.platformTables = { label: label };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => label(document));
  } else {
    label(document);
  }
  document.addEventListener("htmx:afterSettle", () => label(document));
})();
