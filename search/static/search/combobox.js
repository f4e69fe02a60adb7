/* Suggestions as you type in the header search box: the ARIA 1.2 combobox pattern (list
 * autocomplete), as progressive enhancement. Without this file the box is a plain GET form to
 * /recherche/. Suggestions come from /recherche/suggestions/?q= (JSON: titles the person may
 * read, then taxonomy terms). Keyboard: ↓/↑ move in the list, Entrée opens the chosen
 * suggestion (or submits the search when none is chosen), Échap closes the list (then clears
 * the box), Tab leaves. No inline script or style (Content Security Policy). */
(function () {
  "use strict";

  const MIN_CHARS = 2;
  const DELAY_MS = 200;

  function setup(input) {
    const url = input.dataset.cznSuggest;
    if (!url || !window.fetch) {
      return;
    }
    const form = input.form;
    const listId = input.id + "-suggestions";
    const wrapper = input.parentElement;
    wrapper.classList.add("czn-combobox");

    const list = document.createElement("ul");
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.dataset.cznSuggestLabel || "Suggestions");
    list.className = "czn-combobox__list";
    list.hidden = true;
    wrapper.appendChild(list);

    const status = document.createElement("p");
    status.className = "fr-sr-only";
    status.setAttribute("aria-live", "polite");
    status.setAttribute("role", "status");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    let items = [];
    let active = -1;
    let timer = null;
    let controller = null;
    let lastQuery = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function highlight(index) {
      const options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(index) {
      const item = items[index];
      if (item && item.url) {
        window.location.assign(item.url);
      }
    }

    function render(data) {
      items = (data && data.suggestions) || [];
      list.textContent = "";
      items.forEach(function (item, index) {
        const option = document.createElement("li");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "czn-combobox__option";
        const label = document.createElement("span");
        label.className = "czn-combobox__label";
        label.textContent = item.label;
        const kind = document.createElement("span");
        kind.className = "czn-combobox__kind fr-text--xs";
        kind.textContent = item.kind || "";
        option.appendChild(label);
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
        });
        option.addEventListener("click", function () {
          go(index);
        });
        list.appendChild(option);
      });
      active = -1;
      if (items.length) {
        status.textContent = items.length === 1
          ? "1 suggestion, utilisez les flèches pour la choisir."
          : items.length + " suggestions, utilisez les flèches pour les parcourir.";
        open();
      } else {
        status.textContent = "";
        close();
      }
    }

    function fetchSuggestions() {
      const query = input.value.trim();
      if (query === lastQuery) {
        open();
        return;
      }
      lastQuery = query;
      if (query.length < MIN_CHARS) {
        render({ suggestions: [] });
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      window.fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(render)
        .catch(function () {
          /* offline, aborted: the box stays a plain search box */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      const count = items.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) {
          open();
        }
        if (count) {
          highlight(active + 1 >= count ? 0 : active + 1);
        }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) {
          open();
        }
        if (count) {
          highlight(active <= 0 ? count - 1 : active - 1);
        }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          go(active);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          lastQuery = "";
          render({ suggestions: [] });
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });

    if (form) {
      form.addEventListener("submit", close);
    }
  }

  function init() {
    document.querySelectorAll("input[data-czn-suggest]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
