/* The entry form in the browser: word counters, progress, autosave, and a local
   copy of unsaved answers so that nothing typed is lost.

   countWords follows entries/words.py exactly: a word is a run of characters
   between whitespace holding at least one letter or digit. Both are tested
   against tests/word_count_cases.json. */
(function () {
  "use strict";

  var WHITESPACE =
    /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/u;
  var LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

  function countWords(text) {
    return (text || "").split(WHITESPACE).filter(function (token) {
      return LETTER_OR_DIGIT.test(token);
    }).length;
  }
  window.countWords = countWords;

  // After submission the local copy of the draft is no longer needed.
  var submitted = document.querySelector("[data-entry-submitted]");
  if (submitted) {
    try { localStorage.removeItem("entry-draft-" + submitted.dataset.entrySubmitted); } catch (e) { /* ignore */ }
  }

  // The error summary's focus and links: static/js/error-summary.js, on every page.

  var form = document.querySelector("[data-entry-form]");
  if (!form) return;

  var AUTOSAVE_DELAY = 3000;
  var RETRY_DELAY = 10000;
  var storageKey = "entry-draft-" + form.dataset.entryId;
  var statusLine = form.querySelector("[data-save-status]");
  var versionInput = form.querySelector("[data-version]");
  var fields = Array.prototype.slice.call(
    form.querySelectorAll("[data-question] input:not([type=file]), [data-question] textarea, [data-question] select")
  ).filter(function (field) { return !field.readOnly; });
  var timer = null;
  var saving = false;
  var edits = 0; // bumped by every change; a save clears only what it sent
  var stopped = false; // after a conflict: saving again would overwrite the other tab
  var submitting = false;

  function answers() {
    var values = {};
    fields.forEach(function (field) { values[field.name] = field.value; });
    return values;
  }

  function say(message, isProblem) {
    // The status line is a live region: rewriting it with the same words
    // would announce them again on every keystroke. It changes only when
    // its meaning does.
    if (statusLine.textContent === message) return;
    statusLine.textContent = message;
    statusLine.classList.toggle("save-status--problem", Boolean(isProblem));
  }

  function sayProblem(message, withSignIn) {
    say(message, true);
    if (withSignIn) {
      var link = document.createElement("a");
      link.href = form.dataset.loginUrl;
      link.target = "_blank";
      link.textContent = "Sign in again (opens a new tab)";
      statusLine.appendChild(document.createTextNode(" "));
      statusLine.appendChild(link);
    }
  }

  function keepLocalCopy() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({
        version: versionInput.value, answers: answers(), at: Date.now()
      }));
    } catch (e) { /* storage full or disabled: the server copy still works */ }
  }

  function dropLocalCopy() {
    try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
  }

  // The counters are announced politely once typing pauses, as GOV.UK's
  // character count does: the visible counter follows every keystroke, and
  // a hidden live region beside it is updated a second after the last one.
  var ANNOUNCE_DELAY = 1000;
  var announceTimers = {};

  function counterText(field) {
    var limit = Number(field.dataset.wordLimit);
    var words = countWords(field.value);
    var text = words + " of " + limit + " words";
    if (words > limit) text += ": " + (words - limit) + " too many";
    return { text: text, over: words > limit };
  }

  function updateCounter(field) {
    if (!Number(field.dataset.wordLimit)) return;
    var counter = document.getElementById(field.id + "-count");
    var count = counterText(field);
    counter.textContent = count.text;
    counter.classList.toggle("word-count--over", count.over);
  }

  function announceCounter(field) {
    var live = document.getElementById(field.id + "-count-live");
    if (!live) return;
    clearTimeout(announceTimers[field.id]);
    announceTimers[field.id] = setTimeout(function () {
      live.textContent = counterText(field).text;
    }, ANNOUNCE_DELAY);
  }

  function updateProgress() {
    var answered = fields.filter(function (f) { return f.value.trim() !== ""; }).length;
    var output = document.querySelector("[data-answered]");
    if (output) output.textContent = String(answered);
  }

  function schedule(delay) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function save() {
    if (stopped || saving || edits === 0) return;
    saving = true;
    var sent = edits;
    var data = new FormData(form);
    data.delete("documents");
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
        if (edits === 0) {
          dropLocalCopy();
          say("Saved at " + result.body.saved_at);
        } else {
          keepLocalCopy();
          schedule(AUTOSAVE_DELAY);
        }
      } else if (result.status === 401 || result.status === 403) {
        // 403: the security token no longer matches, e.g. after signing out
        // and in again in another tab. Either way, signing in again mends it.
        sayProblem(result.body.message || "Not saved: you have been signed out. Sign in again; your text is kept in this browser.", true);
      } else if (result.status === 409) {
        stopped = true;
        sayProblem((result.body.message || "Not saved.") + " Use Save draft to see both versions.");
      } else {
        sayProblem(result.body.message || "Not saved: something went wrong on our side. Your text is kept in this browser; try Save draft.");
        schedule(RETRY_DELAY);
      }
    }).catch(function () {
      saving = false;
      sayProblem("Not saved: no connection. Your text is kept in this browser and will be saved when the connection returns.");
      schedule(RETRY_DELAY);
    });
  }

  function changed(field) {
    edits += 1;
    updateCounter(field);
    announceCounter(field);
    updateProgress();
    keepLocalCopy();
    say("Unsaved changes");
    schedule(AUTOSAVE_DELAY);
  }

  function restoreLocalCopy() {
    var copy;
    try { copy = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { copy = null; }
    if (!copy || !copy.answers) return;
    var restored = false;
    fields.forEach(function (field) {
      if (field.name in copy.answers && copy.answers[field.name] !== field.value) {
        field.value = copy.answers[field.name];
        restored = true;
      }
    });
    if (!restored) { dropLocalCopy(); return; }
    // Keep the version the copy was made from: if the entry was saved elsewhere
    // since, the server refuses this copy instead of overwriting that save.
    versionInput.value = copy.version;
    edits += 1;
    say("Restored text you had not saved, from this browser. Saving…");
    schedule(0);
  }

  // Room above a focused field or a scrolled-to label for the sticky save
  // bar (WCAG 2.4.11), as tall as the bar is now: its status may wrap.
  var bar = form.querySelector(".save-bar");
  function roomForBar() {
    var sticky = bar && window.getComputedStyle(bar).position === "sticky";
    document.documentElement.style.scrollPaddingTop = sticky ? (bar.offsetHeight + 16) + "px" : "";
  }
  if (bar) {
    roomForBar();
    window.addEventListener("resize", roomForBar);
    if (window.ResizeObserver) new ResizeObserver(roomForBar).observe(bar);
  }

  // Chromium scrolls a focused text box only until its caret shows, leaving
  // most of a tall answer box below the fold or under the bar: once the
  // browser has scrolled, bring the whole box into view if it fits.
  form.addEventListener("focusin", function (event) {
    var target = event.target;
    window.requestAnimationFrame(function () {
      if (document.activeElement !== target) return;
      var box = target.getBoundingClientRect();
      var sticky = bar && window.getComputedStyle(bar).position === "sticky";
      var top = sticky ? bar.getBoundingClientRect().bottom : 0;
      if (box.height > window.innerHeight - top) return;
      if (box.top < top || box.bottom > window.innerHeight) {
        target.scrollIntoView({ block: "nearest" });
      }
    });
  });

  fields.forEach(function (field) {
    updateCounter(field);
    field.addEventListener("input", function () { changed(field); });
  });
  form.addEventListener("submit", function () {
    submitting = true;
    clearTimeout(timer);
    keepLocalCopy();
  });
  window.addEventListener("beforeunload", function (event) {
    if (edits > 0 && !submitting) { event.preventDefault(); event.returnValue = ""; }
  });
  window.addEventListener("online", function () { schedule(0); });

  restoreLocalCopy();
  form.dataset.ready = "true"; // lets tests (and people) know autosave is on
})();
