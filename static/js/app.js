/* Member pages: the region picker, the SMS code button, auto-submitting
 * filters and copy buttons.
 * Plain JS, no framework; every form also works without it except the
 * SMS button, which needs it to ask for a code without leaving the page. */
(function () {
  'use strict';

  function toast(msg) {
    var t = document.createElement('div');
    t.className = 'pt-toast';
    t.setAttribute('role', 'status');
    t.textContent = msg;
    document.body.appendChild(t);
    setTimeout(function () { t.remove(); }, 2200);
  }

  /* Province → city → district selects, loaded from /member/regions. */
  function fill(sel, list, placeholder) {
    sel.innerHTML = '';
    var o = document.createElement('option');
    o.value = '';
    o.textContent = placeholder;
    sel.appendChild(o);
    list.forEach(function (r) {
      var x = document.createElement('option');
      x.value = r.code;
      x.textContent = r.name;
      sel.appendChild(x);
    });
  }

  function load(parent, sel, placeholder) {
    return fetch('/member/regions?parent=' + encodeURIComponent(parent),
        { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (j) { fill(sel, j.regions || [], placeholder); });
  }

  var prov = document.querySelector('[data-region=province]');
  var city = document.querySelector('[data-region=city]');
  var dist = document.querySelector('[data-region=district]');
  if (prov && city && dist) {
    prov.addEventListener('change', function () {
      fill(dist, [], '请先选择城市');
      if (!prov.value) { fill(city, [], '请先选择省份'); return; }
      load(prov.value, city, '请选择城市');
    });
    city.addEventListener('change', function () {
      if (!city.value) { fill(dist, [], '请先选择城市'); return; }
      load(city.value, dist, '请选择区县');
    });
    /* A form shown again after an error keeps what was picked. */
    if (prov.dataset.value) {
      prov.value = prov.dataset.value;
      load(prov.value, city, '请选择城市').then(function () {
        if (!city.dataset.value) return;
        city.value = city.dataset.value;
        return load(city.value, dist, '请选择区县').then(function () {
          dist.value = dist.dataset.value || '';
        });
      });
    }
  }

  /* 获取验证码: posts to /member/sms and counts down. */
  document.querySelectorAll('[data-sms]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var form = btn.closest('form');
      var phone = form.querySelector('[name=phone]').value.trim();
      if (!/^1[3-9]\d{9}$/.test(phone)) { toast('请输入正确的手机号'); return; }
      btn.disabled = true;
      var body = new URLSearchParams({ phone: phone, purpose: btn.dataset.sms });
      fetch('/member/sms', {
        method: 'POST',
        headers: { Accept: 'application/json', 'X-CSRF-Token': btn.dataset.csrf },
        body: body
      }).then(function (r) { return r.json(); }).then(function (j) {
        if (!j.ok) { toast(j.error.message); btn.disabled = false; return; }
        toast('验证码已发送');
        var left = j.interval || 60;
        btn.textContent = left + ' 秒后重发';
        var timer = setInterval(function () {
          left -= 1;
          if (left <= 0) {
            clearInterval(timer);
            btn.disabled = false;
            btn.textContent = '获取验证码';
          } else {
            btn.textContent = left + ' 秒后重发';
          }
        }, 1000);
      }).catch(function () { toast('网络异常，请重试'); btn.disabled = false; });
    });
  });

  /* A filter select (data-autosubmit) submits its form when changed; a
   * <noscript> button does it without JS. */
  document.querySelectorAll('[data-autosubmit]').forEach(function (sel) {
    sel.addEventListener('change', function () {
      if (sel.form) sel.form.submit();
    });
  });

  document.querySelectorAll('[data-copy]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var text = document.querySelector(btn.dataset.copy).textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { toast('已复制'); });
      } else {
        var ta = document.createElement('textarea');
        ta.value = text;
        document.body.appendChild(ta);
        ta.select();
        try { document.execCommand('copy'); toast('已复制'); } catch (e) { toast(text); }
        ta.remove();
      }
    });
  });
})();
