/* Group-buy pages (templates/gb/): the countdown of an open leader group,
 * and long durations in hours (the confirmation before paying a stake
 * and its request key are app.js's form[data-confirm]).
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

  /* [data-prize]: the products (name product) and the 购物券 options
   * (name voucher) are one choice: picking one clears the other kind.
   * Without it the server refuses a join that names both. */
  document.querySelectorAll('input[data-prize]').forEach(function (el) {
    el.addEventListener('change', function () {
      if (!el.checked || !el.form) return;
      el.form.querySelectorAll('input[data-prize]').forEach(function (o) {
        if (o.name !== el.name) o.checked = false;
      });
    });
  });

  /* [data-minutes=N]: "1435 分钟" reads better as "23 小时 55 分钟". */
  document.querySelectorAll('[data-minutes]').forEach(function (el) {
    var m = parseInt(el.getAttribute('data-minutes'), 10) || 0;
    if (m >= 60)
      el.textContent = Math.floor(m / 60) + ' 小时' + (m % 60 ? ' ' + m % 60 + ' 分钟' : '');
  });

})();
