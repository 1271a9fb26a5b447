/* Searchable pickers over plain form controls (tenancy/widgets.py). The control stays in the form and is what
   posts: the picker only reads its options and sets its value, so without this file the form works as before.

   data-picker="searchable"  a <select multiple>: a search box, matches to add, the chosen as removable chips.
   data-picker="regions"     the same for regions, plus a province → city → county cascade; on a <select multiple>
                             the regions are its options (data-level, data-parent), on a text input (one region
                             code) they come from its data-regions attribute and choosing writes the code. */
(function () {
  "use strict";
  var MAX_MATCHES = 8;
  var root = document.documentElement;
  var english = (root.getAttribute("lang") || "").indexOf("en") === 0;
  var WORDS = english
    ? { search: "Search by name or code", province: "Province", city: "City", county: "County (optional)",
        add: "Add", choose: "Choose", remove: "Remove", none: "No match", chosen: "Chosen" }
    : { search: "按名称或代码搜索", province: "省份", city: "城市", county: "区县（可选）",
        add: "添加", choose: "选择", remove: "移除", none: "无匹配项", chosen: "已选" };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The items a picker offers: {code, name, level, parent, search} from the control. */
  function itemsOf(control) {
    if (control.tagName === "SELECT") {
      return Array.prototype.map.call(control.options, function (option) {
        return {
          code: option.value,
          name: option.textContent.trim(),
          level: option.getAttribute("data-level") || "",
          parent: option.getAttribute("data-parent") || "",
          search: (option.getAttribute("data-search") || option.value + " " + option.textContent).toLowerCase(),
        };
      });
    }
    return JSON.parse(control.getAttribute("data-regions") || "[]").map(function (row) {
      return { code: row[0], name: row[1], level: row[2], parent: row[3], search: row[4] };
    });
  }

  function enhance(control) {
    if (control.getAttribute("data-picker-ready")) return; // a page may load this file twice
    control.setAttribute("data-picker-ready", "1");
    var multiple = control.tagName === "SELECT" && control.multiple;
    var items = itemsOf(control);
    var byCode = {};
    items.forEach(function (item) { byCode[item.code] = item; });
    var cascade = control.getAttribute("data-picker") === "regions";

    var box = element("div", "picker border rounded p-2 mt-1");
    box.setAttribute("data-picker-for", control.name);
    var chips = element("div", "picker-chosen d-flex flex-wrap gap-1 mb-2");
    chips.setAttribute("aria-label", WORDS.chosen);
    var search = element("input", "form-control form-control-sm picker-search");
    search.type = "search";
    search.placeholder = WORDS.search;
    search.setAttribute("aria-label", WORDS.search);
    var matches = element("div", "list-group picker-matches mt-1");
    if (multiple) box.appendChild(chips);
    box.appendChild(search);
    box.appendChild(matches);

    function selectedCodes() {
      if (multiple) {
        return Array.prototype.filter.call(control.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      }
      return control.value ? [control.value] : [];
    }

    function label(item) {
      var parent = item.parent && byCode[item.parent];
      return parent && item.level !== "province" ? parent.name + " · " + item.name : item.name;
    }

    function choose(code) {
      if (!byCode[code]) return;
      if (multiple) {
        Array.prototype.forEach.call(control.options, function (o) { if (o.value === code) o.selected = true; });
      } else {
        control.value = code;
      }
      control.dispatchEvent(new Event("change", { bubbles: true }));
      search.value = "";
      renderMatches();
      renderChips();
    }

    function unchoose(code) {
      Array.prototype.forEach.call(control.options, function (o) { if (o.value === code) o.selected = false; });
      control.dispatchEvent(new Event("change", { bubbles: true }));
      renderChips();
    }

    function renderChips() {
      if (!multiple) return;
      chips.textContent = "";
      selectedCodes().forEach(function (code) {
        var item = byCode[code];
        var chip = element("span", "badge text-bg-primary picker-chip d-inline-flex align-items-center gap-1");
        chip.setAttribute("data-code", code);
        chip.appendChild(document.createTextNode(item ? label(item) : code));
        var remove = element("button", "btn-close btn-close-white");
        remove.type = "button";
        remove.setAttribute("aria-label", WORDS.remove + " " + (item ? item.name : code));
        remove.style.fontSize = ".6rem";
        remove.addEventListener("click", function () { unchoose(code); });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
    }

    function renderMatches() {
      matches.textContent = "";
      var text = search.value.trim().toLowerCase();
      if (!text) return;
      var chosen = selectedCodes();
      var found = items.filter(function (item) {
        return item.code && chosen.indexOf(item.code) < 0 && item.search.indexOf(text) >= 0;
      }).slice(0, MAX_MATCHES);
      if (!found.length) {
        matches.appendChild(element("div", "list-group-item small text-muted", WORDS.none));
        return;
      }
      found.forEach(function (item) {
        var button = element("button", "list-group-item list-group-item-action py-1 picker-match", label(item));
        button.type = "button";
        button.setAttribute("data-code", item.code);
        button.addEventListener("click", function () { choose(item.code); });
        matches.appendChild(button);
      });
    }

    search.addEventListener("input", renderMatches);
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault(); // Enter picks the first match instead of posting the form
      var first = matches.querySelector(".picker-match");
      if (first) first.click();
    });

    if (cascade) {
      var row = element("div", "row g-1 mt-1 picker-cascade");
      function level(name, text) {
        var column = element("div", "col-sm");
        var select = element("select", "form-select form-select-sm picker-" + name);
        select.setAttribute("aria-label", text);
        column.appendChild(select);
        row.appendChild(column);
        return select;
      }
      var province = level("province", WORDS.province);
      var city = level("city", WORDS.city);
      var county = level("county", WORDS.county);
      var addColumn = element("div", "col-sm-auto");
      var add = element("button", "btn btn-outline-primary btn-sm picker-add", multiple ? WORDS.add : WORDS.choose);
      add.type = "button";
      addColumn.appendChild(add);
      row.appendChild(addColumn);
      box.appendChild(row);

      function fill(select, placeholder, list) {
        select.textContent = "";
        var empty = element("option", "", "— " + placeholder + " —");
        empty.value = "";
        select.appendChild(empty);
        list.forEach(function (item) {
          var option = element("option", "", item.name);
          option.value = item.code;
          select.appendChild(option);
        });
        select.disabled = !list.length;
        select.parentNode.hidden = !list.length && select !== province;
      }
      function children(code) {
        return items.filter(function (item) { return item.parent === code && item.code; });
      }
      fill(province, WORDS.province, items.filter(function (item) { return item.level === "province"; }));
      fill(city, WORDS.city, []);
      fill(county, WORDS.county, []);
      province.addEventListener("change", function () {
        fill(city, WORDS.city, province.value ? children(province.value) : []);
        fill(county, WORDS.county, []);
      });
      city.addEventListener("change", function () {
        fill(county, WORDS.county, city.value ? children(city.value) : []);
      });
      add.addEventListener("click", function () {
        var code = county.value || city.value || province.value;
        if (code) choose(code);
      });
    }

    if (multiple) control.hidden = true; // the chips show what it holds; it still posts
    control.insertAdjacentElement("afterend", box);
    renderChips();
  }

  document.querySelectorAll("[data-picker]").forEach(enhance);
})();
