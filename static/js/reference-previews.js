// Reference previews: pointing at, focusing or tapping a citation number shows that reference's entry
// from the list further down the page, where the reader is. The numbers stay ordinary links to the list:
// without this script, or on a second tap, they jump to the list and back as before.
// Built for WCAG 1.4.13: the preview can be hovered, stays until pointer or focus leaves, Escape hides it.
(function () {
  "use strict";

  function setUp() {
    var links = document.querySelectorAll('sup.cite a[href^="#ref-"]');
    if (!links.length) return;

    var preview = document.createElement("div");
    preview.className = "ref-preview";
    preview.id = "ref-preview";
    // Screen readers hear the entry as the number's description (below); the box is for eyes only.
    preview.setAttribute("aria-hidden", "true");
    preview.hidden = true;
    document.body.appendChild(preview);

    var current = null;
    var hideTimer = null;
    var lastPointer = "";

    function entryFor(link) {
      var item = document.getElementById(link.getAttribute("href").slice(1));
      return item && item.querySelector(".reference-text");
    }

    function fill(link, entry, touch) {
      preview.textContent = "";
      var label = document.createElement("span");
      label.className = "ref-preview-label";
      label.textContent = "Reference " + link.textContent.trim();
      preview.appendChild(label);
      // The entry's own links stay in the list: a tooltip holds no controls of its own.
      var copy = entry.cloneNode(true);
      copy.removeAttribute("id");
      copy.querySelectorAll("a").forEach(function (a) { a.replaceWith(document.createTextNode(a.textContent)); });
      copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      preview.appendChild(copy);
      if (touch) {
        var hint = document.createElement("span");
        hint.className = "ref-preview-hint";
        hint.textContent = "Tap the number again to go to the reference list.";
        preview.appendChild(hint);
      }
    }

    function place(link) {
      var box = link.getBoundingClientRect();
      var width = preview.offsetWidth;
      var margin = 8;
      var left = Math.min(Math.max(margin, box.left), document.documentElement.clientWidth - width - margin);
      preview.style.left = Math.max(margin, left) + window.scrollX + "px";
      preview.style.top = box.bottom + window.scrollY + 6 + "px";
    }

    function show(link, touch) {
      var entry = entryFor(link);
      if (!entry) return;
      clearTimeout(hideTimer);
      fill(link, entry, touch);
      preview.hidden = false;
      place(link);
      current = link;
    }

    function hide() {
      clearTimeout(hideTimer);
      preview.hidden = true;
      current = null;
    }

    function hideSoon() {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(hide, 300);
    }

    links.forEach(function (link) {
      var entry = entryFor(link);
      if (entry) {
        entry.id = entry.id || "ref-text-" + link.getAttribute("href").slice(5);
        link.setAttribute("aria-describedby", entry.id);
      }
      link.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; });
      // Touch screens send mouseenter too, before the click: the tap decides there.
      link.addEventListener("mouseenter", function () { if (lastPointer !== "touch") show(link, false); });
      link.addEventListener("mouseleave", hideSoon);
      link.addEventListener("focus", function () { if (lastPointer !== "touch") show(link, false); });
      link.addEventListener("blur", function () { if (lastPointer !== "touch") hideSoon(); });
      link.addEventListener("click", function (event) {
        // On a touch screen the first tap shows the entry, a second tap on the same number follows the link.
        if (lastPointer === "touch" && current !== link) {
          event.preventDefault();
          show(link, true);
        } else {
          hide();
        }
        lastPointer = "";
      });
    });
    preview.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    preview.addEventListener("mouseleave", hideSoon);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && current) hide();
    });
    document.addEventListener("pointerdown", function (event) {
      if (current && !preview.contains(event.target) && event.target.closest("sup.cite a") !== current) hide();
    });
    window.addEventListener("resize", function () { if (current) place(current); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
