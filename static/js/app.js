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
      var url = '/member/sms', body;
      if (btn.dataset.smsUrl) {
        /* A logged-in member's own phone (e.g. 更换收款账户). */
        url = btn.dataset.smsUrl;
        body = new URLSearchParams({});
      } else {
        var phone = form.querySelector('[name=phone]').value.trim();
        if (!/^1[3-9]\d{9}$/.test(phone)) { toast('请输入正确的手机号'); return; }
        body = new URLSearchParams({ phone: phone, purpose: btn.dataset.sms });
      }
      btn.disabled = true;
      fetch(url, {
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

  function copyText(text) {
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
  }
  /* A quick-amount chip (data-fill-amount): fills its form's amount and
   * submits it. */
  document.querySelectorAll('[data-fill-amount]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var f = btn.form, input = f && f.querySelector('input[name=amount]');
      if (!input) return;
      input.value = btn.dataset.fillAmount;
      if (f.requestSubmit) f.requestSubmit(); else f.submit();
    });
  });
  document.querySelectorAll('[data-copy]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      copyText(document.querySelector(btn.dataset.copy).textContent.trim());
    });
  });
  /* A share button (data-share=URL, data-share-title): inside WeChat the
   * menu's 分享 is the way, so say so; elsewhere the Web Share API, else
   * the link is copied. */
  document.querySelectorAll('[data-share]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var url = btn.dataset.share, title = btn.dataset.shareTitle || document.title;
      if (/MicroMessenger/i.test(navigator.userAgent)) {
        toast('点右上角 ··· 分享给朋友');
        return;
      }
      if (navigator.share) {
        navigator.share({ title: title, url: url }).catch(function () {});
        return;
      }
      copyText(url);
    });
  });
  function key() {
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }

  /* A WeUI dialog: title, text, cancel and confirm; calls ok(true) when
   * confirmed. */
  function ask(title, okLabel, text, ok) {
    var wrap = document.createElement('div');
    wrap.innerHTML = '<div class="weui-mask"></div><div class="weui-dialog pt-gb-dialog" role="dialog" aria-modal="true">' +
      '<div class="weui-dialog__hd"><strong class="weui-dialog__title"></strong></div>' +
      '<div class="weui-dialog__bd"></div><div class="weui-dialog__ft">' +
      '<button type="button" class="weui-dialog__btn weui-dialog__btn_default" data-no>取消</button>' +
      '<button type="button" class="weui-dialog__btn weui-dialog__btn_primary" data-yes></button></div></div>';
    wrap.querySelector('.weui-dialog__title').textContent = title;
    wrap.querySelector('[data-yes]').textContent = okLabel;
    wrap.querySelector('.weui-dialog__bd').textContent = text;
    document.body.appendChild(wrap);
    function close(yes) { wrap.remove(); ok(yes); }
    wrap.querySelector('[data-no]').addEventListener('click', function () { close(false); });
    wrap.querySelector('.weui-mask').addEventListener('click', function () { close(false); });
    wrap.querySelector('[data-yes]').addEventListener('click', function () { close(true); });
    wrap.querySelector('[data-yes]').focus();
  }

  /* form[data-confirm]: asks first (data-confirm-title and -ok name the
   * dialog and its button) before money moves or something is undone;
   * once confirmed the form gets its request key ([data-idem]) and its
   * button is disabled until the next page. Inline handlers are not an
   * option: the pages' CSP allows scripts from 'self' only. */
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var btn = form.querySelector('[type=submit]');
      if (btn && btn.disabled) return;
      ask(form.getAttribute('data-confirm-title') || '请确认',
          form.getAttribute('data-confirm-ok') || '确定',
          form.getAttribute('data-confirm'), function (yes) {
        if (!yes) return;
        var idem = form.querySelector('[data-idem]');
        if (idem && !idem.value) idem.value = key();
        if (btn) btn.disabled = true;
        form.submit();
      });
    });
  });

  /* The payout account form: the bank's fields only for a bank card. */
  var kinds = document.querySelectorAll('input[data-kind]');
  function showBank() {
    var alipay = document.querySelector('input[data-kind][value=alipay]');
    document.querySelectorAll('[data-bank-only]').forEach(function (el) {
      el.hidden = !!(alipay && alipay.checked);
    });
  }
  kinds.forEach(function (k) { k.addEventListener('change', showBank); });
  if (kinds.length) showBank();

  /* Back to a page kept in the browser's cache: a fresh start, so a
   * second join is a new request and not a replay of the first. */
  window.addEventListener('pageshow', function (ev) {
    if (!ev.persisted) return;
    document.querySelectorAll('[data-idem]').forEach(function (i) { i.value = ''; });
    document.querySelectorAll('form[data-confirm] [type=submit]').forEach(function (b) { b.disabled = false; });
  });
})();
