/* Back office, economics simulator (D12): draws the result table
 * (table[data-sim-table], rendered by the server) as a horizontal
 * waterfall with ECharts into #sim-chart: the money in, then each line of
 * money out taking its share away (a negative line gives back), then the
 * profit from zero. Reads only the table's data-* attributes; loaded as a
 * file because the CSP allows no inline script. */
(function () {
  'use strict';
  var box = document.getElementById('sim-chart');
  var table = document.querySelector('table[data-sim-table]');
  if (!box || !table || typeof window.echarts === 'undefined') return;

  /* "12.34" / "-0.05" → fen, without floating point surprises. */
  function fen(s) {
    var m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(s).trim());
    if (!m) return 0;
    var v = parseInt(m[2], 10) * 100 + parseInt(((m[3] || '') + '00').slice(0, 2), 10);
    return m[1] ? -v : v;
  }
  function yuan(f) {
    var neg = f < 0, a = Math.abs(f);
    return (neg ? '-' : '') + Math.floor(a / 100) + '.' + String(a % 100).padStart(2, '0');
  }
  function short(s) {
    s = s.replace(/（[^）]*）/g, '');
    return s.length > 22 ? s.slice(0, 21) + '…' : s;
  }

  var rows = [], level = 0;
  table.querySelectorAll('tr[data-sim]').forEach(function (tr) {
    var kind = tr.getAttribute('data-sim');
    var label = tr.getAttribute('data-label') || '';
    var v = fen(tr.getAttribute('data-amount'));
    if (kind === 'in') {
      rows.push({ label: label, full: label, from: 0, to: v, v: v, kind: 'in' });
      level = v;
    } else if (kind === 'out') {
      if (v === 0) return;  /* nothing paid: no bar */
      rows.push({ label: short(label), full: label, from: level, to: level - v, v: v, kind: v < 0 ? 'back' : 'out' });
      level -= v;
    } else if (kind === 'profit') {
      rows.push({ label: label, full: label, from: 0, to: v, v: v, kind: v < 0 ? 'loss' : 'profit' });
    }
  });
  if (!rows.length) return;

  var colour = { in: '#13803f', out: '#e8452c', back: '#52b788', profit: '#0b57d0', loss: '#c0321f' };
  box.style.height = Math.max(220, rows.length * 30 + 60) + 'px';
  var chart = window.echarts.init(box, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 70, top: 10, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: function (p) {
        var r = rows[p.dataIndex];
        var el = document.createElement('div');
        el.textContent = r.full + '：' + yuan(r.kind === 'out' || r.kind === 'back' ? -r.v : r.v) + ' 元';
        return el.innerHTML;
      }
    },
    xAxis: { type: 'value', axisLabel: { formatter: function (v) { return yuan(v); } }, splitLine: { lineStyle: { color: '#eef0f2' } } },
    yAxis: { type: 'category', inverse: true, data: rows.map(function (r) { return r.label; }),
      axisTick: { show: false }, axisLabel: { color: '#3b4148', fontSize: 12 } },
    series: [{
      type: 'custom',
      encode: { x: [1, 2], y: 0 },
      data: rows.map(function (r, i) { return [i, Math.min(r.from, r.to), Math.max(r.from, r.to)]; }),
      renderItem: function (params, api) {
        var i = api.value(0), a = api.coord([api.value(1), i]), b = api.coord([api.value(2), i]);
        var h = api.size([0, 1])[1] * 0.62;
        var r = rows[i];
        return {
          type: 'group',
          children: [
            { type: 'rect', shape: { x: a[0], y: a[1] - h / 2, width: Math.max(b[0] - a[0], 1), height: h },
              style: { fill: colour[r.kind] } },
            { type: 'text', style: { x: Math.max(a[0], b[0]) + 4, y: a[1], text: yuan(r.kind === 'out' || r.kind === 'back' ? -r.v : r.v),
              verticalAlign: 'middle', fill: '#3b4148', fontSize: 11 } }
          ]
        };
      }
    }]
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
