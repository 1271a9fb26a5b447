/* The rubric editor: add and remove criteria in the page and show the weights' total as they are typed.
   Without this file the form still works: one empty row, a delete box per row, the server checks the total. */
(function () {
  "use strict";
  var form = document.getElementById("rubric-form");
  if (!form) return;
  var tbody = form.querySelector("#rubric-table tbody");
  var total = document.getElementById("id_criteria-TOTAL_FORMS");
  var template = document.getElementById("criterion-empty");
  var output = document.getElementById("rubric-total");
  var note = document.getElementById("rubric-total-note");

  function cents(text) {
    var value = parseFloat(String(text || "").replace(",", "."));
    return isNaN(value) ? 0 : Math.round(value * 100);
  }

  function refresh() {
    var sum = 0;
    tbody.querySelectorAll("tr.criterion-row").forEach(function (row) {
      if (row.hidden) return;
      var weight = row.querySelector("input[name$='-weight']");
      if (weight) sum += cents(weight.value);
    });
    var ok = sum === 10000;
    output.textContent = String(sum / 100);
    output.classList.toggle("text-danger", !ok);
    output.classList.toggle("text-success", ok);
    output.closest("th").classList.toggle("text-danger", !ok);
    note.textContent = note.getAttribute(ok ? "data-ok" : "data-off");
    note.classList.toggle("text-danger", !ok);
  }

  function enhance(row) {
    var box = row.querySelector(".rubric-delete-box");
    var button = row.querySelector(".rubric-remove");
    if (!box || !button) return;
    box.hidden = true;
    button.hidden = false;
    button.addEventListener("click", function () {
      var checkbox = box.querySelector("input[type=checkbox]");
      if (checkbox) checkbox.checked = true; // the formset drops a deleted row, kept or new
      row.hidden = true;
      refresh();
    });
    var checkbox = box.querySelector("input[type=checkbox]");
    if (checkbox && checkbox.checked) row.hidden = true;
  }

  tbody.querySelectorAll("tr.criterion-row").forEach(enhance);
  form.querySelectorAll(".rubric-live").forEach(function (element) { element.hidden = false; });

  document.getElementById("rubric-add").addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    tbody.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var row = tbody.lastElementChild;
    enhance(row);
    var name = row.querySelector("input[name$='-name']");
    if (name) name.focus();
    refresh();
  });

  form.addEventListener("input", function (event) {
    if (event.target.name && /-weight$/.test(event.target.name)) refresh();
  });
  refresh();
})();
