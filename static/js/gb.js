/* Group-buy pages (templates/gb/): the countdown of an open leader group,
 * the confirmation before paying a stake, and a request key per join so
 * that a double tap or a retried POST seats nobody twice.
 * Plain JS, no library. Without it the pages still work: the countdown
 * shows the deadline and the join button (which names the amount) posts
 * directly. */
(function () {
  'use strict';

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function fmt(s) {
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
      m = Math.floor(s % 3600 / 60), x = s % 60;
    return (d > 0 ? d + ' 天 ' : '') + pad(h) + ':' + pad(m) + ':' + pad(x);
  }

  /* [data-countdown=SECONDS]: counts down in its [data-countdown-text];
   * at zero the page reloads to show what the server decided. A group
   * already past its deadline waits for the expiry job: check again in
   * a little while. */
  document.querySelectorAll('[data-countdown]').forEach(function (el) {
    var out = el.querySelector('[data-countdown-text]') || el;
    var left = parseInt(el.getAttribute('data-countdown'), 10) || 0;
    var end = Date.now() + left * 1000;
    if (left <= 0) {
      out.textContent = '已到时限，正在结算…';
      setTimeout(function () { location.reload(); }, 15000);
      return;
    }
    function tick() {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      out.textContent = fmt(s);
      if (s <= 0) {
        clearInterval(timer);
        out.textContent = '已到时限，正在结算…';
        setTimeout(function () { location.reload(); }, 1500);
      }
    }
    var timer = setInterval(tick, 1000);
    tick();
  });

  /* [data-minutes=N]: "1435 分钟" reads better as "23 小时 55 分钟". */
  document.querySelectorAll('[data-minutes]').forEach(function (el) {
    var m = parseInt(el.getAttribute('data-minutes'), 10) || 0;
    if (m >= 60)
      el.textContent = Math.floor(m / 60) + ' 小时' + (m % 60 ? ' ' + m % 60 + ' 分钟' : '');
  });

  function key() {
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }

  /* A WeUI dialog: title, text, cancel and confirm; resolves to true
   * when confirmed. */
  function ask(text, ok) {
    var wrap = document.createElement('div');
    wrap.innerHTML = '<div class="weui-mask"></div><div class="weui-dialog pt-gb-dialog" role="dialog" aria-modal="true">' +
      '<div class="weui-dialog__hd"><strong class="weui-dialog__title">确认参团</strong></div>' +
      '<div class="weui-dialog__bd"></div><div class="weui-dialog__ft">' +
      '<button type="button" class="weui-dialog__btn weui-dialog__btn_default" data-no>取消</button>' +
      '<button type="button" class="weui-dialog__btn weui-dialog__btn_primary" data-yes>确认支付</button></div></div>';
    wrap.querySelector('.weui-dialog__bd').textContent = text;
    document.body.appendChild(wrap);
    function close(yes) { wrap.remove(); ok(yes); }
    wrap.querySelector('[data-no]').addEventListener('click', function () { close(false); });
    wrap.querySelector('.weui-mask').addEventListener('click', function () { close(false); });
    wrap.querySelector('[data-yes]').addEventListener('click', function () { close(true); });
    wrap.querySelector('[data-yes]').focus();
  }

  /* form[data-confirm]: asks first; once confirmed the form gets its
   * request key and its button is disabled until the next page. */
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var btn = form.querySelector('[type=submit]');
      if (btn && btn.disabled) return;
      ask(form.getAttribute('data-confirm'), function (yes) {
        if (!yes) return;
        var idem = form.querySelector('[data-idem]');
        if (idem && !idem.value) idem.value = key();
        if (btn) btn.disabled = true;
        form.submit();
      });
    });
  });

  /* Back to a page kept in the browser's cache: a fresh start, so a
   * second join is a new request and not a replay of the first. */
  window.addEventListener('pageshow', function (ev) {
    if (!ev.persisted) return;
    document.querySelectorAll('[data-idem]').forEach(function (i) { i.value = ''; });
    document.querySelectorAll('form[data-confirm] [type=submit]').forEach(function (b) { b.disabled = false; });
  });
})();
