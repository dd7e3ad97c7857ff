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

/* [data-copy]: copies its value (a payee's account) to the clipboard. */
(function () {
  'use strict';
  document.querySelectorAll('[data-copy]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var text = btn.getAttribute('data-copy');
      var done = function () {
        var was = btn.textContent;
        btn.textContent = '已复制';
        setTimeout(function () { btn.textContent = was; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { window.prompt('复制账号', text); });
      } else {
        window.prompt('复制账号', text);
      }
    });
  });
  /* input[data-check-all]: ticks every checkbox named by its value. */
  document.querySelectorAll('input[data-check-all]').forEach(function (all) {
    all.addEventListener('change', function () {
      document.querySelectorAll('input[type=checkbox][name="' + all.getAttribute('data-check-all') + '"]').forEach(function (c) {
        if (!c.disabled) c.checked = all.checked;
      });
    });
  });
})();
