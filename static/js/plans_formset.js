/* "Add a row" for the plan form's formsets: clone the empty form, numbered after the last row. */
(function () {
  "use strict";
  document.querySelectorAll(".formset-add").forEach(function (button) {
    button.addEventListener("click", function () {
      var prefix = button.getAttribute("data-prefix");
      var fieldset = document.getElementById(prefix + "-formset");
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var template = fieldset.querySelector("template.formset-empty");
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      fieldset.querySelector("tbody").insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
    });
  });
})();
