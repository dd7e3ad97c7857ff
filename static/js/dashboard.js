/* Back office charts: #pt-trend (dashboard, 30 days) and #pt-report
 * (reports, money in / out by day) read their series from data
 * attributes and draw with ECharts (vendored, a deferred script of the
 * page; fetched here only if it is missing). */
(function () {
  'use strict';
  if (!document.getElementById('pt-trend') && !document.getElementById('pt-report')) return;
  function start() {
    if (typeof window.echarts !== 'undefined') { draw(); return; }
    var s = document.createElement('script');
    s.src = '/static/vendor/echarts.min.js';
    s.onload = draw;
    document.head.appendChild(s);
  }
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start);
  function draw() {
  function chart(el, option) {
    var c = window.echarts.init(el, null, { renderer: 'svg' });
    c.setOption(option);
    window.addEventListener('resize', function () { c.resize(); });
    el.setAttribute('data-drawn', '1');
  }
  var trend = document.getElementById('pt-trend');
  if (trend) {
    var t = JSON.parse(trend.getAttribute('data-trend'));
    chart(trend, {
      tooltip: { trigger: 'axis' },
      legend: { data: ['新增会员', '开奖', '充值（元）', '提现打款（元）'] },
      grid: { left: 48, right: 56, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: t.dates },
      yAxis: [{ type: 'value', name: '人 / 次', minInterval: 1 }, { type: 'value', name: '元' }],
      series: [
        { name: '新增会员', type: 'bar', data: t.members, itemStyle: { color: '#4e79a7' } },
        { name: '开奖', type: 'bar', data: t.draws, itemStyle: { color: '#f28e2b' } },
        { name: '充值（元）', type: 'line', yAxisIndex: 1, data: t.recharge, itemStyle: { color: '#59a14f' } },
        { name: '提现打款（元）', type: 'line', yAxisIndex: 1, data: t.payout, itemStyle: { color: '#e15759' } }
      ]
    });
  }
  var rep = document.getElementById('pt-report');
  if (rep) {
    var d = JSON.parse(rep.getAttribute('data-days'));
    chart(rep, {
      tooltip: { trigger: 'axis' },
      legend: { data: ['入账', '出账'] },
      grid: { left: 56, right: 24, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: d.map(function (x) { return x.date.slice(5); }) },
      yAxis: { type: 'value', name: '元' },
      series: [
        { name: '入账', type: 'bar', data: d.map(function (x) { return x.in; }), itemStyle: { color: '#59a14f' } },
        { name: '出账', type: 'bar', data: d.map(function (x) { return x.out; }), itemStyle: { color: '#e15759' } }
      ]
    });
  }
  }
})();
