/* On every page: the element marked data-focus-on-load (an error summary, a conflict warning)
 * takes the focus, so that a screen reader reads it first and the keyboard starts there.
 * Without this file the summary is still announced (role="alert"). No inline script (CSP). */
(function () {
  "use strict";

  function focusMarked() {
    const marked = document.querySelector("[data-focus-on-load]");
    if (marked) {
      marked.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusMarked);
  } else {
    focusMarked();
  }
})();
