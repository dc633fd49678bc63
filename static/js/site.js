/* lowmilk: the phone menu button. Loaded in <head> so the menu is collapsed before the first paint;
   without JavaScript the menu simply stays open and the button stays hidden. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setUpMenu() {
    var button = document.querySelector(".menu-toggle");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) {
      return;
    }
    var header = button.closest(".site-header");

    var label = button.querySelector(".menu-label");
    var closedText = label.textContent;
    var openText = label.getAttribute("data-open-label") || closedText;

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      label.textContent = open ? openText : closedText;
      menu.classList.toggle("is-open", open);
    }

    button.hidden = false;
    setOpen(false);
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the menu and gives focus back to its button.
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpMenu);
  } else {
    setUpMenu();
  }
})();
