// /ad: the ad player. Starting an ad asks the server for a view token; the
// countdown runs here only to show the member how long is left — the
// server times the view itself and refuses a completion sent early. No
// skip: closing before the end says the view does not count, and nothing
// is sent. At the end the completion is sent and the answer shown as a
// toast (the reward on the day's last ad).
(function () {
  'use strict';
  var list = document.getElementById('ad-list');
  var player = document.getElementById('ad-player');
  if (!list || !player) return;
  var csrf = list.dataset.csrf;
  var count = document.getElementById('ad-count');
  var media = document.getElementById('ad-media');
  var title = document.getElementById('ad-player-title');
  var link = document.getElementById('ad-link');
  var hint = document.getElementById('ad-hint');
  var toastBox = document.getElementById('ad-toast');
  var progress = document.getElementById('ad-progress');
  var bar = document.getElementById('ad-bar');
  var cur = null, timer = 0, toastTimer = 0;

  function showProgress(watched, required) {
    progress.dataset.watched = watched;
    progress.textContent = watched + '/' + required + ' 已看';
    bar.style.width = Math.min(100, Math.round(100 * watched / required)) + '%';
  }
  showProgress(Number(progress.dataset.watched), Number(progress.dataset.required));

  function toast(text, ms, reward) {
    toastBox.textContent = text;
    toastBox.classList.toggle('is-reward', !!reward);
    toastBox.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toastBox.hidden = true; }, ms || 3000);
  }

  function post(url) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin', body: '{}',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }
    }).then(function (res) { return res.json(); });
  }

  function close() {
    clearInterval(timer);
    player.hidden = true;
    media.textContent = '';
    document.body.style.overflow = '';
    cur = null;
  }

  function tick() {
    var left = Math.ceil((cur.ends - Date.now()) / 1000);
    if (left > 0) {
      count.textContent = '还剩 ' + left + ' 秒';
      return;
    }
    clearInterval(timer);
    count.textContent = '已看完';
    finish(0);
  }

  // The server may see the end a moment after we do: a too_early answer
  // is tried again a few times, a second apart.
  function finish(tries) {
    var v = cur;
    post('/ad/view/' + encodeURIComponent(v.token) + '/done').then(function (j) {
      if (cur !== v) return;
      if (!j.ok && j.error && j.error.code === 'too_early' && tries < 5) {
        setTimeout(function () { finish(tries + 1); }, 1000);
        return;
      }
      if (!j.ok) { toast(j.error ? j.error.message : '提交失败，请重试'); return; }
      v.btn.closest('.pt-ad-item').classList.add('is-watched');
      v.btn.outerHTML = '<span class="pt-ad-item__done">已看</span>';
      showProgress(j.watched, j.required);
      link.hidden = false;
      hint.hidden = true;
      toast(j.message || '已看完', j.rewarded ? 5000 : 3000, j.rewarded);
      if (j.rewarded) refreshPoints();
    }).catch(function () { toast('网络不稳定，请重试'); });
  }

  function refreshPoints() {
    fetch('/ad', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) { return res.json(); })
      .then(function (j) { if (j.points) document.getElementById('ad-points').textContent = j.points; })
      .catch(function () {});
  }

  function open(btn, token, seconds) {
    var m;
    cur = { btn: btn, token: token, ends: Date.now() + seconds * 1000 };
    media.textContent = '';
    if (btn.dataset.video === '1') {
      m = document.createElement('video');
      m.autoplay = true; m.muted = true; m.loop = true; m.playsInline = true;
      m.setAttribute('playsinline', '');
      // the poster frame shows until the first frame plays
      if (btn.dataset.poster) m.poster = btn.dataset.poster;
    } else {
      m = document.createElement('img');
      m.alt = btn.dataset.title;
    }
    if (btn.dataset.media) { m.src = btn.dataset.media; media.appendChild(m); }
    title.textContent = btn.dataset.title;
    link.href = btn.dataset.link || '/';
    link.hidden = true;
    hint.hidden = false;
    player.hidden = false;
    document.body.style.overflow = 'hidden';
    tick();
    timer = setInterval(tick, 250);
  }

  list.addEventListener('click', function (ev) {
    var btn = ev.target.closest('.pt-ad-play');
    if (!btn || cur) return;
    btn.disabled = true;
    post('/ad/' + btn.dataset.id + '/start').then(function (j) {
      btn.disabled = false;
      if (!j.ok) { toast(j.error ? j.error.message : '暂时无法观看'); return; }
      open(btn, j.token, j.duration_sec);
    }).catch(function () { btn.disabled = false; toast('网络不稳定，请重试'); });
  });

  document.getElementById('ad-close').addEventListener('click', function () {
    if (cur && Date.now() < cur.ends) {
      if (!window.confirm('广告还没看完，现在退出本次不计入、也不发放奖励。确定退出？')) return;
      close();
      toast('未看完，本次不计入');
      return;
    }
    close();
  });
})();
