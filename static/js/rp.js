/* rp: the red-packet rain's member pages (FEATURES E1, E2).
 *
 * Countdowns: every [data-rp-clock] element carries the server's time at
 * render (data-now, epoch seconds) and the rain's start and end; the
 * offset to the phone's clock is taken once, so a phone set wrong still
 * counts down to the server's start. Its [data-rp-cd] child shows the
 * time left.
 *
 * The rain (templates/rp/rain.html): while live, 抢红包 opens a full-screen
 * stage where red packets fall; each tap on one sends one POST
 * /rp/:id/grab (its own Idempotency-Key, so a retried request is the same
 * grab) and shows "已抢 0.23", "手慢了" (none left), "已达上限" (the cap)
 * or "太火爆了" (nginx's limit) for a moment, with the running total.
 * Plain JS, no library; pointer events work with touch and mouse. */
(function () {
  'use strict';

  var skew = null;	/* server time − phone time, seconds */

  function now() {
    return Date.now() / 1000 + (skew || 0);
  }

  function two(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function span(sec) {
    sec = Math.max(0, Math.floor(sec));
    var d = Math.floor(sec / 86400), h = Math.floor(sec % 86400 / 3600),
      m = Math.floor(sec % 3600 / 60), s = sec % 60;
    return (d > 0 ? d + ' 天 ' : '') + two(h) + ':' + two(m) + ':' + two(s);
  }

  var clocks = Array.prototype.slice.call(document.querySelectorAll('[data-rp-clock]'));
  var hero = document.getElementById('rp');
  var go = document.getElementById('rp-go');
  var phase = null;

  function tick() {
    var t = now();
    clocks.forEach(function (el) {
      var start = Number(el.getAttribute('data-start')), end = Number(el.getAttribute('data-end'));
      var cd = el.querySelector('[data-rp-cd]') || (el.hasAttribute('data-rp-cd') ? el : null);
      var p = t < start ? 'scheduled' : t < end ? 'live' : 'ended';
      if (cd) {
        cd.textContent = p === 'scheduled' ? '距开始 ' + span(start - t) :
          p === 'live' ? '进行中 · 距结束 ' + span(end - t) : '已结束';
        cd.setAttribute('data-phase', p);
      }
      if (el === hero && p !== phase) {
        phase = p;
        if (go) go.hidden = p !== 'live';
        if (p === 'ended' && go) stop(true);
      }
    });
  }

  if (clocks.length > 0) {
    skew = Number(clocks[0].getAttribute('data-now')) - Date.now() / 1000;
    tick();
    setInterval(tick, 250);
  }

  if (!hero || !go) return;

  /* --- the rain ------------------------------------------------------------ */

  var stage = document.getElementById('rp-stage');
  var field = document.getElementById('rp-field');
  var toastEl = document.getElementById('rp-toast');
  var sumEl = document.getElementById('rp-sum');
  var countEl = document.getElementById('rp-count');
  var id = hero.getAttribute('data-id');
  var csrf = hero.getAttribute('data-csrf');
  var mine = Math.round(Number(hero.getAttribute('data-mine') || 0) * 100);
  var count = 0, timer = null, toastTimer = null, over = null;

  function money(fen) {
    return (fen / 100).toFixed(2);
  }

  function toast(text, kind) {
    toastEl.textContent = text;
    toastEl.className = 'pt-rp-toast' + (kind ? ' pt-rp-toast_' + kind : '');
    toastEl.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toastEl.hidden = true; }, 1200);
  }

  function key() {
    var a = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function grab(el) {
    el.classList.add('pt-rp-pkt_open');
    fetch('/rp/' + id + '/grab', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf, 'Idempotency-Key': key() }
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, j: j }; },
        function () { return { status: r.status, j: null }; });
    }).then(function (x) {
      var j = x.j || {};
      if (x.status === 200 && j.ok) {
        mine = Math.round(Number(j.mine) * 100);
        count = j.count;
        sumEl.textContent = money(mine);
        countEl.textContent = String(count);
        toast('已抢 ' + j.amount, 'ok');
        return;
      }
      var code = j.error && j.error.code;
      if (code === 'empty') { toast('手慢了'); end('红包已抢完'); }
      else if (code === 'cap') { toast('已达上限'); end('已达上限'); }
      else if (code === 'not_live') { toast('红包雨已结束'); end('红包雨已结束'); }
      else if (x.status === 401) location.href = '/member/login?next=/rp/' + id;
      else toast((j.error && j.error.message) || '太火爆了，请稍后再试');
    }).catch(function () { toast('网络不稳，请再试'); });
  }

  function drop() {
    var el = document.createElement('button');
    el.type = 'button';
    el.className = 'pt-rp-pkt';
    el.setAttribute('aria-label', '红包');
    el.style.left = Math.floor(4 + Math.random() * 78) + '%';
    el.style.animationDuration = (2.6 + Math.random() * 1.6).toFixed(2) + 's';
    el.addEventListener('pointerdown', function (ev) {
      ev.preventDefault();
      if (el.disabled) return;
      el.disabled = true;
      grab(el);
      setTimeout(function () { el.remove(); }, 400);
    });
    el.addEventListener('animationend', function () { el.remove(); });
    field.appendChild(el);
  }

  function end(why) {
    over = why;
    clearInterval(timer);
    timer = null;
    go.textContent = why;
    go.disabled = true;
  }

  function stop(ended) {
    clearInterval(timer);
    timer = null;
    if (ended) end('红包雨已结束');
  }

  go.addEventListener('click', function () {
    if (over) return;
    stage.hidden = false;
    sumEl.textContent = money(mine);
    document.body.classList.add('pt-rp-on');
    drop();
    timer = setInterval(drop, 380);
  });
  document.getElementById('rp-close').addEventListener('click', function () {
    stop(false);
    stage.hidden = true;
    field.textContent = '';
    document.body.classList.remove('pt-rp-on');
    location.reload();
  });
})();
