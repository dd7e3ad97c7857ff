// The back office's ad page: the daily chart (ECharts, as the simulator
// draws) and the image upload of the create form (the body is the file,
// as merchants upload product images; the answer's URL goes in a field).
(function () {
  'use strict';
  var box = document.getElementById('ad-chart');
  if (box && typeof window.echarts !== 'undefined') {
    var d = JSON.parse(box.getAttribute('data-chart') || '{}');
    var chart = window.echarts.init(box, null, { renderer: 'svg' });
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { data: ['播放', '看完', '奖励（元）'] },
      grid: { left: 48, right: 56, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: d.days || [] },
      yAxis: [{ type: 'value', name: '次数', minInterval: 1 },
        { type: 'value', name: '元' }],
      series: [
        { name: '播放', type: 'bar', data: d.views || [] },
        { name: '看完', type: 'bar', data: d.completions || [] },
        { name: '奖励（元）', type: 'line', yAxisIndex: 1, data: d.paid || [] }
      ]
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }
  var file = document.getElementById('ad-file');
  var media = document.getElementById('ad-media');
  var state = document.getElementById('ad-file-state');
  var form = document.getElementById('ad-new');
  if (!file || !media || !form) return;
  // the file is the body; ?for=poster takes a PNG only (a video's poster
  // frame); the answer's URL goes in the hidden field
  function upload(input, field, note, query, done) {
    input.addEventListener('change', function () {
      var f = input.files && input.files[0];
      if (!f) return;
      note.textContent = '上传中…';
      fetch('/admin/ads/upload' + query, {
        method: 'POST', body: f, credentials: 'same-origin',
        headers: { 'Accept': 'application/json', 'X-CSRF-Token': form.querySelector('[name=_csrf]').value }
      }).then(function (res) { return res.json(); }).then(function (j) {
        if (j.ok) {
          field.value = j.url;
          note.textContent = '已上传：' + j.url;
          if (done) done(j);
        } else { field.value = ''; note.textContent = (j.error && j.error.message) || '上传失败'; }
      }).catch(function () { note.textContent = '上传失败，请重试'; });
    });
  }
  upload(file, media, state, '', function (j) {
    form.querySelector('[name=kind]').value = j.kind;
  });
  var poster = document.getElementById('ad-poster-file');
  if (poster) {
    upload(poster, document.getElementById('ad-poster'),
      document.getElementById('ad-poster-state'), '?for=poster');
  }
})();
