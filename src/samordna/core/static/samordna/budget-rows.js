/* Budget rows edited in the table (htmx): Escape cancels the row being edited. Loaded as a
   file, so the strict Content-Security-Policy (no inline script) holds. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) {
      return;
    }
    var row = event.target.closest("tr.editing");
    var cancel = row && row.querySelector("a.cancel");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });
})();
