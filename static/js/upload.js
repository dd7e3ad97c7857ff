/* Product images on the merchant's products page (C2).
 * An <input type=file data-upload=URL data-csrf=TOKEN>: the chosen file is
 * POSTed with fetch() as the raw request body (not multipart), the CSRF
 * token in X-CSRF-Token; what happens shows in the product's
 * [data-upload-msg] line in Chinese, and the page reloads on success so
 * the new thumbnail appears. The server checks the type by content and
 * the size; this script only reports what it says.
 * A form[data-confirm] (delete an image) asks first: app.js does that. */
(function () {
  'use strict';

  function size(n) {
    return n >= 1024 * 1024 ? (n / 1024 / 1024).toFixed(1) + ' MB' : Math.max(1, Math.round(n / 1024)) + ' KB';
  }

  function say(el, text, bad) {
    if (!el) return;
    el.hidden = false;
    el.textContent = text;
    el.classList.toggle('pt-upload-msg_bad', !!bad);
  }

  function upload(input) {
    var file = input.files && input.files[0];
    var box = input.closest('.weui-cells');
    var msg = box && box.querySelector('[data-upload-msg]');
    if (!file) return;
    if (file.size === 0) {
      say(msg, '文件是空的，请重新选择', true);
      input.value = '';
      return;
    }
    input.disabled = true;
    say(msg, '正在上传 ' + file.name + '（' + size(file.size) + '）…');
    fetch(input.dataset.upload, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'X-CSRF-Token': input.dataset.csrf,
        // the server goes by the bytes; never let a file pass as a form
        'Content-Type': /^image\//.test(file.type) ? file.type : 'application/octet-stream'
      },
      body: file
    }).then(function (r) {
      return r.json().catch(function () {
        // not our JSON: nginx refused a body over its own limit, or the
        // program is down
        return { ok: false, error: { message: r.status === 413 ? '图片太大了，请压缩后再上传' : '上传失败（' + r.status + '），请稍后再试' } };
      });
    }).then(function (j) {
      if (j.ok) {
        say(msg, '上传成功，正在刷新…');
        location.reload();
        return;
      }
      say(msg, (j.error && j.error.message) || '上传失败，请重试', true);
      input.disabled = false;
      input.value = '';
    }).catch(function () {
      say(msg, '网络异常，上传失败，请重试', true);
      input.disabled = false;
      input.value = '';
    });
  }

  document.querySelectorAll('input[type=file][data-upload]').forEach(function (input) {
    input.addEventListener('change', function () { upload(input); });
  });
})();
