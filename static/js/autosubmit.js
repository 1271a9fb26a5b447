// A select marked data-autosubmit sends its form when its value changes (the language switch, the monitoring
// dashboard's year). Kept out of the markup: the Content-Security-Policy allows no inline script.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});
