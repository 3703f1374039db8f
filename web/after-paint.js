/* global document, window, requestAnimationFrame */
/*
 * The loader of a prerendered page (web/delivery.ts writes it under assets/ with a hash of its content in its name, and puts it in place of the app's module script). The page's HTML is
 * its first screen already: the app's scripts are asked for only once that screen has been painted, so that on a slow
 * phone the text shows as soon as the HTML has arrived, not after the scripts have been fetched and run.
 * Until the app owns the page (#root[data-ready], main.tsx) it is markup only, so what a reader does meanwhile is kept
 * for the app (web/src/early-input.ts hands it over):
 *  - what is typed into a field (the last value of each);
 *  - a form sent, which the browser must not send itself: the login form would put its password in the address.
 * A classic script, not a module, and no inline script: the CSP admits only the site's own files.
 */
(function () {
  var me = document.currentScript;
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
  var load = function () {
    var preload = (me.getAttribute('data-preload') || '').split(' ');
    for (var i = 0; i < preload.length; i++) {
      if (!preload[i]) continue;
      var link = document.createElement('link');
      link.rel = 'modulepreload';
      link.crossOrigin = '';
      link.href = preload[i];
      document.head.appendChild(link);
    }
    var s = document.createElement('script');
    s.type = 'module';
    s.crossOrigin = '';
    s.src = me.getAttribute('data-entry');
    document.head.appendChild(s);
  };
  // A frame's callback runs just before its paint, and a task queued from it just after.
  if (document.visibilityState === 'hidden') load();
  else
    requestAnimationFrame(function () {
      setTimeout(load, 0);
    });
})();
