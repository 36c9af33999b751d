/* Dash 4's dropdown puts keyboard focus first on a hidden input (aria-hidden, tabindex 0) that
   passes it straight on to the dropdown's button (tabindex -1). A screen reader can land on the
   hidden input, and axe reports it (aria-hidden-focus, serious). Here the button takes the tab
   stop itself and the hidden input none; the button opens the list with Enter, Space or the down
   arrow, and typing searches, as before. Dash sets the input's tabindex back when the button
   loses focus, so each change is undone as it happens. */
(function () {
  "use strict";
  function fix(input) {
    if (input.tabIndex !== -1) { input.tabIndex = -1; }
    var button = input.nextElementSibling;
    if (button && button.tagName === "BUTTON" && !button.disabled && button.tabIndex !== 0) { button.tabIndex = 0; }
  }
  function fixAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll(".dash-dropdown-focus-target").forEach(fix);
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      if (change.type === "attributes" && change.target.classList &&
          change.target.classList.contains("dash-dropdown-focus-target")) {
        fix(change.target);
      } else if (change.type === "attributes" && change.target.tagName === "BUTTON" &&
                 change.target.previousElementSibling &&
                 change.target.previousElementSibling.classList.contains("dash-dropdown-focus-target")) {
        fix(change.target.previousElementSibling);
      } else {
        change.addedNodes.forEach(function (node) { if (node.nodeType === 1) { fixAll(node); } });
      }
    });
  }).observe(document.documentElement, {subtree: true, childList: true, attributes: true,
                                        attributeFilter: ["tabindex", "disabled"]});
  document.addEventListener("DOMContentLoaded", function () { fixAll(document); });
})();
