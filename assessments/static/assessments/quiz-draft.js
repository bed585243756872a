/* Keeps what a learner types in a quiz in this browser (localStorage) until the
   server has it: when the session lapsed or a form was refused, the answers come
   back when the question is opened again. An enhancement only: the quiz works
   without it. Answers the server already shows win; a draft only fills fields
   the server left empty, and is dropped once the server shows the same. */
(function () {
  "use strict";
  var form = document.querySelector("form.bb-quiz-form");
  if (!form || !window.localStorage) return;
  var question = form.querySelector("input[name=vraag]");
  var key = "bb-quiz:" + window.location.pathname + ":" + (question ? question.value : "");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name.indexOf("q-") === 0 && !el.disabled;
    });
  }

  function read() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        values[el.name] = values[el.name] || [];
        if (el.checked) values[el.name].push(el.value);
      } else {
        values[el.name] = [el.value];
      }
    });
    return values;
  }

  function isEmpty(list) {
    return !list || list.length === 0 || (list.length === 1 && list[0] === "");
  }

  function restore(draft) {
    var server = read();
    var restored = false;
    Object.keys(draft).forEach(function (name) {
      if (!isEmpty(server[name]) || isEmpty(draft[name])) return;
      fields().forEach(function (el) {
        if (el.name !== name) return;
        if (el.type === "radio" || el.type === "checkbox") {
          el.checked = draft[name].indexOf(el.value) !== -1;
        } else {
          el.value = draft[name][0];
        }
        restored = true;
      });
    });
    return restored;
  }

  var stored = null;
  try {
    stored = JSON.parse(window.localStorage.getItem(key) || "null");
  } catch (error) {
    stored = null;
  }
  if (stored) {
    if (JSON.stringify(stored) === JSON.stringify(read())) {
      window.localStorage.removeItem(key); // the server has it
    } else if (restore(stored)) {
      var notice = document.createElement("p");
      notice.className = "bb-message bb-message--info";
      notice.setAttribute("role", "status");
      notice.textContent = form.getAttribute("data-draft-restored") || "";
      form.insertBefore(notice, form.firstChild);
    }
  }

  function save() {
    try {
      window.localStorage.setItem(key, JSON.stringify(read()));
    } catch (error) {
      /* storage full or blocked: the server copy is all there is */
    }
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
