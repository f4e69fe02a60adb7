/* The guided form of a practice sheet. Everything works without this file; it adds:
 * - the side menu's links save the step before leaving when something was typed;
 * - the filter box hides the choices that do not match, as the server does without it;
 * - a chosen tag's « Retirer » unticks its checkbox without a round trip.
 * No inline script (the Content Security Policy). */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function saveOnNavigation(form) {
    let dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    document.querySelectorAll("[data-save-and-go]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (!dirty) {
          return;
        }
        event.preventDefault();
        const target = document.createElement("input");
        target.type = "hidden";
        target.name = "aller";
        target.value = link.dataset.saveAndGo;
        form.appendChild(target);
        form.requestSubmit();
      });
    });
    const hint = document.querySelector("[data-nav-hint]");
    if (hint) {
      hint.hidden = true; // the links save now
    }
  }

  function filterTags(input) {
    const status = document.querySelector("[data-tags-filter-status]");
    function apply() {
      const needle = fold(input.value.trim());
      let shown = 0;
      document.querySelectorAll("[data-tag-item]").forEach(function (item) {
        const box = item.querySelector("input[type=checkbox]");
        const match = !needle || item.dataset.tagItem.indexOf(needle) !== -1;
        item.hidden = !match && !(box && box.checked);
        if (!item.hidden) {
          shown += 1;
        }
      });
      if (status) {
        status.textContent = shown + (shown > 1 ? " choix affichés" : " choix affiché");
      }
    }
    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // filtering is live: Enter must not send the step
        apply();
      }
    });
  }

  function untickButtons() {
    document.querySelectorAll("[data-untick]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        const box = document.getElementById(button.dataset.untick);
        if (!box) {
          return;
        }
        event.preventDefault();
        box.checked = false;
        box.dispatchEvent(new Event("change", { bubbles: true }));
        const item = button.closest("li");
        const list = item && item.parentElement;
        if (item) {
          item.remove();
        }
        if (list && !list.children.length) {
          list.remove();
        }
        box.focus();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("formulaire-etape");
    if (form) {
      saveOnNavigation(form);
    }
    const filter = document.querySelector("[data-tags-filter]");
    if (filter) {
      filterTags(filter);
    }
    untickButtons();
  });
})();
