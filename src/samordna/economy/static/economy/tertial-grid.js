/* The tertial grid, with the keyboard: Enter moves to the same column in the next row and
   Shift+Enter to the row above, as in a spreadsheet. Leaving a cell saves it (htmx posts the
   cell when it changes); the answer may carry a new default forecast, which becomes the
   forecast field's placeholder here. Without this file the grid is one form: Enter saves all. */
(function () {
  "use strict";

  function sameColumn(input) {
    var selector = '[data-grid] input[data-col="' + input.getAttribute("data-col") + '"]';
    return Array.prototype.slice.call(document.querySelectorAll(selector));
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.matches || !input.matches("[data-grid] input[data-col]")) {
      return;
    }
    event.preventDefault();
    var inputs = sameColumn(input);
    var next = inputs[inputs.indexOf(input) + (event.shiftKey ? -1 : 1)];
    if (next) {
      next.focus();
      next.select();
    } else {
      input.blur();  // the last row: save it and stay
      input.focus();
    }
  });

  function placeholders() {
    var holders = document.querySelectorAll("[data-placeholder-for]");
    Array.prototype.forEach.call(holders, function (holder) {
      var input = document.getElementById(holder.getAttribute("data-placeholder-for"));
      if (input) {
        input.placeholder = holder.getAttribute("data-placeholder");
      }
    });
  }

  document.addEventListener("htmx:oobAfterSwap", placeholders);
  document.addEventListener("htmx:afterSettle", placeholders);
})();
