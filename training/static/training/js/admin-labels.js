// Names for editors that Wagtail builds in the browser without one (axe: label,
// aria-input-field-name): the tag field's typing input (tag-it) and the rich-text
// editors of StreamField blocks. Each gets aria-labelledby pointing at its
// field's label, or else at its block's heading. Rich text in panels is named on
// the server (training/widgets.py). Runs again when blocks are added.
(function () {
  function labelFor(input) {
    return (
      document.getElementById(input.id + "-label") ||
      document.querySelector('label[for="' + input.id + '"][id]')
    );
  }

  function nameTagInputs() {
    document.querySelectorAll('[data-controller~="w-tag"][id]').forEach(function (field) {
      var list = field.parentElement.querySelector("ul.tagit");
      var input = list && list.querySelector("input.ui-autocomplete-input");
      var label = labelFor(field);
      if (input && label && !input.hasAttribute("aria-labelledby")) {
        input.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  function nameRichText() {
    var unnamed = document.querySelectorAll(
      ".public-DraftEditor-content:not([aria-labelledby]):not([aria-label])"
    );
    unnamed.forEach(function (editor) {
      var wrapper = editor.closest(".Draftail-Editor__wrapper");
      var input = wrapper && wrapper.parentElement.querySelector("input[type=hidden][id]");
      var label = input && labelFor(input);
      var block = editor.closest("section[aria-labelledby]");
      var name = label ? label.id : block && block.getAttribute("aria-labelledby");
      if (name) {
        editor.setAttribute("aria-labelledby", name);
      }
    });
  }

  var pending = false;
  function nameAll() {
    pending = false;
    nameTagInputs();
    nameRichText();
  }
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(nameAll);
    }
  }
  new MutationObserver(schedule).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  document.addEventListener("DOMContentLoaded", schedule);
})();
