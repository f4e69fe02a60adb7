/* Drafts: what a person types in a form marked `data-draft` is kept in this browser
 * (localStorage, keyed by the address the form is sent to and the field's name):
 * - restored after a reload, or when coming back to the form, into the fields left empty;
 * - on sending, the draft is kept, marked « sent ». The next page tells what became of it:
 *   a page that says the site refused the form (400, 403, 413, 429, 500, 503: it holds
 *   `[data-draft-refused]`) turns the sent drafts back into drafts, to be restored when the
 *   person returns to the form; any other page (the form sent, or shown again by the server
 *   with the text kept) forgets them;
 * - a button marked `data-draft-keep` (the forum's « Prévisualiser ») keeps the draft as it is.
 * The form element `[data-draft-status]` (with `data-draft-restored`) announces a restoration.
 * Everything works without this file: error pages also explain how to get the text back.
 * Loaded on every page with `defer`; no inline script (the Content Security Policy). */
(function () {
  "use strict";

  const PREFIX = "czn-brouillon:";
  const LEGACY_PREFIX = "czn-forum-brouillon:"; // the forum's drafts, before this file
  const FIELDS = "textarea, input[type=text], input:not([type])";

  function draftStore() {
    try {
      const store = window.localStorage;
      store.setItem("czn-test", "1");
      store.removeItem("czn-test");
      return store;
    } catch (error) {
      return null; // private browsing, storage disabled: no drafts
    }
  }

  const store = draftStore();
  if (!store) {
    return;
  }

  function read(key) {
    const raw = store.getItem(key);
    if (raw === null) {
      return null;
    }
    try {
      const entry = JSON.parse(raw);
      if (entry && typeof entry.text === "string") {
        return entry;
      }
    } catch (error) {
      // not ours: ignored below
    }
    return null;
  }

  function write(key, text, sent) {
    if (text.trim()) {
      store.setItem(key, JSON.stringify({ text: text, sent: sent }));
    } else {
      store.removeItem(key);
    }
  }

  function draftKeys() {
    const keys = [];
    for (let index = 0; index < store.length; index += 1) {
      const key = store.key(index);
      if (key && key.indexOf(PREFIX) === 0) {
        keys.push(key);
      }
    }
    return keys;
  }

  function settleSentDrafts(refused) {
    let kept = false;
    draftKeys().forEach(function (key) {
      const entry = read(key);
      if (!entry || !entry.sent) {
        return;
      }
      if (refused) {
        write(key, entry.text, false);
        kept = true;
      } else {
        store.removeItem(key);
      }
    });
    return kept;
  }

  function fields(form) {
    return Array.prototype.filter.call(form.querySelectorAll(FIELDS), function (field) {
      return field.name && !field.readOnly && !field.disabled && field.type !== "hidden";
    });
  }

  function keyFor(form, field) {
    const action = new URL(form.getAttribute("action") || "", window.location.href);
    return PREFIX + action.pathname + ":" + field.name;
  }

  function restore(form, field, key) {
    let entry = read(key);
    const legacyKey = LEGACY_PREFIX + window.location.pathname + ":" + field.name;
    const legacy = store.getItem(legacyKey);
    if (!entry && legacy) {
      entry = { text: legacy, sent: false };
    }
    store.removeItem(legacyKey);
    if (!entry || field.value.trim()) {
      return false;
    }
    field.value = entry.text;
    write(key, entry.text, false);
    field.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  }

  function setup(form) {
    const status = form.querySelector("[data-draft-status]");
    let restored = false;
    fields(form).forEach(function (field) {
      const key = keyFor(form, field);
      restored = restore(form, field, key) || restored;
      let timer = null;
      field.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          write(key, field.value, false);
        }, 300);
      });
    });
    if (restored && status && status.dataset.draftRestored) {
      status.textContent = status.dataset.draftRestored;
    }
    form.addEventListener("submit", function (event) {
      const keep = event.submitter && event.submitter.hasAttribute("data-draft-keep");
      fields(form).forEach(function (field) {
        write(keyFor(form, field), field.value, !keep);
      });
    });
  }

  const refusal = document.querySelector("[data-draft-refused]");
  const kept = settleSentDrafts(Boolean(refusal));
  if (refusal && kept) {
    refusal.querySelectorAll("[data-draft-kept]").forEach(function (element) {
      element.hidden = false;
    });
  }
  document.querySelectorAll("form[data-draft]").forEach(setup);
  // Back to a form kept in the browser's page cache: what it shows is what was typed.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-draft]").forEach(function (form) {
        fields(form).forEach(function (field) {
          write(keyFor(form, field), field.value, false);
        });
      });
    }
  });
})();
