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

  // The answer to a saved cell replaces that cell (its value as stored, marked if refused).
  // If the person is back in that cell when the answer comes (Enter, then Shift+Enter at once,
  // on a slow line), replacing it would take the focus away and what they typed since: keep
  // the element, take over the answer's marks, and its value only if nothing was typed since.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var input = event.detail.elt;
    if (input.matches && input.matches("[data-grid] input[data-col]")) {
      input.setAttribute("data-sent", input.value);
    }
  });

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var current = event.detail.target;
    if (current !== document.activeElement || !current.matches("[data-grid] input[data-col]")) {
      return;
    }
    var incoming = event.detail.fragment.querySelector ?
      event.detail.fragment.querySelector("#" + CSS.escape(current.id)) : null;
    if (!incoming) {
      return;
    }
    event.detail.shouldSwap = false;
    ["aria-invalid", "placeholder", "class"].forEach(function (name) {
      if (incoming.hasAttribute(name)) {
        current.setAttribute(name, incoming.getAttribute(name));
      } else {
        current.removeAttribute(name);
      }
    });
    if (current.value === current.getAttribute("data-sent")) {
      current.value = incoming.value;
    }
  });

  document.addEventListener("htmx:oobAfterSwap", placeholders);
  document.addEventListener("htmx:afterSettle", placeholders);
})();
