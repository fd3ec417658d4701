/* The score sheet in the browser: autosave, as the entry form has it.
   Saves a few seconds after the last change, with the version the page was
   loaded at; a copy saved elsewhere (another tab) gets 409, and autosave
   stops rather than overwrite it. Without JavaScript, "Save draft" works. */
(function () {
  "use strict";
  var form = document.querySelector("[data-score-sheet]");
  if (!form || !window.fetch) return;
  var AUTOSAVE_DELAY = 2000;
  var versionInput = form.querySelector("[data-version]");
  var status = form.querySelector("[data-save-status]");
  var timer = null, saving = false, stopped = false, edits = 0;

  function say(text) { status.textContent = text; }

  function schedule() {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(save, AUTOSAVE_DELAY);
  }

  function save() {
    if (stopped || edits === 0) return;
    if (saving) { schedule(); return; }
    saving = true;
    var sent = edits;
    var data = new FormData(form);
    data.delete("action");
    say("Saving…");
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    }).then(function (result) {
      saving = false;
      if (result.status === 200) {
        versionInput.value = result.body.version;
        edits -= sent;
        if (edits === 0) say("Saved at " + result.body.saved_at);
        else schedule();
      } else if (result.status === 409) {
        stopped = true;
        say(result.body.message || "Not saved.");
      } else {
        say(result.body.message || "Not saved: use Save draft.");
      }
    }).catch(function () {
      saving = false;
      say("Not saved: no connection. Use Save draft when it returns.");
    });
  }

  form.addEventListener("input", function () {
    edits += 1;
    say("Unsaved changes");
    schedule();
  });
  form.dataset.ready = "true";
})();
