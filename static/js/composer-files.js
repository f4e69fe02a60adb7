/* Forum: an image or a PDF pasted or dropped in a post's text area is checked by the server
 * (POST /forum/piece-jointe/verifier/, the same checks as the forms', French messages), added
 * to the form's file input, and for an image its « Texte alternatif » is asked in a dialog and
 * put in the form's alt fields (alt_1, alt_2…). Without this file, the file input and the alt
 * fields of the form do the same. Loaded with `defer`; no inline script (the CSP). */
(function () {
  "use strict";

  function say(status, key, name) {
    if (status && status.dataset[key]) {
      status.textContent = status.dataset[key].replace("%(name)s", name || "");
    }
  }

  function changed(field) {
    field.dispatchEvent(new Event("input", { bubbles: true })); // drafts.js saves it
  }

  function setupFiles(form, textarea, status) {
    const input = form.querySelector("input[type=file][name=attachments]");
    const url = form.dataset.checkUrl;
    const error = form.querySelector("[data-forum-file-error]");
    const dialog = form.querySelector("dialog[data-forum-alt-dialog]");
    if (!input || !url || !window.fetch || !window.FormData || !window.DataTransfer) {
      return;
    }
    const maxFiles = 3;

    function showError(messages) {
      if (error) {
        error.textContent = messages.join(" ");
        error.hidden = !messages.length;
      }
    }

    function imagesBefore(count) {
      let images = 0;
      Array.prototype.slice.call(input.files, 0, count).forEach(function (file) {
        if (/^image\//.test(file.type)) {
          images += 1;
        }
      });
      return images;
    }

    function attach(file, alt) {
      const transfer = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (existing) {
        transfer.items.add(existing);
      });
      const images = imagesBefore(input.files.length);
      transfer.items.add(file);
      input.files = transfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      if (alt !== null) {
        const field = form.querySelector("[name=alt_" + (images + 1) + "]");
        if (field) {
          field.value = alt;
          changed(field);
          const details = field.closest("details");
          if (details) {
            details.open = true;
          }
        }
      }
      say(status, "fileAttached", file.name);
      textarea.focus();
    }

    function askAlt(file, finished) {
      if (!dialog || !dialog.showModal) {
        attach(file, null); // the alt fields of the form stay to fill
        finished();
        return;
      }
      const field = dialog.querySelector("[data-forum-alt-dialog-input]");
      const fieldError = dialog.querySelector("[data-forum-alt-dialog-error]");
      dialog.querySelector("[data-forum-alt-dialog-file]").textContent = file.name;
      field.value = "";
      fieldError.hidden = true;
      field.removeAttribute("aria-invalid");
      const confirm = dialog.querySelector("[data-forum-alt-dialog-confirm]");
      const cancel = dialog.querySelector("[data-forum-alt-dialog-cancel]");
      function done(attached) {
        confirm.removeEventListener("click", onConfirm);
        cancel.removeEventListener("click", onCancel);
        dialog.removeEventListener("cancel", onCancel);
        dialog.close();
        if (attached) {
          attach(file, field.value.replace(/\s+/g, " ").trim());
        } else {
          say(status, "fileCancelled", file.name);
          textarea.focus();
        }
        finished();
      }
      function onConfirm() {
        if (!field.value.trim()) {
          fieldError.hidden = false;
          field.setAttribute("aria-invalid", "true");
          field.focus();
          return;
        }
        done(true);
      }
      function onCancel(event) {
        event.preventDefault();
        done(false);
      }
      confirm.addEventListener("click", onConfirm);
      cancel.addEventListener("click", onCancel);
      dialog.addEventListener("cancel", onCancel);
      dialog.showModal();
      field.focus();
    }

    function check(file, finished) {
      showError([]);
      if (input.files.length >= maxFiles) {
        showError([status ? status.dataset.fileTooMany : ""]);
        finished();
        return;
      }
      const data = new FormData();
      data.append("file", file, file.name);
      const token = form.querySelector("input[name=csrfmiddlewaretoken]");
      say(status, "fileChecking");
      window
        .fetch(url, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
        })
        .then(function (response) {
          return response.json();
        })
        .then(function (answer) {
          if (!answer.ok) {
            showError(answer.errors || [answer.error || ""]);
            if (status) {
              status.textContent = "";
            }
            finished();
          } else if (answer.is_image) {
            askAlt(file, finished);
          } else {
            attach(file, null);
            finished();
          }
        })
        .catch(function () {
          showError([status ? status.dataset.fileFailed : ""]);
          finished();
        });
    }

    function take(files, event) {
      const list = Array.prototype.slice.call(files || []);
      if (!list.length) {
        return;
      }
      event.preventDefault();
      // One at a time: each image's text alternative is asked in turn.
      list.reduce(function (previous, file) {
        return previous.then(function () {
          return new Promise(function (resolve) {
            check(file, resolve);
          });
        });
      }, Promise.resolve());
    }

    // Images chosen with the file input: their text alternatives are to write, show them.
    input.addEventListener("change", function () {
      const details = form.querySelector("details[data-forum-alts]");
      if (details && imagesBefore(input.files.length)) {
        details.open = true;
      }
    });
    textarea.addEventListener("paste", function (event) {
      if (event.clipboardData && event.clipboardData.files.length) {
        take(event.clipboardData.files, event);
      }
    });
    textarea.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") !== -1) {
        event.preventDefault();
      }
    });
    textarea.addEventListener("drop", function (event) {
      if (event.dataTransfer && event.dataTransfer.files.length) {
        take(event.dataTransfer.files, event);
      }
    });
  }

  document.querySelectorAll("form[data-forum-form]").forEach(function (form) {
    const textarea = form.querySelector("textarea[data-forum-editor]");
    if (textarea) {
      setupFiles(form, textarea, form.querySelector("[data-forum-status]"));
    }
  });
})();
