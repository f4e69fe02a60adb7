/* Forum: progressive enhancement of the post forms. Everything works without this file:
 * - (the text typed is kept as a draft by drafts.js, loaded on every page: the forms are marked
 *   `data-draft`, « Prévisualiser » `data-draft-keep`);
 * - « Prévisualiser » shows the preview in place (POST /forum/apercu/, HTML sanitised by the
 *   server with nh3) instead of reloading the page;
 * - typing @ followed by letters suggests people to mention (GET /forum/mentions/?q=, only
 *   people who may read the thread or category written in); the text area is then a combobox;
 * - the composer (« Citer », toolbar, pasted files, similar threads): composer.js.
 * Loaded with `defer`; no inline script (the Content Security Policy forbids it). */
(function () {
  "use strict";

  function csrfToken(form) {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(status, text) {
    if (status && text) {
      status.textContent = text;
    }
  }

  function setupPreview(form, textarea, status) {
    const button = form.querySelector("[data-forum-preview]");
    const target = form.querySelector("[data-forum-preview-target]");
    const body = form.querySelector("[data-forum-preview-body]");
    const url = form.dataset.previewUrl;
    if (!button || !target || !body || !url || !window.fetch || !window.FormData) {
      return;
    }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      const data = new FormData();
      data.append("text", textarea.value);
      target.hidden = false;
      body.textContent = (status && status.dataset.previewLoading) || "…";
      window
        .fetch(url, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(form) },
        })
        .then(function (response) {
          if (!response.ok && response.status !== 400) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          // Sanitised by the server (forum.rendering.render_markdown, nh3 allow-list).
          body.innerHTML = html;
        })
        .catch(function () {
          body.textContent = (status && status.dataset.previewFailed) || "";
        });
    });
  }

  function setupMentions(form, textarea, status) {
    const url = form.dataset.mentionsUrl;
    const box = form.querySelector("[data-forum-mentions]");
    const list = box && box.querySelector("[role=listbox]");
    const help = box && box.querySelector("p[id]");
    if (!url || !list || !window.fetch) {
      return;
    }
    if (help) {
      const described = textarea.getAttribute("aria-describedby");
      textarea.setAttribute("aria-describedby", (described ? described + " " : "") + help.id);
    }
    let people = [];
    let active = -1;
    let timer = null;

    function mentionAtCaret() {
      const position = textarea.selectionStart;
      if (position !== textarea.selectionEnd) {
        return null;
      }
      const match = /(^|[\s(>])@([A-Za-z0-9À-ÿ._-]{1,60})$/.exec(textarea.value.slice(0, position));
      if (!match) {
        return null;
      }
      return { query: match[2], start: position - match[2].length - 1, end: position };
    }

    // While it suggests, the text area is a combobox (WAI-ARIA APG: list autocomplete, the
    // focus stays in the text area, the active option is aria-activedescendant); a plain
    // text area again once the list is closed.
    function expand() {
      textarea.setAttribute("role", "combobox");
      textarea.setAttribute("aria-autocomplete", "list");
      textarea.setAttribute("aria-controls", list.id);
      textarea.setAttribute("aria-expanded", "true");
    }

    function close() {
      box.hidden = true;
      list.replaceChildren();
      people = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
      if (textarea.getAttribute("role") === "combobox") {
        textarea.removeAttribute("role");
        textarea.removeAttribute("aria-autocomplete");
        textarea.removeAttribute("aria-controls");
        textarea.removeAttribute("aria-expanded");
      }
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (item, position) {
        const selected = position === index;
        item.setAttribute("aria-selected", selected ? "true" : "false");
        item.classList.toggle("fr-background-action-low--blue-france", selected);
      });
      if (index >= 0) {
        textarea.setAttribute("aria-activedescendant", list.id + "-" + index);
        list.children[index].scrollIntoView({ block: "nearest" });
      }
    }

    function insert(index) {
      const mention = mentionAtCaret();
      const person = people[index];
      if (!mention || !person) {
        close();
        return;
      }
      const text = "@" + person.handle + " ";
      const value = textarea.value;
      textarea.value = value.slice(0, mention.start) + text + value.slice(mention.end);
      const caret = mention.start + text.length;
      textarea.focus();
      textarea.setSelectionRange(caret, caret);
      close();
      textarea.dispatchEvent(new Event("input", { bubbles: true })); // drafts.js saves it
    }

    function show(results) {
      list.replaceChildren();
      people = results;
      active = -1;
      if (!results.length) {
        close();
        return;
      }
      results.forEach(function (person, index) {
        const item = document.createElement("li");
        item.id = list.id + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.className = "fr-px-1w fr-py-1v";
        let label = "@" + person.handle;
        if (person.name) {
          label += " — " + person.name;
        }
        if (person.organisation) {
          label += " (" + person.organisation + ")";
        }
        item.textContent = label;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus (and the caret) in the text area
          insert(index);
        });
        list.appendChild(item);
      });
      box.hidden = false;
      expand();
      if (status && status.dataset.suggestions) {
        say(status, status.dataset.suggestions.replace("%(count)s", String(results.length)));
      }
    }

    textarea.addEventListener("input", function () {
      const mention = mentionAtCaret();
      window.clearTimeout(timer);
      if (!mention) {
        close();
        return;
      }
      timer = window.setTimeout(function () {
        window
          .fetch(url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(mention.query), {
            credentials: "same-origin",
            headers: { Accept: "application/json" },
          })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            const current = mentionAtCaret();
            if (current && current.query === mention.query) {
              show(data.results || []);
            }
          })
          .catch(close);
      }, 200);
    });

    textarea.addEventListener("keydown", function (event) {
      if (box.hidden || !people.length) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % people.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? people.length - 1 : active - 1);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        insert(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });

    textarea.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  document.querySelectorAll("form[data-forum-form]").forEach(function (form) {
    const textarea = form.querySelector("textarea[data-forum-editor]");
    if (!textarea) {
      return;
    }
    const status = form.querySelector("[data-forum-status]");
    setupPreview(form, textarea, status);
    setupMentions(form, textarea, status);
  });
})();
