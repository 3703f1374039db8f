/* global document, window */
/*
 * The keeper of what a reader does on a prerendered page before the app owns it (web/delivery.ts writes it under
 * assets/ with a hash of its content in its name, and puts it before the app's module script, both deferred: it runs
 * first). The page's HTML is its first screen, but until the app has taken it over (#root[data-ready], main.tsx) it
 * is markup only, so what is done meanwhile is kept for the app (web/src/early-input.ts hands it over):
 *  - what is typed into a field (the last value of each);
 *  - a form sent, which the browser must not send itself: the login form would put its password in the address.
 * A classic script, not a module, and no inline script: the CSP admits only the site's own files.
 */
(function () {
  var early = (window.__tinhsoEarly = { typed: [], submitted: null });
  var ready = function () {
    var root = document.getElementById('root');
    return !root || root.dataset.ready === 'true';
  };
  document.addEventListener(
    'input',
    function (e) {
      if (!ready() && early.typed.indexOf(e.target) < 0) early.typed.push(e.target);
    },
    true,
  );
  document.addEventListener(
    'submit',
    function (e) {
      if (ready()) return;
      e.preventDefault();
      e.stopPropagation();
      early.submitted = e.target;
    },
    true,
  );
})();
