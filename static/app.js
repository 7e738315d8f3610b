/* Small enhancements on top of htmx. Everything works without this file. */
(function () {
  "use strict";

  // After htmx swaps in the next step: move focus to the new question, scroll it into view
  // and let screen readers hear it through the polite live region.
  document.addEventListener("htmx:afterSettle", function (event) {
    var question = document.getElementById("question");
    if (!question || !event.detail.elt || event.detail.elt.id !== "current") {
      if (!question) return;
    }
    question.focus({ preventScroll: true });
    question.scrollIntoView({ block: "start", behavior: "smooth" });
    var live = document.getElementById("announce");
    if (live) live.textContent = question.textContent;
  });

  // The print button only exists when JavaScript can press print for you.
  function enablePrint(root) {
    root.querySelectorAll("button.print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enablePrint(document); });
  document.addEventListener("htmx:load", function (event) { enablePrint(event.detail.elt); });
})();
