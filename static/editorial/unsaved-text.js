// Keeps what an editor typed when a save never reached the form again: the session had expired (the save
// went to the login page) or the connection dropped. On submit the form's text is kept in this tab's
// sessionStorage; when the same form next opens with different text, a notice offers to put it back.
// A save that succeeded (a success message) forgets it. Runs once the page is parsed (admin media load in the head).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var PREFIX = "lowmilk-unsaved:";
  var TEXT = "textarea, input[type=text], input[type=url], input[type=email], input[type=number], input[type=date]";
  var storage;
  try { storage = window.sessionStorage; } catch (error) { return; }

  if (document.querySelector(".messagelist .success")) {
    Object.keys(storage).forEach(function (key) { if (key.indexOf(PREFIX) === 0) storage.removeItem(key); });
  }
  var form = document.querySelector("#content-main form[method=post][id$=_form]");
  if (!form) return;
  var key = PREFIX + window.location.pathname;

  function textOf() {
    var kept = {};
    form.querySelectorAll(TEXT).forEach(function (field) { if (field.name) kept[field.name] = field.value; });
    return kept;
  }

  var stored = null;
  try { stored = JSON.parse(storage.getItem(key)); } catch (error) { stored = null; }
  var current = textOf();
  var differs = stored && stored.text && Object.keys(stored.text).some(function (name) {
    return name in current && stored.text[name] !== current[name];
  });

  if (differs) {
    var notice = document.createElement("ul");
    notice.className = "messagelist unsaved-text";
    notice.setAttribute("role", "status");
    var item = document.createElement("li");
    item.className = "warning";
    item.textContent = "Your last save of this page did not go through (perhaps you had been logged out). ";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button";
    restore.textContent = "Put back the text you typed";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button";
    discard.textContent = "Discard it";
    item.append(restore, " ", discard);
    notice.append(item);
    form.parentNode.insertBefore(notice, form);
    restore.addEventListener("click", function () {
      Object.keys(stored.text).forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && field.value !== undefined) {
          field.value = stored.text[name];
          field.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      // The version the text was written against, so a change saved meanwhile is still caught as a conflict.
      var loaded = form.elements.namedItem("loaded_version");
      if (loaded && stored.loaded_version !== undefined) loaded.value = stored.loaded_version;
      item.textContent = "Your text is back in the form; save to keep it.";
    });
    discard.addEventListener("click", function () { storage.removeItem(key); notice.remove(); });
  } else {
    storage.removeItem(key);
  }

  form.addEventListener("submit", function () {
    var loaded = form.elements.namedItem("loaded_version");
    try {
      storage.setItem(key, JSON.stringify({ text: textOf(), loaded_version: loaded ? loaded.value : undefined }));
    } catch (error) { /* storage full or disabled: nothing to keep */ }
  });
});
