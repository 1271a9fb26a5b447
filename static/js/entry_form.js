// The entry form saves its sections as the body types (htmx). A refused save (409: changed elsewhere, 400: invalid)
// still replaces the save status, which says what happened; htmx would otherwise drop an error response.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if (event.detail.requestConfig.elt.id === "sections-form" && (status === 409 || status === 400)) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
