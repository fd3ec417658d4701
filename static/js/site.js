/* On every page: the messages a reload brings, and GOV.UK's error summary.

   A message after a redirect (a document added or removed, a draft saved)
   lands in a status region that was already in the page when it loaded, so a
   screen reader does not announce it: the region takes focus instead, as
   GOV.UK's notification banner does, and is read out.

   The error summary, on every page that shows one: the summary takes
   focus, so that it is read out first; a link in it moves focus to its field
   and scrolls the field's label (or its fieldset's legend) into view, so that
   the question is seen with the field, not only the input. The page's
   scroll-padding-top keeps both clear of the entry page's sticky save bar. */
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  var messages = document.querySelector("[data-messages]");
  if (!summary) {
    if (messages) messages.focus();
    return;
  }
  summary.focus();

  function labelFor(input) {
    var fieldset = input.closest("fieldset");
    if (fieldset) {
      var legend = fieldset.querySelector("legend");
      // A legend far above a field (a long fieldset) would push the field off
      // the screen: then the label is better, as GOV.UK decides.
      if (legend && input.getBoundingClientRect().top - legend.getBoundingClientRect().top < window.innerHeight / 2) {
        return legend;
      }
    }
    return document.querySelector("label[for='" + CSS.escape(input.id) + "']") || input.closest("label");
  }

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!input) return;
    event.preventDefault();
    var label = labelFor(input);
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
