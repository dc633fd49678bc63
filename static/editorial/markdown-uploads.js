// Image uploads in the markdown editor (django-markdownx), done here instead of by markdownx's own script:
// an upload the server refuses shows its reason beside the editor and never writes into the text, and
// every image gets alt text, asked for before it is uploaded.
(function () {
  "use strict";

  var EDITOR = "textarea.markdownx-editor";

  function statusFor(editor) {
    var box = editor.parentNode.querySelector(".markdown-upload-status");
    if (!box) {
      box = document.createElement("p");
      box.className = "markdown-upload-status";
      box.setAttribute("role", "alert");
      box.hidden = true;
      editor.parentNode.insertBefore(box, editor);
    }
    return box;
  }

  function show(editor, message, isError) {
    var box = statusFor(editor);
    box.textContent = message;
    box.classList.toggle("errornote", Boolean(isError));
    box.hidden = !message;
  }

  function reasons(answer) {
    // Django form errors as JSON: {"image": ["The file is not a valid image."]}.
    var found = [];
    if (answer && typeof answer === "object") {
      Object.keys(answer).forEach(function (field) {
        [].concat(answer[field]).forEach(function (reason) {
          found.push(typeof reason === "string" ? reason : reason && reason.message);
        });
      });
    }
    return found.filter(Boolean).join(" ");
  }

  function insert(editor, text, start, end) {
    var value = editor.value;
    var before = value.slice(0, start);
    var after = value.slice(end);
    // An image on a line of its own, so it never joins a heading or a paragraph.
    if (before && !before.endsWith("\n")) text = "\n\n" + text;
    if (!after.startsWith("\n")) text += "\n\n";
    editor.value = before + text + after;
    editor.selectionStart = editor.selectionEnd = before.length + text.length;
    editor.dispatchEvent(new Event("input", { bubbles: true })); // markdownx refreshes its preview
  }

  function csrfToken(editor) {
    var field = editor.form && editor.form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function upload(editor, file) {
    var alt = window.prompt(
      "Describe the image “" + file.name + "” for readers who cannot see it (alt text):",
      ""
    );
    if (alt === null) {
      show(editor, "Image not added: no description was given.", false);
      return;
    }
    // At the cursor while the editor has one; dropped onto an editor not yet clicked into, at the end.
    var focused = document.activeElement === editor;
    var start = focused ? editor.selectionStart : editor.value.length;
    var end = focused ? editor.selectionEnd : editor.value.length;
    var data = new FormData();
    data.append("image", file);
    show(editor, "Uploading " + file.name + "…", false);
    fetch(editor.getAttribute("data-markdownx-upload-urls-path"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(editor), "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        return response.text().then(function (body) {
          var answer = null;
          try { answer = JSON.parse(body); } catch (error) { answer = null; }
          return { ok: response.ok, status: response.status, answer: answer };
        });
      })
      .then(function (result) {
        var code = result.answer && result.answer.image_code;
        var address = code && /\]\((.+)\)\s*$/.exec(code);
        if (result.ok && address) {
          var description = alt.replace(/[\[\]\\]/g, "").trim();
          insert(editor, "![" + description + "](" + address[1] + ")", start, end);
          show(editor, "", false);
          return;
        }
        var why = reasons(result.answer) || "The server answered " + result.status + ".";
        show(editor, file.name + " was not added: " + why + " Your text is unchanged.", true);
      })
      .catch(function () {
        show(editor, file.name + " was not added: the upload did not reach the server. Your text is unchanged.", true);
      });
  }

  function take(event, files) {
    var editor = event.target.closest && event.target.closest(EDITOR);
    if (!editor || !files || !files.length) return;
    // Capturing on the document runs before markdownx's own listener on the editor, which is stopped here.
    event.preventDefault();
    event.stopImmediatePropagation();
    Array.prototype.forEach.call(files, function (file) { upload(editor, file); });
  }

  document.addEventListener("drop", function (event) {
    take(event, event.dataTransfer && event.dataTransfer.files);
  }, true);
  document.addEventListener("paste", function (event) {
    take(event, event.clipboardData && event.clipboardData.files);
  }, true);
})();
