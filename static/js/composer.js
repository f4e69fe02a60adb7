/* Forum: the composer of the post forms. Everything works without this file:
 * - « Citer » is a submit button of the reply form (the server gives the form back with the
 *   text typed and the quote after it); here it inserts the selected words of the post (or the
 *   whole post, GET /forum/message/<id>/citation/) as a Markdown quote at the cursor;
 * - the formatting toolbar (hidden without this file) acts on the selection of the text area:
 *   a WAI-ARIA toolbar (one tab stop, arrow keys, Home, End), Ctrl+B and Ctrl+I;
 * - (an image or a PDF pasted or dropped in the text area: composer-files.js);
 * - « Discussions similaires » under a new thread's title (GET /forum/discussions-similaires/).
 * Loaded with `defer`; no inline script (the Content Security Policy). */
(function () {
  "use strict";

  function say(status, key, name) {
    if (status && status.dataset[key]) {
      status.textContent = status.dataset[key].replace("%(name)s", name || "");
    }
  }

  function changed(textarea) {
    textarea.dispatchEvent(new Event("input", { bubbles: true })); // drafts.js saves it
  }

  /* Replace the text area's selection [start, end) by `text`, then select [selStart, selEnd)
   * of the inserted text (or put the caret after it). */
  function replaceRange(textarea, start, end, text, selStart, selEnd) {
    const value = textarea.value;
    textarea.value = value.slice(0, start) + text + value.slice(end);
    textarea.focus();
    if (selStart === undefined) {
      textarea.setSelectionRange(start + text.length, start + text.length);
    } else {
      textarea.setSelectionRange(start + selStart, start + selEnd);
    }
    changed(textarea);
  }

  /* A block (quote, list, code) at [start, end): on lines of its own, an empty line around. */
  function insertBlock(textarea, start, end, block) {
    const before = textarea.value.slice(0, start);
    const after = textarea.value.slice(end);
    let prefix = "";
    if (before && !/\n\n$/.test(before)) {
      prefix = /\n$/.test(before) ? "\n" : "\n\n";
    }
    let suffix = "";
    if (!/\n$/.test(block)) {
      suffix = "\n";
    }
    if (after && !/^\n/.test(after)) {
      suffix += "\n";
    }
    const text = prefix + block + suffix;
    replaceRange(textarea, start, end, text);
  }

  function prefixLines(text, prefix) {
    return text.split("\n").map(function (line) {
      return (prefix + line).replace(/\s+$/, "");
    }).join("\n");
  }

  // --- The toolbar ------------------------------------------------------------------------

  function format(textarea, kind, status) {
    const start = textarea.selectionStart;
    const end = textarea.selectionEnd;
    const selected = textarea.value.slice(start, end);
    if (kind === "bold" || kind === "italic") {
      const mark = kind === "bold" ? "**" : "*";
      replaceRange(textarea, start, end, mark + selected + mark,
        mark.length, mark.length + selected.length);
    } else if (kind === "link") {
      const label = selected || (status && status.dataset.linkPlaceholder) || "texte";
      const text = "[" + label + "](https://)";
      const url = label.length + 3;
      replaceRange(textarea, start, end, text, selected ? url : 1, selected ? url + 8 : 1 + label.length);
    } else if (kind === "list") {
      insertBlock(textarea, start, end, prefixLines(selected || "", "- ") || "- ");
    } else if (kind === "quote") {
      insertBlock(textarea, start, end, prefixLines(selected || "", "> ") || "> ");
    } else if (kind === "code") {
      if (selected && selected.indexOf("\n") === -1) {
        replaceRange(textarea, start, end, "`" + selected + "`", 1, 1 + selected.length);
      } else {
        insertBlock(textarea, start, end, "```\n" + selected + "\n```");
      }
    }
  }

  function setupToolbar(form, textarea, status) {
    const toolbar = form.querySelector("[data-forum-toolbar]");
    if (!toolbar) {
      return;
    }
    const buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button[data-format]"));
    function focusButton(index) {
      buttons.forEach(function (button, position) {
        button.tabIndex = position === index ? 0 : -1;
      });
      buttons[index].focus();
    }
    buttons.forEach(function (button) {
      button.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the selection of the text area
      });
      button.addEventListener("click", function () {
        format(textarea, button.dataset.format, status);
      });
    });
    toolbar.addEventListener("keydown", function (event) {
      const index = buttons.indexOf(document.activeElement);
      if (index === -1) {
        return;
      }
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 };
      if (event.key in moves) {
        event.preventDefault();
        focusButton((moves[event.key] + buttons.length) % buttons.length);
      }
    });
    textarea.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
        const key = event.key.toLowerCase();
        if (key === "b" || key === "i") {
          event.preventDefault();
          format(textarea, key === "b" ? "bold" : "italic", status);
        }
      }
    });
    toolbar.hidden = false;
  }

  // --- « Citer » --------------------------------------------------------------------------

  function selectedTextIn(element) {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) {
      return "";
    }
    const range = selection.getRangeAt(0);
    if (!element.contains(range.commonAncestorContainer)) {
      return "";
    }
    return selection.toString().trim();
  }

  function setupQuotes(form, textarea, status) {
    if (!window.fetch || !form.id) {
      return;
    }
    document.querySelectorAll("button[data-forum-quote][form='" + form.id + "']").forEach(function (button) {
      const article = button.closest("article");
      const body = article && article.querySelector(".czn-post");
      let pressed = "";
      // What was selected when the button was pressed (a click may clear the selection).
      button.addEventListener("pointerdown", function () {
        pressed = body ? selectedTextIn(body) : "";
      });
      button.addEventListener("click", function (event) {
        event.preventDefault();
        const words = (body ? selectedTextIn(body) : "") || pressed;
        pressed = "";
        const start = textarea.selectionStart;
        const end = textarea.selectionEnd;
        window
          .fetch(button.dataset.forumQuote, {
            credentials: "same-origin",
            headers: { Accept: "application/json" },
          })
          .then(function (response) {
            if (!response.ok) {
              throw new Error(String(response.status));
            }
            return response.json();
          })
          .then(function (data) {
            const quote = words ? data.intro + prefixLines(words, "> ") + "\n" : data.quote.replace(/\n+$/, "\n");
            insertBlock(textarea, start, end, quote);
            textarea.scrollIntoView({ block: "center" });
            say(status, "quoteInserted");
          })
          .catch(function () {
            // The page's own way: the reply form sent with this button, the text kept.
            if (form.requestSubmit) {
              form.requestSubmit(button);
            } else {
              say(status, "quoteFailed");
            }
          });
      });
    });
  }

  // --- « Discussions similaires » ----------------------------------------------------------

  function setupSimilar(form) {
    const url = form.dataset.similarUrl;
    const region = form.querySelector("[data-forum-similar]");
    const title = form.querySelector("input[name=title]");
    if (!url || !region || !title || !window.fetch) {
      return;
    }
    let timer = null;
    let asked = "";
    function show(results) {
      region.replaceChildren();
      if (!results.length) {
        return;
      }
      const heading = document.createElement("p");
      heading.className = "fr-text--bold fr-mb-1w";
      heading.textContent = region.dataset.similarTitle;
      const list = document.createElement("ul");
      results.forEach(function (thread) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = thread.url;
        link.textContent = thread.title;
        item.appendChild(link);
        item.appendChild(document.createTextNode(" — " + thread.category));
        list.appendChild(item);
      });
      region.appendChild(heading);
      region.appendChild(list);
    }
    title.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        const value = title.value.trim();
        if (value === asked) {
          return;
        }
        asked = value;
        if (value.length < 4) {
          show([]);
          return;
        }
        window
          .fetch(url + "?titre=" + encodeURIComponent(value), {
            credentials: "same-origin",
            headers: { Accept: "application/json" },
          })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            if (asked === value) {
              show(data.results || []);
            }
          })
          .catch(function () {
            show([]);
          });
      }, 400);
    });
  }

  document.querySelectorAll("form[data-forum-form]").forEach(function (form) {
    const textarea = form.querySelector("textarea[data-forum-editor]");
    if (!textarea) {
      return;
    }
    const status = form.querySelector("[data-forum-status]");
    setupToolbar(form, textarea, status);
    setupQuotes(form, textarea, status);
    setupSimilar(form);
  });
})();
