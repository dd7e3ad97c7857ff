/* Back office: form[data-confirm] asks before it submits (the CSP allows
 * scripts from 'self' only, so no inline onsubmit handlers). */
(function () {
  'use strict';
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      if (!window.confirm(form.getAttribute('data-confirm'))) ev.preventDefault();
    });
  });
})();
